//! The sorted-set store (hive.md §8, Z1-Z18): members with double scores; items travel as
//! `[score, value]` pairs.

use serde_json::{json, Value};

use super::errors::out_of_range;
use super::reply::Reply;
use super::set::{pick, Algebra};
use super::store::Store;
use super::value::canonical;
use super::zset::{rank_range, Bound, Member, ZSet};
use crate::error::ApiError;
use crate::ids::IdGen;

/// Z1 `duplicateBehaviour`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Duplicates {
    /// Add new members and update existing ones (plain ZADD).
    #[default]
    AddOrUpdate,
    /// `OnlyUpdate`: never add (XX).
    OnlyUpdate,
    /// `AlwaysAdd`: never touch existing members (NX).
    AlwaysAdd,
}

/// Z1 `scoreUpdateMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScoreUpdate {
    /// Any new score.
    #[default]
    Always,
    /// `Greater`: only a higher score (GT).
    Greater,
    /// `Less`: only a lower score (LT).
    Less,
}

/// Z1 `resultType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AddResult {
    /// `NewAdded`: members added.
    #[default]
    NewAdded,
    /// `TotalChanged`: members added or whose score changed (CH).
    TotalChanged,
}

/// Whether results carry scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Values only.
    Values,
    /// `[score, value]` pairs.
    WithScores,
}

/// Reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Lowest score first.
    Ascending,
    /// Highest score first (`reverse=true`).
    Descending,
}

/// A sorted-set operation on one key.
#[derive(Debug, Clone, PartialEq)]
pub enum ZOp {
    /// Z1 `PUT /{key}/add`.
    Add(Vec<(f64, Value)>, Duplicates, ScoreUpdate, AddResult),
    /// Z2/Z3 `PUT /{key}/increment|decrement`.
    Increment(Value, f64),
    /// Z4/Z5 `PUT /{key}/get-with-max|min-score-and-delete?count=` (max first when descending).
    Pop(Direction, usize),
    /// Z6 `GET /{key}/get-random?count=&withScores=`.
    Random(i64, Shape),
    /// Z7 `POST /{key}/get-score`.
    Score(Value),
    /// Z8 `POST /{key}/get-rank`.
    Rank(Value, Direction),
    /// Z9 `GET /{key}/get-range-by-rank`.
    RangeByRank(i64, i64, Shape, Direction),
    /// Z10 `GET /{key}/get-range-by-score` (offset, page size).
    RangeByScore(Bound, Bound, usize, usize, Shape, Direction),
    /// Z11 `DELETE /{key}/values`.
    Remove(Vec<Value>),
    /// Z12 `DELETE /{key}/delete-by-rank`.
    RemoveByRank(i64, i64),
    /// Z13 `DELETE /{key}/delete-by-score`.
    RemoveByScore(Bound, Bound),
    /// Z14 `GET /{key}/length`.
    Length,
    /// Z15 `GET /{key}/count`.
    Count(Bound, Bound),
}

/// A sorted-set call: on one key, or a combination of keys (Z16-Z18).
#[derive(Debug, Clone, PartialEq)]
pub enum ZCall {
    /// An operation on one key.
    Keyed(String, ZOp),
    /// `POST /action/{difference|intersection|union}`.
    Combine(Algebra, Vec<String>),
}

fn render<'a>(members: impl Iterator<Item = &'a Member>, shape: Shape) -> Value {
    Value::Array(
        members
            .map(|m| match shape {
                Shape::Values => m.value.clone(),
                Shape::WithScores => json!([m.score, m.value]),
            })
            .collect(),
    )
}

/// Apply a sorted-set call.
pub(super) fn apply(
    store: &mut Store<ZSet>,
    call: ZCall,
    now: i64,
    rng: &IdGen,
) -> Result<Reply, ApiError> {
    let (key, op) = match call {
        ZCall::Keyed(key, op) => (key, op),
        ZCall::Combine(kind, keys) => return Ok(Reply::json(combine(store, kind, &keys, now))),
    };
    let empty = ZSet::default();
    Ok(match op {
        ZOp::Add(items, duplicates, update, result) => {
            let (added, changed) = store.modify(&key, now, |z| add(z, items, duplicates, update));
            Reply::json(match result {
                AddResult::NewAdded => added,
                AddResult::TotalChanged => changed,
            })
        }
        ZOp::Increment(value, by) => store.modify(&key, now, |z| {
            let next = z.score(&canonical(&value)).unwrap_or(0.0) + by;
            if !next.is_finite() {
                return Err(out_of_range());
            }
            z.insert(value, next);
            Ok(Reply::json(next))
        })?,
        ZOp::Pop(direction, n) => {
            let popped = store.modify_existing(&key, now, |z| {
                let n = n.min(z.len());
                let mut taken = match direction {
                    Direction::Ascending => z.remove_range(0..n),
                    Direction::Descending => z.remove_range(z.len() - n..z.len()),
                };
                if direction == Direction::Descending {
                    taken.reverse();
                }
                render(taken.iter(), Shape::WithScores)
            });
            Reply::json(popped.unwrap_or(json!([])))
        }
        ZOp::Random(n, shape) => {
            let z = store.read(&key, now).unwrap_or(&empty);
            let picked = pick(z.len(), n, rng);
            Reply::json(render(picked.iter().map(|&i| &z.members()[i]), shape))
        }
        ZOp::Score(value) => {
            let z = store.read(&key, now).unwrap_or(&empty);
            Reply::json(z.score(&canonical(&value)).map_or(Value::Null, Value::from))
        }
        ZOp::Rank(value, direction) => {
            let z = store.read(&key, now).unwrap_or(&empty);
            let rank = z.rank(&canonical(&value)).map(|r| match direction {
                Direction::Ascending => r,
                Direction::Descending => z.len() - 1 - r,
            });
            Reply::json(rank.map_or(Value::Null, Value::from))
        }
        ZOp::RangeByRank(start, stop, shape, direction) => {
            let z = store.read(&key, now).unwrap_or(&empty);
            let range = rank_range(z.len(), start, stop);
            let members = z.members();
            Reply::json(match direction {
                Direction::Ascending => render(members[range].iter(), shape),
                Direction::Descending => render(
                    members.iter().rev().skip(range.start).take(range.len()),
                    shape,
                ),
            })
        }
        ZOp::RangeByScore(min, max, offset, page, shape, direction) => {
            let z = store.read(&key, now).unwrap_or(&empty);
            let slice = &z.members()[z.score_range(min, max)];
            Reply::json(match direction {
                Direction::Ascending => render(slice.iter().skip(offset).take(page), shape),
                Direction::Descending => render(slice.iter().rev().skip(offset).take(page), shape),
            })
        }
        ZOp::Remove(values) => {
            let removed = store.modify_existing(&key, now, |z| {
                values.iter().filter(|v| z.remove(&canonical(v))).count()
            });
            Reply::json(removed.unwrap_or(0))
        }
        ZOp::RemoveByRank(start, stop) => {
            let removed = store.modify_existing(&key, now, |z| {
                z.remove_range(rank_range(z.len(), start, stop)).len()
            });
            Reply::json(removed.unwrap_or(0))
        }
        ZOp::RemoveByScore(min, max) => {
            let removed =
                store.modify_existing(&key, now, |z| z.remove_range(z.score_range(min, max)).len());
            Reply::json(removed.unwrap_or(0))
        }
        ZOp::Length => Reply::json(store.read(&key, now).map_or(0, ZSet::len)),
        ZOp::Count(min, max) => {
            let z = store.read(&key, now).unwrap_or(&empty);
            Reply::json(z.score_range(min, max).len())
        }
    })
}

/// Z1 on one set: returns (members added, members added or re-scored).
fn add(
    z: &mut ZSet,
    items: Vec<(f64, Value)>,
    duplicates: Duplicates,
    update: ScoreUpdate,
) -> (usize, usize) {
    let (mut added, mut changed) = (0, 0);
    for (score, value) in items {
        match z.score(&canonical(&value)) {
            None if duplicates != Duplicates::OnlyUpdate => {
                z.insert(value, score);
                added += 1;
                changed += 1;
            }
            Some(old) if duplicates != Duplicates::AlwaysAdd => {
                let allowed = match update {
                    ScoreUpdate::Always => true,
                    ScoreUpdate::Greater => score > old,
                    ScoreUpdate::Less => score < old,
                };
                if allowed && score != old {
                    z.insert(value, score);
                    changed += 1;
                }
            }
            _ => {}
        }
    }
    (added, changed)
}

/// Z16-Z18: values of the combination, ordered by their summed score (the first set's score for a
/// difference), as ZDIFF/ZINTER/ZUNION order them.
fn combine(store: &mut Store<ZSet>, kind: Algebra, keys: &[String], now: i64) -> Vec<Value> {
    let sets: Vec<ZSet> = keys
        .iter()
        .map(|k| store.read(k, now).cloned().unwrap_or_default())
        .collect();
    let canon: Vec<Vec<&str>> = sets
        .iter()
        .map(|z| {
            let mut c: Vec<&str> = z.members().iter().map(|m| m.canon.as_str()).collect();
            c.sort_unstable();
            c
        })
        .collect();
    let mut scored: Vec<(f64, &str)> = kind
        .combine(&canon)
        .into_iter()
        .map(|c| {
            let score = match kind {
                Algebra::Difference => sets.first().and_then(|z| z.score(c)).unwrap_or(0.0),
                _ => sets.iter().filter_map(|z| z.score(c)).sum(),
            };
            (score, c)
        })
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let values: std::collections::HashMap<&str, &Value> = sets
        .iter()
        .flat_map(|z| z.members().iter().map(|m| (m.canon.as_str(), &m.value)))
        .collect();
    scored
        .into_iter()
        .filter_map(|(_, c)| values.get(c).map(|v| (*v).clone()))
        .collect()
}

mod parse;
#[cfg(test)]
mod tests;

pub(super) use parse::parse;
