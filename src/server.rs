//! The router: which URL form reaches which service, plus the layers every request passes
//! (CORS, body limit, JSON-only errors, version header, tracing).
//!
//! URL forms: `/{appId}/{apiKey}/<service path>`, `/api/<service path>` (the default app, REST
//! key), `/console/...` and `/{appId}/console/...` (developer console), `/_emulator/...` (control
//! plane), told apart by [`AppUrl::parse`]. App URLs are resolved before routing and the service
//! path is routed under [`CLIENT_API`] with an [`AppCtx`] extension, so service routes never see
//! the app prefix.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::util::BoxCloneSyncService;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};

/// Moved to [`crate::apps`]; kept so branches that still import it here build.
pub use crate::apps::Shared;
use crate::apps::{App, AppUrl, KeyKind, CLIENT_API};
use crate::control::{journal, Control};
use crate::error::{codes, ApiError};
use crate::services::realtime::RealtimeServer;
use crate::services::{api_routes, management};

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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            body_limit: 16 * 1024 * 1024,
            data_dir: None,
            journal_capacity: crate::control::journal::JOURNAL_CAPACITY,
            query_budget: crate::query::DEFAULT_BUDGET,
        }
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

/// The emulator's HTTP service: one router, and in front of it the layers every request passes.
///
/// The URL form is resolved before routing ([`resolve_app`]), so the client API is routed once,
/// under [`CLIENT_API`], with an [`AppCtx`] extension; service routes never see the app prefix.
pub fn service(control: &Control, config: &Config) -> HttpService {
    let shared = control.shared.clone();
    let client_api = api_routes()
        .fallback(unknown_endpoint)
        .method_not_allowed_fallback(unknown_endpoint);
    let router = Router::new()
        .merge(crate::control::routes(control.clone()))
        .merge(management::routes())
        .merge(crate::services::timers::console_routes())
        .merge(crate::services::files::console_routes())
        .merge(crate::services::data::console::routes())
        .nest(CLIENT_API, client_api)
        .fallback(unknown_endpoint)
        .method_not_allowed_fallback(unknown_endpoint)
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
        .layer(cors())
        .layer(DefaultBodyLimit::max(config.body_limit))
        .layer(middleware::from_fn_with_state(
            control.clone(),
            journal::record,
        ))
        .layer(middleware::map_response(json_errors_only))
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
        return ApiError::templated(codes::UNKNOWN_ENDPOINT, &[req.method().as_str(), &path])
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

/// 99001 for any method + path no route matches.
pub async fn unknown_endpoint(method: Method, uri: Uri) -> ApiError {
    ApiError::templated(codes::UNKNOWN_ENDPOINT, &[method.as_str(), uri.path()])
}

/// Safety net: an error response that is not JSON (an extractor rejection, a 405) becomes a
/// Backendless-style error so clients never see HTML or plain text.
async fn json_errors_only(response: Response) -> Response {
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
        ApiError::templated(codes::BODY_TOO_LARGE, &["the configured"])
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

/// CORS as Backendless answers it: any origin, the request's headers, `user-token` exposed.
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
