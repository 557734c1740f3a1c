//! `fuzz`: property-based generation. A proptest strategy draws operation sequences over a model
//! of the API (users, logins right and wrong, sessions, objects with typed fields, where clauses,
//! counters, hive keys, files: each family only when every target offers it). [`model`] turns a
//! sequence into a scenario whose expectations are the model's predictions; it runs on the
//! target(s) like any scenario, so a case fails when (a) the targets disagree after
//! normalisation or (b) an invariant breaks on one target (saved is found, counts match, deleted
//! is gone, no 5xx). Proptest then shrinks the sequence; the smallest failing one is saved as an
//! ordinary scenario under `conformance/regressions/` that `run` replays on either target. The
//! same seed draws the same sequences.

pub mod model;
pub mod ops;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::Args;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

use crate::cli::targets::{close, connect, default_path, run_token, Targets};
use crate::report::{terminal, Report};
use crate::run::{run_corpus, Against};
use crate::scenario::Scenario;
use crate::target::Target;
use ops::{Families, Op};

/// `fuzz` options.
#[derive(Debug, Args)]
pub struct FuzzArgs {
    /// Targets.
    #[command(flatten)]
    pub targets: Targets,
    /// Seed of the generator: the same seed draws the same sequences.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Number of generated sequences.
    #[arg(long, default_value_t = 100)]
    pub cases: u32,
    /// Longest generated sequence.
    #[arg(long, default_value_t = 16)]
    pub max_steps: usize,
    /// Where a shrunk failure is saved (default: conformance/regressions).
    #[arg(long)]
    pub regressions: Option<PathBuf>,
    /// Print the throughput (generated scenarios per minute) when done.
    #[arg(long)]
    pub bench: bool,
}

/// Fuzzing options once the targets are connected.
#[derive(Debug, Clone)]
pub struct FuzzOptions {
    /// Generator seed.
    pub seed: u64,
    /// Sequences to generate.
    pub cases: u32,
    /// Longest sequence.
    pub max_steps: usize,
    /// Where to save the shrunk failure (`None` = do not save).
    pub regressions: Option<PathBuf>,
}

/// What a fuzz run found.
#[derive(Debug)]
pub struct FuzzOutcome {
    /// Generated sequences that ran (shrinking runs excluded).
    pub cases: usize,
    /// Every run, shrinking included.
    pub runs: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// The shrunk failing sequence, its scenario and its report.
    pub failure: Option<Failure>,
}

/// A shrunk failure.
#[derive(Debug)]
pub struct Failure {
    /// The minimal sequence.
    pub ops: Vec<Op>,
    /// Its scenario.
    pub scenario: Scenario,
    /// The report of its last run.
    pub report: String,
    /// Where it was saved.
    pub saved: Option<PathBuf>,
}

impl FuzzOutcome {
    /// Generated scenarios per minute.
    pub fn per_minute(&self) -> f64 {
        self.cases as f64 * 60.0 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// The families every target offers.
pub fn families(targets: &[&Target]) -> Families {
    let all = |s: &str| targets.iter().all(|t| t.capabilities.contains(s));
    Families {
        data: all("data") && all("where"),
        counters: all("counters"),
        hive: all("hive"),
        files: all("files"),
    }
}

fn seed_bytes(seed: u64) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(
            &(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)).to_le_bytes(),
        );
    }
    bytes
}

/// The sequences a seed draws (no target involved): proves determinism.
pub fn draw(seed: u64, families: Families, max_steps: usize, n: usize) -> Vec<Vec<Op>> {
    use proptest::strategy::{Strategy, ValueTree};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(seed)),
    );
    let strategy = ops::sequence(families, max_steps);
    (0..n)
        .filter_map(|_| strategy.new_tree(&mut runner).ok().map(|t| t.current()))
        .collect()
}

/// Run one sequence on the target(s); `Err` carries the terminal report of a failure.
async fn run_case(ops: &[Op], left: &Target, right: Option<&Target>) -> Result<(), String> {
    for t in std::iter::once(left).chain(right) {
        if t.has_control_plane() {
            t.reset().await?;
        }
    }
    let mut scenario = model::scenario_of(ops, String::new());
    scenario.name = "fuzz/generated".into();
    let against = right.map_or(Against::Nothing, Against::Target);
    let today = chrono::Utc::now().date_naive();
    let report: Report = run_corpus(
        std::slice::from_ref(&scenario),
        left,
        against,
        &[],
        // The target's run token starts every case's, so its guard knows what the case made.
        &format!("{}{}", left.run(), run_token()),
        today,
    )
    .await;
    if report.success() {
        Ok(())
    } else {
        Err(terminal::render(&report, false))
    }
}

/// Generate, run and shrink. Must be called from a multi-threaded tokio runtime.
pub async fn fuzz(
    left: &Target,
    right: Option<&Target>,
    options: &FuzzOptions,
) -> Result<FuzzOutcome, String> {
    let mut fams: Vec<&Target> = vec![left];
    fams.extend(right);
    let families = families(&fams);
    let handle = tokio::runtime::Handle::current();
    let started = Instant::now();
    let cases = AtomicUsize::new(0);
    let runs = AtomicUsize::new(0);
    let shrinking = std::sync::atomic::AtomicBool::new(false);
    let last_report = Mutex::new(String::new());
    let progress = crate::progress::Progress::new("cases", u64::from(options.cases));
    let result = tokio::task::block_in_place(|| {
        let mut config = Config::with_cases(options.cases);
        config.failure_persistence = None;
        config.max_shrink_iters = 4096;
        config.max_global_rejects = options.cases.saturating_mul(4);
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(options.seed));
        let mut runner = TestRunner::new_with_rng(config, rng);
        runner.run(&ops::sequence(families, options.max_steps), |ops| {
            runs.fetch_add(1, Ordering::Relaxed);
            if !shrinking.load(Ordering::Relaxed) {
                let case = cases.fetch_add(1, Ordering::Relaxed) + 1;
                progress.step(&format!("case {case}: {} operations", ops.len()));
            }
            match handle.block_on(run_case(&ops, left, right)) {
                Ok(()) => Ok(()),
                Err(report) => {
                    shrinking.store(true, Ordering::Relaxed);
                    if let Ok(mut last) = last_report.lock() {
                        *last = report.clone();
                    }
                    Err(TestCaseError::fail(report))
                }
            }
        })
    });
    let elapsed = started.elapsed();
    drop(progress);
    let failure = match result {
        Ok(()) => None,
        Err(TestError::Abort(why)) => return Err(format!("fuzzing aborted: {why}")),
        Err(TestError::Fail(_, ops)) => {
            // Re-run the minimal sequence so its report (not the last shrink attempt's) is shown.
            let report = match run_case(&ops, left, right).await {
                Err(r) => r,
                Ok(()) => last_report.lock().map(|r| r.clone()).unwrap_or_default(),
            };
            let description = format!(
                "Found by `backendless-conform fuzz --seed {}` and shrunk to {} operations. First failure:\n{}",
                options.seed,
                ops.len(),
                report.lines().filter(|l| l.starts_with("  ")).take(6).collect::<Vec<_>>().join("\n")
            );
            let scenario = model::scenario_of(&ops, description);
            let saved = match &options.regressions {
                Some(dir) => Some(save(dir, options.seed, &scenario)?),
                None => None,
            };
            Some(Failure {
                ops,
                scenario,
                report,
                saved,
            })
        }
    };
    Ok(FuzzOutcome {
        cases: cases.load(Ordering::Relaxed),
        runs: runs.load(Ordering::Relaxed),
        elapsed,
        failure,
    })
}

fn save(dir: &std::path::Path, seed: u64, scenario: &Scenario) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("fuzz-seed-{seed}.json"));
    let text = serde_json::to_string_pretty(scenario).map_err(|e| e.to_string())?;
    std::fs::write(&path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// The `fuzz` command.
pub async fn execute(args: FuzzArgs) -> Result<i32, String> {
    let (left, right) = connect(&args.targets, &run_token()).await?;
    let result = fuzz_connected(&args, &left, right.as_ref()).await;
    close(&left, right.as_ref()).await;
    result
}

async fn fuzz_connected(
    args: &FuzzArgs,
    left: &Target,
    right: Option<&Target>,
) -> Result<i32, String> {
    let options = FuzzOptions {
        seed: args.seed,
        cases: args.cases,
        max_steps: args.max_steps,
        regressions: Some(
            args.regressions
                .clone()
                .unwrap_or_else(|| default_path("conformance/regressions")),
        ),
    };
    let outcome = fuzz(left, right, &options).await?;
    let mut fams = vec![left];
    fams.extend(right);
    println!("families: {:?}", families(&fams));
    match &outcome.failure {
        None => println!(
            "fuzz: {} generated scenarios passed (seed {})",
            outcome.cases, args.seed
        ),
        Some(f) => {
            print!("{}", f.report);
            println!(
                "fuzz: failure shrunk to {} operations ({} steps) after {} runs",
                f.ops.len(),
                f.scenario.steps.len(),
                outcome.runs
            );
            if let Some(p) = &f.saved {
                println!(
                    "saved as {} (replay: backendless-conform run --scenarios {} ...)",
                    p.display(),
                    p.parent()
                        .map_or(String::new(), |d| d.display().to_string())
                );
            }
        }
    }
    if args.bench {
        println!(
            "throughput: {:.0} generated scenarios per minute ({} cases in {:.2}s)",
            outcome.per_minute(),
            outcome.cases,
            outcome.elapsed.as_secs_f64()
        );
    }
    Ok(if outcome.failure.is_none() { 0 } else { 1 })
}
