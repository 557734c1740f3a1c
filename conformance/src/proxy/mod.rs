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
mod captures;
mod forward;
pub mod scenario;
mod transcript;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::sync::Mutex;

pub use apps::{App, Apps};
use forward::handle;
use scenario::{record, Upstream};
use transcript::Exchange;

use crate::scenario::KeyChoice;
use crate::target::{host_of, CONTROL_TOKEN_HEADER};

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

/// What every connection of a running proxy shares.
pub(crate) struct State {
    args: ProxyArgs,
    /// The proxy's monotonic clock (exchange spans are measured from it).
    epoch: tokio::time::Instant,
    client: reqwest::Client,
    upstream: Upstream,
    apps: Mutex<Apps>,
    session: Mutex<Session>,
    written: Mutex<Vec<PathBuf>>,
}

/// The open session: its exchanges so far, its name and when the last request came.
#[derive(Default)]
pub(crate) struct Session {
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
pub(crate) async fn learn_apps(
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
pub(crate) async fn flush(state: &State) -> Result<(), String> {
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
