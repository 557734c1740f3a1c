//! Password recovery and email confirmation (users.md U10, U13, U14): the emails land in the
//! control-plane outbox, and their one-time links point at the emulator itself.

use serde_json::{json, Map, Value};

use super::ops::UserOps;
use super::schema::{status, USER_STATUS};
use super::state::{Link, LinkKind};
use crate::error::{ApiError, Code};
use crate::services::messaging::outbox::Message;
use crate::services::messaging::outbox::Outbox;
use crate::services::users::UsersState;

impl UserOps<'_> {
    /// `GET /users/restorepassword/{identity}`: email a password-reset link.
    pub fn restore_password(&self, identity: &str) -> Result<(), ApiError> {
        let user = self
            .find_by_identity(identity)
            .ok_or_else(|| super::errors::identity_not_found(identity))?;
        let social = user
            .get("socialAccount")
            .and_then(Value::as_str)
            .unwrap_or("BACKENDLESS");
        if social != "BACKENDLESS" {
            return Err(super::errors::social_user_recovery());
        }
        let link = self.new_link(&user, LinkKind::PasswordReset, "password-reset");
        self.services.get::<Outbox>().push(Message {
            kind: "password-recovery".into(),
            to: recipients(&user, identity),
            subject: "Password recovery".into(),
            body: format!("Follow this link to set a new password: {link}"),
            link: Some(link),
            created: self.now,
            ..Message::default()
        });
        Ok(())
    }

    /// `POST /users/resendconfirmation/{identity}`.
    pub fn resend_confirmation(&self, identity: &str) -> Result<(), ApiError> {
        if !self.settings.registration.email_confirmation_required {
            return Err(super::errors::confirmation_disabled());
        }
        let user = self
            .find_by_identity(identity)
            .ok_or_else(|| super::errors::recovery_identity_not_found(identity))?;
        if UserOps::status_of(&user) != status::EMAIL_CONFIRMATION_PENDING {
            return Err(super::errors::email_already_confirmed());
        }
        self.send_confirmation(&user)
    }

    /// `POST /users/createEmailConfirmationURL/{identity}`: a confirmation link, not emailed.
    pub fn confirmation_url(&self, identity: &str) -> Result<Value, ApiError> {
        let user = self
            .find_by_identity(identity)
            .ok_or_else(|| super::errors::recovery_identity_not_found(identity))?;
        Ok(
            json!({"confirmationURL": self.new_link(&user, LinkKind::EmailConfirmation, "confirm-email")}),
        )
    }

    /// Email a confirmation link to a freshly registered user.
    pub fn send_confirmation(&self, user: &Map<String, Value>) -> Result<(), ApiError> {
        let link = self.new_link(user, LinkKind::EmailConfirmation, "confirm-email");
        self.services.get::<Outbox>().push(Message {
            kind: "email-confirmation".into(),
            to: recipients(user, ""),
            subject: "Confirm your email address".into(),
            body: format!("Follow this link to confirm your email address: {link}"),
            link: Some(link),
            created: self.now,
            ..Message::default()
        });
        Ok(())
    }

    /// Follow a confirmation link: the account becomes ENABLED.
    pub fn confirm_email(&self, token: &str) -> Result<Map<String, Value>, ApiError> {
        let link = self
            .services
            .get::<UsersState>()
            .take_link(token, LinkKind::EmailConfirmation)
            .ok_or_else(|| {
                ApiError::new(
                    Code::RECOVERY_IDENTITY_NOT_FOUND,
                    "The confirmation link is unknown or was already used",
                )
            })?;
        let user = self.find(&link.user_id)?;
        if UserOps::status_of(&user) == status::EMAIL_CONFIRMATION_PENDING {
            self.set_column(&link.user_id, USER_STATUS, Value::from(status::ENABLED))?;
        }
        self.find(&link.user_id)
    }

    /// Follow a password-reset link with a new password.
    pub fn reset_password(&self, token: &str, body: &Value) -> Result<(), ApiError> {
        let new = match body.get("password") {
            Some(Value::String(p)) if !p.is_empty() => p.clone(),
            _ => return Err(super::errors::missing_password()),
        };
        let link = self
            .services
            .get::<UsersState>()
            .take_link(token, LinkKind::PasswordReset)
            .ok_or_else(|| {
                ApiError::new(
                    Code::IDENTITY_NOT_FOUND,
                    "The password reset link is unknown or was already used",
                )
            })?;
        self.services
            .get::<UsersState>()
            .set_password_hash(&link.user_id, crate::password::hash(&new, self.ids));
        Ok(())
    }

    fn new_link(&self, user: &Map<String, Value>, kind: LinkKind, path: &str) -> String {
        let token = self.ids.guid();
        let user_id = user
            .get("objectId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        self.services
            .get::<UsersState>()
            .add_link(&token, Link { kind, user_id });
        format!("{}/{path}/{token}", self.links_base)
    }
}

fn recipients(user: &Map<String, Value>, fallback: &str) -> Vec<String> {
    match user.get("email").and_then(Value::as_str) {
        Some(e) => vec![e.to_string()],
        None if !fallback.is_empty() => vec![fallback.to_string()],
        None => Vec::new(),
    }
}
