//! Console push handlers (`messaging.js`): publish, `sendPush`, the recipients count, and the
//! push, button and channel templates, all in the app's one [`TemplateStore`] per kind.
//!
//! [`TemplateStore`]: crate::services::messaging::templates::TemplateStore

use axum::extract::Path;
use axum::Json;
use serde_json::{Map, Value};

use super::env;
use crate::apps::developers::ConsoleApp;
use crate::error::{ApiError, JsonResult};
use crate::extract::{JsonBody, QueryParams};
use crate::services::messaging::errors::bad_field;
use crate::services::messaging::model::{
    ButtonTemplate, ChannelTemplate, OptionsTemplate, PushTemplate,
};
use crate::services::messaging::parse::{opt_string, string_list, Publish};
use crate::services::messaging::state::Stored;
use crate::services::messaging::MessagingState;
use crate::services::realtime::filter::Where;

/// `publishMessage`: as the client API's publish.
pub(super) async fn publish(
    c: ConsoleApp,
    Path((_, channel)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let publish = Publish::parse(&body)?;
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.publish(&channel, publish, env(&c))))
}

/// A console push or push template body: `{name?, message, platforms, channelName,
/// segmentQuery, options}` (control-plane `headers` accepted too).
fn parse_push(body: &Value, name: Option<&str>) -> Result<PushTemplate, ApiError> {
    if !body.is_object() {
        return Err(bad_field("the push must be a JSON object"));
    }
    let segment_query =
        opt_string(body.get("segmentQuery"), "segmentQuery")?.filter(|q| !q.trim().is_empty());
    Where::parse(segment_query.as_deref())?;
    let options = match body.get("options") {
        None | Some(Value::Null) => None,
        Some(o @ Value::Object(_)) => Some(o.clone()),
        Some(_) => return Err(bad_field("options must be an object")),
    };
    let headers = match body.get("headers") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(h)) => h.clone(),
        Some(_) => return Err(bad_field("headers must be an object")),
    };
    Ok(PushTemplate {
        name: name.unwrap_or_default().to_string(),
        channel: opt_string(body.get("channelName"), "channelName")?,
        device_types: string_list(body.get("platforms"), "platforms")?
            .into_iter()
            .map(|p| p.to_ascii_uppercase())
            .collect(),
        headers,
        push_singlecast: string_list(body.get("pushSinglecast"), "pushSinglecast")?,
        id: None,
        message: opt_string(body.get("message"), "message")?,
        segment_query,
        options,
    })
}

/// The template name of a body (`name`), required.
fn body_name(body: &Value) -> Result<String, ApiError> {
    body["name"]
        .as_str()
        .map(str::trim)
        .filter(|n| !n.is_empty() && !n.contains('/'))
        .map(str::to_string)
        .ok_or_else(|| ApiError::missing_field("name"))
}

/// `sendPush`: sent at once to the devices it selects; the outbox records it.
pub(super) async fn send_push(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let push = parse_push(&body, None)?;
    if push.message.is_none() && push.headers.is_empty() {
        return Err(ApiError::missing_field("message"));
    }
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.send_console_push(&push, env(&c))))
}

/// `getPushRecipientsCount`: `?where=` over the device registrations.
pub(super) async fn recipient_count(c: ConsoleApp, query: QueryParams) -> JsonResult {
    let state = c.services.get::<MessagingState>();
    Ok(Json(
        state.push_recipient_count(query.get("where"), env(&c))?,
    ))
}

/// `getPushTemplates`.
pub(super) async fn templates(c: ConsoleApp) -> Json<Value> {
    let state = c.services.get::<MessagingState>();
    Json(state.with_templates::<PushTemplate, _>(|s| {
        Value::from(
            s.iter()
                .map(PushTemplate::to_console_json)
                .collect::<Vec<_>>(),
        )
    }))
}

/// `getPushTemplate`.
pub(super) async fn template(c: ConsoleApp, Path((_, name)): Path<(String, String)>) -> JsonResult {
    let state = c.services.get::<MessagingState>();
    state.with_templates::<PushTemplate, _>(|s| Ok(Json(s.find(&name)?.to_console_json())))
}

/// `createPushTemplate`: the body names the template.
pub(super) async fn create_template(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let name = body_name(&body)?;
    let mut template = parse_push(&body, Some(&name))?;
    template.id = Some(c.app.ids.guid());
    let state = c.services.get::<MessagingState>();
    state.with_templates::<PushTemplate, _>(|s| {
        Ok(Json(s.create(&name, template)?.to_console_json()))
    })
}

/// `updatePushTemplate`: a `name` in the body renames it.
pub(super) async fn update_template(
    c: ConsoleApp,
    Path((_, name)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let new = body_name(&body).unwrap_or_else(|_| name.clone());
    let mut template = parse_push(&body, Some(&new))?;
    let state = c.services.get::<MessagingState>();
    state.with_templates::<PushTemplate, _>(|s| {
        template.id = s.find(&name)?.id.clone();
        Ok(Json(s.update(&name, &new, template)?.to_console_json()))
    })
}

/// `deletePushTemplates`: `?names=a,b`; every name must exist, and none is deleted otherwise.
pub(super) async fn delete_templates(c: ConsoleApp, query: QueryParams) -> JsonResult {
    let names: Vec<String> = query
        .all("names")
        .iter()
        .flat_map(|n| n.split(','))
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    if names.is_empty() {
        return Err(ApiError::missing_field("names"));
    }
    let state = c.services.get::<MessagingState>();
    state.with_templates::<PushTemplate, _>(|s| {
        for name in &names {
            s.find(name)?;
        }
        for name in &names {
            s.remove(name)?;
        }
        Ok(Json(Value::Bool(true)))
    })
}

/// A button or channel template body; the platform comes from the body or `?platform=`.
fn parse_options(body: &Value, platform: Option<&str>) -> Result<OptionsTemplate, ApiError> {
    let name = body_name(body)?;
    let mut settings = body.as_object().cloned().unwrap_or_default();
    settings.remove("name");
    let platform = match settings.remove("platform") {
        Some(Value::String(p)) => Some(p),
        None | Some(Value::Null) => platform.map(str::to_string),
        Some(_) => return Err(bad_field("platform must be a string")),
    };
    Ok(OptionsTemplate {
        name,
        platform: platform.map(|p| p.to_ascii_uppercase()),
        settings,
    })
}

/// The templates of kind `K` for `?platform=` (all without one), as stored.
fn list_options<K: Stored>(
    c: &ConsoleApp,
    query: &QueryParams,
    inner: fn(&K) -> &OptionsTemplate,
) -> Json<Value> {
    let platform = query.get("platform");
    let state = c.services.get::<MessagingState>();
    Json(state.with_templates::<K, _>(|s| {
        Value::from(
            s.iter()
                .map(inner)
                .filter(|t| {
                    platform.is_none_or(|p| {
                        t.platform
                            .as_deref()
                            .is_none_or(|tp| tp.eq_ignore_ascii_case(p))
                    })
                })
                .map(|t| serde_json::to_value(t).unwrap_or(Value::Null))
                .collect::<Vec<_>>(),
        )
    }))
}

macro_rules! options_handlers {
    ($kind:ident, $list:ident, $create:ident, $update:ident, $delete:ident, $what:literal) => {
        #[doc = concat!("`get", $what, "s`: `?platform=`.")]
        pub(super) async fn $list(c: ConsoleApp, query: QueryParams) -> Json<Value> {
            list_options::<$kind>(&c, &query, |t| &t.0)
        }

        #[doc = concat!("`create", $what, "`.")]
        pub(super) async fn $create(
            c: ConsoleApp,
            query: QueryParams,
            JsonBody(body): JsonBody,
        ) -> JsonResult {
            let template = $kind(parse_options(&body, query.get("platform"))?);
            let name = template.0.name.clone();
            let state = c.services.get::<MessagingState>();
            state.with_templates::<$kind, _>(|s| {
                let stored = s.create(&name, template)?;
                Ok(Json(serde_json::to_value(stored).unwrap_or(Value::Null)))
            })
        }

        #[doc = concat!("`update", $what, "`: a `name` in the body renames it.")]
        pub(super) async fn $update(
            c: ConsoleApp,
            Path((_, name)): Path<(String, String)>,
            query: QueryParams,
            JsonBody(mut body): JsonBody,
        ) -> JsonResult {
            if body.is_object() && body.get("name").is_none_or(Value::is_null) {
                body["name"] = Value::from(name.clone());
            }
            let template = $kind(parse_options(&body, query.get("platform"))?);
            let new = template.0.name.clone();
            let state = c.services.get::<MessagingState>();
            state.with_templates::<$kind, _>(|s| {
                let stored = s.update(&name, &new, template)?;
                Ok(Json(serde_json::to_value(stored).unwrap_or(Value::Null)))
            })
        }

        #[doc = concat!("`delete", $what, "`.")]
        pub(super) async fn $delete(
            c: ConsoleApp,
            Path((_, name)): Path<(String, String)>,
        ) -> JsonResult {
            let state = c.services.get::<MessagingState>();
            state.with_templates::<$kind, _>(|s| {
                s.remove(&name)?;
                Ok(Json(Value::Bool(true)))
            })
        }
    };
}

options_handlers!(
    ButtonTemplate,
    button_templates,
    create_button_template,
    update_button_template,
    delete_button_template,
    "PushButtonTemplate"
);
options_handlers!(
    ChannelTemplate,
    channel_templates,
    create_channel_template,
    update_channel_template,
    delete_channel_template,
    "PushChannelTemplate"
);
