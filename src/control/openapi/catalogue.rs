//! The operation catalogue `specs/operations.json` and the JSON Schemas it names
//! (`specs/responses/`, `specs/requests/`), compiled into the binary so the OpenAPI document
//! needs no file at run time. The conformance runner reads the same catalogue from here.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// `specs/operations.json`: one entry per documented operation and per control-plane route.
pub const OPERATIONS_JSON: &str = include_str!("../../../specs/operations.json");

/// `(stem, text)` of the named `specs/<dir>/<stem>.schema.json` files.
macro_rules! schemas {
    ($dir:literal: $($stem:literal),* $(,)?) => {
        &[$(($stem, include_str!(concat!("../../../specs/", $dir, "/", $stem, ".schema.json")))),*]
    };
}

/// Every `specs/responses/<stem>.schema.json` (a unit test checks the list is complete).
pub const RESPONSE_SCHEMAS: &[(&str, &str)] = schemas!("responses":
    "boolean", "confirmation-url", "console-app", "console-appsettings", "console-login",
    "control-app", "control-clock", "control-fault", "control-faults", "control-health",
    "control-log", "control-outbox", "control-snapshot", "control-snapshots", "deletion",
    "device-registration", "empty", "error", "file-info", "file-infos", "group", "group-result",
    "message-status", "messaging-messages", "messaging-subscription", "number", "object",
    "objects", "properties", "string", "strings", "timer", "timer-run", "timer-runs",
    "unit-of-work-result", "user", "user-property", "user-session", "users", "valid",
);

/// Every `specs/requests/<stem>.schema.json` (a unit test checks the list is complete).
pub const REQUEST_SCHEMAS: &[(&str, &str)] = schemas!("requests":
    "console-file", "data-query", "device", "email", "email-template", "file-rename",
    "file-transfer", "hive-kv-set", "hive-list-insert", "hive-value", "hive-zset-add",
    "hive-zset-score", "log-batch", "login", "object", "objects", "permission", "publish",
    "role-assignment", "strings", "unit-of-work", "url", "user-register", "user-status",
    "value", "values", "verify-password", "where",
);

/// Which URL an operation's path is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Root {
    /// The client-API root `/{appId}/{apiKey}` (or `/api`).
    App,
    /// The server itself: console and control-plane paths are absolute.
    Server,
}

/// How much of an operation the emulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Served as documented.
    Implemented,
    /// Served, with the gap its `note` names.
    Partial,
    /// Routed, but answers 99000 ("... is not supported by the emulator").
    Unsupported,
    /// Built on another branch: not served by this build yet (99001).
    Pending,
}

impl Status {
    /// The spelling used in `operations.json` and `x-emulator-status`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Implemented => "implemented",
            Status::Partial => "partial",
            Status::Unsupported => "unsupported",
            Status::Pending => "pending",
        }
    }
}

/// A credential an operation needs besides the API key in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Auth {
    /// The API key in the URL must be the CloudCode (BL) key.
    CloudCode,
    /// A `user-token` header of a live session is required.
    UserToken,
    /// The console developer `auth-key` header is required.
    #[serde(rename = "auth-key")]
    DeveloperKey,
}

/// Extra facts about one path parameter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathParam {
    /// The values the parameter takes.
    #[serde(rename = "enum", default)]
    pub values: Vec<String>,
}

/// One entry of `specs/operations.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Entry {
    /// Unique id, `service.name`; the OpenAPI `operationId`.
    pub id: String,
    /// Spec file and section, e.g. `users.md U1` (none for the control plane).
    pub spec: Option<String>,
    /// Service (OpenAPI tag).
    pub service: String,
    /// HTTP method.
    pub method: String,
    /// OpenAPI path template, relative to [`Entry::root`].
    pub path: String,
    /// What `path` is relative to.
    pub root: Root,
    /// How much of it the emulator serves.
    pub status: Status,
    /// Stem of the success schema in `specs/responses/` (none = any JSON).
    pub response: Option<String>,
    /// Stem of the body schema in `specs/requests/`.
    pub request: Option<String>,
    /// One line saying what it does.
    pub summary: String,
    /// What is missing (partial) or why it is refused (unsupported).
    #[serde(default)]
    pub note: Option<String>,
    /// The name conformance reports use, when it differs from `id (spec id)`.
    #[serde(default)]
    pub report_name: Option<String>,
    /// The path parameter whose value spans several segments (a file path).
    #[serde(default)]
    pub multi_segment: Option<String>,
    /// Credentials needed besides the API key.
    #[serde(default)]
    pub auth: Vec<Auth>,
    /// Query parameters the operation reads.
    #[serde(default)]
    pub query: Vec<String>,
    /// Enumerations of path parameters.
    #[serde(default)]
    pub path_params: BTreeMap<String, PathParam>,
    /// Media type of a body that is not JSON.
    #[serde(default)]
    pub request_type: Option<String>,
    /// Media type of an answer that is not JSON.
    #[serde(default)]
    pub response_type: Option<String>,
}

impl Entry {
    /// The parameter names of the path template, in order.
    pub fn path_params(&self) -> Vec<String> {
        params_of(&self.full_path())
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// The path as served: app-root paths get the `/{appId}/{apiKey}` prefix.
    pub fn full_path(&self) -> String {
        match self.root {
            Root::App => format!("/{{appId}}/{{apiKey}}{}", self.path),
            Root::Server => self.path.clone(),
        }
    }
}

/// The `{name}` parameters of a path template, in order.
pub fn params_of(template: &str) -> Vec<&str> {
    template
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

/// Parse the embedded catalogue.
pub fn entries() -> Result<Vec<Entry>, String> {
    serde_json::from_str(OPERATIONS_JSON).map_err(|e| format!("specs/operations.json: {e}"))
}

/// Parse an embedded schema, dropping `$id`/`$schema` and pointing its relative `$ref`s
/// (`object.schema.json`) at `#/components/schemas/<prefix><stem>`.
pub fn component_schema(text: &str, prefix: &str) -> Result<Value, String> {
    let mut value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if let Value::Object(map) = &mut value {
        map.remove("$id");
        map.remove("$schema");
    }
    rewrite_refs(&mut value, prefix);
    Ok(value)
}

fn rewrite_refs(value: &mut Value, prefix: &str) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(target) if key == "$ref" => {
                        if let Some(stem) = target.strip_suffix(".schema.json") {
                            *target = format!("#/components/schemas/{prefix}{stem}");
                        }
                    }
                    _ => rewrite_refs(child, prefix),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, prefix)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn stems_on_disk(dir: &str) -> Vec<String> {
        let path = format!("{}/specs/{dir}", env!("CARGO_MANIFEST_DIR"));
        let mut stems: Vec<String> = std::fs::read_dir(&path)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                name.strip_suffix(".schema.json").map(str::to_string)
            })
            .collect();
        stems.sort();
        stems
    }

    #[test]
    fn every_schema_file_is_embedded() {
        let embedded =
            |list: &[(&str, &str)]| list.iter().map(|(s, _)| s.to_string()).collect::<Vec<_>>();
        assert_eq!(embedded(RESPONSE_SCHEMAS), stems_on_disk("responses"));
        assert_eq!(embedded(REQUEST_SCHEMAS), stems_on_disk("requests"));
    }

    #[test]
    fn the_catalogue_parses_and_names_only_existing_schemas() {
        let entries = entries().expect("operations.json parses");
        assert!(entries.len() > 250, "{} entries", entries.len());
        let responses: HashSet<&str> = RESPONSE_SCHEMAS.iter().map(|(s, _)| *s).collect();
        let requests: HashSet<&str> = REQUEST_SCHEMAS.iter().map(|(s, _)| *s).collect();
        let mut ids = HashSet::new();
        for e in &entries {
            assert!(ids.insert(e.id.as_str()), "duplicate id {}", e.id);
            assert!(
                e.id.starts_with(&format!("{}.", e.service)),
                "{}: id not under its service",
                e.id
            );
            if let Some(r) = &e.response {
                assert!(
                    responses.contains(r.as_str()),
                    "{}: no response schema {r}",
                    e.id
                );
            }
            if let Some(r) = &e.request {
                assert!(
                    requests.contains(r.as_str()),
                    "{}: no request schema {r}",
                    e.id
                );
            }
            assert!(
                ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(&e.method.as_str()),
                "{}: method {}",
                e.id,
                e.method
            );
            assert!(e.path.starts_with('/'), "{}: path {}", e.id, e.path);
            let needs_note = matches!(e.status, Status::Partial | Status::Unsupported);
            assert!(
                !needs_note || e.note.is_some(),
                "{}: a {} operation says why in a note",
                e.id,
                e.status.as_str()
            );
            let params = e.path_params();
            let unique: HashSet<&String> = params.iter().collect();
            assert_eq!(
                unique.len(),
                params.len(),
                "{}: repeated path parameter",
                e.id
            );
            if let Some(m) = &e.multi_segment {
                assert!(
                    params.contains(m),
                    "{}: multiSegment {m} not in the path",
                    e.id
                );
            }
            for name in e.path_params.keys() {
                assert!(
                    params.contains(name),
                    "{}: pathParams {name} not in the path",
                    e.id
                );
            }
        }
    }

    #[test]
    fn templates_differing_only_in_parameter_names_do_not_exist() {
        // OpenAPI 3.1: "Templated paths with the same hierarchy but different templated names
        // MUST NOT exist as they are identical."
        let entries = entries().expect("operations.json parses");
        let mut seen: std::collections::HashMap<String, String> = Default::default();
        for e in &entries {
            let path = e.full_path();
            let shape: Vec<&str> = path
                .split('/')
                .map(|s| if s.starts_with('{') { "{}" } else { s })
                .collect();
            let shape = shape.join("/");
            if let Some(other) = seen.insert(shape.clone(), path.clone()) {
                assert_eq!(other, path, "{shape} is spelled two ways");
            }
        }
    }

    #[test]
    fn relative_refs_point_at_components() {
        let schema = component_schema(
            r#"{"$id": "x", "$schema": "y", "items": {"$ref": "object.schema.json"}}"#,
            "",
        )
        .expect("parses");
        assert_eq!(
            schema,
            serde_json::json!({"items": {"$ref": "#/components/schemas/object"}})
        );
    }
}
