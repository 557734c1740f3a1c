//! Whole-app state operations of the data benchmark: fork, reset and in-memory snapshot of an
//! app holding `n` objects, over HTTP, beside two baselines measured in the same run: a plain
//! clone of a `Vec` of the same objects as JSON maps (what any deep copy costs), and the old
//! fork path (`import(export())` in process, JSON in between).

use std::time::{Duration, Instant};

use backendless_emulator::apps::NewApp;
use backendless_emulator::Emulator;
use serde_json::{Map, Value};

/// Timings of one app size, in milliseconds (medians of a few runs).
pub(crate) struct StateTimes {
    pub objects: usize,
    pub vec_clone: f64,
    pub export_import: f64,
    pub fork: f64,
    pub reset: f64,
    pub snapshot: f64,
    pub write_after_fork: f64,
}

fn median_ms(mut v: Vec<Duration>) -> f64 {
    v.sort_unstable();
    v.get(v.len() / 2).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

async fn send(req: reqwest::RequestBuilder) -> Value {
    let r = req.send().await.expect("sent");
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{status}: {body}");
    body
}

/// Make an app of `n` objects built by `object`, then time what its state costs to copy.
pub(crate) async fn measure(
    emulator: &Emulator,
    http: &reqwest::Client,
    n: usize,
    object: impl Fn(usize) -> Value,
) -> StateTimes {
    const RUNS: usize = 5;
    let base = emulator.base_url().to_string();
    let shared = emulator.shared();
    let app = shared
        .registry
        .create(NewApp::default())
        .expect("app created");
    let id = app.id();
    let url = format!(
        "{base}/{id}/{}",
        app.meta().key(backendless_emulator::KeyKind::Rest)
    );
    let mut rows: Vec<Map<String, Value>> = Vec::with_capacity(n);
    for start in (0..n).step_by(100) {
        let batch: Vec<Value> = (start..(start + 100).min(n)).map(&object).collect();
        rows.extend(batch.iter().filter_map(|v| v.as_object().cloned()));
        send(http.post(format!("{url}/data/bulk/Item")).json(&batch)).await;
    }

    let mut vec_clone = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let copy = std::hint::black_box(rows.clone());
        vec_clone.push(start.elapsed());
        drop(copy);
    }

    let mut export_import = Vec::new();
    let mut fork = Vec::new();
    let mut reset = Vec::new();
    let mut snapshot = Vec::new();
    let mut write_after_fork = Vec::new();
    for run in 0..RUNS {
        let scratch = shared
            .registry
            .create(NewApp::default())
            .expect("scratch app");
        let start = Instant::now();
        scratch.import(&app.export()).expect("imported");
        export_import.push(start.elapsed());
        shared.registry.delete(&scratch.id()).expect("deleted");

        let start = Instant::now();
        let forked = send(
            http.post(format!("{base}/_emulator/apps/{id}/fork"))
                .json(&Value::Null),
        )
        .await;
        fork.push(start.elapsed());
        let fork_id = forked["id"].as_str().expect("fork id").to_string();
        let fork_app = shared.app(&fork_id).expect("fork exists");
        let fork_url = format!(
            "{base}/{fork_id}/{}",
            fork_app.meta().key(backendless_emulator::KeyKind::Rest)
        );

        let start = Instant::now();
        send(
            http.post(format!("{fork_url}/data/Item"))
                .json(&object(n + run)),
        )
        .await;
        write_after_fork.push(start.elapsed());

        let start = Instant::now();
        let taken = send(http.post(format!("{base}/_emulator/apps/{fork_id}/snapshots"))).await;
        snapshot.push(start.elapsed());
        let snapshot_id = taken["snapshotId"].as_str().unwrap_or_default().to_string();
        send(http.delete(format!(
            "{base}/_emulator/apps/{fork_id}/snapshots/{snapshot_id}"
        )))
        .await;

        let start = Instant::now();
        send(http.post(format!("{base}/_emulator/apps/{fork_id}/reset"))).await;
        reset.push(start.elapsed());
        send(http.delete(format!("{base}/_emulator/apps/{fork_id}"))).await;
    }
    shared.registry.delete(&id).expect("deleted");
    StateTimes {
        objects: n,
        vec_clone: median_ms(vec_clone),
        export_import: median_ms(export_import),
        fork: median_ms(fork),
        reset: median_ms(reset),
        snapshot: median_ms(snapshot),
        write_after_fork: median_ms(write_after_fork),
    }
}

/// Print one size's line set.
pub(crate) fn print(t: &StateTimes) {
    let n = t.objects;
    println!("state of an app of {n} objects (median of 5, ms):");
    println!(
        "  baseline: clone a Vec of the {n} objects   {:>9.2} ms   1.00x",
        t.vec_clone
    );
    let line = |name: &str, ms: f64| {
        println!(
            "  {name:<40} {ms:>9.2} ms {:>6.2}x",
            ms / t.vec_clone.max(1e-6)
        )
    };
    line(
        "old fork path: import(export()) in process",
        t.export_import,
    );
    line("fork (POST /_emulator/apps/{id}/fork)", t.fork);
    line("first create in the fork", t.write_after_fork);
    line("in-memory snapshot of the fork", t.snapshot);
    line("reset of the fork", t.reset);
}
