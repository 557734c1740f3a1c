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
}

const fn backendless_emulator_default_login() -> &'static str {
    "developer@emulator.local"
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        // Logs go to stderr; stdout carries only the banner scripts read.
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    // Before start-up: a SIGTERM sent as soon as the port answers still stops the server cleanly.
    let shutdown = backendless_emulator::shutdown_signal();
    let mut builder = Emulator::builder()
        .host(cli.host)
        .port(cli.port)
        .developer(cli.dev_login, cli.dev_password)
        .body_limit(cli.body_limit)
        .snapshot_interval(std::time::Duration::from_secs_f64(
            cli.snapshot_interval.max(0.01),
        ));
    if let Some(dir) = cli.data_dir {
        builder = builder.data_dir(dir);
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
            &e,
        ),
        Err(e) => {
            eprintln!("backendless-emulator: {e}");
            std::process::exit(1);
        }
    };
    if cli.print_env {
        write_out(std::io::stdout().lock(), &emulator.env_lines());
        write_out(std::io::stderr().lock(), &emulator.banner());
    } else {
        write_out(std::io::stdout().lock(), &emulator.banner());
    }
    let default_app = emulator.shared().registry.default_app();
    emulator.run_until(shutdown).await;
    if let (Some(file), Some(app)) = (cli.export_on_exit, default_app) {
        let text = serde_json::to_string_pretty(&app.export()).unwrap_or_default();
        if let Err(e) = std::fs::write(&file, text) {
            eprintln!(
                "backendless-emulator: cannot export to {}: {e}",
                file.display()
            );
            std::process::exit(1);
        }
    }
}

/// An app export file as JSON.
fn read_export(file: &std::path::Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
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
