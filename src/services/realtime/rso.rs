//! Remote shared object methods (`MET_REQ`), as backendless-rt-client's `methods.js` sends them
//! and the JS SDK's `SharedObject` (`src/rso/connection.js`) calls them:
//!
//! | Method | Options | Result | Subscribers told |
//! |---|---|---|---|
//! | `RSO_GET` | `{name, key?}` | the key's value (`null` when unset); without `key`, every key | — |
//! | `RSO_SET` | `{name, key, data}` | `null` | `RSO_CHANGES`: `{key, data, connectionId, userId}` |
//! | `RSO_CLEAR` | `{name}` | `null` | `RSO_CLEARED`: `{connectionId, userId}` |
//! | `RSO_COMMAND` | `{name, type, data}` | `null` | `RSO_COMMANDS`: `{type, connectionId, userId, data}` |
//! | `RSO_INVOKE` | `{name, method, args, targets?}` | `null` | `RSO_INVOKE` of the targets: `{method, args, connectionId, userId}` |
//!
//! Event shapes follow the Swift SDK's parsers (`ProcessResponse.adaptToSharedObjectChanges`,
//! `adaptToUserInfo`, `adaptToCommandObject`, `adaptToInvokeObject`). `targets` lists connection
//! ids and user ids; a `null` entry stands for every connection without a user (Swift SDK
//! `RTSharedObject.invoke`); without `targets` every client of the object is invoked, the caller
//! included, as a command reaches its sender too.

use serde_json::{json, Value};

use super::errors;
use super::events::{Event, Targets};
use super::subscription::Scope;
use crate::apps::App;
use crate::error::ApiError;

/// Who sent a method: its connection and user.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sender<'a> {
    /// The engine.io session id.
    pub connection_id: &'a str,
    /// The logged-in user, if any.
    pub user_id: Option<&'a str>,
}

impl Sender<'_> {
    fn info(&self) -> Value {
        json!({"connectionId": self.connection_id, "userId": self.user_id})
    }
}

/// Whether `name` is a shared object method.
pub(crate) fn is_method(name: &str) -> bool {
    matches!(
        name,
        "RSO_GET" | "RSO_SET" | "RSO_CLEAR" | "RSO_COMMAND" | "RSO_INVOKE"
    )
}

/// Run one shared object method for `sender`; see the module table.
pub(crate) fn call(
    app: &App,
    sender: Sender<'_>,
    method: &str,
    options: &Value,
) -> Result<Value, ApiError> {
    let name = required_text(options, "name")?;
    let services = app.services();
    let objects = &services.shared_objects;
    match method {
        "RSO_GET" => match options.get("key") {
            None | Some(Value::Null) => Ok(Value::Object(objects.all(name))),
            Some(Value::String(key)) => Ok(objects.get(name, key)),
            Some(other) => Err(errors::bad_option("key", &other.to_string())),
        },
        "RSO_SET" => {
            let key = required_text(options, "key")?;
            let data = options.get("data").cloned().unwrap_or(Value::Null);
            objects.set(name, key, data.clone())?;
            let mut change = sender.info();
            change["key"] = json!(key);
            change["data"] = data;
            app.events.shared_object(Event::SharedChanged {
                name: name.to_string(),
                change,
            });
            Ok(Value::Null)
        }
        "RSO_CLEAR" => {
            objects.clear(name);
            app.events.shared_object(Event::SharedCleared {
                name: name.to_string(),
                by: sender.info(),
            });
            Ok(Value::Null)
        }
        "RSO_COMMAND" => {
            let command = json!({
                "type": options.get("type").cloned().unwrap_or(Value::Null),
                "connectionId": sender.connection_id,
                "userId": sender.user_id,
                "data": options.get("data").cloned().unwrap_or(Value::Null),
            });
            app.events
                .command(&Scope::SharedObject(name.to_string()), command);
            Ok(Value::Null)
        }
        "RSO_INVOKE" => {
            let invoked = required_text(options, "method")?;
            let args = match options.get("args") {
                None | Some(Value::Null) => json!([]),
                Some(args @ Value::Array(_)) => args.clone(),
                Some(other) => return Err(errors::bad_option("args", &other.to_string())),
            };
            let mut invocation = sender.info();
            invocation["method"] = json!(invoked);
            invocation["args"] = args;
            app.events.shared_object(Event::SharedInvoked {
                name: name.to_string(),
                invocation,
                targets: targets(options)?,
            });
            Ok(Value::Null)
        }
        other => Err(errors::unsupported_name("Method", other)),
    }
}

/// A required non-empty string option.
fn required_text<'a>(options: &'a Value, name: &str) -> Result<&'a str, ApiError> {
    match options.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        None | Some(Value::Null) => Err(errors::missing_option(name)),
        Some(other) => Err(errors::bad_option(name, &other.to_string())),
    }
}

/// `targets`: absent or `null` = everyone; otherwise ids and `null` entries.
fn targets(options: &Value) -> Result<Option<Targets>, ApiError> {
    let items = match options.get("targets") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(items)) => items,
        Some(other) => return Err(errors::bad_option("targets", &other.to_string())),
    };
    let mut targets = Targets::default();
    for item in items {
        match item {
            Value::Null => targets.anonymous = true,
            Value::String(id) => targets.ids.push(id.clone()),
            other => return Err(errors::bad_option("targets", &other.to_string())),
        }
    }
    Ok(Some(targets))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_name_connections_users_and_anonymous_clients() {
        let t = targets(&json!({"targets": ["c1", "u2", null]}))
            .expect("valid")
            .expect("some");
        assert!(t.includes("c1", Some("u1")));
        assert!(t.includes("c9", Some("u2")));
        assert!(
            t.includes("c9", None),
            "null stands for clients without a user"
        );
        assert!(!t.includes("c9", Some("u9")));
        let only = targets(&json!({"targets": ["c1"]}))
            .expect("valid")
            .expect("some");
        assert!(!only.includes("c2", None));
        assert_eq!(targets(&json!({"targets": null})).expect("valid"), None);
        assert_eq!(targets(&json!({})).expect("valid"), None);
        assert_eq!(
            targets(&json!({"targets": [1]})).expect_err("bad").code,
            8002
        );
        assert_eq!(
            targets(&json!({"targets": "c1"})).expect_err("bad").code,
            8002
        );
    }

    #[test]
    fn names_must_be_non_empty_strings() {
        assert_eq!(
            required_text(&json!({}), "name").expect_err("missing").code,
            8002
        );
        assert_eq!(
            required_text(&json!({"name": " "}), "name")
                .expect_err("blank")
                .code,
            8002
        );
        assert_eq!(
            required_text(&json!({"name": 3}), "name")
                .expect_err("number")
                .code,
            8002
        );
        assert_eq!(
            required_text(&json!({"name": "game"}), "name").expect("ok"),
            "game"
        );
        assert!(is_method("RSO_SET") && !is_method("PUB_SUB_COMMAND"));
    }
}
