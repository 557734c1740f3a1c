//! Files service (files.md): an in-memory file store per app with upload, save, append,
//! download, listing, count, exists, copy/move/rename, delete and file permissions, plus the
//! console's file routes (management.md §2 FL1-FL4) on the same store.
//!
//! | Operation | Route (client API, relative to the app root) |
//! |---|---|
//! | F1 upload (multipart), F2 upload from URL, F8 create directory | `POST /files/{path}` |
//! | F3 save base64 | `PUT /files/binary/{path}` |
//! | F4 download, F5 listing, F6 count (`?action=count`), F7 exists (`?action=exists`) | `GET /files/{path}` |
//! | F9/F10 delete file or directory | `DELETE /files/{path}` |
//! | F11 copy, F12 move, F13 rename | `PUT /files/copy`, `PUT /files/move`, `PUT /files/rename` |
//! | F14/F15 append (multipart, URL) | `POST /files/append/{path}` |
//! | F16 append base64, F17 append text | `PUT /files/append/binary/{path}`, `PUT /files/append/{path}` |
//! | F18 grant/deny | `PUT /files/permissions/{GRANT\|DENY}/{path}` |
//!
//! | Console operation | Route |
//! |---|---|
//! | FL1 create file, edit, upload | `POST /{appId}/console/files/{create\|edit\|upload}/{path}/` |
//! | FL2 create directory | `POST /{appId}/console/files/createdir/{path}/` |
//! | FL3 download | `GET /{appId}/console/files/download/{path}` |
//! | FL4 exists, delete | `GET /{appId}/console/files/exists/{path}/`, `DELETE /{appId}/console/files/{path}/` |
//! | FL4 rename, move, copy | `POST /{appId}/console/files/{rename\|move\|copy}/{path}/` |
//! | directory view + count | `GET /{appId}/console/files/directory/view/{path}[/count]`, `GET .../files/view/{path}` |
//! | zip / unzip | `PUT /{appId}/console/files/{path}?operation=zip\|unzip` (`archive.rs`) |
//!
//! Routes with a fixed prefix (`copy`, `binary/`, `append/`, `permissions/`) also answer the
//! plain GET/DELETE (and POST) of `/files/{path}`, so a file stored under such a name stays
//! reachable.

pub mod acl;
mod archive;
pub mod console;
mod errors;
mod export;
pub mod handlers;
pub mod model;
pub mod path;
pub mod pattern;
pub mod state;
pub mod transfer;
mod transport;
mod tree;

use axum::routing::{get, post, put, MethodRouter};
use axum::Router;

pub use archive::zip_entries;
pub use state::{Actor, FilesState, Limits};

use crate::apps::Shared;
use handlers as h;

/// The Files client-API routes.
pub fn routes() -> Router<Shared> {
    let plain = |route: MethodRouter<Shared>| route.get(h::read).delete(h::remove);
    Router::new()
        .route("/files", plain(post(h::write)))
        .route("/files/", plain(post(h::write)))
        .route("/files/{*path}", plain(post(h::write)))
        .route("/files/copy", plain(put(h::copy).post(h::write)))
        .route("/files/move", plain(put(h::move_file).post(h::write)))
        .route("/files/rename", plain(put(h::rename).post(h::write)))
        .route(
            "/files/binary/{*path}",
            plain(put(h::save_base64).post(h::write)),
        )
        .route(
            "/files/append/{*path}",
            plain(post(h::append).put(h::append_text)),
        )
        .route(
            "/files/append/binary/{*path}",
            plain(put(h::append_base64).post(h::append)),
        )
        .route(
            "/files/permissions/{*path}",
            plain(put(h::set_permission).post(h::write)),
        )
}

/// The console file routes (absolute paths, merged into the top-level router).
pub fn console_routes() -> Router<Shared> {
    Router::new().route(
        "/{app_id}/console/files/{*rest}",
        get(console::get)
            .post(console::post)
            .delete(console::delete)
            .put(console::perform_operation),
    )
}
