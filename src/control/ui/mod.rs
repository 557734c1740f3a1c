//! The emulator UI at `/_emulator/ui/`: a single-page app (preact + htm, vendored from npm by
//! `ui/vendor.mjs`, no build step) whose every asset is compiled into the binary, so it works
//! offline. It reads everything through the control plane and each app's client API, sending the
//! control-plane token it was opened with (`?token=`, kept in the tab's sessionStorage).

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use crate::error::{ApiError, Code};

/// Every asset: (path under `/_emulator/ui/`, bytes).
macro_rules! assets {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("assets/", $path)) as &[u8])),*]
    };
}

const ASSETS: &[(&str, &[u8])] = assets!(
    "index.html",
    "style.css",
    "app.js",
    "api.js",
    "components.js",
    "pages/apps.js",
    "pages/data.js",
    "pages/users.js",
    "pages/files.js",
    "pages/stores.js",
    "pages/requests.js",
    "vendor/preact.mjs",
    "vendor/hooks.mjs",
    "vendor/htm.mjs",
);

/// Only the UI's own files run, and it talks to this server only.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The UI routes (they need no state).
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/_emulator/ui", get(to_index))
        .route("/_emulator/ui/", get(|| async { serve("index.html") }))
        .route(
            "/_emulator/ui/{*path}",
            get(|Path(path): Path<String>| async move { serve(&path) }),
        )
}

/// `/_emulator/ui` → `/_emulator/ui/`, keeping the query (`?token=`) so relative URLs resolve.
async fn to_index(uri: Uri) -> Redirect {
    match uri.query() {
        Some(q) => Redirect::permanent(&format!("/_emulator/ui/?{q}")),
        None => Redirect::permanent("/_emulator/ui/"),
    }
}

/// The asset at `path`, or 99001 like any unknown route.
fn serve(path: &str) -> Response {
    let Some((name, bytes)) = ASSETS.iter().find(|(name, _)| *name == path) else {
        return ApiError::templated(
            Code::UNKNOWN_ENDPOINT,
            &["GET", &format!("/_emulator/ui/{path}")],
        )
        .into_response();
    };
    let mut response = (StatusCode::OK, *bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime(name)));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn mime(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        _ => "text/javascript; charset=utf-8",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_served_with_its_type_and_unknown_ones_are_99001() {
        for (name, bytes) in ASSETS {
            assert!(!bytes.is_empty(), "{name} is empty");
            let response = serve(name);
            assert_eq!(response.status(), StatusCode::OK);
            assert!(response.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .is_ok_and(|csp| csp.contains("script-src 'self'")));
        }
        assert_eq!(mime("index.html"), "text/html; charset=utf-8");
        assert_eq!(serve("nope.js").status(), StatusCode::NOT_FOUND);
        assert_eq!(serve("../Cargo.toml").status(), StatusCode::NOT_FOUND);
    }

    #[test]
    fn no_asset_loads_anything_from_another_host() {
        for (name, bytes) in ASSETS {
            let text = String::from_utf8_lossy(bytes);
            for scheme in ["http://", "https://", "//cdn"] {
                assert!(
                    !text.contains(&format!("src=\"{scheme}"))
                        && !text.contains(&format!("href=\"{scheme}"))
                        && !text.contains(&format!("from \"{scheme}"))
                        && !text.contains(&format!("from '{scheme}")),
                    "{name} loads from {scheme}"
                );
            }
        }
    }
}
