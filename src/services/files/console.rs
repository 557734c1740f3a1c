//! Console file routes (management.md §2 FL1-FL4; Console SDK `lib/files.js` and `lib/urls.js`):
//! the developer's view of the same file store the client API uses, without file permissions.
//!
//! Every console file URL is `/{appId}/console/files/<operation>/<path>/`, path segments
//! encoded one by one; the handlers below dispatch on `<operation>`.

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, Method, Uri};
use bytes::Bytes;
use serde_json::Value;

use super::archive;
use super::errors;
use super::model::{CountDirectories, Depth, Found, Listed, Overwrite};
use super::path::FilePath;
use super::pattern::Pattern;
use super::state::Actor;
use super::transfer::Transfer;
use super::transport::{content_type, download, is_multipart, multipart_file};
use crate::apps::developers::Dev;
use crate::apps::Shared;
use crate::apps::{App, KeyKind};
use crate::error::{ApiError, ApiResult, Code};
use crate::extract::empty;
use crate::extract::json;
use crate::extract::read_body;
use crate::extract::unknown_endpoint;
use crate::extract::QueryParams;
use crate::services::files::FilesState;

/// The app, its client-API root URL (REST key) and the console path after `/console/files/`.
struct Target {
    app: Arc<App>,
    root_url: String,
    rest: String,
}

fn target(shared: &Shared, app_id: &str, uri: &Uri) -> Result<Target, ApiError> {
    let app = shared.app(app_id)?;
    let meta = app.meta();
    let root_url = format!(
        "{}/{}/{}",
        shared.public_url(),
        meta.id,
        meta.key(KeyKind::Rest)
    );
    let rest = uri
        .path()
        .split_once("/console/files/")
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_default();
    Ok(Target {
        app,
        root_url,
        rest,
    })
}

/// `(operation, encoded path)` of `op/a/b/`.
fn operation(rest: &str) -> (&str, &str) {
    rest.split_once('/').unwrap_or((rest, ""))
}

/// GET: FL3 `download/{path}`, FL4 `exists/{path}/`, `directory/view[/{path}]` (+ `/count`),
/// `view/{path}`.
pub async fn get(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, _)): Path<(String, String)>,
    uri: Uri,
    query: QueryParams,
    headers: HeaderMap,
) -> ApiResult {
    let t = target(&shared, &app_id, &uri)?;
    let files = &t.app.services().get::<FilesState>();
    let (op, encoded) = operation(&t.rest);
    match op {
        "download" => {
            let path = FilePath::from_url(encoded)?;
            match files.get(Actor::Console, &path) {
                Ok(Found::File(bytes)) => Ok(download(&path, bytes, &headers)),
                Ok(Found::Directory) | Err(_) => Err(errors::download_not_found()),
            }
        }
        "exists" => json(files.exists(Actor::Console, &FilePath::from_url(encoded)?)?),
        "directory" if encoded == "view" || encoded.starts_with("view/") => {
            let view = encoded.trim_start_matches("view");
            let pattern = Pattern::parse(query.get("pattern"))?;
            let depth = match query.flag("sub") {
                Some(true) => Depth::Recursive,
                _ => Depth::Children,
            };
            // Console SDK `totalRows`: the count of a listing is its URL plus `/count`.
            if let Some(dir) = view.strip_suffix("/count") {
                let dir = FilePath::from_url(dir)?;
                return json(files.count(
                    Actor::Console,
                    &dir,
                    &pattern,
                    depth,
                    CountDirectories::Yes,
                )?);
            }
            let dir = FilePath::from_url(view)?;
            let items = files.list(Actor::Console, &dir, &pattern, depth)?;
            json(console_page(items, &query, &t.root_url)?)
        }
        "view" => {
            let dir = FilePath::from_url(encoded)?;
            let items = files.list(Actor::Console, &dir, &Pattern::Any, Depth::Children)?;
            json(console_page(items, &query, &t.root_url)?)
        }
        _ => Err(unknown_endpoint(Method::GET, uri).await),
    }
}

/// POST: FL1 `create/{path}/` (`{"file": text}` or a raw body), `edit/{path}/`, `upload/{path}/`
/// (`?overwrite=`), FL2 `createdir/{path}/`, FL4 `rename/{path}/` (body = new name),
/// `move/{path}/` and `copy/{path}/` (body = new path, into it when it is a directory).
pub async fn post(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, _)): Path<(String, String)>,
    uri: Uri,
    query: QueryParams,
    req: Request,
) -> ApiResult {
    let t = target(&shared, &app_id, &uri)?;
    let services = t.app.services();
    let files = &services.get::<FilesState>();
    let now = t.app.clock.now_ms();
    let (op, encoded) = operation(&t.rest);
    let path = FilePath::from_url(encoded)?;
    let info = |path: &FilePath| -> ApiResult { json(files.info(path)?.to_json(&t.root_url)) };
    match op {
        "create" | "edit" | "upload" => {
            let overwrite = match (op, query.flag("overwrite")) {
                ("edit", _) | (_, Some(true)) => Overwrite::Replace,
                _ => Overwrite::Refuse,
            };
            let content = file_content(req).await?;
            files.save(Actor::Console, &path, content, overwrite, now)?;
            info(&path)
        }
        "createdir" => {
            files.create_directory(Actor::Console, &path, now)?;
            info(&path)
        }
        "rename" | "move" | "copy" => {
            let text = body_text(req).await?;
            let dest = match op {
                "rename" => files.rename(Actor::Console, &path, &text, now)?,
                kind => {
                    let kind = if kind == "copy" {
                        Transfer::Copy
                    } else {
                        Transfer::Move
                    };
                    let dest = FilePath::parse(&text)?;
                    files.transfer_to_path(Actor::Console, &path, &dest, kind, now)?
                }
            };
            json(dest.public_url(&t.root_url))
        }
        _ => Err(unknown_endpoint(Method::POST, uri).await),
    }
}

/// DELETE FL4 `/{appId}/console/files/{path}/`: a file or a whole directory.
pub async fn delete(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, _)): Path<(String, String)>,
    uri: Uri,
) -> ApiResult {
    let t = target(&shared, &app_id, &uri)?;
    let path = FilePath::from_url(&t.rest)?;
    t.app
        .services()
        .get::<FilesState>()
        .delete(Actor::Console, &path)?;
    Ok(empty())
}

/// PUT `/{appId}/console/files/{path}?operation=zip|unzip` (`performOperation`, `archive.rs`):
/// done at once; answers what it did, as the SDK's sample answers a sentence.
pub async fn perform_operation(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, _)): Path<(String, String)>,
    uri: Uri,
    query: QueryParams,
) -> ApiResult {
    let t = target(&shared, &app_id, &uri)?;
    let path = FilePath::from_url(t.rest.trim_end_matches('/'))?;
    let files = t.app.services().get::<FilesState>();
    let now = t.app.clock.now_ms();
    let done = match query.get("operation") {
        Some("zip") => format!("Zipped into {}", archive::zip(&files, &path, now)?),
        Some("unzip") => format!("Unzipped into {}", archive::unzip(&files, &path, now)?),
        Some(other) => {
            return Err(ApiError::unparsable(&format!(
                "unknown file operation '{other}' (zip or unzip)"
            )))
        }
        None => return Err(ApiError::missing_field("operation")),
    };
    json(Value::from(done))
}

/// The file bytes of a create/edit/upload body: multipart part `file`, JSON `{"file": text}`, or
/// the raw body itself (`createConsoleFile`).
async fn file_content(req: Request) -> Result<Bytes, ApiError> {
    if is_multipart(req.headers()) {
        return multipart_file(req).await;
    }
    let is_json = content_type(req.headers()).contains("json");
    let body = read_body(req, &()).await?;
    if !is_json {
        return Ok(body);
    }
    let value: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::templated(Code::UNPARSABLE_REQUEST, &[&e.to_string()]))?;
    match value.get("file") {
        Some(Value::String(text)) => Ok(Bytes::from(text.clone())),
        Some(Value::Null) => Ok(Bytes::new()),
        Some(other) => Ok(Bytes::from(other.to_string())),
        None => Err(errors::missing_field("file")),
    }
}

/// A body holding one name or path, URL-encoded by the Console SDK (a JSON string is accepted too).
async fn body_text(req: Request) -> Result<String, ApiError> {
    let body = read_body(req, &()).await?;
    let raw = String::from_utf8_lossy(&body).trim().to_string();
    let raw = match serde_json::from_str::<Value>(&raw) {
        Ok(Value::String(s)) => s,
        _ => raw,
    };
    let decoded = percent_encoding::percent_decode_str(&raw)
        .decode_utf8()
        .map_err(|_| ApiError::templated(Code::PROHIBITED_PATH, &[&raw]))?
        .into_owned();
    if decoded.is_empty() {
        return Err(errors::null_parameter("newName"));
    }
    Ok(decoded)
}

/// Sort (`sortBy` = name | size | createdOn | updatedOn, `sortDirection` = asc | desc) and page
/// (`pageSize`, default 100; `offset`) a console listing.
fn console_page(
    mut items: Vec<Listed>,
    query: &QueryParams,
    root_url: &str,
) -> Result<Vec<Value>, ApiError> {
    match query.get("sortBy").unwrap_or("") {
        "name" => items.sort_by(|a, b| a.path.name().cmp(b.path.name())),
        "size" => items.sort_by_key(|i| i.size),
        "createdOn" | "created" => items.sort_by_key(|i| i.stamp.created_on),
        "updatedOn" | "updated" | "modified" => items.sort_by_key(|i| i.stamp.updated_on),
        _ => {}
    }
    if query
        .get("sortDirection")
        .is_some_and(|d| d.eq_ignore_ascii_case("desc"))
    {
        items.reverse();
    }
    let parse = |name: &str, default: usize, code: u32| match query.get(name) {
        None | Some("") => Ok(default),
        Some(t) => t
            .trim()
            .parse::<usize>()
            .map_err(|_| ApiError::templated(code, &[])),
    };
    let offset = parse("offset", 0, 1004)?;
    let page_size = parse("pageSize", 100, 1005)?;
    Ok(items
        .iter()
        .skip(offset)
        .take(page_size)
        .map(|i| i.to_json(root_url))
        .collect())
}
