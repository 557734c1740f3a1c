//! [`Emulator`]: start a server in-process (tests, the conformance runner, `main`).

use std::collections::BTreeMap;
use std::net::SocketAddr;

use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::apps::{AppRegistry, Determinism, KeyKind, NewApp};
use crate::ids::{derive_seed, IdGen};
use crate::persistence;
use crate::server::{router, Config, Shared};
use crate::services::management::ConsoleState;

/// Default developer account of the console.
pub const DEFAULT_DEV_LOGIN: &str = "developer@emulator.local";
/// Default developer password of the console.
pub const DEFAULT_DEV_PASSWORD: &str = "emulator";

/// Why an emulator could not start.
#[derive(Debug)]
pub enum StartError {
    /// The address could not be bound.
    Bind(std::io::Error),
    /// The default app could not be created (a pinned id or key is invalid).
    DefaultApp(crate::ApiError),
    /// The `data_dir` snapshot is unreadable, corrupt or too new.
    Snapshot(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Bind(e) => write!(f, "cannot listen: {e}"),
            StartError::DefaultApp(e) => write!(f, "cannot create the default app: {e}"),
            StartError::Snapshot(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Options for [`Emulator`].
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    host: String,
    port: u16,
    seed: Option<u64>,
    app_id: Option<String>,
    api_key: Option<String>,
    dev_login: String,
    dev_password: String,
    config: Config,
    snapshot_every: std::time::Duration,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder {
            host: "127.0.0.1".into(),
            port: 0,
            seed: None,
            app_id: None,
            api_key: None,
            dev_login: DEFAULT_DEV_LOGIN.into(),
            dev_password: DEFAULT_DEV_PASSWORD.into(),
            config: Config::default(),
            snapshot_every: std::time::Duration::from_secs(30),
        }
    }
}

impl EmulatorBuilder {
    /// Interface to listen on (default 127.0.0.1).
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }
    /// Port to listen on (default 0 = any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }
    /// Deterministic ids, tokens and time.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }
    /// Pin the default app's id.
    pub fn app_id(mut self, id: impl Into<String>) -> Self {
        self.app_id = Some(id.into());
        self
    }
    /// Pin the default app's REST/JS key.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }
    /// The console developer account.
    pub fn developer(mut self, login: impl Into<String>, password: impl Into<String>) -> Self {
        self.dev_login = login.into();
        self.dev_password = password.into();
        self
    }
    /// Largest accepted request body in bytes.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.config.body_limit = bytes;
        self
    }
    /// Keep every app's state in `dir` (loaded at start, saved on an interval and at stop).
    pub fn data_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.config.data_dir = Some(dir.into());
        self
    }
    /// How often the `data_dir` snapshot is written (default 30 s).
    pub fn snapshot_interval(mut self, every: std::time::Duration) -> Self {
        self.snapshot_every = every;
        self
    }
    /// How many requests the journal keeps.
    pub fn journal_capacity(mut self, entries: usize) -> Self {
        self.config.journal_capacity = entries;
        self
    }
    /// Most apps the emulator holds (default [`crate::apps::MAX_APPS`]).
    pub fn max_apps(mut self, apps: usize) -> Self {
        self.config.max_apps = apps;
        self
    }
    /// Most in-memory snapshots per app (default 16).
    pub fn max_snapshots(mut self, per_app: usize) -> Self {
        self.config.max_snapshots = per_app;
        self
    }

    /// Bind, create the default app, and serve in the background.
    pub async fn start(self) -> Result<Emulator, StartError> {
        let listener = TcpListener::bind((self.host.as_str(), self.port))
            .await
            .map_err(StartError::Bind)?;
        let addr = listener.local_addr().map_err(StartError::Bind)?;
        let registry = AppRegistry::new(Determinism { seed: self.seed });
        if let Some(dir) = &self.config.data_dir {
            let loaded = persistence::load(dir).map_err(|e| StartError::Snapshot(e.to_string()))?;
            if let Some(snapshot) = loaded {
                persistence::restore(&registry, &snapshot).map_err(|e| {
                    StartError::Snapshot(format!("cannot restore {}: {e}", dir.display()))
                })?;
            }
        }
        let app = match registry.default_app() {
            Some(app) => app,
            None => registry
                .create(NewApp {
                    name: Some("default".into()),
                    id: self.app_id,
                    api_key: self.api_key,
                })
                .map_err(StartError::DefaultApp)?,
        };
        let console_ids = match self.seed {
            Some(s) => IdGen::seeded(derive_seed(s, "console")),
            None => IdGen::random(),
        };
        let console = ConsoleState::new(&self.dev_login, &self.dev_password, console_ids);
        let shared = Shared::new(registry, console, self.config);
        let shown_host = if self.host == "0.0.0.0" {
            "127.0.0.1"
        } else {
            self.host.as_str()
        };
        let base_url = format!("http://{shown_host}:{}", addr.port());
        shared.set_public_url(&base_url);
        let (stop, stopped) = oneshot::channel::<()>();
        let service = router(shared.clone());
        let persist = shared.clone();
        let every = self.snapshot_every;
        let task = tokio::spawn(async move {
            let scheduler = persist.registry.determinism().seed.is_none().then(|| {
                tokio::spawn(crate::scheduler::run(
                    persist.clone(),
                    std::time::Duration::from_secs(1),
                ))
            });
            let saver = persist.config.data_dir.clone().map(|dir| {
                let shared = persist.clone();
                tokio::spawn(async move { save_periodically(shared, dir, every).await })
            });
            let _ = axum::serve(listener, service)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Some(saver) = saver {
                saver.abort();
            }
            if let Some(scheduler) = scheduler {
                scheduler.abort();
            }
            if let Some(dir) = persist.config.data_dir.clone() {
                let shared = persist.clone();
                let saved =
                    tokio::task::spawn_blocking(move || persistence::save(&shared.registry, &dir))
                        .await;
                if let Ok(Err(e)) = saved {
                    tracing::error!("final snapshot failed: {e}");
                }
            }
        });
        let meta = app.meta();
        Ok(Emulator {
            base_url,
            addr,
            app_id: meta.id.clone(),
            keys: meta.keys.iter().map(|k| (k.kind, k.key.clone())).collect(),
            developer: (self.dev_login, self.dev_password),
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// A running emulator; dropping it stops the server.
pub struct Emulator {
    base_url: String,
    addr: SocketAddr,
    app_id: String,
    keys: BTreeMap<KeyKind, String>,
    developer: (String, String),
    shared: Shared,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Emulator {
    /// Options for a new emulator.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The default app's id.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The default app's key of a kind.
    pub fn key(&self, kind: KeyKind) -> &str {
        self.keys.get(&kind).map(String::as_str).unwrap_or("")
    }

    /// The default app's REST key.
    pub fn api_key(&self) -> &str {
        self.key(KeyKind::Rest)
    }

    /// `base_url/{appId}/{restKey}`: the client-API root of the default app.
    pub fn app_url(&self) -> String {
        format!("{}/{}/{}", self.base_url, self.app_id, self.api_key())
    }

    /// The console developer account (login, password).
    pub fn developer(&self) -> (&str, &str) {
        (&self.developer.0, &self.developer.1)
    }

    /// Process-wide state, for in-process inspection.
    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    /// Stop serving and wait for the server task to end.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Serve until the process is interrupted (Ctrl-C / SIGTERM).
    pub async fn run_until_signal(mut self) {
        wait_for_signal().await;
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Write the snapshot every `every`, until aborted.
async fn save_periodically(shared: Shared, dir: std::path::PathBuf, every: std::time::Duration) {
    let mut ticker = tokio::time::interval(every.max(std::time::Duration::from_millis(10)));
    ticker.tick().await;
    loop {
        ticker.tick().await;
        let (s, d) = (shared.clone(), dir.clone());
        match tokio::task::spawn_blocking(move || persistence::save(&s.registry, &d)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!("snapshot to {} failed: {e}", dir.display()),
            Err(e) => tracing::error!("snapshot task failed: {e}"),
        }
    }
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
