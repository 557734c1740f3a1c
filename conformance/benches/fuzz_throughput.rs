//! Throughput of `fuzz` against local in-process emulators: generated scenarios per minute, for
//! one target and for emulator-vs-emulator. Run with `cargo bench -p backendless-conform`
//! (`FUZZ_BENCH_CASES` sets the number of cases, default 1000). A measurement, not a test.

use backendless_conform::fuzz::{fuzz, FuzzOptions};
use backendless_conform::target::{Target, TargetSpec};

fn main() {
    let cases: u32 = std::env::var("FUZZ_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("no runtime: {e}");
            return;
        }
    };
    runtime.block_on(async {
        let spec = TargetSpec { url: "emulator".into(), ..TargetSpec::default() };
        let (Ok(left), Ok(right)) = (Target::connect(&spec).await, Target::connect(&spec).await) else {
            eprintln!("cannot start the emulators");
            return;
        };
        let options = FuzzOptions { seed: 1, cases, max_steps: 16, regressions: None };
        for (label, against) in [("one emulator", None), ("emulator vs emulator", Some(&right))] {
            match fuzz(&left, against, &options).await {
                Ok(o) => println!(
                    "fuzz throughput ({label}): {:.0} generated scenarios per minute ({} cases in {:.2} s{})",
                    o.per_minute(),
                    o.cases,
                    o.elapsed.as_secs_f64(),
                    if o.failure.is_some() { ", FAILED" } else { "" }
                ),
                Err(e) => eprintln!("fuzz failed to run: {e}"),
            }
        }
    });
}
