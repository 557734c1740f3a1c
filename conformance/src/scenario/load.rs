//! Loading scenario files: parse, check against `specs/scenario.schema.json`, name them after
//! their path, and refuse duplicate step names.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Scenario;

/// The scenario JSON Schema, compiled in.
pub(super) const SCENARIO_SCHEMA: &str = include_str!("../../../specs/scenario.schema.json");

/// Why a scenario file could not be used.
#[derive(Debug)]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for LoadError {}

fn validator() -> Result<jsonschema::Validator, String> {
    let schema: Value = serde_json::from_str(SCENARIO_SCHEMA).map_err(|e| e.to_string())?;
    jsonschema::validator_for(&schema).map_err(|e| e.to_string())
}

/// Every `*.json` under `dir` (recursively), sorted by name.
pub fn load_dir(dir: &Path) -> Result<Vec<Scenario>, LoadError> {
    let err = |path: &Path, reason: String| LoadError {
        path: path.to_path_buf(),
        reason,
    };
    let schema = validator().map_err(|e| err(dir, format!("scenario schema: {e}")))?;
    let mut files = Vec::new();
    collect(dir, &mut files).map_err(|e| err(dir, e.to_string()))?;
    files.sort();
    let mut scenarios = Vec::new();
    for file in files {
        let rel = file.strip_prefix(dir).unwrap_or(&file);
        let default_name = rel
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        scenarios.push(parse(&file, &default_name, &schema)?);
    }
    Ok(scenarios)
}

/// One scenario file, named `default_name` unless it names itself.
pub fn load_file(path: &Path, default_name: &str) -> Result<Scenario, LoadError> {
    let schema = validator().map_err(|e| LoadError {
        path: path.to_path_buf(),
        reason: format!("scenario schema: {e}"),
    })?;
    parse(path, default_name, &schema)
}

fn parse(
    path: &Path,
    default_name: &str,
    schema: &jsonschema::Validator,
) -> Result<Scenario, LoadError> {
    let err = |reason: String| LoadError {
        path: path.to_path_buf(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| err(format!("not JSON: {e}")))?;
    if let Some(first) = schema.iter_errors(&value).next() {
        return Err(err(format!(
            "does not match specs/scenario.schema.json at '{}': {first}",
            first.instance_path
        )));
    }
    let mut scenario: Scenario =
        serde_json::from_value(value).map_err(|e| err(format!("bad scenario: {e}")))?;
    if scenario.name.is_empty() {
        scenario.name = default_name.to_string();
    }
    scenario.source = Some(path.to_path_buf());
    let mut seen = std::collections::BTreeSet::new();
    for (_, step) in scenario.phases() {
        if !seen.insert(step.name.as_str()) {
            return Err(err(format!("step name '{}' is used twice", step.name)));
        }
    }
    Ok(scenario)
}

/// Set a scenario file's `provenance` (the rest of the file is kept as it is, key order too).
pub fn set_provenance(path: &Path, provenance: &super::Provenance) -> Result<(), LoadError> {
    let err = |reason: String| LoadError {
        path: path.to_path_buf(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    let mut value: Value =
        serde_json::from_str(&text).map_err(|e| err(format!("not JSON: {e}")))?;
    let Some(map) = value.as_object_mut() else {
        return Err(err("not a JSON object".into()));
    };
    let new = serde_json::to_value(provenance).map_err(|e| err(e.to_string()))?;
    if map.contains_key("provenance") {
        map.insert("provenance".into(), new);
    } else {
        // After `requires` (or first), where the corpus keeps it.
        let mut out = serde_json::Map::new();
        let after = if map.contains_key("requires") {
            "requires"
        } else {
            ""
        };
        if after.is_empty() {
            out.insert("provenance".into(), new.clone());
        }
        for (k, v) in std::mem::take(map) {
            let here = k == after;
            out.insert(k, v);
            if here {
                out.insert("provenance".into(), new.clone());
            }
        }
        *map = out;
    }
    let text = serde_json::to_string_pretty(&value).map_err(|e| err(e.to_string()))?;
    std::fs::write(path, text + "\n").map_err(|e| err(e.to_string()))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}
