//! [`Tree`]: the plain directory tree of one app (files.md §1): nodes by path, the ACL, and the
//! number of bytes stored. No locking, no permission checks, no limits: [`super::state`] adds those.

use std::collections::BTreeMap;

use bytes::Bytes;

use super::acl::Acl;
use super::errors;
use super::model::{Node, Stamp};
use super::path::FilePath;
use crate::error::ApiError;

/// Every file and directory of an app, keyed by path (the root is implicit and never stored).
#[derive(Debug, Default, Clone)]
pub(super) struct Tree {
    nodes: BTreeMap<String, Node>,
    used: u64,
    /// Explicit permissions.
    pub acl: Acl,
}

impl Tree {
    /// The node at `path` (the root is a directory), cloned: file bytes are shared, not copied.
    pub(super) fn get(&self, path: &FilePath) -> Option<Node> {
        if path.is_root() {
            return Some(Node::Directory(Stamp::new(0)));
        }
        self.nodes.get(path.as_str()).cloned()
    }

    /// Total bytes of every file.
    pub(super) fn used(&self) -> u64 {
        self.used
    }

    /// Everything strictly below `dir`, in path order.
    pub(super) fn descendants<'a>(
        &'a self,
        dir: &FilePath,
    ) -> Box<dyn Iterator<Item = (FilePath, &'a Node)> + 'a> {
        let stored = |(k, v): (&String, &'a Node)| (FilePath::from_stored(k), v);
        if dir.is_root() {
            return Box::new(self.nodes.iter().map(stored));
        }
        let prefix = format!("{}/", dir.as_str());
        Box::new(
            self.nodes
                .range(prefix.clone()..)
                .take_while(move |(k, _)| k.starts_with(&prefix))
                .map(stored),
        )
    }

    /// Direct children of `dir`, in name order.
    pub(super) fn children<'a>(
        &'a self,
        dir: &FilePath,
    ) -> impl Iterator<Item = (FilePath, &'a Node)> {
        let depth = depth_of(dir);
        self.descendants(dir)
            .filter(move |(p, _)| depth_of(p) == depth + 1)
    }

    /// Bytes of `path` if a file, of all files below it if a directory.
    pub(super) fn size_within(&self, path: &FilePath) -> u64 {
        let own = self.get(path).map_or(0, |n| n.size());
        own + self.descendants(path).map(|(_, n)| n.size()).sum::<u64>()
    }

    /// 6018 when an ancestor of `path` exists as a file (a directory cannot be created there).
    pub(super) fn check_parents(&self, path: &FilePath) -> Result<(), ApiError> {
        for ancestor in path.ancestors().skip(1) {
            if let Some(Node::File(..)) = self.nodes.get(ancestor.as_str()) {
                return Err(errors::already_exists(ancestor.name()));
            }
        }
        Ok(())
    }

    /// Create every missing directory of `dir` and above ("If the path does not exist, Backendless
    /// File Service creates the directory structure"). 6018 if one of them is a file.
    pub(super) fn ensure_directories(&mut self, dir: &FilePath, now: i64) -> Result<(), ApiError> {
        self.check_parents(dir)?;
        if let Some(Node::File(..)) = self.nodes.get(dir.as_str()) {
            return Err(errors::already_exists(dir.name()));
        }
        let missing: Vec<FilePath> = dir
            .ancestors()
            .filter(|p| !p.is_root() && !self.nodes.contains_key(p.as_str()))
            .collect();
        for path in missing {
            self.nodes
                .insert(path.as_str().to_string(), Node::Directory(Stamp::new(now)));
        }
        Ok(())
    }

    /// Store a node at `path` (its parents must exist), replacing what was there.
    pub(super) fn put(&mut self, path: &FilePath, node: Node) {
        self.used += node.size();
        if let Some(old) = self.nodes.insert(path.as_str().to_string(), node) {
            self.used -= old.size();
        }
    }

    /// Store file bytes, keeping the creation time of a file already there.
    pub(super) fn put_file(&mut self, path: &FilePath, content: Bytes, now: i64) {
        let created_on = match self.nodes.get(path.as_str()) {
            Some(Node::File(_, stamp)) => stamp.created_on,
            _ => now,
        };
        let stamp = Stamp {
            created_on,
            updated_on: now,
        };
        self.put(path, Node::File(content, stamp));
    }

    /// Remove `path` and everything below it, with their permissions. Returns how many entries went.
    pub(super) fn remove_within(&mut self, path: &FilePath) -> usize {
        let removed = self.remove_within_keeping_acl(path);
        self.acl.remove_within(path);
        removed
    }

    /// Remove `path` and everything below it but leave their permissions (a move carries them).
    pub(super) fn remove_within_keeping_acl(&mut self, path: &FilePath) -> usize {
        let doomed: Vec<String> = std::iter::once(path.clone())
            .filter(|p| self.nodes.contains_key(p.as_str()))
            .chain(self.descendants(path).map(|(p, _)| p))
            .map(|p| p.as_str().to_string())
            .collect();
        for key in &doomed {
            if let Some(node) = self.nodes.remove(key) {
                self.used -= node.size();
            }
        }
        doomed.len()
    }

    /// `path` and everything below it, cloned (file bytes shared), parents before children.
    pub(super) fn subtree(&self, path: &FilePath) -> Vec<(FilePath, Node)> {
        self.get(path)
            .map(|n| (path.clone(), n))
            .into_iter()
            .chain(self.descendants(path).map(|(p, n)| (p, n.clone())))
            .collect()
    }

    /// Every stored node (export).
    pub(super) fn nodes(&self) -> impl Iterator<Item = (FilePath, &Node)> {
        self.nodes
            .iter()
            .map(|(k, v)| (FilePath::from_stored(k), v))
    }
}

fn depth_of(path: &FilePath) -> usize {
    if path.is_root() {
        0
    } else {
        path.as_str().matches('/').count() + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> FilePath {
        FilePath::parse(text).expect("valid")
    }

    fn tree_with(files: &[&str]) -> Tree {
        let mut tree = Tree::default();
        for f in files {
            let path = p(f);
            let parent = path.parent().unwrap_or_else(FilePath::root);
            tree.ensure_directories(&parent, 1).expect("dirs");
            tree.put_file(&path, Bytes::from(f.to_string()), 1);
        }
        tree
    }

    #[test]
    fn writes_create_parents_and_count_bytes() {
        let tree = tree_with(&["a/b/c.txt", "a/d.txt"]);
        assert!(tree.get(&p("a/b")).is_some_and(|n| n.is_directory()));
        assert_eq!(tree.used(), ("a/b/c.txt".len() + "a/d.txt".len()) as u64);
        assert_eq!(tree.size_within(&p("a")), tree.used());
        let children: Vec<String> = tree
            .children(&p("a"))
            .map(|(p, _)| p.as_str().to_string())
            .collect();
        assert_eq!(children, ["a/b", "a/d.txt"]);
        let top: Vec<String> = tree
            .children(&FilePath::root())
            .map(|(p, _)| p.as_str().to_string())
            .collect();
        assert_eq!(top, ["a"]);
    }

    #[test]
    fn siblings_sharing_a_prefix_are_not_descendants() {
        let tree = tree_with(&["a/x", "ab/y", "a.txt"]);
        let below: Vec<String> = tree
            .descendants(&p("a"))
            .map(|(p, _)| p.as_str().to_string())
            .collect();
        assert_eq!(below, ["a/x"]);
    }

    #[test]
    fn a_file_in_the_way_of_a_directory_is_6018() {
        let mut tree = tree_with(&["f.txt"]);
        assert_eq!(
            tree.ensure_directories(&p("f.txt/sub"), 2)
                .expect_err("file in the way")
                .code,
            6018
        );
        assert_eq!(
            tree.ensure_directories(&p("f.txt"), 2)
                .expect_err("file there")
                .code,
            6018
        );
    }

    #[test]
    fn overwrite_keeps_creation_time_and_remove_frees_bytes() {
        let mut tree = tree_with(&["d/f.txt"]);
        tree.put_file(&p("d/f.txt"), Bytes::from_static(b"longer content"), 9);
        let stamp = tree.get(&p("d/f.txt")).expect("file").stamp();
        assert_eq!((stamp.created_on, stamp.updated_on), (1, 9));
        assert_eq!(tree.used(), 14);
        assert_eq!(tree.remove_within(&p("d")), 2);
        assert_eq!(tree.used(), 0);
        assert!(tree.get(&p("d")).is_none());
    }
}
