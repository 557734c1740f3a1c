//! HTTP handlers of the Files client API (files.md §2): parse path, query and body, call one
//! [`FilesState`] method under the caller's file ACL, wrap the result.
//!
//! Handlers read the file path from the request URI (decoded once) rather than from a route
//! parameter, so that a plain GET or DELETE reaches a file whose path happens to start with
//! `copy`, `binary`, `append` or `permissions`.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderMap, Uri};
use bytes::Bytes;
use serde_json::{json, Value};

use super::errors;
use super::model::{CountDirectories, Depth, FilePermission, Found, Overwrite};
use super::path::FilePath;
use super::pattern::Pattern;
use super::state::{Actor, FilesState};
use super::transport::{
    content_type, decode_base64, download, is_multipart, multipart_file, path_after,
};
use crate::apps::AppUrl;
use crate::apps::Ctx;
use crate::error::ApiResult;
use crate::error::{ApiError, Code};
use crate::extract::empty;
use crate::extract::json;
use crate::extract::read_body;
use crate::extract::JsonBody;
use crate::extract::QueryParams;
use crate::services::security::CallerOf;
use crate::services::security::SecurityState;
use crate::services::security::{Access, Permission, Principal};

fn files(ctx: &Ctx) -> Arc<FilesState> {
    ctx.services.get::<FilesState>()
}

/// Run `f` as this request's caller.
fn as_client<R>(ctx: &Ctx, f: impl FnOnce(Actor) -> R) -> R {
    ctx.with_caller(|caller| f(Actor::Client(caller)))
}

/// F4-F7 `GET /files/{path}`: `?action=count`, `?action=exists`, else download a file or list a
/// directory (6000 with HTTP 404 when the path does not exist).
pub async fn read(ctx: Ctx, uri: Uri, query: QueryParams, headers: HeaderMap) -> ApiResult {
    let path = path_after(uri.path(), "/files")?;
    let pattern = Pattern::parse(query.get("pattern"))?;
    let depth = match query.flag("sub") {
        Some(true) => Depth::Recursive,
        _ => Depth::Children,
    };
    match query.get("action") {
        Some("count") => {
            let directories = match query.flag("countDirectories") {
                Some(true) => CountDirectories::Yes,
                _ => CountDirectories::No,
            };
            json(as_client(&ctx, |a| {
                files(&ctx).count(a, &path, &pattern, depth, directories)
            })?)
        }
        Some("exists") => json(as_client(&ctx, |a| files(&ctx).exists(a, &path))?),
        Some(other) => Err(ApiError::unsupported(&format!("File action '{other}'"))),
        None => match as_client(&ctx, |a| files(&ctx).get(a, &path)) {
            Ok(Found::File(bytes)) => Ok(download(&path, bytes, &headers)),
            Ok(Found::Directory) => {
                // Default page size undocumented (open question 6): 100, and never more, as in Data.
                let offset = number(query.get("offset"), 0, 1004)?;
                let page_size = number(query.get("pagesize"), 100, 1005)?.min(100);
                let items = as_client(&ctx, |a| files(&ctx).list(a, &path, &pattern, depth))?;
                let page: Vec<Value> = items
                    .iter()
                    .skip(offset)
                    .take(page_size)
                    .map(|item| item.to_json(&ctx.root_url))
                    .collect();
                json(page)
            }
            Err(e) if e.code == 6000 => Err(errors::download_not_found()),
            Err(e) => Err(e),
        },
    }
}

/// F1 upload (multipart), F2 upload from a URL (JSON `{"url"}`), F8 create directory (no body).
pub async fn write(ctx: Ctx, uri: Uri, query: QueryParams, req: Request) -> ApiResult {
    let path = path_after(uri.path(), "/files")?;
    let overwrite = overwrite_of(&query);
    let content = match body_source(&ctx, req).await? {
        Source::Nothing => {
            as_client(&ctx, |a| files(&ctx).create_directory(a, &path, ctx.now()))?;
            return Ok(empty());
        }
        Source::Bytes(bytes) => bytes,
    };
    as_client(&ctx, |a| {
        files(&ctx).save(a, &path, content, overwrite, ctx.now())
    })?;
    json(json!({ "fileURL": path.public_url(&ctx.root_url) }))
}

/// F3 `PUT /files/binary/{path}`: the body is the base64 text of the file, whatever the content
/// type (open question 4: the SDKs send `text/plain`, the docs say multipart). Answers the URL as
/// a bare JSON string.
pub async fn save_base64(ctx: Ctx, uri: Uri, query: QueryParams, req: Request) -> ApiResult {
    let path = path_after(uri.path(), "/files/binary")?;
    let content = decode_base64(&read_body(req, &()).await?)?;
    as_client(&ctx, |a| {
        files(&ctx).save(a, &path, content, overwrite_of(&query), ctx.now())
    })?;
    json(path.public_url(&ctx.root_url))
}

/// F14/F15 `POST /files/append/{path}`: multipart part `file` or JSON `{"url"}`. Answers
/// `{"fileURL"}` like upload (open question: the Swift SDK parses that object for POST appends;
/// the PUT appends answer a bare string, as the JS d.ts says).
pub async fn append(ctx: Ctx, uri: Uri, req: Request) -> ApiResult {
    let path = path_after(uri.path(), "/files/append")?;
    let content = match body_source(&ctx, req).await? {
        Source::Bytes(bytes) => bytes,
        Source::Nothing => Bytes::new(),
    };
    as_client(&ctx, |a| files(&ctx).append(a, &path, &content, ctx.now()))?;
    json(json!({ "fileURL": path.public_url(&ctx.root_url) }))
}

/// F16 `PUT /files/append/binary/{path}`: base64 text body.
pub async fn append_base64(ctx: Ctx, uri: Uri, req: Request) -> ApiResult {
    let path = path_after(uri.path(), "/files/append/binary")?;
    let content = decode_base64(&read_body(req, &()).await?)?;
    as_client(&ctx, |a| files(&ctx).append(a, &path, &content, ctx.now()))?;
    json(path.public_url(&ctx.root_url))
}

/// F17 `PUT /files/append/{path}`: the raw text body.
pub async fn append_text(ctx: Ctx, uri: Uri, req: Request) -> ApiResult {
    let path = path_after(uri.path(), "/files/append")?;
    let content = read_body(req, &()).await?;
    as_client(&ctx, |a| files(&ctx).append(a, &path, &content, ctx.now()))?;
    json(path.public_url(&ctx.root_url))
}

/// F9/F10 `DELETE /files/{path}`: a file, or a directory with all its content. Answers the
/// number of removed entries.
pub async fn remove(ctx: Ctx, uri: Uri) -> ApiResult {
    let path = path_after(uri.path(), "/files")?;
    json(as_client(&ctx, |a| files(&ctx).delete(a, &path))?)
}

/// F11 `PUT /files/copy` `{"sourcePath", "targetPath"}` (target = destination directory).
pub async fn copy(ctx: Ctx, JsonBody(body): JsonBody) -> ApiResult {
    let (source, target) = (
        path_field(&body, "sourcePath")?,
        path_field(&body, "targetPath")?,
    );
    let dest = as_client(&ctx, |a| files(&ctx).copy(a, &source, &target, ctx.now()))?;
    json(dest.public_url(&ctx.root_url))
}

/// F12 `PUT /files/move` `{"sourcePath", "targetPath"}`.
pub async fn move_file(ctx: Ctx, JsonBody(body): JsonBody) -> ApiResult {
    let (source, target) = (
        path_field(&body, "sourcePath")?,
        path_field(&body, "targetPath")?,
    );
    let dest = as_client(&ctx, |a| {
        files(&ctx).move_into(a, &source, &target, ctx.now())
    })?;
    json(dest.public_url(&ctx.root_url))
}

/// F13 `PUT /files/rename` `{"oldPathName", "newName"}`.
pub async fn rename(ctx: Ctx, JsonBody(body): JsonBody) -> ApiResult {
    let source = path_field(&body, "oldPathName")?;
    let new_name = text_field(&body, "newName")?;
    let dest = as_client(&ctx, |a| {
        files(&ctx).rename(a, &source, new_name, ctx.now())
    })?;
    json(dest.public_url(&ctx.root_url))
}

/// F18 `PUT /files/permissions/{GRANT|DENY}/{path}` `{"permission", "user" | "role"}`.
///
/// The JS SDK encodes the whole path as one segment (`movies%2Fvacation.mp4`) and sends upper
/// case; the REST docs show raw slashes and lower case: both are accepted. The caller's roles need
/// the data-security PERMISSION right (global role entries); the target must exist (6000).
/// Answers `true` (the JS d.ts promises a boolean; the docs say void).
pub async fn set_permission(ctx: Ctx, uri: Uri, JsonBody(body): JsonBody) -> ApiResult {
    let rest = uri.path().strip_prefix("/files/permissions/").unwrap_or("");
    let (kind, encoded_path) = rest.split_once('/').unwrap_or((rest, ""));
    let access = Access::parse(kind).ok_or_else(|| {
        ApiError::templated(
            Code::CANNOT_UPDATE_PERMISSION,
            &[&format!("'{kind}' is neither GRANT nor DENY")],
        )
    })?;
    let path = FilePath::from_url(encoded_path)?;
    let permission = FilePermission::parse(text_field(&body, "permission")?)?;
    let principal = match (body.get("user"), body.get("role")) {
        (Some(Value::String(user)), _) if !user.is_empty() => Principal::User(user.clone()),
        (_, Some(Value::String(role))) if !role.is_empty() => Principal::Role(role.clone()),
        _ => return Err(errors::missing_field("user")),
    };
    // Files have no table; an empty table name leaves only the app-wide role entries in play.
    let refusal = ctx.with_caller(|caller| {
        let security = ctx.services.get::<SecurityState>();
        (security.check(caller, Permission::Permission, "", None).0 == Access::Deny)
            .then(|| security.explain(caller, Permission::Permission, "", None))
    });
    if let Some(rule) = refusal {
        return Err(errors::no_permission().with_rule(rule));
    }
    files(&ctx).set_permission(&path, principal, permission, access)?;
    json(true)
}

/// What a POST body holds.
enum Source {
    /// No body at all: a directory is meant.
    Nothing,
    /// File bytes (multipart part, or the content behind a JSON `{"url"}`).
    Bytes(Bytes),
}

async fn body_source(ctx: &Ctx, req: Request) -> Result<Source, ApiError> {
    if is_multipart(req.headers()) {
        return Ok(Source::Bytes(multipart_file(req).await?));
    }
    let is_json = content_type(req.headers()).contains("json");
    let body = read_body(req, &()).await?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Source::Nothing);
    }
    if !is_json {
        return Err(errors::null_parameter("file"));
    }
    let value: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::templated(Code::UNPARSABLE_REQUEST, &[&e.to_string()]))?;
    let url = text_field(&value, "url")?;
    Ok(Source::Bytes(content_from_url(ctx, url)?))
}

/// F2/F15 "from URL" (open question 9): the emulator never reaches the internet, so only URLs of
/// files stored in this same app (the `fileURL`s it hands out) can be fetched; any other URL is
/// an honest 99000.
fn content_from_url(ctx: &Ctx, url: &str) -> Result<Bytes, ApiError> {
    let unsupported = || {
        ApiError::unsupported(&format!(
            "Fetching '{url}' (only file URLs of this app on this emulator can be uploaded from)"
        ))
    };
    let public = ctx.shared.public_url();
    let path = url.strip_prefix(public.as_str()).ok_or_else(unsupported)?;
    let file_part = match ctx.shared.registry.client_api(AppUrl::parse(path)) {
        Some(Ok(client)) if Arc::ptr_eq(&client.app, &ctx.app) => {
            client.rest.strip_prefix("files/").ok_or_else(unsupported)?
        }
        _ => return Err(unsupported()),
    };
    let path = FilePath::from_url(file_part)?;
    match as_client(ctx, |a| files(ctx).get(a, &path))? {
        Found::File(bytes) => Ok(bytes),
        Found::Directory => Err(errors::not_found()),
    }
}

fn overwrite_of(query: &QueryParams) -> Overwrite {
    match query.flag("overwrite") {
        Some(true) => Overwrite::Replace,
        _ => Overwrite::Refuse,
    }
}

/// A required string field: 8010 when absent, 6028 when null, empty or not a string.
fn text_field<'a>(body: &'a Value, name: &str) -> Result<&'a str, ApiError> {
    match body.get(name) {
        None => Err(errors::missing_field(name)),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.as_str()),
        Some(_) => Err(errors::null_parameter(name)),
    }
}

fn path_field(body: &Value, name: &str) -> Result<FilePath, ApiError> {
    FilePath::parse(text_field(body, name)?)
}

fn number(text: Option<&str>, default: usize, code: u32) -> Result<usize, ApiError> {
    match text {
        None => Ok(default),
        Some(t) => t.trim().parse().map_err(|_| ApiError::templated(code, &[])),
    }
}
