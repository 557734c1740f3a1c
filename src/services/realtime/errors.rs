//! Errors the RT service reports, as `ApiError`s (codes in `specs/errors.json`) and as the
//! `{code, message}` objects `SUB_RES.error` / `MET_RES.error` carry (realtime.md §3).
//!
//! The codes of rejected subscriptions are undocumented (realtime.md §7, open question 5); the
//! emulator reuses the REST codes that say the same thing: 8002 for malformed options, 1017 for
//! a bad where clause, 99000 for what it does not implement.

use serde_json::{json, Value};

use crate::error::ApiError;

/// Subscription or method names the SDK knows but the emulator does not implement.
const UNSUPPORTED: [&str; 14] = [
    "RSO_CONNECT",
    "RSO_CHANGES",
    "RSO_CLEARED",
    "RSO_COMMANDS",
    "RSO_INVOKE",
    "RSO_USERS",
    "RSO_GET",
    "RSO_SET",
    "RSO_CLEAR",
    "RSO_COMMAND",
    "LOGGING_MESSAGES",
    "CONSOLE_MESSAGES",
    "DEVELOPER_MESSAGES",
    "AUTOMATION_MESSAGES",
];

/// A subscription (`what` = "Subscription") or method (`what` = "Method") name the emulator does
/// not serve: 99000 for the known ones (remote shared objects, console streams), 8002 otherwise.
pub fn unsupported_name(what: &str, name: &str) -> ApiError {
    if UNSUPPORTED.contains(&name) {
        let feature = if name.starts_with("RSO_") {
            format!("Remote shared objects ({what} {name})")
        } else {
            format!("Real-time {what} {name}")
        };
        ApiError::unsupported(&feature)
    } else {
        ApiError::templated(8002, &[&format!("unknown RT {what} name '{name}'")])
    }
}

/// 8002: a required option is absent.
pub fn missing_option(name: &str) -> ApiError {
    ApiError::templated(8002, &[&format!("option '{name}' is required")])
}

/// 8002: an option has the wrong type or value.
pub fn bad_option(name: &str, value: &str) -> ApiError {
    ApiError::templated(
        8002,
        &[&format!("invalid value {value} for option '{name}'")],
    )
}

/// The `error` member of `SUB_RES` / `MET_RES`.
pub fn wire(error: &ApiError) -> Value {
    json!({"code": error.code, "message": error.message})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rso_is_honestly_unsupported_and_unknown_names_are_bad_requests() {
        let rso = unsupported_name("Subscription", "RSO_CONNECT");
        assert_eq!(rso.code, 99000);
        assert!(rso.message.ends_with("is not supported by the emulator"));
        assert_eq!(unsupported_name("Method", "NOPE").code, 8002);
        assert_eq!(
            wire(&missing_option("channel")),
            json!({"code": 8002, "message": "Could not parse request with message: option 'channel' is required"})
        );
    }
}
