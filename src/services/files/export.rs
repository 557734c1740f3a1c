//! Export and import of an app's files (control plane export/import, DESIGN.md "State"):
//! every directory and file with its times, file bytes as base64, and the explicit permissions.

use base64::Engine;
use bytes::Bytes;
use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::acl::Acl;
use super::model::{Node, Stamp};
use super::path::FilePath;
use super::state::FilesState;
use super::tree::Tree;
use crate::error::ApiError;

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

impl FilesState {
    /// The whole store as JSON.
    pub fn export(&self) -> Value {
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
        let exported = Exported {
            files,
            permissions: tree.acl.clone(),
        };
        serde_json::to_value(exported).unwrap_or(Value::Null)
    }

    /// Rebuild from [`FilesState::export`] output (`null` = no files). Paths are validated again,
    /// missing parent directories are recreated; 8002 for anything malformed.
    pub fn import(value: &Value) -> Result<Self, ApiError> {
        let bad = |what: String| {
            ApiError::new(
                8002,
                format!("Could not parse request with message: files: {what}"),
            )
        };
        if value.is_null() {
            return Ok(FilesState::default());
        }
        let exported: Exported =
            serde_json::from_value(value.clone()).map_err(|e| bad(e.to_string()))?;
        let mut tree = Tree::default();
        for item in exported.files {
            let path = FilePath::parse(&item.path).map_err(|e| bad(e.message))?;
            if path.is_root() {
                return Err(bad("a file entry without a path".into()));
            }
            let parent = path.parent().unwrap_or_else(FilePath::root);
            tree.ensure_directories(&parent, item.stamp.created_on)
                .map_err(|e| bad(e.message))?;
            let node = match item.content {
                _ if item.directory => Node::Directory(item.stamp),
                Some(text) => Node::File(
                    Bytes::from(
                        base64::prelude::BASE64_STANDARD
                            .decode(text)
                            .map_err(|e| bad(format!("{}: {e}", item.path)))?,
                    ),
                    item.stamp,
                ),
                None => Node::File(Bytes::new(), item.stamp),
            };
            tree.put(&path, node);
        }
        for path in exported.permissions.paths() {
            FilePath::parse(path).map_err(|e| bad(e.message))?;
        }
        tree.acl = exported.permissions;
        Ok(FilesState {
            tree: RwLock::new(tree),
            limits: Default::default(),
        })
    }
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
        let exported = state.export();
        let back = FilesState::import(&exported).expect("imports");
        assert_eq!(back.export(), exported);
        assert_eq!(back.used(), 4);
        assert!(
            matches!(back.get(Actor::Console, &path), Ok(Found::File(b)) if b.as_ref() == [0, 159, 146, 150])
        );
    }

    #[test]
    fn null_imports_empty_and_garbage_is_8002() {
        assert_eq!(FilesState::import(&Value::Null).expect("empty").used(), 0);
        let bad_path = serde_json::json!({"files": [{"path": "../x", "directory": true, "createdOn": 1, "updatedOn": 1}]});
        assert_eq!(FilesState::import(&bad_path).expect_err("bad").code, 8002);
        let bad_b64 = serde_json::json!({"files": [{"path": "x", "directory": false, "createdOn": 1, "updatedOn": 1, "content": "!!"}]});
        assert_eq!(FilesState::import(&bad_b64).expect_err("bad").code, 8002);
    }
}
