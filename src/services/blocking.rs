//! Running a request off the async workers.
//!
//! Data, transaction and user requests evaluate where clauses, build and parse large JSON, hash
//! passwords and wait for an app's table lock, which another request may hold for as long as
//! its query takes. On a tokio worker any of these stalls every other connection served by that
//! worker, `/_emulator/health` and the control plane included. [`off_the_workers`] runs the
//! whole request (extraction, handler, response) on tokio's blocking pool instead: a thread
//! there may compute or wait on a lock for seconds while the workers keep serving.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, Code};

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
    let req = Request::from_parts(head, Body::from(bytes));
    let handle = tokio::runtime::Handle::current();
    match tokio::task::spawn_blocking(move || handle.block_on(next.run(req))).await {
        Ok(response) => response,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        // Only a runtime that is shutting down cancels a blocking task before it runs.
        Err(_) => ApiError::templated(Code::SHUTTING_DOWN, &[]).into_response(),
    }
}
