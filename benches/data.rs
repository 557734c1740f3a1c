//! Data Service load benchmark (a plain program: `cargo bench --bench data`, harness = false).
//!
//! Starts an in-process emulator and reports, each as a ratio to a baseline measured in the
//! same run (`GET /_emulator/health`, the cheapest round trip the server offers):
//! find by id, single create, and a where query with a sort over 100 000 objects; hostile where
//! clauses (nested subqueries, a clause that spends the whole query budget); the memory
//! of 100 000 ~1 KB objects (RSS delta of this process); and p50/p99 latency of creates
//! sustained for 10 seconds. Every loop is bounded in count and time and talks only to
//! 127.0.0.1. `BENCH_OBJECTS` and `BENCH_SUSTAIN_SECS` shrink the run for a quick check.
//!
//! Then (`state.rs`) fork, reset and in-memory snapshot of apps of 10 000 and 100 000 objects
//! (`BENCH_STATE_SIZES=10000,100000`, empty to skip), beside a plain clone of the same objects.

#[path = "data/state.rs"]
mod state;

use std::time::{Duration, Instant};

use backendless_emulator::Emulator;
use serde_json::{json, Value};

const ROUND_TRIPS: usize = 2_000;
const QUERY_RUNS: usize = 20;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The system allocator, instrumented (stats_alloc): RSS also holds freed request buffers the
/// allocator keeps, so the live-heap delta is the honest size of what the store keeps.
#[global_allocator]
static ALLOC: &stats_alloc::StatsAlloc<std::alloc::System> = &stats_alloc::INSTRUMENTED_SYSTEM;

fn live_heap() -> isize {
    let s = ALLOC.stats();
    s.bytes_allocated as isize - s.bytes_deallocated as isize
}

/// Resident set size of this process in bytes (Linux `/proc/self/statm`).
fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// A ~1 KB object: ten text fields and some numbers.
fn object(i: usize) -> Value {
    let pad = |k: usize| format!("{:0>90}", (i * 31 + k) % 1_000_003);
    json!({
        "name": format!("name-{i}"), "age": i % 97, "score": (i * 7919) % 100_000,
        "active": i.is_multiple_of(2), "f1": pad(1), "f2": pad(2), "f3": pad(3), "f4": pad(4),
        "f5": pad(5), "f6": pad(6), "f7": pad(7), "f8": pad(8), "f9": pad(9), "f10": pad(10),
    })
}

struct Timer(Vec<Duration>);

impl Timer {
    fn mean_us(&self) -> f64 {
        let total: Duration = self.0.iter().sum();
        total.as_secs_f64() * 1e6 / self.0.len().max(1) as f64
    }

    fn percentile_us(&mut self, p: f64) -> f64 {
        self.0.sort_unstable();
        let i = ((self.0.len() as f64 - 1.0) * p).round() as usize;
        self.0.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e6)
    }
}

async fn timed(n: usize, mut f: impl AsyncFnMut(usize)) -> Timer {
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let start = Instant::now();
        f(i).await;
        times.push(start.elapsed());
    }
    Timer(times)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let objects = env_usize("BENCH_OBJECTS", 100_000);
    let sustain = Duration::from_secs(env_usize("BENCH_SUSTAIN_SECS", 10) as u64);
    let emulator = Emulator::builder().start().await.expect("emulator starts");
    let http = reqwest::Client::new();
    let base = emulator.base_url().to_string();
    let app = emulator.app_url();

    let get = |url: String| {
        let http = http.clone();
        async move {
            let r = http.get(url).send().await.expect("sent");
            assert!(r.status().is_success(), "{}", r.status());
            r.bytes().await.expect("body")
        }
    };
    let post = |url: String, body: Value| {
        let http = http.clone();
        async move {
            let r = http.post(url).json(&body).send().await.expect("sent");
            let status = r.status();
            let bytes = r.bytes().await.expect("body");
            assert!(
                status.is_success(),
                "{status}: {}",
                String::from_utf8_lossy(&bytes)
            );
            bytes
        }
    };

    // Warm up connections and code paths.
    for _ in 0..200 {
        get(format!("{base}/_emulator/health")).await;
    }
    let health = async || {
        timed(ROUND_TRIPS, async |_| {
            get(format!("{base}/_emulator/health")).await;
        })
        .await
        .mean_us()
    };
    let baseline_before = health().await;

    // Empty apps: the live heap each one adds, created and deleted through the control plane.
    let empty_apps = env_usize("BENCH_EMPTY_APPS", 999);
    let heap_apps = live_heap();
    let mut made = Vec::with_capacity(empty_apps);
    for _ in 0..empty_apps {
        let bytes = post(format!("{base}/_emulator/apps"), json!({})).await;
        let app: Value = serde_json::from_slice(&bytes).expect("app");
        made.push(app["id"].as_str().expect("app id").to_string());
    }
    let made_bytes: isize = made.iter().map(|id| id.capacity() as isize + 24).sum();
    let heap_per_app = (live_heap() - heap_apps - made_bytes) as f64 / empty_apps.max(1) as f64;
    for id in &made {
        let r = http
            .delete(format!("{base}/_emulator/apps/{id}"))
            .send()
            .await
            .expect("sent");
        assert!(r.status().is_success(), "delete {id}: {}", r.status());
    }
    drop(made);

    let sizes = std::env::var("BENCH_STATE_SIZES").unwrap_or_else(|_| "10000,100000".into());
    let mut state_times = Vec::new();
    for n in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
    {
        state_times.push(state::measure(&emulator, &http, n, object).await);
    }

    // Load: 100k ~1 KB objects through bulk create (100 per request).
    let rss_before = rss_bytes().unwrap_or(0);
    let heap_before = live_heap();
    let mut ids: Vec<String> = Vec::with_capacity(objects);
    let load_start = Instant::now();
    let mut i = 0;
    while i < objects {
        let n = 100.min(objects - i);
        let batch: Vec<Value> = (i..i + n).map(object).collect();
        let bytes = post(format!("{app}/data/bulk/Item"), Value::from(batch)).await;
        let new: Vec<String> = serde_json::from_slice(&bytes).expect("ids");
        ids.extend(new);
        i += n;
    }
    let load_secs = load_start.elapsed().as_secs_f64();
    let rss_after = rss_bytes().unwrap_or(0);
    // The client's own list of ids is not the store's: leave it out of the live-heap figure.
    let ids_bytes: isize = ids.iter().map(|id| id.capacity() as isize + 24).sum();
    let heap_per_object = (live_heap() - heap_before - ids_bytes) as f64 / objects as f64;
    let per_object = rss_after.saturating_sub(rss_before) as f64 / objects as f64;

    let find_by_id = timed(ROUND_TRIPS, async |i| {
        let id = &ids[(i * 7_919) % ids.len()];
        get(format!("{app}/data/Item/{id}")).await;
    })
    .await
    .mean_us();

    let create = timed(ROUND_TRIPS, async |i| {
        post(format!("{app}/data/Other"), object(i)).await;
    })
    .await
    .mean_us();

    let query_runs = env_usize("BENCH_QUERY_RUNS", QUERY_RUNS);
    let mut query_times = timed(query_runs, async |i| {
        let where_clause = format!("age > {} and active = true", 10 + i % 20);
        let body = json!({"where": where_clause, "sortBy": "score desc, name", "pageSize": 10});
        let bytes = post(format!("{app}/data/Item/find"), body).await;
        let page: Vec<Value> = serde_json::from_slice(&bytes).expect("page");
        assert_eq!(page.len(), 10.min(objects));
    })
    .await;
    // The first run of a sort builds the kept order (`find/sort_index.rs`); later runs walk it.
    let query_cold = query_times.0.first().map_or(0.0, |d| d.as_secs_f64() * 1e6);
    let query = query_times.mean_us();
    let query_p50 = query_times.percentile_us(0.5);

    // Hostile where clauses: five nested subqueries (once per query, not per row), and a clause
    // that spends the whole default budget and ends with 1017 (its wall time is the budget's).
    let mut nested = "age >= 0".to_string();
    for _ in 0..5 {
        nested = format!("age IN (Item[{nested}].age)");
    }
    let nested_us = timed(3, async |_| {
        post(format!("{app}/data/Item/count"), json!({ "where": nested })).await;
    })
    .await
    .mean_us();
    let terms: Vec<String> = (0..3_000)
        .map(|i| format!("{} = {}", if i % 2 == 0 { "age" } else { "score" }, -1 - i))
        .collect();
    let over_budget = json!({ "where": terms.join(" OR ") });
    let budget_us = timed(3, async |_| {
        let r = http
            .post(format!("{app}/data/Item/count"))
            .json(&over_budget)
            .send()
            .await
            .expect("sent");
        let status = r.status();
        let body: Value = r.json().await.expect("body");
        // Fewer rows than the budget covers just answer the count.
        assert!(
            status.is_success() || body["code"] == 1017,
            "{status}: {body}"
        );
    })
    .await
    .mean_us();

    // The baseline is the mean of one measurement before and one after the loaded phase.
    let baseline_after = health().await;
    let baseline = (baseline_before + baseline_after) / 2.0;

    // Sustained creates into the big table for a fixed time.
    let mut sustained = Vec::new();
    let end = Instant::now() + sustain;
    let mut k = objects;
    while Instant::now() < end && sustained.len() < 1_000_000 {
        let start = Instant::now();
        post(format!("{app}/data/Item"), object(k)).await;
        sustained.push(start.elapsed());
        k += 1;
    }
    let count = sustained.len();
    let mut sustained = Timer(sustained);
    let p50 = sustained.percentile_us(0.50);
    let p99 = sustained.percentile_us(0.99);
    let max = sustained.percentile_us(1.0);

    println!("data service benchmark ({objects} objects of ~1 KB)");
    println!(
        "baseline GET /_emulator/health       {baseline:>10.1} us   1.00x   (before load {baseline_before:.1} us, after {baseline_after:.1} us)"
    );
    println!(
        "find by id                           {find_by_id:>10.1} us {:>6.2}x",
        find_by_id / baseline
    );
    println!(
        "create (POST /data/T)                {create:>10.1} us {:>6.2}x",
        create / baseline
    );
    println!(
        "where + sort over {objects} objects   {query:>10.1} us {:>6.2}x   (p50 {query_p50:.1} us, first run {query_cold:.1} us)",
        query / baseline
    );
    println!(
        "5 nested subqueries, count             {:>10.1} ms",
        nested_us / 1e3
    );
    println!(
        "3000-term OR on 2 columns (budget)     {:>10.1} ms",
        budget_us / 1e3
    );
    println!("load {objects} objects (bulk)          {load_secs:>10.2} s");
    println!("memory per object (live heap)         {heap_per_object:>10.0} B");
    println!("memory per empty app (live heap)      {heap_per_app:>10.0} B   ({empty_apps} apps)");
    println!(
        "memory per object (RSS delta)        {:>10.0} B   ({:.1} MB total)",
        per_object,
        rss_after.saturating_sub(rss_before) as f64 / 1e6
    );
    println!(
        "sustained creates {:.0} s: {count} requests, p50 {:.0} us ({:.2}x), p99 {:.0} us ({:.2}x), max {:.0} us",
        sustain.as_secs_f64(),
        p50,
        p50 / baseline,
        p99,
        p99 / baseline,
        max
    );
    for t in &state_times {
        state::print(t);
    }
    emulator.stop().await;
}
