//! User Service errors with the codes and messages of users.md and the JS e2e suite.

use crate::error::{ApiError, Code};

/// 3064: the `user-token` names no live session.
pub(super) fn unknown_token(token: &str) -> ApiError {
    ApiError::templated(Code::UNKNOWN_USER_TOKEN, &[token])
}

/// 3003: wrong identity or password (HTTP 401).
pub(super) fn invalid_login() -> ApiError {
    ApiError::templated(Code::INVALID_LOGIN, &[])
}

/// 2011: role management needs the Cloud Code key.
pub(super) fn roles_need_cloud_code() -> ApiError {
    ApiError::templated(Code::ROLES_NEED_SERVER_CODE, &[])
}

/// 3030: no user with this objectId.
pub(super) fn user_not_found(id: &str) -> ApiError {
    ApiError::templated(Code::USER_NOT_FOUND, &[id])
}

/// 3040: malformed email address.
pub(super) fn bad_email() -> ApiError {
    ApiError::templated(Code::BAD_EMAIL, &[])
}

/// 99252: no OAuth provider with this id or code.
pub(super) fn provider_not_found(id: &str) -> ApiError {
    ApiError::templated(Code::OAUTH_PROVIDER_NOT_FOUND, &[id])
}

/// 99253: no provider template with this code.
pub(super) fn template_not_found(template: &str) -> ApiError {
    ApiError::templated(Code::OAUTH_TEMPLATE_NOT_FOUND, &[template])
}

/// 99255: a provider with this code is already configured.
pub(super) fn provider_exists(code: &str) -> ApiError {
    ApiError::templated(Code::OAUTH_PROVIDER_EXISTS, &[code])
}

/// 99254: no Auth0 scope binding with this id.
pub(super) fn binding_not_found(id: &str) -> ApiError {
    ApiError::templated(Code::AUTH0_BINDING_NOT_FOUND, &[id])
}

/// 3036: Unable to login. User account is locked out due to too many failed logins.
pub(super) fn account_locked() -> ApiError {
    ApiError::templated(Code::ACCOUNT_LOCKED, &[])
}

/// 3103: Email confirmation is not enabled for the application
pub(super) fn confirmation_disabled() -> ApiError {
    ApiError::templated(Code::CONFIRMATION_DISABLED, &[])
}

/// 3077: Property "created" cannot be set on registration
pub(super) fn created_on_registration() -> ApiError {
    ApiError::templated(Code::CREATED_ON_REGISTRATION, &[])
}

/// 1155: Duplicate entry '{value}'
pub(super) fn duplicate_entry(value: &str) -> ApiError {
    ApiError::templated(Code::DUPLICATE_ENTRY, &[value])
}

/// 3102: User email is already confirmed
pub(super) fn email_already_confirmed() -> ApiError {
    ApiError::templated(Code::EMAIL_ALREADY_CONFIRMED, &[])
}

/// 3087: User email is not confirmed
pub(super) fn email_not_confirmed() -> ApiError {
    ApiError::templated(Code::EMAIL_NOT_CONFIRMED, &[])
}

/// 3078: Missing "email" property. Email is required when email confirmation is enabled
pub(super) fn email_required() -> ApiError {
    ApiError::templated(Code::EMAIL_REQUIRED, &[])
}

/// 3006: Either login or password is an empty string value.
pub(super) fn empty_login_or_password() -> ApiError {
    ApiError::templated(Code::EMPTY_LOGIN_OR_PASSWORD, &[])
}

/// 3039: Property "id" cannot be used in the registration call
pub(super) fn id_in_registration() -> ApiError {
    ApiError::templated(Code::ID_IN_REGISTRATION, &[])
}

/// 3020: Unable to find user with identity {identity}
pub(super) fn identity_not_found(identity: &str) -> ApiError {
    ApiError::templated(Code::IDENTITY_NOT_FOUND, &[identity])
}

/// 2014: Login by object id is allowed only for Code Runner API key
pub(super) fn login_by_id_needs_code_runner() -> ApiError {
    ApiError::templated(Code::LOGIN_BY_ID_NEEDS_CODE_RUNNER, &[])
}

/// 3044: Unable to login. Multiple login limit for the same user account has been reached
pub(super) fn login_limit_reached() -> ApiError {
    ApiError::templated(Code::LOGIN_LIMIT_REACHED, &[])
}

/// 3013: Missing value for the identity property
pub(super) fn missing_identity() -> ApiError {
    ApiError::templated(Code::MISSING_IDENTITY, &[])
}

/// 3011: Missing "password" property
pub(super) fn missing_password() -> ApiError {
    ApiError::templated(Code::MISSING_PASSWORD, &[])
}

/// 3038: Missing application-id or collection of properties for the registering user
pub(super) fn missing_registration_data() -> ApiError {
    ApiError::templated(Code::MISSING_REGISTRATION_DATA, &[])
}

/// 3002: User cannot login because Multiple Logins disabled and there is a logged in user for the account.
pub(super) fn multiple_logins_disabled() -> ApiError {
    ApiError::templated(Code::MULTIPLE_LOGINS_DISABLED, &[])
}

/// 3121: No authenticated user is associated with request
pub(super) fn no_authenticated_user() -> ApiError {
    ApiError::templated(Code::NO_AUTHENTICATED_USER, &[])
}

/// 1014: User has no permission to delete elements from persistence storage.
pub(super) fn no_delete_permission() -> ApiError {
    ApiError::templated(Code::NO_DELETE_PERMISSION, &[])
}

/// 3028: User is not logged in
pub(super) fn not_logged_in() -> ApiError {
    ApiError::templated(Code::NOT_LOGGED_IN, &[])
}

/// 3054: Operation allowed only for BL logic.
pub(super) fn only_business_logic() -> ApiError {
    ApiError::templated(Code::ONLY_BUSINESS_LOGIC, &[])
}

/// 3029: Cannot modify properties of another user
pub(super) fn other_user_properties() -> ApiError {
    ApiError::templated(Code::OTHER_USER_PROPERTIES, &[])
}

/// 3050: Password must be a string
pub(super) fn password_not_string() -> ApiError {
    ApiError::templated(Code::PASSWORD_NOT_STRING, &[])
}

/// 3104: Unable to find user with identity {identity}
pub(super) fn recovery_identity_not_found(identity: &str) -> ApiError {
    ApiError::templated(Code::RECOVERY_IDENTITY_NOT_FOUND, &[identity])
}

/// 3009: User registration is denied for this version of application
pub(super) fn registration_denied() -> ApiError {
    ApiError::templated(Code::REGISTRATION_DENIED, &[])
}

/// 3045: Required properties in the provided object do not contain values
pub(super) fn required_properties_empty() -> ApiError {
    ApiError::templated(Code::REQUIRED_PROPERTIES_EMPTY, &[])
}

/// 3012: Required property is missing
pub(super) fn required_property_missing() -> ApiError {
    ApiError::templated(Code::REQUIRED_PROPERTY_MISSING, &[])
}

/// 3057: Could not find user {user}
pub(super) fn role_user_not_found(user: &str) -> ApiError {
    ApiError::templated(Code::ROLE_USER_NOT_FOUND, &[user])
}

/// 3075: Unable to restore password for a user registered via social network
pub(super) fn social_user_recovery() -> ApiError {
    ApiError::templated(Code::SOCIAL_USER_RECOVERY, &[])
}

/// 3018: Unable to update user. User with the same identity already exists
pub(super) fn update_identity_exists() -> ApiError {
    ApiError::templated(Code::UPDATE_IDENTITY_EXISTS, &[])
}

/// 3076: Property "updated" cannot be set on registration
pub(super) fn updated_on_registration() -> ApiError {
    ApiError::templated(Code::UPDATED_ON_REGISTRATION, &[])
}

/// 3085: User is already disabled
pub(super) fn user_already_disabled() -> ApiError {
    ApiError::templated(Code::USER_ALREADY_DISABLED, &[])
}

/// 3086: User is already enabled
pub(super) fn user_already_enabled() -> ApiError {
    ApiError::templated(Code::USER_ALREADY_ENABLED, &[])
}

/// 3090: User account is disabled
pub(super) fn user_disabled() -> ApiError {
    ApiError::templated(Code::USER_DISABLED, &[])
}

/// 3033: Unable to register user. User already exists.
pub(super) fn user_exists() -> ApiError {
    ApiError::templated(Code::USER_EXISTS, &[])
}

/// 3122: Password verification allowed only from CloudCode
pub(super) fn verify_password_needs_code() -> ApiError {
    ApiError::templated(Code::VERIFY_PASSWORD_NEEDS_CODE, &[])
}

/// 99001: a console URL no route has (an OAuth protocol other than `oauth1` / `oauth2`).
pub(super) fn unknown_route(method: &str, path: &str) -> ApiError {
    ApiError::templated(Code::UNKNOWN_ENDPOINT, &[method, path])
}

/// Whether `email` looks like an address (`local@domain.tld`, no spaces).
pub(super) fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
        && !local.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shapes() {
        assert!(is_valid_email("a.b+c@example.co.uk"));
        for bad in ["", "a", "a@b", "@b.com", "a @b.com", "a@b.", "a@@b.com"] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }
}
