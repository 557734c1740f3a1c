//! The per-app event bus: other services publish what happened, after their writes commit, and
//! the bus queues each event once for every subscription it is about (realtime.md §6.5).
//!
//! ```ignore
//! app.events.object_changed("Person", ObjectEvent::Created, &saved);       // data: save (new)
//! app.events.object_changed("Person", ObjectEvent::Updated, &saved);       // data: save (existing)
//! app.events.object_changed("Person", ObjectEvent::Deleted, &before);      // data: remove
//! app.events.object_changed("Person", ObjectEvent::Upserted, &saved);      // data: upsert
//! app.events.objects_bulk("Person", BulkEvent::Created { object_ids });    // bulk create, tx
//! app.events.relation_changed("Order", RelationEvent::Add, "items", change);
//! app.events.message_published("default", &message_object(&body, &id, now));
//! ```
//!
//! Delivery is exactly once per matching subscription: matching by table/event/channel happens
//! here, synchronously, against the subscriptions that exist at publish time, and each match is
//! queued on its connection's unbounded channel (nothing is dropped for a slow client). The
//! connection then applies the where clause or selector and the caller's permissions, and emits.
//! Publishing never blocks and takes one short lock; call it after releasing your own locks.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use parking_lot::Mutex;
use serde_json::{json, Value};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

use super::events::{BulkEvent, Event, ObjectEvent, RelationChange, RelationEvent};
use super::message::headers_as_strings;
use super::subscription::{Scope, Subscription, Topic};

/// One event queued for one subscription.
#[derive(Debug, Clone)]
pub(crate) struct Delivery {
    /// The subscription the event is for (as it was when the event was published).
    pub subscription: Arc<Subscription>,
    /// The event.
    pub event: Arc<Event>,
}

/// A connected client as the bus knows it.
#[derive(Debug)]
struct Member {
    tx: UnboundedSender<Delivery>,
    user_id: Option<String>,
    subscriptions: Vec<Arc<Subscription>>,
}

impl Member {
    fn is_in(&self, scope: &Scope) -> bool {
        self.subscriptions
            .iter()
            .any(|s| matches!(&s.topic, Topic::Connect { scope: c } if c == scope))
    }
}

/// Real-time events of one app and the clients subscribed to them.
#[derive(Debug, Default)]
pub struct EventBus {
    members: Mutex<BTreeMap<String, Member>>,
}

impl EventBus {
    /// An empty bus.
    pub fn new() -> Self {
        EventBus::default()
    }

    /// Whether no client is connected (publishers may then skip building events).
    pub fn is_idle(&self) -> bool {
        self.members.lock().is_empty()
    }

    /// One object of `table` changed. `object` is the object as the REST API returns it, after
    /// the change; for [`ObjectEvent::Deleted`], as it was before the delete (where clauses are
    /// evaluated against it; subscribers get only its `objectId` and `___class`). Returns how
    /// many subscriptions the event was queued for (before where clauses and permissions).
    pub fn object_changed(&self, table: &str, event: ObjectEvent, object: &Value) -> usize {
        let Some(object) = object.as_object() else {
            return 0;
        };
        self.publish(Event::Object {
            table: table.to_string(),
            event,
            object: object.clone(),
        })
    }

    /// Many objects of `table` changed in one operation (bulk REST calls, transactions).
    pub fn objects_bulk(&self, table: &str, event: BulkEvent) -> usize {
        self.publish(Event::Bulk {
            table: table.to_string(),
            event,
        })
    }

    /// A relation column of one parent object of `table` changed; call once per parent.
    pub fn relation_changed(
        &self,
        table: &str,
        event: RelationEvent,
        relation_column: &str,
        change: RelationChange,
    ) -> usize {
        self.publish(Event::Relation {
            table: table.to_string(),
            event,
            column: relation_column.to_string(),
            change,
        })
    }

    /// A message was published to `channel`. `message` is the object subscribers receive
    /// (messaging.md §2.2; build it with
    /// [`message_object`](super::message::message_object)); header values are sent as strings.
    pub fn message_published(&self, channel: &str, message: &Value) -> usize {
        let mut message = message.clone();
        if let Some(m) = message.as_object_mut() {
            let headers = headers_as_strings(m.get("headers"));
            m.insert("headers".to_string(), Value::Object(headers));
        }
        self.publish(Event::Message {
            channel: channel.to_string(),
            message,
        })
    }

    /// A `PUB_SUB_COMMAND` / `RSO_COMMAND` for the command subscribers of `scope`.
    pub(crate) fn command(&self, scope: &Scope, command: Value) -> usize {
        self.publish(Event::Command {
            scope: scope.clone(),
            command,
        })
    }

    /// A remote shared object's event (changes, cleared, invocations) for its subscribers.
    pub(crate) fn shared_object(&self, event: Event) -> usize {
        self.publish(event)
    }

    /// Register a connection; deliveries for its subscriptions arrive on the receiver.
    pub(crate) fn join(
        &self,
        connection_id: &str,
        user_id: Option<String>,
    ) -> UnboundedReceiver<Delivery> {
        let (tx, rx) = unbounded_channel();
        self.members.lock().insert(
            connection_id.to_string(),
            Member {
                tx,
                user_id,
                subscriptions: Vec::new(),
            },
        );
        rx
    }

    /// Forget a connection; the channels it was in hear `DISCONNECTED`.
    pub(crate) fn leave(&self, connection_id: &str) {
        let mut members = self.members.lock();
        let Some(member) = members.remove(connection_id) else {
            return;
        };
        for scope in scopes_of(&member) {
            let status = user_status("DISCONNECTED", connection_id, member.user_id.as_deref());
            publish_to(&members, user_status_event(&scope, status));
        }
    }

    /// Add (or replace, same id) a subscription of a connection. A first `PUB_SUB_CONNECT` to a
    /// channel (`RSO_CONNECT` to a shared object) tells its users subscribers `CONNECTED`.
    pub(crate) fn subscribe(&self, connection_id: &str, subscription: Arc<Subscription>) {
        let mut members = self.members.lock();
        let Some(member) = members.get_mut(connection_id) else {
            return;
        };
        let joined = match &subscription.topic {
            Topic::Connect { scope } if !member.is_in(scope) => Some(scope.clone()),
            _ => None,
        };
        match member
            .subscriptions
            .iter_mut()
            .find(|s| s.id == subscription.id)
        {
            Some(existing) => *existing = subscription,
            None => member.subscriptions.push(subscription),
        }
        if let Some(scope) = joined {
            let status = user_status("CONNECTED", connection_id, member.user_id.as_deref());
            publish_to(&members, user_status_event(&scope, status));
        }
    }

    /// Remove a subscription; leaving a channel's last `PUB_SUB_CONNECT` (a shared object's last
    /// `RSO_CONNECT`) tells `DISCONNECTED`.
    pub(crate) fn unsubscribe(&self, connection_id: &str, subscription_id: &str) {
        let mut members = self.members.lock();
        let Some(member) = members.get_mut(connection_id) else {
            return;
        };
        let Some(at) = member
            .subscriptions
            .iter()
            .position(|s| s.id == subscription_id)
        else {
            return;
        };
        let removed = member.subscriptions.remove(at);
        let left = match &removed.topic {
            Topic::Connect { scope } if !member.is_in(scope) => Some(scope.clone()),
            _ => None,
        };
        if let Some(scope) = left {
            let status = user_status("DISCONNECTED", connection_id, member.user_id.as_deref());
            publish_to(&members, user_status_event(&scope, status));
        }
    }

    /// A connection's user changed (`SET_USER_TOKEN`); its channels and shared objects hear
    /// `USERUPDATE`.
    pub(crate) fn set_user(&self, connection_id: &str, user_id: Option<String>) {
        let mut members = self.members.lock();
        let Some(member) = members.get_mut(connection_id) else {
            return;
        };
        member.user_id = user_id;
        let status = user_status("USERUPDATE", connection_id, member.user_id.as_deref());
        for scope in scopes_of(member) {
            publish_to(&members, user_status_event(&scope, status.clone()));
        }
    }

    /// `{connectionId, userId}` of every connection in a channel or shared object (the
    /// `LISTING` status data).
    pub(crate) fn users_in(&self, scope: &Scope) -> Vec<Value> {
        self.members
            .lock()
            .iter()
            .filter(|(_, m)| m.is_in(scope))
            .map(|(id, m)| json!({"connectionId": id, "userId": m.user_id}))
            .collect()
    }

    /// How many clients are connected.
    pub fn connections(&self) -> usize {
        self.members.lock().len()
    }

    fn publish(&self, event: Event) -> usize {
        publish_to(&self.members.lock(), event)
    }
}

/// Queue `event` once for each subscription it is about; returns how many.
fn publish_to(members: &BTreeMap<String, Member>, event: Event) -> usize {
    let event = Arc::new(event);
    let mut queued = 0;
    for (id, member) in members {
        if !event.is_for(id, member.user_id.as_deref()) {
            continue;
        }
        for subscription in member.subscriptions.iter().filter(|s| s.is_about(&event)) {
            let delivery = Delivery {
                subscription: subscription.clone(),
                event: event.clone(),
            };
            // A closed receiver means the connection is going away; `leave` will remove it.
            if member.tx.send(delivery).is_ok() {
                queued += 1;
            }
        }
    }
    queued
}

/// The channels and shared objects a member is in (has a connect subscription to).
fn scopes_of(member: &Member) -> BTreeSet<Scope> {
    member
        .subscriptions
        .iter()
        .filter(|s| matches!(s.topic, Topic::Connect { .. }))
        .filter_map(|s| s.scope().cloned())
        .collect()
}

/// A `PUB_SUB_USERS` status for one connection. Status names follow the Backendless SDKs'
/// `UserStatus` (`CONNECTED`, `DISCONNECTED`, `LISTING`, `USERUPDATE`; realtime.md §7 q4).
pub(crate) fn user_status(status: &str, connection_id: &str, user_id: Option<&str>) -> Value {
    json!({"status": status, "data": [{"connectionId": connection_id, "userId": user_id}]})
}

fn user_status_event(scope: &Scope, status: Value) -> Event {
    Event::UserStatus {
        scope: scope.clone(),
        status,
    }
}

#[cfg(test)]
#[path = "bus_tests.rs"]
mod tests;
