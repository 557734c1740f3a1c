//! `POST /_emulator/apps/{id}/events`: put an event on an app's bus as if a service had
//! published it, for client developers and tests (the control plane's side of realtime.md §6.5).
//!
//! | `type` | body | bus call |
//! |---|---|---|
//! | `object` | `{table, event: created\|updated\|deleted\|upserted, object}` | `object_changed` |
//! | `bulk` | `{table, event: bulk-created\|bulk-upserted, objectIds}` or `{table, event: bulk-updated\|bulk-deleted, whereClause, count}` | `objects_bulk` |
//! | `relation` | `{table, event: add\|set\|delete, relationColumnName, parentObjectId, children, whereClause?}` | `relation_changed` |
//! | `message` | `{channel, message, headers?, publisherId?, subtopic?, ...}` (a publish body) | `message_published` |
//!
//! The answer is `{"queued": n}`: how many subscriptions the event was queued for, before their
//! where clauses, selectors and permissions.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::errors;
use super::events::{BulkEvent, ObjectEvent, RelationChange, RelationEvent};
use super::message::message_object;
use crate::apps::App;
use crate::apps::Shared;
use crate::ctx::JsonBody;
use crate::error::ApiError;

/// `POST /_emulator/apps/{id}/events`.
pub async fn inject_event(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let app = shared.app(&id)?;
    let queued = inject(&app, &body)?;
    Ok(Json(json!({ "queued": queued })))
}

/// Publish the event a control-plane body describes; bad bodies are 8002.
pub fn inject(app: &App, body: &Value) -> Result<usize, ApiError> {
    let events = &app.events;
    match text(body, "type")? {
        "object" => {
            let event = text(body, "event")?;
            let event = ObjectEvent::ALL
                .into_iter()
                .find(|e| e.as_str() == event)
                .ok_or_else(|| errors::bad_option("event", &format!("'{event}'")))?;
            let object = body
                .get("object")
                .filter(|o| o.is_object())
                .ok_or_else(|| errors::missing_option("object"))?;
            Ok(events.object_changed(text(body, "table")?, event, object))
        }
        "bulk" => Ok(events.objects_bulk(text(body, "table")?, bulk(body)?)),
        "relation" => {
            let event = text(body, "event")?;
            let event = RelationEvent::parse(event)
                .ok_or_else(|| errors::bad_option("event", &format!("'{event}'")))?;
            let change = RelationChange {
                parent_object_id: text(body, "parentObjectId")?.to_string(),
                children: ids(body, "children")?,
                where_clause: body
                    .get("whereClause")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            };
            Ok(events.relation_changed(
                text(body, "table")?,
                event,
                text(body, "relationColumnName")?,
                change,
            ))
        }
        "message" => {
            let channel = text(body, "channel")?;
            let message = message_object(body, &app.ids.guid(), app.clock.now_ms());
            Ok(events.message_published(channel, &message))
        }
        other => Err(errors::bad_option("type", &format!("'{other}'"))),
    }
}

fn bulk(body: &Value) -> Result<BulkEvent, ApiError> {
    let clause = || text(body, "whereClause").map(str::to_string);
    let count = || {
        body.get("count")
            .and_then(Value::as_u64)
            .ok_or_else(|| errors::missing_option("count"))
    };
    Ok(match text(body, "event")? {
        "bulk-created" => BulkEvent::Created {
            object_ids: ids(body, "objectIds")?,
        },
        "bulk-upserted" => BulkEvent::Upserted {
            object_ids: ids(body, "objectIds")?,
        },
        "bulk-updated" => BulkEvent::Updated {
            where_clause: clause()?,
            count: count()?,
        },
        "bulk-deleted" => BulkEvent::Deleted {
            where_clause: clause()?,
            count: count()?,
        },
        other => return Err(errors::bad_option("event", &format!("'{other}'"))),
    })
}

fn text<'a>(body: &'a Value, name: &str) -> Result<&'a str, ApiError> {
    match body.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        None | Some(Value::Null) => Err(errors::missing_option(name)),
        Some(other) => Err(errors::bad_option(name, &other.to_string())),
    }
}

fn ids(body: &Value, name: &str) -> Result<Vec<String>, ApiError> {
    let items = body
        .get(name)
        .and_then(Value::as_array)
        .ok_or_else(|| errors::missing_option(name))?;
    items
        .iter()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| errors::bad_option(name, &v.to_string()))
        })
        .collect()
}
