//! Errors of custom services, events, webhooks and event handlers. Backendless documents no
//! console codes for these, so the emulator uses its own: 99024 and 99107 (webhooks), 99275-99277
//! and 99279, with the HTTP statuses the Console SDK tests show (404 unknown, 400 invalid).

use crate::error::{ApiError, Code};

/// 99024: the webhook could not be reached or did not answer; `reason` says how.
pub(super) fn webhook_failed(url: &str, reason: &str) -> ApiError {
    ApiError::templated(Code::WEBHOOK_FAILED, &[url, reason])
}

/// 99107: a webhook URL that names this emulator's control plane or console.
pub(super) fn webhook_to_self(url: &str) -> ApiError {
    ApiError::templated(Code::WEBHOOK_TO_CONTROL_PLANE, &[url])
}

/// 99275: no event handler with this id.
pub(super) fn unknown_handler(id: &str) -> ApiError {
    ApiError::templated(Code::EVENT_HANDLER_NOT_FOUND, &[id])
}

/// 99276: an event handler definition the emulator cannot keep; `reason` says why.
pub(super) fn invalid_handler(reason: &str) -> ApiError {
    ApiError::templated(Code::INVALID_EVENT_HANDLER, &[reason])
}

/// 99277: no webhook with this id.
pub(super) fn unknown_webhook(id: &str) -> ApiError {
    ApiError::templated(Code::WEBHOOK_NOT_FOUND, &[id])
}

/// 99279: a custom service the app has no webhook for (console routes).
pub(super) fn unknown_service(service: &str, app: &str) -> ApiError {
    ApiError::templated(Code::SERVICE_WITHOUT_WEBHOOK, &[service, app, app])
}

/// 8002: a webhook or handler body that is not what the emulator reads.
pub(super) fn bad_field(reason: &str) -> ApiError {
    ApiError::unparsable(reason)
}

/// 99000: calling a custom service that has no webhook (client API).
pub(super) fn service_without_webhook(service: &str) -> ApiError {
    ApiError::unsupported(&format!(
        "Custom API service '{service}' without a webhook (set one with PUT /_emulator/apps/{{appId}}/webhooks)"
    ))
}

/// 99000: dispatching a custom event that has no webhook or enabled handler.
pub(super) fn event_without_webhook(event: &str) -> ApiError {
    ApiError::unsupported(&format!(
        "Custom event '{event}' without a webhook (set one with PUT /_emulator/apps/{{appId}}/webhooks)"
    ))
}

/// 99000: an event handler of a category whose events the emulator does not raise to code.
pub(super) fn unsupported_category(category: &str) -> ApiError {
    ApiError::unsupported(&format!(
        "Cloud Code event handlers for {category} events (the emulator runs no server code; custom events and timers reach webhooks)"
    ))
}

/// The webhook's own 4xx answer that is not a Backendless error body: code 0 with its text and
/// status, as Backendless reports an error thrown by server code.
pub(super) fn webhook_refused(message: String, status: axum::http::StatusCode) -> ApiError {
    ApiError::new(Code::CUSTOM, message).with_status(status)
}

/// 99023 (400): a server-code mode other than PRODUCTION, DEBUG, DRAFT or MARKETPLACE (the
/// code of an invalid timer, whose mode it was first).
pub(super) fn invalid_mode(reason: &str) -> ApiError {
    ApiError::templated(Code::INVALID_TIMER, &[reason])
}

/// 99281 (404): no draft file with this id in the model.
pub(super) fn draft_file_not_found(file: &str, model: &str, language: &str) -> ApiError {
    ApiError::templated(Code::DRAFT_FILE_NOT_FOUND, &[file, model, language])
}
