//! The console's Email pages over the app's messaging state: system email templates (one per
//! event that sends mail, with the emulator's default text until the developer changes it),
//! console custom templates (the [`TemplateStore`](super::templates::TemplateStore) of email
//! templates the client API's `POST /emailtemplate/send` uses) and mail settings. Test sends go
//! to the app's outbox like every email; no SMTP server is ever contacted.

use serde_json::{json, Map, Value};

use super::errors::{bad_field, missing, unknown_email_event};
use super::model::{placeholder_keys, EmailTemplate, SystemEmail};
use super::parse::{opt_string, required_string, string_list};
use super::state::{Env, MessagingState};
use crate::error::ApiError;
use crate::services::messaging::outbox::Message;

/// The system emails: event id, name, the outbox `kind` of the emulator's own sender of that
/// email, default subject and default body. The ids are the emulator's (Backendless's console
/// sample shows 6 for Registration Confirmation).
pub const SYSTEM_EMAILS: [(u32, &str, &str, &str, &str); 4] = [
    (
        1,
        "Password Recovery",
        "password-recovery",
        "Password recovery for {app_name}",
        "<p>Follow this link to set a new password: {password_recovery_link}</p>",
    ),
    (
        2,
        "Password Changed",
        "password-changed",
        "Your {app_name} password was changed",
        "<p>The password of {user_email} was changed.</p>",
    ),
    (
        3,
        "User Registration",
        "user-registration",
        "Welcome to {app_name}",
        "<p>Thank you for registering, {user_email}.</p>",
    ),
    (
        6,
        "Registration Confirmation",
        "email-confirmation",
        "Confirm your email for {app_name}",
        "<p>Confirm your email address: {confirmation_link}</p>",
    ),
];

/// Mail settings before the developer saves any (no SMTP server: nothing is sent anyway).
fn default_mail_settings() -> Map<String, Value> {
    json!({
        "serverURL": "", "port": 587, "security": "TLS", "userid": "", "password": "",
        "fromName": "", "fromAddress": "", "customSmtp": false,
    })
    .as_object()
    .cloned()
    .unwrap_or_default()
}

/// The console body of a custom template: `{name, subject, body, attachments}`.
pub fn custom_template_json(t: &EmailTemplate) -> Value {
    json!({
        "name": t.name, "subject": t.subject,
        "body": t.htmlmessage.clone().or_else(|| t.textmessage.clone()).unwrap_or_default(),
        "attachments": t.attachments,
    })
}

/// A console custom template body (`name`, `subject`, `body` as HTML, `attachments`).
pub fn parse_custom_template(body: &Value) -> Result<EmailTemplate, ApiError> {
    if !body.is_object() {
        return Err(bad_field("the email template must be a JSON object"));
    }
    Ok(EmailTemplate {
        name: required_string(body, "name")?,
        subject: opt_string(body.get("subject"), "subject")?.unwrap_or_default(),
        textmessage: opt_string(body.get("textmessage"), "textmessage")?,
        htmlmessage: opt_string(body.get("body"), "body")?
            .or(opt_string(body.get("htmlmessage"), "htmlmessage")?),
        attachments: string_list(body.get("attachments"), "attachments")?,
    })
}

/// `customkeys`: the placeholders of a template's subject and body.
pub fn custom_keys(body: &Value) -> Result<Value, ApiError> {
    let template = parse_custom_template(&with_name(body))?;
    let texts = [
        Some(template.subject.as_str()),
        template.htmlmessage.as_deref(),
        template.textmessage.as_deref(),
    ];
    Ok(Value::from(placeholder_keys(texts.into_iter().flatten())))
}

/// Parsing keys needs no name; give one if the body has none.
fn with_name(body: &Value) -> Value {
    let mut body = body.clone();
    if body.is_object() && body.get("name").is_none_or(Value::is_null) {
        body["name"] = Value::from("template");
    }
    body
}

fn event_json(
    id: u32,
    name: &str,
    kind: &str,
    stored: Option<&SystemEmail>,
    subject: &str,
    text: &str,
) -> Value {
    json!({
        "eventId": id, "name": name, "kind": kind,
        "triggersEmail": stored.is_none_or(|s| s.triggers_email),
        "subject": stored.map_or(subject, |s| s.subject.as_str()),
        "body": stored.map_or(text, |s| s.body.as_str()),
        "fromName": stored.and_then(|s| s.from_name.clone()),
        "customized": stored.is_some(),
    })
}

/// The recipients of a test email: `email`, `to`, `address` or `addresses` (string or list).
fn test_recipients(body: &Value) -> Result<Vec<String>, ApiError> {
    for field in ["email", "to", "address", "addresses", "emailAddress"] {
        let list = match body.get(field) {
            Some(Value::String(s)) if !s.trim().is_empty() => vec![s.clone()],
            other => string_list(other, field)?,
        };
        if !list.is_empty() {
            return Ok(list);
        }
    }
    Err(missing("email"))
}

fn event_id(value: &Value) -> Option<u32> {
    match value {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn find_event(
    id: u32,
) -> Result<(u32, &'static str, &'static str, &'static str, &'static str), ApiError> {
    SYSTEM_EMAILS
        .iter()
        .find(|e| e.0 == id)
        .copied()
        .ok_or_else(|| unknown_email_event(&id.to_string()))
}

impl MessagingState {
    /// `loadEmailTemplates`: every system email event with its current template.
    pub fn system_emails(&self) -> Value {
        let inner = self.inner.lock();
        Value::from(
            SYSTEM_EMAILS
                .iter()
                .map(|(id, name, kind, subject, text)| {
                    event_json(*id, name, kind, inner.system_emails.get(id), subject, text)
                })
                .collect::<Vec<_>>(),
        )
    }

    /// The subject and body the app sends for a system email `kind` (`password-recovery`, ...),
    /// with the developer's changes; `None` if the developer turned the email off.
    pub fn system_email(&self, kind: &str) -> Option<(String, String)> {
        let (id, _, _, subject, text) = *SYSTEM_EMAILS.iter().find(|e| e.2 == kind)?;
        match self.inner.lock().system_emails.get(&id) {
            Some(s) if !s.triggers_email => None,
            Some(s) => Some((s.subject.clone(), s.body.clone())),
            None => Some((subject.to_string(), text.to_string())),
        }
    }

    /// `saveEmailTemplate`: `{eventId, subject?, body?, triggersEmail?, fromName?}`.
    pub fn save_system_email(&self, body: &Value) -> Result<Value, ApiError> {
        let raw = body.get("eventId").ok_or_else(|| missing("eventId"))?;
        let id = event_id(raw).ok_or_else(|| bad_field("eventId must be a number"))?;
        let (id, name, kind, subject, text) = find_event(id)?;
        let mut inner = self.inner.lock();
        let current = inner
            .system_emails
            .get(&id)
            .cloned()
            .unwrap_or(SystemEmail {
                event_id: id,
                subject: subject.into(),
                body: text.into(),
                triggers_email: true,
                from_name: None,
            });
        let triggers = match body.get("triggersEmail") {
            None | Some(Value::Null) => current.triggers_email,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(bad_field("triggersEmail must be a boolean")),
        };
        let saved = SystemEmail {
            event_id: id,
            subject: opt_string(body.get("subject"), "subject")?.unwrap_or(current.subject),
            body: opt_string(body.get("body"), "body")?.unwrap_or(current.body),
            triggers_email: triggers,
            from_name: opt_string(body.get("fromName"), "fromName")?.or(current.from_name),
        };
        inner.system_emails.insert(id, saved);
        Ok(event_json(
            id,
            name,
            kind,
            inner.system_emails.get(&id),
            subject,
            text,
        ))
    }

    /// `resetSystemEmailTemplate`: back to the emulator's default text.
    pub fn reset_system_email(&self, event: &str) -> Result<Value, ApiError> {
        let id = event.parse().map_err(|_| unknown_email_event(event))?;
        let (id, name, kind, subject, text) = find_event(id)?;
        self.inner.lock().system_emails.remove(&id);
        Ok(event_json(id, name, kind, None, subject, text))
    }

    /// `sendTestEmail`: the event's template (or the subject and body given) to the address
    /// given, recorded in the outbox.
    pub fn send_test_system_email(&self, body: &Value, env: Env<'_>) -> Result<Value, ApiError> {
        if !body.is_object() {
            return Err(bad_field("the test email must be a JSON object"));
        }
        let to = test_recipients(body)?;
        let stored = match body.get("eventId").filter(|v| !v.is_null()) {
            Some(raw) => {
                let id = event_id(raw).ok_or_else(|| bad_field("eventId must be a number"))?;
                let (_, _, kind, _, _) = find_event(id)?;
                self.system_email(kind)
            }
            None => None,
        };
        let subject = opt_string(body.get("subject"), "subject")?
            .or_else(|| stored.as_ref().map(|s| s.0.clone()))
            .ok_or_else(|| missing("subject"))?;
        let text = opt_string(body.get("body"), "body")?
            .or_else(|| stored.map(|s| s.1))
            .unwrap_or_default();
        let id = env.outbox().push(Message {
            kind: "email".into(),
            to,
            subject,
            body: text,
            created: env.now,
            data: json!({"test": true, "eventId": body.get("eventId")}),
            ..Message::default()
        });
        Ok(json!({"sent": true, "outboxId": id}))
    }

    /// `getEmailParams`: the mail settings (defaults until saved).
    pub fn mail_settings(&self) -> Value {
        let inner = self.inner.lock();
        let mut settings = default_mail_settings();
        if let Some(saved) = &inner.mail_settings {
            settings.extend(saved.clone());
        }
        Value::Object(settings)
    }

    /// `updateEmailParams`: keep the settings given (scalar values only).
    pub fn save_mail_settings(&self, body: &Value) -> Result<Value, ApiError> {
        let given = body
            .as_object()
            .ok_or_else(|| bad_field("mail settings must be a JSON object"))?;
        if let Some((key, _)) = given.iter().find(|(_, v)| v.is_object() || v.is_array()) {
            return Err(bad_field(&format!(
                "mail setting '{key}' must be a single value"
            )));
        }
        {
            let mut inner = self.inner.lock();
            let mut saved = inner.mail_settings.clone().unwrap_or_default();
            saved.extend(given.clone());
            inner.mail_settings = Some(saved);
        }
        Ok(self.mail_settings())
    }

    /// `resetEmailParams`: back to the defaults.
    pub fn reset_mail_settings(&self) -> Value {
        self.inner.lock().mail_settings = None;
        self.mail_settings()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::messaging::fixture::Fixture;

    #[test]
    fn system_emails_change_test_send_and_reset() {
        let f = Fixture::new();
        let state = &f.state;
        assert_eq!(
            state.system_emails().as_array().map(Vec::len),
            Some(SYSTEM_EMAILS.len())
        );
        let saved = state
            .save_system_email(&json!({"eventId": 1, "subject": "Reset {app_name}"}))
            .expect("saved");
        assert_eq!(
            (saved["subject"].clone(), saved["customized"].clone()),
            (json!("Reset {app_name}"), json!(true))
        );
        assert_eq!(
            state.system_email("password-recovery").map(|s| s.0),
            Some("Reset {app_name}".into())
        );
        assert_eq!(
            state
                .save_system_email(&json!({"eventId": 99}))
                .expect_err("unknown")
                .code,
            99278
        );
        assert_eq!(
            state.save_system_email(&json!({})).expect_err("no id").code,
            8010
        );
        state
            .send_test_system_email(&json!({"eventId": 1, "email": "dev@x.io"}), f.env(1))
            .expect("sent");
        let sent = f.outbox().list();
        assert_eq!(
            (sent[0].to.clone(), sent[0].subject.as_str()),
            (vec!["dev@x.io".to_string()], "Reset {app_name}")
        );
        assert_eq!(
            state
                .send_test_system_email(&json!({"eventId": 1}), f.env(1))
                .expect_err("no address")
                .code,
            8010
        );
        state.reset_system_email("1").expect("reset");
        assert_eq!(
            state.system_email("password-recovery").map(|s| s.0),
            Some("Password recovery for {app_name}".into())
        );
        state
            .save_system_email(&json!({"eventId": "6", "triggersEmail": false}))
            .expect("off");
        assert_eq!(state.system_email("email-confirmation"), None);
    }

    #[test]
    fn mail_settings_save_and_reset() {
        let f = Fixture::new();
        let saved = f
            .state
            .save_mail_settings(&json!({"serverURL": "smtp.x.io", "port": 25}))
            .expect("saved");
        assert_eq!(
            (
                saved["serverURL"].clone(),
                saved["port"].clone(),
                saved["security"].clone()
            ),
            (json!("smtp.x.io"), json!(25), json!("TLS"))
        );
        assert_eq!(
            f.state
                .save_mail_settings(&json!({"port": [1]}))
                .expect_err("bad")
                .code,
            8002
        );
        assert_eq!(f.state.reset_mail_settings()["serverURL"], json!(""));
    }

    #[test]
    fn custom_keys_come_from_subject_and_body() {
        let keys =
            custom_keys(&json!({"subject": "Hi {{name}}", "body": "<p>{{name}} {{date}}</p>"}));
        assert_eq!(keys.expect("keys"), json!(["name", "date"]));
        assert_eq!(custom_keys(&json!("x")).expect_err("bad").code, 8002);
    }
}
