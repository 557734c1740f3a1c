//! The list store (hive.md §5, L1-L11): an ordered list of JSON values per key, with Redis list
//! semantics (zero-based indexes, negative from the end, inclusive ranges).

use std::collections::VecDeque;

use serde_json::Value;

use super::args::{whole, Call, Verb};
use super::errors::{missing, no_such_key, out_of_range};
use super::reply::Reply;
use super::store::{Payload, Store};
use crate::error::ApiError;

impl Payload for VecDeque<Value> {
    fn is_empty(&self) -> bool {
        VecDeque::is_empty(self)
    }
}

/// Which end of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The head.
    First,
    /// The tail.
    Last,
}

/// Where L5/L6 insert relative to the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Before the anchor.
    Before,
    /// After the anchor.
    After,
}

/// A list operation on one key.
#[derive(Debug, Clone, PartialEq)]
pub enum ListOp {
    /// L1/L3 `GET /{key}[?from=&to=]`: inclusive range.
    Range(i64, i64),
    /// L2 `GET /{key}/{index}`.
    Index(i64),
    /// L4 `GET /{key}/length`.
    Length,
    /// `PUT /{key}/{index}` with `{value}` (the console's `updateHiveListStoreItemByIndex`): replace
    /// the item at the index (negative from the end), as Redis LSET.
    SetAt(i64, Value),
    /// L5/L6 `PUT /{key}/insert-before|insert-after`.
    Insert {
        /// Before or after the anchor.
        side: Side,
        /// Value to insert.
        value: Value,
        /// First element equal to this is the anchor.
        anchor: Value,
    },
    /// L7 `PUT /{key}/delete-value`: `count` > 0 from the head, < 0 from the tail, 0 all.
    DeleteValue(Value, i64),
    /// `DELETE /{key}/values` with an array (the console's `removeHiveStoreValue`): every
    /// occurrence of each value; answers how many items went.
    DeleteValues(Vec<Value>),
    /// L8/L9 `PUT /{key}/add-first|add-last`.
    Push(End, Vec<Value>),
    /// L10/L11 `PUT /{key}/get-first-and-delete|get-last-and-delete?count=`.
    Pop(End, usize),
}

/// The list operation `call` names (with its store key), if any.
pub(super) fn parse(call: &Call) -> Result<Option<(String, ListOp)>, ApiError> {
    let Some(key) = call.key else {
        return Ok(None);
    };
    let op = match (call.verb, call.op, call.arg) {
        (Verb::Get, None, None) => ListOp::Range(
            call.int("from")?.unwrap_or(0),
            call.int("to")?.unwrap_or(-1),
        ),
        (Verb::Get, Some("length"), None) => ListOp::Length,
        (Verb::Get, Some(index), None) => match whole("index", index) {
            Ok(i) => ListOp::Index(i),
            Err(_) => return Ok(None),
        },
        (Verb::Put, Some(op @ ("insert-before" | "insert-after")), None) => ListOp::Insert {
            side: if op == "insert-before" {
                Side::Before
            } else {
                Side::After
            },
            value: call.field("valueToInsert")?.clone(),
            anchor: call.field("anchorValue")?.clone(),
        },
        (Verb::Put, Some(index), None) if whole("index", index).is_ok() => {
            ListOp::SetAt(whole("index", index)?, call.field("value")?.clone())
        }
        (Verb::Put, Some("delete-value"), None) => ListOp::DeleteValue(
            call.field("value")?.clone(),
            call.opt_int_field("count")?.unwrap_or(1),
        ),
        (Verb::Delete, Some("values"), None) => ListOp::DeleteValues(values(call)?),
        (Verb::Put, Some("add-first"), None) => ListOp::Push(End::First, values(call)?),
        (Verb::Put, Some("add-last"), None) => ListOp::Push(End::Last, values(call)?),
        (Verb::Put, Some("get-first-and-delete"), None) => ListOp::Pop(End::First, count(call)?),
        (Verb::Put, Some("get-last-and-delete"), None) => ListOp::Pop(End::Last, count(call)?),
        _ => return Ok(None),
    };
    Ok(Some((key.to_string(), op)))
}

fn values(call: &Call) -> Result<Vec<Value>, ApiError> {
    let values = call.array()?;
    if values.is_empty() {
        return Err(missing("values"));
    }
    Ok(values.clone())
}

fn count(call: &Call) -> Result<usize, ApiError> {
    let n = call.int("count")?.unwrap_or(1);
    usize::try_from(n).map_err(|_| out_of_range())
}

/// Redis LRANGE bounds: the index range `[from, to]` clamped to a list of `len` items.
fn span(len: usize, from: i64, to: i64) -> std::ops::Range<usize> {
    let len_i = len as i64;
    let from = if from < 0 {
        (len_i + from).max(0)
    } else {
        from
    };
    let to = if to < 0 {
        len_i + to
    } else {
        to.min(len_i - 1)
    };
    if from > to || from >= len_i {
        return 0..0;
    }
    from as usize..to as usize + 1
}

/// Apply `op` to `key` of the list store.
pub(super) fn apply(
    store: &mut Store<VecDeque<Value>>,
    key: &str,
    op: ListOp,
    now: i64,
) -> Result<Reply, ApiError> {
    let empty = VecDeque::new();
    Ok(match op {
        ListOp::Range(from, to) => {
            let list = store.read(key, now).unwrap_or(&empty);
            let range = span(list.len(), from, to);
            Reply::json(list.range(range).cloned().collect::<Vec<_>>())
        }
        ListOp::Index(i) => {
            let list = store.read(key, now).unwrap_or(&empty);
            let index = if i < 0 { list.len() as i64 + i } else { i };
            let item = usize::try_from(index).ok().and_then(|i| list.get(i));
            Reply::json(item.cloned().unwrap_or(Value::Null))
        }
        ListOp::Length => Reply::json(store.read(key, now).map_or(0, VecDeque::len)),
        ListOp::SetAt(i, value) => {
            let set = store.modify_existing(key, now, |list| {
                let index = if i < 0 { list.len() as i64 + i } else { i };
                let slot = usize::try_from(index).ok().and_then(|i| list.get_mut(i));
                slot.map(|slot| *slot = value).is_some()
            });
            match set {
                None => return Err(no_such_key()),
                Some(false) => return Err(out_of_range()),
                Some(true) => Reply::json(true),
            }
        }
        ListOp::Insert {
            side,
            value,
            anchor,
        } => {
            let length = store.modify_existing(key, now, |list| {
                let Some(at) = list.iter().position(|v| *v == anchor) else {
                    return -1;
                };
                let at = if side == Side::Before { at } else { at + 1 };
                list.insert(at, value);
                list.len() as i64
            });
            // Redis LINSERT: 0 when the list does not exist, -1 when the anchor is absent.
            Reply::json(length.unwrap_or(0))
        }
        ListOp::DeleteValue(value, count) => {
            let removed = store.modify_existing(key, now, |list| remove(list, &value, count));
            Reply::json(removed.unwrap_or(0))
        }
        ListOp::DeleteValues(values) => {
            let removed = store.modify_existing(key, now, |list| {
                values.iter().map(|v| remove(list, v, 0)).sum::<usize>()
            });
            Reply::json(removed.unwrap_or(0))
        }
        ListOp::Push(end, values) => {
            let length = store.modify(key, now, |list| {
                for v in values {
                    match end {
                        End::First => list.push_front(v),
                        End::Last => list.push_back(v),
                    }
                }
                list.len()
            });
            Reply::json(length)
        }
        ListOp::Pop(end, count) => {
            let popped = store.modify_existing(key, now, |list| {
                let n = count.min(list.len());
                match end {
                    End::First => list.drain(..n).collect::<Vec<_>>(),
                    End::Last => {
                        let mut tail: Vec<_> = list.drain(list.len() - n..).collect();
                        tail.reverse();
                        tail
                    }
                }
            });
            Reply::json(popped.unwrap_or_default())
        }
    })
}

/// Redis LREM: remove up to `count` elements equal to `value` (all when 0, from the tail when < 0).
fn remove(list: &mut VecDeque<Value>, value: &Value, count: i64) -> usize {
    let limit = if count == 0 {
        usize::MAX
    } else {
        count.unsigned_abs() as usize
    };
    let mut hits: Vec<usize> = list
        .iter()
        .enumerate()
        .filter(|(_, v)| *v == value)
        .map(|(i, _)| i)
        .collect();
    if count < 0 {
        hits.reverse();
    }
    hits.truncate(limit);
    hits.sort_unstable();
    for i in hits.iter().rev() {
        list.remove(*i);
    }
    hits.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(s: &mut Store<VecDeque<Value>>, op: ListOp) -> Value {
        apply(s, "l", op, 0).expect("applies").into_value()
    }

    #[test]
    fn set_at_replaces_one_item_and_refuses_a_missing_one() {
        let mut s = Store::default();
        run(
            &mut s,
            ListOp::Push(End::Last, vec![json!("a"), json!("b")]),
        );
        assert_eq!(run(&mut s, ListOp::SetAt(-1, json!("z"))), json!(true));
        assert_eq!(run(&mut s, ListOp::Range(0, -1)), json!(["a", "z"]));
        let past_end = apply(&mut s, "l", ListOp::SetAt(2, json!("q")), 0);
        assert_eq!(past_end.err().map(|e| e.code), Some(8000));
        let no_key = apply(&mut s, "other", ListOp::SetAt(0, json!("q")), 0);
        assert_eq!(no_key.err().map(|e| e.code), Some(27003));
    }

    #[test]
    fn delete_values_removes_every_occurrence() {
        let mut s = Store::default();
        let items = ["a", "b", "a", "c"].map(|v| json!(v)).to_vec();
        run(&mut s, ListOp::Push(End::Last, items));
        let gone = ListOp::DeleteValues(vec![json!("a"), json!("c"), json!("x")]);
        assert_eq!(run(&mut s, gone), json!(3));
        assert_eq!(run(&mut s, ListOp::Range(0, -1)), json!(["b"]));
    }

    #[test]
    fn ranges_follow_lrange() {
        assert_eq!(span(5, 0, -1), 0..5);
        assert_eq!(span(5, -2, -1), 3..5);
        assert_eq!(span(5, 1, 100), 1..5);
        assert_eq!(span(5, 4, 1), 0..0);
        assert_eq!(span(5, 7, 9), 0..0);
        assert_eq!(span(0, 0, -1), 0..0);
    }

    #[test]
    fn push_pop_insert_remove() {
        let mut s = Store::default();
        assert_eq!(
            run(
                &mut s,
                ListOp::Push(End::Last, vec![json!("b"), json!("c")])
            ),
            json!(2)
        );
        // LPUSH a, z: z ends up first.
        assert_eq!(
            run(
                &mut s,
                ListOp::Push(End::First, vec![json!("a"), json!("z")])
            ),
            json!(4)
        );
        assert_eq!(
            run(&mut s, ListOp::Range(0, -1)),
            json!(["z", "a", "b", "c"])
        );
        assert_eq!(run(&mut s, ListOp::Index(-1)), json!("c"));
        assert_eq!(run(&mut s, ListOp::Index(9)), Value::Null);
        let insert = |side, value: &str, anchor: &str| ListOp::Insert {
            side,
            value: json!(value),
            anchor: json!(anchor),
        };
        assert_eq!(run(&mut s, insert(Side::After, "b2", "b")), json!(5));
        assert_eq!(run(&mut s, insert(Side::Before, "x", "nope")), json!(-1));
        assert_eq!(
            run(&mut s, ListOp::Push(End::Last, vec![json!("a")])),
            json!(6)
        );
        assert_eq!(run(&mut s, ListOp::DeleteValue(json!("a"), -1)), json!(1));
        assert_eq!(
            run(&mut s, ListOp::Range(0, -1)),
            json!(["z", "a", "b", "b2", "c"])
        );
        assert_eq!(run(&mut s, ListOp::Pop(End::Last, 2)), json!(["c", "b2"]));
        assert_eq!(
            run(&mut s, ListOp::Pop(End::First, 9)),
            json!(["z", "a", "b"])
        );
        assert_eq!(run(&mut s, ListOp::Length), json!(0));
        assert_eq!(run(&mut s, insert(Side::Before, "x", "z")), json!(0));
    }
}
