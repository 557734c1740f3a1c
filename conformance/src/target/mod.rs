//! Targets: an app reached over HTTP at `URL/{appId}/{apiKey}`, or an emulator started in-process
//! (`emulator`) and then also reached over HTTP only. Connecting finds out what the target is
//! ([`Kind`]: an emulator the runner started, one it did not start, or a real app), refuses to go
//! on when it cannot be reached or rejects the credentials, and probes which services it offers
//! so scenarios that need a missing one are skipped, not failed. On an emulator it did not start
//! the run works in a throwaway app of its own, deleted by [`Target::close`]. Every request
//! passes the [`safety`] guard first.

mod guard;
mod http;
#[cfg(feature = "emulator")]
mod owned;
mod plan;
mod probe;
mod request;
pub mod safety;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value;

use crate::scenario::{KeyChoice, Root};
pub use http::without_url as describe_error;
pub use probe::is_guid;
pub use request::{host_of, url_path, Answer, Body, HttpRequest};
pub use safety::Kind;

/// The header that carries the emulator's control-plane token.
pub const CONTROL_TOKEN_HEADER: &str = "x-emulator-token";

/// How to reach a target (credentials never leave this struct in a report).
#[derive(Debug, Clone, Default)]
pub struct TargetSpec {
    /// Base URL, or `emulator` to start one in-process.
    pub url: String,
    /// Application id (not needed for an emulator).
    pub app_id: Option<String>,
    /// REST API key (not needed for an emulator).
    pub api_key: Option<String>,
    /// Cloud Code (BL) key, for steps with `"key": "cloudCode"`.
    pub cloud_code_key: Option<String>,
    /// The emulator's control-plane token (`x-emulator-token`), when it requires one.
    pub control_token: Option<String>,
    /// The run token: names the throwaway app and tells the guard what the run made.
    pub run: String,
    /// Lift the [`safety`] refusals.
    pub allow_destructive: bool,
    /// Requests per second at most (`None` = as fast as answers come).
    pub rate: Option<f64>,
    /// Other keys by kind (`JS`, `ANDROID`, `IOS`, `WP`, `AS`), for steps that use them.
    pub keys: BTreeMap<String, String>,
}

/// A connected target.
pub struct Target {
    /// `emulator`, or the host of the URL (no credentials).
    pub label: String,
    /// What the target is.
    pub kind: Kind,
    base: String,
    app_id: String,
    api_key: String,
    cloud_code_key: Option<String>,
    /// Client keys by kind (`JS`, ...), besides REST and Cloud Code.
    client_keys: BTreeMap<String, String>,
    control_token: Option<String>,
    run: String,
    allow_destructive: bool,
    /// The app was made for this run (deleted by [`Target::close`]).
    throwaway: bool,
    /// Target clock minus local clock (ms), estimated for targets without a control plane.
    skew: i64,
    client: reqwest::Client,
    limiter: Option<http::Limiter>,
    /// Values (ids) the run's own writes produced: what the guard lets it delete.
    created: Mutex<HashSet<String>>,
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
    /// Connect: start an in-process emulator for `emulator`; otherwise find out what the URL
    /// serves (an emulator gets a throwaway app, an app's credentials are checked), then probe
    /// the services. An unreachable target or rejected credentials are an error.
    pub async fn connect(spec: &TargetSpec) -> Result<Target, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        let mut target = if spec.url == "emulator" {
            start_emulator(client, spec).await?
        } else {
            probe::remote(client, spec).await?
        };
        target.probe_services().await;
        Ok(target)
    }

    fn new(client: reqwest::Client, spec: &TargetSpec, label: String, kind: Kind) -> Target {
        Target {
            label,
            kind,
            base: spec.url.trim_end_matches('/').to_string(),
            app_id: spec.app_id.clone().unwrap_or_default(),
            api_key: spec.api_key.clone().unwrap_or_default(),
            cloud_code_key: spec.cloud_code_key.clone().filter(|s| !s.is_empty()),
            client_keys: spec
                .keys
                .iter()
                .map(|(k, v)| (k.to_ascii_uppercase(), v.clone()))
                .collect(),
            control_token: spec.control_token.clone().filter(|s| !s.is_empty()),
            run: spec.run.clone(),
            allow_destructive: spec.allow_destructive,
            throwaway: false,
            skew: 0,
            client,
            limiter: spec.rate.and_then(http::Limiter::new),
            created: Mutex::new(HashSet::new()),
            capabilities: BTreeSet::new(),
            _emulator: None,
        }
    }

    /// The app id (for `{{appId}}`; redacted from reports by the normaliser).
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The run token the target was connected with.
    pub fn run(&self) -> &str {
        &self.run
    }

    /// Whether the run works in an app made for it.
    pub fn is_throwaway(&self) -> bool {
        self.throwaway
    }

    /// Strings that must never appear in a report: app id, keys, control token, base URL.
    pub fn secrets(&self) -> Vec<(String, &'static str)> {
        let mut s = vec![
            (self.base.clone(), "<base>"),
            (self.api_key.clone(), "<apiKey>"),
            (self.app_id.clone(), "<appId>"),
        ];
        if let Some(k) = &self.cloud_code_key {
            s.push((k.clone(), "<cloudCodeKey>"));
        }
        s.extend(self.client_keys.values().map(|k| (k.clone(), "<apiKey>")));
        if let Some(t) = &self.control_token {
            s.push((t.clone(), "<controlToken>"));
        }
        s.retain(|(v, _)| !v.is_empty());
        s
    }

    /// Whether the target is an emulator with a control plane.
    pub fn has_control_plane(&self) -> bool {
        self.capabilities.contains("control")
    }

    /// The target app's clock now (epoch ms): read from an emulator's control plane, estimated
    /// from the `Date` header for an app; `None` when it cannot be known.
    pub async fn clock_now(&self) -> Option<i64> {
        if self.kind == Kind::Real {
            return Some(chrono::Utc::now().timestamp_millis() + self.skew);
        }
        let path = format!("/_emulator/apps/{}/clock", self.app_id);
        let answer = self.control("GET", &path, None).await.ok()?;
        answer.body["now"].as_i64()
    }

    /// How far (ms) the target's clock may disagree with [`Target::clock_now`].
    pub fn clock_tolerance(&self) -> i64 {
        match self.kind {
            Kind::Real => 2_000,
            _ => 0,
        }
    }

    /// Empty the app through the control plane (emulators only).
    pub async fn reset(&self) -> Result<(), String> {
        let path = format!("/_emulator/apps/{}/reset", self.app_id);
        let answer = self.control("POST", &path, None).await?;
        if (200..300).contains(&answer.status) {
            Ok(())
        } else {
            Err(format!("reset answered {}", answer.status))
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

    /// Send one request: refused by the guard, spaced by `--rate`, retried with backoff while
    /// the target throttles.
    pub async fn send(&self, req: &HttpRequest) -> Result<Answer, String> {
        if let Some(reason) = self.refusal(req) {
            return Err(format!(
                "not sent: {} {} {reason} (--allow-destructive sends it)",
                req.method,
                self.redacted(&req.path)
            ));
        }
        let url = self.url_of(req)?;
        let control = req.root == Root::Server && url_path(&req.path).starts_with("/_emulator");
        let token = self.control_token.as_deref().filter(|_| control);
        let extra: Vec<(&str, &str)> = token
            .map(|t| (CONTROL_TOKEN_HEADER, t))
            .into_iter()
            .collect();
        let mut attempt = 0;
        loop {
            if let Some(limiter) = &self.limiter {
                limiter.wait().await;
            }
            let answer = http::send_once(&self.client, url.clone(), req, &extra).await?;
            if !http::throttled(&answer) || attempt >= http::RETRIES {
                self.remember(req, &answer);
                return Ok(answer);
            }
            tokio::time::sleep(http::backoff(attempt, &answer)).await;
            attempt += 1;
        }
    }

    fn url_of(&self, req: &HttpRequest) -> Result<String, String> {
        Ok(match req.root {
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
                    other => {
                        let kind = other.kind().unwrap_or("?");
                        self.client_keys
                            .get(kind)
                            .map(String::as_str)
                            .ok_or_else(|| {
                                format!(
                                    "this step needs the {kind} key (--key {}=KEY)",
                                    kind.to_ascii_lowercase()
                                )
                            })?
                    }
                };
                format!("{}/{}/{}{}", self.base, self.app_id, key, req.path)
            }
        })
    }

    /// Undo what connecting made: delete the throwaway app. Always call it, also after a failed
    /// or interrupted run; answers what could not be undone.
    pub async fn close(&self) -> Result<(), String> {
        if !self.throwaway {
            return Ok(());
        }
        let path = format!("/_emulator/apps/{}", self.app_id);
        match self.control("DELETE", &path, None).await {
            Ok(a) if (200..300).contains(&a.status) || a.status == 404 => Ok(()),
            Ok(a) => Err(format!(
                "the throwaway app on {} could not be deleted (HTTP {})",
                self.label, a.status
            )),
            Err(e) => Err(format!(
                "the throwaway app on {} could not be deleted: {e}",
                self.label
            )),
        }
    }

    async fn probe_services(&mut self) {
        if self.has_control_plane()
            && (self.cloud_code_key.is_none() || self.client_keys.is_empty())
        {
            let path = format!("/_emulator/apps/{}", self.app_id);
            if let Ok(answer) = self.control("GET", &path, None).await {
                self.learn_keys(&answer.body["keys"]);
            }
        }
        if self.cloud_code_key.is_some() {
            self.capabilities.insert("cloudCode".into());
        }
        let kinds: Vec<String> = self
            .client_keys
            .keys()
            .map(|k| format!("key:{k}"))
            .collect();
        self.capabilities.extend(kinds);
        let found = probe::services(&self.client, &self.base, &self.app_id, &self.api_key).await;
        self.capabilities.extend(found);
    }

    /// Take the keys of an emulator's `keys` map (`{"REST": .., "BL": .., "JS": ..}`).
    fn learn_keys(&mut self, keys: &Value) {
        for (kind, key) in keys.as_object().into_iter().flatten() {
            let Some(key) = key.as_str() else { continue };
            match kind.as_str() {
                "REST" => {}
                "BL" => {
                    self.cloud_code_key.get_or_insert_with(|| key.to_string());
                }
                other => {
                    self.client_keys
                        .entry(other.to_string())
                        .or_insert_with(|| key.to_string());
                }
            }
        }
    }
}

#[cfg(feature = "emulator")]
use owned::start_emulator;

#[cfg(not(feature = "emulator"))]
async fn start_emulator(_client: reqwest::Client, _spec: &TargetSpec) -> Result<Target, String> {
    Err(
        "this runner was built without the in-process emulator (feature `emulator`): \
         give the URL of a running emulator or app"
            .into(),
    )
}
