//! The emulator's accept loop (`server::connections`: timeouts, connection cap, error rewriting)
//! against `axum::serve`, serving the same minimal router in one run, on the same pinned core,
//! with the load generator of `benches/load/` (`cargo bench --bench connections`; `LOAD_SECS`,
//! `LOAD_CONNS`, `LOAD_ROUNDS` override the defaults). Printed: requests per second and p99 of `GET /ping` and
//! a 300-byte `POST /echo`, and each as a ratio to `axum::serve`.

#[path = "load/generator.rs"]
mod generator;

use std::net::SocketAddr;
use std::time::Duration;

use axum::routing::{get, post};
use axum::{Json, Router};
use backendless_emulator::server::connections::{serve, ConnectionLimits};
use backendless_emulator::server::HttpService;
use generator::{get_request, post_request, run, Outcome};
use serde_json::{json, Value};
use tokio::net::TcpListener;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn router() -> Router {
    Router::new()
        .route("/ping", get(|| async { Json(json!({"ok": true})) }))
        .route("/echo", post(|Json(v): Json<Value>| async move { Json(v) }))
}

async fn start_axum() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router()).await });
    addr
}

async fn start_ours() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let service = HttpService::new(router());
    tokio::spawn(serve(
        listener,
        service,
        ConnectionLimits::default(),
        std::future::pending(),
    ));
    addr
}

fn main() {
    let secs = Duration::from_secs(env_or("LOAD_SECS", 3));
    let conns = env_or("LOAD_CONNS", 64) as usize;
    let cores = core_affinity::get_core_ids().unwrap_or_default();
    let (server_core, load_core) = match cores.as_slice() {
        [a, b, ..] => (Some(*a), Some(*b)),
        _ => (None, None),
    };
    if let Some(core) = load_core {
        core_affinity::set_for_current(core);
    }
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .on_thread_start(move || {
            if let Some(core) = server_core {
                core_affinity::set_for_current(core);
            }
        })
        .build()
        .expect("runtime");
    let load = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let body = serde_json::to_vec(&json!({"note": "x".repeat(280)})).expect("json");
    let axum_addr = server.block_on(start_axum());
    let ours_addr = server.block_on(start_ours());
    // The machine is shared: alternate the two servers and report medians.
    let rounds = env_or("LOAD_ROUNDS", 3) as usize;
    let mut results: Vec<[Outcome; 4]> = Vec::new();
    for _ in 0..rounds {
        let get = |addr| load.block_on(run(addr, vec![get_request(addr, "/ping")], conns, secs));
        let post = |addr| {
            load.block_on(run(
                addr,
                vec![post_request(addr, "/echo", &body)],
                conns,
                secs,
            ))
        };
        results.push([
            get(axum_addr),
            get(ours_addr),
            post(axum_addr),
            post(ours_addr),
        ]);
    }
    let median = |f: &dyn Fn(&[Outcome; 4]) -> f64| {
        let mut v: Vec<f64> = results.iter().map(f).collect();
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    println!(
        "connections benchmark: {conns} connections, {rounds} alternating rounds of {}s per series (medians)",
        secs.as_secs()
    );
    println!("| accept loop | GET req/s | GET p99 ms | POST req/s | POST p99 ms |");
    println!("|---|---:|---:|---:|---:|");
    println!(
        "| axum::serve | {:.0} | {:.2} | {:.0} | {:.2} |",
        median(&|r| r[0].per_second),
        median(&|r| r[0].p99_ms),
        median(&|r| r[2].per_second),
        median(&|r| r[2].p99_ms)
    );
    println!(
        "| server::connections | {:.0} ({:.0} %) | {:.2} | {:.0} ({:.0} %) | {:.2} |",
        median(&|r| r[1].per_second),
        median(&|r| r[1].per_second / r[0].per_second) * 100.0,
        median(&|r| r[1].p99_ms),
        median(&|r| r[3].per_second),
        median(&|r| r[3].per_second / r[2].per_second) * 100.0,
        median(&|r| r[3].p99_ms)
    );
    let [axum_get, ours_get, axum_post, ours_post] = results.last().expect("a round");
    for (name, o) in [
        ("axum GET", axum_get),
        ("axum POST", axum_post),
        ("ours GET", ours_get),
        ("ours POST", ours_post),
    ] {
        if o.failed > 0 || o.ok == 0 {
            println!("{name}: {} ok, {} failed answers", o.ok, o.failed);
        }
    }
}
