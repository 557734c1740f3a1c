//! The events other services publish into an app's [`EventBus`](super::EventBus), and the
//! `SUB_RES.data` payloads they become (realtime.md §4).

use serde_json::{json, Map, Value};

use super::subscription::Scope;

/// A change of one object (`OBJECTS_CHANGES` events `created`, `updated`, `deleted`, `upserted`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectEvent {
    /// A new object was saved.
    Created,
    /// An existing object was saved.
    Updated,
    /// An object was removed.
    Deleted,
    /// An object was saved with `PUT .../upsert` (one event, whichever way it went).
    Upserted,
}

impl ObjectEvent {
    /// Every single-object event.
    pub const ALL: [ObjectEvent; 4] = [
        ObjectEvent::Created,
        ObjectEvent::Updated,
        ObjectEvent::Deleted,
        ObjectEvent::Upserted,
    ];

    /// The SDK's event name.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectEvent::Created => "created",
            ObjectEvent::Updated => "updated",
            ObjectEvent::Deleted => "deleted",
            ObjectEvent::Upserted => "upserted",
        }
    }
}

/// A change of many objects in one operation (bulk REST calls, transactions).
#[derive(Debug, Clone, PartialEq)]
pub enum BulkEvent {
    /// `bulk-created`: the objectIds created, in order.
    Created {
        /// The new objects' ids.
        object_ids: Vec<String>,
    },
    /// `bulk-upserted`: the objectIds saved, in order.
    Upserted {
        /// The saved objects' ids.
        object_ids: Vec<String>,
    },
    /// `bulk-updated`: the where clause the update ran with and how many objects it changed.
    Updated {
        /// The operation's where clause (`objectId IN ('a','b')` for a transaction's list).
        where_clause: String,
        /// Objects changed.
        count: u64,
    },
    /// `bulk-deleted`: the where clause the delete ran with and how many objects it removed.
    Deleted {
        /// The operation's where clause.
        where_clause: String,
        /// Objects removed.
        count: u64,
    },
}

/// Which bulk event a subscription asks for (the event name without its payload).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BulkKind {
    /// `bulk-created`.
    Created,
    /// `bulk-upserted`.
    Upserted,
    /// `bulk-updated`.
    Updated,
    /// `bulk-deleted`.
    Deleted,
}

impl BulkKind {
    /// The SDK's event name.
    pub fn as_str(self) -> &'static str {
        match self {
            BulkKind::Created => "bulk-created",
            BulkKind::Upserted => "bulk-upserted",
            BulkKind::Updated => "bulk-updated",
            BulkKind::Deleted => "bulk-deleted",
        }
    }
}

impl BulkEvent {
    /// The kind of this event.
    pub fn kind(&self) -> BulkKind {
        match self {
            BulkEvent::Created { .. } => BulkKind::Created,
            BulkEvent::Upserted { .. } => BulkKind::Upserted,
            BulkEvent::Updated { .. } => BulkKind::Updated,
            BulkEvent::Deleted { .. } => BulkKind::Deleted,
        }
    }

    /// The where clause of an update or delete.
    pub fn where_clause(&self) -> Option<&str> {
        match self {
            BulkEvent::Updated { where_clause, .. } | BulkEvent::Deleted { where_clause, .. } => {
                Some(where_clause)
            }
            BulkEvent::Created { .. } | BulkEvent::Upserted { .. } => None,
        }
    }

    /// `SUB_RES.data`: the id list, or `{whereClause, count}`.
    pub fn payload(&self) -> Value {
        match self {
            BulkEvent::Created { object_ids } | BulkEvent::Upserted { object_ids } => {
                json!(object_ids)
            }
            BulkEvent::Updated {
                where_clause,
                count,
            }
            | BulkEvent::Deleted {
                where_clause,
                count,
            } => json!({"whereClause": where_clause, "count": count}),
        }
    }
}

/// A relation operation (`RELATIONS_CHANGES` events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationEvent {
    /// Children added to a relation.
    Add,
    /// A relation replaced by a set of children.
    Set,
    /// Children removed from a relation.
    Delete,
}

impl RelationEvent {
    /// The SDK's event name.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationEvent::Add => "add",
            RelationEvent::Set => "set",
            RelationEvent::Delete => "delete",
        }
    }

    /// Parse the SDK's event name.
    pub fn parse(name: &str) -> Option<RelationEvent> {
        [
            RelationEvent::Add,
            RelationEvent::Set,
            RelationEvent::Delete,
        ]
        .into_iter()
        .find(|e| e.as_str() == name)
    }
}

/// What one relation operation did to one parent object.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationChange {
    /// The parent whose relation column changed.
    pub parent_object_id: String,
    /// objectIds of the children added, set or removed.
    pub children: Vec<String>,
    /// The where clause that selected the children, for conditional operations.
    pub where_clause: Option<String>,
}

impl RelationChange {
    /// `SUB_RES.data`. Open question 3 (realtime.md §7): the SDK's mock server says
    /// `conditional`, its d.ts says `isConditional`; both are sent so either reader works.
    pub fn payload(&self) -> Value {
        let conditional = self.where_clause.is_some();
        json!({
            "parentObjectId": self.parent_object_id,
            "whereClause": self.where_clause,
            "children": self.children,
            "conditional": conditional,
            "isConditional": conditional,
        })
    }
}

/// One event on the bus.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Event {
    /// A single object changed; `object` is its state after the change (before, for deletes).
    Object {
        table: String,
        event: ObjectEvent,
        object: Map<String, Value>,
    },
    /// Many objects changed at once.
    Bulk { table: String, event: BulkEvent },
    /// A relation of a parent object changed.
    Relation {
        table: String,
        event: RelationEvent,
        column: String,
        change: RelationChange,
    },
    /// A message was published to a channel (the §2.2 message object, headers as strings).
    Message { channel: String, message: Value },
    /// A `PUB_SUB_COMMAND` / `RSO_COMMAND` was sent: `{type, connectionId, userId, data}`.
    Command { scope: Scope, command: Value },
    /// Someone joined, left or changed identity in a channel or shared object:
    /// `{status, data: [...]}`.
    UserStatus { scope: Scope, status: Value },
    /// A key of a shared object was set: `{key, data, connectionId, userId}`.
    SharedChanged { name: String, change: Value },
    /// A shared object was cleared: `{connectionId, userId}` of who cleared it.
    SharedCleared { name: String, by: Value },
    /// A method of the clients of a shared object was invoked: `{method, args, connectionId,
    /// userId}`, for the connections `targets` names (every connection when `None`).
    SharedInvoked {
        name: String,
        invocation: Value,
        targets: Option<Targets>,
    },
}

/// Whom an `RSO_INVOKE` is for: connection ids and user ids, and whether connections without a
/// user are included (a `null` entry; backendless Swift SDK `RTSharedObject.invoke`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Targets {
    /// Connection ids and user ids.
    pub ids: Vec<String>,
    /// Whether connections without a logged-in user are targets.
    pub anonymous: bool,
}

impl Targets {
    /// Whether a connection is one of the targets.
    pub fn includes(&self, connection_id: &str, user_id: Option<&str>) -> bool {
        match user_id {
            None if self.anonymous => true,
            Some(user) if self.ids.iter().any(|id| id == user) => true,
            _ => self.ids.iter().any(|id| id == connection_id),
        }
    }
}

impl Event {
    /// Whether the event is meant for a connection (only invocations with targets are not for
    /// everyone who subscribed).
    pub(crate) fn is_for(&self, connection_id: &str, user_id: Option<&str>) -> bool {
        match self {
            Event::SharedInvoked {
                targets: Some(targets),
                ..
            } => targets.includes(connection_id, user_id),
            _ => true,
        }
    }
}

/// The object a `deleted` event carries: its id (and class), no other columns (realtime.md §4,
/// open question 6: the JS e2e suite checks that the other columns are absent).
pub(crate) fn deleted_payload(object: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    for key in ["objectId", "___class"] {
        if let Some(v) = object.get(key) {
            out.insert(key.to_string(), v.clone());
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_payloads_follow_the_spec() {
        let created = BulkEvent::Created {
            object_ids: vec!["a".into(), "b".into()],
        };
        assert_eq!(created.payload(), json!(["a", "b"]));
        assert_eq!(created.kind().as_str(), "bulk-created");
        let updated = BulkEvent::Updated {
            where_clause: "age > 1".into(),
            count: 3,
        };
        assert_eq!(
            updated.payload(),
            json!({"whereClause": "age > 1", "count": 3})
        );
        assert_eq!(updated.where_clause(), Some("age > 1"));
        assert_eq!(created.where_clause(), None);
    }

    #[test]
    fn relation_payload_names_conditional_both_ways() {
        let change = RelationChange {
            parent_object_id: "p".into(),
            children: vec!["c".into()],
            where_clause: None,
        };
        assert_eq!(
            change.payload(),
            json!({"parentObjectId": "p", "whereClause": null, "children": ["c"],
                   "conditional": false, "isConditional": false})
        );
        assert_eq!(RelationEvent::parse("set"), Some(RelationEvent::Set));
        assert_eq!(RelationEvent::parse("SET"), None);
    }

    #[test]
    fn deleted_objects_keep_only_their_identity() {
        let object = json!({"objectId": "x", "___class": "T", "name": "n"});
        let Value::Object(map) = object else {
            unreachable!()
        };
        assert_eq!(
            deleted_payload(&map),
            json!({"objectId": "x", "___class": "T"})
        );
    }
}
