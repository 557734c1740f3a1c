//! Socket.io v2 compatibility (Engine.IO 3 clients: RT-Client ≤ 0.5 with socket.io-client 2.x).
//!
//! socket.io-client 2.x appends its `query` option to the namespace of its CONNECT packet
//! (`40/{appId}?apiKey=..,`; lib/manager.js `packet.nsp += '?' + packet.query`) and then only
//! accepts an answer for the bare namespace. A Node socket.io v2 server strips that query;
//! socketioxide keeps it and would answer `40/{appId}?apiKey=..`, which the client ignores. The
//! same query is in the handshake URL, where the emulator reads it, so the copy in the packet is
//! dropped before socketioxide sees it. The client sends CONNECT right after the polling
//! handshake, so rewriting Engine.IO 3 polling POST bodies covers it; a v2 client configured for
//! websocket-only transport is not rewritten (socketioxide gets those frames directly).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};

/// Largest polling body rewritten (engine.io's own default limit is 100 kB).
const MAX_BODY: usize = 1024 * 1024;

/// Whether a request is an Engine.IO 3 polling POST (the only place a v2 CONNECT can be fixed).
pub(super) fn is_eio3_polling_post(req: &Request) -> bool {
    req.method() == Method::POST
        && req.uri().query().is_some_and(|q| {
            let mut pairs = q.split('&');
            pairs.clone().any(|p| p == "EIO=3") && pairs.any(|p| p == "transport=polling")
        })
}

/// The request with namespace queries removed from its CONNECT packets (unchanged otherwise;
/// a body over the limit is passed on truncated to nothing, which engine.io rejects).
pub(super) async fn strip_connect_queries(req: Request) -> Request {
    let (mut parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .unwrap_or_default();
    let rewritten = std::str::from_utf8(&bytes).ok().and_then(rewrite_payload);
    let body = match rewritten {
        Some(text) => {
            if let Ok(len) = HeaderValue::from_str(&text.len().to_string()) {
                parts.headers.insert(header::CONTENT_LENGTH, len);
            }
            Body::from(text)
        }
        None => Body::from(bytes),
    };
    Request::from_parts(parts, body)
}

/// Rewrite an Engine.IO 3 text payload (`<length>:<packet>...`, lengths in UTF-16 units);
/// `None` when nothing needs to change or the payload is not in that form.
fn rewrite_payload(payload: &str) -> Option<String> {
    let mut out = String::with_capacity(payload.len());
    let mut rest = payload;
    let mut changed = false;
    while !rest.is_empty() {
        let (length, after) = rest.split_once(':')?;
        let length: usize = length.parse().ok()?;
        let split = utf16_prefix_bytes(after, length)?;
        let (packet, tail) = after.split_at(split);
        match strip_namespace_query(packet) {
            Some(fixed) => {
                changed = true;
                out.push_str(&format!("{}:{fixed}", fixed.encode_utf16().count()));
            }
            None => out.push_str(&rest[..rest.len() - tail.len()]),
        }
        rest = tail;
    }
    changed.then_some(out)
}

/// `40/ns?query,rest` → `40/ns,rest`; `None` for any other packet.
fn strip_namespace_query(packet: &str) -> Option<String> {
    let after = packet.strip_prefix("40/")?;
    let end = after.find(',').unwrap_or(after.len());
    let query = after[..end].find('?')?;
    Some(format!("40/{}{}", &after[..query], &after[end..]))
}

/// How many bytes of `text` hold its first `units` UTF-16 code units.
fn utf16_prefix_bytes(text: &str, units: usize) -> Option<usize> {
    let mut counted = 0;
    for (at, c) in text.char_indices() {
        if counted == units {
            return Some(at);
        }
        counted += c.len_utf16();
    }
    (counted == units).then_some(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_packets_lose_their_namespace_query() {
        assert_eq!(
            rewrite_payload("31:40/APP?apiKey=k&clientId=c&x=y,").as_deref(),
            Some("7:40/APP,")
        );
        assert_eq!(
            rewrite_payload("1:214:42/APP,[\"é\",1]8:40/A?q=1").as_deref(),
            Some("1:214:42/APP,[\"é\",1]4:40/A")
        );
    }

    #[test]
    fn other_payloads_are_left_alone() {
        assert_eq!(rewrite_payload("7:40/APP,"), None);
        assert_eq!(rewrite_payload("1:2"), None);
        assert_eq!(rewrite_payload("not a payload"), None);
        assert_eq!(rewrite_payload("9:40/A?q"), None, "length past the end");
        assert_eq!(utf16_prefix_bytes("é😀x", 3), Some(6));
    }
}
