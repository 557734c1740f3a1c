//! Scenarios as data: the JSON format (`specs/scenario.schema.json`) and loading a corpus.
//!
//! A scenario is a list of steps (setup, steps, teardown); a step is one HTTP request with
//! captures (JSON pointer → variable) and expectations (status, error code, body matchers).

mod load;
pub mod vars;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use load::{load_dir, load_file, set_provenance, LoadError};

/// One scenario file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Scenario {
    /// `<service>/<file stem>`, filled in from the path when absent.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// What the scenario shows.
    #[serde(default)]
    pub description: String,
    /// Services the target must offer, else the scenario is skipped.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Where the scenario was validated.
    #[serde(default)]
    pub provenance: Provenance,
    /// Variables defined before the first step (templates may use `{{run}}`, `{{unique}}`).
    #[serde(default, rename = "let", skip_serializing_if = "BTreeMap::is_empty")]
    pub vars: BTreeMap<String, Value>,
    /// Steps that prepare state; their results are diffed but they are not the point.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub setup: Vec<Step>,
    /// The steps under test.
    pub steps: Vec<Step>,
    /// Steps that clean up; they always run, only 5xx answers fail them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teardown: Vec<Step>,
    /// The file it was read from (for `--update-provenance`).
    #[serde(skip)]
    pub source: Option<std::path::PathBuf>,
}

/// The literal `"emulator-only"`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
pub enum EmulatorOnly {
    /// `"emulator-only"`.
    #[default]
    #[serde(rename = "emulator-only")]
    Only,
}

/// `emulator-only`, or the date and host a scenario was validated on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Provenance {
    /// Only ever run against the emulator.
    EmulatorOnly(EmulatorOnly),
    /// Validated against a real app.
    Validated {
        /// `YYYY-MM-DD`.
        validated: String,
        /// Host of the real app (no credentials).
        host: String,
    },
}

impl Default for Provenance {
    fn default() -> Self {
        Provenance::EmulatorOnly(EmulatorOnly::Only)
    }
}

impl Provenance {
    /// `emulator-only` or `validated YYYY-MM-DD on host`.
    pub fn label(&self) -> String {
        match self {
            Provenance::EmulatorOnly(_) => "emulator-only".into(),
            Provenance::Validated { validated, host } => format!("validated {validated} on {host}"),
        }
    }
}

/// One request with its captures and expectations.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Step {
    /// Unique within the scenario; names the step in diffs and divergences.
    pub name: String,
    /// The HTTP request.
    pub request: Request,
    /// JSON pointer into the answer body → variable name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capture: BTreeMap<String, String>,
    /// What the answer must look like.
    #[serde(default, skip_serializing_if = "is_default")]
    pub expect: Expect,
    /// What two targets' answers are diffed on (default: status and body).
    #[serde(default, skip_serializing_if = "is_default")]
    pub compare: Compare,
}

/// What of a step's answer is diffed between targets.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub enum Compare {
    /// Status and normalised body.
    #[default]
    Full,
    /// Status only (for answers whose order or content is target-specific, like a list of
    /// every app); expectations still apply to the body.
    Status,
}

/// Which API key the request uses.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub enum KeyChoice {
    /// The key given with `--api-key` (REST).
    #[default]
    Rest,
    /// The Cloud Code (BL) key: `--cloud-code-key`, or read from an emulator's control plane.
    CloudCode,
    /// A key no app has (for the 2002 "wrong application info" answers).
    Invalid,
    /// The JavaScript SDK's key (some answers depend on the client kind, e.g. the `JSUser` role).
    Js,
    /// The Android SDK's key.
    Android,
    /// The iOS SDK's key.
    Ios,
    /// The .NET / Windows key.
    Wp,
    /// The ActionScript key.
    As,
}

impl KeyChoice {
    /// The key kind as Backendless names it (`REST`, `JS`, `BL`, ...); `None` for `invalid`.
    pub fn kind(self) -> Option<&'static str> {
        Some(match self {
            KeyChoice::Rest => "REST",
            KeyChoice::CloudCode => "BL",
            KeyChoice::Js => "JS",
            KeyChoice::Android => "ANDROID",
            KeyChoice::Ios => "IOS",
            KeyChoice::Wp => "WP",
            KeyChoice::As => "AS",
            KeyChoice::Invalid => return None,
        })
    }

    /// The choice for a key kind name (`JS` → `js`); `None` for an unknown kind.
    pub fn of_kind(kind: &str) -> Option<KeyChoice> {
        [
            KeyChoice::Rest,
            KeyChoice::CloudCode,
            KeyChoice::Js,
            KeyChoice::Android,
            KeyChoice::Ios,
            KeyChoice::Wp,
            KeyChoice::As,
        ]
        .into_iter()
        .find(|k| k.kind().is_some_and(|n| n.eq_ignore_ascii_case(kind)))
    }
}

/// Which root a path is relative to.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub enum Root {
    /// `URL/{appId}/{apiKey}`.
    #[default]
    App,
    /// `URL` itself (the emulator's control plane `/_emulator/...`).
    Server,
}

/// An HTTP request; strings may hold `{{variables}}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Request {
    /// GET, POST, PUT, DELETE, PATCH.
    pub method: String,
    /// Path relative to the root, starting with `/`.
    pub path: String,
    /// App root (default) or server root.
    #[serde(default, skip_serializing_if = "is_default")]
    pub root: Root,
    /// API key kind.
    #[serde(default, skip_serializing_if = "is_default")]
    pub key: KeyChoice,
    /// Query parameters (encoded by the runner).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub query: BTreeMap<String, String>,
    /// Extra headers, e.g. `{"user-token": "{{token}}"}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// A JSON body (`null` included).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub json: Option<Value>,
    /// A `text/plain` body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// A `multipart/form-data` body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multipart: Option<Vec<Part>>,
    /// A raw body, base64-encoded (sent with the request's `content-type` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base64: Option<String>,
}

/// One multipart part.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Part {
    /// Form field name (`file` for uploads).
    pub name: String,
    /// File name, when the part is a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// Content.
    pub text: String,
    /// Content type of the part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// Expectations on an answer; every present field must hold.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Expect {
    /// HTTP status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Backendless error code (implies a non-2xx status and the error body shape).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<u32>,
    /// The whole body, exactly (`null` included: a present `null` means an empty answer).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub body: Option<Value>,
    /// Every field given must be present with this value (recursively).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub subset: Option<Value>,
    /// JSON pointer → JSON type name (`string`, `number`, `integer`, `boolean`, `null`, `object`, `array`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub types: BTreeMap<String, String>,
    /// JSON pointer → regex the string there must match.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub regex: BTreeMap<String, String>,
    /// JSON pointer (`""` = the body) → array length.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub length: BTreeMap<String, usize>,
    /// JSON pointers that must not exist.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<String>,
    /// JSON pointer → inclusive bounds of the number there (for values that move with a clock).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub range: BTreeMap<String, Range>,
    /// The whole body after normalisation (what `proxy` records from a real answer).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub normalized: Option<Value>,
}

/// Inclusive bounds; each may be a number or a `{{variable}}` holding one.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// Lower bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Value>,
    /// Upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Value>,
}

/// A field that is present is `Some`, even when it is `null` (serde would make that `None`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

impl Scenario {
    /// Every step in run order with its phase.
    pub fn phases(&self) -> impl Iterator<Item = (Phase, &Step)> {
        self.setup
            .iter()
            .map(|s| (Phase::Setup, s))
            .chain(self.steps.iter().map(|s| (Phase::Test, s)))
            .chain(self.teardown.iter().map(|s| (Phase::Teardown, s)))
    }

    /// The service directory of the scenario (`users` for `users/login`).
    pub fn service(&self) -> &str {
        self.name.split('/').next().unwrap_or("")
    }

    /// Whether any step needs the Cloud Code key.
    pub fn needs_cloud_code(&self) -> bool {
        self.phases()
            .any(|(_, s)| s.request.key == KeyChoice::CloudCode)
    }

    /// The key kinds (`JS`, `ANDROID`, ...) the steps need besides REST, Cloud Code and invalid.
    pub fn client_keys(&self) -> std::collections::BTreeSet<&'static str> {
        self.phases()
            .filter(|(_, s)| {
                !matches!(
                    s.request.key,
                    KeyChoice::Rest | KeyChoice::CloudCode | KeyChoice::Invalid
                )
            })
            .filter_map(|(_, s)| s.request.key.kind())
            .collect()
    }

    /// Whether any step calls the emulator's control plane (`/_emulator/...` on the server root;
    /// console paths are on the server root too, but real hosts may serve them).
    pub fn needs_control_plane(&self) -> bool {
        self.phases().any(|(_, s)| {
            let path = s.request.path.as_str();
            let path = path
                .split_once("://")
                .map_or(path, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
            s.request.root == Root::Server && path.starts_with("/_emulator")
        })
    }
}

/// Where a step sits in its scenario.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    /// Preparation.
    Setup,
    /// Under test.
    Test,
    /// Clean-up.
    Teardown,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_present_null_body_is_an_expectation_and_an_absent_one_is_not() {
        let with: Expect = serde_json::from_str(r#"{"body": null}"#).expect("parses");
        let without: Expect = serde_json::from_str("{}").expect("parses");
        assert_eq!(with.body, Some(Value::Null));
        assert_eq!(without.body, None);
    }

    #[test]
    fn provenance_is_a_label_or_a_date_and_host() {
        let only: Provenance = serde_json::from_str(r#""emulator-only""#).expect("label parses");
        let real: Provenance =
            serde_json::from_str(r#"{"validated": "2026-05-01", "host": "api.backendless.com"}"#)
                .expect("validation parses");
        assert_eq!(only.label(), "emulator-only");
        assert_eq!(real.label(), "validated 2026-05-01 on api.backendless.com");
    }
}
