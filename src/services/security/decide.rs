//! The permission decision: which layer settles whether a caller may do an operation on an object.
//!
//! Layers, in the order of the 9-layer documentation (security.md §4; it is a superset of the
//! 7-layer order and degenerates to it when no role entries exist on objects):
//! 1 object ACL for the user, 2 object ACL for custom roles, 3 table permissions for the user,
//! 4 table permissions for custom roles, 5 owner policy, 6 object ACL for system roles,
//! 7 table permissions for system roles, 8 global custom roles, 9 global system roles.
//! Within a layer an explicit DENY beats a GRANT (the docs leave conflicts open; refusing is the
//! safe reading). Nothing explicit anywhere → GRANT, like a fresh Backendless app.

use super::model::{is_system_role, Access, Entry, Permission, Principal};

/// Who is asking.
#[derive(Debug, Clone)]
pub struct Caller<'a> {
    /// objectId of the logged-in user, if any.
    pub user_id: Option<&'a str>,
    /// Every role of the request: system roles (session + key) and custom roles.
    pub roles: &'a [String],
}

/// What is asked for.
#[derive(Debug, Clone, Copy)]
pub(super) struct Target<'a> {
    /// Explicit entries on the object (empty for table-level questions).
    pub object_acl: &'a [Entry],
    /// The object's `ownerId`, if an object is concerned.
    pub owner_id: Option<&'a str>,
    /// Table-level entries.
    pub table: &'a [Entry],
    /// Owner policy of the table for this permission.
    pub owner_policy: Option<Access>,
    /// Global (app-wide) role entries.
    pub global: &'a [Entry],
}

/// The layer that settled a decision (for explanations and tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// 1.
    ObjectUser,
    /// 2.
    ObjectCustomRoles,
    /// 3.
    TableUser,
    /// 4.
    TableCustomRoles,
    /// 5.
    OwnerPolicy,
    /// 6.
    ObjectSystemRoles,
    /// 7.
    TableSystemRoles,
    /// 8.
    GlobalCustomRoles,
    /// 9.
    GlobalSystemRoles,
    /// Nothing explicit: the default grant.
    Default,
}

/// Decide whether `caller` may perform `permission` on `target`.
pub(super) fn decide(caller: &Caller, permission: Permission, target: &Target) -> (Access, Layer) {
    let custom: Vec<&str> = caller
        .roles
        .iter()
        .map(String::as_str)
        .filter(|r| !is_system_role(r))
        .collect();
    let system: Vec<&str> = caller
        .roles
        .iter()
        .map(String::as_str)
        .filter(|r| is_system_role(r))
        .collect();
    let layers: [(Layer, Option<Access>); 9] = [
        (
            Layer::ObjectUser,
            for_user(target.object_acl, caller.user_id, permission),
        ),
        (
            Layer::ObjectCustomRoles,
            for_roles(target.object_acl, &custom, permission),
        ),
        (
            Layer::TableUser,
            for_user(target.table, caller.user_id, permission),
        ),
        (
            Layer::TableCustomRoles,
            for_roles(target.table, &custom, permission),
        ),
        (Layer::OwnerPolicy, owner(caller, target)),
        (
            Layer::ObjectSystemRoles,
            for_roles(target.object_acl, &system, permission),
        ),
        (
            Layer::TableSystemRoles,
            for_roles(target.table, &system, permission),
        ),
        (
            Layer::GlobalCustomRoles,
            for_roles(target.global, &custom, permission),
        ),
        (
            Layer::GlobalSystemRoles,
            for_roles(target.global, &system, permission),
        ),
    ];
    layers
        .into_iter()
        .find_map(|(layer, access)| access.map(|a| (a, layer)))
        .unwrap_or((Access::Grant, Layer::Default))
}

/// The owner policy applies only to objects the caller owns.
fn owner(caller: &Caller, target: &Target) -> Option<Access> {
    match (caller.user_id, target.owner_id) {
        (Some(user), Some(owner)) if user == owner => target.owner_policy,
        _ => None,
    }
}

fn for_user(entries: &[Entry], user: Option<&str>, permission: Permission) -> Option<Access> {
    let user = user?;
    settle(entries.iter().filter(|e| {
        matches!(&e.principal, Principal::User(u) if u == user || u == "*")
            && e.permission.covers(permission)
    }))
}

fn for_roles(entries: &[Entry], roles: &[&str], permission: Permission) -> Option<Access> {
    if roles.is_empty() {
        return None;
    }
    settle(entries.iter().filter(|e| {
        matches!(&e.principal, Principal::Role(r) if r == "*" || roles.contains(&r.as_str()))
            && e.permission.covers(permission)
    }))
}

/// DENY wins inside a layer; GRANT otherwise; `None` falls through.
fn settle<'a>(entries: impl Iterator<Item = &'a Entry>) -> Option<Access> {
    let mut result = None;
    for e in entries {
        if e.access == Access::Deny {
            return Some(Access::Deny);
        }
        result = Some(Access::Grant);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(p: Principal, perm: Permission, a: Access) -> Entry {
        Entry {
            principal: p,
            permission: perm,
            access: a,
        }
    }
    fn user(id: &str) -> Principal {
        Principal::User(id.into())
    }
    fn role(name: &str) -> Principal {
        Principal::Role(name.into())
    }
    fn roles(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }
    const EMPTY: Target<'static> = Target {
        object_acl: &[],
        owner_id: None,
        table: &[],
        owner_policy: None,
        global: &[],
    };

    #[test]
    fn nothing_explicit_grants() {
        let r = roles(&["NotAuthenticatedUser", "RestUser"]);
        let c = Caller {
            user_id: None,
            roles: &r,
        };
        assert_eq!(
            decide(&c, Permission::Find, &EMPTY),
            (Access::Grant, Layer::Default)
        );
    }

    #[test]
    fn owner_policy_beats_system_role_table_deny() {
        // The documented pattern: AuthenticatedUser denied FIND on the table, owners granted.
        let table = [entry(
            role("AuthenticatedUser"),
            Permission::Find,
            Access::Deny,
        )];
        let r = roles(&["AuthenticatedUser", "RestUser"]);
        let alice = Caller {
            user_id: Some("alice"),
            roles: &r,
        };
        let own = Target {
            table: &table,
            owner_id: Some("alice"),
            owner_policy: Some(Access::Grant),
            ..EMPTY
        };
        let other = Target {
            owner_id: Some("bob"),
            ..own
        };
        assert_eq!(
            decide(&alice, Permission::Find, &own),
            (Access::Grant, Layer::OwnerPolicy)
        );
        assert_eq!(
            decide(&alice, Permission::Find, &other),
            (Access::Deny, Layer::TableSystemRoles)
        );
    }

    #[test]
    fn user_entries_beat_role_entries_and_object_beats_table() {
        let acl = [entry(user("alice"), Permission::Update, Access::Grant)];
        let table = [entry(user("alice"), Permission::Update, Access::Deny)];
        let r = roles(&["AuthenticatedUser"]);
        let alice = Caller {
            user_id: Some("alice"),
            roles: &r,
        };
        let t = Target {
            object_acl: &acl,
            table: &table,
            ..EMPTY
        };
        assert_eq!(
            decide(&alice, Permission::Update, &t),
            (Access::Grant, Layer::ObjectUser)
        );
        let t2 = Target {
            table: &table,
            ..EMPTY
        };
        assert_eq!(
            decide(&alice, Permission::Update, &t2),
            (Access::Deny, Layer::TableUser)
        );
    }

    #[test]
    fn custom_roles_come_before_owner_policy_and_deny_wins_within_a_layer() {
        let table = [
            entry(role("Editors"), Permission::Remove, Access::Grant),
            entry(role("Banned"), Permission::Remove, Access::Deny),
        ];
        let r = roles(&["AuthenticatedUser", "Editors", "Banned"]);
        let c = Caller {
            user_id: Some("u"),
            roles: &r,
        };
        let t = Target {
            table: &table,
            owner_id: Some("u"),
            owner_policy: Some(Access::Grant),
            ..EMPTY
        };
        assert_eq!(
            decide(&c, Permission::Remove, &t),
            (Access::Deny, Layer::TableCustomRoles)
        );
    }

    #[test]
    fn wildcards_match_every_user_and_role_and_star_covers_every_permission() {
        let table = [entry(user("*"), Permission::All, Access::Deny)];
        let r = roles(&["AuthenticatedUser"]);
        let c = Caller {
            user_id: Some("x"),
            roles: &r,
        };
        let t = Target {
            table: &table,
            ..EMPTY
        };
        assert_eq!(decide(&c, Permission::Describe, &t).0, Access::Deny);
        let anon_roles = roles(&["NotAuthenticatedUser"]);
        let anon = Caller {
            user_id: None,
            roles: &anon_roles,
        };
        assert_eq!(
            decide(&anon, Permission::Describe, &t).0,
            Access::Grant,
            "no user, no user entry applies"
        );
        let global = [entry(role("*"), Permission::Find, Access::Deny)];
        let g = Target {
            global: &global,
            ..EMPTY
        };
        assert_eq!(
            decide(&anon, Permission::Find, &g),
            (Access::Deny, Layer::GlobalSystemRoles)
        );
    }
}
