//! Firing timers for real: evaluate what came due on the app's clock, then POST each firing to
//! the app's timers webhook (if one is configured) and log the webhook's answer. The state is
//! synchronous; only the webhook calls await, with no lock held.

use serde_json::{json, Value};

use super::state::Fired;
use crate::apps::App;
use crate::apps::Services;
use crate::services::custom::webhooks::notify;
use crate::services::custom::CustomState;
use crate::services::timers::TimersState;

/// Fire everything due now; returns the firings (with webhook outcomes) as JSON.
pub async fn fire_due(app: &App, services: &Services) -> Vec<Value> {
    let fired = services.get::<TimersState>().fire_due(app.clock.now_ms());
    deliver(app, services, fired).await
}

/// POST each firing to the timers webhook and record the outcome in the timer log.
pub async fn deliver(app: &App, services: &Services, fired: Vec<Fired>) -> Vec<Value> {
    let url = services.get::<CustomState>().webhooks().timers;
    let mut out = Vec::with_capacity(fired.len());
    for (mut firing, timer) in fired {
        if let Some(url) = &url {
            let payload = json!({
                "type": "timer", "appId": app.id(), "timer": timer, "firing": firing,
            });
            let outcome = notify(url, &payload).await;
            services
                .get::<TimersState>()
                .record_webhook(firing.id, outcome.clone());
            firing.webhook = Some(outcome);
        }
        out.push(serde_json::to_value(&firing).unwrap_or(Value::Null));
    }
    out
}
