//! How an app's files are saved in its export (control plane export/import, snapshots,
//! `--data-dir`): every directory and file with its times, file bytes as base64, and the explicit
//! permissions.

use base64::Engine;
use bytes::Bytes;
use parking_lot::RwLock;
use serde::{Deserialize, Serialize};

use super::acl::Acl;
use super::model::{Node, Stamp};
use super::path::FilePath;
use super::state::FilesState;
use super::tree::Tree;
use crate::apps::ServiceState;

/// The export document.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Exported {
    files: Vec<ExportedNode>,
    permissions: Acl,
}

/// One directory or file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExportedNode {
    path: String,
    directory: bool,
    #[serde(flatten)]
    stamp: Stamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content: Option<String>,
}

/// Saved as every directory and file (bytes as base64) plus the explicit permissions.
impl Serialize for FilesState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let tree = self.tree.read();
        let files = tree
            .nodes()
            .map(|(path, node)| ExportedNode {
                path: path.as_str().to_string(),
                directory: node.is_directory(),
                stamp: node.stamp(),
                content: match node {
                    Node::File(bytes, _) => Some(base64::prelude::BASE64_STANDARD.encode(bytes)),
                    Node::Directory(_) => None,
                },
            })
            .collect();
        Exported {
            files,
            permissions: tree.acl.clone(),
        }
        .serialize(s)
    }
}

/// Paths are validated again and missing parent directories recreated.
impl<'de> Deserialize<'de> for FilesState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let exported = Exported::deserialize(d)?;
        rebuild(exported).map_err(serde::de::Error::custom)
    }
}

impl ServiceState for FilesState {
    const KEY: &'static str = "files";
}

fn rebuild(exported: Exported) -> Result<FilesState, String> {
    let mut tree = Tree::default();
    for item in exported.files {
        let path = FilePath::parse(&item.path).map_err(|e| e.message)?;
        if path.is_root() {
            return Err("a file entry without a path".into());
        }
        let parent = path.parent().unwrap_or_else(FilePath::root);
        tree.ensure_directories(&parent, item.stamp.created_on)
            .map_err(|e| e.message)?;
        let node = match item.content {
            _ if item.directory => Node::Directory(item.stamp),
            Some(text) => Node::File(
                Bytes::from(
                    base64::prelude::BASE64_STANDARD
                        .decode(text)
                        .map_err(|e| format!("{}: {e}", item.path))?,
                ),
                item.stamp,
            ),
            None => Node::File(Bytes::new(), item.stamp),
        };
        tree.put(&path, node);
    }
    for path in exported.permissions.paths() {
        FilePath::parse(path).map_err(|e| e.message)?;
    }
    tree.acl = exported.permissions;
    Ok(FilesState {
        tree: RwLock::new(tree),
        limits: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::files::model::{FilePermission, Found, Overwrite};
    use crate::services::files::state::Actor;
    use crate::services::security::{Access, Principal};

    #[test]
    fn export_then_import_round_trips() {
        let state = FilesState::default();
        let path = FilePath::parse("web/img/logo.png").expect("valid");
        state
            .save(
                Actor::Console,
                &path,
                Bytes::from_static(&[0, 159, 146, 150]),
                Overwrite::Refuse,
                3,
            )
            .expect("saved");
        state
            .create_directory(Actor::Console, &FilePath::parse("empty").expect("valid"), 4)
            .expect("dir");
        state
            .set_permission(
                &path,
                Principal::Role("*".into()),
                FilePermission::Read,
                Access::Deny,
            )
            .expect("acl");
        let exported = serde_json::to_value(&state).expect("saved");
        let back: FilesState = serde_json::from_value(exported.clone()).expect("loads");
        assert_eq!(serde_json::to_value(&back).expect("saved"), exported);
        assert_eq!(back.used(), 4);
        assert!(
            matches!(back.get(Actor::Console, &path), Ok(Found::File(b)) if b.as_ref() == [0, 159, 146, 150])
        );
    }

    #[test]
    fn bad_paths_and_bad_base64_do_not_load() {
        let load = |v| serde_json::from_value::<FilesState>(v);
        assert_eq!(load(serde_json::json!({})).expect("empty").used(), 0);
        let bad_path = serde_json::json!({"files": [{"path": "../x", "directory": true, "createdOn": 1, "updatedOn": 1}]});
        assert!(load(bad_path).is_err());
        let bad_b64 = serde_json::json!({"files": [{"path": "x", "directory": false, "createdOn": 1, "updatedOn": 1, "content": "!!"}]});
        assert!(load(bad_b64).is_err());
    }
}
