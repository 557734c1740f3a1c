//! placeholder
use clap::Args;
/// Fuzz args.
#[derive(Debug, Args)]
pub struct FuzzArgs {}
/// Run.
pub async fn execute(_a: FuzzArgs) -> Result<i32, String> {
    Ok(0)
}
