//! [`Plan`]: the query options of a request parsed by the where-clause language (`crate::query`;
//! `crate::query::codes` maps its errors to Backendless codes, where-clause.md §9).
//!
//! Choices for the open questions of §9: a where clause that does not parse (or names a column
//! that does not exist, or cannot be evaluated) answers 1017 "Invalid where clause: `<detail at
//! position N>`", the classic code the SDK docs list first; a broken having clause 19001; an
//! unknown table in a subquery 1009; an unparsable date 8003; a documented feature the emulator
//! cannot evaluate 99000. A props/sortBy/groupBy item that does not parse or names no column
//! answers 1006 "Query contains invalid object properties" with the detail. A query that runs
//! out of its work budget (or a clause over the token limit) answers 1017 whatever clause it
//! came from: Backendless documents no code for an over-complex or timed-out query, and 1017
//! "Invalid where clause" is the closest documented one. A subquery on a table the caller may
//! not FIND answers 1013, as a find on that table does.

use crate::error::ApiError;
use crate::query::codes::{query_error, Clause};
use crate::query::{
    self, CompareOp, Expr, Junction, Literal, Operand, Projection, QueryError, SortKey,
};
use crate::services::data::options::FindOptions;

/// Parsed query options.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The where clause (`None` = every row).
    pub filter: Option<Expr>,
    /// `props` items (empty = the default columns).
    pub props: Vec<Projection>,
    /// `excludeProps` names.
    pub exclude: Vec<String>,
    /// `sortBy` keys (empty = created order).
    pub sort: Vec<SortKey>,
    /// `groupBy` keys.
    pub group_by: Vec<Operand>,
    /// `having`.
    pub having: Option<Expr>,
    /// `distinct`.
    pub distinct: bool,
    /// Page size.
    pub page_size: usize,
    /// Offset.
    pub offset: usize,
    /// Relations to embed.
    pub relations: Relations,
    /// Whether `objectId` joins an explicit `props` list (console data config
    /// `includeObjectIdByDefault`, off by default).
    pub include_object_id: bool,
}

/// Which relations to embed in returned objects (data.md §6.3).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Relations {
    /// `loadRelations` paths (`a`, `a.b`; `*` = every relation of the first level).
    pub paths: Vec<String>,
    /// `relationsDepth`: every relation this many levels deep.
    pub depth: usize,
    /// Children per 1:N relation.
    pub page_size: usize,
}

impl Relations {
    /// Whether anything is requested explicitly.
    pub fn any(&self) -> bool {
        !self.paths.is_empty() || self.depth > 0
    }
}

/// Parse a where clause (blank = none).
pub fn parse_where(text: Option<&str>) -> Result<Option<Expr>, ApiError> {
    match text {
        None => Ok(None),
        Some(t) => query::parse_optional_where(t)
            .map(|e| e.map(null_comparisons_as_is_null))
            .map_err(|e| query_error(Clause::Where, &e)),
    }
}

/// `x = NULL` / `x != NULL` read as `x IS [NOT] NULL` (where-clause.md §1 and open question
/// 2): the Swift SDK deletes "every object" with `objectId != NULL` and relation conditions
/// default to it, which only works if Backendless rewrites the comparison; plain MySQL would
/// match nothing.
pub fn null_comparisons_as_is_null(expr: Expr) -> Expr {
    let is_null = |o: &Operand| matches!(o, Operand::Literal(Literal::Null));
    match expr {
        Expr::Compare { left, op, right }
            if matches!(op, CompareOp::Eq | CompareOp::NotEq)
                && (is_null(&left) || is_null(&right)) =>
        {
            let operand = if is_null(&right) { left } else { right };
            Expr::IsNull {
                operand,
                negated: op == CompareOp::NotEq,
            }
        }
        Expr::Or(j) => Expr::Or(junction(j)),
        Expr::And(j) => Expr::And(junction(j)),
        Expr::Not(inner) => Expr::Not(Box::new(null_comparisons_as_is_null(*inner))),
        other => other,
    }
}

fn junction(j: Junction) -> Junction {
    let operands: Vec<Expr> = j
        .operands()
        .iter()
        .cloned()
        .map(null_comparisons_as_is_null)
        .collect();
    Junction::from_vec(operands).unwrap_or(j)
}

impl Plan {
    /// Parse every option.
    pub fn parse(o: &FindOptions) -> Result<Plan, ApiError> {
        let opts = |e: QueryError| query_error(Clause::Options, &e);
        Ok(Plan {
            filter: parse_where(o.where_clause.as_deref())?,
            props: match &o.props {
                Some(p) => query::parse_props(p).map_err(opts)?,
                None => Vec::new(),
            },
            exclude: o.exclude_props.clone(),
            sort: match &o.sort_by {
                Some(s) => query::parse_sort_by(s).map_err(opts)?,
                None => Vec::new(),
            },
            group_by: match &o.group_by {
                Some(g) => query::parse_group_by(g).map_err(opts)?,
                None => Vec::new(),
            },
            having: match &o.having {
                Some(h) => {
                    Some(query::parse_having(h).map_err(|e| query_error(Clause::Having, &e))?)
                }
                None => None,
            },
            distinct: o.distinct,
            page_size: o.page_size,
            offset: o.offset,
            relations: Relations {
                paths: o.load_relations.clone(),
                depth: o.relations_depth,
                page_size: o.relations_page_size,
            },
            include_object_id: false,
        })
    }

    /// The same plan following the app's `includeObjectIdByDefault` setting.
    pub fn with_object_id_by_default(mut self, include: bool) -> Plan {
        self.include_object_id = include;
        self
    }

    /// Whether the result is groups rather than objects (aggregates, groupBy, having).
    pub fn is_grouped(&self) -> bool {
        !self.group_by.is_empty()
            || self.having.is_some()
            || self.props.iter().any(Projection::is_aggregate)
    }

    /// Whether `*` or nothing was asked for (the default columns are returned).
    pub fn selects_defaults(&self) -> bool {
        self.props.is_empty() || self.props.iter().any(|p| matches!(p, Projection::All))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_comparisons_become_is_null_tests() {
        let parsed = parse_where(Some("objectId != NULL and (a = null or not null = b)"))
            .expect("parses")
            .expect("clause");
        let expected = query::parse_where("objectId IS NOT NULL and (a IS NULL or not b IS NULL)")
            .expect("parses");
        assert_eq!(parsed, expected);
    }

    #[test]
    fn broken_clauses_map_to_their_codes() {
        let bad_where = FindOptions {
            where_clause: Some("age >".into()),
            ..FindOptions::default()
        };
        assert_eq!(Plan::parse(&bad_where).expect_err("where").code, 1017);
        let bad_having = FindOptions {
            having: Some("(".into()),
            ..FindOptions::default()
        };
        assert_eq!(Plan::parse(&bad_having).expect_err("having").code, 19001);
        let bad_sort = FindOptions {
            sort_by: Some("a,,b".into()),
            ..FindOptions::default()
        };
        assert_eq!(Plan::parse(&bad_sort).expect_err("sort").code, 1006);
        let ok = FindOptions {
            where_clause: Some("name = 'x' and age > 3".into()),
            props: Some("Count(age) as c,name".into()),
            group_by: Some("name".into()),
            ..FindOptions::default()
        };
        let plan = Plan::parse(&ok).expect("parses");
        assert!(plan.filter.is_some());
        assert!(plan.is_grouped());
    }

    #[test]
    fn a_bad_date_literal_is_8003_with_the_message_said_once() {
        let e = query::dates::parse_date_or_error("not a date").expect_err("bad date");
        let api = query_error(Clause::Where, &e);
        assert_eq!(api.code, 8003);
        assert_eq!(api.message, "Invalid date format: 'not a date'");
    }
}
