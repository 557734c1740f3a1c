//! Load script: fork, in-memory snapshot, disk snapshot and reset of an app holding 10k objects,
//! with a `GET /_emulator/health` request as the baseline measured in the same run
//! (`cargo bench --bench control`).

use std::time::{Duration, Instant};

use backendless_emulator::Emulator;
use serde_json::{json, Value};

const OBJECTS: usize = 10_000;
const ROUNDS: u32 = 5;

async fn time<F, Fut>(rounds: u32, mut f: F) -> Duration
where
    F: FnMut(u32) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut best = Duration::MAX;
    for i in 0..rounds {
        let start = Instant::now();
        f(i).await;
        best = best.min(start.elapsed());
    }
    best
}

async fn fill(http: &reqwest::Client, root: &str) {
    for batch in 0..OBJECTS / 100 {
        let items: Vec<Value> = (0..100)
            .map(|i| json!({"name": format!("item-{batch}-{i}"), "n": batch * 100 + i, "note": "x".repeat(200)}))
            .collect();
        let r = http
            .post(format!("{root}/data/bulk/Item"))
            .json(&items)
            .send()
            .await
            .expect("bulk");
        assert!(r.status().is_success(), "bulk create failed");
    }
}

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("bl-emu-bench-{}", std::process::id()));
    let emulator = Emulator::builder()
        .data_dir(&dir)
        .start()
        .await
        .expect("emulator");
    let base = emulator.base_url().to_string();
    let app = emulator.app_id().to_string();
    let http = reqwest::Client::new();
    fill(&http, &emulator.app_url()).await;

    let health = time(200, |_| {
        let (http, url) = (http.clone(), format!("{base}/_emulator/health"));
        async move {
            http.get(url).send().await.expect("health");
        }
    })
    .await;
    let post = |path: String| {
        let (http, url) = (http.clone(), format!("{base}{path}"));
        async move {
            let r = http
                .post(url)
                .json(&json!({}))
                .send()
                .await
                .expect("request");
            assert!(
                r.status().is_success(),
                "{}",
                r.text().await.unwrap_or_default()
            );
        }
    };
    let disk = time(ROUNDS, |_| post("/_emulator/snapshot".to_string())).await;
    let size = std::fs::metadata(dir.join("state.json"))
        .map(|m| m.len())
        .unwrap_or(0);
    let snapshot = time(ROUNDS, |_| post(format!("/_emulator/apps/{app}/snapshots"))).await;
    let fork = time(ROUNDS, |i| {
        post(format!("/_emulator/apps/{app}/fork?round={i}"))
    })
    .await;
    // Each round resets a different full fork, so every measured reset drops 10k objects.
    let forks: Vec<String> = http
        .get(format!("{base}/_emulator/apps"))
        .send()
        .await
        .expect("apps")
        .json::<Vec<Value>>()
        .await
        .expect("json")
        .into_iter()
        .filter_map(|a| a["id"].as_str().map(str::to_string))
        .filter(|id| *id != app)
        .collect();
    let reset = time(forks.len() as u32, |i| {
        post(format!("/_emulator/apps/{}/reset", forks[i as usize]))
    })
    .await;

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let ratio = |d: Duration| d.as_secs_f64() / health.as_secs_f64();
    println!("app with {OBJECTS} objects (~300 B each); best of {ROUNDS} rounds");
    println!("health (baseline)      {:>9.3} ms   1x", ms(health));
    println!(
        "disk snapshot          {:>9.3} ms   {:.0}x   ({} KiB state.json)",
        ms(disk),
        ratio(disk),
        size / 1024
    );
    println!(
        "in-memory snapshot     {:>9.3} ms   {:.0}x",
        ms(snapshot),
        ratio(snapshot)
    );
    println!(
        "fork                   {:>9.3} ms   {:.0}x",
        ms(fork),
        ratio(fork)
    );
    println!(
        "reset                  {:>9.3} ms   {:.0}x",
        ms(reset),
        ratio(reset)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
