//! `backendless-conform proxy --upstream URL --listen ADDR --out DIR`: a reverse proxy that
//! forwards every request to the upstream (method, path, query, headers and body unchanged; only
//! hop-by-hop headers and `accept-encoding` are dropped, so answers arrive readable) and records
//! what passes. A session ends after `--idle` seconds without a request, when a request names
//! another session in its `x-conform-session` header, and when the proxy stops (Ctrl-C); each is
//! written as `DIR/session-NNN.json`, an ordinary scenario ([`scenario`]), and
//! `DIR/session-NNN.transcript.jsonl`, the raw exchanges with credentials redacted. Replay with
//! `backendless-conform run --scenarios DIR --target emulator`.
//!
//! `--block-control-plane` answers `/_emulator/...` itself with a 404, so an emulator upstream
//! looks like a real Backendless app (to try the runner's rules for real apps locally).

mod apps;
pub mod scenario;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use clap::Args;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::sync::Mutex;

pub use apps::{App, Apps};
use scenario::{record, Exchange, Upstream};

use crate::scenario::KeyChoice;
use crate::target::{host_of, CONTROL_TOKEN_HEADER};

/// Largest request or answer body the proxy passes (bigger ones are refused with 413 / 502).
const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// Headers that belong to one connection, not to the request.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "upgrade",
    "te",
    "trailer",
    "host",
    "content-length",
    "accept-encoding",
];

/// `proxy` options.
#[derive(Debug, Clone, Args)]
pub struct ProxyArgs {
    /// Where requests go (a Backendless host or an emulator).
    #[arg(long)]
    pub upstream: String,
    /// Address to listen on, e.g. 127.0.0.1:9100 (port 0 = any free port).
    #[arg(long, default_value = "127.0.0.1:9100")]
    pub listen: String,
    /// Directory for the session scenarios and transcripts.
    #[arg(long)]
    pub out: PathBuf,
    /// Seconds without a request that end a session.
    #[arg(long, default_value_t = 5.0)]
    pub idle: f64,
    /// Application id of the upstream app (learnt from an emulator's control plane otherwise).
    #[arg(long, env = "BACKENDLESS_APP_ID", hide_env_values = true)]
    pub app_id: Option<String>,
    /// Its REST or JS key (so requests with it are recorded as the app's key).
    #[arg(long, env = "BACKENDLESS_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// Its Cloud Code key (requests with it are recorded with `"key": "cloudCode"`).
    #[arg(long, env = "BACKENDLESS_CLOUD_CODE_KEY", hide_env_values = true)]
    pub cloud_code_key: Option<String>,
    /// The upstream emulator's control-plane token (to learn its apps; never written).
    #[arg(
        long,
        env = "BACKENDLESS_EMULATOR_CONTROL_TOKEN",
        hide_env_values = true
    )]
    pub control_token: Option<String>,
    /// Another key of the app and its kind, js=KEY, android=, ios=, wp=, as= (repeatable), so
    /// steps sent with it are recorded with that key kind.
    #[arg(long = "key", value_name = "KIND=KEY")]
    pub keys: Vec<String>,
    /// Answer /_emulator/... with 404 instead of forwarding it.
    #[arg(long)]
    pub block_control_plane: bool,
}

struct State {
    args: ProxyArgs,
    /// The proxy's monotonic clock (exchange spans are measured from it).
    epoch: tokio::time::Instant,
    client: reqwest::Client,
    upstream: Upstream,
    apps: Mutex<Apps>,
    session: Mutex<Session>,
    written: Mutex<Vec<PathBuf>>,
}

#[derive(Default)]
struct Session {
    exchanges: Vec<Exchange>,
    name: Option<String>,
    last: Option<tokio::time::Instant>,
    next_seq: u64,
    number: usize,
}

/// A running proxy (for tests and embedding): its address, and `stop` to end it.
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<Vec<PathBuf>, String>>,
}

impl Running {
    /// Stop: write the open session; answers every file written.
    pub async fn stop(self) -> Result<Vec<PathBuf>, String> {
        let _ = self.stop.send(());
        self.task.await.map_err(|e| e.to_string())?
    }
}

/// Start the proxy; it runs until [`Running::stop`].
pub async fn start(args: ProxyArgs) -> Result<Running, String> {
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("HTTP client: {e}"))?;
    let base = args.upstream.trim_end_matches('/').to_string();
    let mut apps = Apps::default();
    let emulator = learn_apps(&client, &base, &args, &mut apps).await;
    if let Some(id) = &args.app_id {
        let mut keys: Vec<(String, KeyChoice)> = Vec::new();
        keys.extend(args.api_key.clone().map(|k| (k, KeyChoice::Rest)));
        keys.extend(
            args.cloud_code_key
                .clone()
                .map(|k| (k, KeyChoice::CloudCode)),
        );
        for pair in &args.keys {
            if let Some((kind, key)) = pair.split_once('=') {
                if let Some(choice) = KeyChoice::of_kind(kind.trim()) {
                    keys.push((key.trim().to_string(), choice));
                }
            }
        }
        apps.add(App {
            id: id.clone(),
            keys,
            ..App::default()
        });
    }
    let state = Arc::new(State {
        upstream: Upstream {
            base: base.clone(),
            host: host_of(&base),
            real: !emulator,
            control_token: args.control_token.clone(),
        },
        client,
        apps: Mutex::new(apps),
        session: Mutex::new(Session::default()),
        written: Mutex::new(Vec::new()),
        epoch: tokio::time::Instant::now(),
        args,
    });
    let (stop, stopped) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(serve(listener, state, stopped));
    Ok(Running { addr, stop, task })
}

/// `proxy`: serve until Ctrl-C, then write the open session.
pub async fn execute(args: ProxyArgs) -> Result<i32, String> {
    let upstream = host_of(&args.upstream);
    let out = args.out.clone();
    let running = start(args).await?;
    println!(
        "backendless-conform proxy on http://{} → {upstream}; sessions go to {} (Ctrl-C to stop)",
        running.addr,
        out.display()
    );
    let _ = tokio::signal::ctrl_c().await;
    let written = running.stop().await?;
    println!("wrote {} files", written.len());
    Ok(0)
}

/// The upstream's apps from its control plane; answers whether it is an emulator.
async fn learn_apps(
    client: &reqwest::Client,
    base: &str,
    args: &ProxyArgs,
    apps: &mut Apps,
) -> bool {
    let mut req = client.get(format!("{base}/_emulator/apps"));
    if let Some(t) = &args.control_token {
        req = req.header(CONTROL_TOKEN_HEADER, t);
    }
    let Ok(resp) = req.send().await else {
        return false;
    };
    if !resp.status().is_success() {
        return false;
    }
    match resp.json::<serde_json::Value>().await {
        Ok(list) if list.is_array() => {
            for app in Apps::from_control_plane(&list).all() {
                apps.add(app.clone());
            }
            true
        }
        _ => false,
    }
}

async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<State>,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) -> Result<Vec<PathBuf>, String> {
    let idle = Duration::from_secs_f64(state.args.idle.max(0.05));
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            _ = tick.tick() => {
                let expired = {
                    let s = state.session.lock().await;
                    s.last.is_some_and(|l| l.elapsed() >= idle)
                };
                if expired {
                    flush(&state).await?;
                }
            }
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let state = state.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| handle(state.clone(), req));
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        }
    }
    flush(&state).await?;
    Ok(state.written.lock().await.clone())
}

/// Write the open session (if it holds anything) and start a new one.
async fn flush(state: &State) -> Result<(), String> {
    let (exchanges, number) = {
        let mut s = state.session.lock().await;
        s.last = None;
        if s.exchanges.is_empty() {
            return Ok(());
        }
        s.number += 1;
        (std::mem::take(&mut s.exchanges), s.number)
    };
    let date = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let recording = {
        let mut apps = state.apps.lock().await;
        record(&exchanges, &mut apps, &state.upstream, &date)
    };
    let stem = state.args.out.join(format!("session-{number:03}"));
    let scenario_path = stem.with_extension("json");
    let transcript_path = stem.with_extension("transcript.jsonl");
    let text = serde_json::to_string_pretty(&recording.scenario).map_err(|e| e.to_string())?;
    std::fs::write(&scenario_path, text + "\n")
        .map_err(|e| format!("{}: {e}", scenario_path.display()))?;
    std::fs::write(&transcript_path, recording.transcript)
        .map_err(|e| format!("{}: {e}", transcript_path.display()))?;
    state
        .written
        .lock()
        .await
        .extend([scenario_path, transcript_path]);
    Ok(())
}

async fn handle(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let started = chrono::Utc::now().timestamp_millis();
    let micros = |state: &State| state.epoch.elapsed().as_micros() as u64;
    let arrived = micros(&state);
    let method = req.method().as_str().to_string();
    let target = req
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_string(), |p| p.as_str().to_string());
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .filter_map(|(k, v)| {
            Some((
                k.as_str().to_ascii_lowercase(),
                v.to_str().ok()?.to_string(),
            ))
        })
        .collect();
    let session_name = headers
        .iter()
        .find(|(k, _)| k == "x-conform-session")
        .map(|(_, v)| v.clone());
    let body = match http_body_util::Limited::new(req.into_body(), BODY_LIMIT)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(plain(
                413,
                "backendless-conform proxy: request body too large",
            ))
        }
    };
    let seq = begin(&state, session_name).await;
    if state.apps.lock().await.unknown_app(&target) {
        // A new app (the runner's throwaway app, one made by a test): learn its keys.
        let mut apps = Apps::default();
        learn_apps(&state.client, &state.upstream.base, &state.args, &mut apps).await;
        let mut known = state.apps.lock().await;
        for app in apps.all() {
            known.add(app.clone());
        }
    }
    let (status, response_headers, response_body) = if state.args.block_control_plane
        && target.starts_with("/_emulator")
    {
        let body = br#"{"message":"no emulator control plane here (backendless-conform proxy --block-control-plane)"}"#;
        (
            404,
            vec![("content-type".to_string(), "application/json".to_string())],
            body.to_vec(),
        )
    } else {
        match forward(&state, &method, &target, &headers, body.clone()).await {
            Ok(answer) => answer,
            Err(e) => return Ok(plain(502, &format!("backendless-conform proxy: {e}"))),
        }
    };
    let mut response = Response::builder().status(status);
    for (k, v) in &response_headers {
        if !HOP_BY_HOP.contains(&k.as_str()) {
            response = response.header(k, v);
        }
    }
    let exchange = Exchange {
        seq,
        started,
        span: (arrived, micros(&state)),
        method,
        target,
        request_headers: headers,
        request_body: body.to_vec(),
        status,
        response_headers,
        response_body: response_body.clone(),
    };
    let mut session = state.session.lock().await;
    session.exchanges.push(exchange);
    session.last = Some(tokio::time::Instant::now());
    drop(session);
    Ok(response
        .body(Full::new(Bytes::from(response_body)))
        .unwrap_or_else(|_| plain(502, "backendless-conform proxy: bad answer headers")))
}

/// Start an exchange: a new session when the named one changes; answers its sequence number.
async fn begin(state: &State, name: Option<String>) -> u64 {
    let changed = {
        let s = state.session.lock().await;
        name.is_some() && s.name.is_some() && s.name != name
    };
    if changed {
        let _ = flush(state).await;
    }
    let mut s = state.session.lock().await;
    if name.is_some() {
        s.name = name;
    }
    s.next_seq += 1;
    s.last = Some(tokio::time::Instant::now());
    s.next_seq
}

type Forwarded = (u16, Vec<(String, String)>, Vec<u8>);

async fn forward(
    state: &State,
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: Bytes,
) -> Result<Forwarded, String> {
    let url = format!("{}{target}", state.upstream.base);
    let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
    let mut req = state.client.request(method, url);
    for (k, v) in headers {
        if !HOP_BY_HOP.contains(&k.as_str()) && k != "x-conform-session" {
            req = req.header(k, v);
        }
    }
    let resp = req
        .body(body)
        .send()
        .await
        .map_err(|e| format!("upstream: {}", crate::target::describe_error(e)))?;
    let status = resp.status().as_u16();
    let headers = resp
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| format!("upstream answer: {}", crate::target::describe_error(e)))?;
    if bytes.len() > BODY_LIMIT {
        return Err("upstream answer too large".into());
    }
    Ok((status, headers, bytes.to_vec()))
}

fn plain(status: u16, text: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(text.to_string())));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::BAD_GATEWAY);
    response
}
