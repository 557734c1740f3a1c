//! Sending: the request rate (`--rate`), retries with backoff when the target throttles (HTTP 429
//! or Backendless code 999), and turning a `reqwest` answer into an [`Answer`].

use std::time::Duration;

use tokio::time::Instant;

use serde_json::Value;

use super::{Answer, Body, HttpRequest};

/// Retries after a throttling answer before its answer is taken as it is.
pub(super) const RETRIES: u32 = 5;

/// Spaces requests evenly at `per_second`.
#[derive(Debug)]
pub(super) struct Limiter {
    interval: Duration,
    next: tokio::sync::Mutex<Instant>,
}

impl Limiter {
    /// At most `per_second` requests per second (`None` when not positive).
    pub(super) fn new(per_second: f64) -> Option<Limiter> {
        (per_second.is_finite() && per_second > 0.0).then(|| Limiter {
            interval: Duration::from_secs_f64(1.0 / per_second),
            next: tokio::sync::Mutex::new(Instant::now()),
        })
    }

    /// Wait for the next slot.
    pub(super) async fn wait(&self) {
        let at = {
            let mut next = self.next.lock().await;
            let at = (*next).max(Instant::now());
            *next = at + self.interval;
            at
        };
        tokio::time::sleep_until(at).await;
    }
}

/// Whether an answer says "too many requests".
pub(super) fn throttled(answer: &Answer) -> bool {
    answer.status == 429 || answer.body.get("code").and_then(Value::as_u64) == Some(999)
}

/// How long to wait before retry `attempt` (0-based): the answer's `Retry-After` seconds when
/// given (at most 30 s), else 200 ms doubling up to 5 s.
pub(super) fn backoff(attempt: u32, answer: &Answer) -> Duration {
    let asked = answer
        .headers
        .get("retry-after")
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0);
    match asked {
        Some(secs) => Duration::from_secs_f64(secs.min(30.0)),
        None => Duration::from_millis((200u64 << attempt.min(5)).min(5_000)),
    }
}

/// Send one request to `url` (no retry, no rate).
pub(super) async fn send_once(
    client: &reqwest::Client,
    url: String,
    req: &HttpRequest,
    extra_headers: &[(&str, &str)],
) -> Result<Answer, String> {
    let mut builder = client.request(method_of(&req.method), url);
    if !req.query.is_empty() {
        builder = builder.query(&req.query.iter().collect::<Vec<_>>());
    }
    for (k, v) in &req.headers {
        builder = builder.header(k, v);
    }
    for (k, v) in extra_headers {
        builder = builder.header(*k, *v);
    }
    let has_type = req
        .headers
        .keys()
        .any(|k| k.eq_ignore_ascii_case("content-type"));
    builder = match &req.body {
        Body::Empty => builder,
        Body::Json(v) => builder.json(v),
        Body::Text(t) if has_type => builder.body(t.clone()),
        Body::Text(t) => builder.header("content-type", "text/plain").body(t.clone()),
        Body::Bytes(b) => builder.body(b.clone()),
        Body::Multipart(parts) => {
            let mut form = reqwest::multipart::Form::new();
            for p in parts {
                let mut part = reqwest::multipart::Part::text(p.text.clone());
                if let Some(f) = &p.filename {
                    part = part.file_name(f.clone());
                }
                if let Some(ct) = &p.content_type {
                    part = part.mime_str(ct).map_err(|e| e.to_string())?;
                }
                form = form.part(p.name.clone(), part);
            }
            builder.multipart(form)
        }
    };
    let resp = builder
        .send()
        .await
        .map_err(|e| format!("request failed: {}", without_url(e)))?;
    let status = resp.status().as_u16();
    let headers = resp
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| format!("reading the answer: {}", without_url(e)))?;
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Ok(Answer {
        status,
        body,
        headers,
    })
}

/// A `reqwest` error with its causes, without the URL it names (the URL holds the app id and
/// API key).
pub fn without_url(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// A method name as `reqwest` wants it (unknown names fall back to GET).
pub(super) fn method_of(m: &str) -> reqwest::Method {
    reqwest::Method::from_bytes(m.to_ascii_uppercase().as_bytes()).unwrap_or(reqwest::Method::GET)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(status: u16, body: Value, retry_after: Option<&str>) -> Answer {
        let mut a = Answer {
            status,
            body,
            ..Answer::default()
        };
        if let Some(r) = retry_after {
            a.headers.insert("retry-after".into(), r.into());
        }
        a
    }

    #[test]
    fn throttling_is_429_or_code_999() {
        assert!(throttled(&answer(429, Value::Null, None)));
        assert!(throttled(&answer(400, json!({"code": 999}), None)));
        assert!(!throttled(&answer(400, json!({"code": 1000}), None)));
    }

    #[test]
    fn backoff_doubles_and_honours_retry_after() {
        let a = answer(429, Value::Null, None);
        assert_eq!(backoff(0, &a), Duration::from_millis(200));
        assert_eq!(backoff(2, &a), Duration::from_millis(800));
        assert_eq!(backoff(9, &a), Duration::from_millis(5_000));
        let b = answer(429, Value::Null, Some("2"));
        assert_eq!(backoff(0, &b), Duration::from_secs(2));
        let c = answer(429, Value::Null, Some("3600"));
        assert_eq!(backoff(0, &c), Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn the_limiter_spaces_requests() {
        let limiter = Limiter::new(10.0).expect("positive rate");
        let start = tokio::time::Instant::now();
        for _ in 0..5 {
            limiter.wait().await;
        }
        // With time paused, the clock only moves by the sleeps: 4 intervals after the first.
        assert_eq!(start.elapsed(), Duration::from_millis(400));
        assert!(Limiter::new(0.0).is_none());
    }
}
