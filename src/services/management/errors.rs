//! Errors of the console (management) API. Backendless documents no console error codes
//! (management.md §6), so those without a client-API twin are the emulator's own (99260-99269).

use crate::error::{ApiError, Code};

/// 8000: a session timeout beyond 2 592 000 s (30 days, users.md §1.3).
pub fn invalid_range() -> ApiError {
    ApiError::templated(Code::INVALID_RANGE, &[])
}

/// 1024: a user property created with a data type the schema does not know.
pub fn unknown_data_type(ty: &str) -> ApiError {
    ApiError::templated(
        Code::CANNOT_UPDATE_PERMISSION,
        &[&format!("unknown data type {ty}")],
    )
}

/// 8002: a settings document that is not a JSON object of the expected fields.
pub fn bad_document(detail: &str) -> ApiError {
    ApiError::templated(Code::UNPARSABLE_REQUEST, &[detail])
}

/// 99260: no API key of the app has this id.
pub fn api_key_not_found(id: &str) -> ApiError {
    ApiError::templated(Code::API_KEY_NOT_FOUND, &[id])
}

/// 99261: a system key (one per client kind) is only ever regenerated.
pub fn system_api_key(device_type: &str) -> ApiError {
    ApiError::templated(Code::SYSTEM_API_KEY, &[device_type])
}

/// 99262: no mobile settings of this device type have this id.
pub fn mobile_settings_not_found(device_type: &str, id: &str) -> ApiError {
    ApiError::templated(Code::MOBILE_SETTINGS_NOT_FOUND, &[id, device_type])
}

/// 99263: no clone of the app was started with this process id.
pub fn clone_process_not_found(id: &str) -> ApiError {
    ApiError::templated(Code::CLONE_PROCESS_NOT_FOUND, &[id])
}

/// 99264: the developer is not in the app's team.
pub fn not_a_team_member(dev_id: &str) -> ApiError {
    ApiError::templated(Code::NOT_A_TEAM_MEMBER, &[dev_id])
}

/// 99265: no ownership transfer of the app is pending (for this developer, when `detail` says).
pub fn no_ownership_offer(detail: &str) -> ApiError {
    ApiError::templated(Code::NO_OWNERSHIP_OFFER, &[detail])
}

/// 99266: an invitation to an email no developer account has.
pub fn no_such_developer(email: &str) -> ApiError {
    ApiError::templated(Code::NO_SUCH_DEVELOPER, &[email])
}

/// 99267: a team change only the app's owner may make (HTTP 403).
pub fn owner_only(operation: &str) -> ApiError {
    ApiError::templated(Code::OWNER_ONLY, &[operation])
}

/// 99282: no kept console item of this kind has the id (HTTP 404).
pub fn item_not_found(kind: &str, id: &str) -> ApiError {
    ApiError::templated(Code::CONSOLE_ITEM_NOT_FOUND, &[id, kind])
}

/// 99283: a kept console item of this kind has the id already (HTTP 409).
pub fn item_exists(kind: &str, id: &str) -> ApiError {
    ApiError::templated(Code::CONSOLE_ITEM_EXISTS, &[id, kind])
}

/// 99284: the developer has not created a community profile (HTTP 404).
pub fn no_community_profile() -> ApiError {
    ApiError::templated(Code::NO_COMMUNITY_PROFILE, &[])
}

/// 99285: another developer's community profile has this user name (HTTP 409).
pub fn user_name_taken(user_name: &str) -> ApiError {
    ApiError::templated(Code::USER_NAME_TAKEN, &[user_name])
}

/// 99286: the app's owner denied this console operation to the developer (HTTP 403).
pub fn operation_denied(operation: &str) -> ApiError {
    ApiError::templated(Code::OPERATION_DENIED, &[operation])
}

/// 8002: a developer operation the console's `devPermissions` does not name.
pub(super) fn unknown_dev_operation(operation: &str) -> ApiError {
    ApiError::templated(
        Code::UNPARSABLE_REQUEST,
        &[&format!("unknown developer operation '{operation}'")],
    )
}
