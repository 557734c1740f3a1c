//! The outbox: every email, push notification and link the emulator would have sent. Nothing
//! ever leaves the process; tests read the outbox through `/_emulator/apps/{appId}/outbox`.
//! Messaging owns it; the users service puts its recovery and confirmation emails here too.

use std::collections::VecDeque;

use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::apps::ServiceState;

/// How many messages an app's outbox keeps (oldest dropped first).
pub const OUTBOX_CAPACITY: usize = 10_000;

/// One message that would have been sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Message {
    /// Sequence number within the app.
    pub id: u64,
    /// `password-recovery`, `email-confirmation`, `email`, `push`, ...
    pub kind: String,
    /// Recipients (addresses or device ids).
    pub to: Vec<String>,
    /// Subject line.
    pub subject: String,
    /// Text body.
    pub body: String,
    /// One-time link carried by the message, if any.
    pub link: Option<String>,
    /// When it was "sent", epoch ms.
    pub created: i64,
    /// Anything else the sender provided (templates, headers, push payload).
    pub data: Value,
}

/// The outbox of one app, saved as its list of messages.
#[derive(Debug, Default, Deserialize)]
#[serde(from = "Vec<Message>")]
pub struct Outbox {
    inner: RwLock<(u64, VecDeque<Message>)>,
}

impl ServiceState for Outbox {
    const KEY: &'static str = "outbox";
}

impl Serialize for Outbox {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.inner.read().1.serialize(s)
    }
}

impl From<Vec<Message>> for Outbox {
    fn from(list: Vec<Message>) -> Self {
        let last = list.iter().map(|m| m.id).max().unwrap_or(0);
        Outbox {
            inner: RwLock::new((last, list.into())),
        }
    }
}

impl Outbox {
    /// Record a message; returns its id.
    pub fn push(&self, mut message: Message) -> u64 {
        let mut g = self.inner.write();
        g.0 += 1;
        message.id = g.0;
        if g.1.len() >= OUTBOX_CAPACITY {
            g.1.pop_front();
        }
        g.1.push_back(message);
        g.0
    }

    /// Every message, oldest first.
    pub fn list(&self) -> Vec<Message> {
        self.inner.read().1.iter().cloned().collect()
    }

    /// Drop every message.
    pub fn clear(&self) {
        self.inner.write().1.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outbox_numbers_messages_and_stays_bounded() {
        let o = Outbox::default();
        for _ in 0..OUTBOX_CAPACITY + 5 {
            o.push(Message::default());
        }
        let all = o.list();
        assert_eq!(all.len(), OUTBOX_CAPACITY);
        assert_eq!(all[0].id, 6);
        o.clear();
        assert!(o.list().is_empty());
    }
}
