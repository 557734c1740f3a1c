//! User Service errors with the codes and messages of users.md and the JS e2e suite.

use crate::error::{ApiError, Code};

/// 3064: the `user-token` names no live session.
pub fn unknown_token(token: &str) -> ApiError {
    ApiError::templated(Code::UNKNOWN_USER_TOKEN, &[token])
}

/// 3003: wrong identity or password (HTTP 401).
pub fn invalid_login() -> ApiError {
    ApiError::templated(Code::INVALID_LOGIN, &[])
}

/// 2011: role management needs the Cloud Code key.
pub fn roles_need_cloud_code() -> ApiError {
    ApiError::templated(Code::ROLES_NEED_SERVER_CODE, &[])
}

/// 3030: no user with this objectId.
pub fn user_not_found(id: &str) -> ApiError {
    ApiError::templated(Code::USER_NOT_FOUND, &[id])
}

/// 3040: malformed email address.
pub fn bad_email() -> ApiError {
    ApiError::templated(Code::BAD_EMAIL, &[])
}

/// 99252: no OAuth provider with this id or code.
pub fn provider_not_found(id: &str) -> ApiError {
    ApiError::templated(Code::OAUTH_PROVIDER_NOT_FOUND, &[id])
}

/// 99253: no provider template with this code.
pub fn template_not_found(template: &str) -> ApiError {
    ApiError::templated(Code::OAUTH_TEMPLATE_NOT_FOUND, &[template])
}

/// 99255: a provider with this code is already configured.
pub fn provider_exists(code: &str) -> ApiError {
    ApiError::templated(Code::OAUTH_PROVIDER_EXISTS, &[code])
}

/// 99254: no Auth0 scope binding with this id.
pub fn binding_not_found(id: &str) -> ApiError {
    ApiError::templated(Code::AUTH0_BINDING_NOT_FOUND, &[id])
}

/// Whether `email` looks like an address (`local@domain.tld`, no spaces).
pub fn is_valid_email(email: &str) -> bool {
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
