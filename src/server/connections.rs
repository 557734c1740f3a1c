//! The accept loop: every connection is served by hyper with a header read timeout, an idle
//! timeout, a deadline for request bodies and a cap on open connections, so idle, slowloris and
//! trickled-body clients cannot pile up. What hyper refuses on its own comes back as JSON
//! ([`super::wire`]).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch, Semaphore};
use tower::ServiceExt;

use super::drained_body::DrainedBody;
use super::timed_body::TimedBody;
use super::wire::{Activity, Wire};
use super::HttpService;
use crate::error::{ApiError, Code};

/// How long clients may take and how many may be connected at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Time to send a complete request head, from the moment the connection waits for one (so
    /// it is also how long a kept-alive connection may sit without a new request).
    pub header_read_timeout: Duration,
    /// A connection with no request being answered and no byte moving for this long is closed
    /// (a client that stops reading its response, say).
    pub idle_timeout: Duration,
    /// Time for a request body to arrive whole, from its head.
    pub body_read_timeout: Duration,
    /// Most connections open at once (upgraded websockets count); more are answered 99108.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            body_read_timeout: Duration::from_secs(60),
            max_connections: 512,
        }
    }
}

/// Connections over the cap being told so at once; beyond these they are just closed.
const MAX_REFUSING: usize = 64;

/// Serve `service` on `listener` until `shutdown` resolves, then let open requests finish.
pub async fn serve(
    listener: TcpListener,
    service: HttpService,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let refusing = Arc::new(Semaphore::new(MAX_REFUSING));
    let (stop_tx, stop_rx) = watch::channel(false);
    // Every connection task holds a sender; when all are gone, every connection has ended.
    let (alive_tx, mut alive_rx) = mpsc::channel::<()>(1);
    tokio::pin!(shutdown);
    loop {
        let (stream, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                // Out of file descriptors and the like: wait instead of spinning.
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        match slots.clone().try_acquire_owned() {
            Ok(permit) => {
                let wire = Wire::new(stream, Activity::new(), Some(permit));
                let (service, stop, alive) = (service.clone(), stop_rx.clone(), alive_tx.clone());
                tokio::spawn(async move {
                    serve_connection(wire, service, limits, stop).await;
                    drop(alive);
                });
            }
            Err(_) => match refusing.clone().try_acquire_owned() {
                Ok(permit) => {
                    tokio::spawn(async move {
                        refuse_busy(stream, limits).await;
                        drop(permit);
                    });
                }
                Err(_) => drop(stream),
            },
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(alive_tx);
    let _ = alive_rx.recv().await;
}

/// One connection, until it closes, idles out or the server stops.
async fn serve_connection(
    wire: Wire<TcpStream>,
    service: HttpService,
    limits: ConnectionLimits,
    mut stop: watch::Receiver<bool>,
) {
    let activity = wire.activity();
    let requests = activity.clone();
    let body_limit = limits.body_read_timeout;
    let hyper_service = hyper::service::service_fn(move |req: axum::http::Request<Incoming>| {
        let answering = requests.begin();
        let req = req.map(|body| {
            if http_body::Body::is_end_stream(&body) {
                Body::new(body)
            } else {
                // Read to its end even if the handler stops early (a 413), so the client gets the
                // answer rather than a reset.
                Body::new(DrainedBody::new(TimedBody::new(body, body_limit)))
            }
        });
        let call = service.clone().oneshot(req);
        async move {
            let response = call.await;
            drop(answering);
            response
        }
    });
    // The header read timeout is kept by `timed_out` below rather than by hyper's timer, which
    // allocates and registers a timer for every request (about 4 % of a bare GET's throughput).
    let conn = hyper::server::conn::http1::Builder::new()
        .serve_connection(TokioIo::new(wire), hyper_service)
        .with_upgrades();
    tokio::pin!(conn);
    let idle = timed_out(&activity, limits);
    tokio::pin!(idle);
    let mut stopping = false;
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!("connection ended: {e}");
                }
                return;
            }
            changed = stop.changed(), if !stopping => {
                stopping = true;
                if changed.is_ok() {
                    conn.as_mut().graceful_shutdown();
                }
            }
            () = &mut idle => {
                tracing::debug!("closing an idle connection");
                return;
            }
        }
    }
}

/// Resolves when a connection that is answering no request has either not started one within
/// the header read timeout (counted from its last answer or last byte written, so a slowloris
/// head and a kept-alive connection left open both end) or moved no byte for the idle timeout
/// (a client that stopped reading). A request being answered is never timed out here; its body
/// has its own deadline ([`TimedBody`]).
async fn timed_out(activity: &Activity, limits: ConnectionLimits) {
    let ms = |d: Duration| d.as_millis() as u64;
    let (header, idle) = (ms(limits.header_read_timeout), ms(limits.idle_timeout));
    loop {
        let wait = if activity.in_flight() > 0 {
            header.min(idle)
        } else {
            let (read, write) = (activity.last_read_ms(), activity.last_write_ms());
            let quiet_since = activity.last_answered_ms().max(write);
            let deadline = (quiet_since + header).min(quiet_since.max(read) + idle);
            let now = activity.now_ms();
            if now >= deadline {
                return;
            }
            deadline - now
        };
        tokio::time::sleep(Duration::from_millis(wait.max(5))).await;
    }
}

/// Answer a connection over the cap with 99108 (HTTP 503), reading its request first so the
/// client sees the answer rather than a reset.
async fn refuse_busy(stream: TcpStream, limits: ConnectionLimits) {
    let error = ApiError::templated(
        Code::CONNECTION_LIMIT,
        &[&limits.max_connections.to_string()],
    );
    let answer = hyper::service::service_fn(move |_req: axum::http::Request<Incoming>| {
        let error = error.clone();
        async move { Ok::<_, std::convert::Infallible>(error.into_response()) }
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout.min(Duration::from_secs(5)))
        .keep_alive(false);
    let wire = Wire::new(stream, Activity::new(), None);
    let _ = tokio::time::timeout(
        Duration::from_secs(10),
        http.serve_connection(TokioIo::new(wire), answer),
    )
    .await;
}
