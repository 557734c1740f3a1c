//! A request body that is read to its end even when the handler stops reading it (a 413 past the
//! body limit, a refusal before the body is looked at). Closing a socket with request bytes still
//! unread makes the kernel answer with a reset, which can reach the client before it has read
//! the answer; reading the rest first lets it see the JSON error, and keeps the connection usable.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;

/// Most bytes read and thrown away after the handler let go of a body; a client sending more
/// gets its connection closed (and perhaps reset) as before. The time it may take is the body's
/// own deadline ([`super::timed_body::TimedBody`]).
pub const MAX_DISCARDED: u64 = 64 * 1024 * 1024;

/// `inner`, drained (at most [`MAX_DISCARDED`] bytes) on a task of its own when dropped unread.
#[derive(Debug)]
pub struct DrainedBody<B>
where
    B: Body<Data = Bytes> + Send + Unpin + 'static,
{
    inner: Option<B>,
}

impl<B> DrainedBody<B>
where
    B: Body<Data = Bytes> + Send + Unpin + 'static,
{
    /// `inner`, to be drained if dropped before its end.
    pub fn new(inner: B) -> Self {
        DrainedBody { inner: Some(inner) }
    }
}

impl<B> Body for DrainedBody<B>
where
    B: Body<Data = Bytes> + Send + Unpin + 'static,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.get_mut().inner.as_mut() {
            Some(inner) => Pin::new(inner).poll_frame(cx),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.as_ref().is_none_or(Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.inner
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), Body::size_hint)
    }
}

impl<B> Drop for DrainedBody<B>
where
    B: Body<Data = Bytes> + Send + Unpin + 'static,
{
    fn drop(&mut self) {
        let Some(inner) = self.inner.take() else {
            return;
        };
        // A declared length past the bound will not be read anyway: close at once.
        if inner.is_end_stream() || inner.size_hint().lower() > MAX_DISCARDED {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(discard(inner));
        }
    }
}

/// Read `body` to its end, an error (its deadline included) or [`MAX_DISCARDED`] bytes.
async fn discard<B: Body<Data = Bytes> + Unpin>(mut body: B) {
    let mut read = 0u64;
    while let Some(Ok(frame)) = body.frame().await {
        if let Some(data) = frame.data_ref() {
            read += data.len() as u64;
            if read > MAX_DISCARDED {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::StreamBody;

    #[tokio::test]
    async fn a_body_dropped_unread_is_read_to_its_end() {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Frame<Bytes>, std::io::Error>>(1);
        let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
        drop(DrainedBody::new(StreamBody::new(stream)));
        for _ in 0..3 {
            tx.send(Ok(Frame::data(Bytes::from_static(b"rest"))))
                .await
                .expect("the dropped body is still being read");
        }
    }

    #[tokio::test]
    async fn a_body_read_whole_is_not_touched_again() {
        let body = DrainedBody::new(http_body_util::Full::new(Bytes::from_static(b"all")));
        let bytes = body.collect().await.expect("read").to_bytes();
        assert_eq!(bytes, Bytes::from_static(b"all"));
    }
}
