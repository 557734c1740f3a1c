//! The set store (hive.md §7, S1-S10): an unordered set of JSON values per key, members compared
//! by their canonical JSON. Also the random picking and the set algebra the sorted set shares.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::args::{Call, Verb};
use super::errors::{missing, out_of_range};
use super::reply::Reply;
use super::store::{Payload, Store};
use super::value::canonical;
use crate::error::ApiError;
use crate::ids::IdGen;

/// The members of one set, keyed by canonical JSON (listed in that order).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "Vec<Value>", into = "Vec<Value>")]
pub struct Members(BTreeMap<String, Value>);

impl From<Vec<Value>> for Members {
    fn from(values: Vec<Value>) -> Self {
        Members(values.into_iter().map(|v| (canonical(&v), v)).collect())
    }
}

impl From<Members> for Vec<Value> {
    fn from(members: Members) -> Self {
        members.0.into_values().collect()
    }
}

impl Payload for Members {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Members {
    fn values(&self) -> Vec<Value> {
        self.0.values().cloned().collect()
    }
}

/// Which combination S8-S10 / Z16-Z18 compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algebra {
    /// The first store minus the others.
    Difference,
    /// Members of every store.
    Intersection,
    /// Members of any store.
    Union,
}

impl Algebra {
    /// `difference`, `intersection`, `union`.
    pub fn parse(name: &str) -> Option<Algebra> {
        match name {
            "difference" => Some(Algebra::Difference),
            "intersection" => Some(Algebra::Intersection),
            "union" => Some(Algebra::Union),
            _ => None,
        }
    }

    /// The canonical members the combination keeps, given each store's canonical members
    /// (each list sorted), in sorted order.
    pub fn combine<'a>(self, stores: &[Vec<&'a str>]) -> Vec<&'a str> {
        let Some((first, rest)) = stores.split_first() else {
            return Vec::new();
        };
        let mut out: Vec<&str> = match self {
            Algebra::Difference => first
                .iter()
                .filter(|m| !rest.iter().any(|s| s.binary_search(m).is_ok()))
                .copied()
                .collect(),
            Algebra::Intersection => first
                .iter()
                .filter(|m| rest.iter().all(|s| s.binary_search(m).is_ok()))
                .copied()
                .collect(),
            Algebra::Union => stores.iter().flatten().copied().collect(),
        };
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A set operation on one key.
#[derive(Debug, Clone, PartialEq)]
pub enum SetOp {
    /// S1 `GET /{key}`.
    Members,
    /// S2 `GET /{key}/random?count=`: distinct members when > 0, with repeats when < 0.
    Random(i64),
    /// S3 `PUT /{key}/random?count=`: remove and return.
    Pop(usize),
    /// S4 `PUT /{key}/add`.
    Add(Vec<Value>),
    /// S5 `DELETE /{key}/values`.
    Remove(Vec<Value>),
    /// S6 `POST /{key}/contains`.
    Contains(Vec<Value>),
    /// S7 `GET /{key}/length`.
    Length,
}

/// A set-store call: on one key, or a combination of keys.
#[derive(Debug, Clone, PartialEq)]
pub enum SetCall {
    /// An operation on one key.
    Keyed(String, SetOp),
    /// S8-S10 `POST /action/{difference|intersection|union}`.
    Combine(Algebra, Vec<String>),
}

/// The set call `call` names, if any.
pub(super) fn parse(call: &Call) -> Result<Option<SetCall>, ApiError> {
    if let (Verb::Post, Some("action"), Some(name), None) = (call.verb, call.key, call.op, call.arg)
    {
        if let Some(kind) = Algebra::parse(name) {
            return Ok(Some(SetCall::Combine(kind, call.strings()?)));
        }
    }
    let Some(key) = call.key else {
        return Ok(None);
    };
    let op = match (call.verb, call.op, call.arg) {
        (Verb::Get, None, None) => SetOp::Members,
        (Verb::Get, Some("random"), None) => SetOp::Random(call.int("count")?.unwrap_or(1)),
        (Verb::Put, Some("random"), None) => {
            let n = call.int("count")?.unwrap_or(1);
            SetOp::Pop(usize::try_from(n).map_err(|_| out_of_range())?)
        }
        (Verb::Put, Some("add"), None) => SetOp::Add(values(call)?),
        (Verb::Delete, Some("values"), None) => SetOp::Remove(values(call)?),
        (Verb::Post, Some("contains"), None) => SetOp::Contains(values(call)?),
        (Verb::Get, Some("length"), None) => SetOp::Length,
        _ => return Ok(None),
    };
    Ok(Some(SetCall::Keyed(key.to_string(), op)))
}

/// A non-empty array body of values.
pub(super) fn values(call: &Call) -> Result<Vec<Value>, ApiError> {
    let values = call.array()?;
    if values.is_empty() {
        return Err(missing("values"));
    }
    Ok(values.clone())
}

/// Indexes into `n` items: `count` distinct ones when positive, `|count|` with repeats when
/// negative (Redis SRANDMEMBER / ZRANDMEMBER), drawn from the app's seeded generator.
pub(super) fn pick(n: usize, count: i64, rng: &IdGen) -> Vec<usize> {
    if n == 0 || count == 0 {
        return Vec::new();
    }
    if count < 0 {
        let draws = count.unsigned_abs().min(100_000) as usize;
        return (0..draws)
            .map(|_| (rng.next_u64() % n as u64) as usize)
            .collect();
    }
    let take = (count as u64).min(n as u64) as usize;
    let mut all: Vec<usize> = (0..n).collect();
    for i in 0..take {
        let j = i + (rng.next_u64() % (n - i) as u64) as usize;
        all.swap(i, j);
    }
    all.truncate(take);
    all
}

/// Apply a set call.
pub(super) fn apply(
    store: &mut Store<Members>,
    call: SetCall,
    now: i64,
    rng: &IdGen,
) -> Result<Reply, ApiError> {
    let (key, op) = match call {
        SetCall::Keyed(key, op) => (key, op),
        SetCall::Combine(kind, keys) => {
            let sets: Vec<Members> = keys
                .iter()
                .map(|k| store.read(k, now).cloned().unwrap_or_default())
                .collect();
            let canon: Vec<Vec<&str>> = sets
                .iter()
                .map(|s| s.0.keys().map(String::as_str).collect())
                .collect();
            let kept = kind.combine(&canon);
            let values: Vec<Value> = kept
                .into_iter()
                .filter_map(|c| sets.iter().find_map(|s| s.0.get(c)).cloned())
                .collect();
            return Ok(Reply::json(values));
        }
    };
    Ok(match op {
        SetOp::Members => Reply::json(
            store
                .read(&key, now)
                .map(Members::values)
                .unwrap_or_default(),
        ),
        SetOp::Random(count) => {
            let all = store
                .read(&key, now)
                .map(Members::values)
                .unwrap_or_default();
            let picked: Vec<Value> = pick(all.len(), count, rng)
                .into_iter()
                .map(|i| all[i].clone())
                .collect();
            Reply::json(picked)
        }
        SetOp::Pop(count) => {
            let popped = store.modify_existing(&key, now, |set| {
                let keys: Vec<String> = set.0.keys().cloned().collect();
                pick(keys.len(), count as i64, rng)
                    .into_iter()
                    .filter_map(|i| set.0.remove(&keys[i]))
                    .collect::<Vec<_>>()
            });
            Reply::json(popped.unwrap_or_default())
        }
        SetOp::Add(values) => {
            let added = store.modify(&key, now, |set| {
                values
                    .into_iter()
                    .filter(|v| set.0.insert(canonical(v), v.clone()).is_none())
                    .count()
            });
            Reply::json(added)
        }
        SetOp::Remove(values) => {
            let removed = store.modify_existing(&key, now, |set| {
                values
                    .iter()
                    .filter(|v| set.0.remove(&canonical(v)).is_some())
                    .count()
            });
            Reply::json(removed.unwrap_or(0))
        }
        SetOp::Contains(values) => {
            let set = store.read(&key, now);
            let found: Vec<bool> = values
                .iter()
                .map(|v| set.is_some_and(|s| s.0.contains_key(&canonical(v))))
                .collect();
            Reply::json(found)
        }
        SetOp::Length => Reply::json(store.read(&key, now).map_or(0, |s| s.0.len())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(s: &mut Store<Members>, call: SetCall) -> Value {
        apply(s, call, 0, &IdGen::seeded(1))
            .expect("applies")
            .into_value()
    }

    fn keyed(key: &str, op: SetOp) -> SetCall {
        SetCall::Keyed(key.into(), op)
    }

    #[test]
    fn set_semantics_and_algebra() {
        let mut s = Store::default();
        assert_eq!(
            run(
                &mut s,
                keyed("a", SetOp::Add(vec![json!(1), json!("x"), json!(1)]))
            ),
            json!(2)
        );
        assert_eq!(
            run(
                &mut s,
                keyed("b", SetOp::Add(vec![json!("x"), json!({"k": 1})]))
            ),
            json!(2)
        );
        assert_eq!(
            run(
                &mut s,
                keyed("a", SetOp::Contains(vec![json!("x"), json!(2)]))
            ),
            json!([true, false])
        );
        let combine = |kind| SetCall::Combine(kind, vec!["a".into(), "b".into(), "missing".into()]);
        assert_eq!(run(&mut s, combine(Algebra::Difference)), json!([1]));
        assert_eq!(run(&mut s, combine(Algebra::Intersection)), json!([]));
        assert_eq!(
            run(&mut s, combine(Algebra::Union)),
            json!(["x", 1, {"k": 1}])
        );
        let ab = SetCall::Combine(Algebra::Intersection, vec!["a".into(), "b".into()]);
        assert_eq!(run(&mut s, ab), json!(["x"]));
        assert_eq!(
            run(&mut s, keyed("a", SetOp::Remove(vec![json!(1), json!(7)]))),
            json!(1)
        );
        assert_eq!(run(&mut s, keyed("a", SetOp::Length)), json!(1));
    }

    #[test]
    fn random_picks_distinct_or_repeated_members() {
        let rng = IdGen::seeded(3);
        let mut distinct = pick(5, 3, &rng);
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 3);
        assert_eq!(pick(2, 10, &rng).len(), 2);
        assert_eq!(pick(2, -7, &rng).len(), 7);
        assert!(pick(0, 3, &rng).is_empty());
        let mut s = Store::default();
        run(
            &mut s,
            keyed("a", SetOp::Add(vec![json!(1), json!(2), json!(3)])),
        );
        let popped = run(&mut s, keyed("a", SetOp::Pop(2)));
        assert_eq!(popped.as_array().map(Vec::len), Some(2));
        assert_eq!(run(&mut s, keyed("a", SetOp::Length)), json!(1));
    }
}
