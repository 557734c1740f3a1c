//! Permission endpoints (security.md §3): S1 object ACL entries and S2 table entries, for a
//! user (`"user"`, `*` = every user) or a role (`"role"`, `*` = every role).
//!
//! `REVOKE` in place of GRANT/DENY removes an explicit entry (back to inherit): an emulator
//! extension suggested by security.md §6 open question 1, since no REST revoke exists.

use axum::extract::Path;
use serde_json::Value;

use crate::apps::Ctx;
use crate::error::ApiResult;
use crate::error::{ApiError, Code};
use crate::extract::empty;
use crate::extract::JsonBody;
use crate::services::data::access::Actor;
use crate::services::data::errors;
use crate::services::data::schema::OWNER_ID;
use crate::services::data::schema::USERS;
use crate::services::data::DataStore;
use crate::services::security::CallerOf;
use crate::services::security::SecurityState;
use crate::services::security::{is_system_role, Access, Permission, Principal, Scope};

/// S1 `PUT /data/{table}/permissions/{GRANT|DENY}/{objectId}`.
pub async fn object_permission(
    ctx: Ctx,
    Path((table, access, id)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let access = parse_access(&access)?;
    let (principal, permission) = entry(&ctx, &body)?;
    let owner = ctx.services.get::<DataStore>().read(|t| {
        let tb = t.table(&table)?;
        let row = tb.row(&id).ok_or_else(|| errors::object_not_found(&id))?;
        Ok::<_, ApiError>(tb.value(row, OWNER_ID).as_str().map(str::to_string))
    })?;
    ctx.with_caller(|c| {
        Actor::Client(c).require_object(
            &ctx.services.get::<SecurityState>(),
            Permission::Permission,
            &table,
            &id,
            owner.as_deref(),
        )
    })?;
    ctx.services.get::<SecurityState>().set_entry(
        Scope::Object {
            table: &table,
            object_id: &id,
        },
        principal,
        permission,
        access,
    );
    Ok(empty())
}

/// S2 `PUT /data/{table}/permissions/{GRANT|DENY}`.
pub async fn table_permission(
    ctx: Ctx,
    Path((table, access)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let access = parse_access(&access)?;
    let (principal, permission) = entry(&ctx, &body)?;
    ctx.services
        .get::<DataStore>()
        .read(|t| t.table(&table).map(|_| ()))?;
    ctx.with_caller(|c| {
        Actor::Client(c).require(
            &ctx.services.get::<SecurityState>(),
            Permission::Permission,
            &table,
        )
    })?;
    ctx.services.get::<SecurityState>().set_entry(
        Scope::Table(&table),
        principal,
        permission,
        access,
    );
    Ok(empty())
}

/// `GRANT` / `DENY` (case-insensitive), or `REVOKE` → no entry.
fn parse_access(text: &str) -> Result<Option<Access>, ApiError> {
    if text.eq_ignore_ascii_case("REVOKE") {
        return Ok(None);
    }
    Access::parse(text).map(Some).ok_or_else(|| {
        ApiError::templated(
            Code::CANNOT_UPDATE_PERMISSION,
            &[&format!("unknown access '{text}'")],
        )
    })
}

/// The principal and permission of a body; `user` wins when both are given (security.md §3).
fn entry(ctx: &Ctx, body: &Value) -> Result<(Principal, Permission), ApiError> {
    let permission = body
        .get("permission")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            ApiError::templated(
                Code::CANNOT_UPDATE_PERMISSION,
                &["the permission is missing"],
            )
        })?;
    let permission = Permission::parse(permission)?;
    let text = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    if let Some(user) = text("user").or_else(|| text("userId")) {
        let known = user == "*"
            || ctx
                .services
                .get::<DataStore>()
                .read(|t| t.table(USERS).is_ok_and(|tb| tb.contains(user)));
        if !known {
            return Err(ApiError::templated(
                Code::CANNOT_UPDATE_PERMISSION,
                &[&format!("user '{user}' does not exist")],
            ));
        }
        return Ok((Principal::User(user.to_string()), permission));
    }
    if let Some(role) = text("role").or_else(|| text("roleName")) {
        if role != "*"
            && !is_system_role(role)
            && !ctx.services.get::<SecurityState>().has_custom_role(role)
        {
            return Err(crate::services::security::state::role_not_found());
        }
        return Ok((Principal::Role(role.to_string()), permission));
    }
    Err(ApiError::templated(
        Code::CANNOT_UPDATE_PERMISSION,
        &["either user or role is required"],
    ))
}
