//! User roles (users.md U16-U20): listing a session's or a user's roles, assigning and
//! unassigning custom roles by identity, and finding the users of a role.

use serde_json::Value;

use super::ops::{identity_text, UserOps};
use crate::error::{ApiError, Code};
use crate::services::security::is_system_role;
use crate::services::security::SecurityState;

impl UserOps<'_> {
    /// `GET /users/userroles/{userId}`: a user's roles as a session of theirs would carry them.
    pub fn roles_of_user(&self, user_id: &str) -> Result<Vec<String>, ApiError> {
        let user = self
            .find(user_id)
            .map_err(|_| super::errors::role_user_not_found(user_id))?;
        let session_role = if UserOps::status_of(&user) == super::schema::status::GUEST {
            "GuestUser"
        } else {
            "AuthenticatedUser"
        };
        let mut roles = vec![session_role.to_string()];
        roles.extend(
            self.services
                .get::<SecurityState>()
                .custom_roles_of(user_id),
        );
        Ok(roles)
    }

    /// `POST /users/assignRole` / `unassignRole` with `{user: identity, roleName}`.
    pub fn change_role(&self, body: &Value, assign: RoleChange) -> Result<(), ApiError> {
        let role = match body.get("roleName") {
            Some(Value::String(r)) if !r.is_empty() => r.clone(),
            _ => {
                return Err(ApiError::new(
                    Code::MISSING_REGISTRATION_DATA,
                    "Missing roleName",
                ))
            }
        };
        let identity = identity_text(body.get("user"))
            .ok_or_else(|| ApiError::new(Code::MISSING_REGISTRATION_DATA, "Missing user"))?;
        if !is_system_role(&role) && !self.services.get::<SecurityState>().has_custom_role(&role) {
            return Err(crate::services::security::state::role_not_found());
        }
        let user = self
            .find_by_identity(&identity)
            .ok_or_else(|| super::errors::role_user_not_found(&identity))?;
        let user_id = user
            .get("objectId")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match assign {
            RoleChange::Assign => self.services.get::<SecurityState>().assign(user_id, &role),
            RoleChange::Unassign => self
                .services
                .get::<SecurityState>()
                .unassign(user_id, &role),
        }
    }

    /// The objectIds of the users holding a custom role (2000 for a system role, 2005 unknown).
    pub fn role_members(&self, role: &str) -> Result<Vec<String>, ApiError> {
        if is_system_role(role) {
            return Err(ApiError::new(
                Code::OPERATION_NOT_ALLOWED,
                format!("Operation is not allowed: {role} is a system role"),
            ));
        }
        if !self.services.get::<SecurityState>().has_custom_role(role) {
            return Err(crate::services::security::state::role_not_found());
        }
        Ok(self
            .services
            .get::<SecurityState>()
            .users_with_role(role)
            .into_iter()
            .collect())
    }
}

/// Which way a role changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChange {
    /// `assignRole`.
    Assign,
    /// `unassignRole`.
    Unassign,
}
