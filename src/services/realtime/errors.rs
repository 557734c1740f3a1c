//! Errors the RT service reports, as `ApiError`s (codes in `specs/errors.json`) and as the
//! `{code, message}` objects `SUB_RES.error` / `MET_RES.error` carry (realtime.md §3).
//!
//! The codes of rejected subscriptions are undocumented (realtime.md §7, open question 5); the
//! emulator reuses the REST codes that say the same thing: 8002 for malformed options, 1017 for
//! a bad where clause, 99000 for what it does not implement (the console's log streams).

use serde_json::{json, Value};

use crate::error::{ApiError, Code};

/// Subscription names the RT client knows but the emulator does not serve: the console's
/// streams of server logs and console notifications (backendless-rt-client `subscriptions.js`).
const UNSUPPORTED: [&str; 4] = [
    "LOGGING_MESSAGES",
    "CONSOLE_MESSAGES",
    "DEVELOPER_MESSAGES",
    "AUTOMATION_MESSAGES",
];

/// A subscription (`what` = "Subscription") or method (`what` = "Method") name the emulator does
/// not serve: 99000 for the known ones (console streams), 8002 otherwise.
pub fn unsupported_name(what: &str, name: &str) -> ApiError {
    if UNSUPPORTED.contains(&name) {
        ApiError::unsupported(&format!("Real-time {what} {name}"))
    } else {
        ApiError::templated(
            Code::UNPARSABLE_REQUEST,
            &[&format!("unknown RT {what} name '{name}'")],
        )
    }
}

/// 8002: a required option is absent.
pub fn missing_option(name: &str) -> ApiError {
    ApiError::templated(
        Code::UNPARSABLE_REQUEST,
        &[&format!("option '{name}' is required")],
    )
}

/// 8002: an option has the wrong type or value.
pub fn bad_option(name: &str, value: &str) -> ApiError {
    ApiError::templated(
        Code::UNPARSABLE_REQUEST,
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
    fn console_streams_are_honestly_unsupported_and_unknown_names_are_bad_requests() {
        let logs = unsupported_name("Subscription", "LOGGING_MESSAGES");
        assert_eq!(logs.code, 99000);
        assert!(logs.message.ends_with("is not supported by the emulator"));
        assert_eq!(unsupported_name("Method", "RSO_CONNECT").code, 8002);
        assert_eq!(unsupported_name("Method", "NOPE").code, 8002);
        assert_eq!(
            wire(&missing_option("channel")),
            json!({"code": 8002, "message": "Could not parse request with message: option 'channel' is required"})
        );
    }
}
