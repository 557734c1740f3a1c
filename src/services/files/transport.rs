//! HTTP details shared by the client and console file handlers: the path after a URL prefix, file
//! bytes from a multipart or base64 body, and the download response with `Range` support.

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use bytes::Bytes;

use super::errors;
use super::path::FilePath;
use crate::error::ApiError;

/// The file path that follows `prefix` in a request path (`/files/a/b.txt` after `/files`).
pub(super) fn path_after(uri_path: &str, prefix: &str) -> Result<FilePath, ApiError> {
    FilePath::from_url(uri_path.strip_prefix(prefix).unwrap_or(""))
}

/// The request's `Content-Type`, lower-cased (`""` when absent).
pub(super) fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Whether a request carries a multipart body.
pub(super) fn is_multipart(headers: &HeaderMap) -> bool {
    content_type(headers).starts_with("multipart/form-data")
}

/// The bytes of the multipart part named `file` (the JS SDK's form field), else of the first part
/// carrying a file name; 6028 when there is none, 99002 beyond the body limit.
pub(super) async fn multipart_file(req: Request) -> Result<Bytes, ApiError> {
    let too_large = crate::extract::RequestLimits::exceeded(req.extensions());
    let multipart_error = |e: axum::extract::multipart::MultipartError| {
        if let Some(late) = crate::extract::body_timeout(&e) {
            late
        } else if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large.clone()
        } else {
            ApiError::unparsable(&e.body_text())
        }
    };
    let mut multipart = Multipart::from_request(req, &())
        .await
        .map_err(|e| ApiError::unparsable(&e.body_text()))?;
    let mut fallback = None;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let named_file = field.name() == Some("file");
        let has_file_name = field.file_name().is_some();
        let bytes = field.bytes().await.map_err(multipart_error)?;
        if named_file {
            return Ok(bytes);
        }
        if has_file_name && fallback.is_none() {
            fallback = Some(bytes);
        }
    }
    fallback.ok_or_else(|| errors::null_parameter("file"))
}

/// Decode a base64 text body (F3, F16). Line breaks are ignored and padding is optional.
pub(super) fn decode_base64(body: &[u8]) -> Result<Bytes, ApiError> {
    let engine = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let compact: Vec<u8> = body
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    engine
        .decode(compact)
        .map(Bytes::from)
        .map_err(|e| ApiError::unparsable(&format!("the body is not valid base64: {e}")))
}

/// The raw bytes of a file: `Content-Type` from the extension, `Accept-Ranges: bytes`, and a
/// `206 Partial Content` for one satisfiable `Range: bytes=..` (other ranges are ignored, which
/// RFC 9110 allows, and the whole file is sent).
pub(super) fn download(path: &FilePath, content: Bytes, request_headers: &HeaderMap) -> Response {
    let mime = mime_guess::from_path(path.name()).first_or_octet_stream();
    let len = content.len();
    let range = request_headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| byte_range(v, len));
    let (status, body) = match range {
        Some((start, end)) => (StatusCode::PARTIAL_CONTENT, content.slice(start..=end)),
        None => (StatusCode::OK, content),
    };
    let mut response = (status, Body::from(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(mime.as_ref())
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if let Some((start, end)) = range {
        if let Ok(value) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
            headers.insert(header::CONTENT_RANGE, value);
        }
    }
    response
}

/// One satisfiable range of `bytes=a-b`, `bytes=a-` or `bytes=-n` as inclusive offsets.
fn byte_range(header: &str, len: usize) -> Option<(usize, usize)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') || len == 0 {
        return None;
    }
    let (start, end) = spec.split_once('-')?;
    let (start, end) = (start.trim(), end.trim());
    let (start, end) = if start.is_empty() {
        let suffix: usize = end.parse().ok().filter(|n| *n > 0)?;
        (len.saturating_sub(suffix), len - 1)
    } else {
        let start: usize = start.parse().ok()?;
        let end = if end.is_empty() {
            len - 1
        } else {
            end.parse::<usize>().ok()?.min(len - 1)
        };
        (start, end)
    };
    (start <= end && start < len).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_parsed_and_clamped() {
        assert_eq!(byte_range("bytes=0-4", 10), Some((0, 4)));
        assert_eq!(byte_range("bytes=5-", 10), Some((5, 9)));
        assert_eq!(byte_range("bytes=-3", 10), Some((7, 9)));
        assert_eq!(byte_range("bytes=8-100", 10), Some((8, 9)));
        assert_eq!(byte_range("bytes=-30", 10), Some((0, 9)));
        for ignored in [
            "bytes=10-12",
            "bytes=4-2",
            "bytes=0-1,3-4",
            "items=0-1",
            "bytes=x-1",
            "bytes=-0",
        ] {
            assert_eq!(byte_range(ignored, 10), None, "{ignored}");
        }
        assert_eq!(byte_range("bytes=0-0", 0), None);
    }

    #[test]
    fn base64_bodies_tolerate_line_breaks_and_missing_padding() {
        assert_eq!(
            decode_base64(b"dGVzdENv\nbnRlbnQ=")
                .expect("valid")
                .as_ref(),
            b"testContent"
        );
        assert_eq!(
            decode_base64(b"dGVzdENvbnRlbnQ").expect("valid").as_ref(),
            b"testContent"
        );
        assert_eq!(decode_base64(b"").expect("empty").len(), 0);
        assert_eq!(decode_base64(b"%%%").expect_err("invalid").code, 8002);
    }

    #[test]
    fn downloads_carry_the_type_of_the_extension() {
        let path = FilePath::parse("web/index.html").expect("valid");
        let response = download(&path, Bytes::from_static(b"<p>"), &HeaderMap::new());
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/html");
        let mut headers = HeaderMap::new();
        headers.insert(header::RANGE, HeaderValue::from_static("bytes=1-"));
        let partial = download(&path, Bytes::from_static(b"<p>"), &headers);
        assert_eq!(partial.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(partial.headers()[header::CONTENT_RANGE], "bytes 1-2/3");
    }
}
