//! Load benchmark: the emulator against a bare hyper server, one run, same machine
//! (`cargo bench --bench load`; `LOAD_SECS`, `LOAD_CONNS`, `LOAD_RECORDS` override the defaults).
//!
//! Each server runs on a one-worker runtime pinned to the first core; the load generator (a small
//! keep-alive HTTP/1.1 client that writes pre-built requests, like wrk) runs on a current-thread
//! runtime pinned to the second. Printed: requests per second and p99 latency of a GET by id and a
//! create, each as a ratio to the bare server's GET and JSON echo, start-up time, and resident
//! memory per stored object.

#[path = "load/generator.rs"]
mod generator;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use backendless_emulator::Emulator;
use bytes::Bytes;
use generator::{get_request, post_request, run, Outcome};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::runtime::Runtime;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A runtime whose threads (the worker and the blocking pool) all run on `core`.
fn pinned_runtime(core: Option<core_affinity::CoreId>, workers: usize) -> Runtime {
    let mut builder = if workers == 0 {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(workers);
        b
    };
    builder
        .enable_all()
        .on_thread_start(move || {
            if let Some(core) = core {
                core_affinity::set_for_current(core);
            }
        })
        .build()
        .expect("runtime")
}

/// The baseline: hyper alone, `GET /ping` answers a fixed JSON, `POST /echo` parses the JSON body
/// and writes it back.
async fn start_bare() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(bare_handler);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

async fn bare_handler(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let body = if req.method() == hyper::Method::POST {
        let bytes = req
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Bytes::from(serde_json::to_vec(&value).unwrap_or_default())
    } else {
        Bytes::from_static(br#"{"ok":true}"#)
    };
    let mut response = Response::new(Full::new(body));
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

const CITIES: [&str; 4] = ["Lisbon", "Oslo", "Quito", "Hanoi"];

/// A `Person` of about 260 bytes of JSON.
fn person(i: u64) -> Value {
    json!({
        "name": format!("Person number {i}"),
        "email": format!("person{i}@example.com"),
        "age": 20 + i % 50,
        "city": CITIES[(i % 4) as usize],
        "active": i.is_multiple_of(3),
        "bio": "Likes long walks on the beach, strong coffee and well-tested code; plays chess on weekends and keeps a small garden of tomatoes.",
    })
}

/// A create body of about 300 bytes.
fn create_body(i: u64) -> Vec<u8> {
    let mut v = person(i);
    v["note"] = json!("Created by the load benchmark.");
    serde_json::to_vec(&v).expect("json")
}

fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map(|pages| pages * 4096)
        .unwrap_or(0)
}

fn ratio(a: &Outcome, b: &Outcome) -> f64 {
    a.per_second / b.per_second
}

fn main() {
    let secs = Duration::from_secs(env_or("LOAD_SECS", 10));
    let conns = env_or("LOAD_CONNS", 64) as usize;
    let records = env_or("LOAD_RECORDS", 1_000);
    let cores = core_affinity::get_core_ids().unwrap_or_default();
    let (server_core, load_core) = match cores.as_slice() {
        [a, b, ..] => (Some(*a), Some(*b)),
        _ => {
            eprintln!("fewer than 2 cores: server and load generator are not pinned");
            (None, None)
        }
    };
    if let Some(core) = load_core {
        core_affinity::set_for_current(core);
    }
    let server = pinned_runtime(server_core, 1);
    let load = pinned_runtime(load_core, 0);

    // Baseline first, on the same core and with the same generator.
    let started = Instant::now();
    let bare = server.block_on(start_bare());
    let bare_start = started.elapsed();
    let echo_body = create_body(0);
    let bare_get = load.block_on(run(bare, vec![get_request(bare, "/ping")], conns, secs));
    let bare_post = load.block_on(run(
        bare,
        vec![post_request(bare, "/echo", &echo_body)],
        conns,
        secs,
    ));

    let started = Instant::now();
    let emulator = server
        .block_on(Emulator::builder().start())
        .expect("emulator starts");
    let emulator_start = started.elapsed();
    let addr = emulator.addr();
    let root = format!("/{}/{}", emulator.app_id(), emulator.api_key());
    let ids = load.block_on(preload(emulator.app_url(), records));
    let rss_ready = resident_bytes();
    let gets = ids
        .iter()
        .map(|id| get_request(addr, &format!("{root}/data/Person/{id}")))
        .collect();
    let emu_get = load.block_on(run(addr, gets, conns, secs));
    let creates = (0..256)
        .map(|i| post_request(addr, &format!("{root}/data/Person"), &create_body(i)))
        .collect();
    let emu_post = load.block_on(run(addr, creates, conns, secs));
    let rss_after = resident_bytes();
    server.block_on(emulator.stop());

    println!(
        "load benchmark: {conns} connections, {}s per series, {records} preloaded records",
        secs.as_secs()
    );
    println!("| target | GET req/s | GET p99 ms | create req/s | create p99 ms | start ms |");
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| bare hyper (GET /ping; POST JSON echo) | {:.0} | {:.2} | {:.0} | {:.2} | {:.1} |",
        bare_get.per_second,
        bare_get.p99_ms,
        bare_post.per_second,
        bare_post.p99_ms,
        bare_start.as_secs_f64() * 1e3
    );
    println!(
        "| emulator (GET by id; create) | {:.0} ({:.0} %) | {:.2} | {:.0} ({:.0} %) | {:.2} | {:.1} |",
        emu_get.per_second,
        ratio(&emu_get, &bare_get) * 100.0,
        emu_get.p99_ms,
        emu_post.per_second,
        ratio(&emu_post, &bare_post) * 100.0,
        emu_post.p99_ms,
        emulator_start.as_secs_f64() * 1e3
    );
    let stored = emu_post.ok.max(1);
    println!(
        "emulator RSS: {:.1} MB ready (after {records} records) -> {:.1} MB after {} creates: {:.0} B per stored object",
        rss_ready as f64 / 1e6,
        rss_after as f64 / 1e6,
        emu_post.ok,
        rss_after.saturating_sub(rss_ready) as f64 / stored as f64
    );
    for (name, o) in [
        ("bare GET", &bare_get),
        ("bare POST", &bare_post),
        ("emulator GET", &emu_get),
        ("emulator create", &emu_post),
    ] {
        if o.failed > 0 {
            println!("{name}: {} failed answers", o.failed);
        }
    }
}

/// Store `n` `Person` records; their ids.
async fn preload(app_url: String, n: u64) -> Vec<String> {
    let http = reqwest::Client::new();
    let mut ids = Vec::new();
    for chunk in (0..n).collect::<Vec<_>>().chunks(100) {
        let objects: Vec<Value> = chunk.iter().map(|i| person(*i)).collect();
        let created: Vec<String> = http
            .post(format!("{app_url}/data/bulk/Person"))
            .json(&objects)
            .send()
            .await
            .expect("bulk create")
            .json()
            .await
            .expect("ids");
        ids.extend(created);
    }
    ids
}
