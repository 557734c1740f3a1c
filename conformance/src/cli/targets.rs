//! `--target`/`--against` and their credentials, as the command line gives them, connecting and
//! closing them, the run token and the default paths.

use std::path::{Path, PathBuf};

use clap::Args;
use rand::Rng;

use crate::target::{Target, TargetSpec};

/// The target (and optional second target).
#[derive(Debug, Clone, Args)]
pub struct Targets {
    /// Base URL (the app root is URL/{appId}/{apiKey}), or `emulator` to start one in-process.
    #[arg(long)]
    pub target: String,
    /// Application id of --target.
    #[arg(long, env = "BACKENDLESS_APP_ID", hide_env_values = true)]
    pub app_id: Option<String>,
    /// REST API key of --target.
    #[arg(long, env = "BACKENDLESS_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// Cloud Code (BL) key of --target, for steps that need it (read from an emulator's control plane when absent).
    #[arg(long, env = "BACKENDLESS_CLOUD_CODE_KEY", hide_env_values = true)]
    pub cloud_code_key: Option<String>,
    /// A second target: every step runs on both and the normalised results are diffed.
    #[arg(long)]
    pub against: Option<String>,
    /// Application id of --against.
    #[arg(long, env = "BACKENDLESS_AGAINST_APP_ID", hide_env_values = true)]
    pub against_app_id: Option<String>,
    /// REST API key of --against.
    #[arg(long, env = "BACKENDLESS_AGAINST_API_KEY", hide_env_values = true)]
    pub against_api_key: Option<String>,
    /// Cloud Code key of --against.
    #[arg(
        long,
        env = "BACKENDLESS_AGAINST_CLOUD_CODE_KEY",
        hide_env_values = true
    )]
    pub against_cloud_code_key: Option<String>,
    /// The emulator's control-plane token (sent as x-emulator-token on every control-plane call).
    #[arg(
        long,
        env = "BACKENDLESS_EMULATOR_CONTROL_TOKEN",
        hide_env_values = true
    )]
    pub control_token: Option<String>,
    /// Control-plane token of --against (default: --control-token).
    #[arg(
        long,
        env = "BACKENDLESS_AGAINST_CONTROL_TOKEN",
        hide_env_values = true
    )]
    pub against_control_token: Option<String>,
    /// Also run what is refused on targets the runner did not start: the control plane and
    /// destructive routes (deleting apps, tables or what the run did not create, app-wide
    /// settings, resetting or re-clocking every app).
    #[arg(long)]
    pub allow_destructive: bool,
    /// At most this many requests per second to each target.
    #[arg(long, value_name = "N")]
    pub rate: Option<f64>,
    /// Another key of --target's app, for steps recorded with it: js=KEY, android=, ios=, wp=,
    /// as= (repeatable; read from the control plane on emulators).
    #[arg(long = "key", value_name = "KIND=KEY")]
    pub keys: Vec<String>,
    /// Another key of --against's app (like --key).
    #[arg(long = "against-key", value_name = "KIND=KEY")]
    pub against_keys: Vec<String>,
}

/// `KIND=KEY` pairs as a map (kinds upper-cased; a pair without `=` is left out).
fn key_map(pairs: &[String]) -> std::collections::BTreeMap<String, String> {
    pairs
        .iter()
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_ascii_uppercase(), v.trim().to_string()))
        .collect()
}

impl Targets {
    /// The `--target` spec for the run token `run`.
    pub fn left(&self, run: &str) -> TargetSpec {
        TargetSpec {
            url: self.target.clone(),
            app_id: self.app_id.clone(),
            api_key: self.api_key.clone(),
            cloud_code_key: self.cloud_code_key.clone(),
            control_token: self.control_token.clone(),
            run: run.to_string(),
            allow_destructive: self.allow_destructive,
            rate: self.rate,
            keys: key_map(&self.keys),
        }
    }

    /// The `--against` spec for the run token `run`.
    pub fn right(&self, run: &str) -> Option<TargetSpec> {
        self.against.as_ref().map(|url| TargetSpec {
            url: url.clone(),
            app_id: self.against_app_id.clone(),
            api_key: self.against_api_key.clone(),
            cloud_code_key: self.against_cloud_code_key.clone(),
            control_token: self
                .against_control_token
                .clone()
                .or_else(|| self.control_token.clone()),
            run: run.to_string(),
            allow_destructive: self.allow_destructive,
            rate: self.rate,
            keys: key_map(&self.against_keys),
        })
    }
}

/// A path relative to the crate when the working directory lacks it (cargo runs tests from
/// the crate directory, scripts from the repository root).
pub fn default_path(rel_to_root: &str) -> PathBuf {
    let here = PathBuf::from(rel_to_root);
    if here.exists() {
        return here;
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(rel_to_root)
}

/// A fresh run token: lower-case letters and digits, unique enough for names on a shared app.
pub fn run_token() -> String {
    let mut rng = rand::thread_rng();
    let chars: String = (0..6)
        .map(|_| {
            let i = rng.gen_range(0..36u8);
            char::from(if i < 10 { b'0' + i } else { b'a' + i - 10 })
        })
        .collect();
    format!("c{chars}")
}

/// Connect `--target` and optional `--against` for the run token `run`.
pub async fn connect(targets: &Targets, run: &str) -> Result<(Target, Option<Target>), String> {
    let left = Target::connect(&targets.left(run)).await?;
    let right = match targets.right(run) {
        Some(spec) => match Target::connect(&spec).await {
            Ok(t) => Some(t),
            Err(e) => {
                close(&left, None).await;
                return Err(e);
            }
        },
        None => None,
    };
    Ok((left, right))
}

/// Undo what connecting made (throwaway apps); a failure is printed, never fatal.
pub async fn close(left: &Target, right: Option<&Target>) {
    for t in std::iter::once(left).chain(right) {
        if let Err(e) = t.close().await {
            eprintln!("backendless-conform: {e}");
        }
    }
}
