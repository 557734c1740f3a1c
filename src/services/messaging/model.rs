//! Messaging records (messaging.md §2-§4, §6): published messages and their schedule, channel
//! deliveries, legacy polling subscriptions, device registrations and templates. Plain serde types
//! so the whole state exports as it is.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

pub use super::template_kinds::{
    ButtonTemplate, ChannelTemplate, EmailTemplate, OptionsTemplate, PushTemplate,
};

/// Status of a message (M2 spelling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Waiting for `publishAt`, or repeating with occurrences left.
    Scheduled,
    /// Every occurrence has been delivered.
    Published,
    /// Cancelled before its last occurrence.
    Cancelled,
}

impl Status {
    /// The M2 status word.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Cancelled => "cancelled",
        }
    }
}

/// Where a publish goes: channel subscribers, devices, or both (`publishPolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum PublishPolicy {
    /// Channel subscribers only (the default).
    #[default]
    Pubsub,
    /// Registered devices only.
    Push,
    /// Both.
    Both,
}

impl PublishPolicy {
    /// Whether channel subscribers receive the message.
    pub fn to_channel(self) -> bool {
        matches!(self, PublishPolicy::Pubsub | PublishPolicy::Both)
    }
    /// Whether devices receive a push notification.
    pub fn to_devices(self) -> bool {
        matches!(self, PublishPolicy::Push | PublishPolicy::Both)
    }
}

/// What produced a message record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum MessageKind {
    /// `POST /messaging/{channel}`.
    #[default]
    Publish,
    /// `POST /messaging/email` or `/emailtemplate/send`.
    Email,
    /// `POST /messaging/push/{template}`.
    PushTemplate,
}

/// Push targeting of a publish (`pushBroadcast`, `pushSinglecast`, `segmentQuery`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PushTarget {
    /// Platform mask: bit 1 iOS, 2 Android, 4 WP, 8 OSX (0 = none given).
    pub broadcast: u8,
    /// Device ids.
    pub singlecast: Vec<String>,
    /// Where clause over the devices' registrations (console pushes and templates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment_query: Option<String>,
}

/// Platform bits of `pushBroadcast`.
pub const PLATFORMS: [(&str, &str, u8); 4] = [
    ("FOR_IOS", "IOS", 1),
    ("FOR_ANDROID", "ANDROID", 2),
    ("FOR_WP", "WP", 4),
    ("FOR_OSX", "OSX", 8),
];

/// One message and its schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Published {
    /// `message:<GUID>`.
    pub id: String,
    /// What produced it.
    #[serde(default)]
    pub kind: MessageKind,
    /// Channel name (empty for emails).
    pub channel: String,
    /// The payload.
    pub message: Value,
    /// `publisherId`, if given.
    pub publisher_id: Option<String>,
    /// Headers, values as strings.
    pub headers: Map<String, Value>,
    /// `subtopic`, if given.
    pub subtopic: Option<String>,
    /// Delivery policy.
    pub policy: PublishPolicy,
    /// Push targeting.
    pub push: PushTarget,
    /// First delivery, epoch ms.
    pub publish_at: i64,
    /// Repeat period in ms (0 = once).
    pub repeat_every_ms: i64,
    /// No occurrence after this instant.
    pub repeat_expires_at: Option<i64>,
    /// When the publish request arrived.
    pub created: i64,
    /// Current status.
    pub status: Status,
    /// Next occurrence still to deliver.
    pub next_delivery: Option<i64>,
    /// Occurrences delivered so far.
    pub deliveries: u64,
    /// Occurrences skipped because the clock jumped past more than the catch-up limit.
    pub missed: u64,
}

impl Published {
    /// The message object real-time `PUB_SUB_MESSAGES` subscribers receive for an occurrence
    /// delivered at `at` (realtime.md §4, messaging.md §2.2).
    pub fn rt_object(&self, at: i64) -> Value {
        let body = serde_json::json!({
            "message": self.message,
            "publisherId": self.publisher_id,
            "subtopic": self.subtopic,
            "headers": self.headers,
            // messaging.md §2.2: a plain publish reaches subscribers with `publishPolicy: null`
            // and `publishAt: 0`; only what the publisher asked for is echoed.
            "publishPolicy": match self.policy {
                PublishPolicy::Pubsub => Value::Null,
                other => serde_json::to_value(other).unwrap_or(Value::Null),
            },
            "pushSinglecast": if self.push.singlecast.is_empty() { Value::Null } else { Value::from(self.push.singlecast.clone()) },
            "publishAt": if self.publish_at > self.created { self.publish_at } else { 0 },
            "repeatEvery": self.repeat_every_ms / 1000,
            "repeatExpiresAt": self.repeat_expires_at.unwrap_or(0),
        });
        crate::services::realtime::message_object(&body, &self.id, at)
    }

    /// The M2 body.
    pub fn status_json(&self) -> Value {
        json!({"status": self.status.as_str(), "messageId": self.id, "errorMessage": null})
    }
}

/// One occurrence of a message delivered to a channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// Order of delivery within the app.
    pub seq: u64,
    /// The message delivered.
    pub message_id: String,
    /// Channel.
    pub channel: String,
    /// Subtopic, if any.
    pub subtopic: Option<String>,
    /// Payload.
    pub data: Value,
    /// Headers (strings).
    pub headers: Map<String, Value>,
    /// Publisher id, if any.
    pub publisher_id: Option<String>,
    /// Scheduled instant of this occurrence.
    pub published_at: i64,
}

impl Delivery {
    /// The M7 item.
    pub fn to_poll_json(&self) -> Value {
        json!({
            "messageId": self.message_id, "data": self.data, "publishedAt": self.published_at,
            "timestamp": self.published_at, "publisherId": self.publisher_id,
            "subtopic": self.subtopic, "headers": self.headers,
        })
    }
}

/// A legacy polling subscription (M6/M7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    /// `subscriptionId`.
    pub id: String,
    /// Channel polled.
    pub channel: String,
    /// Only messages with this subtopic, if set.
    pub subtopic: Option<String>,
    /// `subscriberId` given at subscribe time.
    pub subscriber_id: Option<String>,
    /// Where clause over message headers (`selector`); only matching messages are returned.
    #[serde(default)]
    pub selector: Option<String>,
    /// Highest delivery `seq` already handed out.
    pub cursor: u64,
    /// Creation time.
    pub created: i64,
}

/// A device registered for push (D1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceRegistration {
    /// `registrationId`.
    pub id: String,
    /// Device id (the JS SDK's `device.uuid`).
    pub device_id: String,
    /// Push token.
    pub device_token: String,
    /// `IOS`, `ANDROID`, `WP`, `OSX`, ... (upper case).
    pub os: String,
    /// OS version.
    pub os_version: String,
    /// Channels (default `["default"]`).
    pub channels: Vec<String>,
    /// `expiration` as the client sent it.
    pub expiration: Option<Value>,
    /// `expiration` as epoch ms.
    pub expires_at: Option<i64>,
    /// Registration time.
    pub created: i64,
}

impl DeviceRegistration {
    /// The D2 item.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id, "registrationId": self.id, "deviceId": self.device_id,
            "deviceToken": self.device_token, "os": self.os, "osVersion": self.os_version,
            "channels": self.channels, "expiration": self.expiration,
        })
    }

    /// Whether the registration is still valid at `now`.
    pub fn is_live(&self, now: i64) -> bool {
        self.expires_at.is_none_or(|at| at > now)
    }
}

/// A messaging channel the console lists (messaging.md §2: a channel exists once it is created
/// in the console or first used by a publish, subscription or device registration).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    /// `channelid` (a GUID; `default` for the default channel).
    pub id: String,
    /// Channel name (what publishes name).
    pub name: String,
    /// When it was created or first used.
    pub created: i64,
}

impl Channel {
    /// The console's channel object (the settings are the ones the console SDK adds itself).
    pub fn to_console_json(&self) -> Value {
        json!({
            "channelid": self.id, "name": self.name,
            "settings": {"polling": true, "rtmp": 0, "websocket": 8888},
        })
    }
}

/// A system email template the developer changed (console `Email` page): the subject and body
/// sent for one event in place of the emulator's default text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SystemEmail {
    /// The event it belongs to.
    pub event_id: u32,
    /// Subject, with `{placeholders}`.
    pub subject: String,
    /// Body (HTML), with `{placeholders}`.
    pub body: String,
    /// Whether the event sends an email at all.
    pub triggers_email: bool,
    /// Sender name shown to recipients, if set.
    pub from_name: Option<String>,
}

/// Replace every `{{key}}` (console custom templates) and `{key}` (Backendless smart-text style)
/// of `text` with the matching template value; unknown placeholders stay as they are.
pub fn fill_placeholders(text: &str, values: &Map<String, Value>) -> String {
    let mut out = text.to_string();
    for (key, value) in values {
        let replacement = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        out = out.replace(&format!("{{{{{key}}}}}"), &replacement);
        out = out.replace(&format!("{{{key}}}"), &replacement);
    }
    out
}

/// The placeholder names of `texts`, `{{key}}` and `{key}` alike, in first-seen order, once each
/// (the console's `customkeys`).
pub fn placeholder_keys<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for text in texts {
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let after = rest[start..].trim_start_matches('{');
            let Some(end) = after.find('}') else {
                break;
            };
            let key = after[..end].trim();
            let valid = !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'));
            if valid && !keys.iter().any(|k| k == key) {
                keys.push(key.to_string());
            }
            rest = &after[end..];
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_known_keys_only() {
        let values = json!({"name": "Ann", "n": 3})
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            fill_placeholders("Hi {name}, {n} new, {other}", &values),
            "Hi Ann, 3 new, {other}"
        );
    }

    #[test]
    fn double_braces_fill_and_keys_are_found_once() {
        let values = json!({"user": "Ann"})
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            fill_placeholders("Hi {{user}} / {user}", &values),
            "Hi Ann / Ann"
        );
        assert_eq!(
            placeholder_keys(["Hi {{user}}, {date}", "{user} {bad key} {{x.y}}"]),
            vec!["user", "date", "x.y"]
        );
    }

    #[test]
    fn policy_routes() {
        assert!(PublishPolicy::Pubsub.to_channel() && !PublishPolicy::Pubsub.to_devices());
        assert!(PublishPolicy::Both.to_channel() && PublishPolicy::Both.to_devices());
        assert!(!PublishPolicy::Push.to_channel());
    }
}
