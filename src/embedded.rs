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
    /// The export given to [`EmulatorBuilder::import`] was refused.
    Import(crate::ApiError),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Bind(e) => write!(f, "cannot listen: {e}"),
            StartError::DefaultApp(e) => write!(f, "cannot create the default app: {e}"),
            StartError::Snapshot(e) => write!(f, "{e}"),
            StartError::Import(e) => write!(f, "cannot import the export: {e}"),
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
        if let Some(export) = &self.import {
            app.import(export).map_err(StartError::Import)?;
        }
        let console_ids = match self.seed {
            Some(s) => IdGen::seeded(derive_seed(s, "console")),
            None => IdGen::random(),
        };
        let console = ConsoleState::new(&self.dev_login, &self.dev_password, console_ids);
        let shared = Shared::new(registry, console);
        shared.set_query_budget(self.config.query_budget);
        let data_dir = self
            .config
            .data_dir
            .clone()
            .map(|dir| Arc::new(DataDir::new(dir)));
        let control = Control::new(
            shared.clone(),
            self.config.journal_capacity,
            data_dir.clone(),
        );
        let shown_host = if self.host == "0.0.0.0" {
            "127.0.0.1"
        } else {
            self.host.as_str()
        };
        let base_url = format!("http://{shown_host}:{}", addr.port());
        shared.set_public_url(&base_url);
        let (stop, stopped) = oneshot::channel::<()>();
        let service = axum::ServiceExt::<axum::extract::Request>::into_make_service(service(
            &control,
            &self.config,
        ));
        let journal = control.journal.clone();
        let server = tokio::spawn(async move {
            let serving = axum::serve(listener, service).with_graceful_shutdown(async move {
                let _ = stopped.await;
                // Live journal streams never end by themselves; graceful shutdown waits for them.
                journal.close();
            });
            if let Err(e) = serving.await {
                tracing::error!("server stopped: {e}");
            }
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

    /// Process-wide state, for in-process inspection.
    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    /// Stop serving: wait for open connections to close, stop the background tasks, write the
    /// final `data_dir` snapshot. Once this returns, nothing of the emulator is left running and
    /// its state is freed (unless the caller still holds a part of it).
    pub async fn stop(mut self) {
        let Some(running) = self.running.take() else {
            return;
        };
        let _ = running.stop.send(());
        let _ = running.server.await;
        for task in running.background {
            task.abort();
            let _ = task.await;
        }
        let (shared, data_dir) = (self.shared.clone(), self.data_dir.clone());
        let saved =
            tokio::task::spawn_blocking(move || save_final(&shared, data_dir.as_deref())).await;
        if let Err(e) = saved {
            tracing::error!("final snapshot task failed: {e}");
        }
    }

    /// Serve until the process is interrupted (Ctrl-C / SIGTERM), then [`Emulator::stop`].
    pub async fn run_until_signal(self) {
        self.run_until(shutdown_signal()).await;
    }

    /// Serve until `shutdown` completes (e.g. a [`shutdown_signal`] made before start-up), then
    /// [`Emulator::stop`].
    pub async fn run_until(self, shutdown: impl std::future::Future<Output = ()>) {
        shutdown.await;
        self.stop().await;
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
        save_final(&self.shared, self.data_dir.as_deref());
    }
}

fn save_final(shared: &Shared, data_dir: Option<&DataDir>) {
    if let Some(data_dir) = data_dir {
        if let Err(e) = data_dir.save_final(&shared.registry) {
            tracing::error!(
                "final snapshot to {} failed: {e}",
                data_dir.path().display()
            );
        }
    }
}

/// Write the snapshot every `every`, until aborted.
async fn save_periodically(shared: Shared, data_dir: Arc<DataDir>, every: std::time::Duration) {
    let mut ticker = tokio::time::interval(every.max(std::time::Duration::from_millis(10)));
    ticker.tick().await;
    loop {
        ticker.tick().await;
        let (s, d) = (shared.clone(), data_dir.clone());
        let saved = tokio::task::spawn_blocking(move || d.save(&s.registry)).await;
        match saved {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!("snapshot failed: {e}"),
            Err(e) => tracing::error!("snapshot task failed: {e}"),
        }
    }
}

/// Completes on Ctrl-C or SIGTERM. The SIGTERM handler is installed when this is called, not when
/// it is first polled: made before start-up, it catches a SIGTERM sent while the server starts
/// (which would otherwise kill the process without its final snapshot).
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let handlers = {
        use tokio::signal::unix::{signal, SignalKind};
        signal(SignalKind::terminate()).and_then(|t| Ok((t, signal(SignalKind::interrupt())?)))
    };
    async move {
        #[cfg(unix)]
        if let Ok((mut term, mut interrupt)) = handlers {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}
