//! MySQL JSON paths as used by `col->'$.a.b'` (where-clause.md §7, [D-json] path table):
//! `$.name`, `$."odd key"`, `$.*`, `$[0]`, `$[*]`, `$[last]`, `$[last-1]`, `$[1 to 3]`, `$**.city`.

use std::fmt;

use serde_json::Value;

use super::error::QueryError;

/// A parsed JSON path, always rooted at `$`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JsonPath {
    legs: Vec<Leg>,
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Leg {
    /// `.key` or `."key"`
    Member(String),
    /// `.*`
    AnyMember,
    /// `[n]` or `[last-n]`
    Index(ArrayIndex),
    /// `[m to n]`
    Range(ArrayIndex, ArrayIndex),
    /// `[*]`
    AnyIndex,
    /// `**`: this value and every value nested in it.
    AnyDepth,
}

/// An array position counted from the start or from the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArrayIndex {
    /// `n`
    FromStart(u64),
    /// `last` minus an offset.
    FromEnd(u64),
}

impl ArrayIndex {
    fn resolve(self, len: usize) -> Option<usize> {
        match self {
            ArrayIndex::FromStart(n) => usize::try_from(n).ok(),
            ArrayIndex::FromEnd(off) => {
                let off = usize::try_from(off).ok()?;
                len.checked_sub(1)?.checked_sub(off)
            }
        }
    }
}

impl JsonPath {
    /// Parses a path such as `$.address.city`.
    pub fn parse(text: &str) -> Result<Self, QueryError> {
        let chars: Vec<char> = text.chars().collect();
        let mut p = PathParser {
            chars: &chars,
            i: 0,
        };
        p.skip_ws();
        if p.peek() != Some('$') {
            return Err(QueryError::syntax(p.i, "a JSON path must start with '$'"));
        }
        p.i += 1;
        let mut legs = Vec::new();
        loop {
            p.skip_ws();
            match p.peek() {
                None => break,
                Some('.') => {
                    p.i += 1;
                    legs.push(p.member()?);
                }
                Some('[') => {
                    p.i += 1;
                    legs.push(p.array_leg()?);
                }
                Some('*') if p.at(p.i + 1) == Some('*') => {
                    if legs.last() == Some(&Leg::AnyDepth) {
                        return Err(QueryError::syntax(p.i, "'**' cannot follow '**'"));
                    }
                    p.i += 2;
                    legs.push(Leg::AnyDepth);
                }
                Some(other) => {
                    return Err(QueryError::syntax(
                        p.i,
                        format!("unexpected '{other}' in JSON path"),
                    ));
                }
            }
        }
        if legs.last() == Some(&Leg::AnyDepth) {
            return Err(QueryError::syntax(p.i, "a JSON path cannot end with '**'"));
        }
        Ok(Self { legs })
    }

    /// A path from its legs; `**` may neither end the path nor follow another `**`.
    pub fn from_legs(legs: Vec<Leg>) -> Result<Self, QueryError> {
        let doubled = legs
            .windows(2)
            .any(|w| matches!(w, [Leg::AnyDepth, Leg::AnyDepth]));
        if doubled || legs.last() == Some(&Leg::AnyDepth) {
            return Err(QueryError::syntax(
                0,
                "'**' must be followed by another path leg",
            ));
        }
        Ok(Self { legs })
    }

    /// The steps after `$`.
    pub fn legs(&self) -> &[Leg] {
        &self.legs
    }

    /// True if the path can match several values (MySQL then wraps matches in an array).
    pub fn has_wildcard(&self) -> bool {
        self.legs.iter().any(|l| {
            matches!(
                l,
                Leg::AnyMember | Leg::AnyIndex | Leg::AnyDepth | Leg::Range(..)
            )
        })
    }

    /// All values of `doc` the path selects, in document order.
    pub fn select<'a>(&self, doc: &'a Value) -> Vec<&'a Value> {
        let mut current = vec![doc];
        for leg in &self.legs {
            let mut next = Vec::new();
            for value in current {
                step(leg, value, &mut next);
            }
            current = next;
        }
        current
    }

    /// MySQL `JSON_EXTRACT` with this one path: one match, an array of matches for wildcard
    /// paths, or `None` (SQL NULL) when nothing matches.
    pub fn extract(&self, doc: &Value) -> Option<Value> {
        let found = self.select(doc);
        if self.has_wildcard() {
            return (!found.is_empty()).then(|| Value::Array(found.into_iter().cloned().collect()));
        }
        found.first().map(|v| (*v).clone())
    }
}

fn step<'a>(leg: &Leg, value: &'a Value, out: &mut Vec<&'a Value>) {
    match (leg, value) {
        (Leg::Member(key), Value::Object(map)) => out.extend(map.get(key)),
        (Leg::AnyMember, Value::Object(map)) => out.extend(map.values()),
        (Leg::AnyIndex, Value::Array(items)) => out.extend(items.iter()),
        (Leg::Index(i), Value::Array(items)) => {
            out.extend(i.resolve(items.len()).and_then(|n| items.get(n)))
        }
        (Leg::Range(a, b), Value::Array(items)) => {
            if let (Some(from), Some(to)) = (a.resolve(items.len()), b.resolve(items.len())) {
                out.extend(
                    items
                        .iter()
                        .skip(from)
                        .take(to.saturating_add(1).saturating_sub(from)),
                );
            }
        }
        // MySQL autowraps a scalar as a one-element array for [0] and [last].
        (Leg::Index(i), scalar) if i.resolve(1) == Some(0) => out.push(scalar),
        (Leg::AnyDepth, _) => descendants(value, out),
        _ => {}
    }
}

fn descendants<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    out.push(value);
    match value {
        Value::Object(map) => map.values().for_each(|v| descendants(v, out)),
        Value::Array(items) => items.iter().for_each(|v| descendants(v, out)),
        _ => {}
    }
}

struct PathParser<'a> {
    chars: &'a [char],
    i: usize,
}

fn is_key_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '$'
}

fn is_key_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

impl PathParser<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn peek(&self) -> Option<char> {
        self.at(self.i)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    fn member(&mut self) -> Result<Leg, QueryError> {
        match self.peek() {
            Some('*') => {
                self.i += 1;
                Ok(Leg::AnyMember)
            }
            Some('"') => {
                let start = self.i;
                let mut j = start + 1;
                loop {
                    match self.at(j) {
                        None => return Err(QueryError::syntax(start, "unterminated quoted key")),
                        Some('\\') => j += 2,
                        Some('"') => break,
                        Some(_) => j += 1,
                    }
                }
                let quoted: String = self
                    .chars
                    .get(start..=j)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                let key: String = serde_json::from_str(&quoted)
                    .map_err(|_| QueryError::syntax(start, "invalid quoted key in JSON path"))?;
                self.i = j + 1;
                Ok(Leg::Member(key))
            }
            Some(c) if is_key_start(c) => {
                let start = self.i;
                while self.peek().is_some_and(is_key_continue) {
                    self.i += 1;
                }
                let key = self
                    .chars
                    .get(start..self.i)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                Ok(Leg::Member(key))
            }
            _ => Err(QueryError::syntax(
                self.i,
                "expected a key after '.' in JSON path",
            )),
        }
    }

    fn array_leg(&mut self) -> Result<Leg, QueryError> {
        self.skip_ws();
        let leg = if self.peek() == Some('*') {
            self.i += 1;
            Leg::AnyIndex
        } else {
            let from = self.index()?;
            self.skip_ws();
            if self.keyword("to") {
                let to = self.index()?;
                Leg::Range(from, to)
            } else {
                Leg::Index(from)
            }
        };
        self.skip_ws();
        if self.peek() != Some(']') {
            return Err(QueryError::syntax(self.i, "expected ']' in JSON path"));
        }
        self.i += 1;
        Ok(leg)
    }

    fn keyword(&mut self, word: &str) -> bool {
        let len = word.chars().count();
        let matches = self
            .chars
            .get(self.i..self.i + len)
            .is_some_and(|s| s.iter().collect::<String>().eq_ignore_ascii_case(word));
        if matches {
            self.i += len;
            self.skip_ws();
        }
        matches
    }

    fn index(&mut self) -> Result<ArrayIndex, QueryError> {
        self.skip_ws();
        if self.keyword("last") {
            if self.peek() == Some('-') {
                self.i += 1;
                self.skip_ws();
                return Ok(ArrayIndex::FromEnd(self.unsigned()?));
            }
            return Ok(ArrayIndex::FromEnd(0));
        }
        Ok(ArrayIndex::FromStart(self.unsigned()?))
    }

    fn unsigned(&mut self) -> Result<u64, QueryError> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let digits: String = self
            .chars
            .get(start..self.i)
            .unwrap_or_default()
            .iter()
            .collect();
        digits
            .parse()
            .map_err(|_| QueryError::syntax(start, "expected an array index in JSON path"))
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for leg in &self.legs {
            match leg {
                Leg::Member(key) => {
                    let mut chars = key.chars();
                    let simple =
                        chars.next().is_some_and(is_key_start) && chars.all(is_key_continue);
                    if simple {
                        write!(f, ".{key}")?;
                    } else {
                        let quoted = serde_json::to_string(key).map_err(|_| fmt::Error)?;
                        write!(f, ".{quoted}")?;
                    }
                }
                Leg::AnyMember => f.write_str(".*")?,
                Leg::Index(i) => write!(f, "[{i}]")?,
                Leg::Range(a, b) => write!(f, "[{a} to {b}]")?,
                Leg::AnyIndex => f.write_str("[*]")?,
                Leg::AnyDepth => f.write_str("**")?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for ArrayIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArrayIndex::FromStart(n) => write!(f, "{n}"),
            ArrayIndex::FromEnd(0) => f.write_str("last"),
            ArrayIndex::FromEnd(n) => write!(f, "last-{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sel(path: &str, doc: &Value) -> Option<Value> {
        JsonPath::parse(path).unwrap().extract(doc)
    }

    #[test]
    fn documented_paths_select_values() {
        let doc = json!({"name":"Bob","address":{"street":"Main","city":"NY"},
            "favoriteNumbers":[1,2,3],"nested":[[{"k":"v"}]],"more":{"x":{"city":"LA"}}});
        assert_eq!(sel("$.name", &doc), Some(json!("Bob")));
        assert_eq!(sel("$.address.street", &doc), Some(json!("Main")));
        assert_eq!(sel("$.favoriteNumbers[0]", &doc), Some(json!(1)));
        assert_eq!(sel("$.favoriteNumbers[*]", &doc), Some(json!([1, 2, 3])));
        assert_eq!(sel("$.favoriteNumbers[last]", &doc), Some(json!(3)));
        assert_eq!(sel("$.favoriteNumbers[last-1]", &doc), Some(json!(2)));
        assert_eq!(sel("$.favoriteNumbers[1 to 2]", &doc), Some(json!([2, 3])));
        assert_eq!(sel("$.address.*", &doc), Some(json!(["Main", "NY"])));
        assert_eq!(sel("$**.city", &doc), Some(json!(["NY", "LA"])));
        assert_eq!(sel("$.nested[0][0].k", &doc), Some(json!("v")));
        assert_eq!(sel("$.missing", &doc), None);
        assert_eq!(sel("$.name[0]", &doc), Some(json!("Bob")));
    }

    #[test]
    fn quoted_keys_round_trip() {
        let path = JsonPath::parse(r#"$."a b"."c\"d".e"#).unwrap();
        assert_eq!(path.to_string(), r#"$."a b"."c\"d".e"#);
        assert_eq!(JsonPath::parse(&path.to_string()).unwrap(), path);
    }

    #[test]
    fn rejects_malformed_paths() {
        for bad in [
            "a.b", "$.", "$[", "$[x]", "$**", "$***.a", "$.a b", "$[1 to]",
        ] {
            assert!(JsonPath::parse(bad).is_err(), "{bad}");
        }
    }
}
