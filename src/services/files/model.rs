//! What the file store holds and answers (files.md §1 storage model, §3 FileInfo, §2 F18).

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::path::FilePath;
use crate::error::{ApiError, Code};

/// Creation and last-change times, epoch ms on the app's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stamp {
    /// When the file or directory was created.
    pub created_on: i64,
    /// When its content last changed.
    pub updated_on: i64,
}

impl Stamp {
    /// Created and updated now.
    pub fn new(now: i64) -> Self {
        Stamp {
            created_on: now,
            updated_on: now,
        }
    }
}

/// One entry of the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A directory (its children are the entries below its path).
    Directory(Stamp),
    /// A file with its bytes (shared, so downloads and copies do not copy them).
    File(Bytes, Stamp),
}

impl Node {
    /// The node's times.
    pub fn stamp(&self) -> Stamp {
        match self {
            Node::Directory(s) | Node::File(_, s) => *s,
        }
    }

    /// Bytes of a file, 0 for a directory.
    pub fn size(&self) -> u64 {
        match self {
            Node::File(bytes, _) => bytes.len() as u64,
            Node::Directory(_) => 0,
        }
    }

    /// Whether this is a directory.
    pub fn is_directory(&self) -> bool {
        matches!(self, Node::Directory(_))
    }
}

/// What a GET on a path found.
#[derive(Debug, Clone)]
pub enum Found {
    /// A file: its bytes.
    File(Bytes),
    /// A directory.
    Directory,
}

/// One listing item before it gets its URLs.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// Full path of the item.
    pub path: FilePath,
    /// Times.
    pub stamp: Stamp,
    /// File size, or the total size of a directory's files.
    pub size: u64,
}

impl Listed {
    /// The FileInfo JSON of files.md §3, URLs under `root_url`.
    pub fn to_json(&self, root_url: &str) -> Value {
        json!({
            "name": self.path.name(),
            "createdOn": self.stamp.created_on,
            "updatedOn": self.stamp.updated_on,
            "publicUrl": self.path.public_url(root_url),
            "url": self.path.as_str(),
            "size": self.size,
        })
    }
}

/// The operations a file ACL guards (`Backendless.Files.Permissions.{READ,WRITE,DELETE}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum FilePermission {
    /// Download, list, count, exists, copy source.
    Read,
    /// Upload, save, append, create directory, rename, copy/move target.
    Write,
    /// Delete, move source.
    Delete,
}

impl FilePermission {
    /// Parse `READ` / `WRITE` / `DELETE` (case-insensitive), or 1024.
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        match text.to_ascii_uppercase().as_str() {
            "READ" => Ok(FilePermission::Read),
            "WRITE" => Ok(FilePermission::Write),
            "DELETE" => Ok(FilePermission::Delete),
            _ => Err(ApiError::templated(
                Code::CANNOT_UPDATE_PERMISSION,
                &[&format!(
                    "unknown file permission '{text}' (expected READ, WRITE or DELETE)"
                )],
            )),
        }
    }
}

/// Whether a copy or save may replace an existing file (`?overwrite=true`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Replace the existing file.
    Replace,
    /// Fail with 6018 when the file exists.
    Refuse,
}

/// How deep a listing or count goes (`sub=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Direct children only.
    Children,
    /// Every level below.
    Recursive,
}

/// Whether directories count in a file count (`countDirectories=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountDirectories {
    /// Count directories too.
    Yes,
    /// Count files only.
    No,
}
