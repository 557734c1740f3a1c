//! Stored security settings of one app: custom roles, role assignments, object ACLs, table
//! permissions, owner policies and global role permissions.

use std::collections::{BTreeMap, BTreeSet};

use parking_lot::RwLock;
use serde::{Deserialize, Serialize};

use super::decide::{decide, Caller, Layer, Target};
use super::errors;
use super::model::{is_system_role, Access, Entry, Permission, Principal, Role, SYSTEM_ROLES};
use crate::apps::ServiceState;
use crate::error::ApiError;
use crate::ids::IdGen;

/// Everything security-related of one app.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecurityState {
    inner: RwLock<Security>,
}

impl ServiceState for SecurityState {
    const KEY: &'static str = "security";
}

/// The plain data behind [`SecurityState`] (also the export format).
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Security {
    /// Custom roles by name.
    pub roles: BTreeMap<String, Role>,
    /// Custom roles assigned to each user objectId.
    pub user_roles: BTreeMap<String, BTreeSet<String>>,
    /// Object ACLs: table → objectId → entries.
    pub object_acl: BTreeMap<String, BTreeMap<String, Vec<Entry>>>,
    /// Table permissions: table → entries.
    pub table: BTreeMap<String, Vec<Entry>>,
    /// Owner policy: table → permission → access.
    pub owner_policy: BTreeMap<String, BTreeMap<Permission, Access>>,
    /// App-wide role permissions.
    pub global: Vec<Entry>,
}

/// Where a permission entry is stored.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// One object of a table.
    Object {
        /// Table name.
        table: &'a str,
        /// objectId.
        object_id: &'a str,
    },
    /// A whole table.
    Table(&'a str),
    /// The whole app (role entries only).
    Global,
}

impl SecurityState {
    /// A copy of the stored data.
    pub fn snapshot(&self) -> Security {
        self.inner.read().clone()
    }

    /// Replace the stored data (import).
    pub fn restore(data: Security) -> Self {
        SecurityState {
            inner: RwLock::new(data),
        }
    }

    /// Every role: system roles first, then custom ones.
    pub fn roles(&self, ids: &IdGen) -> Vec<Role> {
        let _ = ids;
        let mut all: Vec<Role> = SYSTEM_ROLES
            .iter()
            .map(|name| Role {
                role_id: format!("SYSTEM-{name}"),
                name: name.to_string(),
                system: true,
            })
            .collect();
        all.extend(self.inner.read().roles.values().cloned());
        all
    }

    /// Whether a custom role exists.
    pub fn has_custom_role(&self, name: &str) -> bool {
        self.inner.read().roles.contains_key(name)
    }

    /// Create a custom role (idempotent for an existing custom role).
    pub fn create_role(&self, name: &str, ids: &IdGen) -> Result<Role, ApiError> {
        let valid = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ');
        if !valid {
            return Err(errors::invalid_role_name(name));
        }
        if is_system_role(name) {
            return Err(errors::system_role_exists(name));
        }
        let mut s = self.inner.write();
        let role = s.roles.entry(name.to_string()).or_insert_with(|| Role {
            role_id: ids.guid(),
            name: name.to_string(),
            system: false,
        });
        Ok(role.clone())
    }

    /// Delete a custom role by id or name, with every assignment and entry naming it.
    pub fn delete_role(&self, id_or_name: &str) -> Result<Role, ApiError> {
        let mut s = self.inner.write();
        let name = s
            .roles
            .values()
            .find(|r| r.role_id == id_or_name || r.name == id_or_name)
            .map(|r| r.name.clone())
            .ok_or_else(role_not_found)?;
        let role = s.roles.remove(&name).ok_or_else(role_not_found)?;
        for set in s.user_roles.values_mut() {
            set.remove(&name);
        }
        let named = |e: &Entry| matches!(&e.principal, Principal::Role(r) if *r == name);
        s.global.retain(|e| !named(e));
        for entries in s.table.values_mut() {
            entries.retain(|e| !named(e));
        }
        for objects in s.object_acl.values_mut() {
            for entries in objects.values_mut() {
                entries.retain(|e| !named(e));
            }
        }
        Ok(role)
    }

    /// Custom roles assigned to a user.
    pub fn custom_roles_of(&self, user_id: &str) -> Vec<String> {
        self.inner
            .read()
            .user_roles
            .get(user_id)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Users holding a custom role.
    pub fn users_with_role(&self, role: &str) -> BTreeSet<String> {
        self.inner
            .read()
            .user_roles
            .iter()
            .filter(|(_, roles)| roles.contains(role))
            .map(|(u, _)| u.clone())
            .collect()
    }

    /// Assign a role (2007 system role, 2005 unknown role).
    pub fn assign(&self, user_id: &str, role: &str) -> Result<(), ApiError> {
        if is_system_role(role) {
            return Err(errors::assign_system_role(role));
        }
        let mut s = self.inner.write();
        if !s.roles.contains_key(role) {
            return Err(role_not_found());
        }
        s.user_roles
            .entry(user_id.to_string())
            .or_default()
            .insert(role.to_string());
        Ok(())
    }

    /// Unassign a role (2008 system role, 2005 unknown role).
    pub fn unassign(&self, user_id: &str, role: &str) -> Result<(), ApiError> {
        if is_system_role(role) {
            return Err(errors::unassign_system_role(role));
        }
        let mut s = self.inner.write();
        if !s.roles.contains_key(role) {
            return Err(role_not_found());
        }
        if let Some(set) = s.user_roles.get_mut(user_id) {
            set.remove(role);
        }
        Ok(())
    }

    /// Forget everything about a deleted user.
    pub fn forget_user(&self, user_id: &str) {
        let mut s = self.inner.write();
        s.user_roles.remove(user_id);
        if let Some(users) = s.object_acl.get_mut("Users") {
            users.remove(user_id);
        }
    }

    /// Forget the ACL of a deleted object.
    pub fn forget_object(&self, table: &str, object_id: &str) {
        if let Some(objects) = self.inner.write().object_acl.get_mut(table) {
            objects.remove(object_id);
        }
    }

    /// Set (or, with `access = None`, revoke) one explicit entry.
    pub fn set_entry(
        &self,
        scope: Scope,
        principal: Principal,
        permission: Permission,
        access: Option<Access>,
    ) {
        let mut s = self.inner.write();
        let entries = match scope {
            Scope::Object { table, object_id } => s
                .object_acl
                .entry(table.to_string())
                .or_default()
                .entry(object_id.to_string())
                .or_default(),
            Scope::Table(table) => s.table.entry(table.to_string()).or_default(),
            Scope::Global => &mut s.global,
        };
        entries.retain(|e| !(e.principal == principal && e.permission == permission));
        if let Some(access) = access {
            entries.push(Entry {
                principal,
                permission,
                access,
            });
        }
    }

    /// Set (or clear) a table's owner policy for one permission.
    pub fn set_owner_policy(&self, table: &str, permission: Permission, access: Option<Access>) {
        let mut s = self.inner.write();
        let policy = s.owner_policy.entry(table.to_string()).or_default();
        match access {
            Some(a) => {
                policy.insert(permission, a);
            }
            None => {
                policy.remove(&permission);
            }
        }
    }

    /// A role by id or name, system roles included (`SYSTEM-{name}` is a system role's id).
    pub fn role(&self, id_or_name: &str) -> Option<Role> {
        self.roles(&IdGen::seeded(0))
            .into_iter()
            .find(|r| r.role_id == id_or_name || r.name == id_or_name)
    }

    /// A copy of the explicit entries stored at `scope`.
    pub fn entries(&self, scope: Scope) -> Vec<Entry> {
        let s = self.inner.read();
        let found = match scope {
            Scope::Object { table, object_id } => {
                s.object_acl.get(table).and_then(|o| o.get(object_id))
            }
            Scope::Table(table) => s.table.get(table),
            Scope::Global => Some(&s.global),
        };
        found.cloned().unwrap_or_default()
    }

    /// Revoke every entry of `principal` at `scope` (the console's "reset to inherit").
    pub fn clear_principal(&self, scope: Scope, principal: &Principal) {
        let mut s = self.inner.write();
        let entries = match scope {
            Scope::Object { table, object_id } => s
                .object_acl
                .get_mut(table)
                .and_then(|o| o.get_mut(object_id)),
            Scope::Table(table) => s.table.get_mut(table),
            Scope::Global => Some(&mut s.global),
        };
        if let Some(entries) = entries {
            entries.retain(|e| e.principal != *principal);
        }
    }

    /// Revoke `permission` for every role at `scope`.
    pub fn clear_roles_of(&self, scope: Scope, permission: Permission) {
        let roles: Vec<Principal> = self
            .entries(scope)
            .into_iter()
            .filter(|e| matches!(e.principal, Principal::Role(_)) && e.permission == permission)
            .map(|e| e.principal)
            .collect();
        for role in roles {
            self.set_entry(scope, role, permission, None);
        }
    }

    /// A table's owner policy, permission by permission.
    pub fn owner_policy(&self, table: &str) -> BTreeMap<Permission, Access> {
        self.inner
            .read()
            .owner_policy
            .get(table)
            .cloned()
            .unwrap_or_default()
    }

    /// objectIds of a table's objects that carry explicit ACL entries.
    pub fn objects_with_acl(&self, table: &str) -> std::collections::HashSet<String> {
        self.inner
            .read()
            .object_acl
            .get(table)
            .map(|objects| {
                objects
                    .iter()
                    .filter(|(_, entries)| !entries.is_empty())
                    .map(|(id, _)| id.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether a table has an owner policy for `permission` (or for every permission).
    pub fn has_owner_policy(&self, table: &str, permission: Permission) -> bool {
        self.inner
            .read()
            .owner_policy
            .get(table)
            .is_some_and(|p| p.contains_key(&permission) || p.contains_key(&Permission::All))
    }

    /// Decide an operation for a caller on a table, or on one object of it.
    pub fn check(
        &self,
        caller: &Caller,
        permission: Permission,
        table: &str,
        object: Option<(&str, Option<&str>)>,
    ) -> (Access, Layer) {
        self.with_target(permission, table, object, |target| {
            decide(caller, permission, target)
        })
    }

    /// [`SecurityState::check`] in words: the layer and the entry that settled it (for the
    /// request journal's refusal reasons).
    pub fn explain(
        &self,
        caller: &Caller,
        permission: Permission,
        table: &str,
        object: Option<(&str, Option<&str>)>,
    ) -> String {
        let what = match (object, table) {
            (Some((id, _)), "") => format!("object {id}"),
            (Some((id, _)), t) => format!("object {id} of table {t}"),
            (None, "") => "the app".to_string(),
            (None, t) => format!("table {t}"),
        };
        self.with_target(permission, table, object, |target| {
            super::explain::explain(caller, permission, target, &what)
        })
    }

    fn with_target<R>(
        &self,
        permission: Permission,
        table: &str,
        object: Option<(&str, Option<&str>)>,
        f: impl FnOnce(&Target) -> R,
    ) -> R {
        let s = self.inner.read();
        let object_acl = object
            .and_then(|(id, _)| s.object_acl.get(table).and_then(|o| o.get(id)))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let target = Target {
            object_acl,
            owner_id: object.and_then(|(_, owner)| owner),
            table: s.table.get(table).map(Vec::as_slice).unwrap_or(&[]),
            owner_policy: s
                .owner_policy
                .get(table)
                .and_then(|p| p.get(&permission).or_else(|| p.get(&Permission::All)))
                .copied(),
            global: &s.global,
        };
        f(&target)
    }
}

pub use super::errors::role_not_found;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_created_assigned_and_deleted_with_their_entries() {
        let ids = IdGen::seeded(1);
        let s = SecurityState::default();
        let role = s.create_role("Editors", &ids).expect("created");
        assert_eq!(
            s.assign("u1", "AuthenticatedUser")
                .expect_err("system")
                .code,
            2007
        );
        assert_eq!(s.unassign("u1", "RestUser").expect_err("system").code, 2008);
        assert_eq!(s.assign("u1", "Nope").expect_err("unknown").code, 2005);
        s.assign("u1", "Editors").expect("assigned");
        assert_eq!(s.custom_roles_of("u1"), vec!["Editors".to_string()]);
        s.set_entry(
            Scope::Table("T"),
            Principal::Role("Editors".into()),
            Permission::Find,
            Some(Access::Deny),
        );
        s.delete_role(&role.role_id).expect("deleted");
        assert!(s.custom_roles_of("u1").is_empty());
        assert!(s.snapshot().table["T"].is_empty());
    }

    #[test]
    fn entries_replace_and_revoke() {
        let s = SecurityState::default();
        let scope = Scope::Object {
            table: "T",
            object_id: "o1",
        };
        let who = Principal::User("u".into());
        s.set_entry(scope, who.clone(), Permission::Find, Some(Access::Deny));
        s.set_entry(scope, who.clone(), Permission::Find, Some(Access::Grant));
        let roles = vec!["AuthenticatedUser".to_string()];
        let caller = Caller {
            user_id: Some("u"),
            roles: &roles,
        };
        assert_eq!(
            s.check(&caller, Permission::Find, "T", Some(("o1", None)))
                .0,
            Access::Grant
        );
        assert_eq!(s.snapshot().object_acl["T"]["o1"].len(), 1);
        s.set_entry(scope, who, Permission::Find, None);
        assert!(s.snapshot().object_acl["T"]["o1"].is_empty());
    }
}
