//! Counter increments per second over HTTP against an in-process emulator, with N concurrent
//! clients, next to a trivial `GET /_emulator/health` baseline measured in the same run.
//!
//! `cargo bench --bench counters` (env `BENCH_CLIENTS`, default 16; `BENCH_REQUESTS` per client
//! per round, default 500; `BENCH_ROUNDS`, default 3). Each kind runs in alternating rounds and
//! the median round is reported, so a noisy neighbour on a shared machine skews both alike.
//! Traffic goes only to the emulator on 127.0.0.1 and every loop is bounded.

use std::time::{Duration, Instant};

use backendless_emulator::Emulator;
use reqwest::{Client, Method};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&v| v > 0)
        .unwrap_or(default)
}

/// One measured round: requests per second and per-request latencies.
struct Round {
    per_second: f64,
    latencies: Vec<Duration>,
}

/// `clients` tasks each send `requests` requests of `method url` on their own connection.
async fn round(method: Method, url: &str, clients: usize, requests: usize) -> Round {
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let url = url.to_string();
        let method = method.clone();
        tasks.push(tokio::spawn(async move {
            let http = Client::new();
            let mut latencies = Vec::with_capacity(requests);
            for _ in 0..requests {
                let t = Instant::now();
                let resp = http
                    .request(method.clone(), &url)
                    .send()
                    .await
                    .expect("request sent");
                assert!(resp.status().is_success(), "{} {}", resp.status(), url);
                resp.bytes().await.expect("body read");
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut latencies = Vec::with_capacity(clients * requests);
    for task in tasks {
        latencies.extend(task.await.expect("client task"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    Round {
        per_second: (clients * requests) as f64 / elapsed,
        latencies,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i].as_secs_f64() * 1e6
}

fn median(mut rounds: Vec<Round>) -> Round {
    rounds.sort_by(|a, b| a.per_second.total_cmp(&b.per_second));
    let mid = rounds.len() / 2;
    rounds.swap_remove(mid)
}

fn report(label: &str, r: &Round) {
    println!(
        "  {label:<34} {:>9.0} req/s   p50 {:>6.0} µs   p99 {:>6.0} µs",
        r.per_second,
        percentile(&r.latencies, 0.50),
        percentile(&r.latencies, 0.99)
    );
}

fn main() {
    let clients = env_or("BENCH_CLIENTS", 16);
    let requests = env_or("BENCH_REQUESTS", 500);
    let rounds = env_or("BENCH_ROUNDS", 3);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let emulator = Emulator::builder().start().await.expect("emulator starts");
        let health = format!("{}/_emulator/health", emulator.base_url());
        let counter = format!("{}/counters/bench/increment/get", emulator.app_url());

        // Warm-up: connections, allocator, first-touch of the counter.
        round(Method::GET, &health, clients, 50).await;
        round(Method::PUT, &counter, clients, 50).await;

        let (mut health_rounds, mut counter_rounds) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            health_rounds.push(round(Method::GET, &health, clients, requests).await);
            counter_rounds.push(round(Method::PUT, &counter, clients, requests).await);
        }

        let expected = (clients * 50 + rounds * clients * requests) as i64;
        let http = Client::new();
        let total: i64 = http
            .get(format!("{}/counters/bench", emulator.app_url()))
            .send()
            .await
            .expect("request sent")
            .json()
            .await
            .expect("a bare number");
        assert_eq!(total, expected, "every increment counted exactly once");

        let (h, c) = (median(health_rounds), median(counter_rounds));
        println!(
            "counters bench: {clients} concurrent clients x {requests} requests, median of {rounds} rounds"
        );
        report("GET /_emulator/health (baseline)", &h);
        report("PUT /counters/{name}/increment/get", &c);
        println!(
            "  counter / baseline throughput ratio: {:.2}  (final counter value {total} = expected)",
            c.per_second / h.per_second
        );
        emulator.stop().await;
    });
}
