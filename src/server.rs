//! The router: which URL form reaches which service, plus the layers every request passes
//! (the control-plane [`guard`], CORS, body limit, JSON-only errors, version header, tracing).
//!
//! URL forms: `/{appId}/{apiKey}/<service path>`, `/api/<service path>` (the default app, REST
//! key), `/console/...` and `/{appId}/console/...` (developer console), `/_emulator/...` (control
//! plane). App URLs are resolved once here and the service path is handed to [`api_routes`] with an
//! [`AppCtx`] extension, so service routes never see the app prefix.

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use parking_lot::RwLock;
use tower::ServiceExt;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};

use crate::apps::{App, AppRegistry, KeyKind};
use crate::control::journal::{self, Journal};
use crate::control::snapshot_store::SnapshotStore;
use crate::ctx::BodyLimit;
use crate::error::{codes, ApiError};
use crate::services::management::ConsoleState;
use crate::services::realtime::{self, RealtimeServer};
use crate::services::{api_routes, management};

pub mod guard;

/// Settings fixed at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// Where `--data-dir` snapshots live (none = memory only).
    pub data_dir: Option<std::path::PathBuf>,
    /// How many requests the journal keeps.
    pub journal_capacity: usize,
    /// Most apps the process holds (`--max-apps`).
    pub max_apps: usize,
    /// Most in-memory snapshots per app.
    pub max_snapshots: usize,
    /// Token every control-plane route but health and the UI's files requires (`--control-token`).
    pub control_token: Option<String>,
    /// Host names the control plane and console answer besides loopback and the bound address.
    pub allowed_hosts: Vec<String>,
    /// The address the listener is bound to (set at start).
    pub bound: Option<std::net::SocketAddr>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            body_limit: 16 * 1024 * 1024,
            data_dir: None,
            journal_capacity: crate::control::journal::JOURNAL_CAPACITY,
            max_apps: crate::apps::MAX_APPS,
            max_snapshots: crate::control::snapshot_store::MAX_SNAPSHOTS_PER_APP,
            control_token: None,
            allowed_hosts: Vec::new(),
            bound: None,
        }
    }
}

/// State shared by every request: the apps, the console accounts, the configuration.
#[derive(Clone)]
pub struct Shared(Arc<Inner>);

/// What [`Shared`] points to.
pub struct Inner {
    /// Every app.
    pub registry: AppRegistry,
    /// Developer accounts and console sessions.
    pub console: ConsoleState,
    /// Start-up configuration.
    pub config: Config,
    /// Recent requests.
    pub journal: Journal,
    /// In-memory snapshots of apps.
    pub snapshots: SnapshotStore,
    /// The socket.io server of real-time clients (every app's).
    realtime: RealtimeServer,
    public_url: RwLock<String>,
    api: OnceLock<Router>,
}

impl std::ops::Deref for Shared {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("public_url", &self.public_url())
            .finish()
    }
}

impl Shared {
    /// Shared state around a registry and console accounts.
    pub fn new(registry: AppRegistry, console: ConsoleState, config: Config) -> Self {
        let journal = Journal::new(config.journal_capacity);
        registry.set_max_apps(config.max_apps);
        let snapshots = SnapshotStore::new(config.max_snapshots);
        let shared = Shared(Arc::new(Inner {
            registry,
            console,
            config,
            journal,
            snapshots,
            realtime: RealtimeServer::new(),
            public_url: RwLock::new(String::new()),
            api: OnceLock::new(),
        }));
        let api = api_routes()
            .fallback(unknown_endpoint)
            .method_not_allowed_fallback(unknown_endpoint)
            .with_state(shared.clone());
        let _ = shared.api.set(api);
        shared
    }

    /// The base URL clients reach the emulator at (`http://127.0.0.1:9000`).
    pub fn public_url(&self) -> String {
        self.public_url.read().clone()
    }

    /// Record the base URL once the listener is bound.
    pub fn set_public_url(&self, url: &str) {
        *self.public_url.write() = url.trim_end_matches('/').to_string();
    }

    /// The app with this id, or 2002.
    pub fn app(&self, id: &str) -> Result<Arc<App>, ApiError> {
        self.registry
            .app(id)
            .ok_or_else(crate::apps::wrong_app_info)
    }

    fn api(&self) -> Router {
        self.api.get().cloned().unwrap_or_default()
    }
}

/// The app a client-API request addresses, resolved from its URL.
#[derive(Clone, Debug)]
pub struct AppCtx {
    /// The app.
    pub app: Arc<App>,
    /// Which kind of key the request used.
    pub key: KeyKind,
    /// The URL prefix of the app's client API (`http://host/{appId}/{apiKey}` or `http://host/api`).
    pub root_url: String,
}

/// The complete router of the emulator.
pub fn router(shared: Shared) -> Router {
    let body_limit = shared.config.body_limit;
    let guard = guard::Guard {
        token: shared.config.control_token.clone(),
        allowed_hosts: shared.config.allowed_hosts.clone(),
        bound: shared.config.bound,
    };
    Router::new()
        .merge(crate::control::routes())
        .merge(management::routes())
        .merge(crate::services::timers::console_routes())
        .merge(crate::services::files::console_routes())
        .merge(crate::services::data::console::routes())
        .fallback(dispatch_app)
        .method_not_allowed_fallback(unknown_endpoint)
        .with_state(shared.clone())
        // Fault injection (`/_emulator/faults`, src/control/faults/): client-API requests only.
        .layer(middleware::from_fn_with_state(
            crate::control::faults::Faults::default(),
            crate::control::faults::apply,
        ))
        .layer(middleware::map_response(move |r| {
            json_errors_only(r, body_limit)
        }))
        .layer(middleware::from_fn_with_state(shared, journal::record))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::Extension(BodyLimit(body_limit)))
        .layer(cors())
        // Outside CORS, so a cross-origin preflight to the control plane is refused, not answered.
        .layer(middleware::from_fn_with_state(guard, guard::guard))
        .layer(middleware::from_fn(version_header))
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// Resolve `/{appId}/{apiKey}/...` or `/api/...` and run the client API with the rest of the path.
async fn dispatch_app(State(shared): State<Shared>, mut req: Request) -> Response {
    // Real-time: socket.io uses the engine.io path `/{appId}` with an `EIO=` query (realtime.md
    // §2), which is not an `/{appId}/{apiKey}` URL; the RT server takes it whole.
    if let Some(app_id) = realtime::engine_io_app_id(req.uri()) {
        let app = shared.registry.app(app_id);
        return shared.realtime.serve(app, req).await;
    }
    let path = req.uri().path().to_string();
    let mut parts = path.trim_start_matches('/').splitn(3, '/');
    let first = parts.next().unwrap_or("");
    let second = parts.next();
    let resolved = match (first, second) {
        ("api", _) => {
            let rest = path
                .trim_start_matches('/')
                .split_once('/')
                .map(|(_, r)| r)
                .unwrap_or("");
            // Backendless Pro form `/api/{appId}/{apiKey}/...`: used when both segments name an
            // app and one of its keys; otherwise `/api/...` is the default app's REST root.
            let mut segs = rest.splitn(3, '/');
            let pro = match (segs.next(), segs.next()) {
                (Some(app_id), Some(key)) => {
                    shared
                        .registry
                        .resolve(app_id, key)
                        .ok()
                        .map(|(app, kind)| {
                            (
                                app,
                                kind,
                                segs.next().unwrap_or("").to_string(),
                                app_id,
                                key,
                            )
                        })
                }
                _ => None,
            };
            match (pro, shared.registry.default_app()) {
                (Some((app, kind, rest, app_id, key)), _) => Ok((
                    app,
                    kind,
                    rest,
                    format!("{}/api/{app_id}/{key}", shared.public_url()),
                )),
                (None, Some(app)) => Ok((
                    app,
                    KeyKind::Rest,
                    rest.to_string(),
                    format!("{}/api", shared.public_url()),
                )),
                (None, None) => Err(crate::apps::wrong_app_info()),
            }
        }
        (app_id, Some(key)) if !app_id.is_empty() && !key.is_empty() => {
            let rest = parts.next().unwrap_or("").to_string();
            shared.registry.resolve(app_id, key).map(|(app, kind)| {
                (
                    app,
                    kind,
                    rest,
                    format!("{}/{app_id}/{key}", shared.public_url()),
                )
            })
        }
        _ => {
            return unknown_endpoint(req.method().clone(), req.uri().clone())
                .await
                .into_response()
        }
    };
    let (app, key, rest, root_url) = match resolved {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let new_uri = match req.uri().query() {
        Some(q) => format!("/{rest}?{q}"),
        None => format!("/{rest}"),
    };
    match new_uri.parse::<Uri>() {
        Ok(uri) => *req.uri_mut() = uri,
        Err(_) => {
            return ApiError::templated(codes::UNKNOWN_ENDPOINT, &[req.method().as_str(), &path])
                .into_response()
        }
    }
    req.extensions_mut().insert(AppCtx { app, key, root_url });
    match shared.api().oneshot(req).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// 99001 for any method + path no route matches.
pub async fn unknown_endpoint(method: Method, uri: Uri) -> ApiError {
    ApiError::templated(codes::UNKNOWN_ENDPOINT, &[method.as_str(), uri.path()])
}

/// Safety net: an error response that is not JSON (an extractor rejection, a 405) becomes a
/// Backendless-style error so clients never see HTML or plain text.
async fn json_errors_only(response: Response, body_limit: usize) -> Response {
    let status = response.status();
    if status.is_success() || status.is_redirection() || status.is_informational() {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if is_json {
        return response;
    }
    let (_, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let message = String::from_utf8_lossy(&text).trim().to_string();
    let error = if status == StatusCode::PAYLOAD_TOO_LARGE {
        crate::ctx::body_too_large(body_limit)
    } else {
        ApiError::templated(
            8002,
            &[if message.is_empty() {
                status.as_str()
            } else {
                &message
            }],
        )
        .with_status(if status.is_server_error() {
            StatusCode::BAD_REQUEST
        } else {
            status
        })
    };
    error.into_response()
}

/// Every response names the emulator and its version.
async fn version_header(req: Request<Body>, next: Next) -> Response {
    let mut response = next.run(req).await;
    response.headers_mut().insert(
        HeaderName::from_static("x-backendless-emulator"),
        HeaderValue::from_static(crate::VERSION),
    );
    response
}

/// CORS as Backendless answers it: any origin, the request's headers, `user-token` exposed
/// (client API only: [`guard`] strips it from the control plane and console).
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
            Method::OPTIONS,
        ])
        .allow_headers(AllowHeaders::mirror_request())
        .allow_credentials(true)
        .expose_headers([
            HeaderName::from_static("user-token"),
            HeaderName::from_static("auth-key"),
        ])
        .max_age(std::time::Duration::from_secs(86400))
}
