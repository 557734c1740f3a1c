//! Shared helpers for integration tests: start a real emulator on an ephemeral port and talk
//! HTTP to it (mini-redis `start_server`, wiremock `MockServer::start`).
#![allow(
    dead_code,
    reason = "each test binary uses a different subset of the helpers"
)]

pub(crate) mod node;

use backendless_emulator::{Emulator, KeyKind};
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// A running emulator plus an HTTP client bound to its default app.
pub(crate) struct TestServer {
    /// The emulator (dropped = stopped).
    pub emulator: Emulator,
    /// HTTP client.
    pub http: reqwest::Client,
}

/// A response: status, parsed JSON body (`Null` when empty, a string when not JSON), headers.
#[derive(Debug)]
pub(crate) struct Reply {
    /// HTTP status.
    pub status: StatusCode,
    /// JSON body.
    pub body: Value,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    /// The Backendless error code of an error reply.
    pub(crate) fn code(&self) -> i64 {
        self.body["code"].as_i64().unwrap_or(-1)
    }

    /// Assert a Backendless error with this code and HTTP status.
    #[track_caller]
    pub(crate) fn assert_error(&self, code: i64, status: u16) {
        assert_eq!(
            (self.code(), self.status.as_u16()),
            (code, status),
            "body: {}",
            self.body
        );
        assert!(
            self.body["message"].is_string(),
            "error without message: {}",
            self.body
        );
        assert!(
            self.body["errorData"].is_object(),
            "error without errorData: {}",
            self.body
        );
    }

    /// Assert success and return the body.
    #[track_caller]
    pub(crate) fn ok(self) -> Value {
        assert!(
            self.status.is_success(),
            "expected success, got {}: {}",
            self.status,
            self.body
        );
        self.body
    }
}

/// Start an emulator with a deterministic seed.
pub(crate) async fn start() -> TestServer {
    start_with(Emulator::builder().seed(7)).await
}

/// Start an emulator from a builder.
pub(crate) async fn start_with(builder: backendless_emulator::EmulatorBuilder) -> TestServer {
    let emulator = builder.start().await.expect("emulator starts");
    TestServer {
        emulator,
        http: reqwest::Client::new(),
    }
}

/// One request under construction.
pub(crate) struct Call<'a> {
    server: &'a TestServer,
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<(String, Vec<u8>)>,
}

impl TestServer {
    /// A request to `path` under the default app's root with the REST key.
    pub(crate) fn call(&self, method: Method, path: &str) -> Call<'_> {
        self.call_with_key(KeyKind::Rest, method, path)
    }

    /// A request to `path` under the default app's root with a given key kind.
    pub(crate) fn call_with_key(&self, kind: KeyKind, method: Method, path: &str) -> Call<'_> {
        let url = format!(
            "{}/{}/{}{}",
            self.emulator.base_url(),
            self.emulator.app_id(),
            self.emulator.key(kind),
            path
        );
        Call {
            server: self,
            method,
            url,
            headers: Vec::new(),
            body: None,
        }
    }

    /// A request to an absolute path on the emulator (`/_emulator/...`, `/console/...`).
    pub(crate) fn raw(&self, method: Method, path: &str) -> Call<'_> {
        Call {
            server: self,
            method,
            url: format!("{}{}", self.emulator.base_url(), path),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Shorthands.
    pub(crate) fn get(&self, path: &str) -> Call<'_> {
        self.call(Method::GET, path)
    }
    /// POST shorthand.
    pub(crate) fn post(&self, path: &str) -> Call<'_> {
        self.call(Method::POST, path)
    }
    /// PUT shorthand.
    pub(crate) fn put(&self, path: &str) -> Call<'_> {
        self.call(Method::PUT, path)
    }
    /// DELETE shorthand.
    pub(crate) fn delete(&self, path: &str) -> Call<'_> {
        self.call(Method::DELETE, path)
    }

    /// Register a user and return its object.
    pub(crate) async fn register(&self, email: &str, password: &str) -> Value {
        self.post("/users/register")
            .json(serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .ok()
    }

    /// Register and log in; returns (user object with token, token).
    pub(crate) async fn login_new(&self, email: &str, password: &str) -> (Value, String) {
        self.register(email, password).await;
        let user = self
            .post("/users/login")
            .json(serde_json::json!({"login": email, "password": password}))
            .send()
            .await
            .ok();
        let token = user["user-token"].as_str().expect("token").to_string();
        (user, token)
    }

    /// A developer `auth-key` for the console API.
    pub(crate) async fn console_login(&self) -> String {
        let (login, password) = self.emulator.developer();
        let reply = self
            .raw(Method::POST, "/console/home/login")
            .json(serde_json::json!({"login": login, "password": password}))
            .send()
            .await;
        reply
            .headers
            .get("auth-key")
            .and_then(|v| v.to_str().ok())
            .expect("auth-key header")
            .to_string()
    }
}

impl Call<'_> {
    /// A JSON body.
    pub(crate) fn json(mut self, value: Value) -> Self {
        self.body = Some((
            "application/json".into(),
            serde_json::to_vec(&value).expect("json"),
        ));
        self
    }

    /// A raw body with a content type.
    pub(crate) fn body(mut self, content_type: &str, bytes: impl Into<Vec<u8>>) -> Self {
        self.body = Some((content_type.into(), bytes.into()));
        self
    }

    /// A header.
    pub(crate) fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The `user-token` header.
    pub(crate) fn token(self, token: &str) -> Self {
        self.header("user-token", token)
    }

    /// Send and read the reply.
    pub(crate) async fn send(self) -> Reply {
        let mut req = self.server.http.request(self.method, &self.url);
        for (k, v) in self.headers {
            req = req.header(k, v);
        }
        if let Some((ct, bytes)) = self.body {
            req = req.header("content-type", ct).body(bytes);
        }
        let resp = req.send().await.expect("request sent");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await.expect("body read");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Reply {
            status,
            body,
            headers,
        }
    }
}

/// Redactions for insta snapshots of response shapes: generated values become placeholders.
pub(crate) fn redact(mut value: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for (k, child) in map.iter_mut() {
                    let generated = matches!(
                        k.as_str(),
                        "objectId"
                            | "ownerId"
                            | "created"
                            | "updated"
                            | "user-token"
                            | "lastLogin"
                            | "deletionTime"
                    );
                    if generated && !child.is_null() {
                        *child = Value::String(format!("[{k}]"));
                    } else {
                        walk(child);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut value);
    value
}

/// Assert that `value` matches the JSON Schema `specs/responses/{name}`.
#[track_caller]
pub(crate) fn assert_schema(name: &str, value: &Value) {
    let path = format!("{}/specs/responses/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    // Schemas refer to each other by their `$id` URLs: resolve those from the catalogue.
    let mut options = jsonschema::options();
    for (stem, text) in backendless_emulator::control::openapi::catalogue::RESPONSE_SCHEMAS {
        let contents: Value = serde_json::from_str(text).expect("schema is JSON");
        let resource = jsonschema::Resource::from_contents(contents).expect("schema resource");
        options.with_resource(
            format!("https://backendless-emulator.local/specs/responses/{stem}.schema.json"),
            resource,
        );
    }
    let validator = options.build(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{name} rejects {value}:\n{}",
        errors.join("\n")
    );
}

impl TestServer {
    /// The default app, in-process (for settings, clock and security set-up).
    pub(crate) fn app(&self) -> std::sync::Arc<backendless_emulator::apps::App> {
        self.emulator
            .shared()
            .registry
            .app(self.emulator.app_id())
            .expect("default app")
    }

    /// Change the default app's settings through the control plane.
    pub(crate) async fn settings(&self, patch: Value) {
        let path = format!("/_emulator/apps/{}/settings", self.emulator.app_id());
        self.raw(Method::PUT, &path).json(patch).send().await.ok();
    }

    /// A request to the default app's control-plane routes (`/_emulator/apps/{id}{rest}`).
    pub(crate) fn control(&self, method: Method, rest: &str) -> Call<'_> {
        let path = format!("/_emulator/apps/{}{rest}", self.emulator.app_id());
        self.raw(method, &path)
    }

    /// Move the default app's clock forward.
    pub(crate) async fn advance_clock(&self, ms: i64) {
        self.control(Method::PUT, "/clock")
            .json(serde_json::json!({ "advance": ms }))
            .send()
            .await
            .ok();
    }

    /// The default app's export (`GET /_emulator/apps/{id}/export`).
    pub(crate) async fn export_app(&self) -> Value {
        self.control(Method::GET, "/export").send().await.ok()
    }

    /// Empty the default app (`POST .../reset`).
    pub(crate) async fn reset_app(&self) {
        self.control(Method::POST, "/reset").send().await.ok();
    }

    /// Replace the default app's state with an export (`POST .../import`).
    pub(crate) async fn import_app(&self, export: Value) {
        self.control(Method::POST, "/import")
            .json(export)
            .send()
            .await
            .ok();
    }

    /// The default app's clock reading, epoch ms.
    pub(crate) async fn now_ms(&self) -> i64 {
        self.control(Method::GET, "/clock").send().await.ok()["now"]
            .as_i64()
            .expect("clock has now")
    }

    /// The default app's outbox.
    pub(crate) async fn outbox(&self) -> Vec<Value> {
        let path = format!("/_emulator/apps/{}/outbox", self.emulator.app_id());
        match self.raw(Method::GET, &path).send().await.ok() {
            Value::Array(items) => items,
            other => panic!("outbox is not an array: {other}"),
        }
    }
}

/// `npm ci` in tests/js (the official SDKs, pinned) unless the packages are already there.
pub(crate) fn install_sdk_packages() {
    let js = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    if js.join("node_modules/backendless").is_dir()
        && js.join("node_modules/backendless-console-sdk").is_dir()
    {
        return;
    }
    let status = std::process::Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&js)
        .status()
        .expect("npm runs (Node.js and npm are needed for the SDK suites)");
    assert!(status.success(), "npm ci failed in tests/js");
}
