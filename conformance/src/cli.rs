//! The command line. Scripts depend on it exactly:
//! `backendless-conform run [--scenarios DIR] --target URL --app-id ID --api-key KEY
//! [--against URL [--against-app-id ID --against-api-key KEY]]`, plus `record`, `verify` and
//! `fuzz`. Exit code 0 only when every scenario passed and no difference was found; 1 when
//! something failed or differed; 2 when the run could not start. Credentials may come from the
//! environment and are never printed.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use rand::Rng;

use crate::report::{junit, terminal, Report};
use crate::run::{record, run_corpus, Against};
use crate::scenario::load_dir;
use crate::target::{Target, TargetSpec};

/// backendless-conform: replay, diff and shrink scenarios against the emulator or a real app.
#[derive(Debug, Parser)]
#[command(name = "backendless-conform", version)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the corpus on a target (and diff with `--against`).
    Run(RunArgs),
    /// Write the target's normalised transcripts under `--out`.
    Record(RecordArgs),
    /// Compare the target with recorded transcripts.
    Verify(VerifyArgs),
    /// Generate scenarios from a model of the API and shrink failures.
    Fuzz(crate::fuzz::FuzzArgs),
}

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
}

impl Targets {
    /// The `--target` spec.
    pub fn left(&self) -> TargetSpec {
        TargetSpec {
            url: self.target.clone(),
            app_id: self.app_id.clone(),
            api_key: self.api_key.clone(),
            cloud_code_key: self.cloud_code_key.clone(),
        }
    }

    /// The `--against` spec.
    pub fn right(&self) -> Option<TargetSpec> {
        self.against.as_ref().map(|url| TargetSpec {
            url: url.clone(),
            app_id: self.against_app_id.clone(),
            api_key: self.against_api_key.clone(),
            cloud_code_key: self.against_cloud_code_key.clone(),
        })
    }
}

/// Options shared by corpus commands.
#[derive(Debug, Clone, Args)]
pub struct CorpusArgs {
    /// Scenario directory (default: conformance/scenarios).
    #[arg(long)]
    pub scenarios: Option<PathBuf>,
    /// Only scenarios whose name contains this text.
    #[arg(long)]
    pub filter: Option<String>,
    /// Write report.json, junit.xml and coverage.md here.
    #[arg(long)]
    pub report_dir: Option<PathBuf>,
    /// List every scenario, not only failures.
    #[arg(long, short)]
    pub verbose: bool,
}

/// `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Targets.
    #[command(flatten)]
    pub targets: Targets,
    /// Corpus options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Known divergences (default: conformance/divergences.json).
    #[arg(long)]
    pub divergences: Option<PathBuf>,
}

/// `record`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// Target.
    #[command(flatten)]
    pub targets: Targets,
    /// Corpus options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Where transcripts go.
    #[arg(long, default_value = "fixtures/recorded")]
    pub out: PathBuf,
}

/// `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Target.
    #[command(flatten)]
    pub targets: Targets,
    /// Corpus options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Where the recorded transcripts are.
    #[arg(long, default_value = "fixtures/recorded")]
    pub recorded: PathBuf,
    /// Known divergences (default: conformance/divergences.json).
    #[arg(long)]
    pub divergences: Option<PathBuf>,
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

/// Connect `--target` and optional `--against`.
pub async fn connect(targets: &Targets) -> Result<(Target, Option<Target>), String> {
    let left = Target::connect(&targets.left()).await?;
    let right = match targets.right() {
        Some(spec) => Some(Target::connect(&spec).await?),
        None => None,
    };
    Ok((left, right))
}

fn load(corpus: &CorpusArgs) -> Result<Vec<crate::scenario::Scenario>, String> {
    let dir = corpus
        .scenarios
        .clone()
        .unwrap_or_else(|| default_path("conformance/scenarios"));
    let mut scenarios = load_dir(&dir).map_err(|e| e.to_string())?;
    if let Some(f) = &corpus.filter {
        scenarios.retain(|s| s.name.contains(f.as_str()));
    }
    Ok(scenarios)
}

/// Print the report and write the report files; answers the exit code.
pub fn finish(report: &Report, corpus: &CorpusArgs) -> i32 {
    print!("{}", terminal::render(report, corpus.verbose));
    if let Some(dir) = &corpus.report_dir {
        let written = std::fs::create_dir_all(dir)
            .and_then(|_| std::fs::write(dir.join("report.json"), report.to_json()))
            .and_then(|_| std::fs::write(dir.join("junit.xml"), junit::render(report)))
            .and_then(|_| std::fs::write(dir.join("coverage.md"), terminal::coverage_table(report)))
            .and_then(|_| std::fs::write(dir.join("parity.txt"), terminal::parity_table(report)));
        if let Err(e) = written {
            eprintln!("cannot write reports to {}: {e}", dir.display());
            return 2;
        }
    }
    if report.success() {
        0
    } else {
        1
    }
}

/// Run a parsed command line; answers the exit code.
pub async fn execute(cli: Cli) -> i32 {
    match run_command(cli.command).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("backendless-conform: {e}");
            2
        }
    }
}

async fn run_command(command: Command) -> Result<i32, String> {
    let today = chrono::Utc::now().date_naive();
    match command {
        Command::Run(args) => {
            let scenarios = load(&args.corpus)?;
            let divergences_path = args
                .divergences
                .clone()
                .unwrap_or_else(|| default_path("conformance/divergences.json"));
            let divergences = crate::divergences::load(&divergences_path)?;
            let (left, right) = connect(&args.targets).await?;
            let against = right.as_ref().map_or(Against::Nothing, Against::Target);
            let report = run_corpus(
                &scenarios,
                &left,
                against,
                &divergences,
                &run_token(),
                today,
            )
            .await;
            Ok(finish(&report, &args.corpus))
        }
        Command::Record(args) => {
            let scenarios = load(&args.corpus)?;
            let target = Target::connect(&args.targets.left()).await?;
            let report = record(&scenarios, &target, &args.out, &run_token()).await?;
            Ok(finish(&report, &args.corpus))
        }
        Command::Verify(args) => {
            let scenarios = load(&args.corpus)?;
            let divergences_path = args
                .divergences
                .clone()
                .unwrap_or_else(|| default_path("conformance/divergences.json"));
            let divergences = crate::divergences::load(&divergences_path)?;
            let target = Target::connect(&args.targets.left()).await?;
            let report = run_corpus(
                &scenarios,
                &target,
                Against::Recordings(&args.recorded),
                &divergences,
                &run_token(),
                today,
            )
            .await;
            Ok(finish(&report, &args.corpus))
        }
        Command::Fuzz(args) => crate::fuzz::execute(args).await,
    }
}
