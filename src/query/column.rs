//! Reading values from rows: columns and relation paths (through `join` bindings), JSON
//! access `->` / `->>` (where-clause.md §7), and plain columns inside a group (§8).

use serde_json::Value;

use super::ast::{ColumnRef, JsonAccess, Operand};
use super::error::QueryError;
use super::error::QueryErrorKind;
use super::eval::{eval_operand, first_value, Ctx, Group};
use super::join::{bound, Flow, Hop};
use super::jsonpath::JsonPath;
use super::row::{Collation, ColumnKind, NullRow, RowView};
use super::select::Projection;
use super::value::SqlValue;

/// In a group: a props alias (MySQL lets HAVING name select aliases), else the value on the
/// group's first row (MySQL returns any row's value for a non-aggregated column).
pub(crate) fn group_value(ctx: &Ctx<'_>, op: &Operand) -> Result<SqlValue, Flow> {
    let Some(group) = ctx.group else {
        return Ok(SqlValue::Null);
    };
    let alias = match op {
        Operand::Column(ColumnRef {
            inverse: None,
            path,
        }) => match path.segments() {
            [name] => group
                .aliases
                .iter()
                .find(|p| p.output_name().as_deref() == Some(name.as_str())),
            _ => None,
        },
        _ => None,
    };
    if let Some(Projection::Item { expr, .. }) = alias {
        // The alias's own expression cannot name aliases: no recursion through them.
        let inner = Group {
            rows: group.rows,
            aliases: &[],
        };
        return eval_operand(
            &Ctx {
                row: ctx.row,
                env: None,
                group: Some(&inner),
                eval: ctx.eval,
            },
            expr,
        );
    }
    let null_row = NullRow {
        now_ms: 0,
        collation: ctx.row.collation(),
    };
    let first: &dyn RowView = group.rows.first().copied().unwrap_or(&null_row);
    Ok(first_value(ctx.eval, op, first, None)?)
}

pub(crate) fn column_value(ctx: &Ctx<'_>, column: &ColumnRef) -> Result<SqlValue, Flow> {
    let mut key = Vec::new();
    let mut row = Some(ctx.row);
    if let Some(inv) = &column.inverse {
        key.push(Hop::Inverse(
            inv.table.as_str().to_owned(),
            inv.relation.as_str().to_owned(),
        ));
        row = bound(ctx.env, &key)?;
    }
    let segments = column.path.segments();
    for (i, segment) in segments.iter().enumerate() {
        let Some(current) = row else {
            return Ok(SqlValue::Null);
        };
        let name = segment.as_str();
        let last = i + 1 == segments.len();
        let kind = current.column_type(name);
        if let Some(ColumnKind::Relation(_)) = kind {
            key.push(Hop::Relation(name.to_owned()));
            row = bound(ctx.env, &key)?;
            if last {
                // A relation column compares as the related object's id (`rel is null`).
                let id = row.and_then(|child| child.value("objectId"));
                return Ok(id.map_or(SqlValue::Null, |v| {
                    SqlValue::from_json(&v, ctx.row.collation())
                }));
            }
            continue;
        }
        let unknown = |what: &str| {
            Flow::Fail(QueryError::evaluation(
                QueryErrorKind::UnknownColumn,
                format!("{what} '{name}' does not exist"),
            ))
        };
        if !last {
            return Err(unknown("relation"));
        }
        return match current.value(name) {
            Some(v) => Ok(SqlValue::from_column(&v, kind, ctx.row.collation())?),
            None if kind.is_some() => Ok(SqlValue::Null),
            None => Err(unknown("column")),
        };
    }
    Ok(SqlValue::Null)
}

/// `col->'$.p'` keeps JSON; `col->>'$.p'` unquotes to binary-collated text.
pub(crate) fn json_value(
    ctx: &Ctx<'_>,
    column: &ColumnRef,
    path: &JsonPath,
    access: JsonAccess,
) -> Result<SqlValue, Flow> {
    let doc = match column_value(ctx, column)? {
        SqlValue::Null => return Ok(SqlValue::Null),
        SqlValue::Json(v) => v,
        SqlValue::Str(s, _) => serde_json::from_str(&s).map_err(|_| {
            QueryError::evaluation(
                QueryErrorKind::Evaluation,
                format!("Invalid JSON text in column '{column}'"),
            )
        })?,
        other => other.to_json(),
    };
    let Some(found) = path.extract(&doc) else {
        return Ok(SqlValue::Null);
    };
    Ok(match (access, found) {
        (JsonAccess::Extract, v) => SqlValue::Json(v),
        (JsonAccess::Unquote, Value::String(s)) => SqlValue::Str(s, Collation::Binary),
        (JsonAccess::Unquote, v) => SqlValue::Str(v.to_string(), Collation::Binary),
    })
}
