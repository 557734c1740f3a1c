//! Event handlers as webhook definitions. The console's Business Logic page registers code to
//! run on events; the emulator runs no code, so a handler here names the webhook its event is
//! POSTed to (the emulator's own `webhook` field, alias `url`). Only custom events
//! (`category: "CUSTOM"`, dispatched with `POST /servercode/events/{event}`) are raised to
//! handlers; other categories answer 99000 naming them. Handlers of one event form its
//! invocation chain: the first enabled one in chain order receives the event.

use serde_json::Value;

use super::errors::{bad_field, invalid_handler, unknown_handler, unsupported_category};
pub use super::handler::{EventHandler, CATEGORIES};
use super::mode::Mode;
use super::webhooks::{CustomState, Webhooks};
use crate::error::ApiError;

fn text(body: &Value, field: &str) -> Result<Option<String>, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(bad_field(&format!("{field} must be a string"))),
    }
}

fn flag(body: &Value, field: &str, default: bool) -> Result<bool, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(bad_field(&format!("{field} must be a boolean"))),
    }
}

/// The fields of a create or update body, over `base` (the stored handler, for updates).
fn apply(body: &Value, mut base: EventHandler, public_url: &str) -> Result<EventHandler, ApiError> {
    if !body.is_object() {
        return Err(bad_field("the event handler must be a JSON object"));
    }
    if let Some(category) = text(body, "category")? {
        let category = category.to_ascii_uppercase();
        match CATEGORIES.iter().find(|(c, _)| *c == category) {
            Some(("CUSTOM", _)) | Some(("CUSTOM_EVENT", _)) => {}
            Some(("TIMER", _)) => {
                return Err(invalid_handler(
                    "timers are created under /servercode/{mode}/timers",
                ))
            }
            Some((c, _)) => return Err(unsupported_category(c)),
            None if category == "CUSTOM_EVENT" => {}
            None => return Err(invalid_handler(&format!("unknown category '{category}'"))),
        }
    }
    let event = ["event", "eventId", "target", "name"]
        .iter()
        .map(|f| text(body, f))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .next();
    if let Some(event) = event {
        base.event = event;
    }
    if base.event.is_empty() {
        return Err(invalid_handler(
            "a custom event handler names its event (event)",
        ));
    }
    if let Some(url) = text(body, "webhook")?.or(text(body, "url")?) {
        base.webhook = url;
    }
    if base.webhook.is_empty() {
        return Err(invalid_handler(
            "the emulator runs no server code: give the handler a webhook URL (webhook)",
        ));
    }
    let check = Webhooks {
        events: [(base.event.clone(), base.webhook.clone())].into(),
        ..Webhooks::default()
    };
    check.check_urls()?;
    super::webhooks::check_not_self(&check, public_url)?;
    base.is_async = flag(body, "async", base.is_async)?;
    base.enabled = flag(body, "enabled", base.enabled)?;
    base.language = text(body, "language")?.or(base.language);
    base.model = text(body, "model")?.or(base.model);
    Ok(base)
}

impl CustomState {
    /// Every handler of the given modes (all modes when empty), by event then chain order.
    pub fn handlers(&self, modes: &[Mode]) -> Vec<EventHandler> {
        let mut list: Vec<EventHandler> = self
            .handlers
            .read()
            .values()
            .filter(|h| modes.is_empty() || modes.contains(&h.mode))
            .cloned()
            .collect();
        list.sort_by(|a, b| (&a.event, a.order, &a.id).cmp(&(&b.event, b.order, &b.id)));
        list
    }

    /// `bl.createEventHandler`: a new handler at the end of its event's chain.
    pub fn create_handler(
        &self,
        mode: Mode,
        body: &Value,
        id: String,
        now: i64,
        public_url: &str,
    ) -> Result<EventHandler, ApiError> {
        let base = EventHandler {
            id,
            mode,
            category: "CUSTOM".into(),
            event: String::new(),
            webhook: String::new(),
            is_async: false,
            enabled: true,
            order: 0,
            language: None,
            model: None,
            created: now,
        };
        let mut handler = apply(body, base, public_url)?;
        let mut all = self.handlers.write();
        handler.order = all
            .values()
            .filter(|h| h.event == handler.event)
            .map(|h| h.order + 1)
            .max()
            .unwrap_or(0);
        all.insert(handler.id.clone(), handler.clone());
        Ok(handler)
    }

    /// `bl.updateEventHandler` / `bl.changeHandlerState`: the fields given change.
    pub fn update_handler(
        &self,
        mode: Mode,
        id: &str,
        body: &Value,
        public_url: &str,
    ) -> Result<EventHandler, ApiError> {
        let mut all = self.handlers.write();
        let current = all
            .get(id)
            .filter(|h| h.mode == mode)
            .cloned()
            .ok_or_else(|| unknown_handler(id))?;
        let updated = apply(body, current, public_url)?;
        all.insert(id.to_string(), updated.clone());
        Ok(updated)
    }

    /// `bl.deleteEventHandler`.
    pub fn delete_handler(&self, mode: Mode, id: &str) -> Result<EventHandler, ApiError> {
        let mut all = self.handlers.write();
        match all.get(id) {
            Some(h) if h.mode == mode => all.remove(id).ok_or_else(|| unknown_handler(id)),
            _ => Err(unknown_handler(id)),
        }
    }

    /// The handler of `mode` with this id, or else the first of the event named so.
    pub fn handler(&self, mode: Mode, key: &str) -> Result<EventHandler, ApiError> {
        let all = self.handlers(&[mode]);
        all.iter()
            .find(|h| h.id == key)
            .or_else(|| all.iter().find(|h| h.event == key))
            .cloned()
            .ok_or_else(|| unknown_handler(key))
    }

    /// `bl.getHandlerInvocationChain`: the handlers of an event in chain order.
    pub fn chain(&self, event: &str) -> Vec<EventHandler> {
        let mut chain: Vec<EventHandler> = self
            .handlers(&[])
            .into_iter()
            .filter(|h| h.event == event)
            .collect();
        chain.sort_by_key(|h| h.order);
        chain
    }

    /// `bl.updateHandlerInvocationChain`: `[id, ...]` or `[{id}, ...]` in the new order; every
    /// id must be a handler of the event, and those not listed keep their turn after them.
    pub fn reorder_chain(&self, event: &str, body: &Value) -> Result<Vec<EventHandler>, ApiError> {
        let items = body
            .as_array()
            .or_else(|| body.get("handlers").and_then(Value::as_array))
            .ok_or_else(|| bad_field("the chain is an array of handler ids"))?;
        let ids: Vec<String> = items
            .iter()
            .map(|i| i.as_str().or_else(|| i["id"].as_str()).map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| bad_field("the chain is an array of handler ids"))?;
        let chain = self.chain(event);
        if let Some(stray) = ids.iter().find(|id| !chain.iter().any(|h| &h.id == *id)) {
            return Err(unknown_handler(stray));
        }
        let rest = chain
            .iter()
            .filter(|h| !ids.contains(&h.id))
            .map(|h| h.id.clone());
        let order: Vec<String> = ids.iter().cloned().chain(rest).collect();
        {
            let mut all = self.handlers.write();
            for (i, id) in order.iter().enumerate() {
                if let Some(h) = all.get_mut(id) {
                    h.order = i as u32;
                }
            }
        }
        Ok(self.chain(event))
    }

    /// The handler a custom event goes to: the first enabled one of its chain.
    pub fn event_handler(&self, event: &str) -> Option<EventHandler> {
        self.chain(event).into_iter().find(|h| h.enabled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::services::testing::{loaded, saved};
    use serde_json::json;

    const URL: &str = "http://127.0.0.1:9000";

    fn create(state: &CustomState, id: &str, body: Value) -> Result<EventHandler, ApiError> {
        state.create_handler(Mode::Debug, &body, id.into(), 0, URL)
    }

    #[test]
    fn custom_handlers_are_webhooks_and_others_are_refused() {
        let state = CustomState::default();
        let h = create(
            &state,
            "h1",
            json!({"category": "CUSTOM", "event": "ping", "webhook": "http://127.0.0.1:1/p"}),
        )
        .expect("created");
        assert_eq!((h.event.as_str(), h.enabled, h.order), ("ping", true, 0));
        assert_eq!(
            create(
                &state,
                "h2",
                json!({"category": "DATA", "event": "x", "webhook": "http://a/b"})
            )
            .expect_err("data")
            .code,
            99000
        );
        assert_eq!(
            create(&state, "h2", json!({"event": "x"}))
                .expect_err("no url")
                .code,
            99276
        );
        assert_eq!(
            create(&state, "h2", json!({"event": "x", "url": "ftp://a"}))
                .expect_err("bad url")
                .code,
            8002
        );
        assert_eq!(
            create(
                &state,
                "h2",
                json!({"event": "x", "url": "http://127.0.0.1:9000/_emulator/x"})
            )
            .expect_err("self")
            .code,
            99107
        );
        assert_eq!(state.event_handler("ping").map(|h| h.id), Some("h1".into()));
        state
            .update_handler(Mode::Debug, "h1", &json!({"enabled": false}), URL)
            .expect("off");
        assert_eq!(state.event_handler("ping"), None);
        assert_eq!(
            state
                .update_handler(Mode::Production, "h1", &json!({}), URL)
                .expect_err("other mode")
                .code,
            99275
        );
        assert_eq!(
            state.delete_handler(Mode::Debug, "h1").expect("deleted").id,
            "h1"
        );
        assert_eq!(
            state
                .delete_handler(Mode::Debug, "h1")
                .expect_err("gone")
                .code,
            99275
        );
    }

    #[test]
    fn the_chain_orders_who_receives_the_event() {
        let state = CustomState::default();
        for id in ["a", "b", "c"] {
            create(
                &state,
                id,
                json!({"event": "e", "webhook": format!("http://127.0.0.1:1/{id}")}),
            )
            .expect("created");
        }
        assert_eq!(state.event_handler("e").map(|h| h.id), Some("a".into()));
        let chain = state
            .reorder_chain("e", &json!(["c", {"id": "a"}]))
            .expect("reordered");
        let ids: Vec<&str> = chain.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["c", "a", "b"]);
        assert_eq!(state.event_handler("e").map(|h| h.id), Some("c".into()));
        assert_eq!(
            state
                .reorder_chain("e", &json!(["zz"]))
                .expect_err("stray")
                .code,
            99275
        );
        let back = loaded::<CustomState>(&saved(&state)).expect("imports");
        assert_eq!(back.chain("e"), state.chain("e"));
    }
}
