//! [`Emulator`]: start a server in-process (tests, the conformance runner, `main`).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::apps::developers::ConsoleState;
use crate::apps::Shared;
use crate::apps::{AppRegistry, Determinism, KeyKind, NewApp};
use crate::control::Control;
use crate::ids::{derive_seed, IdGen};
use crate::persistence::{self, DataDir};
use crate::server::{service, Config};

mod address;
mod errors;
mod saving;
mod signal;

use address::{is_loopback, shown_host};
pub use errors::{StartError, StopError};
use saving::{lock_data_dir, save_final, save_periodically};
pub use signal::shutdown_signal;

/// Default developer account of the console.
pub(crate) const DEFAULT_DEV_LOGIN: &str = "developer@emulator.local";
/// Default developer password of the console.
pub(crate) const DEFAULT_DEV_PASSWORD: &str = "emulator";

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
    import: Option<serde_json::Value>,
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
            import: None,
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
    /// Load an app export into the default app before the first request is served.
    pub fn import(mut self, export: serde_json::Value) -> Self {
        self.import = Some(export);
        self
    }
    /// How many requests the journal keeps.
    pub fn journal_capacity(mut self, entries: usize) -> Self {
        self.config.journal_capacity = entries;
        self
    }
    /// Units of work one where clause may spend before it fails with 1017 (default
    /// [`crate::query::DEFAULT_BUDGET`]): rows visited × conditions evaluated, subqueries and
    /// relation joins included.
    pub fn query_budget(mut self, units: u64) -> Self {
        self.config.query_budget = units;
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
    /// Require this token on every control-plane route except health and the UI's files.
    pub fn control_token(mut self, token: impl Into<String>) -> Self {
        self.config.control_token = Some(token.into());
        self
    }
    /// Also answer control-plane and console requests whose `Host` is this name (`.domain`
    /// for a domain and its subdomains, `*` for any).
    pub fn allowed_host(mut self, name: impl Into<String>) -> Self {
        self.config.allowed_hosts.push(name.into());
        self
    }

    /// Time a client has to send a complete request head (default 30 s); also how long a
    /// kept-alive connection may wait for its next request.
    pub fn header_read_timeout(mut self, limit: std::time::Duration) -> Self {
        self.config.connections.header_read_timeout = limit;
        self
    }
    /// Close a connection with no request being answered and no byte moving for this long
    /// (default 60 s).
    pub fn idle_timeout(mut self, limit: std::time::Duration) -> Self {
        self.config.connections.idle_timeout = limit;
        self
    }
    /// Time a request body has to arrive whole (default 60 s); later it fails with 99109.
    pub fn body_read_timeout(mut self, limit: std::time::Duration) -> Self {
        self.config.connections.body_read_timeout = limit;
        self
    }
    /// Most connections open at once (default 512); more are answered 99108 (HTTP 503).
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.config.connections.max_connections = connections.max(1);
        self
    }

    /// Bind, create the default app, and serve in the background.
    pub async fn start(self) -> Result<Emulator, StartError> {
        let lock = match &self.config.data_dir {
            Some(dir) => Some(lock_data_dir(dir).await?),
            None => None,
        };
        let shown_addr = if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        };
        let listener = TcpListener::bind((self.host.as_str(), self.port))
            .await
            .map_err(|e| StartError::Bind(shown_addr.clone(), e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| StartError::Bind(shown_addr.clone(), e))?;
        let mut config = self.config;
        config.bound = Some(addr);
        let beyond_loopback = !is_loopback(&self.host);
        let generated_token =
            (beyond_loopback && config.control_token.is_none()).then(|| IdGen::random().guid());
        if generated_token.is_some() {
            config.control_token = generated_token.clone();
        }
        if beyond_loopback {
            tracing::warn!(
                "listening on {addr}, beyond loopback: every host that can reach it can use the client API and the console; the control plane requires the control token"
            );
        }
        let registry = AppRegistry::new(
            Determinism { seed: self.seed },
            Arc::new(crate::services::catalogue()),
        );
        registry.set_max_apps(config.max_apps);
        if let Some(dir) = &config.data_dir {
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
        if let Some(export) = &self.import {
            app.import(export).map_err(StartError::Import)?;
        }
        let console_ids = match self.seed {
            Some(s) => IdGen::seeded(derive_seed(s, "console")),
            None => IdGen::random(),
        };
        let console = ConsoleState::new(&self.dev_login, &self.dev_password, console_ids);
        let shared = Shared::new(registry, console);
        shared.set_query_budget(config.query_budget);
        let data_dir = match (config.data_dir.clone(), lock) {
            (Some(dir), Some(lock)) => Some(Arc::new(DataDir::locked(dir, lock))),
            (Some(dir), None) => Some(Arc::new(DataDir::new(dir))),
            _ => None,
        };
        let control = Control::new(shared.clone(), config.journal_capacity, data_dir.clone())
            .with_snapshot_limit(config.max_snapshots);
        let base_url = format!("http://{}:{}", shown_host(&self.host), addr.port());
        shared.set_public_url(&base_url);
        if let Some(data_dir) = &data_dir {
            if let Err(e) = data_dir.describe_holder(&base_url) {
                tracing::warn!(
                    "cannot name the holder in {}: {e}",
                    data_dir.path().display()
                );
            }
        }
        let control_token = config.control_token.clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let service = service(&control, &config);
        let limits = config.connections;
        let journal = control.journal.clone();
        let server = tokio::spawn(async move {
            crate::server::connections::serve(listener, service, limits, async move {
                let _ = stopped.await;
                // Live journal streams never end by themselves; the graceful stop waits for them.
                journal.close();
            })
            .await;
        });
        let mut background = Vec::new();
        if shared.registry.determinism().seed.is_none() {
            background.push(tokio::spawn(crate::scheduler::run(
                shared.clone(),
                std::time::Duration::from_secs(1),
            )));
        }
        if let Some(data_dir) = &data_dir {
            background.push(tokio::spawn(save_periodically(
                shared.clone(),
                data_dir.clone(),
                self.snapshot_every,
            )));
        }
        let meta = app.meta();
        Ok(Emulator {
            base_url,
            addr,
            app_id: meta.id.clone(),
            keys: meta.keys.iter().map(|k| (k.kind, k.key.clone())).collect(),
            developer: (self.dev_login, self.dev_password),
            control_token,
            token_generated: generated_token.is_some(),
            shared,
            data_dir,
            running: Some(Running {
                stop,
                server,
                background,
            }),
        })
    }
}

/// The tasks of a running emulator.
struct Running {
    stop: oneshot::Sender<()>,
    server: tokio::task::JoinHandle<()>,
    /// The scheduler and the periodic saver: they hold the state, and end with the server.
    background: Vec<tokio::task::JoinHandle<()>>,
}

/// A running emulator; dropping it stops the server.
pub struct Emulator {
    base_url: String,
    addr: SocketAddr,
    app_id: String,
    keys: BTreeMap<KeyKind, String>,
    developer: (String, String),
    control_token: Option<String>,
    token_generated: bool,
    shared: Shared,
    data_dir: Option<Arc<DataDir>>,
    running: Option<Running>,
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

    /// The token the control plane requires, if any (given, or generated when listening beyond
    /// loopback without one).
    pub fn control_token(&self) -> Option<&str> {
        self.control_token.as_deref()
    }

    /// Whether [`Emulator::control_token`] was generated at start rather than given.
    pub fn control_token_generated(&self) -> bool {
        self.token_generated
    }

    /// Process-wide state, for in-process inspection.
    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    /// Stop serving: wait for open connections to close, stop the background tasks, write the
    /// final `data_dir` snapshot. Once this returns, nothing of the emulator is left running and
    /// its state is freed (unless the caller still holds a part of it). A failed final save is
    /// logged; [`Emulator::shutdown`] reports it.
    pub async fn stop(self) {
        if let Err(e) = self.shutdown().await {
            tracing::error!("{e}");
        }
    }

    /// [`Emulator::stop`], reporting whether the final `data_dir` snapshot was written.
    pub async fn shutdown(mut self) -> Result<(), StopError> {
        let Some(running) = self.running.take() else {
            return Ok(());
        };
        let _ = running.stop.send(());
        let _ = running.server.await;
        for task in running.background {
            task.abort();
            let _ = task.await;
        }
        let (shared, data_dir) = (self.shared.clone(), self.data_dir.clone());
        tokio::task::spawn_blocking(move || save_final(&shared, data_dir.as_deref()))
            .await
            .map_err(|e| StopError(format!("final snapshot task failed: {e}")))?
    }

    /// Serve until the process is interrupted (Ctrl-C / SIGTERM), then [`Emulator::shutdown`].
    pub async fn run_until_signal(self) -> Result<(), StopError> {
        self.run_until(shutdown_signal()).await
    }

    /// Serve until `shutdown` completes (e.g. a [`shutdown_signal`] made before start-up), then
    /// [`Emulator::shutdown`].
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()>,
    ) -> Result<(), StopError> {
        shutdown.await;
        self.shutdown().await
    }
}

impl Drop for Emulator {
    /// Stop without waiting: the server closes its connections in the background, but the final
    /// `data_dir` snapshot is written here, before `drop` returns, so an emulator started next on
    /// the same directory loads it, and nothing of this one writes there afterwards.
    fn drop(&mut self) {
        let Some(running) = self.running.take() else {
            return;
        };
        let _ = running.stop.send(());
        for task in running.background {
            task.abort();
        }
        if let Err(e) = save_final(&self.shared, self.data_dir.as_deref()) {
            tracing::error!("{e}");
        }
    }
}
