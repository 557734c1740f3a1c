//! The command line. Scripts depend on it exactly:
//! `backendless-conform run [--scenarios DIR] --target URL --app-id ID --api-key KEY
//! [--against URL [--against-app-id ID --against-api-key KEY]]`, plus `record`, `verify` and
//! `fuzz`. Exit code 0 only when every scenario passed and no difference was found; 1 when
//! something failed or differed; 2 when the run could not start (unreachable target, rejected
//! credentials, bad arguments); 130 when Ctrl-C stopped it (after its teardown). Credentials may
//! come from the environment and are never printed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod report;
pub mod targets;

use crate::cancel::Cancel;
use crate::report::{junit, terminal, Report};
use crate::run::{record, run_corpus_until, Against};
use crate::scenario::load_dir;
use crate::target::Target;
use report::update_provenance;
pub use report::{ParityArgs, ReportCommand};
pub use targets::Targets;
use targets::{close, connect, default_path, run_token};

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
    /// Record real traffic: a reverse proxy that writes each session as a scenario.
    Proxy(crate::proxy::ProxyArgs),
    /// Pages made from the reports of earlier runs.
    Report {
        /// Which page.
        #[command(subcommand)]
        page: ReportCommand,
    },
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
    /// Print every request the run would send (credentials as placeholders) and send none
    /// (except one GET /_emulator/health to learn what the target is).
    #[arg(long)]
    pub dry_run: bool,
    /// Mark every scenario that passed on a real Backendless target as validated there today
    /// (its file's provenance becomes {"validated": DATE, "host": HOST}).
    #[arg(long)]
    pub update_provenance: bool,
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
    if report.summary.interrupted {
        130
    } else if report.success() {
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
    let run = run_token();
    match command {
        Command::Run(args) => {
            let scenarios = load(&args.corpus)?;
            if args.dry_run {
                let plan = crate::dryrun::plan(&scenarios, &args.targets, &run).await?;
                print!("{plan}");
                return Ok(0);
            }
            let divergences = load_divergences(args.divergences.as_ref())?;
            let cancel = Cancel::on_ctrl_c();
            let (left, right) = connect(&args.targets, &run).await?;
            let any_real = std::iter::once(&left)
                .chain(right.as_ref())
                .any(|t| t.kind == crate::target::Kind::Real);
            if args.update_provenance && !any_real {
                close(&left, right.as_ref()).await;
                return Err(
                    "--update-provenance needs a real Backendless target (this run has only emulators)"
                        .into(),
                );
            }
            let against = right.as_ref().map_or(Against::Nothing, Against::Target);
            let report = run_corpus_until(
                &scenarios,
                &left,
                against,
                &divergences,
                &run,
                today,
                &cancel,
            )
            .await;
            close(&left, right.as_ref()).await;
            let code = finish(&report, &args.corpus);
            if args.update_provenance {
                let mut real = vec![&left];
                real.extend(right.as_ref());
                real.retain(|t| t.kind == crate::target::Kind::Real);
                let updated = update_provenance(&scenarios, &report, &real, today)?;
                println!(
                    "provenance: {updated} scenarios marked validated on {}",
                    real[0].label
                );
            }
            Ok(code)
        }
        Command::Record(args) => {
            let scenarios = load(&args.corpus)?;
            let target = Target::connect(&args.targets.left(&run)).await?;
            let report = record(&scenarios, &target, &args.out, &run).await;
            close(&target, None).await;
            Ok(finish(&report?, &args.corpus))
        }
        Command::Verify(args) => {
            let scenarios = load(&args.corpus)?;
            let divergences = load_divergences(args.divergences.as_ref())?;
            let cancel = Cancel::on_ctrl_c();
            let target = Target::connect(&args.targets.left(&run)).await?;
            let report = run_corpus_until(
                &scenarios,
                &target,
                Against::Recordings(&args.recorded),
                &divergences,
                &run,
                today,
                &cancel,
            )
            .await;
            close(&target, None).await;
            Ok(finish(&report, &args.corpus))
        }
        Command::Fuzz(args) => crate::fuzz::execute(args).await,
        Command::Proxy(args) => crate::proxy::execute(args).await,
        Command::Report {
            page: ReportCommand::Parity(args),
        } => report::parity(&args),
    }
}

fn load_divergences(path: Option<&PathBuf>) -> Result<Vec<crate::divergences::Divergence>, String> {
    let path = path
        .cloned()
        .unwrap_or_else(|| default_path("conformance/divergences.json"));
    crate::divergences::load(&path)
}
