//! File permissions (files.md §2 F18): explicit GRANT/DENY entries on files and directories and
//! the decision whether a caller may READ, WRITE or DELETE a path.
//!
//! Decision rule (Backendless documents the API, not the resolution order; this is the emulator's
//! reading, modelled on the data-service layers where user entries beat role entries):
//! the most specific path with an applicable entry decides, walking from the path up to the root.
//! Within one path: entries for the caller's user id, then `user: "*"` (every caller, logged in
//! or not), then the caller's roles, then `role: "*"`; at each step a DENY beats a GRANT.
//! No applicable entry anywhere: GRANT, like a fresh Backendless app.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::FilePermission;
use super::path::FilePath;
use crate::services::security::{Access, Caller, Principal};

/// One explicit entry on a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AclEntry {
    /// Who (`user` id or `role` name; `*` = all).
    pub principal: Principal,
    /// Which operation.
    pub permission: FilePermission,
    /// Grant or deny.
    pub access: Access,
}

/// Every explicit entry, by path (`""` = the root directory).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Acl(BTreeMap<String, Vec<AclEntry>>);

impl Acl {
    /// Set one entry, replacing the previous one for the same principal and permission.
    pub fn set(
        &mut self,
        path: &FilePath,
        principal: Principal,
        permission: FilePermission,
        access: Access,
    ) {
        let entries = self.0.entry(path.as_str().to_string()).or_default();
        entries.retain(|e| !(e.principal == principal && e.permission == permission));
        entries.push(AclEntry {
            principal,
            permission,
            access,
        });
    }

    /// Remove the entries of `principal` on `path` (for one permission, or every one): the
    /// console's "inherit".
    pub fn unset(
        &mut self,
        path: &FilePath,
        principal: &Principal,
        permission: Option<FilePermission>,
    ) {
        if let Some(entries) = self.0.get_mut(path.as_str()) {
            entries.retain(|e| {
                e.principal != *principal || permission.is_some_and(|p| p != e.permission)
            });
            if entries.is_empty() {
                self.0.remove(path.as_str());
            }
        }
    }

    /// Whether `caller` may do `permission` on `path`.
    pub fn decide(&self, caller: &Caller, path: &FilePath, permission: FilePermission) -> Access {
        if self.0.is_empty() {
            return Access::Grant;
        }
        path.ancestors()
            .find_map(|p| {
                self.0
                    .get(p.as_str())
                    .and_then(|entries| explicit(entries, caller, permission))
            })
            .unwrap_or(Access::Grant)
    }

    /// Why `caller` is denied `permission` on `path` (or below it), in words for the journal:
    /// the path whose entries refused and the principal of the DENY entry.
    pub fn explain(&self, caller: &Caller, path: &FilePath, permission: FilePermission) -> String {
        let deciding = self
            .0
            .iter()
            .filter(|(k, _)| {
                let p = FilePath::from_stored(k);
                path.ancestors().any(|a| a.as_str() == p.as_str()) || p.is_within(path)
            })
            .find_map(|(k, entries)| {
                (explicit(entries, caller, permission) == Some(Access::Deny)).then(|| {
                    let who = entries
                        .iter()
                        .find(|e| e.permission == permission && e.access == Access::Deny)
                        .map(|e| match &e.principal {
                            Principal::User(u) => format!("user {u}"),
                            Principal::Role(r) => format!("role {r}"),
                        })
                        .unwrap_or_default();
                    format!(
                        "the file permission DENY {} for {who} on /{k}",
                        name(permission)
                    )
                })
            });
        format!(
            "{} denied on /{} by {}",
            name(permission),
            path.as_str(),
            deciding.unwrap_or_else(|| "a file permission".into())
        )
    }

    /// Whether `caller` is denied `permission` on `dir` or anything below it.
    pub fn denies_within(
        &self,
        caller: &Caller,
        dir: &FilePath,
        permission: FilePermission,
    ) -> bool {
        self.decide(caller, dir, permission) == Access::Deny
            || self
                .0
                .keys()
                .map(|k| FilePath::from_stored(k))
                .filter(|p| p.is_within(dir))
                .any(|p| self.decide(caller, &p, permission) == Access::Deny)
    }

    /// Drop the entries of `dir` and everything below it (deleted paths).
    pub fn remove_within(&mut self, dir: &FilePath) {
        self.0
            .retain(|k, _| !FilePath::from_stored(k).is_within(dir));
    }

    /// Carry the entries of `from` and everything below it over to `to` (move, rename).
    pub fn move_within(&mut self, from: &FilePath, to: &FilePath) {
        let moved: Vec<(String, Vec<AclEntry>)> = self
            .0
            .iter()
            .filter(|(k, _)| FilePath::from_stored(k).is_within(from))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (key, entries) in moved {
            self.0.remove(&key);
            let path = FilePath::from_stored(&key);
            self.0
                .insert(path.rebase(from, to).as_str().to_string(), entries);
        }
    }

    /// Every path carrying entries (import validates them).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Entries on one path (for tests and inspection).
    pub fn entries(&self, path: &FilePath) -> &[AclEntry] {
        self.0.get(path.as_str()).map(Vec::as_slice).unwrap_or(&[])
    }
}

fn name(permission: FilePermission) -> String {
    format!("{permission:?}").to_uppercase()
}

/// The access one path's entries give `caller`, if any applies.
fn explicit(entries: &[AclEntry], caller: &Caller, permission: FilePermission) -> Option<Access> {
    let steps: [&dyn Fn(&Principal) -> bool; 4] = [
        &|p| matches!(p, Principal::User(u) if Some(u.as_str()) == caller.user_id && u != "*"),
        &|p| matches!(p, Principal::User(u) if u == "*"),
        &|p| matches!(p, Principal::Role(r) if r != "*" && caller.roles.contains(r)),
        &|p| matches!(p, Principal::Role(r) if r == "*"),
    ];
    steps.iter().find_map(|applies| {
        let mut found = None;
        for e in entries
            .iter()
            .filter(|e| e.permission == permission && applies(&e.principal))
        {
            if e.access == Access::Deny {
                return Some(Access::Deny);
            }
            found = Some(Access::Grant);
        }
        found
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> FilePath {
        FilePath::parse(text).expect("valid")
    }

    fn caller<'a>(user: Option<&'a str>, roles: &'a [String]) -> Caller<'a> {
        Caller {
            user_id: user,
            roles,
        }
    }

    #[test]
    fn nothing_explicit_grants() {
        let acl = Acl::default();
        let roles = vec!["NotAuthenticatedUser".to_string()];
        let c = caller(None, &roles);
        assert_eq!(
            acl.decide(&c, &p("a/b"), FilePermission::Read),
            Access::Grant
        );
    }

    #[test]
    fn the_most_specific_path_decides_and_directories_are_inherited() {
        let mut acl = Acl::default();
        let roles = vec!["AuthenticatedUser".to_string()];
        let c = caller(Some("u1"), &roles);
        acl.set(
            &p("dir"),
            Principal::Role("AuthenticatedUser".into()),
            FilePermission::Read,
            Access::Deny,
        );
        assert_eq!(
            acl.decide(&c, &p("dir/x.txt"), FilePermission::Read),
            Access::Deny
        );
        assert_eq!(
            acl.decide(&c, &p("dir/x.txt"), FilePermission::Write),
            Access::Grant
        );
        acl.set(
            &p("dir/x.txt"),
            Principal::User("u1".into()),
            FilePermission::Read,
            Access::Grant,
        );
        assert_eq!(
            acl.decide(&c, &p("dir/x.txt"), FilePermission::Read),
            Access::Grant
        );
        assert_eq!(
            acl.decide(&c, &p("dir/y.txt"), FilePermission::Read),
            Access::Deny
        );
        assert!(acl.denies_within(&c, &p("dir"), FilePermission::Read));
        assert!(!acl.denies_within(&c, &p("dir/x.txt"), FilePermission::Read));
    }

    #[test]
    fn user_entries_beat_role_entries_and_deny_beats_grant() {
        let mut acl = Acl::default();
        let roles = vec!["AuthenticatedUser".to_string(), "Editors".to_string()];
        let c = caller(Some("u1"), &roles);
        let f = p("f.txt");
        acl.set(
            &f,
            Principal::Role("Editors".into()),
            FilePermission::Write,
            Access::Grant,
        );
        acl.set(
            &f,
            Principal::Role("AuthenticatedUser".into()),
            FilePermission::Write,
            Access::Deny,
        );
        assert_eq!(acl.decide(&c, &f, FilePermission::Write), Access::Deny);
        acl.set(
            &f,
            Principal::User("u1".into()),
            FilePermission::Write,
            Access::Grant,
        );
        assert_eq!(acl.decide(&c, &f, FilePermission::Write), Access::Grant);
        acl.set(
            &f,
            Principal::User("u1".into()),
            FilePermission::Write,
            Access::Deny,
        );
        assert_eq!(acl.entries(&f).len(), 3, "the user entry was replaced");
        assert_eq!(acl.decide(&c, &f, FilePermission::Write), Access::Deny);
    }

    #[test]
    fn wildcards_apply_to_everyone() {
        let mut acl = Acl::default();
        let roles = vec!["NotAuthenticatedUser".to_string()];
        let anonymous = caller(None, &roles);
        acl.set(
            &p("d"),
            Principal::User("*".into()),
            FilePermission::Delete,
            Access::Deny,
        );
        assert_eq!(
            acl.decide(&anonymous, &p("d/f"), FilePermission::Delete),
            Access::Deny
        );
        let mut acl = Acl::default();
        acl.set(
            &p("d"),
            Principal::Role("*".into()),
            FilePermission::Read,
            Access::Deny,
        );
        assert_eq!(
            acl.decide(&anonymous, &p("d"), FilePermission::Read),
            Access::Deny
        );
    }

    #[test]
    fn entries_follow_moves_and_disappear_with_deletes() {
        let mut acl = Acl::default();
        acl.set(
            &p("a/b"),
            Principal::User("u".into()),
            FilePermission::Read,
            Access::Deny,
        );
        acl.set(
            &p("ab"),
            Principal::User("u".into()),
            FilePermission::Read,
            Access::Deny,
        );
        acl.move_within(&p("a"), &p("z/a"));
        assert_eq!(acl.entries(&p("z/a/b")).len(), 1);
        assert!(acl.entries(&p("a/b")).is_empty());
        assert_eq!(
            acl.entries(&p("ab")).len(),
            1,
            "siblings sharing a prefix stay"
        );
        acl.remove_within(&p("z"));
        assert!(acl.entries(&p("z/a/b")).is_empty());
        assert_eq!(acl.entries(&p("ab")).len(), 1);
    }
}
