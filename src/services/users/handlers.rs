//! HTTP handlers of the User Service: extract, call one [`UserOps`] method, wrap the result.

use axum::extract::Path;
use serde_json::{Map, Value};

use super::accounts::Requester;
use super::errors::roles_need_cloud_code;
use super::ops::UserOps;
use super::roles::RoleChange;
use super::schema::{user_class_props, USERS};
use crate::apps::Ctx;
use crate::error::ApiError;
use crate::error::ApiResult;
use crate::extract::empty;
use crate::extract::json;
use crate::extract::JsonBody;
use crate::extract::QueryParams;
use crate::services::data::handlers::{plan as data_plan, read_as};
use crate::services::data::options::FindOptions;
use crate::services::data::DataStore;
use crate::services::realtime::EventBus;
use crate::services::realtime::ObjectEvent;
use crate::services::security::CallerOf;
use crate::services::security::SecurityState;

/// The operations of this request's app.
pub fn ops(ctx: &Ctx) -> UserOps<'_> {
    UserOps::new(&ctx.app, &ctx.services, &ctx.shared.public_url())
}

/// U1 `POST /users/register`.
pub async fn register(ctx: Ctx, JsonBody(body): JsonBody) -> ApiResult {
    // Registering with a guest's objectId converts that guest: an update, not a new object.
    let converts_guest = body.get("objectId").is_some_and(|id| !id.is_null());
    let user = ops(&ctx).register(body)?;
    let event = if converts_guest {
        ObjectEvent::Updated
    } else {
        ObjectEvent::Created
    };
    notify(&ctx, event, &user);
    json(user)
}

/// Publish a Users change on the app's real-time bus (after it committed).
fn notify(ctx: &Ctx, event: ObjectEvent, user: &Map<String, Value>) {
    ctx.services
        .get::<EventBus>()
        .object_changed(USERS, event, &Value::Object(user.clone()));
}

/// U4 `POST /users/register/guest`.
pub async fn register_guest(ctx: Ctx) -> ApiResult {
    json(ops(&ctx).register_guest()?)
}

/// U2/U3 `POST /users/login`.
pub async fn login(ctx: Ctx, JsonBody(body): JsonBody) -> ApiResult {
    let by_object_id = body.get("login").is_none() && body.get("objectId").is_some();
    if by_object_id {
        if !ctx.key.is_cloud_code() {
            return Err(super::errors::login_by_id_needs_code_runner());
        }
        let id = body
            .get("objectId")
            .and_then(Value::as_str)
            .unwrap_or_default();
        return json(ops(&ctx).login_by_object_id(id)?);
    }
    json(ops(&ctx).login(&body)?)
}

/// U5 `GET /users/logout`. Without a `user-token` there is no session to end and the call
/// succeeds, as on Backendless: the JS SDK's `register` flow calls logout before anyone logged in.
pub async fn logout(ctx: Ctx) -> ApiResult {
    if let Some(session) = ctx.session.as_ref() {
        ops(&ctx).logout(&session.token)?;
    }
    Ok(empty())
}

/// U6 `GET /users/isvalidusertoken/{token}`.
pub async fn is_valid_user_token(ctx: Ctx, Path(token): Path<String>) -> ApiResult {
    json(ops(&ctx).is_valid_token(&token))
}

/// U7 `GET /users/{id}` (`props=` limits the properties).
pub async fn find_by_id(ctx: Ctx, Path(id): Path<String>, query: QueryParams) -> ApiResult {
    let user = ops(&ctx).find(&id)?;
    let with_id = ctx.app.settings.read().data.include_object_id_by_default;
    json(select_props(user, &query, with_id))
}

/// U8 `PUT /users/{id}`.
pub async fn update(ctx: Ctx, Path(id): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    let user = ctx.with_caller(|caller| {
        ops(&ctx).update(
            &id,
            body,
            Requester {
                caller,
                cloud_code: ctx.key.is_cloud_code(),
            },
        )
    })?;
    notify(&ctx, ObjectEvent::Updated, &user);
    json(user)
}

/// U9 `DELETE /users/{id}` (the docs' curl form of `DELETE /data/Users/{id}`).
pub async fn delete(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let before = ops(&ctx).find(&id).ok();
    let time = ctx.with_caller(|caller| ops(&ctx).delete(&id, caller))?;
    if let Some(user) = before {
        notify(&ctx, ObjectEvent::Deleted, &user);
    }
    json(serde_json::json!({ "deletionTime": time }))
}

/// U10 `GET /users/restorepassword/{identity}`.
pub async fn restore_password(ctx: Ctx, Path(identity): Path<String>) -> ApiResult {
    ops(&ctx).restore_password(&identity)?;
    Ok(empty())
}

/// U11 `POST /users/verifypassowrd` (sic).
pub async fn verify_password(ctx: Ctx, JsonBody(body): JsonBody) -> ApiResult {
    if !ctx.key.is_cloud_code() {
        return Err(super::errors::verify_password_needs_code());
    }
    let user = ctx
        .user_id()
        .ok_or_else(super::errors::no_authenticated_user)?;
    let valid = ops(&ctx).verify_password(user, &body)?;
    json(serde_json::json!({ "valid": valid }))
}

/// U12 `GET /users/userclassprops`.
pub async fn user_class_properties(ctx: Ctx) -> ApiResult {
    let props = ctx
        .services
        .get::<DataStore>()
        .read(|t| t.table(USERS).map(user_class_props))?;
    json(props)
}

/// U13 `POST /users/resendconfirmation/{identity}`.
pub async fn resend_confirmation(ctx: Ctx, Path(identity): Path<String>) -> ApiResult {
    ops(&ctx).resend_confirmation(&identity)?;
    Ok(empty())
}

/// U14 `POST /users/createEmailConfirmationURL/{identity}`.
pub async fn create_email_confirmation_url(ctx: Ctx, Path(identity): Path<String>) -> ApiResult {
    json(ops(&ctx).confirmation_url(&identity)?)
}

/// U15 `PUT /users/{id}/status` (Cloud Code only: 3054).
pub async fn set_status(ctx: Ctx, Path(id): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    if !ctx.key.is_cloud_code() {
        return Err(super::errors::only_business_logic());
    }
    ops(&ctx).set_status(&id, &body)?;
    Ok(empty())
}

/// U16 `GET /users/userroles`: the roles of this request.
pub async fn current_user_roles(ctx: Ctx) -> ApiResult {
    json(ctx.roles())
}

/// U17 `GET /users/userroles/{userId}` (Cloud Code only).
pub async fn user_roles(ctx: Ctx, Path(user_id): Path<String>) -> ApiResult {
    if !ctx.key.is_cloud_code() {
        return Err(roles_need_cloud_code());
    }
    json(ops(&ctx).roles_of_user(&user_id)?)
}

/// U18 `POST /users/assignRole` (Cloud Code only).
pub async fn assign_role(ctx: Ctx, JsonBody(body): JsonBody) -> ApiResult {
    change_role(ctx, body, RoleChange::Assign)
}

/// U19 `POST /users/unassignRole` (Cloud Code only).
pub async fn unassign_role(ctx: Ctx, JsonBody(body): JsonBody) -> ApiResult {
    change_role(ctx, body, RoleChange::Unassign)
}

fn change_role(ctx: Ctx, body: Value, change: RoleChange) -> ApiResult {
    if !ctx.key.is_cloud_code() {
        return Err(roles_need_cloud_code());
    }
    ops(&ctx).change_role(&body, change)?;
    Ok(empty())
}

/// U20 `GET /users/role/{roleName}`: the role's users, with the data query options of a find
/// (`where`, `sortBy`, `props`, `pageSize`, `offset`, `loadRelations`, ...) applied to them.
pub async fn find_by_role(ctx: Ctx, Path(role): Path<String>, query: QueryParams) -> ApiResult {
    let load_roles = query.flag("loadRoles").unwrap_or(false);
    let members = ops(&ctx).role_members(&role)?;
    if members.is_empty() {
        return json(Value::Array(Vec::new()));
    }
    let mut options = FindOptions::from_query(&query)?;
    let ids: Vec<String> = members
        .iter()
        .map(|id| format!("'{}'", id.replace('\'', "''")))
        .collect();
    let membership = format!("objectId IN ({})", ids.join(","));
    options.where_clause = Some(match options.where_clause.take() {
        Some(w) => format!("({membership}) AND ({w})"),
        None => membership,
    });
    let plan = data_plan(&ctx, &options)?;
    let page = ctx.with_caller(|c| read_as(&ctx, c, |r, _| r.find(USERS, &plan)))?;
    let mut users = page;
    if load_roles {
        for u in &mut users {
            let id = u["objectId"].as_str().unwrap_or_default().to_string();
            if let Value::Object(o) = u {
                o.insert(
                    "roles".into(),
                    Value::from(ctx.services.get::<SecurityState>().custom_roles_of(&id)),
                );
            }
        }
    }
    let page = Value::Array(users);
    json(page)
}

/// U21-U24: social and OAuth logins need a real identity provider.
pub async fn social_login(Path(provider): Path<String>) -> ApiResult {
    Err(ApiError::unsupported(&format!(
        "Login with the '{provider}' identity provider"
    )))
}

/// Keep only `props` / `property` columns and `___class` (and `objectId` when the app includes it
/// by default), when given.
fn select_props(
    user: Map<String, Value>,
    query: &QueryParams,
    with_object_id: bool,
) -> Map<String, Value> {
    let mut wanted: Vec<&str> = query.all("property");
    for p in query.all("props") {
        wanted.extend(p.split(',').map(str::trim).filter(|s| !s.is_empty()));
    }
    if wanted.is_empty() || wanted.contains(&"*") {
        return user;
    }
    user.into_iter()
        .filter(|(k, _)| {
            k == "___class" || (with_object_id && k == "objectId") || wanted.contains(&k.as_str())
        })
        .collect()
}
