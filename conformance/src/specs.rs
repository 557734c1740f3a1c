//! The specification files the runner reads, compiled in from `specs/`: the operation catalogue
//! (`operations.json`), the error catalogue (`errors.json`) and every response schema
//! (`responses/*.schema.json`). Nothing here depends on the emulator crate, so a runner built
//! with `--no-default-features` knows the same operations, codes and schemas.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// `specs/operations.json`.
pub const OPERATIONS_JSON: &str = include_str!("../../specs/operations.json");

/// `specs/errors.json`.
pub const ERRORS_JSON: &str = include_str!("../../specs/errors.json");

/// `(stem, text)` of every `specs/responses/<stem>.schema.json`, sorted by stem.
pub const RESPONSE_SCHEMAS: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/response_schemas.rs"));

/// One path parameter's enumeration in the catalogue.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PathParam {
    /// The values the parameter takes.
    #[serde(rename = "enum", default)]
    pub values: Vec<String>,
}

/// The fields of one `operations.json` entry the runner uses (other fields are ignored, so the
/// catalogue may grow without breaking the runner).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// `service.name`.
    pub id: String,
    /// Spec file and section, e.g. `users.md U1`.
    #[serde(default)]
    pub spec: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Path template (relative to the app root, or absolute for `root: server`).
    pub path: String,
    /// `app` or `server`.
    pub root: String,
    /// `implemented`, `partial`, `unsupported` or `pending`.
    pub status: String,
    /// Stem of the success schema in `specs/responses/`.
    #[serde(default)]
    pub response: Option<String>,
    /// The name reports use, when it differs from `id (spec id)`.
    #[serde(default)]
    pub report_name: Option<String>,
    /// The path parameter spanning several segments.
    #[serde(default)]
    pub multi_segment: Option<String>,
    /// Enumerations of path parameters.
    #[serde(default)]
    pub path_params: BTreeMap<String, PathParam>,
}

/// One documented error code.
#[derive(Debug, Clone, Deserialize)]
pub struct ErrorCode {
    /// Backendless code.
    pub code: u32,
    /// HTTP status.
    pub http: u16,
    /// Message template.
    pub message: String,
}

/// Parse the operation catalogue.
pub fn operations() -> Result<Vec<Entry>, String> {
    serde_json::from_str(OPERATIONS_JSON).map_err(|e| format!("specs/operations.json: {e}"))
}

/// The error catalogue, in code order (parsed once; the file is compiled in and unit-tested, so a
/// parse failure is a build bug and yields an empty list).
pub fn errors() -> &'static [ErrorCode] {
    static ERRORS: OnceLock<Vec<ErrorCode>> = OnceLock::new();
    ERRORS.get_or_init(|| {
        let mut codes: Vec<ErrorCode> = serde_json::from_str(ERRORS_JSON).unwrap_or_default();
        codes.sort_by_key(|c| c.code);
        codes
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogues_parse() {
        assert!(operations().expect("operations.json parses").len() > 250);
        assert!(errors().len() > 100);
        assert!(errors().iter().any(|e| e.code == 3003 && e.http == 401));
    }

    #[test]
    fn every_response_schema_file_is_embedded_and_parses() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/responses");
        let on_disk = std::fs::read_dir(dir).expect("specs/responses").count();
        assert_eq!(RESPONSE_SCHEMAS.len(), on_disk);
        for (stem, text) in RESPONSE_SCHEMAS {
            serde_json::from_str::<serde_json::Value>(text)
                .unwrap_or_else(|e| panic!("{stem}: {e}"));
        }
    }

    #[test]
    fn every_schema_an_operation_names_exists() {
        for op in operations().expect("parses") {
            if let Some(r) = &op.response {
                assert!(
                    RESPONSE_SCHEMAS.iter().any(|(s, _)| s == r),
                    "{}: no schema {r}",
                    op.id
                );
            }
        }
    }
}
