//! Login, logout, token validation and password verification (users.md U2, U3, U5, U6, U11),
//! with the lockout and multiple-login rules of §1.3.

use serde_json::{Map, Value};

use super::ops::{identity_text, UserOps};
use super::schema::{status, LAST_LOGIN, USER_TOKEN};
use super::state::Session;
use crate::error::ApiError;
use crate::password;
use crate::services::users::UsersState;

impl UserOps<'_> {
    /// `POST /users/login` with `{login, password}`.
    pub fn login(&self, body: &Value) -> Result<Map<String, Value>, ApiError> {
        if !body.is_object() {
            return Err(super::errors::missing_registration_data());
        }
        let identity =
            identity_text(body.get("login")).ok_or_else(super::errors::empty_login_or_password)?;
        let given = match body.get("password") {
            Some(Value::String(p)) if !p.is_empty() => p.clone(),
            _ => return Err(super::errors::empty_login_or_password()),
        };
        self.check_lockout(&identity)?;
        let user = match self.find_by_identity(&identity) {
            Some(u) => u,
            None => {
                self.services
                    .get::<UsersState>()
                    .record_failure(&identity, self.now);
                return Err(super::errors::invalid_login());
            }
        };
        let id = user_id(&user);
        let matches = self
            .services
            .get::<UsersState>()
            .password_hash(&id)
            .is_some_and(|hash| password::verify(&given, &hash));
        if !matches {
            self.services
                .get::<UsersState>()
                .record_failure(&identity, self.now);
            return Err(super::errors::invalid_login());
        }
        match UserOps::status_of(&user) {
            status::DISABLED => return Err(super::errors::user_disabled()),
            status::EMAIL_CONFIRMATION_PENDING => return Err(super::errors::email_not_confirmed()),
            status::GUEST => return Err(super::errors::invalid_login()),
            _ => {}
        }
        self.services.get::<UsersState>().clear_failures(&identity);
        self.complete_login(&id, false)
    }

    /// `POST /users/login` with `{objectId}` (the caller checked for the Cloud Code key).
    pub fn login_by_object_id(&self, id: &str) -> Result<Map<String, Value>, ApiError> {
        let user = self.find(id).map_err(|_| super::errors::invalid_login())?;
        if UserOps::status_of(&user) == status::DISABLED {
            return Err(super::errors::user_disabled());
        }
        self.complete_login(id, false)
    }

    /// Open a session, stamp `lastLogin`, and answer the user with its `user-token`.
    fn complete_login(&self, id: &str, guest: bool) -> Result<Map<String, Value>, ApiError> {
        let token = self.open_session(id, guest)?;
        self.set_column(id, LAST_LOGIN, Value::from(self.now))?;
        let mut user = self.find(id)?;
        user.insert(USER_TOKEN.into(), Value::from(token));
        Ok(user)
    }

    /// A new session for a user under the app's multiple-login policy; returns its token.
    pub fn open_session(&self, user_id: &str, guest: bool) -> Result<String, ApiError> {
        let token = self.ids.guid();
        let session = Session {
            token: token.clone(),
            user_id: user_id.to_string(),
            guest,
            created: self.now,
            last_seen: self.now,
        };
        self.services
            .get::<UsersState>()
            .admit(session, self.now, &self.settings.login)?;
        Ok(token)
    }

    /// 3036 while an identity is locked out after `failedLoginsLock` consecutive failures.
    fn check_lockout(&self, identity: &str) -> Result<(), ApiError> {
        let lock = self.settings.login.failed_logins_lock;
        if lock == 0 {
            return Ok(());
        }
        let failures = self.services.get::<UsersState>().failures(identity);
        if failures.count < lock {
            return Ok(());
        }
        let unlock_ms = i64::from(self.settings.login.lock_timeout_minutes) * 60_000;
        if unlock_ms > 0 && self.now - failures.last >= unlock_ms {
            self.services.get::<UsersState>().clear_failures(identity);
            return Ok(());
        }
        Err(super::errors::account_locked())
    }

    /// `GET /users/logout`: end the session of `token`.
    pub fn logout(&self, token: &str) -> Result<(), ApiError> {
        if self.services.get::<UsersState>().close_session(token) {
            Ok(())
        } else {
            Err(super::errors::unknown_token(token))
        }
    }

    /// `GET /users/isvalidusertoken/{token}`.
    pub fn is_valid_token(&self, token: &str) -> bool {
        self.services
            .get::<UsersState>()
            .is_valid(token, self.now, &self.settings.login)
    }

    /// `POST /users/verifypassowrd`: whether `password` is the user's current one.
    pub fn verify_password(&self, user_id: &str, body: &Value) -> Result<bool, ApiError> {
        let given = match body.get("password") {
            Some(Value::String(p)) => p.as_str(),
            _ => return Err(ApiError::missing_field("password")),
        };
        Ok(self
            .services
            .get::<UsersState>()
            .password_hash(user_id)
            .is_some_and(|hash| password::verify(given, &hash)))
    }
}

fn user_id(user: &Map<String, Value>) -> String {
    user.get("objectId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}
