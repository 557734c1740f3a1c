//! Variables: `{{name}}` in any string of a request or expectation.
//!
//! Built-ins: `{{run}}` (a token fixed for the whole run, the same on both targets, so names
//! made from it are unique per run yet comparable), `{{unique}}` (a new `<run>u<n>` at each use,
//! numbered per scenario so both targets see the same sequence) and `{{appId}}` (the target's app
//! id, for control-plane paths). A string that is exactly `"{{name}}"` becomes the variable's JSON
//! value (numbers stay numbers); elsewhere the value is spliced in as text. `{{name+N}}` and
//! `{{name-N}}` add to a whole-number variable: the executor keeps `time` (the latest time an
//! answer of the scenario generated) and `now` (the target's clock), both in epoch ms, and
//! `timeSeconds`/`nowSeconds`, so a recorded request can send "five seconds after what the
//! server last said" instead of a date from the recording.

use std::collections::BTreeMap;

use serde_json::Value;

/// The variables of one scenario on one target.
#[derive(Debug, Clone)]
pub struct Vars {
    values: BTreeMap<String, Value>,
    run: String,
    unique: u64,
    /// Leave unknown variables as `{{name}}` instead of failing (for plans and safety checks
    /// made before anything is captured).
    lenient: bool,
}

/// A `{{name}}` with no value.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingVar(pub String);

impl std::fmt::Display for MissingVar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "variable '{}' is not set (not captured by an earlier step?)",
            self.0
        )
    }
}

impl Vars {
    /// Variables for one scenario run.
    pub fn new(run: &str, app_id: &str) -> Self {
        let mut values = BTreeMap::new();
        values.insert("appId".to_string(), Value::from(app_id));
        Vars {
            values,
            run: run.to_string(),
            unique: 0,
            lenient: false,
        }
    }

    /// Variables that render an unknown `{{name}}` as itself (what a value captured later
    /// stands for before the run).
    pub fn lenient(run: &str, app_id: &str) -> Self {
        Vars {
            lenient: true,
            ..Vars::new(run, app_id)
        }
    }

    /// Set a variable.
    pub fn set(&mut self, name: &str, value: Value) {
        self.values.insert(name.to_string(), value);
    }

    fn lookup(&mut self, name: &str) -> Result<Value, MissingVar> {
        if let Some((base, offset)) = split_offset(name) {
            return match self.lookup(base)? {
                Value::Number(n) if n.is_i64() => {
                    Ok(Value::from(n.as_i64().unwrap_or(0).saturating_add(offset)))
                }
                // Before the run (a plan, a safety check): shown as written.
                Value::String(s) if self.lenient && s.starts_with("{{") => {
                    Ok(Value::from(format!("{{{{{name}}}}}")))
                }
                _ => Err(MissingVar(name.to_string())),
            };
        }
        match name {
            "run" => Ok(Value::from(self.run.clone())),
            "unique" => {
                self.unique += 1;
                Ok(Value::from(format!("{}u{}", self.run, self.unique)))
            }
            _ => match self.values.get(name) {
                Some(v) => Ok(v.clone()),
                None if self.lenient => Ok(Value::from(format!("{{{{{name}}}}}"))),
                None => Err(MissingVar(name.to_string())),
            },
        }
    }

    /// Fill every `{{name}}` in a string.
    pub fn render_str(&mut self, text: &str) -> Result<String, MissingVar> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            let Some(len) = rest[start + 2..].find("}}") else {
                break;
            };
            out.push_str(&rest[..start]);
            let name = rest[start + 2..start + 2 + len].trim();
            match self.lookup(name)? {
                Value::String(s) => out.push_str(&s),
                other => out.push_str(&other.to_string()),
            }
            rest = &rest[start + 4 + len..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Fill variables in every string of a JSON value (object keys included).
    pub fn render(&mut self, value: &Value) -> Result<Value, MissingVar> {
        Ok(match value {
            Value::String(s) => {
                let trimmed = s.trim();
                let whole = trimmed.starts_with("{{")
                    && trimmed.ends_with("}}")
                    && trimmed.matches("{{").count() == 1;
                if whole {
                    self.lookup(trimmed[2..trimmed.len() - 2].trim())?
                } else {
                    Value::String(self.render_str(s)?)
                }
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.render(v))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (k, v) in map {
                    out.insert(self.render_str(k)?, self.render(v)?);
                }
                Value::Object(out)
            }
            other => other.clone(),
        })
    }
}

/// `time+5000` → (`time`, 5000); `now-1000` → (`now`, -1000).
fn split_offset(name: &str) -> Option<(&str, i64)> {
    let at = name.find(['+', '-']).filter(|i| *i > 0)?;
    let (base, offset) = name.split_at(at);
    let n: i64 = offset[1..].trim().parse().ok()?;
    Some((base.trim(), if offset.starts_with('-') { -n } else { n }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn whole_string_variables_keep_their_json_type() {
        let mut vars = Vars::new("r1", "APP");
        vars.set("n", json!(5));
        let out = vars
            .render(&json!({"a": "{{n}}", "b": "x{{n}}", "c": "{{appId}}"}))
            .expect("renders");
        assert_eq!(out, json!({"a": 5, "b": "x5", "c": "APP"}));
    }

    #[test]
    fn unique_counts_per_use_and_run_is_fixed() {
        let mut vars = Vars::new("r1", "APP");
        let out = vars
            .render_str("{{unique}} {{unique}} {{run}}")
            .expect("renders");
        assert_eq!(out, "r1u1 r1u2 r1");
    }

    #[test]
    fn lenient_variables_stay_as_written() {
        let mut vars = Vars::lenient("r1", "APP");
        assert_eq!(
            vars.render_str("/data/T/{{id}}?x={{run}}")
                .expect("renders"),
            "/data/T/{{id}}?x=r1"
        );
    }

    #[test]
    fn offsets_add_to_whole_number_variables() {
        let mut vars = Vars::new("r1", "APP");
        vars.set("time", json!(1_000));
        let out = vars
            .render(&json!({"at": "{{time+5000}}", "before": "{{time-1000}}", "q": "t={{time+1}}"}))
            .expect("renders");
        assert_eq!(out, json!({"at": 6_000, "before": 0, "q": "t=1001"}));
        vars.set("name", json!("x"));
        assert!(vars.render_str("{{name+1}}").is_err());
        assert_eq!(
            Vars::lenient("r1", "APP").render_str("{{time+5}}"),
            Ok("{{time+5}}".to_string())
        );
    }

    #[test]
    fn missing_variables_are_named() {
        let mut vars = Vars::new("r1", "APP");
        assert_eq!(
            vars.render_str("a {{nope}}"),
            Err(MissingVar("nope".into()))
        );
    }
}
