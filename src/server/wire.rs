//! The socket under one HTTP connection: it notes when bytes last moved (for the timeouts),
//! holds the connection's place under the connection cap until the socket is gone (upgraded
//! websockets included), and turns the bodiless errors hyper answers by itself (a malformed
//! request line or header, 414, 431) into Backendless-shaped JSON.

use std::io::IoSlice;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Instant;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::OwnedSemaphorePermit;

use crate::error::{ApiError, Code};

/// What the connection timeouts look at: when bytes were last read and written, when the last
/// request was answered, and how many requests are being answered (a long poll or a slow webhook
/// is neither idle nor slow to send its head). Times are milliseconds since the connection opened.
#[derive(Debug)]
pub struct Activity {
    start: Instant,
    last_read: AtomicU64,
    last_write: AtomicU64,
    last_answered: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    /// A connection that just opened.
    pub fn new() -> Arc<Self> {
        Arc::new(Activity {
            start: Instant::now(),
            last_read: AtomicU64::new(0),
            last_write: AtomicU64::new(0),
            last_answered: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
        })
    }

    /// Milliseconds since the connection opened.
    pub fn now_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }

    fn stamp(&self, at: &AtomicU64) {
        at.store(self.now_ms(), Ordering::Relaxed);
    }

    /// When bytes last arrived.
    pub fn last_read_ms(&self) -> u64 {
        self.last_read.load(Ordering::Relaxed)
    }

    /// When bytes last went out.
    pub fn last_write_ms(&self) -> u64 {
        self.last_write.load(Ordering::Relaxed)
    }

    /// When the last request was answered (0: none yet).
    pub fn last_answered_ms(&self) -> u64 {
        self.last_answered.load(Ordering::Relaxed)
    }

    /// Requests being answered right now.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Relaxed)
    }

    /// Count a request as being answered until the guard is dropped.
    pub fn begin(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(self.clone())
    }
}

/// One request being answered (see [`Activity::begin`]).
#[derive(Debug)]
pub struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.stamp(&self.0.last_answered);
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A socket wrapped as described in the module doc.
#[derive(Debug)]
pub struct Wire<S> {
    inner: S,
    activity: Arc<Activity>,
    _permit: Option<OwnedSemaphorePermit>,
    /// A rewritten error response still to be written, and how much of it is out.
    pending: Vec<u8>,
    written: usize,
}

impl<S> Wire<S> {
    /// Wrap `inner`; `permit` is released when the socket is dropped.
    pub fn new(inner: S, activity: Arc<Activity>, permit: Option<OwnedSemaphorePermit>) -> Self {
        Wire {
            inner,
            activity,
            _permit: permit,
            pending: Vec::new(),
            written: 0,
        }
    }
}

impl<S> Wire<S> {
    /// The connection's activity record.
    pub fn activity(&self) -> Arc<Activity> {
        self.activity.clone()
    }
}

impl<S: AsyncWrite + Unpin> Wire<S> {
    /// Write out a staged replacement before anything else.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        while self.written < self.pending.len() {
            let n =
                ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(std::io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
            self.activity.stamp(&self.activity.last_write);
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Wire<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let read = Pin::new(&mut this.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.activity.stamp(&this.activity.last_read);
        }
        read
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Wire<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        if let Some(replacement) = json_for_bare_error(buf) {
            this.pending = replacement;
            this.written = 0;
            // hyper sees its head as written; the JSON answer goes out instead.
            let _ = this.poll_pending(cx)?;
            return Poll::Ready(Ok(buf.len()));
        }
        let n = ready!(Pin::new(&mut this.inner).poll_write(cx, buf))?;
        this.activity.stamp(&this.activity.last_write);
        Poll::Ready(Ok(n))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        if let Some(first) = bufs.iter().find(|b| !b.is_empty()) {
            if let Some(replacement) = json_for_bare_error(first) {
                this.pending = replacement;
                this.written = 0;
                let _ = this.poll_pending(cx)?;
                return Poll::Ready(Ok(bufs.iter().map(|b| b.len()).sum()));
            }
        }
        let n = ready!(Pin::new(&mut this.inner).poll_write_vectored(cx, bufs))?;
        this.activity.stamp(&this.activity.last_write);
        Poll::Ready(Ok(n))
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

/// The JSON response replacing `bytes` when they are a response head hyper wrote by itself for
/// a request it could not parse: a 4xx/5xx status line, `content-length: 0`, and none of the
/// headers every response of the emulator's own carries.
fn json_for_bare_error(bytes: &[u8]) -> Option<Vec<u8>> {
    // Every response passes here: decide on the status line's first bytes before any scan.
    let status_class = bytes.strip_prefix(b"HTTP/1.")?.get(2)?;
    if !matches!(status_class, b'4' | b'5') {
        return None;
    }
    let head_end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..head_end]).ok()?;
    let status_line = head.lines().next()?;
    let mut parts = status_line.splitn(3, ' ');
    let (version, status) = (parts.next()?, parts.next()?);
    let lower = head.to_ascii_lowercase();
    if lower.contains("x-backendless-emulator:") || !lower.contains("content-length: 0") {
        return None;
    }
    let status: u16 = status.parse().ok()?;
    Some(bare_error_response(version, status))
}

/// A complete `connection: close` response with the Backendless error for a refused request.
fn bare_error_response(version: &str, status: u16) -> Vec<u8> {
    let error = match status {
        414 => ApiError::templated(Code::URI_TOO_LONG, &[]),
        431 => ApiError::templated(Code::HEADERS_TOO_LARGE, &[]),
        _ => ApiError::templated(
            Code::MALFORMED_REQUEST,
            &["the request line or a header is not valid HTTP/1.1 (a raw space, `<`, `>` or `\"` in the URL, a control character in a header, or conflicting framing headers)"],
        ),
    };
    let status = axum::http::StatusCode::from_u16(status).unwrap_or(error.status);
    response_bytes(version, status, &error)
}

/// A whole HTTP/1 response carrying `error` as JSON, closing the connection.
fn response_bytes(version: &str, status: axum::http::StatusCode, error: &ApiError) -> Vec<u8> {
    let body = error.to_json().to_string();
    let mut out = format!(
        "{version} {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\nx-backendless-emulator: {}\r\n\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len(),
        crate::version::VERSION,
    )
    .into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_heads_hyper_writes_by_itself_are_replaced() {
        let hyper_own =
            b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        let replaced =
            String::from_utf8(json_for_bare_error(hyper_own).expect("replaced")).expect("utf-8");
        assert!(
            replaced.starts_with("HTTP/1.1 400 Bad Request\r\n"),
            "{replaced}"
        );
        assert!(replaced.contains("\"code\":99111"), "{replaced}");
        let too_long = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\n\r\n";
        let replaced =
            String::from_utf8(json_for_bare_error(too_long).expect("414")).expect("utf-8");
        assert!(replaced.contains("\"code\":99112"));
        let ours =
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nx-backendless-emulator: 0.1.0\r\n\r\n";
        assert!(json_for_bare_error(ours).is_none());
        assert!(json_for_bare_error(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(json_for_bare_error(b"{\"HTTP/1.1 400\": 1}").is_none());
    }
}
