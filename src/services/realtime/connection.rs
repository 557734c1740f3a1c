//! One connected RT client: a task that handles its `SUB_ON` / `SUB_OFF` / `MET_REQ` packets in
//! arrival order and emits `SUB_READY` / `SUB_RES` / `MET_RES` (realtime.md §3-§5), including
//! the events the app's bus queues for its subscriptions. Shared object methods run in [`rso`].

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Map, Value};
use socketioxide::extract::SocketRef;
use socketioxide::{SendError, SocketError};
use tokio::sync::mpsc::UnboundedReceiver;

use super::bus::Delivery;
use super::errors;
use super::events::Event;
use super::rso;
use super::subscription::{Scope, Subscription, Topic};
use crate::apps::{App, KeyKind};
use crate::error::ApiError;
use crate::services::security::{Access, Caller, Permission};
use crate::services::users::Session;

/// A packet from the client, or the end of the connection.
#[derive(Debug)]
pub(crate) enum Inbound {
    /// `SUB_ON {id, name, options}`.
    SubOn(Value),
    /// `SUB_OFF {id}`.
    SubOff(Value),
    /// `MET_REQ {id, name, options}`.
    MetReq(Value),
    /// The socket disconnected.
    Closed,
}

/// Who a connection acts as: the app, the API key kind of the handshake, the user session.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    /// The app.
    pub app: Arc<App>,
    /// Kind of the handshake's `apiKey`.
    pub key: KeyKind,
    /// The session of `userToken`, if valid.
    pub session: Option<Session>,
}

impl Identity {
    fn user_id(&self) -> Option<String> {
        self.session.as_ref().map(|s| s.user_id.clone())
    }

    /// Whether this caller may see an event: FIND permission on the object (data events) or
    /// on the table (bulk and relation events); pub/sub events are not permission-checked.
    fn may_see(&self, event: &Event) -> bool {
        let (table, object) = match event {
            Event::Object { table, object, .. } => {
                let id = object.get("objectId").and_then(Value::as_str);
                let owner = object.get("ownerId").and_then(Value::as_str);
                (table, id.map(|id| (id, owner)))
            }
            Event::Bulk { table, .. } | Event::Relation { table, .. } => (table, None),
            Event::Message { .. }
            | Event::Command { .. }
            | Event::UserStatus { .. }
            | Event::SharedChanged { .. }
            | Event::SharedCleared { .. }
            | Event::SharedInvoked { .. } => return true,
        };
        let services = self.app.services();
        let roles = crate::ctx::roles_of(self.session.as_ref(), self.key, &services);
        let user_id = self.user_id();
        let caller = Caller {
            user_id: user_id.as_deref(),
            roles: &roles,
        };
        let (access, _) = services
            .security
            .check(&caller, Permission::Find, table, object);
        access == Access::Grant
    }
}

/// The session a `userToken` names. No token, the strings `"null"`/`"undefined"` the SDK may
/// send, and an unknown or expired token all mean "no user": refusing the connection would make
/// the SDK reconnect forever with the same token (realtime.md §7, open question 7).
pub(crate) fn session_for(app: &App, token: Option<&str>) -> Option<Session> {
    let token = token.map(str::trim).filter(|t| {
        !t.is_empty() && !t.eq_ignore_ascii_case("null") && !t.eq_ignore_ascii_case("undefined")
    })?;
    let login = app.settings.read().login.clone();
    app.services()
        .users
        .touch_session(token, app.clock.now_ms(), &login)
        .ok()
}

/// The state of one connected client.
pub(crate) struct Connection {
    socket: SocketRef,
    id: String,
    who: Identity,
    subscriptions: HashMap<String, Arc<Subscription>>,
}

impl Connection {
    /// A connection for an accepted socket. Its id is the engine.io session id, which is what the
    /// SDK's `getConnectionId()` reports.
    pub(crate) fn new(socket: SocketRef, who: Identity) -> Self {
        Connection {
            id: socket.id.to_string(),
            socket,
            who,
            subscriptions: HashMap::new(),
        }
    }

    /// Serve the client until it disconnects, then leave the bus.
    pub(crate) async fn run(mut self, mut inbox: UnboundedReceiver<Inbound>) {
        let app = self.who.app.clone();
        let events = &app.events;
        let mut deliveries = events.join(&self.id, self.who.user_id());
        loop {
            tokio::select! {
                packet = inbox.recv() => match packet {
                    Some(Inbound::SubOn(p)) => self.sub_on(&p).await,
                    Some(Inbound::SubOff(p)) => self.sub_off(&p),
                    Some(Inbound::MetReq(p)) => self.met_req(&p).await,
                    Some(Inbound::Closed) | None => break,
                },
                Some(delivery) = deliveries.recv() => self.deliver(delivery).await,
            }
        }
        events.leave(&self.id);
    }

    async fn sub_on(&mut self, packet: &Value) {
        let Some(id) = packet.get("id").and_then(Value::as_str) else {
            return;
        };
        let empty = Map::new();
        let name = packet.get("name").and_then(Value::as_str).unwrap_or("");
        let options = packet
            .get("options")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let subscription = match Subscription::parse(id, name, options) {
            Ok(s) => Arc::new(s),
            Err(e) => {
                self.emit("SUB_RES", &json!({"id": id, "error": errors::wire(&e)}))
                    .await;
                return;
            }
        };
        self.subscriptions
            .insert(id.to_string(), subscription.clone());
        self.who
            .app
            .events
            .subscribe(&self.id, subscription.clone());
        // Every accepted subscription is confirmed at once; the JS client needs it for channel
        // connects and ignores it otherwise (realtime.md §6.4 allows it for data listeners).
        self.emit("SUB_READY", &json!({"id": id})).await;
        match &subscription.topic {
            // The Swift SDK waits for this data instead of SUB_READY (realtime.md §3).
            Topic::Connect { .. } => {
                self.emit("SUB_RES", &json!({"id": id, "data": "connected"}))
                    .await
            }
            Topic::Users { scope } => {
                let users = self.who.app.events.users_in(scope);
                let listing = json!({"status": "LISTING", "data": users});
                self.emit("SUB_RES", &json!({"id": id, "data": listing}))
                    .await
            }
            _ => {}
        }
    }

    fn sub_off(&mut self, packet: &Value) {
        if let Some(id) = packet.get("id").and_then(Value::as_str) {
            self.subscriptions.remove(id);
            self.who.app.events.unsubscribe(&self.id, id);
        }
    }

    async fn met_req(&mut self, packet: &Value) {
        let Some(id) = packet.get("id").and_then(Value::as_str) else {
            return;
        };
        let name = packet.get("name").and_then(Value::as_str).unwrap_or("");
        let options = packet.get("options").cloned().unwrap_or(Value::Null);
        let reply = match self.invoke(name, &options) {
            Ok(result) => json!({"id": id, "result": result}),
            Err(e) => json!({"id": id, "error": errors::wire(&e)}),
        };
        self.emit("MET_RES", &reply).await;
    }

    /// Run a method (realtime.md §5).
    fn invoke(&mut self, name: &str, options: &Value) -> Result<Value, ApiError> {
        match name {
            // Never an error: the SDK sends it fire-and-forget and would see an unhandled
            // rejection.
            "SET_USER_TOKEN" => {
                let token = options.get("userToken").and_then(Value::as_str);
                self.who.session = session_for(&self.who.app, token);
                self.who.app.events.set_user(&self.id, self.who.user_id());
                Ok(Value::Null)
            }
            "PUB_SUB_COMMAND" => {
                let channel = match options.get("channel") {
                    Some(Value::String(c)) if !c.is_empty() => c.clone(),
                    _ => return Err(errors::missing_option("channel")),
                };
                let command = json!({
                    "type": options.get("type").cloned().unwrap_or(Value::Null),
                    "connectionId": self.id,
                    "userId": self.who.user_id(),
                    "data": options.get("data").cloned().unwrap_or(Value::Null),
                });
                self.who
                    .app
                    .events
                    .command(&Scope::Channel(channel), command);
                Ok(Value::Null)
            }
            rso if rso::is_method(rso) => {
                let user_id = self.who.user_id();
                let sender = rso::Sender {
                    connection_id: &self.id,
                    user_id: user_id.as_deref(),
                };
                rso::call(&self.who.app, sender, rso, options)
            }
            other => Err(errors::unsupported_name("Method", other)),
        }
    }

    /// Emit an event the bus queued, if the subscription is still on, its filter accepts the
    /// event and the caller may see it.
    async fn deliver(&mut self, delivery: Delivery) {
        let subscription = &delivery.subscription;
        let current = self.subscriptions.get(&subscription.id);
        if !current.is_some_and(|c| Arc::ptr_eq(c, subscription)) {
            return;
        }
        let now = self.who.app.clock.peek_ms();
        let Some(data) = subscription.payload(&delivery.event, now) else {
            return;
        };
        if !self.who.may_see(&delivery.event) {
            return;
        }
        let packet = json!({"id": subscription.id, "data": data});
        self.emit("SUB_RES", &packet).await;
    }

    /// Emit one packet. A full socket buffer is waited out (never dropped); a closed socket
    /// ends the attempt (the disconnect follows).
    async fn emit(&self, event: &str, payload: &Value) {
        loop {
            match self.socket.emit(event, payload) {
                Err(SendError::Socket(SocketError::InternalChannelFull)) => {
                    tokio::time::sleep(Duration::from_millis(5)).await
                }
                Ok(()) | Err(_) => return,
            }
        }
    }
}
