//! Test fixture shared by the messaging state tests: a state, a seeded id generator and the
//! app's other states (the outbox).

use std::sync::Arc;

use serde_json::Value;

use super::parse::Publish;
use super::state::{Env, MessagingState};
use crate::apps::Services;
use crate::ids::IdGen;
use crate::services::messaging::outbox::Outbox;

/// A messaging state with everything an operation needs.
pub(super) struct Fixture {
    /// The state under test.
    pub state: MessagingState,
    ids: IdGen,
    services: Services,
}

impl Fixture {
    /// An empty state.
    pub(super) fn new() -> Self {
        Fixture {
            state: MessagingState::default(),
            ids: IdGen::seeded(1),
            services: Services::default(),
        }
    }

    /// Where emails and pushes land.
    pub(super) fn outbox(&self) -> Arc<Outbox> {
        self.services.get::<Outbox>()
    }

    /// The environment of an operation at `now`.
    pub(super) fn env(&self, now: i64) -> Env<'_> {
        Env {
            now,
            ids: &self.ids,
            services: &self.services,
        }
    }

    /// Publish on channel `ch`; returns the message id.
    pub(super) fn publish(&self, body: Value, now: i64) -> String {
        let p = Publish::parse(&body).expect("valid");
        let r = self.state.publish("ch", p, self.env(now));
        r["messageId"].as_str().expect("id").to_string()
    }

    /// The status of a message at `now`.
    pub(super) fn status(&self, id: &str, now: i64) -> String {
        self.state.status(id, self.env(now))["status"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}
