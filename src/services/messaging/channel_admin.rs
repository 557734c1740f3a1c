//! Channel administration as the console does it (`messaging.js`: channels, a channel's devices
//! and messages), over the same state the client API uses: a channel exists once it is created
//! here or first used by a publish, a subscription or a device registration, and `default`
//! always exists. Channels are addressed by their `channelid` or their name.

use serde_json::{json, Map, Value};

use super::errors::{bad_field, channel_exists, unknown_channel};
use super::model::{Channel, DeviceRegistration, MessageKind, Published};
use super::state::{Env, Inner, MessagingState};
use crate::error::ApiError;
use crate::services::realtime::filter::Where;

/// The channel every app has.
pub const DEFAULT_CHANNEL: &str = "default";

/// Offset and page size of a console listing (`offset`, `pageSize`/`pagesize`).
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Items skipped.
    pub offset: usize,
    /// Items returned at most.
    pub size: usize,
}

impl Page {
    /// Everything.
    pub const ALL: Page = Page {
        offset: 0,
        size: usize::MAX,
    };
}

impl Inner {
    /// Remember that `name` is a channel (first use creates it).
    pub(super) fn touch_channel(&mut self, name: &str, env: Env<'_>) {
        if !self.channels.contains_key(name) {
            let id = if name == DEFAULT_CHANNEL {
                DEFAULT_CHANNEL.to_string()
            } else {
                env.ids.guid()
            };
            self.channels.insert(
                name.to_string(),
                Channel {
                    id,
                    name: name.to_string(),
                    created: env.now,
                },
            );
        }
    }

    /// The name of the channel with this id or name.
    fn channel_name(&self, id_or_name: &str) -> Result<String, ApiError> {
        if id_or_name == DEFAULT_CHANNEL || self.channels.contains_key(id_or_name) {
            return Ok(id_or_name.to_string());
        }
        self.channels
            .values()
            .find(|c| c.id == id_or_name)
            .map(|c| c.name.clone())
            .ok_or_else(|| unknown_channel(id_or_name))
    }

    fn channel_devices(&self, channel: &str, now: i64) -> Vec<&DeviceRegistration> {
        self.devices
            .values()
            .filter(|d| d.is_live(now) && d.channels.iter().any(|c| c == channel))
            .collect()
    }
}

/// A channel name must be non-empty and free of `/` and spaces (it is a URL segment).
fn check_name(name: &str) -> Result<(), ApiError> {
    if name.trim().is_empty() || name.contains(['/', ' ', '?', '#']) {
        return Err(bad_field(&format!(
            "channel name '{name}' must be non-empty, without '/', '?', '#' or spaces"
        )));
    }
    Ok(())
}

/// The console's view of one message sent on a channel.
fn message_json(m: &Published) -> Value {
    json!({
        "messageId": m.id,
        "message": m.message,
        "publisherId": m.publisher_id,
        "subtopic": m.subtopic,
        "headers": m.headers,
        "isPush": m.policy.to_devices(),
        "isBroadcast": m.push.singlecast.is_empty(),
        "sentTo": if m.push.singlecast.is_empty() { Value::Null } else { Value::from(m.push.singlecast.join(",")) },
        "status": m.status.as_str(),
        "timestamp": m.publish_at,
    })
}

impl MessagingState {
    /// `loadChannels`: every channel, `default` first.
    pub fn channels(&self, env: Env<'_>) -> Value {
        self.with(env, |inner| {
            inner.touch_channel(DEFAULT_CHANNEL, env);
            let mut list: Vec<&Channel> = inner.channels.values().collect();
            list.sort_by_key(|c| (c.name != DEFAULT_CHANNEL, c.created, c.name.clone()));
            Value::from(
                list.into_iter()
                    .map(Channel::to_console_json)
                    .collect::<Vec<_>>(),
            )
        })
    }

    /// `createChannel`: 99274 if the name is taken.
    pub fn create_channel(&self, name: &str, env: Env<'_>) -> Result<Value, ApiError> {
        check_name(name)?;
        self.with(env, |inner| {
            if inner.channels.contains_key(name) || name == DEFAULT_CHANNEL {
                return Err(channel_exists(name));
            }
            inner.touch_channel(name, env);
            Ok(inner.channels[name].to_console_json())
        })
    }

    /// `renameChannel`: the channel, its devices' registrations, subscriptions, deliveries and
    /// messages all move to the new name.
    pub fn rename_channel(
        &self,
        id_or_name: &str,
        new_name: &str,
        env: Env<'_>,
    ) -> Result<Value, ApiError> {
        check_name(new_name)?;
        self.with(env, |inner| {
            let old = inner.channel_name(id_or_name)?;
            if old == DEFAULT_CHANNEL {
                return Err(bad_field("the default channel cannot be renamed"));
            }
            if old != new_name
                && (inner.channels.contains_key(new_name) || new_name == DEFAULT_CHANNEL)
            {
                return Err(channel_exists(new_name));
            }
            let mut channel = inner
                .channels
                .remove(&old)
                .ok_or_else(|| unknown_channel(&old))?;
            channel.name = new_name.to_string();
            let rename = |c: &mut String| {
                if *c == old {
                    *c = new_name.to_string();
                }
            };
            for d in inner.devices.values_mut() {
                d.channels.iter_mut().for_each(rename);
            }
            inner
                .subscriptions
                .values_mut()
                .for_each(|s| rename(&mut s.channel));
            inner
                .deliveries
                .iter_mut()
                .for_each(|d| rename(&mut d.channel));
            inner
                .messages
                .values_mut()
                .for_each(|m| rename(&mut m.channel));
            let json = channel.to_console_json();
            inner.channels.insert(new_name.to_string(), channel);
            Ok(json)
        })
    }

    /// `deleteChannel`: as the client API's M4 (deliveries, subscriptions and scheduled messages
    /// go), and the channel leaves its devices' registrations; a device left on no channel is
    /// unregistered. `default` can be emptied but stays.
    pub fn remove_channel(&self, id_or_name: &str, env: Env<'_>) -> Result<Value, ApiError> {
        let name = self.with(env, |inner| inner.channel_name(id_or_name))?;
        self.delete_channel(&name, env);
        self.with(env, |inner| {
            for d in inner.devices.values_mut() {
                d.channels.retain(|c| *c != name);
            }
            inner.devices.retain(|_, d| !d.channels.is_empty());
        });
        Ok(Value::Bool(true))
    }

    /// `loadDevices`: the live devices registered on the channel, a page of them.
    pub fn channel_devices(
        &self,
        id_or_name: &str,
        page: Page,
        env: Env<'_>,
    ) -> Result<Value, ApiError> {
        self.with(env, |inner| {
            let name = inner.channel_name(id_or_name)?;
            let list: Vec<Value> = inner
                .channel_devices(&name, env.now)
                .into_iter()
                .skip(page.offset)
                .take(page.size)
                .map(|d| {
                    let mut v = d.to_json();
                    v["objectId"] = Value::from(d.id.clone());
                    v["created"] = Value::from(d.created);
                    v
                })
                .collect();
            Ok(Value::from(list))
        })
    }

    /// `loadDevices`' count request.
    pub fn channel_device_count(&self, id_or_name: &str, env: Env<'_>) -> Result<Value, ApiError> {
        self.with(env, |inner| {
            let name = inner.channel_name(id_or_name)?;
            Ok(Value::from(inner.channel_devices(&name, env.now).len()))
        })
    }

    /// `deleteDevices`: unregister the devices (by registration or device id) of the channel;
    /// answers how many went.
    pub fn delete_channel_devices(
        &self,
        id_or_name: &str,
        ids: &[String],
        env: Env<'_>,
    ) -> Result<Value, ApiError> {
        self.with(env, |inner| {
            let name = inner.channel_name(id_or_name)?;
            let before = inner.devices.len();
            inner.devices.retain(|_, d| {
                let listed = ids.iter().any(|i| *i == d.id || *i == d.device_id);
                !(listed && d.channels.contains(&name))
            });
            Ok(Value::from(before - inner.devices.len()))
        })
    }

    fn channel_messages_of(inner: &Inner, name: &str) -> Vec<Published> {
        let mut list: Vec<Published> = inner
            .messages
            .values()
            .filter(|m| m.channel == name && m.kind != MessageKind::Email)
            .cloned()
            .collect();
        list.sort_by_key(|m| std::cmp::Reverse((m.publish_at, m.created)));
        list
    }

    /// `loadMessages`: the messages published or pushed on the channel, newest first.
    pub fn channel_messages(
        &self,
        id_or_name: &str,
        page: Page,
        env: Env<'_>,
    ) -> Result<Value, ApiError> {
        self.with(env, |inner| {
            let name = inner.channel_name(id_or_name)?;
            let list: Vec<Value> = Self::channel_messages_of(inner, &name)
                .iter()
                .skip(page.offset)
                .take(page.size)
                .map(message_json)
                .collect();
            Ok(Value::from(list))
        })
    }

    /// `loadMessages`' count request.
    pub fn channel_message_count(&self, id_or_name: &str, env: Env<'_>) -> Result<Value, ApiError> {
        self.with(env, |inner| {
            let name = inner.channel_name(id_or_name)?;
            Ok(Value::from(Self::channel_messages_of(inner, &name).len()))
        })
    }

    /// `getPushRecipientsCount`: live devices a where clause over their registration selects
    /// (`deviceId`, `os`, `osVersion`, `channels`, `channelName`, ...); all of them without one.
    pub fn push_recipient_count(
        &self,
        clause: Option<&str>,
        env: Env<'_>,
    ) -> Result<Value, ApiError> {
        let clause = Where::parse(clause.filter(|c| !c.trim().is_empty()))?;
        self.with(env, |inner| {
            let count = inner
                .devices
                .values()
                .filter(|d| d.is_live(env.now))
                .filter(|d| {
                    clause
                        .as_ref()
                        .is_none_or(|w| w.matches_object(&device_row(d), env.now))
                })
                .count();
            Ok(Value::from(count))
        })
    }
}

/// A device registration as the row a segment query is evaluated over.
pub(super) fn device_row(d: &DeviceRegistration) -> Map<String, Value> {
    let mut row = d.to_json().as_object().cloned().unwrap_or_default();
    row.insert(
        "channelName".into(),
        Value::from(d.channels.first().cloned().unwrap_or_default()),
    );
    row.insert("created".into(), Value::from(d.created));
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::messaging::fixture::Fixture;

    fn register(f: &Fixture, id: &str, os: &str, channels: Value) {
        f.state
            .register_device(
                &json!({"deviceId": id, "deviceToken": "t", "os": os, "channels": channels}),
                f.env(0),
            )
            .expect("registered");
    }

    #[test]
    fn channels_come_from_use_and_from_the_console() {
        let f = Fixture::new();
        f.publish(json!({"message": 1}), 1);
        let created = f.state.create_channel("news", f.env(2)).expect("created");
        assert_eq!(created["name"], json!("news"));
        let names: Vec<Value> = f
            .state
            .channels(f.env(3))
            .as_array()
            .expect("list")
            .iter()
            .map(|c| c["name"].clone())
            .collect();
        assert_eq!(names, vec![json!("default"), json!("ch"), json!("news")]);
        assert_eq!(
            f.state
                .create_channel("news", f.env(4))
                .expect_err("taken")
                .code,
            99274
        );
        assert_eq!(
            f.state
                .create_channel("a/b", f.env(4))
                .expect_err("bad")
                .code,
            8002
        );
        let id = created["channelid"].as_str().expect("id");
        assert_eq!(
            f.state
                .rename_channel(id, "ch", f.env(5))
                .expect_err("taken")
                .code,
            99274
        );
        f.state
            .rename_channel(id, "latest", f.env(5))
            .expect("renamed");
        assert_eq!(
            f.state
                .remove_channel("news", f.env(6))
                .expect_err("gone")
                .code,
            99273
        );
        assert_eq!(
            f.state.remove_channel(id, f.env(6)).expect("deleted"),
            json!(true)
        );
    }

    #[test]
    fn devices_and_messages_of_a_channel() {
        let f = Fixture::new();
        register(&f, "a", "IOS", json!(["ch"]));
        register(&f, "b", "ANDROID", json!(["ch", "other"]));
        register(&f, "c", "ANDROID", json!(["other"]));
        f.publish(json!({"message": "one"}), 1);
        f.publish(json!({"message": "two"}), 2);
        assert_eq!(
            f.state.channel_device_count("ch", f.env(3)).expect("count"),
            json!(2)
        );
        let page = Page { offset: 1, size: 5 };
        let devices = f
            .state
            .channel_devices("ch", page, f.env(3))
            .expect("devices");
        assert_eq!(devices.as_array().map(Vec::len), Some(1));
        let messages = f
            .state
            .channel_messages("ch", Page::ALL, f.env(3))
            .expect("messages");
        assert_eq!(messages[0]["message"], json!("two"), "newest first");
        assert_eq!(
            f.state
                .channel_message_count("ch", f.env(3))
                .expect("count"),
            json!(2)
        );
        let deleted = f
            .state
            .delete_channel_devices("ch", &["a".into(), "c".into()], f.env(4));
        assert_eq!(
            deleted.expect("deleted"),
            json!(1),
            "c is not on the channel"
        );
        assert_eq!(
            f.state
                .push_recipient_count(Some("os = 'ANDROID'"), f.env(5))
                .expect("n"),
            json!(2)
        );
        assert_eq!(
            f.state.push_recipient_count(None, f.env(5)).expect("n"),
            json!(2)
        );
        assert_eq!(
            f.state
                .push_recipient_count(Some("os = = 1"), f.env(5))
                .expect_err("bad")
                .code,
            1017
        );
        f.state.remove_channel("other", f.env(6)).expect("deleted");
        assert_eq!(
            f.state.push_recipient_count(None, f.env(7)).expect("n"),
            json!(1),
            "c had no channel left"
        );
    }
}
