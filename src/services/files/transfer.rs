//! Copy, move and rename (files.md §2 F11-F13; console FL4): one file or a whole directory.
//!
//! Client copy/move name a *destination directory* ("a path to a directory where the source
//! should be copied to. If the directory does not exist, it is created"); rename names a new
//! name in the same directory; the console names the full new path. All end in [`FilesState::transfer_to`].

use super::errors;
use super::model::{FilePermission, Node, Stamp};
use super::path::{validate_name, FilePath};
use super::state::{allowed, allowed_within, parent_of, Actor, FilesState};
use crate::error::ApiError;

/// Whether the source stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transfer {
    /// Keep the source; the copy gets fresh times and no explicit permissions.
    Copy,
    /// Remove the source; times and permissions move along.
    Move,
}

impl FilesState {
    /// F11 copy `source` into the directory `target_dir`. Returns the new path.
    pub fn copy(
        &self,
        actor: Actor,
        source: &FilePath,
        target_dir: &FilePath,
        now: i64,
    ) -> Result<FilePath, ApiError> {
        let dest = target_dir.join(source.name());
        self.transfer_to(actor, source, &dest, Transfer::Copy, now)
    }

    /// F12 move `source` into the directory `target_dir`. Returns the new path.
    pub fn move_into(
        &self,
        actor: Actor,
        source: &FilePath,
        target_dir: &FilePath,
        now: i64,
    ) -> Result<FilePath, ApiError> {
        let dest = target_dir.join(source.name());
        self.transfer_to(actor, source, &dest, Transfer::Move, now)
    }

    /// F13 rename `source` within its directory (6006 for a name with `/`). Returns the new path.
    pub fn rename(
        &self,
        actor: Actor,
        source: &FilePath,
        new_name: &str,
        now: i64,
    ) -> Result<FilePath, ApiError> {
        let dest = parent_of(source).join(validate_name(new_name)?);
        self.transfer_to(actor, source, &dest, Transfer::Move, now)
    }

    /// Console move/copy: into `dest` when it is an existing directory, else to exactly `dest`.
    pub fn transfer_to_path(
        &self,
        actor: Actor,
        source: &FilePath,
        dest: &FilePath,
        kind: Transfer,
        now: i64,
    ) -> Result<FilePath, ApiError> {
        let into_directory = self.tree.read().get(dest).is_some_and(|n| n.is_directory());
        let dest = if into_directory {
            dest.join(source.name())
        } else {
            dest.clone()
        };
        self.transfer_to(actor, source, &dest, kind, now)
    }

    /// Copy or move `source` (and everything below it) to exactly `dest`, creating the
    /// directories above `dest`. Checks everything before changing anything. Open question 10:
    /// a target directory that is an existing file is 6018 (the file is in the way).
    pub fn transfer_to(
        &self,
        actor: Actor,
        source: &FilePath,
        dest: &FilePath,
        kind: Transfer,
        now: i64,
    ) -> Result<FilePath, ApiError> {
        if source.is_root() {
            return Err(errors::null_parameter("sourcePath"));
        }
        let mut tree = self.tree.write();
        if tree.get(source).is_none() {
            return Err(errors::source_not_found());
        }
        if tree.get(dest).is_some() {
            return Err(errors::already_exists(dest.name()));
        }
        if dest.is_within(source) {
            return Err(errors::into_itself(&source.to_string()));
        }
        tree.check_parents(dest)?;
        let source_permission = match kind {
            Transfer::Copy => FilePermission::Read,
            Transfer::Move => FilePermission::Delete,
        };
        allowed_within(&tree, actor, source, source_permission)?;
        allowed(&tree, actor, dest, FilePermission::Write)?;
        let moved = tree.subtree(source);
        if kind == Transfer::Copy {
            let bytes = moved.iter().map(|(_, n)| n.size()).sum();
            self.check_app_size(&tree, 0, bytes)?;
        }
        tree.ensure_directories(&parent_of(dest), now)?;
        if kind == Transfer::Move {
            tree.remove_within_keeping_acl(source);
            tree.acl.move_within(source, dest);
        }
        for (path, node) in moved {
            let node = match (kind, node) {
                (Transfer::Move, node) => node,
                (Transfer::Copy, Node::File(bytes, _)) => Node::File(bytes, Stamp::new(now)),
                (Transfer::Copy, Node::Directory(_)) => Node::Directory(Stamp::new(now)),
            };
            tree.put(&path.rebase(source, dest), node);
        }
        Ok(dest.clone())
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;
    use crate::services::files::model::{Found, Overwrite};
    use crate::services::security::{Access, Caller, Principal};

    fn p(text: &str) -> FilePath {
        FilePath::parse(text).expect("valid")
    }

    fn store(files: &[&str]) -> FilesState {
        let state = FilesState::default();
        for f in files {
            state
                .save(
                    Actor::Console,
                    &p(f),
                    Bytes::from(f.to_string()),
                    Overwrite::Refuse,
                    1,
                )
                .expect("saved");
        }
        state
    }

    fn content(state: &FilesState, path: &str) -> Option<Bytes> {
        match state.get(Actor::Console, &p(path)) {
            Ok(Found::File(bytes)) => Some(bytes),
            _ => None,
        }
    }

    #[test]
    fn copy_into_a_new_directory_keeps_the_source() {
        let state = store(&["a/f.txt"]);
        let dest = state
            .copy(Actor::Console, &p("a/f.txt"), &p("b/c"), 5)
            .expect("copied");
        assert_eq!(dest.as_str(), "b/c/f.txt");
        assert_eq!(content(&state, "b/c/f.txt"), content(&state, "a/f.txt"));
        assert_eq!(state.used(), 2 * "a/f.txt".len() as u64);
        assert_eq!(state.info(&dest).expect("info").stamp.created_on, 5);
    }

    #[test]
    fn moving_a_directory_carries_content_and_permissions() {
        let state = store(&["d/x.txt", "d/sub/y.txt"]);
        state
            .set_permission(
                &p("d/x.txt"),
                Principal::User("u".into()),
                FilePermission::Read,
                Access::Deny,
            )
            .expect("set");
        state
            .move_into(Actor::Console, &p("d"), &p("t"), 5)
            .expect("moved");
        assert!(content(&state, "d/x.txt").is_none());
        assert!(content(&state, "t/d/sub/y.txt").is_some());
        assert_eq!(state.acl().entries(&p("t/d/x.txt")).len(), 1);
        assert_eq!(state.used(), ("d/x.txt".len() + "d/sub/y.txt".len()) as u64);
    }

    #[test]
    fn rename_checks_names_sources_and_targets() {
        let state = store(&["a/f.txt", "a/g.txt"]);
        let err = |r: Result<FilePath, ApiError>| r.expect_err("fails").code;
        assert_eq!(
            err(state.rename(Actor::Console, &p("a/none"), "x", 1)),
            6007
        );
        assert_eq!(
            err(state.rename(Actor::Console, &p("a/f.txt"), "g.txt", 1)),
            6018
        );
        assert_eq!(
            err(state.rename(Actor::Console, &p("a/f.txt"), "x/y", 1)),
            6006
        );
        assert_eq!(
            err(state.move_into(Actor::Console, &p("a"), &p("a/in"), 1)),
            99062
        );
        assert_eq!(
            err(state.copy(Actor::Console, &p("a/f.txt"), &p("a"), 1)),
            6018
        );
        assert_eq!(
            err(state.copy(Actor::Console, &p("a/g.txt"), &p("a/f.txt"), 1)),
            6018
        );
        assert_eq!(
            err(state.copy(Actor::Console, &p("a"), &p("a/f.txt"), 1)),
            99062
        );
        let renamed = state
            .rename(Actor::Console, &p("a/f.txt"), "h.txt", 1)
            .expect("renamed");
        assert_eq!(renamed.as_str(), "a/h.txt");
    }

    #[test]
    fn client_transfers_need_read_or_delete_on_the_source_and_write_on_the_target() {
        let state = store(&["a/f.txt"]);
        let roles = vec!["AuthenticatedUser".to_string()];
        let caller = Caller {
            user_id: Some("u"),
            roles: &roles,
        };
        let who = Principal::User("u".into());
        state
            .set_permission(
                &p("a/f.txt"),
                who.clone(),
                FilePermission::Delete,
                Access::Deny,
            )
            .expect("set");
        let client = Actor::Client(&caller);
        assert_eq!(
            state
                .move_into(client, &p("a"), &p("b"), 1)
                .expect_err("denied")
                .code,
            4000
        );
        state
            .copy(client, &p("a"), &p("b"), 1)
            .expect("copy needs READ only");
        state
            .set_permission(&p("b"), who, FilePermission::Write, Access::Deny)
            .expect("set");
        assert_eq!(
            state
                .copy(client, &p("a/f.txt"), &p("b"), 1)
                .expect_err("denied")
                .code,
            4000
        );
    }

    #[test]
    fn console_transfers_go_into_existing_directories_or_to_the_exact_path() {
        let state = store(&["a/f.txt", "dir/keep.txt"]);
        let into = state
            .transfer_to_path(Actor::Console, &p("a/f.txt"), &p("dir"), Transfer::Copy, 1)
            .expect("copied");
        assert_eq!(into.as_str(), "dir/f.txt");
        let exact = state
            .transfer_to_path(
                Actor::Console,
                &p("a/f.txt"),
                &p("new/name.txt"),
                Transfer::Move,
                1,
            )
            .expect("moved");
        assert_eq!(exact.as_str(), "new/name.txt");
    }
}
