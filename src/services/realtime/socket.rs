//! The socket.io server (socketioxide) every app's RT clients connect to (realtime.md §2).
//!
//! Clients use the engine.io path `/{appId}` and the namespace `/{appId}`. The router hands
//! such requests ([`engine_io_app_id`]) to [`RealtimeServer::serve`], which rewrites the path to
//! the one fixed path socketioxide serves and attaches the addressed app; one dynamic namespace
//! `/{appId}` then serves every app. socketioxide's `v4` feature adds the socket.io v2 protocol,
//! so Engine.IO 3 clients (RT-Client ≤ 0.5, Swift) work beside Engine.IO 4 ones (JS SDK 8).
//! The `legacy` module fixes the one place socket.io-client 2.x and socketioxide disagree.
//!
//! The handshake's `apiKey` must be one of the app's keys, or the namespace connect fails with a
//! `connect_error` carrying the 2002 message; `userToken` picks the session (see
//! `connection::session_for`).

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use parking_lot::Mutex;
use socketioxide::extract::SocketRef;
use socketioxide::handler::ConnectHandler;
use socketioxide::SocketIo;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tower::util::BoxCloneSyncService;
use tower::ServiceExt;

use super::connection::{session_for, Connection, Identity, Inbound};
use super::legacy;
use crate::apps::{wrong_app_info, App};
use crate::error::ApiError;

/// The path socketioxide serves; requests to `/{appId}/` are rewritten to it.
const ENGINE_PATH: &str = "/socket.io";

/// How many packets may wait for a slow client before emitting waits for it.
const SOCKET_BUFFER: usize = 4096;

/// The app an engine.io request's path names (`None` when no app has that id).
#[derive(Debug, Clone)]
struct AddressedApp(Option<Arc<App>>);

/// Who connected and the queue of their packets.
type Accepted = (Identity, UnboundedReceiver<Inbound>);

/// A connection accepted by [`authenticate`], waiting for [`start`] to serve it.
#[derive(Clone)]
struct Pending(Arc<Mutex<Option<Accepted>>>);

/// The socket.io service of the emulator (one per server, shared by every app).
#[derive(Clone)]
pub struct RealtimeServer {
    service: BoxCloneSyncService<Request, Response, Infallible>,
}

impl std::fmt::Debug for RealtimeServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RealtimeServer")
    }
}

impl Default for RealtimeServer {
    fn default() -> Self {
        RealtimeServer::new()
    }
}

impl RealtimeServer {
    /// A socket.io server with the per-app namespace.
    pub fn new() -> Self {
        let (service, io) = SocketIo::builder()
            .req_path(ENGINE_PATH)
            .max_buffer_size(SOCKET_BUFFER)
            .build_svc();
        // Socket.io v2 clients (EIO=3) join the main namespace before their own; it must exist.
        io.ns("/", async || {});
        if let Err(e) = io.dyn_ns("/{app_id}", start.with(authenticate)) {
            tracing::error!("RT namespace pattern rejected: {e}");
        }
        let service: BoxCloneSyncService<Request, Response, Infallible> = BoxCloneSyncService::new(
            tower::util::MapResponse::new(service, |r: axum::http::Response<_>| r.map(Body::new)),
        );
        RealtimeServer { service }
    }

    /// Serve one engine.io request (handshake, polling, or websocket upgrade) for `app`.
    pub async fn serve(&self, app: Option<Arc<App>>, mut req: Request) -> Response {
        let uri = match req.uri().query() {
            Some(q) => format!("{ENGINE_PATH}/?{q}"),
            None => format!("{ENGINE_PATH}/"),
        };
        match uri.parse::<Uri>() {
            Ok(uri) => *req.uri_mut() = uri,
            Err(_) => return wrong_app_info().into_response(),
        }
        if legacy::is_eio3_polling_post(&req) {
            req = legacy::strip_connect_queries(req).await;
        }
        req.extensions_mut().insert(AddressedApp(app));
        match self.service.clone().oneshot(req).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
    }
}

/// The app id of an engine.io request: path `/{appId}` or `/{appId}/` with an `EIO=` query
/// parameter (realtime.md §2). Any other request is not for the RT server.
pub fn engine_io_app_id(uri: &Uri) -> Option<&str> {
    let path = uri.path().strip_prefix('/')?;
    let id = path.strip_suffix('/').unwrap_or(path);
    let is_engine_io = uri.query()?.split('&').any(|pair| pair.starts_with("EIO="));
    (is_engine_io && !id.is_empty() && !id.contains('/')).then_some(id)
}

/// A refused namespace connect; socketioxide sends its text as the `connect_error` message.
#[derive(Debug)]
struct Refused(ApiError);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message)
    }
}

/// Connect middleware: check the app and key, resolve the user, and register the packet
/// handlers before the client is told it is connected, so no packet can arrive unhandled.
async fn authenticate(socket: SocketRef) -> Result<(), Refused> {
    let parts = socket.req_parts();
    let app = match parts.extensions.get::<AddressedApp>() {
        Some(AddressedApp(Some(app))) if socket.ns() == format!("/{}", app.id()) => app.clone(),
        _ => return Err(Refused(wrong_app_info())),
    };
    let query: Vec<(String, String)> =
        form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let meta = app.meta();
    let key = param("apiKey")
        .and_then(|k| meta.keys.iter().find(|known| known.key == k))
        .map(|known| known.kind)
        .ok_or_else(|| Refused(wrong_app_info()))?;
    let session = session_for(&app, param("userToken"));
    let (tx, rx) = unbounded_channel();
    listen(&socket, &tx);
    let who = Identity { app, key, session };
    socket
        .extensions
        .insert(Pending(Arc::new(Mutex::new(Some((who, rx))))));
    Ok(())
}

/// Queue the client's packets in arrival order. socketioxide runs each handler's future as its
/// own task, so the work happens in the connection task; the (synchronous) closure bodies only
/// enqueue, which keeps `SUB_ON`, `SUB_OFF` and `MET_REQ` in the order they were sent.
fn listen(socket: &SocketRef, tx: &UnboundedSender<Inbound>) {
    type Wrap = fn(serde_json::Value) -> Inbound;
    let events: [(&str, Wrap); 3] = [
        ("SUB_ON", Inbound::SubOn),
        ("SUB_OFF", Inbound::SubOff),
        ("MET_REQ", Inbound::MetReq),
    ];
    for (event, wrap) in events {
        let tx = tx.clone();
        socket.on(
            event,
            move |socketioxide::extract::Data(packet): socketioxide::extract::Data<
                serde_json::Value,
            >| {
                let _ = tx.send(wrap(packet));
                std::future::ready(())
            },
        );
    }
    let tx = tx.clone();
    socket.on_disconnect(move || {
        let _ = tx.send(Inbound::Closed);
        std::future::ready(())
    });
}

/// Connect handler: serve the connection the middleware accepted.
async fn start(socket: SocketRef) {
    let pending = socket
        .extensions
        .get::<Pending>()
        .and_then(|p| p.0.lock().take());
    if let Some((who, inbox)) = pending {
        tokio::spawn(Connection::new(socket, who).run(inbox));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_io_requests_are_recognised_by_path_and_eio() {
        let id = |u: &str| engine_io_app_id(&u.parse::<Uri>().expect("uri")).map(str::to_string);
        assert_eq!(id("/APP/?EIO=4&transport=polling").as_deref(), Some("APP"));
        assert_eq!(id("/APP?apiKey=k&EIO=3").as_deref(), Some("APP"));
        assert_eq!(id("/APP/KEY/data/T?EIO=4"), None);
        assert_eq!(id("/APP/?transport=polling"), None);
        assert_eq!(id("/APP/"), None);
        assert_eq!(id("/?EIO=4"), None);
    }
}
