//! `backendless-emulator`: start the emulator and print how to reach the default app.

use backendless_emulator::{Emulator, StartError};
use clap::Parser;

/// An in-memory emulator of the Backendless REST API.
#[derive(Debug, Parser)]
#[command(name = "backendless-emulator", version, about)]
struct Cli {
    /// Interface to listen on.
    #[arg(long, env = "BACKENDLESS_EMULATOR_HOST", default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 = any free port).
    #[arg(long, env = "BACKENDLESS_EMULATOR_PORT", default_value_t = 9000)]
    port: u16,
    /// Pin the default app's id (default: generated).
    #[arg(long)]
    app_id: Option<String>,
    /// Pin the default app's REST and JS API key (other kinds are derived from it).
    #[arg(long)]
    api_key: Option<String>,
    /// Make ids, tokens and time deterministic.
    #[arg(long)]
    seed: Option<u64>,
    /// Console developer login.
    #[arg(long, default_value = backendless_emulator_default_login())]
    dev_login: String,
    /// Console developer password.
    #[arg(long, default_value = "emulator")]
    dev_password: String,
    /// Largest accepted request body, in bytes.
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    body_limit: usize,
    /// Keep every app's state in this directory across restarts.
    #[arg(long, env = "BACKENDLESS_EMULATOR_DATA_DIR")]
    data_dir: Option<std::path::PathBuf>,
    /// Seconds between snapshots of `--data-dir` (fractions allowed).
    #[arg(long, default_value_t = 30.0)]
    snapshot_interval: f64,
    /// Load an app export (e.g. fixtures/sample-app.json) into the default app at start.
    #[arg(long)]
    import: Option<std::path::PathBuf>,
    /// Write the default app's export to this file on exit.
    #[arg(long)]
    export_on_exit: Option<std::path::PathBuf>,
    /// Once ready, print BACKENDLESS_URL=, BACKENDLESS_APP_ID=, BACKENDLESS_API_KEY= (and the
    /// JS and Cloud Code keys) on stdout for scripts; the banner then goes to stderr.
    #[arg(long)]
    print_env: bool,
    /// Require this token on the control plane (`x-emulator-token` header, `Authorization:
    /// Bearer` or `?token=`). Generated and printed when --host is not loopback and none is given.
    #[arg(
        long,
        env = "BACKENDLESS_EMULATOR_CONTROL_TOKEN",
        hide_env_values = true
    )]
    control_token: Option<String>,
    /// Also let the control plane and console answer this Host name (repeatable; `.example.com`
    /// for a domain and its subdomains, `*` for any).
    #[arg(long = "allowed-host", value_name = "NAME")]
    allowed_hosts: Vec<String>,
    /// Most connections open at once; more are answered 503 (code 99108).
    #[arg(long, default_value_t = 512)]
    max_connections: usize,
    /// Seconds a client has to send a request head (also how long a kept-alive connection may
    /// wait for its next request).
    #[arg(long, default_value_t = 30.0)]
    header_read_timeout: f64,
    /// Seconds a connection may sit with no request being answered and no byte moving.
    #[arg(long, default_value_t = 60.0)]
    idle_timeout: f64,
    /// Seconds a request body has to arrive whole (later: 408, code 99109).
    #[arg(long, default_value_t = 60.0)]
    body_read_timeout: f64,
    /// Most apps the emulator holds (the control plane and console refuse more).
    #[arg(long, default_value_t = backendless_emulator::apps::MAX_APPS)]
    max_apps: usize,
}

const fn backendless_emulator_default_login() -> &'static str {
    "developer@emulator.local"
}

#[tokio::main]
async fn main() {
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        // Logs go to stderr; stdout carries only the banner scripts read. Colours only for a
        // terminal: a log file or CI capture must not fill with escape codes.
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    if let Some(file) = &cli.export_on_exit {
        if let Err(e) = check_writable(file) {
            fail(&format!(
                "cannot write --export-on-exit {}: {e}",
                file.display()
            ));
        }
    }
    // Before start-up: a SIGTERM sent as soon as the port answers still stops the server cleanly.
    let shutdown = backendless_emulator::shutdown_signal();
    let mut builder = Emulator::builder()
        .host(cli.host)
        .port(cli.port)
        .developer(cli.dev_login, cli.dev_password)
        .body_limit(cli.body_limit)
        .max_apps(cli.max_apps)
        .max_connections(cli.max_connections)
        .header_read_timeout(seconds(cli.header_read_timeout))
        .idle_timeout(seconds(cli.idle_timeout))
        .body_read_timeout(seconds(cli.body_read_timeout))
        .snapshot_interval(std::time::Duration::from_secs_f64(
            cli.snapshot_interval.max(0.01),
        ));
    if let Some(dir) = cli.data_dir {
        builder = builder.data_dir(dir);
    }
    if let Some(token) = cli.control_token.filter(|t| !t.is_empty()) {
        builder = builder.control_token(token);
    }
    for name in cli.allowed_hosts {
        builder = builder.allowed_host(name);
    }
    if let Some(id) = cli.app_id {
        builder = builder.app_id(id);
    }
    if let Some(key) = cli.api_key {
        builder = builder.api_key(key);
    }
    if let Some(seed) = cli.seed {
        builder = builder.seed(seed);
    }
    if let Some(file) = &cli.import {
        // Loaded before the first request is served, so a client that sees the server up sees it.
        match read_export(file) {
            Ok(export) => builder = builder.import(export),
            Err(e) => exit_cannot_import(file, &e),
        }
    }
    let emulator = match builder.start().await {
        Ok(e) => e,
        Err(StartError::Import(e)) => exit_cannot_import(
            cli.import.as_deref().unwrap_or(std::path::Path::new("")),
            &format!("{e}; {EXPORT_EXPECTED}"),
        ),
        Err(e) => fail(&e.to_string()),
    };
    if cli.print_env {
        write_out(std::io::stdout().lock(), &emulator.env_lines());
        write_out(std::io::stderr().lock(), &emulator.banner());
    } else {
        write_out(std::io::stdout().lock(), &emulator.banner());
    }
    let default_app = emulator.shared().registry.default_app();
    let mut failed = false;
    if let Err(e) = emulator.run_until(shutdown).await {
        eprintln!("backendless-emulator: {e}");
        failed = true;
    }
    if let (Some(file), Some(app)) = (cli.export_on_exit, default_app) {
        let text = serde_json::to_string_pretty(&app.export()).unwrap_or_default();
        if let Err(e) = std::fs::write(&file, text) {
            eprintln!(
                "backendless-emulator: cannot export to {}: {e}",
                file.display()
            );
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}

/// A duration from a number of seconds given on the command line (at least 10 ms).
fn seconds(value: f64) -> std::time::Duration {
    std::time::Duration::from_secs_f64(if value.is_finite() {
        value.max(0.01)
    } else {
        0.01
    })
}

/// Print why the emulator cannot go on and exit with status 1.
fn fail(message: &str) -> ! {
    eprintln!("backendless-emulator: {message}");
    std::process::exit(1);
}

/// Whether `file` can be written, checked without leaving a new file behind.
fn check_writable(file: &std::path::Path) -> Result<(), String> {
    if file.is_dir() {
        return Err("it is a directory".into());
    }
    let existed = file.exists();
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(file)
        .map_err(|e| e.to_string())?;
    if !existed {
        let _ = std::fs::remove_file(file);
    }
    Ok(())
}

/// What an `--import` file must be.
const EXPORT_EXPECTED: &str = "expected an app export: the JSON of GET /_emulator/apps/{id}/export, e.g. fixtures/sample-app.json";

/// An app export file as JSON (with the nesting bound of the emulator's own documents).
fn read_export(file: &std::path::Path) -> Result<serde_json::Value, String> {
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    let export = backendless_emulator::nesting::parse_document(&bytes)
        .map_err(|e| format!("it is not JSON ({e}); {EXPORT_EXPECTED}"))?;
    if export.get("format").is_none() || export.get("services").is_none() {
        return Err(format!(
            "it has no \"format\" and \"services\" fields; {EXPORT_EXPECTED}"
        ));
    }
    Ok(export)
}

fn exit_cannot_import(file: &std::path::Path, e: &dyn std::fmt::Display) -> ! {
    eprintln!(
        "backendless-emulator: cannot import {}: {e}",
        file.display()
    );
    std::process::exit(1);
}

/// Written without `println!` so a closed stdout (`| head -1`, a test reading only the first
/// line) never brings the server down.
fn write_out(mut out: impl std::io::Write, text: &str) {
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
