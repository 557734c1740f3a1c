//! Server-generated values, as the response schemas mark them: a property whose schema carries
//! `"x-generated": "id" | "token" | "time"` holds a value the server makes up (an id, a session
//! token, the moment of a request), so two targets legitimately differ there.
//!
//! Two ways a mark applies, both read from `specs/responses/`:
//! - **by name**: a property name marked anywhere in any schema (outside an `if`/`then`/`else`)
//!   is generated wherever it appears in any answer, at any depth (`objectId`, `created`, ...
//!   also inside related objects and in answers of operations without a schema);
//! - **by place**: the answer of an operation that names a schema is walked with it (`$ref`,
//!   `properties`, `additionalProperties`, `items`, `allOf`/`anyOf`/`oneOf`, and `if`/`then`/`else`
//!   whose `if` tests `const`/`enum` of properties), so a mark on array items or under a condition
//!   (a unit of work's DELETE `result` is a deletion time, other results are not) applies there only.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde_json::Value;

use crate::diff::escape;

/// What kind of generated value a mark names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An identifier (string or number): compared by identity, not value.
    Id,
    /// A session or auth token: compared by identity, not value.
    Token,
    /// A moment on the target's clock (epoch ms): checked by relation, not value.
    Time,
}

impl Kind {
    fn parse(text: &str) -> Option<Kind> {
        match text {
            "id" => Some(Kind::Id),
            "token" => Some(Kind::Token),
            "time" => Some(Kind::Time),
            _ => None,
        }
    }

    /// The spelling in the schemas.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Id => "id",
            Kind::Token => "token",
            Kind::Time => "time",
        }
    }
}

/// Every mark of `specs/responses/`.
#[derive(Debug, Default)]
pub struct Marks {
    by_name: BTreeMap<String, Kind>,
    schemas: HashMap<String, Value>,
}

/// Deepest `$ref` chain followed (the object schema refers to itself through related objects).
const MAX_DEPTH: usize = 48;

/// The marks of the compiled-in schemas (parsed once; schema files are unit-tested, so one that
/// does not parse is left out rather than failing every run).
pub fn marks() -> &'static Marks {
    static MARKS: OnceLock<Marks> = OnceLock::new();
    MARKS.get_or_init(|| {
        let schemas = crate::specs::RESPONSE_SCHEMAS
            .iter()
            .filter_map(|(stem, text)| Some((stem.to_string(), serde_json::from_str(text).ok()?)));
        Marks::build(schemas).unwrap_or_default()
    })
}

impl Marks {
    /// Build from `(stem, schema)` pairs; a name marked with two kinds, or an unknown kind, is
    /// an error naming the schema.
    pub fn build(schemas: impl IntoIterator<Item = (String, Value)>) -> Result<Marks, String> {
        let mut marks = Marks::default();
        for (stem, schema) in schemas {
            collect_names(&schema, &stem, &mut marks.by_name)?;
            marks.schemas.insert(stem, schema);
        }
        Ok(marks)
    }

    /// The kind of a property name marked by name.
    pub fn by_name(&self, key: &str) -> Option<Kind> {
        self.by_name.get(key).copied()
    }

    /// Every name-wide mark, for reports.
    pub fn names(&self) -> &BTreeMap<String, Kind> {
        &self.by_name
    }

    /// Every generated value of an answer (JSON pointer → kind): names anywhere, plus the places
    /// the operation's schema (`schema`, a stem of `specs/responses/`) marks.
    pub fn find(&self, schema: Option<&str>, body: &Value) -> BTreeMap<String, Kind> {
        let mut out = BTreeMap::new();
        by_name_walk(&self.by_name, body, String::new(), None, &mut out);
        if let Some(root) = schema.and_then(|s| self.schemas.get(s)) {
            self.walk(root, root, body, String::new(), 0, &mut out);
        }
        out
    }

    fn walk(
        &self,
        root: &Value,
        schema: &Value,
        value: &Value,
        pointer: String,
        depth: usize,
        out: &mut BTreeMap<String, Kind>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some(map) = schema.as_object() else {
            return;
        };
        if let Some(kind) = map
            .get("x-generated")
            .and_then(Value::as_str)
            .and_then(Kind::parse)
        {
            if !value.is_null() {
                out.insert(pointer.clone(), kind);
            }
        }
        if let Some(target) = map.get("$ref").and_then(Value::as_str) {
            if let Some((next_root, next)) = self.resolve(root, target) {
                self.walk(next_root, next, value, pointer.clone(), depth + 1, out);
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            for branch in map.get(key).and_then(Value::as_array).into_iter().flatten() {
                self.walk(root, branch, value, pointer.clone(), depth + 1, out);
            }
        }
        if let Some(condition) = map.get("if") {
            let branch = if holds(condition, value) {
                "then"
            } else {
                "else"
            };
            if let Some(next) = map.get(branch) {
                self.walk(root, next, value, pointer.clone(), depth + 1, out);
            }
        }
        match value {
            Value::Object(fields) => {
                let properties = map.get("properties").and_then(Value::as_object);
                let additional = map.get("additionalProperties").filter(|a| a.is_object());
                for (k, v) in fields {
                    let sub = properties.and_then(|p| p.get(k)).or(additional);
                    if let Some(sub) = sub {
                        let p = format!("{pointer}/{}", escape(k));
                        self.walk(root, sub, v, p, depth + 1, out);
                    }
                }
            }
            Value::Array(items) => {
                if let Some(sub) = map.get("items").filter(|i| i.is_object()) {
                    for (i, v) in items.iter().enumerate() {
                        self.walk(root, sub, v, format!("{pointer}/{i}"), depth + 1, out);
                    }
                }
            }
            _ => {}
        }
    }

    /// `other.schema.json`, `other.schema.json#/$defs/x` or `#/$defs/x` (in `root`).
    fn resolve<'a>(&'a self, root: &'a Value, target: &str) -> Option<(&'a Value, &'a Value)> {
        let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
        let doc = if file.is_empty() {
            root
        } else {
            let stem = file.rsplit('/').next()?.strip_suffix(".schema.json")?;
            self.schemas.get(stem)?
        };
        Some((doc, doc.pointer(fragment)?))
    }
}

/// Whether a value satisfies an `if` made of `properties` with `const`/`enum` (the only
/// conditions the marks use; anything else counts as not holding).
fn holds(condition: &Value, value: &Value) -> bool {
    let Some(properties) = condition.get("properties").and_then(Value::as_object) else {
        return false;
    };
    properties.iter().all(|(k, test)| {
        let Some(v) = value.get(k) else {
            return false;
        };
        match (
            test.get("const"),
            test.get("enum").and_then(Value::as_array),
        ) {
            (Some(c), _) => c == v,
            (None, Some(options)) => options.contains(v),
            _ => false,
        }
    })
}

fn by_name_walk(
    names: &BTreeMap<String, Kind>,
    value: &Value,
    pointer: String,
    key: Option<&str>,
    out: &mut BTreeMap<String, Kind>,
) {
    match value {
        Value::Object(fields) => {
            for (k, v) in fields {
                by_name_walk(names, v, format!("{pointer}/{}", escape(k)), Some(k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                by_name_walk(names, v, format!("{pointer}/{i}"), None, out);
            }
        }
        Value::Null => {}
        _ => {
            if let Some(kind) = key.and_then(|k| names.get(k)) {
                out.insert(pointer, *kind);
            }
        }
    }
}

/// Names marked in `properties` anywhere in a schema, except under `if`/`then`/`else`.
fn collect_names(
    schema: &Value,
    stem: &str,
    out: &mut BTreeMap<String, Kind>,
) -> Result<(), String> {
    match schema {
        Value::Object(map) => {
            if let Some(props) = map.get("properties").and_then(Value::as_object) {
                for (name, sub) in props {
                    let Some(text) = sub.get("x-generated") else {
                        continue;
                    };
                    let kind = text.as_str().and_then(Kind::parse).ok_or_else(|| {
                        format!("{stem}: x-generated of {name} is {text}, not id, token or time")
                    })?;
                    if let Some(other) = out.insert(name.clone(), kind) {
                        if other != kind {
                            return Err(format!(
                                "{stem}: {name} is marked {} here and {} elsewhere",
                                kind.as_str(),
                                other.as_str()
                            ));
                        }
                    }
                }
            }
            for (key, child) in map {
                if !matches!(key.as_str(), "if" | "then" | "else") {
                    collect_names(child, stem, out)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(|i| collect_names(i, stem, out)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_specs_marks_build_and_name_the_common_fields() {
        let schemas = crate::specs::RESPONSE_SCHEMAS.iter().map(|(s, t)| {
            let v: Value = serde_json::from_str(t).unwrap_or_else(|e| panic!("{s}: {e}"));
            (s.to_string(), v)
        });
        let marks = Marks::build(schemas).expect("marks are consistent");
        for (name, kind) in [
            ("objectId", Kind::Id),
            ("ownerId", Kind::Id),
            ("created", Kind::Time),
            ("updated", Kind::Time),
            ("createdOn", Kind::Time),
            ("updatedOn", Kind::Time),
            ("lastLogin", Kind::Time),
            ("deletionTime", Kind::Time),
            ("user-token", Kind::Token),
            ("messageId", Kind::Id),
        ] {
            assert_eq!(marks.by_name(name), Some(kind), "{name}");
        }
        assert_eq!(
            marks.by_name("result"),
            None,
            "marked only under a condition"
        );
        assert_eq!(marks.by_name("email"), None);
    }

    #[test]
    fn places_follow_refs_items_and_conditions() {
        let marks = marks();
        let uow = json!({"success": true, "results": {
            "a": {"operationType": "DELETE", "result": 17},
            "b": {"operationType": "UPDATE_BULK", "result": 3},
            "c": {"operationType": "CREATE", "result": {"objectId": "X", "created": 5}}}});
        let found = marks.find(Some("unit-of-work-result"), &uow);
        assert_eq!(found.get("/results/a/result"), Some(&Kind::Time));
        assert_eq!(found.get("/results/b/result"), None, "a count is no time");
        assert_eq!(found.get("/results/c/result/created"), Some(&Kind::Time));
        let snaps = marks.find(Some("control-snapshots"), &json!(["1", "2"]));
        assert_eq!(snaps.get("/1"), Some(&Kind::Id));
        let files = marks.find(Some("file-infos"), &json!([{"name": "a", "createdOn": 1}]));
        assert_eq!(files.get("/0/createdOn"), Some(&Kind::Time));
    }

    #[test]
    fn nulls_and_unmarked_fields_are_not_generated() {
        let found = marks().find(
            None,
            &json!({"updated": null, "n": 1, "x": {"objectId": "A"}}),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found.get("/x/objectId"), Some(&Kind::Id));
    }

    #[test]
    fn conflicting_or_unknown_marks_are_refused() {
        let a = json!({"properties": {"t": {"x-generated": "time"}}});
        let b = json!({"properties": {"t": {"x-generated": "id"}}});
        assert!(Marks::build([("a".into(), a.clone()), ("b".into(), b)]).is_err());
        let c = json!({"properties": {"t": {"x-generated": "when"}}});
        assert!(Marks::build([("c".into(), c)]).is_err());
        assert!(Marks::build([("a".into(), a.clone()), ("d".into(), a)]).is_ok());
    }
}
