//! Console user settings, user properties and roles (management.md §2.3 S1-S6, S11-S13).

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::applications::merge;
use crate::apps::developers::Dev;
use crate::apps::Shared;
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;
use crate::services::data::schema::{Column, DataType};
use crate::services::data::DataStore;
use crate::services::security::SecurityState;
use crate::services::users::schema::{user_class_props, USERS};
use crate::services::users::UsersState;

fn to_json<T: serde::Serialize>(value: &T) -> JsonResult {
    Ok(Json(serde_json::to_value(value).unwrap_or(Value::Null)))
}

/// S1 `GET /{appId}/console/userregistration`.
pub(super) async fn registration(
    State(shared): State<Shared>,
    _dev: Dev,
    Path(app_id): Path<String>,
) -> JsonResult {
    let app = shared.app(&app_id)?;
    let settings = app.settings.read().registration.clone();
    to_json(&settings)
}

/// S2 `PUT /{appId}/console/userregistration`.
pub(super) async fn set_registration(
    State(shared): State<Shared>,
    _dev: Dev,
    Path(app_id): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let app = shared.app(&app_id)?;
    let updated = merge(&app.settings.read().registration, &body)?;
    app.settings.write().registration = updated.clone();
    to_json(&updated)
}

/// S3 `GET /{appId}/console/userlogin`.
pub(super) async fn login(
    State(shared): State<Shared>,
    _dev: Dev,
    Path(app_id): Path<String>,
) -> JsonResult {
    let app = shared.app(&app_id)?;
    let settings = app.settings.read().login.clone();
    to_json(&settings)
}

/// S4 `POST /{appId}/console/userlogin`.
pub(super) async fn set_login(
    State(shared): State<Shared>,
    _dev: Dev,
    Path(app_id): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let app = shared.app(&app_id)?;
    let updated = merge(&app.settings.read().login, &body)?;
    if updated.session_timeout > 2_592_000 {
        return Err(super::errors::invalid_range());
    }
    app.settings.write().login = updated.clone();
    to_json(&updated)
}

/// S5 `POST /{appId}/console/userlogin/logout/all`: every session of the app ends.
pub(super) async fn logout_all(
    State(shared): State<Shared>,
    _dev: Dev,
    Path(app_id): Path<String>,
) -> JsonResult {
    let app = shared.app(&app_id)?;
    let count = app.services().get::<UsersState>().close_sessions(None);
    Ok(Json(json!({"success": true, "loggedOut": count})))
}

/// S6 `GET /{appId}/console/userproperties`.
pub(super) async fn user_properties(
    State(shared): State<Shared>,
    _dev: Dev,
    Path(app_id): Path<String>,
) -> JsonResult {
    let app = shared.app(&app_id)?;
    let props = app
        .services()
        .get::<DataStore>()
        .read(|t| t.table(USERS).map(user_class_props))?;
    Ok(Json(Value::from(props)))
}

/// S6 `PUT /{appId}/console/userproperties/{name}`: change `identity`, `required`, `defaultValue`
/// of a Users column, creating it (with `dataType`, default STRING) when it does not exist.
pub(super) async fn set_user_property(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, name)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let app = shared.app(&app_id)?;
    let services = app.services();
    let props = services
        .get::<DataStore>()
        .write(|t| -> Result<Vec<Value>, ApiError> {
            let table = t.table_mut(USERS)?;
            if table.column(&name).is_none() {
                let ty = body
                    .get("dataType")
                    .or_else(|| body.get("type"))
                    .and_then(Value::as_str)
                    .unwrap_or("STRING");
                let ty = DataType::parse(ty).ok_or_else(|| super::errors::unknown_data_type(ty))?;
                crate::services::data::errors::check_column_name(&name)?;
                table.add_column(Column::new(&name, ty, app.ids.guid()));
            }
            if body.get("identity").and_then(Value::as_bool) == Some(true) {
                for c in table.columns.iter_mut() {
                    c.identity = c.name == name;
                }
            }
            if let Some(column) = table.column_mut(&name) {
                if let Some(required) = body.get("required").and_then(Value::as_bool) {
                    column.required = required;
                }
                if let Some(default) = body.get("defaultValue") {
                    column.default_value = default.clone();
                }
            }
            Ok(user_class_props(table))
        })?;
    Ok(Json(Value::from(props)))
}

/// S11 `GET /{appId}/console/security/roles`.
pub(super) async fn roles(
    State(shared): State<Shared>,
    _dev: Dev,
    Path(app_id): Path<String>,
) -> JsonResult {
    let app = shared.app(&app_id)?;
    to_json(&app.services().get::<SecurityState>().roles(&app.ids))
}

/// S12 `PUT /{appId}/console/security/roles/{name}`.
pub(super) async fn create_role(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, name)): Path<(String, String)>,
) -> JsonResult {
    let app = shared.app(&app_id)?;
    to_json(
        &app.services()
            .get::<SecurityState>()
            .create_role(&name, &app.ids)?,
    )
}

/// S13 `DELETE /{appId}/console/security/roles/{roleId}`.
pub(super) async fn delete_role(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, role)): Path<(String, String)>,
) -> JsonResult {
    let app = shared.app(&app_id)?;
    let services = app.services();
    let deleted = services.get::<SecurityState>().delete_role(&role)?;
    services
        .get::<crate::services::users::providers::ProvidersState>()
        .forget_role(&deleted.name);
    to_json(&deleted)
}
