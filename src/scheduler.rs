//! Background delivery of what comes due on each app's clock: scheduled and repeating messages,
//! and timer firings (with their webhooks), even when no request touches the app.
//!
//! Services also evaluate due work lazily whenever they are called, so the scheduler only adds
//! timeliness. In deterministic mode (`--seed`) it does not run: time moves only when the control
//! plane moves it, and work done by a background task would make runs differ.

use std::time::Duration;

use crate::apps::Shared;
use crate::services::messaging::state::Env;

/// Check every app every `every` until the task is aborted.
pub async fn run(shared: Shared, every: Duration) {
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        tick(&shared).await;
    }
}

/// One pass over every app.
pub async fn tick(shared: &Shared) {
    for app in shared.registry.list() {
        let services = app.services();
        let env = Env {
            now: app.clock.peek_ms(),
            ids: &app.ids,
            outbox: &services.outbox,
            events: Some(&app.events),
        };
        services.messaging.deliver_due(env);
        crate::services::timers::fire::fire_due(&app, &services).await;
    }
}
