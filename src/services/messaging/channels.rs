//! Channels (messaging.md §2 M4, M6, M7): legacy polling subscriptions and channel deletion,
//! as further methods of [`MessagingState`]. A subscription sees what is delivered after it was
//! opened, within the last 60 seconds, each message once.

use serde_json::{json, Value};

use super::errors::{bad_field, unknown_subscription};
use super::model::{Delivery, Status, Subscription};
use super::parse::opt_string;
use super::state::{Env, Inner, MessagingState, POLL_WINDOW_MS};
use crate::error::ApiError;
use crate::services::realtime::filter::Where;

impl MessagingState {
    /// M6: open a legacy polling subscription; it sees messages delivered from now on.
    pub fn subscribe(&self, channel: &str, body: &Value, env: Env<'_>) -> Result<Value, ApiError> {
        if !(body.is_null() || body.is_object()) {
            return Err(bad_field("the subscribe body must be a JSON object"));
        }
        // Selectors are where clauses over the headers, as for RT message listeners (1017 when
        // they do not parse).
        let selector =
            opt_string(body.get("selector"), "selector")?.filter(|s| !s.trim().is_empty());
        Where::parse(selector.as_deref())?;
        let subtopic = opt_string(body.get("subtopic"), "subtopic")?;
        let subscriber_id = opt_string(body.get("subscriberId"), "subscriberId")?;
        Ok(self.with(env, |inner| {
            inner.touch_channel(channel, env);
            let id = env.ids.guid();
            inner.subscriptions.insert(
                id.clone(),
                Subscription {
                    id: id.clone(),
                    channel: channel.to_string(),
                    subtopic,
                    subscriber_id,
                    selector,
                    cursor: inner.last_seq,
                    created: env.now,
                },
            );
            json!({"subscriptionId": id})
        }))
    }

    /// M7: messages of the last 60 s on the channel that this subscription has not seen yet.
    pub fn poll(
        &self,
        channel: &str,
        subscription_id: &str,
        env: Env<'_>,
    ) -> Result<Value, ApiError> {
        self.with(env, |inner| {
            let Inner {
                subscriptions,
                deliveries,
                ..
            } = inner;
            let sub = subscriptions
                .get_mut(subscription_id)
                .filter(|s| s.channel == channel)
                .ok_or_else(|| unknown_subscription(subscription_id))?;
            let selector = Where::parse(sub.selector.as_deref()).ok().flatten();
            let fresh: Vec<Value> = deliveries
                .iter()
                .filter(|d| d.seq > sub.cursor && d.channel == sub.channel)
                .filter(|d| d.published_at >= env.now - POLL_WINDOW_MS)
                .filter(|d| sub.subtopic.is_none() || d.subtopic == sub.subtopic)
                .filter(|d| {
                    selector
                        .as_ref()
                        .is_none_or(|w| w.matches_headers(&d.headers, env.now))
                })
                .map(Delivery::to_poll_json)
                .collect();
            if let Some(last) = deliveries.back() {
                sub.cursor = sub.cursor.max(last.seq);
            }
            Ok(json!({"messages": fresh}))
        })
    }

    /// M4: forget a channel's deliveries and subscriptions and cancel its scheduled messages.
    pub fn delete_channel(&self, channel: &str, env: Env<'_>) -> Value {
        self.with(env, |inner| {
            let known = inner.channels.remove(channel).is_some();
            let before = inner.deliveries.len() + inner.subscriptions.len();
            inner.deliveries.retain(|d| d.channel != channel);
            inner.subscriptions.retain(|_, s| s.channel != channel);
            let mut cancelled = 0;
            for m in inner.messages.values_mut() {
                if m.channel == channel && m.status == Status::Scheduled {
                    m.status = Status::Cancelled;
                    m.next_delivery = None;
                    cancelled += 1;
                }
            }
            let removed = before - inner.deliveries.len() - inner.subscriptions.len();
            // Open question 5: the response shape is undocumented; `result` says whether the
            // channel had anything to delete.
            json!({"result": known || removed + cancelled > 0})
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::messaging::fixture::Fixture;

    #[test]
    fn poll_checks_subscription_and_window() {
        let f = Fixture::new();
        let sub = f.state.subscribe("ch", &json!({}), f.env(0)).expect("sub");
        let sub = sub["subscriptionId"].as_str().expect("id").to_string();
        assert_eq!(
            f.state
                .poll("other", &sub, f.env(1))
                .expect_err("channel")
                .code,
            99020
        );
        assert_eq!(
            f.state.poll("ch", "nope", f.env(1)).expect_err("id").code,
            99020
        );
        f.publish(json!({"message": "old"}), 1);
        let polled = f
            .state
            .poll("ch", &sub, f.env(1 + POLL_WINDOW_MS + 1))
            .expect("poll");
        assert_eq!(polled["messages"], json!([]));
        let bad = f
            .state
            .subscribe("ch", &json!({"selector": "a = = 1"}), f.env(2));
        assert_eq!(bad.expect_err("selector").code, 1017);
    }

    #[test]
    fn a_selector_filters_by_headers_compared_numerically() {
        let f = Fixture::new();
        let sub = f
            .state
            .subscribe("ch", &json!({"selector": "foo > 10"}), f.env(0))
            .expect("subscribed");
        let sub = sub["subscriptionId"].as_str().expect("id").to_string();
        for foo in [20, 10, 50, 5] {
            f.publish(json!({"message": foo, "headers": {"foo": foo}}), 1);
        }
        f.publish(json!({"message": "none"}), 1);
        let polled = f.state.poll("ch", &sub, f.env(2)).expect("poll");
        let got: Vec<&Value> = polled["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .map(|m| &m["data"])
            .collect();
        assert_eq!(got, vec![&json!(20), &json!(50)]);
    }

    #[test]
    fn delete_channel_cancels_and_forgets() {
        let f = Fixture::new();
        let id = f.publish(json!({"message": 1, "publishAt": 100}), 0);
        assert_eq!(
            f.state.delete_channel("ch", f.env(1)),
            json!({"result": true})
        );
        assert_eq!(f.status(&id, 200), "cancelled");
        assert_eq!(
            f.state.delete_channel("ch", f.env(2)),
            json!({"result": false})
        );
    }
}
