//! [`FilesState`]: the file store of one app (files.md §1-§2) with its permission checks and
//! size limits. Methods are synchronous and take typed inputs; handlers only parse and wrap.
//!
//! One `RwLock` guards the whole tree: copy, move, rename and recursive delete change many
//! paths and the byte count together, and must never be seen half done.

use bytes::Bytes;
use parking_lot::RwLock;

use super::acl::Acl;
use super::errors;
use super::model::{CountDirectories, Depth, FilePermission, Found, Listed, Node, Overwrite};
use super::path::FilePath;
use super::pattern::Pattern;
use super::tree::Tree;
use crate::error::ApiError;
use crate::services::security::{Access, Caller, Principal};

/// Who performs a file operation.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    /// A developer through the console: file permissions do not apply.
    Console,
    /// A client-API request, subject to the file ACL.
    Client(&'a Caller<'a>),
}

/// Size limits of the in-memory store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest single file, in bytes.
    pub max_file_bytes: u64,
    /// Largest total of all files of one app, in bytes.
    pub max_app_bytes: u64,
}

impl Default for Limits {
    /// 16 MiB per file (the router's default body limit), 256 MiB per app.
    fn default() -> Self {
        Limits {
            max_file_bytes: 16 * 1024 * 1024,
            max_app_bytes: 256 * 1024 * 1024,
        }
    }
}

/// The files and directories of one app.
#[derive(Debug, Default)]
pub struct FilesState {
    pub(super) tree: RwLock<Tree>,
    pub(super) limits: Limits,
}

impl FilesState {
    /// An empty store with other limits.
    pub fn with_limits(limits: Limits) -> Self {
        FilesState {
            tree: RwLock::new(Tree::default()),
            limits,
        }
    }

    /// F1/F3 upload or save: store `content` at `path`, creating parent directories.
    pub fn save(
        &self,
        actor: Actor,
        path: &FilePath,
        content: Bytes,
        overwrite: Overwrite,
        now: i64,
    ) -> Result<(), ApiError> {
        if path.is_root() {
            return Err(errors::null_parameter("fileName"));
        }
        self.check_file_size(content.len() as u64)?;
        let mut tree = self.tree.write();
        allowed(&tree, actor, path, FilePermission::Write)?;
        let old = match tree.get(path) {
            Some(Node::Directory(_)) => return Err(errors::already_exists(path.name())),
            Some(Node::File(..)) if overwrite == Overwrite::Refuse => {
                return Err(errors::already_exists(path.name()))
            }
            Some(node) => node.size(),
            None => 0,
        };
        tree.check_parents(path)?;
        self.check_app_size(&tree, old, content.len() as u64)?;
        tree.ensure_directories(&parent_of(path), now)?;
        tree.put_file(path, content, now);
        Ok(())
    }

    /// F14-F17 append: add `content` to the end of the file at `path`, creating it if absent.
    pub fn append(
        &self,
        actor: Actor,
        path: &FilePath,
        content: &[u8],
        now: i64,
    ) -> Result<(), ApiError> {
        if path.is_root() {
            return Err(errors::null_parameter("fileName"));
        }
        let mut tree = self.tree.write();
        allowed(&tree, actor, path, FilePermission::Write)?;
        let old = match tree.get(path) {
            Some(Node::Directory(_)) => return Err(errors::already_exists(path.name())),
            Some(Node::File(bytes, _)) => bytes,
            None => Bytes::new(),
        };
        let total = old.len() as u64 + content.len() as u64;
        self.check_file_size(total)?;
        tree.check_parents(path)?;
        self.check_app_size(&tree, old.len() as u64, total)?;
        let mut joined = Vec::with_capacity(old.len() + content.len());
        joined.extend_from_slice(&old);
        joined.extend_from_slice(content);
        tree.ensure_directories(&parent_of(path), now)?;
        tree.put_file(path, Bytes::from(joined), now);
        Ok(())
    }

    /// F8 create directory (and its parents); an existing directory is fine.
    pub fn create_directory(
        &self,
        actor: Actor,
        path: &FilePath,
        now: i64,
    ) -> Result<(), ApiError> {
        let mut tree = self.tree.write();
        allowed(&tree, actor, path, FilePermission::Write)?;
        tree.ensure_directories(path, now)
    }

    /// F4/F5 GET: what `path` is (6000 when missing).
    pub fn get(&self, actor: Actor, path: &FilePath) -> Result<Found, ApiError> {
        let tree = self.tree.read();
        allowed(&tree, actor, path, FilePermission::Read)?;
        match tree.get(path) {
            Some(Node::File(bytes, _)) => Ok(Found::File(bytes)),
            Some(Node::Directory(_)) => Ok(Found::Directory),
            None => Err(errors::not_found()),
        }
    }

    /// The listing item of one path (console responses), 6000 when missing.
    pub fn info(&self, path: &FilePath) -> Result<Listed, ApiError> {
        let tree = self.tree.read();
        let node = tree.get(path).ok_or_else(errors::not_found)?;
        Ok(Listed {
            path: path.clone(),
            stamp: node.stamp(),
            size: tree.size_within(path),
        })
    }

    /// F5 listing of `dir`: direct children (files and directories), or with
    /// [`Depth::Recursive`] the files at every depth. Items the caller may not READ are left out.
    ///
    /// Open question 6: a recursive listing holds files only — the JS e2e's recursive page of a
    /// tree with one subdirectory contains no directory entry. Order: by path.
    pub fn list(
        &self,
        actor: Actor,
        dir: &FilePath,
        pattern: &Pattern,
        depth: Depth,
    ) -> Result<Vec<Listed>, ApiError> {
        let tree = self.tree.read();
        allowed(&tree, actor, dir, FilePermission::Read)?;
        let node = tree.get(dir).ok_or_else(errors::not_found)?;
        if !node.is_directory() {
            return Ok(vec![Listed {
                path: dir.clone(),
                stamp: node.stamp(),
                size: node.size(),
            }]);
        }
        let items: Vec<(FilePath, &Node)> = match depth {
            Depth::Children => tree.children(dir).collect(),
            Depth::Recursive => tree
                .descendants(dir)
                .filter(|(_, n)| !n.is_directory())
                .collect(),
        };
        Ok(items
            .into_iter()
            .filter(|(p, _)| pattern.matches(p.name()))
            .filter(|(p, _)| allowed(&tree, actor, p, FilePermission::Read).is_ok())
            .map(|(path, node)| Listed {
                size: if node.is_directory() {
                    tree.size_within(&path)
                } else {
                    node.size()
                },
                stamp: node.stamp(),
                path,
            })
            .collect())
    }

    /// F6 count of the names below `dir` that match `pattern`.
    pub fn count(
        &self,
        actor: Actor,
        dir: &FilePath,
        pattern: &Pattern,
        depth: Depth,
        directories: CountDirectories,
    ) -> Result<usize, ApiError> {
        let tree = self.tree.read();
        allowed(&tree, actor, dir, FilePermission::Read)?;
        if !tree.get(dir).ok_or_else(errors::not_found)?.is_directory() {
            return Ok(0);
        }
        let counts = |(p, n): &(FilePath, &Node)| {
            (directories == CountDirectories::Yes || !n.is_directory())
                && pattern.matches(p.name())
                && allowed(&tree, actor, p, FilePermission::Read).is_ok()
        };
        Ok(match depth {
            Depth::Children => tree.children(dir).filter(counts).count(),
            Depth::Recursive => tree.descendants(dir).filter(counts).count(),
        })
    }

    /// F7 exists: files and directories, empty or not.
    pub fn exists(&self, actor: Actor, path: &FilePath) -> Result<bool, ApiError> {
        let tree = self.tree.read();
        allowed(&tree, actor, path, FilePermission::Read)?;
        Ok(tree.get(path).is_some())
    }

    /// F9/F10 delete a file, or a directory with everything in it. Returns the number of
    /// entries removed (open question 3: the JS d.ts promises a number).
    pub fn delete(&self, actor: Actor, path: &FilePath) -> Result<usize, ApiError> {
        if path.is_root() {
            return Err(errors::null_parameter("path"));
        }
        let mut tree = self.tree.write();
        if tree.get(path).is_none() {
            return Err(errors::not_found());
        }
        allowed_within(&tree, actor, path, FilePermission::Delete)?;
        Ok(tree.remove_within(path))
    }

    /// F18 grant or deny one permission on an existing file or directory.
    pub fn set_permission(
        &self,
        path: &FilePath,
        principal: Principal,
        permission: FilePermission,
        access: Access,
    ) -> Result<(), ApiError> {
        let mut tree = self.tree.write();
        if tree.get(path).is_none() {
            return Err(errors::not_found());
        }
        tree.acl.set(path, principal, permission, access);
        Ok(())
    }

    /// Revoke `principal`'s entries on an existing path (one permission, or every one).
    pub fn revoke_permission(
        &self,
        path: &FilePath,
        principal: &Principal,
        permission: Option<FilePermission>,
    ) -> Result<(), ApiError> {
        let mut tree = self.tree.write();
        if tree.get(path).is_none() {
            return Err(errors::not_found());
        }
        tree.acl.unset(path, principal, permission);
        Ok(())
    }

    /// A copy of the explicit permissions.
    pub fn acl(&self) -> Acl {
        self.tree.read().acl.clone()
    }

    /// Total bytes stored.
    pub fn used(&self) -> u64 {
        self.tree.read().used()
    }

    /// The largest file the app may hold, in bytes.
    pub(super) fn max_file_bytes(&self) -> u64 {
        self.limits.max_file_bytes
    }

    fn check_file_size(&self, len: u64) -> Result<(), ApiError> {
        if len > self.limits.max_file_bytes {
            return Err(errors::file_too_large(self.limits.max_file_bytes));
        }
        Ok(())
    }

    pub(super) fn check_app_size(
        &self,
        tree: &Tree,
        freed: u64,
        added: u64,
    ) -> Result<(), ApiError> {
        if tree.used() - freed.min(tree.used()) + added > self.limits.max_app_bytes {
            return Err(errors::storage_full(self.limits.max_app_bytes));
        }
        Ok(())
    }
}

/// The directory holding `path` (the root for top-level entries).
pub(super) fn parent_of(path: &FilePath) -> FilePath {
    path.parent().unwrap_or_else(FilePath::root)
}

/// 4000 unless the actor may do `permission` on `path`.
pub(super) fn allowed(
    tree: &Tree,
    actor: Actor,
    path: &FilePath,
    permission: FilePermission,
) -> Result<(), ApiError> {
    match actor {
        Actor::Console => Ok(()),
        Actor::Client(caller) => match tree.acl.decide(caller, path, permission) {
            Access::Grant => Ok(()),
            Access::Deny => {
                Err(errors::no_permission().with_rule(tree.acl.explain(caller, path, permission)))
            }
        },
    }
}

/// 4000 unless the actor may do `permission` on `path` and everything below it.
pub(super) fn allowed_within(
    tree: &Tree,
    actor: Actor,
    path: &FilePath,
    permission: FilePermission,
) -> Result<(), ApiError> {
    match actor {
        Actor::Client(caller) if tree.acl.denies_within(caller, path, permission) => {
            Err(errors::no_permission().with_rule(tree.acl.explain(caller, path, permission)))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
