//! Table permissions for roles and users, owner policies, roles' app-wide permissions and
//! column permissions, as the console's Security screens read and change them. Every change is
//! an entry of the [`SecurityState`] the client API decides with (security.md §4), so a DENY set
//! here refuses the next client request at once.

use axum::extract::Path;
use axum::Json;
use serde_json::{json, Value};

use super::common::{
    self, changes, data_permission, data_permissions, param, role_permissions, user_permissions,
};
use crate::apps::developers::ConsoleApp;
use crate::error::{ApiError, JsonResult};
use crate::extract::{JsonBody, QueryParams};
use crate::services::data::DataStore;
use crate::services::security::{console_access, Permission, Principal, Scope, SecurityState};

/// `GET .../security/data/{tableId}/roles`: every role with its table permissions.
pub(super) async fn table_roles(
    c: ConsoleApp,
    Path((_, table)): Path<(String, String)>,
) -> JsonResult {
    let table = common::table_name(&c.services, &table)?;
    let security = c.services.get::<SecurityState>();
    let entries = security.entries(Scope::Table(&table));
    let roles: Vec<Value> = security
        .roles(&c.app.ids)
        .iter()
        .map(|r| role_permissions(r, &entries))
        .collect();
    Ok(Json(Value::from(roles)))
}

/// `PUT .../security/data/{tableId}/roles/{roleId}` with `{permissions: [{operation, access}]}`:
/// the role's table permissions after the change.
pub(super) async fn set_table_role(
    c: ConsoleApp,
    Path((_, table, role)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let table = common::table_name(&c.services, &table)?;
    let role = common::role(&c.services, &role)?;
    let principal = Principal::Role(role.name.clone());
    apply(&c, Scope::Table(&table), &principal, &body)?;
    Ok(Json(permissions_of(&c, Scope::Table(&table), &principal)))
}

/// `DELETE .../security/data/{tableId}/roles/{roleId}[/{operation}]`: back to inherit.
pub(super) async fn drop_table_role(
    c: ConsoleApp,
    Path(params): Path<Vec<(String, String)>>,
) -> JsonResult {
    let table = common::table_name(&c.services, param(&params, "table"))?;
    let role = common::role(&c.services, param(&params, "role"))?;
    let principal = Principal::Role(role.name);
    drop(
        &c,
        Scope::Table(&table),
        &principal,
        param(&params, "operation"),
    )?;
    Ok(Json(permissions_of(&c, Scope::Table(&table), &principal)))
}

/// `GET .../security/data/{tableId}/users?name=&offset=&pageSize=`: the app's users (those
/// whose identity or objectId contains `name`), a page of them with their table permissions.
pub(super) async fn table_users(
    c: ConsoleApp,
    Path((_, table)): Path<(String, String)>,
    query: QueryParams,
) -> JsonResult {
    let table = common::table_name(&c.services, &table)?;
    let entries = c
        .services
        .get::<SecurityState>()
        .entries(Scope::Table(&table));
    let needle = query
        .get("name")
        .or_else(|| query.get("identity"))
        .unwrap_or("")
        .to_lowercase();
    let matching: Vec<common::UserRef> = common::users(&c.services)
        .into_iter()
        .filter(|u| {
            needle.is_empty()
                || u.identity.to_lowercase().contains(&needle)
                || u.id.to_lowercase().contains(&needle)
        })
        .collect();
    let (offset, size) = common::page(&query)?;
    let data: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(size)
        .map(|u| user_permissions(u, &entries))
        .collect();
    Ok(Json(json!({"data": data, "totalRows": matching.len()})))
}

/// `PUT .../security/data/{tableId}/users/{userId}`: the user's table permissions after the
/// change.
pub(super) async fn set_table_user(
    c: ConsoleApp,
    Path((_, table, user)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let table = common::table_name(&c.services, &table)?;
    let user = common::user(&c.services, &user)?;
    let principal = Principal::User(user.id);
    apply(&c, Scope::Table(&table), &principal, &body)?;
    Ok(Json(permissions_of(&c, Scope::Table(&table), &principal)))
}

/// `DELETE .../security/data/{tableId}/users/{userId}[/{operation}]`: back to inherit.
pub(super) async fn drop_table_user(
    c: ConsoleApp,
    Path(params): Path<Vec<(String, String)>>,
) -> JsonResult {
    let table = common::table_name(&c.services, param(&params, "table"))?;
    let user = common::user(&c.services, param(&params, "user"))?;
    let principal = Principal::User(user.id);
    drop(
        &c,
        Scope::Table(&table),
        &principal,
        param(&params, "operation"),
    )?;
    Ok(Json(permissions_of(&c, Scope::Table(&table), &principal)))
}

/// `GET .../security/data/ownerpolicy/{tableId}`: `[{operation, access}]`, what owners may do
/// with the objects they own.
pub(super) async fn owner_policy(
    c: ConsoleApp,
    Path((_, table)): Path<(String, String)>,
) -> JsonResult {
    let table = common::table_name(&c.services, &table)?;
    let policy = c.services.get::<SecurityState>().owner_policy(&table);
    let list: Vec<Value> = Permission::CONCRETE
        .iter()
        .map(|p| json!({"operation": p.as_str(), "access": console_access(policy.get(p).copied())}))
        .collect();
    Ok(Json(Value::from(list)))
}

/// `PUT .../security/data/ownerpolicy/{tableId}` with `{operation, access}`: the new access.
pub(super) async fn set_owner_policy(
    c: ConsoleApp,
    Path((_, table)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let table = common::table_name(&c.services, &table)?;
    let security = c.services.get::<SecurityState>();
    let mut last = None;
    for change in changes(&body)? {
        let permission = data_permission(&change.operation)?;
        security.set_owner_policy(&table, permission, change.access);
        last = change.access;
    }
    Ok(Json(Value::from(console_access(last))))
}

/// `DELETE .../security/data/ownerpolicy/{tableId}/{operation}`: back to inherit.
pub(super) async fn drop_owner_policy(
    c: ConsoleApp,
    Path((_, table, operation)): Path<(String, String, String)>,
) -> JsonResult {
    let table = common::table_name(&c.services, &table)?;
    let security = c.services.get::<SecurityState>();
    if operation.eq_ignore_ascii_case("all") {
        for p in Permission::CONCRETE {
            security.set_owner_policy(&table, p, None);
        }
    } else {
        security.set_owner_policy(&table, data_permission(&operation)?, None);
    }
    Ok(Json(Value::from(console_access(None))))
}

/// `GET .../security/roles/permissions/{roleId}`: the role's app-wide Data permissions (the
/// global layers 8 and 9 of security.md §4).
pub(super) async fn role_global(
    c: ConsoleApp,
    Path((_, role)): Path<(String, String)>,
) -> JsonResult {
    let role = common::role(&c.services, &role)?;
    Ok(Json(permissions_of(
        &c,
        Scope::Global,
        &Principal::Role(role.name),
    )))
}

/// `PUT .../security/roles/permissions/{roleId}` with `{operation, access}` (or a list): the
/// role's app-wide permissions after the change.
pub(super) async fn set_role_global(
    c: ConsoleApp,
    Path((_, role)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let role = common::role(&c.services, &role)?;
    let principal = Principal::Role(role.name);
    apply(&c, Scope::Global, &principal, &body)?;
    Ok(Json(permissions_of(&c, Scope::Global, &principal)))
}

/// `GET .../security/data/{tableId}/columns/permissions`: every role with each column's
/// access. The emulator keeps no column permissions (their PUT answers 99000), so every column
/// inherits the table's permissions.
pub(super) async fn column_permissions(
    c: ConsoleApp,
    Path((_, table)): Path<(String, String)>,
) -> JsonResult {
    let table = common::table_name(&c.services, &table)?;
    let columns: Vec<String> = c.services.get::<DataStore>().read(|t| {
        t.table(&table)
            .map(|t| t.columns.iter().map(|c| c.column_id.clone()).collect())
    })?;
    let roles: Vec<Value> = c
        .services
        .get::<SecurityState>()
        .roles(&c.app.ids)
        .iter()
        .map(|r| {
            let permissions: Vec<Value> = columns
                .iter()
                .map(|id| json!({"columnId": id, "access": console_access(None)}))
                .collect();
            json!({"roleId": r.role_id, "roleName": r.name, "permissions": permissions})
        })
        .collect();
    Ok(Json(Value::from(roles)))
}

/// `PUT .../columns/permissions/{operation}/{roleId}`: column permissions are not kept.
pub(super) async fn set_column_permission() -> ApiError {
    ApiError::unsupported("Column-level permissions")
}

/// Store every `{operation, access}` of `body` for `principal` at `scope` (all validated first,
/// so a bad item changes nothing).
fn apply(
    c: &ConsoleApp,
    scope: Scope,
    principal: &Principal,
    body: &Value,
) -> Result<(), ApiError> {
    let parsed = changes(body)?
        .into_iter()
        .map(|ch| Ok((data_permission(&ch.operation)?, ch.access)))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let security = c.services.get::<SecurityState>();
    for (permission, access) in parsed {
        security.set_entry(scope, principal.clone(), permission, access);
    }
    Ok(())
}

/// Revoke one operation (`all` or none: every one) of `principal` at `scope`.
fn drop(
    c: &ConsoleApp,
    scope: Scope,
    principal: &Principal,
    operation: &str,
) -> Result<(), ApiError> {
    let security = c.services.get::<SecurityState>();
    if operation.is_empty() || operation.eq_ignore_ascii_case("all") {
        security.clear_principal(scope, principal);
    } else {
        security.set_entry(scope, principal.clone(), data_permission(operation)?, None);
    }
    Ok(())
}

fn permissions_of(c: &ConsoleApp, scope: Scope, principal: &Principal) -> Value {
    data_permissions(&c.services.get::<SecurityState>().entries(scope), principal)
}

/// `GET`/`PUT .../security/messaging/{channel}/roles[/{roleId}]`: messaging channels keep no
/// permissions in the emulator (every publish and subscribe is allowed).
pub(super) async fn channel_permissions() -> ApiError {
    ApiError::unsupported("Messaging channel permissions")
}
