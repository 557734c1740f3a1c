//! The `backendless-conform` binary; see the crate docs and README "Conformance".

use clap::Parser;

#[tokio::main]
async fn main() {
    let cli = backendless_conform::cli::Cli::parse();
    std::process::exit(backendless_conform::cli::execute(cli).await);
}
