//! Who may reach the control plane (`/_emulator/...`) and the console (`/console/...`,
//! `/{appId}/console/...`): never a web page of another origin driving a developer's browser,
//! never a DNS-rebound name, never a request the emulator itself forwarded to a webhook, and,
//! with a control token, only callers holding it. The client API is left as Backendless has it
//! (CORS for any origin).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, Code};
use crate::services::custom::webhooks::FORWARDED_HEADER;

/// Header carrying the control token.
pub const TOKEN_HEADER: &str = "x-emulator-token";

/// What the guard knows about this server.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// Required on control-plane routes when set.
    pub token: Option<String>,
    /// Host names accepted besides loopback and the bound address (`--allowed-host`).
    pub allowed_hosts: Vec<String>,
    /// The address the listener is bound to.
    pub bound: Option<SocketAddr>,
}

/// Which part of the emulator a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `/_emulator/...`.
    Control,
    /// `/console/...` and `/{appId}/console/...`.
    Console,
    /// Everything else: the Backendless client API.
    Client,
}

/// The scope of a request path.
pub fn scope(path: &str) -> Scope {
    let mut segments = path.trim_start_matches('/').split('/');
    match (segments.next(), segments.next()) {
        (Some("_emulator"), _) => Scope::Control,
        (Some("console"), _) | (Some(_), Some("console")) => Scope::Console,
        _ => Scope::Client,
    }
}

/// Middleware: apply the rules of the module doc; client-API requests pass untouched.
pub async fn guard(State(guard): State<Guard>, req: Request, next: Next) -> Response {
    let scope = scope(req.uri().path());
    if scope == Scope::Client {
        return next.run(req).await;
    }
    if let Err(e) = guard.check(scope, &req) {
        return e.into_response();
    }
    let mut response = next.run(req).await;
    // No CORS on these prefixes: a same-origin page needs none, any other origin gets none.
    let cors: Vec<_> = response
        .headers()
        .keys()
        .filter(|k| k.as_str().starts_with("access-control-"))
        .cloned()
        .collect();
    for name in cors {
        response.headers_mut().remove(name);
    }
    response
}

impl Guard {
    /// Whether a control-plane or console request may go on.
    pub fn check(&self, scope: Scope, req: &Request) -> Result<(), ApiError> {
        let headers = req.headers();
        if headers.contains_key(FORWARDED_HEADER) {
            return Err(ApiError::templated(Code::FORWARD_TO_CONTROL_PLANE, &[]));
        }
        let host = request_host(req);
        if let Some(host) = &host {
            if !self.host_allowed(host) {
                let name = split_host_port(host).0;
                return Err(ApiError::templated(Code::HOST_REFUSED, &[host, &name]));
            }
        }
        let prefix = match scope {
            Scope::Control => "/_emulator",
            _ => "/console",
        };
        if let Some(origin) = headers.get(header::ORIGIN) {
            let origin = origin.to_str().unwrap_or("?");
            if !host.as_deref().is_some_and(|h| same_origin(origin, h)) {
                return Err(ApiError::templated(
                    Code::CROSS_ORIGIN_REFUSED,
                    &[prefix, origin],
                ));
            }
        }
        // Browsers send no Origin on a cross-site GET (an <img>, a link), but they do say where
        // it comes from.
        if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
            if !matches!(site, "same-origin" | "none") {
                return Err(ApiError::templated(
                    Code::CROSS_ORIGIN_REFUSED,
                    &[prefix, &format!("a {site} page")],
                ));
            }
        }
        if scope == Scope::Control && !token_exempt(req.method(), req.uri().path()) {
            if let Some(token) = &self.token {
                if !presented_tokens(req).any(|t| same_secret(t, token)) {
                    return Err(ApiError::templated(Code::CONTROL_TOKEN, &[]));
                }
            }
        }
        Ok(())
    }

    /// Whether a `Host` value names this server: loopback, the bound address, any IP when bound
    /// to all interfaces (a literal IP cannot be rebound), or an `--allowed-host` name.
    pub fn host_allowed(&self, host: &str) -> bool {
        let (name, _) = split_host_port(host);
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        if let Ok(ip) = name.trim_matches(['[', ']']).parse::<IpAddr>() {
            let bound = self.bound.map(|b| b.ip());
            return ip.is_loopback()
                || bound == Some(ip)
                || bound.is_some_and(|b| b.is_unspecified());
        }
        self.allowed_hosts.iter().any(|allowed| {
            let allowed = allowed.trim_end_matches('.').to_ascii_lowercase();
            allowed == "*"
                || allowed == name
                || allowed
                    .strip_prefix('.')
                    .is_some_and(|domain| name == domain || name.ends_with(&format!(".{domain}")))
        })
    }
}

/// Health and the UI's static files hold no data; everything else needs the token.
fn token_exempt(method: &Method, path: &str) -> bool {
    let read = method == Method::GET || method == Method::HEAD;
    read && (path == "/_emulator/health"
        || path == "/_emulator/ui"
        || path.starts_with("/_emulator/ui/"))
}

/// Tokens a request presents: `x-emulator-token`, `Authorization: Bearer`, `?token=`.
fn presented_tokens(req: &Request) -> impl Iterator<Item = String> + '_ {
    let headers: &HeaderMap = req.headers();
    let header = headers
        .get_all(TOKEN_HEADER)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.trim().to_string());
    let bearer = headers
        .get_all(header::AUTHORIZATION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| token.trim().to_string())
        });
    let query = form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes())
        .filter(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned());
    header.chain(bearer).chain(query)
}

/// Compare secrets in time independent of where they differ.
fn same_secret(given: String, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `Host` header, or the URI authority (absolute-form requests).
fn request_host(req: &Request) -> Option<String> {
    req.headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()))
}

/// `host:port` → (host, port); IPv6 literals keep their brackets.
fn split_host_port(value: &str) -> (String, Option<u16>) {
    let value = value.trim();
    if let Some(rest) = value.strip_prefix('[') {
        if let Some((ip, tail)) = rest.split_once(']') {
            let port = tail.strip_prefix(':').and_then(|p| p.parse().ok());
            return (format!("[{ip}]"), port);
        }
    }
    match value.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => (host.to_string(), port.parse().ok()),
        _ => (value.to_string(), None),
    }
}

/// Whether `origin` (`scheme://host[:port]`) is the origin of a page served from `host`.
fn same_origin(origin: &str, host: &str) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "http" => 80,
        "https" => 443,
        _ => return false,
    };
    let (origin_host, origin_port) = split_host_port(authority);
    let (host_name, host_port) = split_host_port(host);
    origin_host.eq_ignore_ascii_case(&host_name)
        && origin_port.unwrap_or(default_port) == host_port.unwrap_or(default_port)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(bound: &str, allowed: &[&str]) -> Guard {
        Guard {
            token: None,
            allowed_hosts: allowed.iter().map(|s| s.to_string()).collect(),
            bound: Some(bound.parse().expect("addr")),
        }
    }

    #[test]
    fn scopes_follow_the_first_segments() {
        assert_eq!(scope("/_emulator/apps"), Scope::Control);
        assert_eq!(scope("/console/home/login"), Scope::Console);
        assert_eq!(scope("/APP/console/data/tables"), Scope::Console);
        assert_eq!(scope("/APP/KEY/data/T"), Scope::Client);
        assert_eq!(scope("/api/data/T"), Scope::Client);
    }

    #[test]
    fn hosts_name_this_server_or_are_refused() {
        let g = guard("127.0.0.1:9000", &["dev.example", ".corp.test"]);
        for ok in [
            "127.0.0.1:9000",
            "localhost:9000",
            "LOCALHOST",
            "app.localhost:9000",
            "[::1]:9000",
            "dev.example:9000",
            "a.corp.test",
            "corp.test:1",
        ] {
            assert!(g.host_allowed(ok), "{ok}");
        }
        for bad in [
            "evil.example:9000",
            "192.168.1.5:9000",
            "dev.example.evil",
            "corp.test.x",
        ] {
            assert!(!g.host_allowed(bad), "{bad}");
        }
        let any = guard("0.0.0.0:9000", &[]);
        assert!(any.host_allowed("192.168.1.5:9000"));
        assert!(!any.host_allowed("rebound.example:9000"));
        assert!(guard("127.0.0.1:1", &["*"]).host_allowed("anything.example"));
    }

    #[test]
    fn origins_match_scheme_host_and_port() {
        assert!(same_origin("http://127.0.0.1:9000", "127.0.0.1:9000"));
        assert!(same_origin("http://localhost", "localhost:80"));
        assert!(same_origin("https://emu.example", "emu.example"));
        assert!(!same_origin("http://127.0.0.1:3000", "127.0.0.1:9000"));
        assert!(!same_origin("http://evil.example:9000", "127.0.0.1:9000"));
        assert!(!same_origin("null", "127.0.0.1:9000"));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc".into(), "abc"));
        assert!(!same_secret("abd".into(), "abc"));
        assert!(!same_secret("ab".into(), "abc"));
    }
}
