//! One RT subscription (`SUB_ON {id, name, options}`, realtime.md §4): parsing its options, which
//! bus events it is about, and the `SUB_RES.data` each such event becomes for it. Data listeners
//! (`OBJECTS_CHANGES`, `RELATIONS_CHANGES`), pub/sub channels (`PUB_SUB_*`) and remote shared
//! objects (`RSO_*`, as backendless-rt-client's `subscriptions.js` sends them).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::errors;
use super::events::{deleted_payload, BulkKind, Event, ObjectEvent, RelationEvent};
use super::filter::Where;
use crate::error::ApiError;

/// A client's subscription, as the bus keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    /// The client-generated id (`SUB_ON.id`), echoed in every `SUB_READY`/`SUB_RES`.
    pub id: String,
    /// What the subscription listens to.
    pub topic: Topic,
}

/// Which `OBJECTS_CHANGES` event a data listener asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// `created`, `updated`, `deleted` or `upserted`.
    Single(ObjectEvent),
    /// `bulk-created`, `bulk-updated`, `bulk-deleted` or `bulk-upserted`.
    Bulk(BulkKind),
}

impl Change {
    /// Parse the SDK's event name.
    fn parse(name: &str) -> Option<Change> {
        if let Some(e) = ObjectEvent::ALL.into_iter().find(|e| e.as_str() == name) {
            return Some(Change::Single(e));
        }
        [
            BulkKind::Created,
            BulkKind::Updated,
            BulkKind::Deleted,
            BulkKind::Upserted,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
        .map(Change::Bulk)
    }
}

/// What a subscription listens to (one variant per supported subscription name).
#[derive(Debug, Clone, PartialEq)]
pub enum Topic {
    /// `OBJECTS_CHANGES`.
    Objects {
        /// Table name (compared without case, like REST table names).
        table: String,
        /// The event asked for.
        change: Change,
        /// `whereClause`.
        filter: Option<Where>,
    },
    /// `RELATIONS_CHANGES`.
    Relations {
        /// Parent table.
        table: String,
        /// `add`, `set` or `delete`.
        event: RelationEvent,
        /// `relationColumnName`.
        column: String,
        /// `parentObjects`: only these parents (all when absent).
        parents: Option<BTreeSet<String>>,
    },
    /// `PUB_SUB_CONNECT` / `RSO_CONNECT`: membership of a channel or shared object.
    Connect {
        /// The channel or shared object.
        scope: Scope,
    },
    /// `PUB_SUB_MESSAGES`.
    Messages {
        /// Channel name.
        channel: String,
        /// `selector`: a where clause over the message headers.
        selector: Option<Where>,
    },
    /// `PUB_SUB_COMMANDS` / `RSO_COMMANDS`.
    Commands {
        /// The channel or shared object.
        scope: Scope,
    },
    /// `PUB_SUB_USERS` / `RSO_USERS`.
    Users {
        /// The channel or shared object.
        scope: Scope,
    },
    /// `RSO_CHANGES`: keys set on a shared object.
    SharedChanges {
        /// Shared object name.
        name: String,
    },
    /// `RSO_CLEARED`: a shared object was cleared.
    SharedCleared {
        /// Shared object name.
        name: String,
    },
    /// `RSO_INVOKE`: method invocations addressed to this client.
    SharedInvoke {
        /// Shared object name.
        name: String,
    },
}

/// What membership subscriptions (connect, users, commands) are scoped to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// A pub/sub channel (`PUB_SUB_*`, option `channel`).
    Channel(String),
    /// A remote shared object (`RSO_*`, option `name`).
    SharedObject(String),
}

impl Subscription {
    /// Parse a `SUB_ON` request's name and options.
    pub fn parse(id: &str, name: &str, options: &Map<String, Value>) -> Result<Self, ApiError> {
        let topic = match name {
            "OBJECTS_CHANGES" => {
                let event = text(options, "event")?;
                let change = Change::parse(&event)
                    .ok_or_else(|| errors::bad_option("event", &format!("'{event}'")))?;
                Topic::Objects {
                    table: text(options, "tableName")?,
                    change,
                    filter: Where::parse(optional_text(options, "whereClause"))?,
                }
            }
            "RELATIONS_CHANGES" => {
                let event = text(options, "event")?;
                Topic::Relations {
                    table: text(options, "tableName")?,
                    event: RelationEvent::parse(&event)
                        .ok_or_else(|| errors::bad_option("event", &format!("'{event}'")))?,
                    column: text(options, "relationColumnName")?,
                    parents: parents(options)?,
                }
            }
            "PUB_SUB_CONNECT" => Topic::Connect {
                scope: Scope::Channel(text(options, "channel")?),
            },
            "PUB_SUB_MESSAGES" => Topic::Messages {
                channel: text(options, "channel")?,
                selector: Where::parse(optional_text(options, "selector"))?,
            },
            "PUB_SUB_COMMANDS" => Topic::Commands {
                scope: Scope::Channel(text(options, "channel")?),
            },
            "PUB_SUB_USERS" => Topic::Users {
                scope: Scope::Channel(text(options, "channel")?),
            },
            "RSO_CONNECT" => Topic::Connect {
                scope: Scope::SharedObject(text(options, "name")?),
            },
            "RSO_COMMANDS" => Topic::Commands {
                scope: Scope::SharedObject(text(options, "name")?),
            },
            "RSO_USERS" => Topic::Users {
                scope: Scope::SharedObject(text(options, "name")?),
            },
            "RSO_CHANGES" => Topic::SharedChanges {
                name: text(options, "name")?,
            },
            "RSO_CLEARED" => Topic::SharedCleared {
                name: text(options, "name")?,
            },
            "RSO_INVOKE" => Topic::SharedInvoke {
                name: text(options, "name")?,
            },
            other => return Err(errors::unsupported_name("Subscription", other)),
        };
        Ok(Subscription {
            id: id.to_string(),
            topic,
        })
    }

    /// The channel or shared object of a membership subscription (connect, users, commands).
    pub fn scope(&self) -> Option<&Scope> {
        match &self.topic {
            Topic::Connect { scope } | Topic::Commands { scope } | Topic::Users { scope } => {
                Some(scope)
            }
            _ => None,
        }
    }

    /// Whether an event is about what this subscription listens to (table, event name, channel,
    /// parent); where clauses and selectors are applied later by [`Subscription::payload`].
    pub(crate) fn is_about(&self, event: &Event) -> bool {
        match (&self.topic, event) {
            (
                Topic::Objects {
                    table,
                    change: Change::Single(wanted),
                    ..
                },
                Event::Object {
                    table: t, event: e, ..
                },
            ) => wanted == e && table.eq_ignore_ascii_case(t),
            (
                Topic::Objects {
                    table,
                    change: Change::Bulk(wanted),
                    ..
                },
                Event::Bulk { table: t, event: e },
            ) => *wanted == e.kind() && table.eq_ignore_ascii_case(t),
            (
                Topic::Relations {
                    table,
                    event,
                    column,
                    parents,
                },
                Event::Relation {
                    table: t,
                    event: e,
                    column: c,
                    change,
                },
            ) => {
                event == e
                    && column == c
                    && table.eq_ignore_ascii_case(t)
                    && parents
                        .as_ref()
                        .is_none_or(|p| p.contains(&change.parent_object_id))
            }
            (Topic::Messages { channel, .. }, Event::Message { channel: c, .. }) => channel == c,
            (Topic::Commands { scope }, Event::Command { scope: s, .. })
            | (Topic::Users { scope }, Event::UserStatus { scope: s, .. }) => scope == s,
            (Topic::SharedChanges { name }, Event::SharedChanged { name: n, .. })
            | (Topic::SharedCleared { name }, Event::SharedCleared { name: n, .. })
            | (Topic::SharedInvoke { name }, Event::SharedInvoked { name: n, .. }) => name == n,
            _ => false,
        }
    }

    /// The `SUB_RES.data` an event is delivered with, or `None` when the where clause or
    /// selector rejects it. `now_ms` serves `NOW()` in clauses.
    pub(crate) fn payload(&self, event: &Event, now_ms: i64) -> Option<Value> {
        match (&self.topic, event) {
            (Topic::Objects { filter, .. }, Event::Object { event, object, .. }) => {
                if filter
                    .as_ref()
                    .is_some_and(|f| !f.matches_object(object, now_ms))
                {
                    return None;
                }
                Some(match event {
                    ObjectEvent::Deleted => deleted_payload(object),
                    _ => Value::Object(object.clone()),
                })
            }
            (Topic::Objects { filter, .. }, Event::Bulk { event, .. }) => {
                // A bulk update/delete listener with a where clause hears the operations that
                // ran with the same clause; bulk create/upsert events carry only ids, so their
                // listeners' clauses cannot filter anything (the SDK offers no per-clause removal
                // for them either).
                match (filter, event.where_clause()) {
                    (Some(f), Some(clause)) if !f.same_as(clause) => None,
                    _ => Some(event.payload()),
                }
            }
            (Topic::Relations { .. }, Event::Relation { change, .. }) => Some(change.payload()),
            (Topic::Messages { selector, .. }, Event::Message { message, .. }) => {
                let empty = Map::new();
                let headers = message
                    .get("headers")
                    .and_then(Value::as_object)
                    .unwrap_or(&empty);
                if selector
                    .as_ref()
                    .is_some_and(|s| !s.matches_headers(headers, now_ms))
                {
                    return None;
                }
                Some(message.clone())
            }
            (Topic::Commands { .. }, Event::Command { command, .. }) => Some(command.clone()),
            (Topic::Users { .. }, Event::UserStatus { status, .. }) => Some(status.clone()),
            (Topic::SharedChanges { .. }, Event::SharedChanged { change, .. }) => {
                Some(change.clone())
            }
            (Topic::SharedCleared { .. }, Event::SharedCleared { by, .. }) => Some(by.clone()),
            (Topic::SharedInvoke { .. }, Event::SharedInvoked { invocation, .. }) => {
                Some(invocation.clone())
            }
            _ => None,
        }
    }
}

/// A required non-empty string option.
fn text(options: &Map<String, Value>, name: &str) -> Result<String, ApiError> {
    match options.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::Null) | None => Err(errors::missing_option(name)),
        Some(other) => Err(errors::bad_option(name, &other.to_string())),
    }
}

/// An optional string option (`null` = absent).
fn optional_text<'a>(options: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    options.get(name).and_then(Value::as_str)
}

/// `parentObjects`: objectIds, or objects carrying one.
fn parents(options: &Map<String, Value>) -> Result<Option<BTreeSet<String>>, ApiError> {
    match options.get("parentObjects") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(id) => Ok(id.clone()),
                Value::Object(o) => o
                    .get("objectId")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| errors::bad_option("parentObjects", &item.to_string())),
                other => Err(errors::bad_option("parentObjects", &other.to_string())),
            })
            .collect::<Result<_, _>>()
            .map(Some),
        Some(other) => Err(errors::bad_option("parentObjects", &other.to_string())),
    }
}

#[cfg(test)]
#[path = "subscription_tests.rs"]
mod tests;
