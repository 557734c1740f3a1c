//! Query options of find, findById, first/last, count and relation pages (data.md §3, §10),
//! read from a GET query string, a POST `/find` body or a transaction FIND payload into one
//! [`FindOptions`]. The expressions stay text here; `find/plan.rs` parses them.

use serde_json::Value;

use crate::error::{ApiError, Code};
use crate::extract::QueryParams;

/// Default page size (data.md §10).
pub const DEFAULT_PAGE_SIZE: usize = 10;
/// Largest page size; larger requests are clamped (data.md §12 open question 3: clamping, the
/// 1005 message "Values greater than 100 will default to 100").
pub const MAX_PAGE_SIZE: usize = 100;

/// Every option of a data query, as text.
#[derive(Debug, Clone, PartialEq)]
pub struct FindOptions {
    /// `where`.
    pub where_clause: Option<String>,
    /// `having`.
    pub having: Option<String>,
    /// `props` / `property` items joined with commas.
    pub props: Option<String>,
    /// `excludeProps` names.
    pub exclude_props: Vec<String>,
    /// `sortBy` items joined with commas.
    pub sort_by: Option<String>,
    /// `groupBy` items joined with commas.
    pub group_by: Option<String>,
    /// `distinct`.
    pub distinct: bool,
    /// `pageSize` (1..=100).
    pub page_size: usize,
    /// `offset`.
    pub offset: usize,
    /// `loadRelations` paths (`*` = every relation).
    pub load_relations: Vec<String>,
    /// `relationsDepth`.
    pub relations_depth: usize,
    /// `relationsPageSize`.
    pub relations_page_size: usize,
}

impl Default for FindOptions {
    fn default() -> Self {
        FindOptions {
            where_clause: None,
            having: None,
            props: None,
            exclude_props: Vec::new(),
            sort_by: None,
            group_by: None,
            distinct: false,
            page_size: DEFAULT_PAGE_SIZE,
            offset: 0,
            load_relations: Vec::new(),
            relations_depth: 0,
            relations_page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

impl FindOptions {
    /// Options of a GET request (`props=a,b` and repeated `property=a`).
    pub fn from_query(q: &QueryParams) -> Result<Self, ApiError> {
        let text = |k: &str| {
            q.get(k)
                .map(str::to_string)
                .filter(|s| !s.trim().is_empty())
        };
        let mut props: Vec<&str> = q.all("props");
        props.extend(q.all("property"));
        Ok(FindOptions {
            where_clause: text("where"),
            having: text("having"),
            props: joined(props),
            exclude_props: names(q.all("excludeProps")),
            sort_by: joined(q.all("sortBy")),
            group_by: joined(q.all("groupBy")),
            distinct: q.flag("distinct").unwrap_or(false),
            page_size: page_size(q.get("pageSize").map(Value::from).as_ref())?,
            offset: offset(q.get("offset").map(Value::from).as_ref())?,
            load_relations: names(q.all("loadRelations")),
            relations_depth: count(q.get("relationsDepth").map(Value::from).as_ref(), 0)?,
            relations_page_size: relations_page_size(
                q.get("relationsPageSize").map(Value::from).as_ref(),
            )?,
        })
    }

    /// Options of a POST `/find` body (the JS SDK joins lists with commas; arrays also work).
    pub fn from_body(body: &Value) -> Result<Self, ApiError> {
        let body = match body {
            Value::Null => &Value::Null,
            Value::Object(_) => body,
            _ => {
                return Err(ApiError::templated(
                    Code::UNPARSABLE_REQUEST,
                    &["the query must be a JSON object"],
                ))
            }
        };
        Ok(FindOptions {
            where_clause: text_of(body.get("where"))?,
            having: text_of(body.get("having"))?,
            props: list_text(
                body.get("props")
                    .or_else(|| body.get("properties"))
                    .or_else(|| body.get("property")),
            )?,
            exclude_props: split(list_text(body.get("excludeProps"))?),
            sort_by: list_text(body.get("sortBy"))?,
            group_by: list_text(body.get("groupBy"))?,
            distinct: flag(body.get("distinct")),
            page_size: page_size(body.get("pageSize"))?,
            offset: offset(body.get("offset"))?,
            load_relations: split(list_text(
                body.get("loadRelations").or_else(|| body.get("relations")),
            )?),
            relations_depth: count(body.get("relationsDepth"), 0)?,
            relations_page_size: relations_page_size(body.get("relationsPageSize"))?,
        })
    }

    /// Options of a transaction FIND payload (transactions.md §3).
    pub fn from_transaction(payload: &Value) -> Result<Self, ApiError> {
        let opts = payload.get("queryOptions").unwrap_or(&Value::Null);
        Ok(FindOptions {
            where_clause: text_of(payload.get("whereClause"))?,
            having: text_of(payload.get("havingClause"))?,
            props: list_text(payload.get("properties").or_else(|| payload.get("props")))?,
            exclude_props: split(list_text(payload.get("excludeProps"))?),
            sort_by: list_text(opts.get("sortBy").or_else(|| payload.get("sortBy")))?,
            group_by: list_text(payload.get("groupBy"))?,
            distinct: flag(payload.get("distinct")),
            page_size: page_size(payload.get("pageSize"))?,
            offset: offset(payload.get("offset"))?,
            load_relations: split(list_text(opts.get("related"))?),
            relations_depth: count(opts.get("relationsDepth"), 0)?,
            relations_page_size: relations_page_size(opts.get("relationsPageSize"))?,
        })
    }

    /// Only the where clause (count, bulk update/delete).
    pub fn with_where(where_clause: Option<String>) -> Self {
        FindOptions {
            where_clause: where_clause.filter(|w| !w.trim().is_empty()),
            ..FindOptions::default()
        }
    }
}

fn joined(items: Vec<&str>) -> Option<String> {
    let items: Vec<&str> = items.into_iter().filter(|s| !s.trim().is_empty()).collect();
    (!items.is_empty()).then(|| items.join(","))
}

fn names(items: Vec<&str>) -> Vec<String> {
    split(joined(items))
}

fn split(text: Option<String>) -> Vec<String> {
    text.map(|t| {
        t.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

fn text_of(value: Option<&Value>) -> Result<Option<String>, ApiError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(ApiError::templated(
            Code::UNPARSABLE_REQUEST,
            &[&format!("expected a string, got {other}")],
        )),
    }
}

/// A list option: a comma string or an array of strings.
fn list_text(value: Option<&Value>) -> Result<Option<String>, ApiError> {
    match value {
        Some(Value::Array(items)) => {
            let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            if parts.len() != items.len() {
                return Err(ApiError::templated(
                    Code::UNPARSABLE_REQUEST,
                    &["list items must be strings"],
                ));
            }
            Ok(joined(parts))
        }
        other => text_of(other),
    }
}

fn flag(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

fn integer(value: Option<&Value>) -> Option<Result<i64, ()>> {
    match value? {
        Value::Null => None,
        Value::Number(n) => Some(n.as_i64().ok_or(())),
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.trim().parse::<i64>().map_err(|_| ())),
        _ => Some(Err(())),
    }
}

/// `pageSize`: default 10, clamped to 100; zero, negative or not a number → 1005.
pub fn page_size(value: Option<&Value>) -> Result<usize, ApiError> {
    match integer(value) {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(Ok(n)) if n >= 1 => Ok((n as u64).min(MAX_PAGE_SIZE as u64) as usize),
        Some(_) => Err(ApiError::templated(Code::INVALID_PAGE_SIZE, &[])),
    }
}

/// `offset`: default 0; negative or not a number → 1004.
pub fn offset(value: Option<&Value>) -> Result<usize, ApiError> {
    match integer(value) {
        None => Ok(0),
        Some(Ok(n)) if n >= 0 => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
        Some(_) => Err(ApiError::templated(Code::INVALID_OFFSET, &[])),
    }
}

fn relations_page_size(value: Option<&Value>) -> Result<usize, ApiError> {
    match integer(value) {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(Ok(n)) if n >= 1 => Ok((n as u64).min(MAX_PAGE_SIZE as u64) as usize),
        Some(_) => Err(ApiError::templated(Code::INVALID_PAGE_SIZE, &[])),
    }
}

fn count(value: Option<&Value>, default: usize) -> Result<usize, ApiError> {
    match integer(value) {
        None => Ok(default),
        // Depth beyond a handful only re-walks cycles; 10 levels is more than any schema needs.
        Some(Ok(n)) if n >= 0 => Ok((n as u64).min(10) as usize),
        Some(_) => Err(ApiError::templated(
            Code::UNPARSABLE_REQUEST,
            &["relationsDepth must be a non-negative integer"],
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(pairs: &[(&str, &str)]) -> QueryParams {
        QueryParams(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn get_and_post_forms_read_the_same_options() {
        let get = FindOptions::from_query(&params(&[
            ("where", "age > 1"),
            ("property", "name"),
            ("property", "age"),
            ("sortBy", "age desc,name"),
            ("pageSize", "5"),
            ("offset", "2"),
            ("loadRelations", "a,b"),
            ("excludeProps", "x"),
        ]))
        .expect("get");
        let post = FindOptions::from_body(&json!({
            "where": "age > 1", "props": "name,age", "sortBy": ["age desc", "name"],
            "pageSize": 5, "offset": 2, "loadRelations": "a,b", "excludeProps": "x"
        }))
        .expect("post");
        assert_eq!(get, post);
        assert_eq!(get.load_relations, vec!["a", "b"]);
    }

    #[test]
    fn paging_limits() {
        assert_eq!(page_size(Some(&json!(500))).expect("clamped"), 100);
        assert_eq!(page_size(Some(&json!(0))).expect_err("zero").code, 1005);
        assert_eq!(page_size(Some(&json!("x"))).expect_err("nan").code, 1005);
        assert_eq!(offset(Some(&json!(-1))).expect_err("neg").code, 1004);
        assert_eq!(offset(None).expect("default"), 0);
        assert_eq!(
            FindOptions::from_body(&json!([1])).expect_err("array").code,
            8002
        );
    }
}
