//! [`MessagingState`]: the per-app messaging store (messaging.md §6) and the scheduler of
//! published messages (§2 M1-M3: publish, status, cancel).
//!
//! Scheduled messages are delivered lazily: every operation first calls `Inner::deliver_due`
//! with the app's clock, so advancing the virtual clock and touching messaging (or calling the
//! control plane's deliver route) delivers whatever became due. Channels, emails, devices and
//! templates live in `channels.rs`, `email.rs`, `devices.rs` and `push.rs` as further `impl`
//! blocks.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::errors::not_cancellable;
use super::model::{
    ButtonTemplate, Channel, ChannelTemplate, Delivery, DeviceRegistration, EmailTemplate,
    MessageKind, Published, PushTemplate, Status, Subscription, SystemEmail,
};
use super::parse::Publish;
use super::templates::{TemplateKind, TemplateStore};
use crate::apps::ServiceState;
use crate::apps::Services;
use crate::error::ApiError;
use crate::ids::IdGen;
use crate::services::messaging::outbox::Outbox;
use crate::services::realtime::EventBus;

/// Messages kept for status look-ups (finished ones are dropped oldest first beyond this).
pub const MESSAGE_CAPACITY: usize = 10_000;
/// Channel deliveries kept for legacy polling.
pub const DELIVERY_CAPACITY: usize = 10_000;
/// Legacy polling returns messages of the last 60 seconds (messaging.md M7).
pub const POLL_WINDOW_MS: i64 = 60_000;
/// Most occurrences of one repeating message delivered in one evaluation; a clock jump past more
/// skips the oldest ones (counted in `missed`) so a huge jump cannot stall a request.
pub const CATCH_UP_LIMIT: i64 = 100;

/// Everything one app's messaging remembers.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MessagingState {
    pub(super) inner: Mutex<Inner>,
}

impl ServiceState for MessagingState {
    const KEY: &'static str = "messaging";
}

/// The lockable part of [`MessagingState`].
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Inner {
    pub(super) messages: BTreeMap<String, Published>,
    pub(super) deliveries: VecDeque<Delivery>,
    pub(super) last_seq: u64,
    pub(super) subscriptions: BTreeMap<String, Subscription>,
    pub(super) devices: BTreeMap<String, DeviceRegistration>,
    pub(super) email_templates: TemplateStore<EmailTemplate>,
    pub(super) push_templates: TemplateStore<PushTemplate>,
    pub(super) button_templates: TemplateStore<ButtonTemplate>,
    pub(super) channel_templates: TemplateStore<ChannelTemplate>,
    /// Channels by name (see `channels.rs`: created by the console or by first use).
    pub(super) channels: BTreeMap<String, Channel>,
    /// System email templates the developer changed, by event id (`emails.rs`).
    pub(super) system_emails: BTreeMap<u32, SystemEmail>,
    /// Mail settings as the console last saved them (`None` = the defaults).
    pub(super) mail_settings: Option<Map<String, Value>>,
}

/// What one operation needs from the app: its clock reading, ids, and the states of the app
/// that messaging writes to (the outbox, the real-time bus).
#[derive(Clone, Copy)]
pub struct Env<'a> {
    /// Current time on the app's clock.
    pub now: i64,
    /// The app's id generator.
    pub ids: &'a IdGen,
    /// The app's service states.
    pub services: &'a Services,
}

impl Env<'_> {
    /// Where pushes and emails are recorded.
    pub fn outbox(&self) -> Arc<Outbox> {
        self.services.get::<Outbox>()
    }

    /// The app's real-time bus (channel deliveries reach `PUB_SUB_MESSAGES` subscribers).
    pub fn events(&self) -> Arc<EventBus> {
        self.services.get::<EventBus>()
    }
}

impl MessagingState {
    /// Run `f` on the state after delivering everything due at `env.now`.
    pub(super) fn with<R>(&self, env: Env<'_>, f: impl FnOnce(&mut Inner) -> R) -> R {
        let mut inner = self.inner.lock();
        inner.deliver_due(env);
        f(&mut inner)
    }

    /// Deliver every occurrence due at `env.now`; returns how many were delivered.
    pub fn deliver_due(&self, env: Env<'_>) -> usize {
        self.inner.lock().deliver_due(env)
    }

    /// M1: record a message and deliver it now or schedule it.
    pub fn publish(&self, channel: &str, publish: Publish, env: Env<'_>) -> Value {
        self.with(env, |inner| {
            inner.touch_channel(channel, env);
            let id = format!("message:{}", env.ids.guid());
            let publish_at = publish
                .publish_at
                .filter(|at| *at > env.now)
                .unwrap_or(env.now);
            inner.remember(Published {
                id: id.clone(),
                kind: MessageKind::Publish,
                channel: channel.to_string(),
                message: publish.message,
                publisher_id: publish.publisher_id,
                headers: publish.headers,
                subtopic: publish.subtopic,
                policy: publish.policy,
                push: publish.push,
                publish_at,
                repeat_every_ms: publish.repeat_every_secs.saturating_mul(1000),
                repeat_expires_at: publish.repeat_expires_at,
                created: env.now,
                status: Status::Scheduled,
                next_delivery: Some(publish_at),
                deliveries: 0,
                missed: 0,
            });
            inner.deliver_due(env);
            // Open question 1: the live server answers `scheduled` even for an immediate publish
            // (JS e2e asserts it); a later status call reports `published`.
            json!({"status": "scheduled", "messageId": id, "errorMessage": null})
        })
    }

    /// M2: the status of a message (`unknown` for an id never seen).
    pub fn status(&self, message_id: &str, env: Env<'_>) -> Value {
        self.with(env, |inner| match inner.messages.get(message_id) {
            Some(m) => m.status_json(),
            None => json!({"status": "unknown", "messageId": message_id, "errorMessage": null}),
        })
    }

    /// M3: cancel a scheduled message. Anything not scheduled any more (delivered, cancelled,
    /// unknown) is 5040, whose message covers exactly those cases.
    pub fn cancel(&self, message_id: &str, env: Env<'_>) -> Result<Value, ApiError> {
        self.with(env, |inner| match inner.messages.get_mut(message_id) {
            Some(m) if m.status == Status::Scheduled => {
                m.status = Status::Cancelled;
                m.next_delivery = None;
                // Open question 2: M3 spells it `canceled`, M2 `cancelled`; both as documented.
                Ok(json!({"status": "canceled", "messageId": message_id}))
            }
            _ => Err(not_cancellable()),
        })
    }

    /// Messages and deliveries, for the control plane.
    pub fn overview(&self, env: Env<'_>) -> Value {
        self.with(env, |inner| {
            json!({
                "messages": inner.messages.values().collect::<Vec<_>>(),
                "deliveries": inner.deliveries,
                "subscriptions": inner.subscriptions.values().collect::<Vec<_>>(),
                "devices": inner.devices.values().collect::<Vec<_>>(),
            })
        })
    }
}

/// A template kind and where [`Inner`] keeps its [`TemplateStore`].
pub trait Stored: TemplateKind {
    /// The app's store of this kind.
    fn store(inner: &mut Inner) -> &mut TemplateStore<Self>;
}

macro_rules! stored {
    ($kind:ty, $field:ident) => {
        impl Stored for $kind {
            fn store(inner: &mut Inner) -> &mut TemplateStore<Self> {
                &mut inner.$field
            }
        }
    };
}

stored!(EmailTemplate, email_templates);
stored!(PushTemplate, push_templates);
stored!(ButtonTemplate, button_templates);
stored!(ChannelTemplate, channel_templates);

impl MessagingState {
    /// Run `f` on the app's templates of kind `K`.
    pub fn with_templates<K: Stored, R>(&self, f: impl FnOnce(&mut TemplateStore<K>) -> R) -> R {
        f(K::store(&mut self.inner.lock()))
    }
}

impl Inner {
    /// Keep a message, dropping the oldest finished ones beyond [`MESSAGE_CAPACITY`].
    pub(super) fn remember(&mut self, message: Published) {
        self.messages.insert(message.id.clone(), message);
        while self.messages.len() > MESSAGE_CAPACITY {
            let oldest = self
                .messages
                .values()
                .filter(|m| m.status != Status::Scheduled)
                .min_by_key(|m| m.created)
                .map(|m| m.id.clone());
            match oldest {
                Some(id) => self.messages.remove(&id),
                None => break,
            };
        }
    }

    /// Deliver every occurrence due at `env.now`.
    pub(super) fn deliver_due(&mut self, env: Env<'_>) -> usize {
        let mut delivered = 0;
        let due: Vec<String> = self
            .messages
            .values()
            .filter(|m| {
                m.status == Status::Scheduled && m.next_delivery.is_some_and(|at| at <= env.now)
            })
            .map(|m| m.id.clone())
            .collect();
        for id in due {
            let Some(mut message) = self.messages.remove(&id) else {
                continue;
            };
            for at in due_occurrences(&mut message, env.now) {
                if message.policy.to_channel() {
                    self.push_delivery(&message, at);
                    if let Some(events) = Some(env.events()).filter(|bus| !bus.is_idle()) {
                        events.message_published(&message.channel, &message.rt_object(at));
                    }
                }
                if message.policy.to_devices() {
                    self.send_push(&message, at, env);
                }
                message.deliveries += 1;
                delivered += 1;
            }
            if message.next_delivery.is_none() {
                message.status = Status::Published;
            }
            self.messages.insert(id, message);
        }
        delivered
    }

    fn push_delivery(&mut self, message: &Published, at: i64) {
        self.last_seq += 1;
        if self.deliveries.len() >= DELIVERY_CAPACITY {
            self.deliveries.pop_front();
        }
        self.deliveries.push_back(Delivery {
            seq: self.last_seq,
            message_id: message.id.clone(),
            channel: message.channel.clone(),
            subtopic: message.subtopic.clone(),
            data: message.message.clone(),
            headers: message.headers.clone(),
            publisher_id: message.publisher_id.clone(),
            published_at: at,
        });
    }
}

/// The occurrences of `message` due at `now` (at most [`CATCH_UP_LIMIT`], latest kept), moving
/// its `next_delivery` past them.
fn due_occurrences(message: &mut Published, now: i64) -> Vec<i64> {
    let Some(first) = message.next_delivery.filter(|at| *at <= now) else {
        return Vec::new();
    };
    let period = message.repeat_every_ms;
    if period <= 0 {
        message.next_delivery = None;
        return vec![first];
    }
    let last_allowed = message.repeat_expires_at.map_or(now, |e| e.min(now));
    if first > last_allowed {
        message.next_delivery = None;
        return Vec::new();
    }
    let count = (last_allowed - first) / period + 1;
    let skip = (count - CATCH_UP_LIMIT).max(0);
    message.missed += skip as u64;
    let next = first.saturating_add(count.saturating_mul(period));
    message.next_delivery = match message.repeat_expires_at {
        Some(expires) if next > expires => None,
        _ => Some(next),
    };
    (skip..count).map(|k| first + k * period).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::services::testing::{loaded, saved};
    use crate::services::messaging::fixture::Fixture;
    use serde_json::json;

    #[test]
    fn immediate_publish_is_published_at_once_and_reaches_subscribers() {
        let f = Fixture::new();
        let sub = f
            .state
            .subscribe("ch", &Value::Null, f.env(10))
            .expect("sub");
        let sub = sub["subscriptionId"].as_str().expect("id").to_string();
        let id = f.publish(json!({"message": "hi"}), 20);
        assert!(id.starts_with("message:"));
        assert_eq!(f.status(&id, 21), "published");
        let polled = f.state.poll("ch", &sub, f.env(22)).expect("poll");
        assert_eq!(polled["messages"][0]["data"], json!("hi"));
        let again = f.state.poll("ch", &sub, f.env(23)).expect("poll");
        assert_eq!(again["messages"], json!([]));
    }

    #[test]
    fn publish_at_waits_for_the_clock_and_can_be_cancelled_once() {
        let f = Fixture::new();
        let id = f.publish(json!({"message": 1, "publishAt": 1000}), 0);
        assert_eq!(f.status(&id, 999), "scheduled");
        assert_eq!(f.status(&id, 1000), "published");
        let id = f.publish(json!({"message": 1, "publishAt": 5000}), 1001);
        assert!(f.state.cancel(&id, f.env(1002)).is_ok());
        assert_eq!(f.status(&id, 6000), "cancelled");
        assert_eq!(
            f.state.cancel(&id, f.env(6001)).expect_err("twice").code,
            5040
        );
        assert_eq!(
            f.state
                .cancel("message:nope", f.env(6001))
                .expect_err("unknown")
                .code,
            5040
        );
        assert_eq!(f.state.deliver_due(f.env(7000)), 0);
    }

    #[test]
    fn repeats_deliver_each_period_until_expiry() {
        let f = Fixture::new();
        let id = f.publish(
            json!({"message": "r", "publishAt": 1000, "repeatEvery": 10, "repeatExpiresAt": 31_000}),
            0,
        );
        assert_eq!(f.state.deliver_due(f.env(1000)), 1);
        assert_eq!(f.state.deliver_due(f.env(20_999)), 1);
        assert_eq!(f.status(&id, 21_000), "scheduled");
        assert_eq!(f.state.deliver_due(f.env(100_000)), 1);
        assert_eq!(f.status(&id, 100_001), "published");
        let inner = f.state.inner.lock();
        assert_eq!(inner.messages[&id].deliveries, 4);
    }

    #[test]
    fn huge_clock_jumps_deliver_at_most_the_catch_up_limit() {
        let f = Fixture::new();
        let id = f.publish(json!({"message": "r", "repeatEvery": 1}), 0);
        let delivered = f.state.deliver_due(f.env(1_000_000_000));
        assert_eq!(delivered as i64, CATCH_UP_LIMIT);
        let inner = f.state.inner.lock();
        assert_eq!(
            inner.messages[&id].missed,
            1_000_000 - CATCH_UP_LIMIT as u64
        );
        assert_eq!(inner.messages[&id].next_delivery, Some(1_000_001_000));
    }

    proptest::proptest! {
        /// Whatever the order of publishes and clock steps, each repeating message is delivered
        /// exactly once per period that has passed, never early, and in time order.
        #[test]
        fn repeating_deliveries_match_elapsed_periods(
            steps in proptest::collection::vec((0i64..3, 1i64..200_000), 1..30),
            offsets in proptest::collection::vec((0i64..100_000, 1i64..90), 1..4),
        ) {
            let f = Fixture::new();
            let mut ids = Vec::new();
            for (offset, every) in &offsets {
                let id = f.publish(json!({"message": 1, "publishAt": 1_000 + offset, "repeatEvery": every}), 0);
                ids.push((id, 1_000 + offset, every * 1000));
            }
            let mut now = 0;
            for (kind, delta) in steps {
                now += delta;
                match kind {
                    0 => { f.state.deliver_due(f.env(now)); }
                    1 => { f.status(&ids[0].0, now); }
                    _ => { f.publish(json!({"message": "noise"}), now); }
                }
            }
            f.state.deliver_due(f.env(now));
            let inner = f.state.inner.lock();
            for (id, start, period) in &ids {
                let expected = if now < *start { 0 } else { (now - start) / period + 1 };
                let message = &inner.messages[id];
                proptest::prop_assert_eq!(message.deliveries + message.missed, expected as u64);
                let times: Vec<i64> = inner.deliveries.iter().filter(|d| &d.message_id == id).map(|d| d.published_at).collect();
                proptest::prop_assert!(times.windows(2).all(|w| w[0] < w[1]));
                proptest::prop_assert!(times.iter().all(|t| *t >= *start && *t <= now && (t - start) % period == 0));
            }
        }
    }

    #[test]
    fn export_import_round_trips() {
        let f = Fixture::new();
        f.publish(
            json!({"message": 1, "publishAt": 100, "headers": {"a": 1}}),
            0,
        );
        let exported = saved(&f.state);
        let back = loaded::<MessagingState>(&exported).expect("imports");
        assert_eq!(saved(&back), exported);
        assert!(loaded::<MessagingState>(&json!({"messages": 3})).is_err());
    }
}
