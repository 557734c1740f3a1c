//! Database functions and arithmetic (where-clause.md §2 arithmetic, §6 functions), with
//! MySQL NULL handling: a NULL argument gives NULL.
//!
//! MySQL choices: integer `+ - *` overflow is an error (MySQL "BIGINT value is out of
//! range"); `/` is fractional and `x / 0`, `x % 0` are NULL; date functions read numbers as
//! epoch ms (Backendless) rather than MySQL's `YYYYMMDD` numbers, and an unparsable date
//! string gives NULL as in MySQL; `ROUND` rounds half away from zero.

use serde_json::Value;

use super::ast::ArithOp;
use super::compare::json_order;
use super::dates::{civil, format_time, parse_date, start_of_day, week};
use super::error::{QueryError, QueryErrorKind};
use super::eval::{eval_operand, Ctx};
use super::function::{Function, FunctionCall};
use super::join::Flow;
use super::jsonpath::JsonPath;
use super::row::Collation;
use super::value::{Num, SqlValue};
use chrono::{Datelike, Timelike};

fn eval_error(message: impl Into<String>) -> QueryError {
    QueryError::evaluation(QueryErrorKind::Evaluation, message)
}

fn out_of_range() -> QueryError {
    eval_error("BIGINT value is out of range")
}

/// Calls a scalar function.
pub(crate) fn call(ctx: &Ctx<'_>, fc: &FunctionCall) -> Result<SqlValue, Flow> {
    let args = fc
        .args()
        .iter()
        .map(|a| eval_operand(ctx, a))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(apply(
        fc.function(),
        &args,
        ctx.row.now_ms(),
        ctx.row.collation(),
    )?)
}

fn arg(args: &[SqlValue], i: usize) -> &SqlValue {
    args.get(i).unwrap_or(&SqlValue::Null)
}

/// Epoch ms of a date argument; `None` for NULL or an unparsable string.
fn date_arg(v: &SqlValue) -> Option<i64> {
    match v {
        SqlValue::Str(s, _) => parse_date(s),
        SqlValue::Json(Value::String(s)) => parse_date(s),
        other => other.to_num().map(|n| match n {
            Num::I(i) => i,
            Num::F(f) => f as i64,
        }),
    }
}

fn int_arg(v: &SqlValue) -> Option<i64> {
    v.to_num().map(|n| match n {
        Num::I(i) => i,
        Num::F(f) => f.round() as i64,
    })
}

fn apply(
    f: &Function,
    args: &[SqlValue],
    now: i64,
    collation: Collation,
) -> Result<SqlValue, QueryError> {
    let first = arg(args, 0);
    let text = |s: String| SqlValue::Str(s, first.collation(collation));
    let date_part = |part: fn(chrono::NaiveDateTime) -> u32| {
        date_arg(first)
            .and_then(civil)
            .map_or(SqlValue::Null, |t| SqlValue::Int(i64::from(part(t))))
    };
    Ok(match f {
        Function::Now => {
            // MySQL NOW() has seconds precision unless a fractional precision is asked for.
            let precision = args.first().and_then(int_arg).unwrap_or(0).clamp(0, 3);
            let unit = 10_i64.pow(3 - precision as u32);
            SqlValue::DateTime(now - now.rem_euclid(unit))
        }
        Function::UnixTimestamp => {
            let ms = if args.is_empty() {
                Some(now)
            } else {
                date_arg(first)
            };
            match ms {
                None => SqlValue::Null,
                Some(ms) if ms.rem_euclid(1000) == 0 => SqlValue::Int(ms.div_euclid(1000)),
                Some(ms) => SqlValue::Float(ms as f64 / 1000.0),
            }
        }
        Function::Date => date_arg(first)
            .and_then(start_of_day)
            .map_or(SqlValue::Null, SqlValue::Date),
        Function::Time => date_arg(first)
            .and_then(format_time)
            .map_or(SqlValue::Null, text),
        Function::Week => {
            let mode = if args.len() > 1 {
                int_arg(arg(args, 1))
            } else {
                Some(0)
            };
            match (date_arg(first), mode) {
                (Some(ms), Some(mode)) => match week(ms, mode) {
                    Some(w) => SqlValue::Int(w),
                    None => return Err(QueryError::unsupported(0, format!("WEEK mode {mode}"))),
                },
                _ => SqlValue::Null,
            }
        }
        Function::Year => date_arg(first)
            .and_then(civil)
            .map_or(SqlValue::Null, |t| SqlValue::Int(i64::from(t.year()))),
        Function::Month => date_part(|t| t.month()),
        Function::Day => date_part(|t| t.day()),
        Function::Hour => date_part(|t| t.hour()),
        Function::Minute => date_part(|t| t.minute()),
        Function::Second => date_part(|t| t.second()),
        Function::Upper => first
            .to_text()
            .map_or(SqlValue::Null, |s| text(s.to_uppercase())),
        Function::Lower => first
            .to_text()
            .map_or(SqlValue::Null, |s| text(s.to_lowercase())),
        Function::Concat => match args
            .iter()
            .map(SqlValue::to_text)
            .collect::<Option<Vec<_>>>()
        {
            Some(parts) => text(parts.concat()),
            None => SqlValue::Null,
        },
        Function::Length => first
            .to_text()
            .map_or(SqlValue::Null, |s| SqlValue::Int(s.len() as i64)),
        Function::CharLength => first
            .to_text()
            .map_or(SqlValue::Null, |s| SqlValue::Int(s.chars().count() as i64)),
        Function::Substring => substring(args).map_or(SqlValue::Null, text),
        Function::Trim => first
            .to_text()
            .map_or(SqlValue::Null, |s| text(s.trim_matches(' ').to_owned())),
        Function::Abs => match first.to_num() {
            None => SqlValue::Null,
            Some(Num::I(i)) => SqlValue::Int(i.checked_abs().ok_or_else(out_of_range)?),
            Some(Num::F(x)) => SqlValue::Float(x.abs()),
        },
        Function::Floor => integral(first, f64::floor)?,
        Function::Ceil => integral(first, f64::ceil)?,
        Function::Round => round(
            first,
            if args.len() > 1 {
                int_arg(arg(args, 1))
            } else {
                Some(0)
            },
        )?,
        Function::JsonExtract => json_extract(args)?,
        Function::JsonUnquote => match first {
            SqlValue::Null => SqlValue::Null,
            SqlValue::Json(Value::String(s)) => SqlValue::Str(s.clone(), Collation::Binary),
            SqlValue::Str(s, _) => match serde_json::from_str::<Value>(s) {
                Ok(Value::String(inner)) if s.starts_with('"') => {
                    SqlValue::Str(inner, Collation::Binary)
                }
                _ => SqlValue::Str(s.clone(), Collation::Binary),
            },
            other => SqlValue::Str(other.to_json().to_string(), Collation::Binary),
        },
        Function::JsonContains => json_contains(args)?,
        Function::JsonLength => {
            let Some(doc) = json_doc(first)? else {
                return Ok(SqlValue::Null);
            };
            let target = match args.get(1) {
                Some(p) => match json_path(p)? {
                    Some(path) => path.extract(&doc),
                    None => None,
                },
                None => Some(doc),
            };
            match target {
                None => SqlValue::Null,
                Some(Value::Array(a)) => SqlValue::Int(a.len() as i64),
                Some(Value::Object(o)) => SqlValue::Int(o.len() as i64),
                Some(_) => SqlValue::Int(1),
            }
        }
        Function::Spatial(name) => {
            return Err(QueryError::unsupported(
                0,
                format!("spatial function {}", name.as_str()),
            ));
        }
    })
}

/// MySQL SUBSTRING: 1-based; a negative start counts from the end; 0 gives ''.
fn substring(args: &[SqlValue]) -> Option<String> {
    let s: Vec<char> = arg(args, 0).to_text()?.chars().collect();
    let pos = int_arg(arg(args, 1))?;
    let len = if args.len() > 2 {
        int_arg(arg(args, 2))?
    } else {
        i64::MAX
    };
    let count = s.len() as i64;
    let start = match pos {
        0 => return Some(String::new()),
        p if p > 0 => p - 1,
        p => count + p,
    };
    if start < 0 || start >= count || len < 1 {
        return Some(String::new());
    }
    Some(
        s.iter()
            .skip(start as usize)
            .take(usize::try_from(len).unwrap_or(usize::MAX))
            .collect(),
    )
}

fn integral(v: &SqlValue, op: fn(f64) -> f64) -> Result<SqlValue, QueryError> {
    Ok(match v.to_num() {
        None => SqlValue::Null,
        Some(Num::I(i)) => SqlValue::Int(i),
        Some(Num::F(x)) => {
            let r = op(x);
            if r.abs() < 9.2e18 {
                SqlValue::Int(r as i64)
            } else {
                SqlValue::Float(r)
            }
        }
    })
}

fn round(v: &SqlValue, digits: Option<i64>) -> Result<SqlValue, QueryError> {
    let (Some(n), Some(d)) = (v.to_num(), digits) else {
        return Ok(SqlValue::Null);
    };
    let d = d.clamp(-30, 30) as i32;
    Ok(match n {
        Num::I(i) if d >= 0 => SqlValue::Int(i),
        Num::I(i) => {
            let scale = 10_f64.powi(-d);
            SqlValue::Int(((i as f64 / scale).round() * scale) as i64)
        }
        Num::F(x) => {
            let scale = 10_f64.powi(d);
            let r = (x * scale).round() / scale;
            if d <= 0 && r.abs() < 9.2e18 {
                SqlValue::Int(r as i64)
            } else {
                SqlValue::Float(r)
            }
        }
    })
}

/// A JSON document argument: JSON values as they are, strings parsed as JSON text.
fn json_doc(v: &SqlValue) -> Result<Option<Value>, QueryError> {
    Ok(match v {
        SqlValue::Null => None,
        SqlValue::Json(j) => Some(j.clone()),
        SqlValue::Str(s, _) => Some(
            serde_json::from_str(s).map_err(|_| eval_error(format!("Invalid JSON text: '{s}'")))?,
        ),
        other => Some(other.to_json()),
    })
}

fn json_path(v: &SqlValue) -> Result<Option<JsonPath>, QueryError> {
    match v.to_text() {
        None => Ok(None),
        Some(text) => JsonPath::parse(&text)
            .map(Some)
            .map_err(|e| eval_error(format!("Invalid JSON path '{text}': {}", e.message))),
    }
}

fn json_extract(args: &[SqlValue]) -> Result<SqlValue, QueryError> {
    let Some(doc) = json_doc(arg(args, 0))? else {
        return Ok(SqlValue::Null);
    };
    let mut paths = Vec::new();
    for p in args.iter().skip(1) {
        match json_path(p)? {
            Some(path) => paths.push(path),
            None => return Ok(SqlValue::Null),
        }
    }
    if let [path] = paths.as_slice() {
        return Ok(path.extract(&doc).map_or(SqlValue::Null, SqlValue::Json));
    }
    let found: Vec<Value> = paths.iter().flat_map(|p| p.select(&doc)).cloned().collect();
    Ok(if found.is_empty() {
        SqlValue::Null
    } else {
        SqlValue::Json(Value::Array(found))
    })
}

/// MySQL JSON_CONTAINS: 1 if `candidate` is contained in `target` (at `path`), else 0.
fn json_contains(args: &[SqlValue]) -> Result<SqlValue, QueryError> {
    let (Some(target), Some(candidate)) = (json_doc(arg(args, 0))?, json_doc(arg(args, 1))?) else {
        return Ok(SqlValue::Null);
    };
    let target = match args.get(2) {
        None => target,
        Some(p) => match json_path(p)?.and_then(|path| path.extract(&target)) {
            Some(t) => t,
            None => return Ok(SqlValue::Null),
        },
    };
    Ok(SqlValue::Int(i64::from(contains(&target, &candidate))))
}

fn contains(target: &Value, candidate: &Value) -> bool {
    match (target, candidate) {
        (Value::Array(items), Value::Array(wanted)) => {
            wanted.iter().all(|w| items.iter().any(|i| contains(i, w)))
        }
        (Value::Array(items), scalar) => items.iter().any(|i| contains(i, scalar)),
        (Value::Object(map), Value::Object(wanted)) => wanted
            .iter()
            .all(|(k, w)| map.get(k).is_some_and(|v| contains(v, w))),
        (a, b) => {
            json_order(a, b).is_eq() && std::mem::discriminant(a) == std::mem::discriminant(b)
        }
    }
}

/// Unary minus.
pub(crate) fn negate(v: SqlValue) -> Result<SqlValue, QueryError> {
    Ok(match v.to_num() {
        None => SqlValue::Null,
        Some(Num::I(i)) => SqlValue::Int(i.checked_neg().ok_or_else(out_of_range)?),
        Some(Num::F(x)) => SqlValue::Float(-x),
    })
}

/// `a op b` in numeric context.
pub(crate) fn arith(op: ArithOp, a: SqlValue, b: SqlValue) -> Result<SqlValue, QueryError> {
    let (Some(x), Some(y)) = (a.to_num(), b.to_num()) else {
        return Ok(SqlValue::Null);
    };
    if let (Num::I(x), Num::I(y)) = (x, y) {
        let exact = match op {
            ArithOp::Add => Some(x.checked_add(y)),
            ArithOp::Sub => Some(x.checked_sub(y)),
            ArithOp::Mul => Some(x.checked_mul(y)),
            ArithOp::Mod if y == 0 => return Ok(SqlValue::Null),
            ArithOp::Mod => Some(x.checked_rem(y)),
            ArithOp::Div => None,
        };
        if let Some(result) = exact {
            return result.map(SqlValue::Int).ok_or_else(out_of_range);
        }
    }
    let (x, y) = (x.as_f64(), y.as_f64());
    let result = match op {
        ArithOp::Add => x + y,
        ArithOp::Sub => x - y,
        ArithOp::Mul => x * y,
        ArithOp::Div | ArithOp::Mod if y == 0.0 => return Ok(SqlValue::Null),
        ArithOp::Div => x / y,
        ArithOp::Mod => x % y,
    };
    if result.is_finite() {
        Ok(SqlValue::Float(result))
    } else {
        Err(eval_error("DOUBLE value is out of range"))
    }
}
