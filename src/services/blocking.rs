//! Running a request off the async workers.
//!
//! Data, transaction and user requests evaluate where clauses, build and parse large JSON, hash
//! passwords and wait for an app's table lock, which another request may hold for as long as
//! its query takes. On a tokio worker any of these stalls every other connection served by that
//! worker, `/_emulator/health` and the control plane included. [`off_the_workers`] runs the
//! whole request (extraction, handler, response) on tokio's blocking pool instead: a thread
//! there may compute or wait on a lock for seconds while the workers keep serving.
//!
//! The hand-off costs about as much as a cheap request itself, so a read, update or delete by
//! objectId and a single create first run on the worker with [`lock_or_yield`] in force: every
//! data lock is only tried. When one is held the request stops before it changed anything and
//! runs again on the blocking pool, so it never waits on a worker. Once a change is made the
//! locks are taken as usual ([`changed`]), as running the request again would repeat it.

use std::cell::Cell;
use std::panic::AssertUnwindSafe;

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request};
use axum::http::request::Parts;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;

use crate::error::{ApiError, Code};

tokio::task_local! {
    /// Whether the request running in this task may only try locks (the worker fast path).
    static TRY_LOCKS: Cell<bool>;
}

/// The unwinding payload of a lock that was held on the fast path.
struct WouldBlock;

/// Take a lock: on the fast path only try it, and when it is held, stop the request (unwinding
/// without the panic hook) so that it runs again on the blocking pool; elsewhere wait for it.
pub fn lock_or_yield<G>(try_lock: impl FnOnce() -> Option<G>, lock: impl FnOnce() -> G) -> G {
    if !TRY_LOCKS.try_with(Cell::get).unwrap_or(false) {
        return lock();
    }
    match try_lock() {
        Some(guard) => guard,
        None => std::panic::resume_unwind(Box::new(WouldBlock)),
    }
}

/// The request changed state: from now on its locks are waited for, not tried.
pub fn changed() {
    let _ = TRY_LOCKS.try_with(|t| t.set(false));
}

/// Largest body of a request the fast path takes.
const QUICK_BODY: usize = 64 * 1024;

/// Whether a request is one object's read, update or delete by objectId, or a single create,
/// small and without relation loading: cheap unless a lock is held.
fn quick(head: &Parts, body_len: usize) -> bool {
    let Some(route) = head
        .extensions
        .get::<MatchedPath>()
        .map(MatchedPath::as_str)
    else {
        return false;
    };
    let query = head.uri.query().unwrap_or("");
    let by_id = route.ends_with("/data/{table}/{id}");
    let small = body_len <= QUICK_BODY;
    match head.method {
        Method::GET => by_id && !query.contains("elations"),
        Method::PUT | Method::DELETE => by_id && small,
        Method::POST => route.ends_with("/data/{table}") && small,
        _ => false,
    }
}

/// Run the request on the worker with only tried locks; `None` when a lock was held.
async fn on_the_worker(req: Request, next: Next) -> Option<Response> {
    let run = TRY_LOCKS.scope(Cell::new(true), next.run(req));
    match AssertUnwindSafe(run).catch_unwind().await {
        Ok(response) => Some(response),
        Err(payload) if payload.is::<WouldBlock>() => None,
        Err(payload) => std::panic::resume_unwind(payload),
    }
}

/// Middleware: the body is read here on the worker, where the connection's I/O is (within the
/// body limit: 99002 past it), then the rest of the request runs on a blocking-pool thread,
/// driven there by the runtime's handle, so that thread never waits for the network. A panic
/// is re-raised on the worker, as if the handler had run there.
pub async fn off_the_workers(req: Request, next: Next) -> Response {
    let (head, body) = req.into_parts();
    let bytes = match crate::extract::read_body(Request::from_parts(head.clone(), body), &()).await
    {
        Ok(bytes) => bytes,
        Err(e) => return e.into_response(),
    };
    if quick(&head, bytes.len()) {
        let again = (head.clone(), Bytes::clone(&bytes));
        if let Some(response) =
            on_the_worker(Request::from_parts(head, Body::from(bytes)), next.clone()).await
        {
            return response;
        }
        return on_the_pool(Request::from_parts(again.0, Body::from(again.1)), next).await;
    }
    on_the_pool(Request::from_parts(head, Body::from(bytes)), next).await
}

/// Run the request on a blocking-pool thread.
async fn on_the_pool(req: Request, next: Next) -> Response {
    let handle = tokio::runtime::Handle::current();
    match tokio::task::spawn_blocking(move || handle.block_on(next.run(req))).await {
        Ok(response) => response,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        // Only a runtime that is shutting down cancels a blocking task before it runs.
        Err(_) => ApiError::templated(Code::SHUTTING_DOWN, &[]).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parking_lot::RwLock;

    #[test]
    fn a_held_lock_stops_the_fast_path_and_is_waited_for_elsewhere() {
        let lock = RwLock::new(1);
        let held = lock.write();
        let tried = TRY_LOCKS.sync_scope(Cell::new(true), || {
            std::panic::catch_unwind(AssertUnwindSafe(|| {
                *lock_or_yield(|| lock.try_read(), || lock.read())
            }))
        });
        let payload = tried.expect_err("the fast path yields");
        assert!(payload.is::<WouldBlock>());
        drop(held);
        assert_eq!(*lock_or_yield(|| lock.try_read(), || lock.read()), 1);
    }

    #[test]
    fn after_a_change_locks_are_waited_for_again() {
        let waited = TRY_LOCKS.sync_scope(Cell::new(true), || {
            changed();
            TRY_LOCKS.with(Cell::get)
        });
        assert!(!waited);
    }
}
