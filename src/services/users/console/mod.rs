//! The console's Security and Users screens (`backendless-console-sdk` `src/security.js`,
//! `src/security-url-builder.js`, `src/users.js`) over the app's state: permissions are entries
//! of the [`SecurityState`](crate::services::security::SecurityState) and the Files ACL the
//! client API decides with; sessions are the User Service's; provider settings are the app's
//! [`ProvidersState`](super::providers::ProvidersState). Lives in the users floor because it
//! reads users, tables, files and security together. Paths below are under
//! `/{appId}/console/`.
//!
//! | SDK method | Route |
//! |---|---|
//! | `loadRolePermissions` / `setRolePermission` | `GET`/`PUT security/roles/permissions/{roleId}` |
//! | `loadPermissions` (data, roles / users) | `GET security/data/{tableId}/roles`, `.../users` |
//! | `setPermission` / `dropPermissions` (data) | `PUT`/`DELETE security/data/{tableId}/roles/{roleId}[/{op}]`, `.../users/{userId}[/{op}]` |
//! | owner policy | `GET`/`PUT security/data/ownerpolicy/{tableId}`, `DELETE .../{tableId}/{op}` |
//! | column permissions | `GET security/data/{tableId}/columns/permissions`; `PUT .../{op}/{roleId}` → 99000 |
//! | object ACL | `GET security/{service}/{table}/objectAcl/{objectId}/{policy}`, `PUT`/`DELETE .../{policy}/{item}` |
//! | `searchDataACLUsers` | `GET security/data/{table}/objectAcl/{objectId}/users/search/{query}` |
//! | files (roles / users) | `GET security/roles/files/{path}`, `PUT`/`DELETE security/roles/{roleId}/files/{path}`, `PUT security/users/{userId}/file/{path}`, `GET`/`DELETE security/files/users/...` |
//! | messaging channel roles | `GET`/`PUT security/messaging/{channel}/roles[/{roleId}]` → 99000 (channels keep no permissions) |
//! | user sessions | `GET user/sessions/users`, `.../users-with-sessions`, `.../{userId}`, `PUT user/sessions/logout` |
//! | OAuth providers | `GET users/oauth{1,2}[-templates]`, `POST users/oauth2`, `POST .../create-from-template`, `GET`/`PUT`/`DELETE .../{providerId}`; `.../{code}/callback-url` → 99000 |
//! | Auth0 | `GET`/`PUT security/auth0/config`, `GET`/`POST security/auth0/scope-to-role`, `PUT`/`DELETE .../{bindingId}` |

mod acl;
mod common;
mod files;
mod oauth;
mod sessions;
mod tables;

use axum::routing::{get, post, put};
use axum::Router;

use super::providers::Protocol;
use crate::apps::developers::ConsoleApp;
use crate::apps::Shared;

/// The console security, sessions and login-provider routes (absolute paths).
pub fn routes() -> Router<Shared> {
    const SEC: &str = "/{app_id}/console/security";
    const DATA: &str = "/{app_id}/console/security/data/{table}";
    const ACL: &str = "/{app_id}/console/security/data/{table}/objectAcl/{object_id}/{policy}";
    // The OAuth providers of `oauth1` or `oauth2` (the `{protocol}` segment).
    const USERS: &str = "/{app_id}/console/users/{protocol}";
    Router::new()
        .route(
            &format!("{SEC}/roles/permissions/{{role}}"),
            get(tables::role_global).put(tables::set_role_global),
        )
        .route(&format!("{DATA}/roles"), get(tables::table_roles))
        .route(
            &format!("{DATA}/roles/{{role}}"),
            put(tables::set_table_role).delete(tables::drop_table_role),
        )
        .route(
            &format!("{DATA}/roles/{{role}}/{{operation}}"),
            axum::routing::delete(tables::drop_table_role),
        )
        .route(&format!("{DATA}/users"), get(tables::table_users))
        .route(
            &format!("{DATA}/users/{{user}}"),
            put(tables::set_table_user).delete(tables::drop_table_user),
        )
        .route(
            &format!("{DATA}/users/{{user}}/{{operation}}"),
            axum::routing::delete(tables::drop_table_user),
        )
        .route(
            &format!("{SEC}/data/ownerpolicy/{{table}}"),
            get(tables::owner_policy).put(tables::set_owner_policy),
        )
        .route(
            &format!("{SEC}/data/ownerpolicy/{{table}}/{{operation}}"),
            axum::routing::delete(tables::drop_owner_policy),
        )
        .route(
            &format!("{DATA}/columns/permissions"),
            get(tables::column_permissions),
        )
        .route(
            &format!("{DATA}/columns/permissions/{{operation}}/{{role}}"),
            put(tables::set_column_permission),
        )
        .route(ACL, get(acl::object_acl))
        .route(
            &format!("{ACL}/{{item}}"),
            put(acl::set_object_acl).delete(acl::drop_object_acl),
        )
        .route(
            &format!("{ACL}/{{item}}/{{query}}"),
            get(acl::search_acl_users),
        )
        .route(
            &format!("{SEC}/{{service}}/{{table}}/objectAcl/{{object_id}}/{{policy}}"),
            get(acl::object_acl),
        )
        .route(
            &format!("{SEC}/{{service}}/{{table}}/objectAcl/{{object_id}}/{{policy}}/{{item}}"),
            put(acl::set_object_acl).delete(acl::drop_object_acl),
        )
        .route(
            &format!("{SEC}/roles/files/{{*path}}"),
            get(files::roles_of_file),
        )
        .route(
            &format!("{SEC}/roles/{{role}}/files/{{*path}}"),
            put(files::set_role_file).delete(files::drop_role_file),
        )
        .route(
            &format!("{SEC}/users/{{user}}/file/{{*path}}"),
            put(files::set_user_file),
        )
        .route(
            &format!("{SEC}/files/users/{{*path}}"),
            get(files::users_of_file).delete(files::drop_user_file),
        )
        .route(
            &format!("{SEC}/messaging/{{channel}}/roles"),
            get(tables::channel_permissions),
        )
        .route(
            &format!("{SEC}/messaging/{{channel}}/roles/{{role}}"),
            put(tables::channel_permissions),
        )
        .route(
            "/{app_id}/console/user/sessions/users",
            get(sessions::users),
        )
        .route(
            "/{app_id}/console/user/sessions/users-with-sessions",
            get(sessions::users_with_sessions),
        )
        .route(
            "/{app_id}/console/user/sessions/logout",
            put(sessions::logout),
        )
        .route(
            "/{app_id}/console/user/sessions/{user}",
            get(sessions::user_sessions),
        )
        .route(
            &format!("{SEC}/auth0/config"),
            get(oauth::auth0).put(oauth::set_auth0),
        )
        .route(
            &format!("{SEC}/auth0/scope-to-role"),
            get(oauth::bindings).post(oauth::create_binding),
        )
        .route(
            &format!("{SEC}/auth0/scope-to-role/{{binding}}"),
            put(oauth::update_binding).delete(oauth::remove_binding),
        )
        .route(
            "/{app_id}/console/users/oauth1-templates",
            get(|c: ConsoleApp| oauth::templates(c, Protocol::OAuth1)),
        )
        .route(
            "/{app_id}/console/users/oauth2-templates",
            get(|c: ConsoleApp| oauth::templates(c, Protocol::OAuth2)),
        )
        .route(USERS, get(oauth::list).post(oauth::create))
        .route(
            &format!("{USERS}/create-from-template"),
            post(oauth::create_from_template),
        )
        .route(
            &format!("{USERS}/{{provider}}"),
            get(oauth::find).put(oauth::update).delete(oauth::remove),
        )
        .route(
            &format!("{USERS}/{{provider}}/callback-url"),
            get(oauth::callback_url),
        )
}
