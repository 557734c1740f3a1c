//! Targets: an app reached over HTTP at `URL/{appId}/{apiKey}`, or an emulator started in-process
//! (`emulator`) and then also reached over HTTP only. A target knows which services it offers
//! (probed once at connect time) so scenarios that need a missing service are skipped, not failed.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::{json, Value};

use crate::scenario::{KeyChoice, Part, Root};

/// How to reach a target (credentials never leave this struct in a report).
#[derive(Debug, Clone, Default)]
pub struct TargetSpec {
    /// Base URL, or `emulator` to start one in-process.
    pub url: String,
    /// Application id (ignored for `emulator`).
    pub app_id: Option<String>,
    /// REST API key (ignored for `emulator`).
    pub api_key: Option<String>,
    /// Cloud Code (BL) key, for steps with `"key": "cloudCode"`.
    pub cloud_code_key: Option<String>,
}

/// A request with its variables filled in.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    /// Method.
    pub method: String,
    /// Path below the root.
    pub path: String,
    /// App or server root.
    pub root: Root,
    /// Key kind.
    pub key: KeyChoice,
    /// Query parameters.
    pub query: BTreeMap<String, String>,
    /// Headers.
    pub headers: BTreeMap<String, String>,
    /// Body.
    pub body: Body,
}

/// A request body.
#[derive(Debug, Clone)]
pub enum Body {
    /// No body.
    Empty,
    /// JSON.
    Json(Value),
    /// `text/plain`.
    Text(String),
    /// `multipart/form-data`.
    Multipart(Vec<Part>),
    /// Raw bytes (with the request's own `content-type`).
    Bytes(Vec<u8>),
}

/// An answer: status, body (`null` when empty, a string when not JSON) and headers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// Parsed body.
    pub body: Value,
    /// Response headers (lower-case names), for `header:` captures only; never reported.
    pub headers: BTreeMap<String, String>,
}

/// A connected target.
pub struct Target {
    /// `emulator`, or the host of the URL (no credentials).
    pub label: String,
    base: String,
    app_id: String,
    api_key: String,
    cloud_code_key: Option<String>,
    client: reqwest::Client,
    /// Services the target offers (see [`SERVICES`]), plus `control` for an emulator's control
    /// plane, `console` when its host serves the console API, and `cloudCode` when the Cloud Code
    /// key is known.
    pub capabilities: BTreeSet<String>,
    /// The in-process emulator, kept alive as long as the target (stops when dropped).
    _emulator: Option<Box<dyn std::any::Any + Send + Sync>>,
}

/// Every service name a scenario may require, with the read-only probe that detects it.
pub const SERVICES: &[(&str, &str, &str)] = &[
    ("users", "GET", "/users/userclassprops"),
    ("data", "GET", "/data/ConformProbe?pageSize=1"),
    (
        "where",
        "GET",
        "/data/Users?pageSize=1&where=objectId%20IS%20NULL",
    ),
    ("relations", "GET", "/data/Users/conform-probe/conformProbe"),
    ("transactions", "POST", "/transaction/unit-of-work"),
    ("files", "GET", "/files/conform-probe?action=exists"),
    ("hive", "GET", "/hive"),
    ("counters", "GET", "/counters/conform-probe"),
    ("cache", "GET", "/cache/conform-probe/check"),
    ("messaging", "GET", "/messaging/conform-probe"),
    ("logging", "PUT", "/log"),
];

impl Target {
    /// Connect: start an in-process emulator for `emulator`, then probe the services.
    pub async fn connect(spec: &TargetSpec) -> Result<Target, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        let mut target = if spec.url == "emulator" {
            start_emulator(client).await?
        } else {
            let need = |v: &Option<String>, what: &str| {
                v.clone()
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| format!("{what} is required for target {}", host_of(&spec.url)))
            };
            Target {
                label: host_of(&spec.url),
                base: spec.url.trim_end_matches('/').to_string(),
                app_id: need(&spec.app_id, "--app-id")?,
                api_key: need(&spec.api_key, "--api-key")?,
                cloud_code_key: spec.cloud_code_key.clone().filter(|s| !s.is_empty()),
                client,
                capabilities: BTreeSet::new(),
                _emulator: None,
            }
        };
        target.probe().await;
        Ok(target)
    }

    async fn probe(&mut self) {
        let health = self
            .client
            .get(format!("{}/_emulator/health", self.base))
            .send()
            .await;
        if health.is_ok_and(|r| r.status().is_success()) {
            self.capabilities.insert("control".into());
            if self.cloud_code_key.is_none() {
                self.cloud_code_key = self.emulator_key("BL").await;
            }
        }
        if self.cloud_code_key.is_some() {
            self.capabilities.insert("cloudCode".into());
        }
        // The console API on the target's own host: without an auth key it answers a coded
        // refusal (a host that does not serve it answers a plain 404).
        let console = self
            .client
            .get(format!("{}/console/home/myaccount", self.base))
            .send()
            .await;
        if let Ok(resp) = console {
            let body: Value = resp.json().await.unwrap_or(Value::Null);
            if body["code"].is_u64() {
                self.capabilities.insert("console".into());
            }
        }
        for (service, method, path) in SERVICES {
            let (path, query) = path.split_once('?').unwrap_or((path, ""));
            let url = format!("{}/{}/{}{path}", self.base, self.app_id, self.api_key);
            let url = if query.is_empty() {
                url
            } else {
                format!("{url}?{query}")
            };
            let mut req = self.client.request(method_of(method), url);
            if *method != "GET" {
                let body = if *service == "transactions" {
                    json!({"operations": []})
                } else {
                    json!([])
                };
                req = req.json(&body);
            }
            let Ok(resp) = req.send().await else { continue };
            let status = resp.status().as_u16();
            let body: Value = resp.json().await.unwrap_or(Value::Null);
            let unknown = body["code"] == 99001 || (status == 404 && body["code"].is_null());
            if !unknown {
                self.capabilities.insert((*service).to_string());
            }
        }
    }

    async fn emulator_key(&self, kind: &str) -> Option<String> {
        let url = format!("{}/_emulator/apps/{}", self.base, self.app_id);
        let body: Value = self.client.get(url).send().await.ok()?.json().await.ok()?;
        body["keys"][kind].as_str().map(str::to_string)
    }

    /// The app id (for `{{appId}}`; redacted from reports by the normaliser).
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// Strings that must never appear in a report: app id, keys, base URL.
    pub fn secrets(&self) -> Vec<(String, &'static str)> {
        let mut s = vec![
            (self.base.clone(), "<base>"),
            (self.api_key.clone(), "<apiKey>"),
            (self.app_id.clone(), "<appId>"),
        ];
        if let Some(k) = &self.cloud_code_key {
            s.push((k.clone(), "<cloudCodeKey>"));
        }
        s.retain(|(v, _)| !v.is_empty());
        s
    }

    /// Whether the target is an emulator with a control plane.
    pub fn has_control_plane(&self) -> bool {
        self.capabilities.contains("control")
    }

    /// The target app's clock now (epoch ms): read from an emulator's control plane; `None` when
    /// it cannot be known.
    pub async fn clock_now(&self) -> Option<i64> {
        if !self.has_control_plane() {
            return None;
        }
        let path = format!("/_emulator/apps/{}/clock", self.app_id);
        let answer = self.control("GET", &path, None).await.ok()?;
        answer.body["now"].as_i64()
    }

    /// How far (ms) the target's clock may disagree with [`Target::clock_now`].
    pub fn clock_tolerance(&self) -> i64 {
        if self.has_control_plane() {
            0
        } else {
            2_000
        }
    }

    /// Empty the app through the control plane (emulators only).
    pub async fn reset(&self) -> Result<(), String> {
        let url = format!("{}/_emulator/apps/{}/reset", self.base, self.app_id);
        let resp = self
            .client
            .post(url)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(format!("reset answered {}", resp.status()))
        }
    }

    /// A control-plane call (`/_emulator/...`) with an optional JSON body, e.g. to plant a fault.
    pub async fn control(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Answer, String> {
        self.send(&HttpRequest {
            method: method.to_string(),
            path: path.to_string(),
            root: Root::Server,
            key: KeyChoice::Rest,
            query: BTreeMap::new(),
            headers: BTreeMap::new(),
            body: body.map_or(Body::Empty, Body::Json),
        })
        .await
    }

    /// Send one request.
    pub async fn send(&self, req: &HttpRequest) -> Result<Answer, String> {
        let url = match req.root {
            // A captured absolute link (an outbox email's) is followed only on this target's host.
            Root::Server => match req.path.strip_prefix(self.base.as_str()) {
                Some(rest) => format!("{}{rest}", self.base),
                None if req.path.starts_with('/') => format!("{}{}", self.base, req.path),
                None => {
                    return Err(
                        "a server path must start with / or with the target's base URL".into(),
                    )
                }
            },
            Root::App => {
                let key = match req.key {
                    KeyChoice::Rest => self.api_key.as_str(),
                    KeyChoice::CloudCode => self
                        .cloud_code_key
                        .as_deref()
                        .ok_or("this step needs the Cloud Code key (--cloud-code-key)")?,
                    KeyChoice::Invalid => "00000000-C0F0-4000-8000-000000000000",
                };
                format!("{}/{}/{}{}", self.base, self.app_id, key, req.path)
            }
        };
        let mut builder = self.client.request(method_of(&req.method), url);
        if !req.query.is_empty() {
            builder = builder.query(&req.query.iter().collect::<Vec<_>>());
        }
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        builder = match &req.body {
            Body::Empty => builder,
            Body::Json(v) => builder.json(v),
            Body::Text(t)
                if req
                    .headers
                    .keys()
                    .any(|k| k.eq_ignore_ascii_case("content-type")) =>
            {
                builder.body(t.clone())
            }
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
            .map_err(|e| format!("request failed: {e}"))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| format!("reading the answer: {e}"))?;
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
}

/// Start an in-process emulator (seeded: ids and its virtual clock are deterministic).
#[cfg(feature = "emulator")]
async fn start_emulator(client: reqwest::Client) -> Result<Target, String> {
    use backendless_emulator::{Emulator, KeyKind};
    let emulator = Emulator::builder()
        .seed(1)
        .start()
        .await
        .map_err(|e| format!("cannot start the in-process emulator: {e}"))?;
    Ok(Target {
        label: "emulator".into(),
        base: emulator.base_url().to_string(),
        app_id: emulator.app_id().to_string(),
        api_key: emulator.api_key().to_string(),
        cloud_code_key: Some(emulator.key(KeyKind::Bl).to_string()),
        client,
        capabilities: BTreeSet::new(),
        _emulator: Some(Box::new(emulator)),
    })
}

#[cfg(not(feature = "emulator"))]
async fn start_emulator(_client: reqwest::Client) -> Result<Target, String> {
    Err(
        "this runner was built without the in-process emulator (feature `emulator`): \
         give the URL of a running emulator or app"
            .into(),
    )
}

fn method_of(m: &str) -> reqwest::Method {
    reqwest::Method::from_bytes(m.to_ascii_uppercase().as_bytes()).unwrap_or(reqwest::Method::GET)
}

/// The host part of a URL (what reports may show).
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?']).next().unwrap_or(rest).to_string()
}
