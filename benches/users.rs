//! Load script: login and find-by-id throughput of the emulator, as ratios to a bare axum route
//! measured in the same run on the same machine (`cargo bench --bench users`).

use std::time::{Duration, Instant};

use axum::routing::get;
use axum::{Json, Router};
use backendless_emulator::Emulator;
use serde_json::{json, Value};

const CLIENTS: usize = 8;
const WINDOW: Duration = Duration::from_secs(3);

/// Requests per second of `make_request` issued by `CLIENTS` concurrent loops for `WINDOW`.
async fn throughput<F, Fut>(make_request: F) -> f64
where
    F: Fn(reqwest::Client) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .expect("client");
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (client, make) = (client.clone(), make_request.clone());
        tasks.push(tokio::spawn(async move {
            let mut done = 0u64;
            while start.elapsed() < WINDOW {
                assert!(make(client.clone()).await, "request failed");
                done += 1;
            }
            done
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.expect("task");
    }
    total as f64 / start.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    // Baseline: the same HTTP stack with a route that does nothing but answer JSON.
    let bare = Router::new().route("/ping", get(|| async { Json(json!({"ok": true})) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let bare_url = format!("http://{}/ping", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, bare).await });

    let emulator = Emulator::builder().start().await.expect("emulator");
    let root = emulator.app_url();
    let http = reqwest::Client::new();
    for i in 0..100 {
        let body = json!({"email": format!("u{i}@bench.io"), "password": "pw", "age": i});
        http.post(format!("{root}/users/register"))
            .json(&body)
            .send()
            .await
            .expect("register");
    }
    let user: Value = http
        .post(format!("{root}/users/login"))
        .json(&json!({"login": "u1@bench.io", "password": "pw"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    let id = user["objectId"].as_str().expect("id").to_string();

    let baseline = throughput(move |c| {
        let url = bare_url.clone();
        async move {
            c.get(url)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
        }
    })
    .await;
    // Multiple logins on, so concurrent logins of one account all succeed.
    let app = emulator
        .shared()
        .registry
        .app(emulator.app_id())
        .expect("app");
    app.settings.write().login.enable_multiple_logins = true;
    let login_url = format!("{root}/users/login");
    let login = throughput(move |c| {
        let url = login_url.clone();
        async move {
            let i = rand_index();
            let body = json!({"login": format!("u{i}@bench.io"), "password": "pw"});
            c.post(url)
                .json(&body)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
        }
    })
    .await;
    let find_url = format!("{root}/data/Users/{id}");
    let find = throughput(move |c| {
        let url = find_url.clone();
        async move {
            c.get(url)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
        }
    })
    .await;

    println!("clients: {CLIENTS}, window: {WINDOW:?} each");
    println!("bare axum route : {baseline:>9.0} req/s  (1.00)");
    println!(
        "login           : {login:>9.0} req/s  ({:.2} of bare)",
        login / baseline
    );
    println!(
        "find user by id : {find:>9.0} req/s  ({:.2} of bare)",
        find / baseline
    );
}

fn rand_index() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(7, Ordering::Relaxed) % 100
}
