//! `backendless-emulator`: start the emulator and print how to reach the default app.

use backendless_emulator::{Emulator, KeyKind};
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
        .init();
    let cli = Cli::parse();
    let mut builder = Emulator::builder()
        .host(cli.host)
        .port(cli.port)
        .developer(cli.dev_login, cli.dev_password)
        .body_limit(cli.body_limit);
    if let Some(id) = cli.app_id {
        builder = builder.app_id(id);
    }
    if let Some(key) = cli.api_key {
        builder = builder.api_key(key);
    }
    if let Some(seed) = cli.seed {
        builder = builder.seed(seed);
    }
    let emulator = match builder.start().await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("backendless-emulator: {e}");
            std::process::exit(1);
        }
    };
    print_banner(&emulator);
    emulator.run_until_signal().await;
}

fn print_banner(e: &Emulator) {
    println!(
        "backendless-emulator {} listening on {}",
        backendless_emulator::VERSION,
        e.base_url()
    );
    println!("default app id : {}", e.app_id());
    for kind in KeyKind::ALL {
        println!("{:<15}: {}", format!("{} key", kind.as_str()), e.key(kind));
    }
    println!("client API     : {}", e.app_url());
    println!("also served at : {}/api", e.base_url());
    let (login, password) = e.developer();
    println!(
        "console        : {}/console (developer {login} / {password})",
        e.base_url()
    );
    println!("control plane  : {}/_emulator/health", e.base_url());
}
