//! A source scan: no error code is written as a number outside the `errors.rs` files (each
//! service names its errors there), except in the files `numeric_codes_allowed.txt` lists.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::catalog;

/// Files still allowed numeric codes, relative to `src/`, one a line (`#` starts a comment).
const ALLOWED: &str = include_str!("numeric_codes_allowed.txt");

/// Each `.rs` file under `dir` with the numeric codes passed to an `ApiError` constructor (or to
/// `Code::from`) in it, as `(line, code)`.
fn numeric_codes(dir: &Path) -> BTreeMap<PathBuf, Vec<(usize, u32)>> {
    let pattern = regex::Regex::new(r"(?:ApiError::(?:new|templated)|Code::from)\(\s*(\d+)")
        .expect("valid regex");
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                let hits: Vec<_> = pattern
                    .captures_iter(&text)
                    .filter_map(|cap| {
                        let m = cap.get(1)?;
                        let line = text[..m.start()].matches('\n').count() + 1;
                        Some((line, m.as_str().parse().ok()?))
                    })
                    .collect();
                if !hits.is_empty() {
                    let relative = p.strip_prefix(dir).unwrap_or(&p).to_path_buf();
                    found.insert(relative, hits);
                }
            }
        }
    }
    found
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn allowed() -> Vec<PathBuf> {
    ALLOWED
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect()
}

#[test]
fn no_numeric_error_code_outside_errors_files() {
    let allowed = allowed();
    let offenders: Vec<String> = numeric_codes(&src_dir())
        .into_iter()
        .filter(|(path, _)| !path.ends_with("errors.rs") && !allowed.contains(path))
        .flat_map(|(path, hits)| {
            hits.into_iter()
                .map(move |(line, code)| format!("src/{}:{line}: {code}", path.display()))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "numeric error codes outside errors.rs: name them with crate::error::Code and a \
         constructor in the service's errors.rs\n{}",
        offenders.join("\n")
    );
}

#[test]
fn allowed_files_still_hold_numeric_codes() {
    let found = numeric_codes(&src_dir());
    let stale: Vec<_> = allowed()
        .into_iter()
        .filter(|p| !found.contains_key(p))
        .collect();
    assert!(
        stale.is_empty(),
        "remove from src/error/numeric_codes_allowed.txt, they name all their codes: {stale:?}"
    );
}

#[test]
fn every_numeric_code_left_is_catalogued() {
    let missing: Vec<_> = numeric_codes(&src_dir())
        .into_iter()
        .flat_map(|(path, hits)| hits.into_iter().map(move |(_, code)| (path.clone(), code)))
        .filter(|(_, code)| !catalog().contains_key(code))
        .collect();
    assert!(
        missing.is_empty(),
        "codes raised but not in specs/errors.json: {missing:?}"
    );
}
