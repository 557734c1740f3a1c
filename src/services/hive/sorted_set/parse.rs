//! Reading a sorted-set call (hive.md §8 Z1-Z18) from path, query and body: option spellings of
//! every SDK, `[score, value]` items, score bounds and page sizes.

use serde_json::Value;

use super::super::args::{json_float, Call, Verb};
use super::super::errors::{bad_argument, missing, out_of_range};
use super::super::set::{values, Algebra};
use super::super::zset::Bound;
use super::{AddResult, Direction, Duplicates, ScoreUpdate, Shape, ZCall, ZOp};
use crate::error::ApiError;

/// Default and largest `pageSize` of Z10.
const DEFAULT_PAGE: i64 = 20;
const MAX_PAGE: i64 = 10_000;

/// The sorted-set call `call` names, if any.
pub(crate) fn parse(call: &Call) -> Result<Option<ZCall>, ApiError> {
    if let (Verb::Post, Some("action"), Some(name), None) = (call.verb, call.key, call.op, call.arg)
    {
        if let Some(kind) = Algebra::parse(name) {
            return Ok(Some(ZCall::Combine(kind, call.strings()?)));
        }
    }
    let (Some(key), Some(name), None) = (call.key, call.op, call.arg) else {
        return Ok(None);
    };
    let op = match (call.verb, name) {
        (Verb::Put, "add") => parse_add(call)?,
        (Verb::Put, "increment") => ZOp::Increment(
            call.field("value")?.clone(),
            call.float_field("scoreValue")?,
        ),
        (Verb::Put, "decrement") => ZOp::Increment(
            call.field("value")?.clone(),
            -call.float_field("scoreValue")?,
        ),
        (Verb::Put, "get-with-max-score-and-delete") => {
            ZOp::Pop(Direction::Descending, count(call)?)
        }
        (Verb::Put, "get-with-min-score-and-delete") => {
            ZOp::Pop(Direction::Ascending, count(call)?)
        }
        (Verb::Get, "get-random") => ZOp::Random(call.int("count")?.unwrap_or(1), shape(call)?),
        (Verb::Post, "get-score") => ZOp::Score(call.field("value")?.clone()),
        (Verb::Post, "get-rank") => ZOp::Rank(
            call.field("value")?.clone(),
            direction(call.opt_bool_field("reverse")?),
        ),
        (Verb::Get, "get-range-by-rank") => ZOp::RangeByRank(
            call.required_int("startRank")?,
            call.required_int("stopRank")?,
            shape(call)?,
            direction(call.flag("reverse")?),
        ),
        (Verb::Get, "get-range-by-score") => {
            // Open question 4: REST and JS send `pageSize`, Swift `count`.
            let page = match call.int("pageSize")? {
                Some(p) => Some(p),
                None => call.int("count")?,
            };
            ZOp::RangeByScore(
                bound(call, "minScore", "minBound")?,
                bound(call, "maxScore", "maxBound")?,
                usize::try_from(call.int("offset")?.unwrap_or(0)).map_err(|_| out_of_range())?,
                page.unwrap_or(DEFAULT_PAGE).clamp(0, MAX_PAGE) as usize,
                shape(call)?,
                direction(call.flag("reverse")?),
            )
        }
        (Verb::Delete, "values") => ZOp::Remove(values(call)?),
        (Verb::Delete, "delete-by-rank") => ZOp::RemoveByRank(
            call.required_int("startRank")?,
            call.required_int("stopRank")?,
        ),
        (Verb::Delete, "delete-by-score") => ZOp::RemoveByScore(
            bound(call, "minScore", "minBound")?,
            bound(call, "maxScore", "maxBound")?,
        ),
        (Verb::Get, "length") => ZOp::Length,
        (Verb::Get, "count") => ZOp::Count(
            bound(call, "minScore", "minBound")?,
            bound(call, "maxScore", "maxBound")?,
        ),
        _ => return Ok(None),
    };
    Ok(Some(ZCall::Keyed(key.to_string(), op)))
}

fn parse_add(call: &Call) -> Result<ZOp, ApiError> {
    let raw = call.field("items")?;
    let items = raw
        .as_array()
        .ok_or_else(|| bad_argument("'items' must be an array of [score, value] pairs"))?;
    let mut pairs = Vec::with_capacity(items.len());
    for item in items {
        match item.as_array().map(Vec::as_slice) {
            Some([score, value]) if !value.is_null() => {
                pairs.push((json_float("score", score)?, value.clone()));
            }
            _ => {
                return Err(bad_argument(
                    "'items' must be an array of [score, value] pairs",
                ))
            }
        }
    }
    if pairs.is_empty() {
        return Err(missing("items"));
    }
    // Open question 3: the REST docs spell `duplicateBehavior`, the SDKs `duplicateBehaviour`.
    let behaviour = match call.opt_field("duplicateBehaviour")? {
        Some(v) => Some(v),
        None => call.opt_field("duplicateBehavior")?,
    };
    let duplicates = match behaviour.map(Value::as_str) {
        None => Duplicates::AddOrUpdate,
        Some(Some("OnlyUpdate")) => Duplicates::OnlyUpdate,
        Some(Some("AlwaysAdd")) => Duplicates::AlwaysAdd,
        Some(_) => {
            return Err(bad_argument(
                "'duplicateBehaviour' must be OnlyUpdate or AlwaysAdd",
            ))
        }
    };
    let update = match call.opt_field("scoreUpdateMode")?.map(Value::as_str) {
        None => ScoreUpdate::Always,
        Some(Some("Greater")) => ScoreUpdate::Greater,
        Some(Some("Less")) => ScoreUpdate::Less,
        Some(_) => return Err(bad_argument("'scoreUpdateMode' must be Greater or Less")),
    };
    let result = match call.opt_field("resultType")?.map(Value::as_str) {
        None | Some(Some("NewAdded")) => AddResult::NewAdded,
        Some(Some("TotalChanged")) => AddResult::TotalChanged,
        Some(_) => {
            return Err(bad_argument(
                "'resultType' must be NewAdded or TotalChanged",
            ))
        }
    };
    Ok(ZOp::Add(pairs, duplicates, update, result))
}

fn count(call: &Call) -> Result<usize, ApiError> {
    usize::try_from(call.int("count")?.unwrap_or(1)).map_err(|_| out_of_range())
}

fn shape(call: &Call) -> Result<Shape, ApiError> {
    Ok(match call.flag("withScores")? {
        Some(true) => Shape::WithScores,
        _ => Shape::Values,
    })
}

fn direction(reverse: Option<bool>) -> Direction {
    match reverse {
        Some(true) => Direction::Descending,
        _ => Direction::Ascending,
    }
}

/// One side of a score range: no score or `Infinity` leaves it open; the bound defaults to
/// `Include`.
fn bound(call: &Call, score: &str, kind: &str) -> Result<Bound, ApiError> {
    let value = call.float(score)?;
    Ok(match (call.text(kind), value) {
        (Some("Infinity"), _) | (_, None) => Bound::Infinity,
        (None | Some("Include"), Some(v)) => Bound::Include(v),
        (Some("Exclude"), Some(v)) => Bound::Exclude(v),
        (Some(other), _) => {
            return Err(bad_argument(&format!(
                "'{kind}' must be Include, Exclude or Infinity, got '{other}'"
            )))
        }
    })
}
