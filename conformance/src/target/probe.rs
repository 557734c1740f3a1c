//! Finding out what a URL serves before anything is sent to it: an emulator (its control plane
//! answers `/_emulator/health`; the run gets a throwaway app there) or a Backendless app (its
//! credentials are checked with one harmless read, and its clock estimated from the `Date`
//! header); then which services it offers. Anything that stops a run is an error with one clear
//! message.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::http::{method_of, without_url};
use super::{host_of, Kind, Target, TargetSpec, CONTROL_TOKEN_HEADER, SERVICES};

/// Codes Backendless answers for a wrong application id or API key.
const CREDENTIAL_CODES: &[u64] = &[2002, 3001, 3007, 8022];

/// Connect to a URL that is not the in-process emulator.
pub(super) async fn remote(client: reqwest::Client, spec: &TargetSpec) -> Result<Target, String> {
    let label = host_of(&spec.url);
    match kind_of(&client, spec).await? {
        Kind::Emulator => throwaway_app(client, spec, label).await,
        _ => app(client, spec, label).await,
    }
}

/// Whether a URL serves an emulator's control plane ([`Kind::Emulator`]) or not
/// ([`Kind::Real`]): one `GET /_emulator/health`.
pub(super) async fn kind_of(client: &reqwest::Client, spec: &TargetSpec) -> Result<Kind, String> {
    let label = host_of(&spec.url);
    let base = spec.url.trim_end_matches('/');
    if !base.starts_with("http://") && !base.starts_with("https://") {
        return Err(format!(
            "--target {label}: give an http(s) URL, or `emulator` for an in-process emulator"
        ));
    }
    let mut health = client.get(format!("{base}/_emulator/health"));
    if let Some(token) = spec.control_token.as_deref().filter(|t| !t.is_empty()) {
        health = health.header(CONTROL_TOKEN_HEADER, token);
    }
    let answer = health
        .send()
        .await
        .map_err(|e| format!("cannot reach {label}: {}", without_url(e)))?;
    let status = answer.status().as_u16();
    let body: Value = answer.json().await.unwrap_or(Value::Null);
    if matches!(status, 401 | 403) && body["code"].is_u64() {
        return Err(format!(
            "the emulator at {label} refused the control-plane token (give it with \
             --control-token or BACKENDLESS_EMULATOR_CONTROL_TOKEN)"
        ));
    }
    Ok(if status == 200 && body["status"] == "ok" {
        Kind::Emulator
    } else {
        Kind::Real
    })
}

/// On an emulator the runner did not start: a new app for this run.
async fn throwaway_app(
    client: reqwest::Client,
    spec: &TargetSpec,
    label: String,
) -> Result<Target, String> {
    let mut target = Target::new(client, spec, label.clone(), Kind::Emulator);
    target.capabilities.insert("control".into());
    let name = format!("conform-{}", spec.run);
    let answer = target
        .control("POST", "/_emulator/apps", Some(json!({"name": name})))
        .await
        .map_err(|e| format!("cannot create a throwaway app on {label}: {e}"))?;
    let keys = &answer.body["keys"];
    match (answer.body["id"].as_str(), keys["REST"].as_str()) {
        (Some(id), Some(rest)) if (200..300).contains(&answer.status) => {
            target.app_id = id.to_string();
            target.api_key = rest.to_string();
            target.learn_keys(keys);
            target.throwaway = true;
            Ok(target)
        }
        _ => Err(format!(
            "cannot create a throwaway app on {label}: HTTP {} {}",
            answer.status,
            answer.body["message"].as_str().unwrap_or("")
        )),
    }
}

/// A Backendless app: credentials are required and checked.
async fn app(client: reqwest::Client, spec: &TargetSpec, label: String) -> Result<Target, String> {
    let need = |v: &Option<String>, what: &str| {
        v.clone()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| format!("{what} is required for target {label}"))
    };
    let app_id = need(&spec.app_id, "--app-id")?;
    let api_key = need(&spec.api_key, "--api-key")?;
    let base = spec.url.trim_end_matches('/');
    let before = chrono::Utc::now().timestamp_millis();
    let answer = client
        .get(format!("{base}/{app_id}/{api_key}/users/userclassprops"))
        .send()
        .await
        .map_err(|e| format!("cannot reach {label}: {}", without_url(e)))?;
    let after = chrono::Utc::now().timestamp_millis();
    let status = answer.status().as_u16();
    let date = answer
        .headers()
        .get("date")
        .and_then(|d| d.to_str().ok())
        .and_then(|d| chrono::DateTime::parse_from_rfc2822(d).ok())
        .map(|d| d.timestamp_millis());
    let body: Value = answer.json().await.unwrap_or(Value::Null);
    let code = body["code"].as_u64();
    if code.is_some_and(|c| CREDENTIAL_CODES.contains(&c)) || matches!(status, 401 | 403) {
        return Err(format!(
            "{label} rejected the credentials: wrong application id or API key (HTTP {status}{})",
            code.map_or(String::new(), |c| format!(", code {c}"))
        ));
    }
    if status == 404 && code.is_none() {
        return Err(format!(
            "{label} does not answer like a Backendless server (HTTP 404 for /users/userclassprops)"
        ));
    }
    let mut target = Target::new(client, spec, label, Kind::Real);
    target.app_id = app_id;
    target.api_key = api_key;
    // The Date header has whole seconds: the tolerance of the time checks covers the rest.
    target.skew = date.map_or(0, |d| d + 500 - (before + after) / 2);
    Ok(target)
}

/// The services (and the console API) a target offers, each found by one harmless request.
pub(super) async fn services(
    client: &reqwest::Client,
    base: &str,
    app_id: &str,
    api_key: &str,
) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    // The console API on the target's own host: without an auth key it answers a coded
    // refusal (a host that does not serve it answers a plain 404).
    if let Ok(resp) = client
        .get(format!("{base}/console/home/myaccount"))
        .send()
        .await
    {
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        if body["code"].is_u64() {
            found.insert("console".into());
        }
    }
    for (service, method, path) in SERVICES {
        let url = format!("{base}/{app_id}/{api_key}{path}");
        let mut req = client.request(method_of(method), url);
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
            found.insert((*service).to_string());
        }
    }
    found
}

/// Whether a string is a GUID (8-4-4-4-12 hex digits).
pub fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}
