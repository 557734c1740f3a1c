//! The router: which URL form reaches which service, plus the layers every request passes
//! (the control-plane [`guard`], CORS, body limit, JSON-only errors, version header, tracing).
//!
//! URL forms: `/{appId}/{apiKey}/<service path>`, `/api/<service path>` (the default app, REST
//! key), `/console/...` and `/{appId}/console/...` (developer console), `/_emulator/...` (control
//! plane), told apart by [`AppUrl::parse`]. App URLs are resolved before routing and the service
//! path is routed under [`CLIENT_API`] with an [`AppCtx`] extension, so service routes never see
//! the app prefix.

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::util::BoxCloneSyncService;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};

use crate::apps::{AppCtx, Shared};
use crate::apps::{AppUrl, CLIENT_API};
use crate::control::{journal, Control};
use crate::error::{ApiError, Code};
use crate::extract::{unknown_endpoint, RequestLimits};
use crate::services::realtime::RealtimeServer;
use crate::services::{api_routes, management};

pub mod connections;
mod drained_body;
pub mod guard;
mod timed_body;
mod wire;

/// Settings fixed at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// Where `--data-dir` snapshots live (none = memory only).
    pub data_dir: Option<std::path::PathBuf>,
    /// How many requests the journal keeps.
    pub journal_capacity: usize,
    /// Units of work one where clause may spend (rows visited × conditions evaluated).
    pub query_budget: u64,
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
    /// Timeouts and the cap on open connections.
    pub connections: connections::ConnectionLimits,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            body_limit: 16 * 1024 * 1024,
            data_dir: None,
            journal_capacity: crate::control::journal::JOURNAL_CAPACITY,
            query_budget: crate::query::DEFAULT_BUDGET,
            max_apps: crate::apps::MAX_APPS,
            max_snapshots: crate::control::snapshot_store::MAX_SNAPSHOTS_PER_APP,
            control_token: None,
            allowed_hosts: Vec::new(),
            bound: None,
            connections: connections::ConnectionLimits::default(),
        }
    }
}

/// The emulator's HTTP service: one router, and in front of it the layers every request passes.
///
/// The URL form is resolved before routing ([`resolve_app`]), so the client API is routed once,
/// under [`CLIENT_API`], with an [`AppCtx`] extension; service routes never see the app prefix.
pub fn service(control: &Control, config: &Config) -> HttpService {
    let shared = control.shared.clone();
    let body_limit = config.body_limit;
    let guard = guard::Guard {
        token: config.control_token.clone(),
        allowed_hosts: config.allowed_hosts.clone(),
        bound: config.bound,
    };
    let client_api = api_routes()
        .fallback(unknown_endpoint)
        .method_not_allowed_fallback(unknown_endpoint);
    // Every console route; an operation the app's owner denied a team member is refused, and a
    // successful change to an app is recorded in its audit log.
    let console = Router::new()
        .merge(management::routes())
        .merge(crate::services::timers::console_routes())
        .merge(crate::services::files::console_routes())
        .merge(crate::services::counters::console::console_routes())
        .merge(crate::services::cache::console::console_routes())
        .merge(crate::services::hive::console::console_routes())
        .merge(crate::services::messaging::console::console_routes())
        .merge(crate::services::custom::console::console_routes())
        .merge(crate::services::data::console::routes())
        .merge(crate::services::users::console::routes())
        .route_layer(middleware::from_fn_with_state(
            shared.clone(),
            management::dev_permissions::enforce,
        ))
        .route_layer(middleware::from_fn_with_state(
            shared.clone(),
            management::audit::record,
        ));
    let router = Router::new()
        .merge(crate::control::routes(control.clone()))
        .merge(console)
        .nest(CLIENT_API, client_api)
        .fallback(management::areas::unrouted)
        .method_not_allowed_fallback(management::areas::unrouted)
        .with_state(shared.clone())
        // Fault injection (`/_emulator/faults`, src/control/faults/): client-API requests only.
        .layer(middleware::from_fn_with_state(
            crate::control::faults::Faults::default(),
            crate::control::faults::apply,
        ));
    let stack = tower::ServiceBuilder::new()
        .map_response(|r: axum::http::Response<_>| r.map(Body::new))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(middleware::from_fn(version_header))
        // Outside CORS, so a cross-origin preflight to the control plane is refused, not answered.
        .layer(middleware::from_fn_with_state(guard, guard::guard))
        .layer(cors())
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::Extension(RequestLimits { body: body_limit }))
        .layer(middleware::from_fn_with_state(
            control.clone(),
            journal::record,
        ))
        .layer(middleware::map_response(move |r| {
            json_errors_only(r, body_limit)
        }))
        .layer(middleware::from_fn_with_state(
            Front {
                shared,
                realtime: RealtimeServer::new(),
            },
            resolve_app,
        ))
        .service(router);
    HttpService::new(stack)
}

/// The type of [`service`]: what `axum::serve` runs.
pub type HttpService = BoxCloneSyncService<Request, Response, std::convert::Infallible>;

/// What the URL resolution in front of the router needs.
#[derive(Clone)]
struct Front {
    shared: Shared,
    /// The socket.io server of real-time clients (every app's).
    realtime: RealtimeServer,
}

/// Resolve `/{appId}/{apiKey}/...` or `/api/...` (and hand socket.io requests to the real-time
/// server); every other form goes to the router as it is.
async fn resolve_app(State(front): State<Front>, mut req: Request, next: Next) -> Response {
    let shared = &front.shared;
    let path = req.uri().path().to_string();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map_or(path.clone(), |p| p.as_str().to_string());
    let url = AppUrl::parse(&path_and_query);
    let client = match url {
        AppUrl::Control | AppUrl::Console { .. } => return next.run(req).await,
        // Real-time: socket.io uses the engine.io path `/{appId}` with an `EIO=` query (realtime.md
        // §2), which is not an `/{appId}/{apiKey}` URL; the RT server takes it whole.
        AppUrl::EngineIo { app_id } => {
            let app = shared.registry.app(app_id);
            return front.realtime.serve(app, req).await;
        }
        AppUrl::Other => {
            return unknown_endpoint(req.method().clone(), req.uri().clone())
                .await
                .into_response()
        }
        AppUrl::Keyed { .. } | AppUrl::Api { .. } => match shared.registry.client_api(url) {
            Some(Ok(client)) => client,
            Some(Err(e)) => return e.into_response(),
            None => {
                return unknown_endpoint(req.method().clone(), req.uri().clone())
                    .await
                    .into_response()
            }
        },
    };
    let new_uri = match req.uri().query() {
        Some(q) => format!("{CLIENT_API}/{}?{q}", client.rest),
        None => format!("{CLIENT_API}/{}", client.rest),
    };
    let Ok(uri) = new_uri.parse::<Uri>() else {
        return ApiError::templated(Code::UNKNOWN_ENDPOINT, &[req.method().as_str(), &path])
            .into_response();
    };
    let root_url = format!("{}{}", shared.public_url(), client.prefix);
    let ctx = AppCtx {
        app: client.app,
        key: client.key,
        root_url,
    };
    *req.uri_mut() = uri;
    req.extensions_mut().insert(ctx);
    next.run(req).await
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
        crate::extract::body_too_large(body_limit)
    } else {
        ApiError::unparsable(if message.is_empty() {
            status.as_str()
        } else {
            &message
        })
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
        HeaderValue::from_static(crate::version::VERSION),
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
