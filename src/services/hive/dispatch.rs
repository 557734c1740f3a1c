//! From a call on a store type to one operation, and from the operation to the store that runs
//! it. The general API is tried first, so `GET /keys` lists keys in every store type and
//! `DELETE /{key}` deletes a key in every store type (hive.md §3, open question 2).

use std::collections::VecDeque;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::args::Call;
use super::general::{self, GeneralOp};
use super::keyvalue::{self, KvOp};
use super::list::{self, ListOp};
use super::map::{self, MapOp};
use super::reply::Reply;
use super::set::{self, Members, SetCall};
use super::sorted_set::{self, ZCall};
use super::store::{KeySpace, Store};
use super::zset::ZSet;
use crate::error::ApiError;
use crate::ids::IdGen;

/// The five store types of a hive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreType {
    /// `key-value`.
    KeyValue,
    /// `list`.
    List,
    /// `map`.
    Map,
    /// `set`.
    Set,
    /// `sorted-set`.
    SortedSet,
}

impl FromStr for StoreType {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "key-value" => Ok(StoreType::KeyValue),
            "list" => Ok(StoreType::List),
            "map" => Ok(StoreType::Map),
            "set" => Ok(StoreType::Set),
            "sorted-set" => Ok(StoreType::SortedSet),
            _ => Err(()),
        }
    }
}

/// One Hive operation on a store of a hive.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// G1-G11 on a store type.
    General(StoreType, GeneralOp),
    /// K1-K6.
    KeyValue(KvOp),
    /// L1-L11 on a key.
    List(String, ListOp),
    /// M1-M13 on a key.
    Map(String, MapOp),
    /// S1-S10.
    Set(SetCall),
    /// Z1-Z18.
    SortedSet(ZCall),
}

/// The operation `call` names on store type `ty`; `None` when no endpoint matches.
pub(super) fn resolve(ty: StoreType, call: &Call) -> Result<Option<Op>, ApiError> {
    if let Some(op) = general::parse(call)? {
        return Ok(Some(Op::General(ty, op)));
    }
    Ok(match ty {
        StoreType::KeyValue => keyvalue::parse(call)?.map(Op::KeyValue),
        StoreType::List => list::parse(call)?.map(|(k, op)| Op::List(k, op)),
        StoreType::Map => map::parse(call)?.map(|(k, op)| Op::Map(k, op)),
        StoreType::Set => set::parse(call)?.map(Op::Set),
        StoreType::SortedSet => sorted_set::parse(call)?.map(Op::SortedSet),
    })
}

/// The five stores of one hive.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(super) struct Hive {
    #[serde(rename = "key-value")]
    key_value: Store<Value>,
    list: Store<VecDeque<Value>>,
    map: Store<Map<String, Value>>,
    set: Store<Members>,
    #[serde(rename = "sorted-set")]
    sorted_set: Store<ZSet>,
}

impl Hive {
    fn keyspace(&mut self, ty: StoreType) -> &mut dyn KeySpace {
        match ty {
            StoreType::KeyValue => &mut self.key_value,
            StoreType::List => &mut self.list,
            StoreType::Map => &mut self.map,
            StoreType::Set => &mut self.set,
            StoreType::SortedSet => &mut self.sorted_set,
        }
    }

    /// Whether no store holds a key.
    pub(super) fn is_blank(&self) -> bool {
        self.key_value.is_blank()
            && self.list.is_blank()
            && self.map.is_blank()
            && self.set.is_blank()
            && self.sorted_set.is_blank()
    }

    /// Run `op` at time `now`; random picks draw from `rng`.
    pub(super) fn apply(&mut self, op: Op, now: i64, rng: &IdGen) -> Result<Reply, ApiError> {
        match op {
            Op::General(ty, op) => general::apply(self.keyspace(ty), op, now),
            Op::KeyValue(op) => keyvalue::apply(&mut self.key_value, op, now),
            Op::List(key, op) => list::apply(&mut self.list, &key, op, now),
            Op::Map(key, op) => map::apply(&mut self.map, &key, op, now),
            Op::Set(call) => set::apply(&mut self.set, call, now, rng),
            Op::SortedSet(call) => sorted_set::apply(&mut self.sorted_set, call, now, rng),
        }
    }
}
