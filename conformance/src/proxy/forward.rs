//! One proxied exchange: read the request, forward it unchanged (or answer a blocked control-plane
//! call), pass the answer back with the upstream's own URLs pointing at the proxy, and add the
//! exchange (the answer as the upstream gave it) to the open session.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};

use super::{flush, learn_apps, Apps, Exchange, State};

/// Largest request or answer body the proxy passes (bigger ones are refused with 413 / 502).
const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// Headers that belong to one connection, not to the request.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "upgrade",
    "te",
    "trailer",
    "host",
    "content-length",
    "accept-encoding",
];

/// Serve one request.
pub(super) async fn handle(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let started = chrono::Utc::now().timestamp_millis();
    let micros = |state: &State| state.epoch.elapsed().as_micros() as u64;
    let arrived = micros(&state);
    let method = req.method().as_str().to_string();
    let target = req
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_string(), |p| p.as_str().to_string());
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .filter_map(|(k, v)| {
            Some((
                k.as_str().to_ascii_lowercase(),
                v.to_str().ok()?.to_string(),
            ))
        })
        .collect();
    let session_name = headers
        .iter()
        .find(|(k, _)| k == "x-conform-session")
        .map(|(_, v)| v.clone());
    let body = match http_body_util::Limited::new(req.into_body(), BODY_LIMIT)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(plain(
                413,
                "backendless-conform proxy: request body too large",
            ))
        }
    };
    let seq = begin(&state, session_name).await;
    if state.apps.lock().await.unknown_app(&target) {
        // A new app (the runner's throwaway app, one made by a test): learn its keys.
        let mut apps = Apps::default();
        learn_apps(&state.client, &state.upstream.base, &state.args, &mut apps).await;
        let mut known = state.apps.lock().await;
        for app in apps.all() {
            known.add(app.clone());
        }
    }
    let (status, response_headers, response_body) = if state.args.block_control_plane
        && target.starts_with("/_emulator")
    {
        let body = br#"{"message":"no emulator control plane here (backendless-conform proxy --block-control-plane)"}"#;
        (
            404,
            vec![("content-type".to_string(), "application/json".to_string())],
            body.to_vec(),
        )
    } else {
        match forward(&state, &method, &target, &headers, body.clone()).await {
            Ok(answer) => answer,
            Err(e) => return Ok(plain(502, &format!("backendless-conform proxy: {e}"))),
        }
    };
    // Absolute URLs into the upstream (a file's URL, a confirmation link) are handed to the
    // client as URLs of the proxy, so what the client does with them is recorded too. The bare
    // base (the real-time server an emulator names in `/rt/lookup` and `/info`) is left as it
    // is: socket.io goes straight to the upstream, the proxy records HTTP exchanges.
    let own = headers
        .iter()
        .find(|(k, _)| k == "host")
        .map(|(_, h)| format!("http://{h}/"));
    let upstream = format!("{}/", state.upstream.base);
    let rewrite = |text: &[u8]| -> Vec<u8> {
        match &own {
            Some(own) => replace_bytes(text, upstream.as_bytes(), own.as_bytes()),
            None => text.to_vec(),
        }
    };
    let mut response = Response::builder().status(status);
    for (k, v) in &response_headers {
        if !HOP_BY_HOP.contains(&k.as_str()) {
            response = response.header(k, rewrite(v.as_bytes()));
        }
    }
    let textual = response_headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("content-type") && (v.contains("json") || v.starts_with("text/"))
    });
    let sent_body = if textual {
        rewrite(&response_body)
    } else {
        response_body.clone()
    };
    let exchange = Exchange {
        seq,
        started,
        span: (arrived, micros(&state)),
        method,
        target,
        request_headers: headers,
        request_body: body.to_vec(),
        status,
        response_headers,
        response_body,
    };
    let mut session = state.session.lock().await;
    session.exchanges.push(exchange);
    session.last = Some(tokio::time::Instant::now());
    drop(session);
    Ok(response
        .body(Full::new(Bytes::from(sent_body)))
        .unwrap_or_else(|_| plain(502, "backendless-conform proxy: bad answer headers")))
}

/// Start an exchange: a new session when the named one changes; answers its sequence number.
async fn begin(state: &State, name: Option<String>) -> u64 {
    let changed = {
        let s = state.session.lock().await;
        name.is_some() && s.name.is_some() && s.name != name
    };
    if changed {
        let _ = flush(state).await;
    }
    let mut s = state.session.lock().await;
    if name.is_some() {
        s.name = name;
    }
    s.next_seq += 1;
    s.last = Some(tokio::time::Instant::now());
    s.next_seq
}

type Forwarded = (u16, Vec<(String, String)>, Vec<u8>);

async fn forward(
    state: &State,
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: Bytes,
) -> Result<Forwarded, String> {
    let url = format!("{}{target}", state.upstream.base);
    let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
    let mut req = state.client.request(method, url);
    for (k, v) in headers {
        if !HOP_BY_HOP.contains(&k.as_str()) && k != "x-conform-session" {
            req = req.header(k, v);
        }
    }
    let resp = req
        .body(body)
        .send()
        .await
        .map_err(|e| format!("upstream: {}", crate::target::describe_error(e)))?;
    let status = resp.status().as_u16();
    let headers = resp
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| format!("upstream answer: {}", crate::target::describe_error(e)))?;
    if bytes.len() > BODY_LIMIT {
        return Err("upstream answer too large".into());
    }
    Ok((status, headers, bytes.to_vec()))
}

/// `text` with every `from` replaced by `to`.
fn replace_bytes(text: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.is_empty() || text.len() < from.len() {
        return text.to_vec();
    }
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

fn plain(status: u16, text: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(text.to_string())));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::BAD_GATEWAY);
    response
}

#[cfg(test)]
mod tests {
    use super::replace_bytes;

    #[test]
    fn every_occurrence_of_the_upstream_is_replaced() {
        let answer = br#"{"fileURL":"http://up:1/A/K/files/x","n":"http://up:1"}"#;
        let out = replace_bytes(answer, b"http://up:1", b"http://127.0.0.1:9100");
        assert_eq!(
            out,
            br#"{"fileURL":"http://127.0.0.1:9100/A/K/files/x","n":"http://127.0.0.1:9100"}"#
        );
        assert_eq!(replace_bytes(b"ab", b"abc", b"x"), b"ab");
        assert_eq!(replace_bytes(b"", b"a", b"x"), b"");
    }
}
