//! [`EventHandler`]: one event handler as the state stores it (see `event_handlers.rs` for how
//! the console creates, orders and edits them).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::mode::Mode;

/// The handler categories of the Console (Backendless's Business Logic event categories) and
/// whether the emulator raises their events to a webhook.
pub const CATEGORIES: [(&str, bool); 9] = [
    ("CUSTOM", true),
    ("TIMER", true),
    ("DATA", false),
    ("USER", false),
    ("FILE", false),
    ("MESSAGING", false),
    ("CACHE", false),
    ("COUNTERS", false),
    ("GEO", false),
];

/// One event handler: a custom event and the webhook it is POSTed to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventHandler {
    /// Id (a GUID).
    pub id: String,
    /// Deployment mode.
    pub mode: Mode,
    /// Always `CUSTOM` (see [`CATEGORIES`]).
    pub category: String,
    /// The custom event's name (the console's `eventId`/`event`/`target`).
    pub event: String,
    /// Where the event is POSTed.
    pub webhook: String,
    /// Whether the dispatcher waits for the answer (`false`) or answers at once (`true`).
    #[serde(rename = "async")]
    pub is_async: bool,
    /// Whether it receives events.
    pub enabled: bool,
    /// Position in the event's invocation chain.
    pub order: u32,
    /// `language` and `model` as the console sent them (informational).
    #[serde(default)]
    pub language: Option<String>,
    /// Server code model name.
    #[serde(default)]
    pub model: Option<String>,
    /// Creation time, epoch ms.
    pub created: i64,
}

impl EventHandler {
    /// The console's view (`bl.getEventHandlers` items).
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id, "mode": self.mode, "category": self.category,
            "eventId": self.event, "event": self.event, "target": self.event,
            "provider": "custom", "webhook": self.webhook, "async": self.is_async,
            "enabled": self.enabled, "order": self.order, "language": self.language,
            "model": self.model, "created": self.created,
        })
    }
}
