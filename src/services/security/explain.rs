//! Why a permission check refused: the layer that settled it and the entry that said DENY, in
//! words, for the request journal ("why was this denied?"). Built only when a check refuses.

use super::decide::{decide, Caller, Layer, Target};
use super::model::{is_system_role, Access, Entry, Permission, Principal};

/// Explain the decision of `permission` on `target` for `caller`; `what` names the target
/// (`table Person`, `object 1F2A... of table Person`).
pub(super) fn explain(
    caller: &Caller,
    permission: Permission,
    target: &Target,
    what: &str,
) -> String {
    let (access, layer) = decide(caller, permission, target);
    let verdict = match access {
        Access::Deny => "denied",
        Access::Grant => "granted",
    };
    let rule = match deciding_entry(caller, permission, target, layer, access) {
        Some(entry) => format!(
            "{} {} {} for {}",
            layer_source(layer),
            access_word(entry.access),
            entry.permission.as_str(),
            principal_words(&entry.principal)
        ),
        None if layer == Layer::OwnerPolicy => format!(
            "the table's owner policy {} for objects the caller owns",
            access_word(access)
        ),
        None => "no explicit rule (the default grant)".to_string(),
    };
    format!(
        "{} {verdict} on {what} by {rule} (layer {}: {})",
        permission.as_str(),
        layer_number(layer),
        layer_name(layer)
    )
}

fn deciding_entry<'a>(
    caller: &Caller,
    permission: Permission,
    target: &Target<'a>,
    layer: Layer,
    access: Access,
) -> Option<&'a Entry> {
    let roles = |system: bool| -> Vec<&str> {
        caller
            .roles
            .iter()
            .map(String::as_str)
            .filter(|r| is_system_role(r) == system)
            .collect()
    };
    let (entries, roles): (&[Entry], Option<Vec<&str>>) = match layer {
        Layer::ObjectUser => (target.object_acl, None),
        Layer::ObjectCustomRoles => (target.object_acl, Some(roles(false))),
        Layer::TableUser => (target.table, None),
        Layer::TableCustomRoles => (target.table, Some(roles(false))),
        Layer::ObjectSystemRoles => (target.object_acl, Some(roles(true))),
        Layer::TableSystemRoles => (target.table, Some(roles(true))),
        Layer::GlobalCustomRoles => (target.global, Some(roles(false))),
        Layer::GlobalSystemRoles => (target.global, Some(roles(true))),
        Layer::OwnerPolicy | Layer::Default => return None,
    };
    entries.iter().find(|e| {
        e.access == access
            && e.permission.covers(permission)
            && match (&e.principal, &roles) {
                (Principal::User(u), None) => u == "*" || Some(u.as_str()) == caller.user_id,
                (Principal::Role(r), Some(roles)) => r == "*" || roles.contains(&r.as_str()),
                _ => false,
            }
    })
}

fn access_word(access: Access) -> &'static str {
    match access {
        Access::Deny => "DENY",
        Access::Grant => "GRANT",
    }
}

fn principal_words(p: &Principal) -> String {
    match p {
        Principal::User(u) if u == "*" => "every user (*)".into(),
        Principal::User(u) => format!("user {u}"),
        Principal::Role(r) if r == "*" => "every role (*)".into(),
        Principal::Role(r) => format!("role {r}"),
    }
}

fn layer_source(layer: Layer) -> &'static str {
    match layer {
        Layer::ObjectUser | Layer::ObjectCustomRoles | Layer::ObjectSystemRoles => "the object ACL",
        Layer::TableUser | Layer::TableCustomRoles | Layer::TableSystemRoles => {
            "the table permission"
        }
        _ => "the global role permission",
    }
}

fn layer_number(layer: Layer) -> &'static str {
    match layer {
        Layer::ObjectUser => "1",
        Layer::ObjectCustomRoles => "2",
        Layer::TableUser => "3",
        Layer::TableCustomRoles => "4",
        Layer::OwnerPolicy => "5",
        Layer::ObjectSystemRoles => "6",
        Layer::TableSystemRoles => "7",
        Layer::GlobalCustomRoles => "8",
        Layer::GlobalSystemRoles => "9",
        Layer::Default => "none",
    }
}

fn layer_name(layer: Layer) -> &'static str {
    match layer {
        Layer::ObjectUser => "object ACL for the user",
        Layer::ObjectCustomRoles => "object ACL for custom roles",
        Layer::TableUser => "table permissions for the user",
        Layer::TableCustomRoles => "table permissions for custom roles",
        Layer::OwnerPolicy => "owner policy",
        Layer::ObjectSystemRoles => "object ACL for system roles",
        Layer::TableSystemRoles => "table permissions for system roles",
        Layer::GlobalCustomRoles => "global custom roles",
        Layer::GlobalSystemRoles => "global system roles",
        Layer::Default => "nothing explicit",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_deny_names_the_permission_the_role_and_the_layer() {
        let table = [Entry {
            principal: Principal::Role("AuthenticatedUser".into()),
            permission: Permission::Find,
            access: Access::Deny,
        }];
        let roles = vec!["AuthenticatedUser".to_string(), "RestUser".to_string()];
        let caller = Caller {
            user_id: Some("u1"),
            roles: &roles,
        };
        let target = Target {
            object_acl: &[],
            owner_id: None,
            table: &table,
            owner_policy: None,
            global: &[],
        };
        assert_eq!(
            explain(&caller, Permission::Find, &target, "table Person"),
            "FIND denied on table Person by the table permission DENY FIND for role \
             AuthenticatedUser (layer 7: table permissions for system roles)"
        );
        let user_acl = [Entry {
            principal: Principal::User("*".into()),
            permission: Permission::All,
            access: Access::Deny,
        }];
        let on_object = Target {
            object_acl: &user_acl,
            ..target
        };
        assert!(
            explain(&caller, Permission::Remove, &on_object, "object x").starts_with(
                "REMOVE denied on object x by the object ACL DENY * for every user (*) (layer 1"
            ),
            "{}",
            explain(&caller, Permission::Remove, &on_object, "object x")
        );
    }
}
