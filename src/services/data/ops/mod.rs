//! [`DataOps`]: the Data Service operations of one request, synchronous and HTTP-free.
//!
//! Each operation checks permissions (security.md §2), applies the write rules over `&mut
//! Tables` inside one atomic block (a failure leaves nothing behind), and queues the effects
//! that live outside the data store (password hashes, ACL clean-up) as [`Effect`]s: they are
//! applied by [`DataOps::finish`] once the store's lock is released, so no other lock is taken
//! under it and a rolled-back transaction never leaks them.

pub mod bulk;
mod deep_save;
mod relate;
mod rules;
mod write;

pub use relate::Children;

use std::sync::Arc;

use serde_json::{Map, Value};

use super::access::Actor;
use super::store::WriteCtx;
use crate::apps::Services;
use crate::error::ApiError;
use crate::ids::IdGen;
use crate::services::data::DataStore;
use crate::services::realtime::{BulkEvent, EventBus, ObjectEvent, RelationChange, RelationEvent};
use crate::services::security::SecurityState;

/// A change outside the data store, applied after the store's lock is released.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Keep the write-only secret of an object (the Users password), through its table's rules.
    Secret {
        /// Table.
        table: String,
        /// objectId.
        object_id: String,
        /// The secret as the client sent it.
        secret: String,
    },
    /// Forget the ACL of a deleted object, and what its table's rules keep about it.
    ForgetObject {
        /// Table.
        table: String,
        /// objectId.
        object_id: String,
    },
    /// Tell real-time subscribers (realtime.md §4), once the write has committed.
    Notify(Notice),
}

/// A real-time event a committed write publishes on the app's bus.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// One object created, updated, upserted or deleted (the object as the REST API returns it;
    /// for a delete, as it was before).
    Object {
        /// Table.
        table: String,
        /// What happened.
        event: ObjectEvent,
        /// The object.
        object: Value,
    },
    /// A bulk operation.
    Bulk {
        /// Table.
        table: String,
        /// What happened.
        event: BulkEvent,
    },
    /// A relation operation on one parent.
    Relation {
        /// The parent's table.
        table: String,
        /// Set, add or delete.
        event: RelationEvent,
        /// The relation column.
        column: String,
        /// Parent and children.
        change: RelationChange,
    },
}

/// The operations of one request (or one transaction).
pub struct DataOps<'a> {
    /// The app's service states.
    pub services: &'a Services,
    /// Who acts.
    pub actor: Actor<'a>,
    /// Current time, epoch ms.
    pub now: i64,
    /// The app's id generator.
    pub ids: &'a IdGen,
    /// Whether unknown properties create columns.
    pub dynamic_schema: bool,
    /// Effects queued by successful operations.
    pub effects: Vec<Effect>,
    /// Where [`Notice`]s go (none: nobody listens, e.g. in unit tests).
    pub events: Option<Arc<EventBus>>,
    /// The app's permissions (every operation checks them).
    security: Arc<SecurityState>,
    /// Whether finds add `objectId` to explicit `props` (the app's `includeObjectIdByDefault`).
    pub include_object_id: bool,
    /// Units of work each where clause may spend ([`crate::query::Evaluator`]).
    pub budget: u64,
}

impl<'a> DataOps<'a> {
    /// Operations for `actor` on an app.
    pub fn new(
        services: &'a Services,
        actor: Actor<'a>,
        now: i64,
        ids: &'a IdGen,
        dynamic_schema: bool,
    ) -> Self {
        DataOps {
            services,
            security: services.get::<SecurityState>(),
            actor,
            now,
            ids,
            dynamic_schema,
            effects: Vec::new(),
            events: None,
            include_object_id: false,
            budget: crate::query::DEFAULT_BUDGET,
        }
    }

    /// The same operations with another budget of work per where clause.
    pub fn with_budget(mut self, budget: u64) -> Self {
        self.budget = budget;
        self
    }

    /// The same operations, following the app's `includeObjectIdByDefault` in finds.
    pub fn with_object_id_by_default(mut self, include: bool) -> Self {
        self.include_object_id = include;
        self
    }

    /// A reader of `t` as this caller.
    pub fn reader<'t>(&'t self, t: &'t super::store::Tables) -> super::find::Reader<'t>
    where
        'a: 't,
    {
        super::find::Reader::new(t, &self.security, self.actor, self.now).with_budget(self.budget)
    }

    /// The same operations, publishing real-time events on `bus` after each commit.
    pub fn with_events(mut self, bus: Arc<EventBus>) -> Self {
        self.events = Some(bus);
        self
    }

    /// Whether a real-time client could receive events (building them is skipped otherwise).
    pub fn listening(&self) -> bool {
        self.events.as_ref().is_some_and(|bus| !bus.is_idle())
    }

    /// Queue a real-time event for after the commit (dropped when nobody listens).
    pub fn notify(&mut self, notice: Notice) {
        if self.listening() {
            self.effects.push(Effect::Notify(notice));
        }
    }

    /// The write context of this caller.
    pub fn write_ctx(&self) -> WriteCtx<'a> {
        WriteCtx {
            owner_id: self.actor.user_id(),
            now: self.now,
            dynamic_schema: self.dynamic_schema,
            ids: self.ids,
        }
    }

    /// Apply the queued effects (call after the store's lock is released).
    pub fn finish(&mut self) {
        for effect in std::mem::take(&mut self.effects) {
            match effect {
                Effect::Secret {
                    table,
                    object_id,
                    secret,
                } => {
                    if let Some(rules) = self.rules_of(&table) {
                        rules.keep_secret(&object_id, &secret, self.ids);
                    }
                }
                Effect::ForgetObject { table, object_id } => {
                    self.security.forget_object(&table, &object_id);
                    if let Some(rules) = self.rules_of(&table) {
                        rules.forget(&object_id);
                    }
                }
                Effect::Notify(notice) => {
                    if let Some(bus) = &self.events {
                        publish(bus, notice);
                    }
                }
            }
        }
    }

    /// Run `f` against the store atomically, then apply its effects (dropped on failure).
    pub fn run<R>(
        &mut self,
        f: impl FnOnce(&mut Self, &mut super::store::Tables) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let services = self.services;
        let result = services.get::<DataStore>().atomic(|t| f(self, t));
        match result {
            Ok(r) => {
                self.finish();
                Ok(r)
            }
            Err(e) => {
                self.effects.clear();
                Err(e)
            }
        }
    }
}

fn publish(bus: &EventBus, notice: Notice) {
    match notice {
        Notice::Object {
            table,
            event,
            object,
        } => {
            bus.object_changed(&table, event, &object);
        }
        Notice::Bulk { table, event } => {
            bus.objects_bulk(&table, event);
        }
        Notice::Relation {
            table,
            event,
            column,
            change,
        } => {
            bus.relation_changed(&table, event, &column, change);
        }
    }
}

/// A request body that must be a JSON object (8002 otherwise).
pub fn object_body(body: Value) -> Result<Map<String, Value>, ApiError> {
    match body {
        Value::Object(o) => Ok(o),
        Value::Null => Err(ApiError::unparsable("the body must be a JSON object")),
        other => Err(ApiError::unparsable(&format!(
            "the body must be a JSON object, not {}",
            json_kind(&other)
        ))),
    }
}

/// A request body that must be a JSON array (8002 otherwise).
pub fn array_body(body: Value) -> Result<Vec<Value>, ApiError> {
    match body {
        Value::Array(a) => Ok(a),
        other => Err(ApiError::unparsable(&format!(
            "the body must be a JSON array, not {}",
            json_kind(&other)
        ))),
    }
}

/// The objectIds of an array body of ids or objects; `missing` for an item without one.
pub fn object_ids(body: Value, missing: impl Fn() -> ApiError) -> Result<Vec<String>, ApiError> {
    array_body(body)?
        .into_iter()
        .map(|item| match item {
            Value::String(s) => Ok(s),
            Value::Object(o) => o
                .get("objectId")
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(&missing),
            _ => Err(missing()),
        })
        .collect()
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
