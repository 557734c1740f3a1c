//! Who performs a data operation, and the permission gate every operation passes
//! (security.md §2, §4): table-level checks before a write, object-level checks per object.
//!
//! Collection reads (find, count, first/last, relation pages) trim the candidate set: objects
//! the caller may not FIND are silently left out and counts exclude them (security.md §4.2,
//! the "trim the candidate set" model). When the decision that applies to every object the
//! caller does not own and that has no ACL of its own is DENY (a table- or global-level deny)
//! and no candidate survives, the read fails with 1013 instead of answering an empty page:
//! that is the error the docs list for a refused find, and an empty page would hide it.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::error::{ApiError, Code};
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
            Err(self.refusal(security, permission, table, None))
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
            Err(self.refusal(security, permission, table, Some((object_id, owner_id))))
        }
    }

    /// The documented refusal of `permission`, naming for the journal the rule that refused it.
    pub fn refusal(
        &self,
        security: &SecurityState,
        permission: Permission,
        table: &str,
        object: Option<(&str, Option<&str>)>,
    ) -> ApiError {
        match self {
            Actor::Console => denied(permission),
            Actor::Client(c) => {
                denied(permission).with_rule(security.explain(c, permission, table, object))
            }
        }
    }
}

/// One permission decided for a whole collection read: the table-level decision once, and an
/// exact object-level check only for objects that can differ from it (objects with their own
/// ACL entries, and the caller's own objects when the table has an owner policy). A find over
/// 100k rows then costs one security lookup, not 100k.
pub struct Gate<'a> {
    actor: Actor<'a>,
    security: &'a SecurityState,
    permission: Permission,
    table: String,
    rule: GateRule,
}

/// What a [`Gate`] decided once for a table (owned, so it can be cached per request).
#[derive(Debug, Clone)]
pub struct GateRule {
    table_level: bool,
    acl_ids: HashSet<String>,
    owner_policy: bool,
}

impl GateRule {
    fn new(
        actor: Actor<'_>,
        security: &SecurityState,
        permission: Permission,
        table: &str,
    ) -> Self {
        let (acl_ids, owner_policy) = match actor {
            Actor::Console => (HashSet::new(), false),
            Actor::Client(_) => (
                security.objects_with_acl(table),
                security.has_owner_policy(table, permission),
            ),
        };
        GateRule {
            table_level: actor.may(security, permission, table),
            acl_ids,
            owner_policy,
        }
    }

    fn uniform(&self) -> Option<bool> {
        (self.acl_ids.is_empty() && !self.owner_policy).then_some(self.table_level)
    }
}

impl<'a> Gate<'a> {
    /// The gate of `permission` on `table` for `actor`.
    pub fn new(
        actor: Actor<'a>,
        security: &'a SecurityState,
        permission: Permission,
        table: &str,
    ) -> Self {
        Gate {
            actor,
            security,
            permission,
            table: table.to_string(),
            rule: GateRule::new(actor, security, permission, table),
        }
    }

    /// Whether the table-level decision grants.
    pub fn table_level(&self) -> bool {
        self.rule.table_level
    }

    /// The decision when it is the same for every object (no object ACLs, no owner policy).
    pub fn uniform(&self) -> Option<bool> {
        self.rule.uniform()
    }

    /// Whether the caller may act on one object.
    pub fn allows(&self, object_id: &str, owner_id: Option<&str>) -> bool {
        allows(
            &self.rule,
            self.actor,
            self.security,
            self.permission,
            &self.table,
            object_id,
            owner_id,
        )
    }
}

fn allows(
    rule: &GateRule,
    actor: Actor<'_>,
    security: &SecurityState,
    permission: Permission,
    table: &str,
    object_id: &str,
    owner_id: Option<&str>,
) -> bool {
    let own = owner_id.is_some() && owner_id == actor.user_id();
    if rule.acl_ids.contains(object_id) || (rule.owner_policy && own) {
        actor.may_object(security, permission, table, object_id, owner_id)
    } else {
        rule.table_level
    }
}

/// The objects one request may FIND, table by table (a [`GateRule`] per table, decided on first
/// use): where clauses, subqueries, relation paths and embedded relations see only these, so a
/// clause on the caller's own table cannot read another table's objects the caller may not find
/// (security.md §4.2).
pub struct Visibility<'a> {
    actor: Actor<'a>,
    security: &'a SecurityState,
    rules: RefCell<HashMap<String, Rc<GateRule>>>,
}

impl<'a> Visibility<'a> {
    /// What `actor` may find.
    pub fn new(actor: Actor<'a>, security: &'a SecurityState) -> Self {
        Visibility {
            actor,
            security,
            rules: RefCell::default(),
        }
    }

    fn rule(&self, table: &str) -> Rc<GateRule> {
        if let Some(rule) = self.rules.borrow().get(table) {
            return Rc::clone(rule);
        }
        let rule = Rc::new(GateRule::new(
            self.actor,
            self.security,
            Permission::Find,
            table,
        ));
        self.rules
            .borrow_mut()
            .insert(table.to_string(), Rc::clone(&rule));
        rule
    }

    /// Whether the caller may find one object of `table`.
    pub fn may_find(&self, table: &str, object_id: &str, owner_id: Option<&str>) -> bool {
        if matches!(self.actor, Actor::Console) {
            return true;
        }
        let rule = self.rule(table);
        rule.uniform().unwrap_or_else(|| {
            allows(
                &rule,
                self.actor,
                self.security,
                Permission::Find,
                table,
                object_id,
                owner_id,
            )
        })
    }

    /// The decision for every object of `table` when it is the same for all of them (no object
    /// ACLs, no owner policy), read before any row is looked at.
    pub fn uniform(&self, table: &str) -> Option<bool> {
        if matches!(self.actor, Actor::Console) {
            return Some(true);
        }
        self.rule(table).uniform()
    }

    /// Whether some object of `table` may be found at all (false: FIND is denied for the whole
    /// table, with no object-level exception).
    pub fn readable(&self, table: &str) -> bool {
        matches!(self.actor, Actor::Console) || self.rule(table).uniform() != Some(false)
    }
}

/// The error a refused operation answers (security.md §4.2).
pub fn denied(permission: Permission) -> ApiError {
    match permission {
        Permission::Add => ApiError::templated(Code::NO_CREATE_PERMISSION, &[]),
        Permission::Update => ApiError::templated(Code::NO_UPDATE_PERMISSION, &[]),
        Permission::Find => ApiError::templated(Code::NO_FIND_PERMISSION, &[]),
        Permission::Remove => ApiError::templated(Code::NO_DELETE_PERMISSION, &[]),
        Permission::Describe => ApiError::templated(Code::NO_DESCRIBE_PERMISSION, &[]),
        Permission::Permission => ApiError::templated(Code::NO_PERMISSION_CHANGE_PERMISSION, &[]),
        other => ApiError::templated(Code::NO_OPERATION_PERMISSION, &[other.as_str()]),
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
