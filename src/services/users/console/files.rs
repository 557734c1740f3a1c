//! File and directory permissions in the console, over the same ACL the Files service decides
//! with (files.md §2 F18): an entry set here refuses or allows the next client download, upload
//! or delete.

use axum::extract::Path;
use axum::Json;
use serde_json::{json, Value};

use super::common::{self, changes, Change, UserRef};
use crate::apps::developers::ConsoleApp;
use crate::error::{ApiError, JsonResult};
use crate::extract::{JsonBody, QueryParams};
use crate::services::files::acl::AclEntry;
use crate::services::files::model::FilePermission;
use crate::services::files::path::FilePath;
use crate::services::files::FilesState;
use crate::services::security::{console_access, Principal, SecurityState};

const OPERATIONS: [FilePermission; 3] = [
    FilePermission::Read,
    FilePermission::Write,
    FilePermission::Delete,
];

fn name(permission: FilePermission) -> &'static str {
    match permission {
        FilePermission::Read => "READ",
        FilePermission::Write => "WRITE",
        FilePermission::Delete => "DELETE",
    }
}

/// An existing file or directory (6000 otherwise) and its explicit entries.
fn entries(c: &ConsoleApp, path: &str) -> Result<(FilePath, Vec<AclEntry>), ApiError> {
    let path = FilePath::parse(path)?;
    let files = c.services.get::<FilesState>();
    files.info(&path)?;
    let entries = files.acl().entries(&path).to_vec();
    Ok((path, entries))
}

/// `[{operation, access}]` of `principal` over READ, WRITE and DELETE.
fn permissions(entries: &[AclEntry], principal: &Principal) -> Value {
    Value::from(
        OPERATIONS
            .iter()
            .map(|p| {
                let access = entries
                    .iter()
                    .find(|e| e.principal == *principal && e.permission == *p)
                    .map(|e| e.access);
                json!({"operation": name(*p), "access": console_access(access)})
            })
            .collect::<Vec<_>>(),
    )
}

/// `GET .../security/roles/files/{filePath}`: every role with its entries on the path.
pub(super) async fn roles_of_file(
    c: ConsoleApp,
    Path((_, path)): Path<(String, String)>,
) -> JsonResult {
    let (_, entries) = entries(&c, &path)?;
    let roles: Vec<Value> = c
        .services
        .get::<SecurityState>()
        .roles(&c.app.ids)
        .iter()
        .map(|r| {
            json!({
                "roleId": r.role_id, "name": r.name, "system": r.system,
                "permissions": permissions(&entries, &Principal::Role(r.name.clone())),
            })
        })
        .collect();
    Ok(Json(Value::from(roles)))
}

/// `PUT .../security/roles/{roleId}/files/{filePath}`: the role's entries after the change.
pub(super) async fn set_role_file(
    c: ConsoleApp,
    Path((_, role, path)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let role = common::role(&c.services, &role)?;
    change(&c, &path, Principal::Role(role.name), &body)
}

/// `DELETE .../security/roles/{roleId}/files/{filePath}`: the role's entries on the path are
/// revoked (back to inherit).
pub(super) async fn drop_role_file(
    c: ConsoleApp,
    Path((_, role, path)): Path<(String, String, String)>,
) -> JsonResult {
    let role = common::role(&c.services, &role)?;
    revoke(&c, &path, Principal::Role(role.name))
}

/// `PUT .../security/users/{userId}/file/{filePath}`: the user's entries after the change.
pub(super) async fn set_user_file(
    c: ConsoleApp,
    Path((_, user, path)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let user = common::user(&c.services, &user)?;
    change(&c, &path, Principal::User(user.id), &body)
}

/// `GET .../security/files/users/{filePath}?name=&offset=&pageSize=`: a page of the app's
/// users with their entries on the path; `DELETE .../security/files/users/{userId}/{filePath}`
/// revokes one user's entries (both forms share the catch-all segment).
pub(super) async fn users_of_file(
    c: ConsoleApp,
    Path((_, rest)): Path<(String, String)>,
    query: QueryParams,
) -> JsonResult {
    let (_, entries) = entries(&c, &rest)?;
    let needle = query.get("name").unwrap_or("").to_lowercase();
    let matching: Vec<UserRef> = common::users(&c.services)
        .into_iter()
        .filter(|u| needle.is_empty() || u.identity.to_lowercase().contains(&needle))
        .collect();
    let (offset, size) = common::page(&query)?;
    let data: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(size)
        .map(|u| {
            json!({"userId": u.id, "name": u.identity,
                   "permissions": permissions(&entries, &Principal::User(u.id.clone()))})
        })
        .collect();
    Ok(Json(json!({"data": data, "totalRows": matching.len()})))
}

/// `DELETE .../security/files/users/{userId}/{filePath}`.
pub(super) async fn drop_user_file(
    c: ConsoleApp,
    Path((_, rest)): Path<(String, String)>,
) -> JsonResult {
    let (user, path) = rest
        .split_once('/')
        .ok_or_else(|| ApiError::missing_field("filePath"))?;
    let user = common::user(&c.services, user)?;
    revoke(&c, path, Principal::User(user.id))
}

fn change(c: &ConsoleApp, path: &str, principal: Principal, body: &Value) -> JsonResult {
    let (path, _) = entries(c, path)?;
    let parsed = changes(body)?
        .into_iter()
        .map(|Change { operation, access }| Ok((FilePermission::parse(&operation)?, access)))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let files = c.services.get::<FilesState>();
    for (permission, access) in parsed {
        match access {
            Some(access) => files.set_permission(&path, principal.clone(), permission, access)?,
            None => files.revoke_permission(&path, &principal, Some(permission))?,
        }
    }
    Ok(Json(permissions(files.acl().entries(&path), &principal)))
}

fn revoke(c: &ConsoleApp, path: &str, principal: Principal) -> JsonResult {
    let (path, _) = entries(c, path)?;
    let files = c.services.get::<FilesState>();
    files.revoke_permission(&path, &principal, None)?;
    Ok(Json(permissions(files.acl().entries(&path), &principal)))
}
