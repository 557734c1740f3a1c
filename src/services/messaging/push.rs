//! Push notifications (messaging.md §2.1, M5, M8): resolving the devices a push reaches and
//! recording it in the outbox (`kind: "push"`); push templates. Nothing is ever sent.

use serde_json::{json, Map, Value};

use super::channel_admin::device_row;
use super::errors::bad_field;
use super::model::{
    fill_placeholders, DeviceRegistration, MessageKind, PublishPolicy, Published, PushTarget,
    PushTemplate, Status, PLATFORMS,
};
use super::state::{Env, Inner, MessagingState};
use crate::error::ApiError;
use crate::services::messaging::outbox::Message;
use crate::services::realtime::filter::Where;

/// Headers that carry a notification's visible title, first match wins.
const TITLE_HEADERS: [&str; 3] = ["android-content-title", "wp-title", "ios-alert-title"];
/// Headers that carry a notification's visible text, first match wins.
const TEXT_HEADERS: [&str; 4] = [
    "message",
    "ios-alert",
    "android-content-text",
    "android-ticker-text",
];

/// The platform bit of an `os` name (0 for an unknown platform).
fn platform_bit(os: &str) -> u8 {
    PLATFORMS
        .iter()
        .find(|(_, name, _)| name.eq_ignore_ascii_case(os))
        .map_or(0, |(_, _, bit)| *bit)
}

/// Device ids a push reaches: singlecast ids as given, else live devices of the channel whose
/// platform is in the broadcast mask (no mask = every platform).
fn recipients<'a>(
    devices: impl Iterator<Item = &'a DeviceRegistration>,
    channel: &str,
    target: &PushTarget,
    now: i64,
) -> Vec<String> {
    if !target.singlecast.is_empty() {
        return target.singlecast.clone();
    }
    let mask = if target.broadcast == 0 {
        15
    } else {
        target.broadcast
    };
    // A segment query that does not parse was refused when the push was asked for.
    let segment = Where::parse(target.segment_query.as_deref()).ok().flatten();
    devices
        .filter(|d| d.is_live(now) && d.channels.iter().any(|c| c == channel))
        .filter(|d| platform_bit(&d.os) & mask != 0)
        .filter(|d| {
            segment
                .as_ref()
                .is_none_or(|w| w.matches_object(&device_row(d), now))
        })
        .map(|d| d.device_id.clone())
        .collect()
}

fn first_header(headers: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|n| headers.get(*n).and_then(Value::as_str))
        .map(str::to_string)
}

impl Inner {
    /// Record one occurrence of a push in the outbox.
    pub(super) fn send_push(&mut self, message: &Published, at: i64, env: Env<'_>) {
        let to = recipients(
            self.devices.values(),
            &message.channel,
            &message.push,
            env.now,
        );
        let text = first_header(&message.headers, &TEXT_HEADERS).unwrap_or_else(|| match &message
            .message
        {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        env.outbox().push(Message {
            kind: "push".into(),
            to,
            subject: first_header(&message.headers, &TITLE_HEADERS).unwrap_or_default(),
            body: text,
            link: None,
            created: at,
            data: json!({
                "messageId": message.id, "channel": message.channel, "message": message.message,
                "headers": message.headers, "publisherId": message.publisher_id,
                "pushBroadcast": message.push.broadcast, "pushSinglecast": message.push.singlecast,
            }),
            ..Message::default()
        });
    }
}

impl Inner {
    /// Send a template once with `values` filled into its headers; the M5 reply and the message
    /// record (remembered for status look-ups and the channel's message list).
    fn push_template(
        &mut self,
        template: &PushTemplate,
        values: &Map<String, Value>,
        env: Env<'_>,
    ) -> (Value, Published) {
        let headers: Map<String, Value> = template
            .all_headers()
            .iter()
            .map(|(k, v)| {
                let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                (k.clone(), Value::String(fill_placeholders(&text, values)))
            })
            .collect();
        let broadcast = template
            .device_types
            .iter()
            .fold(0, |mask, t| mask | platform_bit(t));
        let channel = template.channel.clone().unwrap_or_else(|| "default".into());
        self.touch_channel(&channel, env);
        let message = Published {
            id: format!("message:{}", env.ids.guid()),
            kind: MessageKind::PushTemplate,
            channel,
            message: Value::String(first_header(&headers, &TEXT_HEADERS).unwrap_or_default()),
            publisher_id: None,
            headers,
            subtopic: None,
            policy: PublishPolicy::Push,
            push: PushTarget {
                broadcast,
                singlecast: template.push_singlecast.clone(),
                segment_query: template.segment_query.clone(),
            },
            publish_at: env.now,
            repeat_every_ms: 0,
            repeat_expires_at: None,
            created: env.now,
            status: Status::Published,
            next_delivery: None,
            deliveries: 1,
            missed: 0,
        };
        self.send_push(&message, env.now, env);
        let reply = json!({"messageId": message.id, "status": "scheduled", "errorMessage": null});
        self.remember(message.clone());
        (reply, message)
    }

    /// How many devices the outbox recorded `message` as sent to.
    fn outbox_recipients(&self, message: &Published, env: Env<'_>) -> usize {
        env.outbox()
            .list()
            .iter()
            .rev()
            .find(|m| m.kind == "push" && m.data["messageId"] == json!(message.id))
            .map_or(0, |m| m.to.len())
    }
}

impl MessagingState {
    /// M5: push a stored template with `templateValues` filled into its headers.
    pub fn push_with_template(
        &self,
        name: &str,
        body: &Value,
        env: Env<'_>,
    ) -> Result<Value, ApiError> {
        if !(body.is_null() || body.is_object()) {
            return Err(bad_field("the push body must be a JSON object"));
        }
        let values = match body.get("templateValues").filter(|v| !v.is_null()) {
            None => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => return Err(bad_field("templateValues must be an object")),
        };
        self.with(env, |inner| {
            let template = inner.push_templates.find(name)?.clone();
            let (reply, _) = inner.push_template(&template, &values, env);
            Ok(reply)
        })
    }

    /// Console `sendPush`: a push described like a console push template (`message`,
    /// `platforms`, `channelName`, `segmentQuery`, `options`), sent at once.
    pub fn send_console_push(&self, template: &PushTemplate, env: Env<'_>) -> Value {
        self.with(env, |inner| {
            let (_, message) = inner.push_template(template, &Map::new(), env);
            let sent = inner.outbox_recipients(&message, env);
            json!({
                "messageId": message.id, "errorMessage": null, "status": "SCHEDULED",
                "sendingTimeInMillis": 0, "successfulSendsAmount": sent, "failedSendsAmount": 0,
            })
        })
    }

    /// M8: the templates that apply to a device type, keyed by name (shape undocumented).
    pub fn push_templates(&self, device_type: Option<&str>) -> Value {
        let inner = self.inner.lock();
        let applies = |t: &PushTemplate| match device_type {
            None => true,
            Some(dt) => {
                t.device_types.is_empty()
                    || t.device_types.iter().any(|d| d.eq_ignore_ascii_case(dt))
            }
        };
        Value::Object(
            inner
                .push_templates
                .iter()
                .filter(|t| applies(t))
                .map(|t| {
                    (
                        t.name.clone(),
                        serde_json::to_value(t).unwrap_or(Value::Null),
                    )
                })
                .collect(),
        )
    }

    /// Control plane: create or replace a push template.
    pub fn put_push_template(&self, name: &str, body: &Value) -> Result<Value, ApiError> {
        let template: PushTemplate = serde_json::from_value(body.clone())
            .map_err(|e| bad_field(&format!("push template: {e}")))?;
        let mut inner = self.inner.lock();
        let stored = inner.push_templates.put(name, template);
        Ok(serde_json::to_value(stored).unwrap_or(Value::Null))
    }

    /// Control plane: remove a push template.
    pub fn delete_push_template(&self, name: &str) -> Result<Value, ApiError> {
        self.inner
            .lock()
            .push_templates
            .remove(name)
            .map(|_| json!({"deleted": name}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::Services;
    use crate::ids::IdGen;
    use crate::services::messaging::outbox::Outbox;
    use crate::services::messaging::parse::Publish;

    fn env<'a>(now: i64, ids: &'a IdGen, services: &'a Services) -> Env<'a> {
        Env { now, ids, services }
    }

    fn register(state: &MessagingState, id: &str, os: &str, e: Env<'_>) {
        state
            .register_device(
                &json!({"deviceId": id, "deviceToken": "t", "os": os, "osVersion": "1"}),
                e,
            )
            .expect("registered");
    }

    #[test]
    fn broadcast_reaches_matching_platforms_on_the_channel() {
        let (state, ids, services) = (
            MessagingState::default(),
            IdGen::seeded(1),
            Services::default(),
        );
        let outbox = services.get::<Outbox>();
        register(&state, "i1", "IOS", env(0, &ids, &services));
        register(&state, "a1", "ANDROID", env(0, &ids, &services));
        let p = Publish::parse(&json!({"message": "m", "pushBroadcast": "FOR_ANDROID",
            "headers": {"android-content-title": "T", "android-content-text": "X"}}))
        .expect("valid");
        state.publish("default", p, env(1, &ids, &services));
        let sent = outbox.list();
        assert_eq!(sent.len(), 1);
        assert_eq!(
            (sent[0].kind.as_str(), sent[0].to.clone()),
            ("push", vec!["a1".to_string()])
        );
        assert_eq!(
            (sent[0].subject.as_str(), sent[0].body.as_str()),
            ("T", "X")
        );
    }

    #[test]
    fn templates_fill_values_and_unknown_ones_fail() {
        let (state, ids, services) = (
            MessagingState::default(),
            IdGen::seeded(1),
            Services::default(),
        );
        let outbox = services.get::<Outbox>();
        register(&state, "i1", "IOS", env(0, &ids, &services));
        state
            .put_push_template(
                "greet",
                &json!({"headers": {"ios-alert": "Hi {name}"}, "deviceTypes": ["IOS"]}),
            )
            .expect("stored");
        let e = env(1, &ids, &services);
        let reply =
            state.push_with_template("greet", &json!({"templateValues": {"name": "Ann"}}), e);
        assert_eq!(reply.expect("sent")["status"], json!("scheduled"));
        assert_eq!(outbox.list()[0].body, "Hi Ann");
        assert_eq!(outbox.list()[0].to, vec!["i1".to_string()]);
        assert_eq!(
            state
                .push_with_template("nope", &json!({}), e)
                .expect_err("unknown")
                .code,
            99021
        );
        assert_eq!(state.push_templates(Some("android")), json!({}));
        assert!(state.push_templates(Some("IOS"))["greet"].is_object());
        assert_eq!(
            state.delete_push_template("greet").expect("deleted"),
            json!({"deleted": "greet"})
        );
        assert_eq!(
            state.delete_push_template("greet").expect_err("gone").code,
            99021
        );
    }
}
