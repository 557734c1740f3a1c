//! Console email handlers (`email.js`): system email templates, custom email templates (the
//! store the client API's templated email uses) and mail settings.

use axum::extract::Path;
use axum::Json;
use serde_json::{json, Value};

use super::env;
use crate::apps::developers::ConsoleApp;
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;
use crate::services::messaging::email_settings::{
    custom_keys as parse_keys, custom_template_json, parse_custom_template,
};
use crate::services::messaging::errors::{bad_field, missing, no_smtp};
use crate::services::messaging::model::EmailTemplate;
use crate::services::messaging::MessagingState;

/// `loadEmailTemplates`: the system email events and their templates.
pub(super) async fn system_emails(c: ConsoleApp) -> Json<Value> {
    Json(c.services.get::<MessagingState>().system_emails())
}

/// `saveEmailTemplate`: `{eventId, subject, body, triggersEmail, fromName}`.
pub(super) async fn save_system_email(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    Ok(Json(
        c.services
            .get::<MessagingState>()
            .save_system_email(&body)?,
    ))
}

/// `sendTestEmail`: to the outbox.
pub(super) async fn send_test_system_email(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.send_test_system_email(&body, env(&c))?))
}

/// `resetSystemEmailTemplate`.
pub(super) async fn reset_system_email(
    c: ConsoleApp,
    Path((_, event)): Path<(String, String)>,
) -> JsonResult {
    Ok(Json(
        c.services
            .get::<MessagingState>()
            .reset_system_email(&event)?,
    ))
}

/// `loadCustomTemplates`.
pub(super) async fn custom_templates(c: ConsoleApp) -> Json<Value> {
    let state = c.services.get::<MessagingState>();
    Json(state.with_templates::<EmailTemplate, _>(|s| {
        Value::from(s.iter().map(custom_template_json).collect::<Vec<_>>())
    }))
}

/// `createCustomTemplate`: `{name, subject, body, attachments}`.
pub(super) async fn create_custom_template(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let template = parse_custom_template(&body)?;
    let name = template.name.clone();
    let state = c.services.get::<MessagingState>();
    state.with_templates::<EmailTemplate, _>(|s| {
        Ok(Json(custom_template_json(s.create(&name, template)?)))
    })
}

/// `updateCustomTemplate`: a different `name` in the body renames it.
pub(super) async fn update_custom_template(
    c: ConsoleApp,
    Path((_, name)): Path<(String, String)>,
    JsonBody(mut body): JsonBody,
) -> JsonResult {
    if body.is_object() && body.get("name").is_none_or(Value::is_null) {
        body["name"] = Value::from(name.clone());
    }
    let template = parse_custom_template(&body)?;
    let new = template.name.clone();
    let state = c.services.get::<MessagingState>();
    state.with_templates::<EmailTemplate, _>(|s| {
        Ok(Json(custom_template_json(s.update(&name, &new, template)?)))
    })
}

/// `deleteCustomTemplate`.
pub(super) async fn delete_custom_template(
    c: ConsoleApp,
    Path((_, name)): Path<(String, String)>,
) -> JsonResult {
    let state = c.services.get::<MessagingState>();
    state.with_templates::<EmailTemplate, _>(|s| {
        s.remove(&name)?;
        Ok(Json(Value::Bool(true)))
    })
}

/// `parseCustomTemplateKeys`: the placeholders of `subject` and `body`.
pub(super) async fn custom_keys(JsonBody(body): JsonBody) -> JsonResult {
    Ok(Json(parse_keys(&body)?))
}

/// `sendTestCustomEmail`: `{template-name, template-values, attachment, email}`, sent like the
/// client API's templated email (same template store, same outbox).
pub(super) async fn send_test_custom_email(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    if !body.is_object() {
        return Err(bad_field("the test email must be a JSON object"));
    }
    let email = match body.get("email") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::String(_)) | None | Some(Value::Null) => return Err(missing("email")),
        Some(_) => return Err(bad_field("email must be a string")),
    };
    let mut envelope = body.clone();
    envelope["addresses"] = json!([email]);
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.send_templated_email(
        &envelope,
        None,
        env(&c),
    )?))
}

/// `getEmailParams`.
pub(super) async fn mail_settings(c: ConsoleApp) -> Json<Value> {
    Json(c.services.get::<MessagingState>().mail_settings())
}

/// `updateEmailParams`.
pub(super) async fn save_mail_settings(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    Ok(Json(
        c.services
            .get::<MessagingState>()
            .save_mail_settings(&body)?,
    ))
}

/// `resetEmailParams`.
pub(super) async fn reset_mail_settings(c: ConsoleApp) -> Json<Value> {
    Json(c.services.get::<MessagingState>().reset_mail_settings())
}

/// `testSMTPConnection`: the emulator connects to no SMTP server (99270 says where mail goes).
pub(super) async fn test_smtp(c: ConsoleApp) -> ApiError {
    no_smtp(&c.app.id())
}
