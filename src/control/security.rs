//! Control plane: the security settings Backendless only exposes in its console, so tests can
//! set them up (security.md §4, §4.1): table owner policies and app-wide (global) role
//! permissions, plus a read of the whole security state.
//!
//! | Route | Does |
//! |---|---|
//! | `GET /_emulator/apps/{id}/security` | roles, assignments, ACLs, table entries, owner policies, global entries |
//! | `PUT /_emulator/apps/{id}/security/owner-policy` | `{"table", "permission", "access": "GRANT"\|"DENY"\|null}` |
//! | `PUT /_emulator/apps/{id}/security/global` | `{"role", "permission", "access": "GRANT"\|"DENY"\|null}` |

use axum::extract::{Path, State};
use axum::Json;
use serde_json::Value;

use crate::apps::Shared;
use crate::error::{ApiError, Code, JsonResult};
use crate::extract::JsonBody;
use crate::services::data::DataStore;
use crate::services::security::SecurityState;
use crate::services::security::{is_system_role, Access, Permission, Principal, Scope};

fn app(shared: &Shared, id: &str) -> Result<std::sync::Arc<crate::apps::App>, ApiError> {
    shared
        .registry
        .app(id)
        .ok_or_else(crate::apps::wrong_app_info)
}

fn field<'a>(body: &'a Value, key: &str) -> Result<&'a str, ApiError> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::missing_field(key))
}

/// `access`: `GRANT` / `DENY`, or null / absent to clear the entry.
fn access(body: &Value) -> Result<Option<Access>, ApiError> {
    match body.get("access") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Access::parse(s).map(Some).ok_or_else(|| {
            ApiError::templated(
                Code::CANNOT_UPDATE_PERMISSION,
                &[&format!("unknown access '{s}'")],
            )
        }),
        Some(other) => Err(ApiError::templated(
            Code::CANNOT_UPDATE_PERMISSION,
            &[&format!("unknown access {other}")],
        )),
    }
}

/// `GET /_emulator/apps/{id}/security`.
pub(super) async fn show(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    let snapshot = app(&shared, &id)?
        .services()
        .get::<SecurityState>()
        .snapshot();
    serde_json::to_value(snapshot)
        .map(Json)
        .map_err(|e| ApiError::unparsable(&e.to_string()))
}

/// `PUT /_emulator/apps/{id}/security/owner-policy`: what owners may do with their objects.
pub(super) async fn set_owner_policy(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let app = app(&shared, &id)?;
    let table = field(&body, "table")?;
    let permission = Permission::parse(field(&body, "permission")?)?;
    let services = app.services();
    services
        .get::<DataStore>()
        .read(|t| t.table(table).map(|_| ()))?;
    services
        .get::<SecurityState>()
        .set_owner_policy(table, permission, access(&body)?);
    show(State(shared), Path(id)).await
}

/// `PUT /_emulator/apps/{id}/security/global`: an app-wide permission of a role.
pub(super) async fn set_global(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let app = app(&shared, &id)?;
    let role = field(&body, "role")?;
    let permission = Permission::parse(field(&body, "permission")?)?;
    let services = app.services();
    if role != "*"
        && !is_system_role(role)
        && !services.get::<SecurityState>().has_custom_role(role)
    {
        return Err(crate::services::security::state::role_not_found());
    }
    services.get::<SecurityState>().set_entry(
        Scope::Global,
        Principal::Role(role.to_string()),
        permission,
        access(&body)?,
    );
    show(State(shared), Path(id)).await
}
