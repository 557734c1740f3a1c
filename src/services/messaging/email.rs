//! Email (messaging.md §3 E1, E2): basic and templated emails, recorded in the app's outbox
//! (`kind: "email"`) instead of being sent; email templates set through the control plane.

use serde_json::{json, Map, Value};

use super::errors::{bad_field, missing};
use super::model::{
    fill_placeholders, EmailTemplate, MessageKind, PublishPolicy, Published, Status,
};
use super::parse::{non_null, opt_string, required_string, string_list};
use super::state::{Env, Inner, MessagingState};
use crate::error::ApiError;
use crate::services::messaging::outbox::Message;

/// One email ready for the outbox.
struct Email {
    to: Vec<String>,
    subject: String,
    text: Option<String>,
    html: Option<String>,
    data: Map<String, Value>,
}

impl Inner {
    /// Record the email and a message record for status look-ups; returns the MessageStatus.
    fn send_email(&mut self, email: Email, env: Env<'_>) -> Value {
        let id = format!("message:{}", env.ids.guid());
        let mut data = email.data;
        data.insert("messageId".into(), Value::from(id.clone()));
        data.insert("textmessage".into(), json!(email.text));
        data.insert("htmlmessage".into(), json!(email.html));
        env.outbox().push(Message {
            kind: "email".into(),
            to: email.to.clone(),
            subject: email.subject.clone(),
            body: email.text.or(email.html).unwrap_or_default(),
            link: None,
            created: env.now,
            data: Value::Object(data),
            ..Message::default()
        });
        self.remember(Published {
            id: id.clone(),
            kind: MessageKind::Email,
            channel: String::new(),
            message: json!({"subject": email.subject, "to": email.to}),
            publisher_id: None,
            headers: Map::new(),
            subtopic: None,
            policy: PublishPolicy::Pubsub,
            push: Default::default(),
            publish_at: env.now,
            repeat_every_ms: 0,
            repeat_expires_at: None,
            created: env.now,
            status: Status::Published,
            next_delivery: None,
            deliveries: 1,
            missed: 0,
        });
        // Open question 4: the docs show no body; the Swift SDK decodes a MessageStatus. Like an
        // immediate publish it reports `scheduled`, and a status look-up then says `published`.
        json!({"messageId": id, "status": "scheduled", "errorMessage": null})
    }
}

fn object(body: &Value, what: &str) -> Result<(), ApiError> {
    if body.is_object() {
        Ok(())
    } else {
        Err(bad_field(&format!("the {what} body must be a JSON object")))
    }
}

impl MessagingState {
    /// E1 `POST /messaging/email`.
    pub fn send_basic_email(&self, body: &Value, env: Env<'_>) -> Result<Value, ApiError> {
        object(body, "email")?;
        let subject = required_string(body, "subject")?;
        let parts = non_null(body.get("bodyparts")).ok_or_else(|| missing("bodyparts"))?;
        if !parts.is_object() {
            return Err(bad_field("bodyparts must be an object"));
        }
        let text = opt_string(parts.get("textmessage"), "textmessage")?.filter(|s| !s.is_empty());
        let html = opt_string(parts.get("htmlmessage"), "htmlmessage")?.filter(|s| !s.is_empty());
        if text.is_none() && html.is_none() {
            return Err(missing("bodyparts.textmessage"));
        }
        let to = string_list(body.get("to"), "to")?;
        if to.is_empty() {
            return Err(missing("to"));
        }
        let mut data = Map::new();
        data.insert(
            "attachment".into(),
            Value::from(string_list(body.get("attachment"), "attachment")?),
        );
        Ok(self.with(env, |inner| {
            inner.send_email(
                Email {
                    to,
                    subject,
                    text,
                    html,
                    data,
                },
                env,
            )
        }))
    }

    /// E2 `POST /emailtemplate/send`: a stored template with `template-values` filled in.
    /// `criteria` recipients (the emails of the Users it selects) replace `addresses`.
    pub fn send_templated_email(
        &self,
        body: &Value,
        criteria: Option<Vec<String>>,
        env: Env<'_>,
    ) -> Result<Value, ApiError> {
        object(body, "email")?;
        let name = required_string(body, "template-name")?;
        let values = match non_null(body.get("template-values")) {
            None => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => return Err(bad_field("template-values must be an object")),
        };
        let addresses = string_list(body.get("addresses"), "addresses")?;
        let mut to = criteria.unwrap_or(addresses);
        let cc = string_list(body.get("cc-addresses"), "cc-addresses")?;
        let bcc = string_list(body.get("bcc-addresses"), "bcc-addresses")?;
        let mut attachment = string_list(body.get("attachment"), "attachment")?;
        if body
            .get("uniqueEmails")
            .and_then(Value::as_bool)
            .unwrap_or(false)
        {
            let mut seen = std::collections::HashSet::new();
            to.retain(|a| seen.insert(a.to_ascii_lowercase()));
        }
        self.with(env, |inner| {
            // The template is checked before the recipients: the JS e2e suite sends an unknown
            // template with a plain envelope and expects 24002.
            let template = inner.email_templates.find(&name)?.clone();
            if to.is_empty() && cc.is_empty() && bcc.is_empty() {
                return Err(missing("addresses"));
            }
            attachment.extend(template.attachments.iter().cloned());
            let fill = |s: &Option<String>| s.as_deref().map(|t| fill_placeholders(t, &values));
            let mut data = Map::new();
            data.insert("template".into(), Value::from(name.clone()));
            data.insert("templateValues".into(), Value::Object(values.clone()));
            data.insert("cc".into(), Value::from(cc));
            data.insert("bcc".into(), Value::from(bcc));
            data.insert("attachment".into(), Value::from(attachment));
            let email = Email {
                to,
                subject: fill_placeholders(&template.subject, &values),
                text: fill(&template.textmessage),
                html: fill(&template.htmlmessage),
                data,
            };
            Ok(inner.send_email(email, env))
        })
    }

    /// Control plane: every email template.
    pub fn email_templates(&self) -> Value {
        let inner = self.inner.lock();
        Value::from(
            inner
                .email_templates
                .iter()
                .map(|t| serde_json::to_value(t).unwrap_or(Value::Null))
                .collect::<Vec<_>>(),
        )
    }

    /// Control plane: create or replace an email template (`{subject, textmessage?, htmlmessage?}`).
    pub fn put_email_template(&self, name: &str, body: &Value) -> Result<Value, ApiError> {
        let template: EmailTemplate = serde_json::from_value(body.clone())
            .map_err(|e| bad_field(&format!("email template: {e}")))?;
        let mut inner = self.inner.lock();
        let stored = inner.email_templates.put(name, template);
        Ok(serde_json::to_value(stored).unwrap_or(Value::Null))
    }

    /// Control plane: remove an email template.
    pub fn delete_email_template(&self, name: &str) -> Result<Value, ApiError> {
        self.inner
            .lock()
            .email_templates
            .remove(name)
            .map(|_| json!({"deleted": name}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::messaging::fixture::Fixture;

    #[test]
    fn basic_email_lands_in_the_outbox_and_has_a_status() {
        let f = Fixture::new();
        let (state, outbox) = (&f.state, &*f.outbox());
        let env = f.env(5);
        let reply = state
            .send_basic_email(
                &json!({"subject": "S", "bodyparts": {"textmessage": "T"}, "to": ["a@x.io"]}),
                env,
            )
            .expect("sent");
        let id = reply["messageId"].as_str().expect("id");
        assert_eq!(state.status(id, env)["status"], json!("published"));
        let sent = outbox.list();
        assert_eq!(
            (
                sent[0].kind.as_str(),
                sent[0].subject.as_str(),
                sent[0].body.as_str()
            ),
            ("email", "S", "T")
        );
        let code = |b: Value| state.send_basic_email(&b, env).expect_err("rejected").code;
        assert_eq!(
            code(json!({"bodyparts": {"textmessage": "T"}, "to": ["a"]})),
            8010
        );
        assert_eq!(
            code(json!({"subject": "S", "bodyparts": {}, "to": ["a"]})),
            8010
        );
        assert_eq!(
            code(json!({"subject": "S", "bodyparts": {"textmessage": "T"}, "to": []})),
            8010
        );
        assert_eq!(
            code(json!({"subject": "S", "bodyparts": "x", "to": ["a"]})),
            8002
        );
    }

    #[test]
    fn templated_email_fills_values_and_knows_its_templates() {
        let f = Fixture::new();
        let (state, outbox) = (&f.state, &*f.outbox());
        let env = f.env(5);
        let unknown = state
            .send_templated_email(
                &json!({"template-name": "nope", "addresses": ["a@x.io"]}),
                None,
                env,
            )
            .expect_err("unknown");
        assert_eq!(
            (unknown.code, unknown.message.as_str()),
            (24002, "Email Template with name 'nope' doesn't exist.")
        );
        state
            .put_email_template(
                "welcome",
                &json!({"subject": "Hi {name}", "textmessage": "Welcome {name}"}),
            )
            .expect("stored");
        state
            .send_templated_email(
                &json!({"template-name": "welcome", "addresses": ["a@x.io", "A@x.io"], "uniqueEmails": true,
                    "template-values": {"name": "Ann"}}),
                None,
                env,
            )
            .expect("sent");
        let sent = outbox.list();
        assert_eq!(
            (sent[0].subject.as_str(), sent[0].body.as_str()),
            ("Hi Ann", "Welcome Ann")
        );
        assert_eq!(sent[0].to, vec!["a@x.io".to_string()]);
        let no_one = state.send_templated_email(&json!({"template-name": "welcome"}), None, env);
        assert_eq!(no_one.expect_err("no recipients").code, 8010);
        let selected = vec!["b@x.io".to_string()];
        state
            .send_templated_email(
                &json!({"template-name": "welcome", "criteria": "name = 'b'", "addresses": ["a@x.io"]}),
                Some(selected.clone()),
                env,
            )
            .expect("sent to the selected users");
        assert_eq!(
            outbox.list()[1].to,
            selected,
            "criteria recipients replace addresses"
        );
        let nobody = state.send_templated_email(
            &json!({"template-name": "welcome", "criteria": "1 = 2"}),
            Some(Vec::new()),
            env,
        );
        assert_eq!(nobody.expect_err("criteria selects no one").code, 8010);
        assert_eq!(state.email_templates()[0]["name"], json!("welcome"));
        assert!(state.delete_email_template("welcome").is_ok());
        assert_eq!(
            state
                .delete_email_template("welcome")
                .expect_err("gone")
                .code,
            24002
        );
    }
}
