//! Security errors: roles, permission entries and the console's permission routes (security.md §3).

use crate::error::{ApiError, Code};

/// 2005: no role with this id or name.
pub fn role_not_found() -> ApiError {
    ApiError::templated(Code::ROLE_NOT_FOUND, &[])
}

/// 2007: a system role cannot be assigned.
pub fn assign_system_role(role: &str) -> ApiError {
    ApiError::templated(Code::ASSIGN_SYSTEM_ROLE, &[role])
}

/// 2008: a system role cannot be unassigned.
pub fn unassign_system_role(role: &str) -> ApiError {
    ApiError::templated(Code::UNASSIGN_SYSTEM_ROLE, &[role])
}

/// 2000: a role name that is empty, too long or has characters other than letters, digits,
/// `_`, `-` and spaces.
pub fn invalid_role_name(name: &str) -> ApiError {
    ApiError::new(
        Code::OPERATION_NOT_ALLOWED,
        format!("Invalid role name '{name}'"),
    )
}

/// 2000: a system role cannot be created (it always exists).
pub fn system_role_exists(name: &str) -> ApiError {
    ApiError::new(
        Code::OPERATION_NOT_ALLOWED,
        format!("Role {name} is a system role"),
    )
}

/// 1024: a permission entry that cannot be stored; `reason` says why.
pub fn cannot_update_permission(reason: &str) -> ApiError {
    ApiError::templated(Code::CANNOT_UPDATE_PERMISSION, &[reason])
}

/// 1024: an operation name the permission model does not know.
pub fn unknown_permission(name: &str) -> ApiError {
    cannot_update_permission(&format!("unknown permission '{name}'"))
}

/// 1024: an access value other than GRANT, DENY or INHERIT.
pub fn unknown_access(text: &str) -> ApiError {
    cannot_update_permission(&format!(
        "'{text}' is not an access value (expected GRANT, DENY or INHERIT)"
    ))
}

/// 99250: a console security URL naming a service that has no permissions.
pub fn unknown_service(service: &str) -> ApiError {
    ApiError::templated(Code::UNKNOWN_SECURITY_SERVICE, &[service])
}

/// 99251: a console security URL naming a policy other than `users` or `roles`.
pub fn unknown_policy(policy: &str) -> ApiError {
    ApiError::templated(Code::UNKNOWN_SECURITY_POLICY, &[policy])
}
