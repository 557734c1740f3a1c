//! [`SessionTable`]: sessions by token, indexed by user, so a login's policy check and a user's
//! logout touch that user's sessions only — not every session of the app.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::apps::Session;

/// Every session of an app. Exported as a plain token → session map (the index is rebuilt).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "BTreeMap<String, Session>", into = "BTreeMap<String, Session>")]
pub struct SessionTable {
    by_token: BTreeMap<String, Session>,
    by_user: BTreeMap<String, BTreeSet<String>>,
}

impl From<BTreeMap<String, Session>> for SessionTable {
    fn from(by_token: BTreeMap<String, Session>) -> Self {
        let mut by_user: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for s in by_token.values() {
            by_user
                .entry(s.user_id.clone())
                .or_default()
                .insert(s.token.clone());
        }
        SessionTable { by_token, by_user }
    }
}

impl From<SessionTable> for BTreeMap<String, Session> {
    fn from(table: SessionTable) -> Self {
        table.by_token
    }
}

impl SessionTable {
    /// The session of a token.
    pub fn get(&self, token: &str) -> Option<&Session> {
        self.by_token.get(token)
    }

    /// The session of a token, mutable.
    pub fn get_mut(&mut self, token: &str) -> Option<&mut Session> {
        self.by_token.get_mut(token)
    }

    /// Add (or replace) a session.
    pub fn insert(&mut self, session: Session) {
        self.by_user
            .entry(session.user_id.clone())
            .or_default()
            .insert(session.token.clone());
        self.by_token.insert(session.token.clone(), session);
    }

    /// Remove one session.
    pub fn remove(&mut self, token: &str) -> Option<Session> {
        let session = self.by_token.remove(token)?;
        if let Some(tokens) = self.by_user.get_mut(&session.user_id) {
            tokens.remove(token);
            if tokens.is_empty() {
                self.by_user.remove(&session.user_id);
            }
        }
        Some(session)
    }

    /// A user's sessions.
    pub fn of_user<'a>(&'a self, user_id: &str) -> impl Iterator<Item = &'a Session> + 'a {
        self.by_user
            .get(user_id)
            .into_iter()
            .flatten()
            .filter_map(|t| self.by_token.get(t))
    }

    /// Remove a user's sessions matching `drop`; returns how many were removed.
    pub fn remove_of_user(&mut self, user_id: &str, drop: impl Fn(&Session) -> bool) -> usize {
        let doomed: Vec<String> = self
            .of_user(user_id)
            .filter(|s| drop(s))
            .map(|s| s.token.clone())
            .collect();
        for token in &doomed {
            self.remove(token);
        }
        doomed.len()
    }

    /// Remove every session; returns how many there were.
    pub fn clear(&mut self) -> usize {
        let n = self.by_token.len();
        self.by_token.clear();
        self.by_user.clear();
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(token: &str, user: &str) -> Session {
        Session {
            token: token.into(),
            user_id: user.into(),
            guest: false,
            created: 0,
            last_seen: 0,
        }
    }

    #[test]
    fn the_user_index_follows_inserts_and_removals_and_survives_serde() {
        let mut t = SessionTable::default();
        t.insert(s("a", "u1"));
        t.insert(s("b", "u1"));
        t.insert(s("c", "u2"));
        assert_eq!(t.of_user("u1").count(), 2);
        assert_eq!(t.remove_of_user("u1", |x| x.token == "a"), 1);
        assert_eq!(
            t.of_user("u1")
                .map(|x| x.token.as_str())
                .collect::<Vec<_>>(),
            vec!["b"]
        );
        let json = serde_json::to_value(&t).expect("serialises");
        assert!(json.get("c").is_some(), "exported as token → session");
        let back: SessionTable = serde_json::from_value(json).expect("deserialises");
        assert_eq!(back, t);
        assert_eq!(t.clone().clear(), 2);
    }
}
