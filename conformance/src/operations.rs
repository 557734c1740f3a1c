//! The operation table: which documented operation a request is (spec id, service, method, path
//! template) and which JSON Schema under `specs/responses/` its success answer must match. Reports
//! name operations from here; the parity table is grouped by them.
//!
//! The table is `specs/operations.json` (compiled in, see [`crate::specs`]), the catalogue of
//! every documented operation, plus [`REPORT_GROUPS`]: the coarse names reports used before the
//! catalogue existed, kept so a request they named keeps its name (recorded transcripts in
//! `fixtures/recorded/` store it). Matching tries the most specific template first.

use std::cmp::Ordering;
use std::sync::OnceLock;

use crate::specs::{operations as entries, Entry};

/// One documented operation, or a coarse report group.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// Report name: the catalogue's `reportName`, else `id (spec id)`, e.g. `users.register (U1)`.
    pub id: &'static str,
    /// HTTP method (`*` = any).
    pub method: &'static str,
    /// Path template below the root; `{x}` = one segment, `{..}` = one or more segments.
    pub template: &'static str,
    /// Schema file stem in `specs/responses/` for a 2xx answer (`None` = not validated).
    pub schema: Option<&'static str>,
    /// Catalogue id (`users.login`); the group name for a report group.
    pub name: &'static str,
    /// `implemented`, `partial`, `unsupported` or `pending`; `group` for a report group.
    pub status: &'static str,
}

/// Coarse report groups `(name, method, template)`: they name requests under a documented prefix
/// that no catalogue template matches (`GET /hive/{h}` has no operation but stays `hive.manage`).
pub const REPORT_GROUPS: &[(&str, &str, &str)] = &[
    ("users.social-login (U21-U24)", "POST", "/users/social/{..}"),
    ("users.oauth-login (U22/U24)", "POST", "/users/oauth/{..}"),
    ("files.append (F14-F17)", "*", "/files/append/{..}"),
    ("files.save-binary (F3)", "PUT", "/files/binary/{..}"),
    ("files.upload (F1/F2/F8)", "POST", "/files/{..}"),
    ("files.read (F4-F7)", "GET", "/files/{..}"),
    ("files.delete (F9/F10)", "DELETE", "/files/{..}"),
    ("hive.key-value", "*", "/hive/{h}/key-value/{..}"),
    ("hive.list", "*", "/hive/{h}/list/{..}"),
    ("hive.map", "*", "/hive/{h}/map/{..}"),
    ("hive.set", "*", "/hive/{h}/set/{..}"),
    ("hive.sorted-set", "*", "/hive/{h}/sorted-set/{..}"),
    ("hive.key-value-bulk (K2/K4)", "*", "/hive/{h}/key-value"),
    ("hive.manage (H2-H4)", "*", "/hive/{h}"),
    ("counters.change (C2-C7)", "PUT", "/counters/{n}/{..}"),
    (
        "messaging.device (D2/D3)",
        "*",
        "/messaging/registrations/{d}",
    ),
    (
        "console.role (S12/S13)",
        "*",
        "/{app}/console/security/roles/{r}",
    ),
    ("control.faults", "*", "/_emulator/faults"),
    ("control.apps", "*", "/_emulator/apps"),
    ("control.app-clock", "*", "/_emulator/apps/{id}/clock"),
    ("control.app-outbox", "*", "/_emulator/apps/{id}/outbox"),
    ("control.app-settings", "*", "/_emulator/apps/{id}/settings"),
    ("control.other", "*", "/_emulator/{..}"),
];

/// Every operation, most specific template first.
pub fn operations() -> &'static [Operation] {
    static OPERATIONS: OnceLock<Vec<Operation>> = OnceLock::new();
    // The catalogue is compiled in and `load` is unit-tested, so an error is a build bug.
    OPERATIONS.get_or_init(|| load().unwrap_or_default())
}

/// Build the table from the catalogue and the report groups.
pub fn load() -> Result<Vec<Operation>, String> {
    let mut ops = Vec::new();
    for entry in entries()? {
        ops.extend(expand(entry)?);
    }
    ops.extend(
        REPORT_GROUPS
            .iter()
            .map(|(name, method, template)| Operation {
                id: name,
                method,
                template,
                schema: None,
                name,
                status: "group",
            }),
    );
    ops.sort_by(specificity);
    Ok(ops)
}

/// One operation per entry; an entry whose report name uses a path parameter (`hive.{type}`)
/// becomes one operation per value of that parameter's enum, the value written into the template.
fn expand(entry: Entry) -> Result<Vec<Operation>, String> {
    let template = entry
        .path
        .split('/')
        .map(|s| match &entry.multi_segment {
            Some(m) if s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) == Some(m) => "{..}",
            _ => s,
        })
        .collect::<Vec<_>>()
        .join("/");
    let report = entry.report_name.clone().unwrap_or_else(|| {
        match entry.spec.as_deref().and_then(|s| s.rsplit(' ').next()) {
            Some(short) if is_spec_id(short) => format!("{} ({short})", entry.id),
            _ => entry.id.clone(),
        }
    });
    let placeholder = entry
        .path_params
        .iter()
        .find(|(name, _)| report.contains(&format!("{{{name}}}")));
    let variants: Vec<(String, String)> = match placeholder {
        None => vec![(report, template)],
        Some((name, param)) if !param.values.is_empty() => {
            let hole = format!("{{{name}}}");
            param
                .values
                .iter()
                .map(|v| (report.replace(&hole, v), template.replace(&hole, v)))
                .collect()
        }
        Some((name, _)) => {
            return Err(format!(
                "{}: reportName uses {name} without an enum",
                entry.id
            ))
        }
    };
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    let (name, method, status) = (leak(&entry.id), leak(&entry.method), leak(&entry.status));
    let schema = entry.response.as_deref().map(leak);
    Ok(variants
        .into_iter()
        .map(|(id, template)| Operation {
            id: leak(&id),
            method,
            template: leak(&template),
            schema,
            name,
            status,
        })
        .collect())
}

/// `U1`, `D7b`, `FL3`: letters, digits, an optional lower-case letter.
fn is_spec_id(text: &str) -> bool {
    let letters = text.chars().take_while(char::is_ascii_uppercase).count();
    let rest = &text[letters..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let tail = &rest[digits..];
    letters > 0
        && digits > 0
        && (tail.is_empty() || (tail.len() == 1 && tail.chars().all(|c| c.is_ascii_lowercase())))
}

fn segments(template: &str) -> Vec<&str> {
    template.split('/').filter(|s| !s.is_empty()).collect()
}

/// Most specific first: templates without `{..}` before those with one; among the former, compared
/// from the last segment backwards, a literal beats a parameter (`/hive/{h}/{type}/keys` before
/// `/hive/{h}/key-value/{key}`); among the latter, more fixed segments first; then a named method
/// before `*`. Equal keys keep catalogue order.
fn specificity(a: &Operation, b: &Operation) -> Ordering {
    let (sa, sb) = (segments(a.template), segments(b.template));
    let tail = |s: &[&str]| s.contains(&"{..}");
    let kinds = |s: &[&str]| -> Vec<u8> {
        s.iter()
            .rev()
            .map(|p| u8::from(p.starts_with('{')))
            .collect()
    };
    let fixed = |s: &[&str]| (s.len(), s.iter().filter(|p| !p.starts_with('{')).count());
    tail(&sa)
        .cmp(&tail(&sb))
        .then_with(|| match tail(&sa) {
            false => kinds(&sa).cmp(&kinds(&sb)),
            true => fixed(&sb).cmp(&fixed(&sa)),
        })
        .then_with(|| (a.method == "*").cmp(&(b.method == "*")))
}

/// The operation of a request (method + path below the root, query excluded; a `?` followed by
/// a path, as in the counters glob `/counters/a?/list` the SDK sends, is part of the path).
pub fn identify(method: &str, path: &str) -> Option<&'static Operation> {
    let path = match path.split_once('?') {
        Some((_, rest)) if rest.starts_with('/') && !rest.contains('=') => path,
        Some((head, _)) => head,
        None => path,
    };
    let actual: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    operations().iter().find(|op| {
        (op.method == "*" || op.method.eq_ignore_ascii_case(method))
            && matches(op.template, &actual)
    })
}

fn matches(template: &str, actual: &[&str]) -> bool {
    let pattern = segments(template);
    let fits = |(p, a): (&&str, &&str)| p.starts_with('{') || p == a;
    match pattern.iter().position(|p| *p == "{..}") {
        None => pattern.len() == actual.len() && pattern.iter().zip(actual).all(fits),
        Some(i) => {
            let suffix = &pattern[i + 1..];
            actual.len() > i + suffix.len()
                && pattern[..i].iter().zip(actual).all(fits)
                && suffix
                    .iter()
                    .zip(&actual[actual.len() - suffix.len()..])
                    .all(fits)
        }
    }
}

/// The operation id of a request, or `METHOD <first two segments>` when undocumented.
pub fn name_of(method: &str, path: &str) -> String {
    describe(method, path).0
}

/// The report name of a request and, when documented, its operation (one lookup for both).
pub fn describe(method: &str, path: &str) -> (String, Option<&'static Operation>) {
    match identify(method, path) {
        Some(op) => (op.id.to_string(), Some(op)),
        None => {
            let head: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).take(2).collect();
            let name = format!(
                "{} /{} (undocumented)",
                method.to_ascii_uppercase(),
                head.join("/")
            );
            (name, None)
        }
    }
}

#[cfg(test)]
mod tests;
