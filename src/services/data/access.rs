//! Who performs a data operation, and the permission gate every operation passes
//! (security.md §2, §4): table-level checks before a write, object-level checks per object.
//!
//! Collection reads (find, count, first/last, relation pages) trim the candidate set: objects
//! the caller may not FIND are silently left out and counts exclude them (security.md §4.2,
//! the "trim the candidate set" model). When the decision that applies to every object the
//! caller does not own and that has no ACL of its own is DENY (a table- or global-level deny)
//! and no candidate survives, the read fails with 1013 instead of answering an empty page:
//! that is the error the docs list for a refused find, and an empty page would hide it.

use crate::error::ApiError;
use crate::services::security::{Access, Caller, Permission, SecurityState};

/// The caller of a data operation.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    /// A client-API request: permissions apply.
    Client(&'a Caller<'a>),
    /// The developer console (or the control plane): permissions never apply.
    Console,
}

impl<'a> Actor<'a> {
    /// objectId of the calling user, if any.
    pub fn user_id(&self) -> Option<&'a str> {
        match self {
            Actor::Client(c) => c.user_id,
            Actor::Console => None,
        }
    }

    /// Whether `permission` is granted on a table (no particular object).
    pub fn may(&self, security: &SecurityState, permission: Permission, table: &str) -> bool {
        match self {
            Actor::Console => true,
            Actor::Client(c) => security.check(c, permission, table, None).0 == Access::Grant,
        }
    }

    /// Whether `permission` is granted on one object.
    pub fn may_object(
        &self,
        security: &SecurityState,
        permission: Permission,
        table: &str,
        object_id: &str,
        owner_id: Option<&str>,
    ) -> bool {
        match self {
            Actor::Console => true,
            Actor::Client(c) => {
                security
                    .check(c, permission, table, Some((object_id, owner_id)))
                    .0
                    == Access::Grant
            }
        }
    }

    /// [`Actor::may`] as a result with the documented refusal code.
    pub fn require(
        &self,
        security: &SecurityState,
        permission: Permission,
        table: &str,
    ) -> Result<(), ApiError> {
        if self.may(security, permission, table) {
            Ok(())
        } else {
            Err(denied(permission))
        }
    }

    /// [`Actor::may_object`] as a result with the documented refusal code.
    pub fn require_object(
        &self,
        security: &SecurityState,
        permission: Permission,
        table: &str,
        object_id: &str,
        owner_id: Option<&str>,
    ) -> Result<(), ApiError> {
        if self.may_object(security, permission, table, object_id, owner_id) {
            Ok(())
        } else {
            Err(denied(permission))
        }
    }
}

/// The error a refused operation answers (security.md §4.2).
pub fn denied(permission: Permission) -> ApiError {
    match permission {
        Permission::Add => ApiError::templated(1011, &[]),
        Permission::Update => ApiError::templated(1012, &[]),
        Permission::Find => ApiError::templated(1013, &[]),
        Permission::Remove => ApiError::templated(1014, &[]),
        Permission::Describe => ApiError::templated(1015, &[]),
        Permission::Permission => ApiError::templated(1023, &[]),
        other => ApiError::templated(1134, &[other.as_str()]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::security::{Principal, Scope};

    #[test]
    fn console_bypasses_and_clients_get_the_documented_codes() {
        let s = SecurityState::default();
        s.set_entry(
            Scope::Table("T"),
            Principal::Role("RestUser".into()),
            Permission::Remove,
            Some(Access::Deny),
        );
        let roles = vec!["RestUser".to_string()];
        let caller = Caller {
            user_id: None,
            roles: &roles,
        };
        assert!(Actor::Console.may(&s, Permission::Remove, "T"));
        let client = Actor::Client(&caller);
        assert_eq!(
            client
                .require(&s, Permission::Remove, "T")
                .expect_err("denied")
                .code,
            1014
        );
        assert!(client.may(&s, Permission::Find, "T"));
        assert_eq!(denied(Permission::Upsert).code, 1134);
        assert_eq!(denied(Permission::Permission).code, 1023);
    }
}
