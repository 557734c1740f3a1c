//! Server-side user state that is not a column: password hashes, sessions, failed-login
//! counters and the one-time links of recovery and confirmation emails (users.md §1.3).
//!
//! Lock order: a caller holding the data store's lock may take this one, never the reverse.

use std::collections::BTreeMap;

use parking_lot::RwLock;
use serde::{Deserialize, Serialize};

use super::errors;
use super::session_table::SessionTable;
pub use crate::apps::Session;
use crate::apps::{ServiceState, Services};
use crate::error::ApiError;
use crate::settings::LoginSettings;

/// Consecutive failed logins of one identity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Failures {
    /// Failed attempts since the last success.
    pub count: u32,
    /// Time of the last failure, epoch ms.
    pub last: i64,
}

/// What a one-time emailed link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// Sets a new password.
    PasswordReset,
    /// Confirms the email address.
    EmailConfirmation,
}

/// A one-time link sent by email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    /// What the link does.
    pub kind: LinkKind,
    /// The user it is for.
    pub user_id: String,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Data {
    credentials: BTreeMap<String, String>,
    sessions: SessionTable,
    failures: BTreeMap<String, Failures>,
    links: BTreeMap<String, Link>,
}

/// Users-service state of one app (hashes only, never a password).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UsersState {
    inner: RwLock<Data>,
}

impl ServiceState for UsersState {
    const KEY: &'static str = "users";

    fn forked(&self) -> Result<Self, String> {
        Ok(UsersState {
            inner: RwLock::new(self.inner.read().clone()),
        })
    }
}

/// The session of a `user-token` in an app's states (the hook the apps floor asks through).
pub fn session_of(
    services: &Services,
    token: &str,
    now: i64,
    login: &LoginSettings,
) -> Result<Session, ApiError> {
    services
        .get::<UsersState>()
        .touch_session(token, now, login)
}

impl UsersState {
    /// The saved state without secrets, for sharing: no password hashes (the users
    /// exist but cannot log in), no live sessions, no email-link tokens.
    pub fn export_redacted(&self) -> serde_json::Value {
        let mut data = self.inner.read().clone();
        data.credentials.clear();
        data.sessions = SessionTable::default();
        data.links.clear();
        serde_json::to_value(&data).unwrap_or(serde_json::Value::Null)
    }

    /// A user's open sessions, oldest first.
    pub fn sessions_of(&self, user_id: &str) -> Vec<Session> {
        let mut list: Vec<Session> = self
            .inner
            .read()
            .sessions
            .of_user(user_id)
            .cloned()
            .collect();
        list.sort_by_key(|s| s.created);
        list
    }

    /// Store a user's password hash.
    pub fn set_password_hash(&self, user_id: &str, hash: String) {
        self.inner
            .write()
            .credentials
            .insert(user_id.to_string(), hash);
    }

    /// A user's password hash.
    pub fn password_hash(&self, user_id: &str) -> Option<String> {
        self.inner.read().credentials.get(user_id).cloned()
    }

    /// Validate a token and record activity; expired or unknown → 3064.
    pub fn touch_session(
        &self,
        token: &str,
        now: i64,
        login: &LoginSettings,
    ) -> Result<Session, ApiError> {
        let mut d = self.inner.write();
        let expired = match d.sessions.get(token) {
            None => return Err(errors::unknown_token(token)),
            Some(s) => is_expired(s, now, login),
        };
        if expired {
            // The timed-out session is gone server-side, so the token is simply unknown now
            // (users.md lists 3091 too; the SDK treats 3064 and 3091 alike).
            d.sessions.remove(token);
            return Err(errors::unknown_token(token));
        }
        let s = d
            .sessions
            .get_mut(token)
            .ok_or_else(|| errors::unknown_token(token))?;
        s.last_seen = now;
        Ok(s.clone())
    }

    /// Whether a token names a live session (no activity recorded).
    pub fn is_valid(&self, token: &str, now: i64, login: &LoginSettings) -> bool {
        self.inner
            .read()
            .sessions
            .get(token)
            .is_some_and(|s| !is_expired(s, now, login))
    }

    /// Start a session.
    pub fn open_session(&self, session: Session) {
        self.inner.write().sessions.insert(session);
    }

    /// Start a session if the app's multiple-login policy admits it (users.md §1.3): with multiple
    /// logins off the newest login ends the others, or, with `logoutLastUser`, is refused (3002);
    /// with them on, at most `maxConcurrentLogins` live sessions (3044). Check and insert happen
    /// under one lock so concurrent logins cannot both slip past the limit.
    pub fn admit(&self, session: Session, now: i64, login: &LoginSettings) -> Result<(), ApiError> {
        let mut d = self.inner.write();
        let user = session.user_id.clone();
        // Timed-out sessions of this user are gone; dropping them keeps the table small.
        d.sessions
            .remove_of_user(&user, |s| is_expired(s, now, login));
        let live = d.sessions.of_user(&user).count();
        if login.enable_multiple_logins {
            if login.max_concurrent_logins > 0 && live >= login.max_concurrent_logins as usize {
                return Err(super::errors::login_limit_reached());
            }
        } else if live > 0 {
            if login.logout_last_user {
                return Err(super::errors::multiple_logins_disabled());
            }
            d.sessions.remove_of_user(&user, |_| true);
        }
        d.sessions.insert(session);
        Ok(())
    }

    /// End one session; false when it did not exist.
    pub fn close_session(&self, token: &str) -> bool {
        self.inner.write().sessions.remove(token).is_some()
    }

    /// End every session of a user (or of everyone, with `None`); returns how many ended.
    pub fn close_sessions(&self, user_id: Option<&str>) -> usize {
        let mut d = self.inner.write();
        match user_id {
            Some(user) => d.sessions.remove_of_user(user, |_| true),
            None => d.sessions.clear(),
        }
    }

    /// Failed-login record of an identity.
    pub fn failures(&self, identity: &str) -> Failures {
        self.inner
            .read()
            .failures
            .get(&identity.to_lowercase())
            .cloned()
            .unwrap_or_default()
    }

    /// Count one failed login.
    pub fn record_failure(&self, identity: &str, now: i64) {
        let mut d = self.inner.write();
        let f = d.failures.entry(identity.to_lowercase()).or_default();
        f.count += 1;
        f.last = now;
    }

    /// Forget failures after a successful login or an unlock.
    pub fn clear_failures(&self, identity: &str) {
        self.inner.write().failures.remove(&identity.to_lowercase());
    }

    /// Remember a one-time link.
    pub fn add_link(&self, token: &str, link: Link) {
        self.inner.write().links.insert(token.to_string(), link);
    }

    /// Use up a one-time link.
    pub fn take_link(&self, token: &str, kind: LinkKind) -> Option<Link> {
        let mut d = self.inner.write();
        match d.links.get(token) {
            Some(l) if l.kind == kind => d.links.remove(token),
            _ => None,
        }
    }

    /// Forget everything about a deleted user.
    pub fn forget_user(&self, user_id: &str) {
        let mut d = self.inner.write();
        d.credentials.remove(user_id);
        d.sessions.remove_of_user(user_id, |_| true);
        d.links.retain(|_, l| l.user_id != user_id);
    }
}

fn is_expired(s: &Session, now: i64, login: &LoginSettings) -> bool {
    login.enable_session_timeout
        && login.session_timeout > 0
        && now.saturating_sub(s.last_seen) > (login.session_timeout as i64).saturating_mul(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(token: &str, user: &str, at: i64) -> Session {
        Session {
            token: token.into(),
            user_id: user.into(),
            guest: false,
            created: at,
            last_seen: at,
        }
    }

    #[test]
    fn sessions_expire_after_inactivity_only_when_enabled() {
        let st = UsersState::default();
        st.open_session(session("t", "u", 0));
        let mut login = LoginSettings::default();
        assert!(st.touch_session("t", 10_000_000, &login).is_ok());
        login.enable_session_timeout = true;
        login.session_timeout = 60;
        assert!(
            st.touch_session("t", 10_059_000, &login).is_ok(),
            "activity resets the timer"
        );
        assert_eq!(
            st.touch_session("t", 10_200_000, &login)
                .expect_err("expired")
                .code,
            3064
        );
        assert!(!st.is_valid("t", 0, &login));
    }

    #[test]
    fn closing_sessions_by_user_keeps_others() {
        let st = UsersState::default();
        st.open_session(session("a", "u1", 0));
        st.open_session(session("b", "u1", 0));
        st.open_session(session("c", "u2", 0));
        assert_eq!(st.close_sessions(Some("u1")), 2);
        assert!(st.is_valid("c", 0, &LoginSettings::default()));
        assert_eq!(st.close_sessions(None), 1);
    }

    #[test]
    fn failures_count_per_identity_case_insensitively() {
        let st = UsersState::default();
        st.record_failure("A@x.com", 1);
        st.record_failure("a@X.com", 2);
        assert_eq!(st.failures("a@x.com").count, 2);
        st.clear_failures("A@X.COM");
        assert_eq!(st.failures("a@x.com").count, 0);
    }
}
