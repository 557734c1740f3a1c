//! OAuth 1 / OAuth 2 providers and Auth0 in the console (`backendless-console-sdk`
//! `src/users.js`), over the app's [`ProvidersState`].

use axum::extract::Path;
use axum::http::Method;
use axum::Json;
use serde_json::{json, Value};

use super::common::param;
use crate::apps::developers::ConsoleApp;
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;
use crate::services::users::errors;
use crate::services::users::providers::{Binding, Protocol, Provider, ProvidersState};

type Params = Path<Vec<(String, String)>>;

fn list_json(providers: Vec<Provider>) -> Value {
    Value::from(providers.iter().map(|p| p.to_json()).collect::<Vec<_>>())
}

/// The protocol of a `{protocol}` segment: `oauth1` or `oauth2` (99001 otherwise, as for any
/// URL the console API does not have).
fn protocol(params: &[(String, String)], method: &Method) -> Result<Protocol, ApiError> {
    let segment = param(params, "protocol");
    Protocol::parse(segment)
        .ok_or_else(|| errors::unknown_route(method.as_str(), &format!("/console/users/{segment}")))
}

/// `GET .../users/oauth1-templates`, `.../oauth2-templates`.
pub(super) async fn templates(c: ConsoleApp, protocol: Protocol) -> JsonResult {
    Ok(Json(Value::from(
        c.services.get::<ProvidersState>().templates(protocol),
    )))
}

/// `GET .../users/oauth1`, `.../oauth2`: the configured providers.
pub(super) async fn list(c: ConsoleApp, method: Method, Path(params): Params) -> JsonResult {
    let protocol = protocol(&params, &method)?;
    Ok(Json(list_json(
        c.services.get::<ProvidersState>().list(protocol),
    )))
}

/// `POST .../users/oauth2` with a provider object (`name` required); OAuth 1 providers are made
/// from a template only (99001 for `POST .../users/oauth1`).
pub(super) async fn create(
    c: ConsoleApp,
    method: Method,
    Path(params): Params,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let protocol = match protocol(&params, &method)? {
        Protocol::OAuth2 => Protocol::OAuth2,
        Protocol::OAuth1 => return Err(errors::unknown_route("POST", "/console/users/oauth1")),
    };
    let made = c
        .services
        .get::<ProvidersState>()
        .create(protocol, &body, &c.app.ids)?;
    Ok(Json(made.to_json()))
}

/// `POST .../users/oauth{1,2}/create-from-template` with `{templateCode, ...}`.
pub(super) async fn create_from_template(
    c: ConsoleApp,
    method: Method,
    Path(params): Params,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let protocol = protocol(&params, &method)?;
    let made = c
        .services
        .get::<ProvidersState>()
        .create_from_template(protocol, &body, &c.app.ids)?;
    Ok(Json(made.to_json()))
}

/// `GET .../users/oauth{1,2}/{providerId}`.
pub(super) async fn find(c: ConsoleApp, method: Method, Path(params): Params) -> JsonResult {
    let protocol = protocol(&params, &method)?;
    let id = param(&params, "provider");
    Ok(Json(
        c.services
            .get::<ProvidersState>()
            .find(protocol, id)?
            .to_json(),
    ))
}

/// `PUT .../users/oauth{1,2}/{providerId}` with the changed fields.
pub(super) async fn update(
    c: ConsoleApp,
    method: Method,
    Path(params): Params,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let protocol = protocol(&params, &method)?;
    let id = param(&params, "provider");
    let changed = c
        .services
        .get::<ProvidersState>()
        .update(protocol, id, &body)?;
    Ok(Json(changed.to_json()))
}

/// `DELETE .../users/oauth{1,2}/{providerId}`: the removed provider.
pub(super) async fn remove(c: ConsoleApp, method: Method, Path(params): Params) -> JsonResult {
    let protocol = protocol(&params, &method)?;
    let id = param(&params, "provider");
    Ok(Json(
        c.services
            .get::<ProvidersState>()
            .remove(protocol, id)?
            .to_json(),
    ))
}

/// `GET .../users/oauth{1,2}/{providerCode}/callback-url`: the emulator performs no OAuth
/// login, so it has no callback to register with a provider.
pub(super) async fn callback_url() -> ApiError {
    ApiError::unsupported("OAuth login (provider callback URLs)")
}

/// `GET .../security/auth0/config`.
pub(super) async fn auth0(c: ConsoleApp) -> JsonResult {
    Ok(Json(c.services.get::<ProvidersState>().auth0()))
}

/// `PUT .../security/auth0/config` with the changed fields.
pub(super) async fn set_auth0(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    Ok(Json(c.services.get::<ProvidersState>().set_auth0(&body)?))
}

fn binding_json(c: &ConsoleApp, b: &Binding) -> Value {
    let role_id = c
        .services
        .get::<crate::services::security::SecurityState>()
        .role(&b.role_name)
        .map(|r| r.role_id);
    json!({"id": b.id, "scope": b.scope, "roleName": b.role_name, "roleId": role_id})
}

/// The role a binding body names (`roleName`, `role` or `roleId`), checked to exist.
fn bound_role(c: &ConsoleApp, body: &Value) -> Result<Option<String>, ApiError> {
    let named = ["roleName", "role", "roleId"]
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
        .filter(|s| !s.is_empty());
    named
        .map(|r| super::common::role(&c.services, r).map(|role| role.name))
        .transpose()
}

/// `GET .../security/auth0/scope-to-role`.
pub(super) async fn bindings(c: ConsoleApp) -> JsonResult {
    let list: Vec<Value> = c
        .services
        .get::<ProvidersState>()
        .bindings()
        .iter()
        .map(|b| binding_json(&c, b))
        .collect();
    Ok(Json(Value::from(list)))
}

/// `POST .../security/auth0/scope-to-role` with `{scope, roleName}` (8010 / 2005).
pub(super) async fn create_binding(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let scope = body["scope"]
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::missing_field("scope"))?;
    let role = bound_role(&c, &body)?.ok_or_else(|| ApiError::missing_field("roleName"))?;
    let made = c
        .services
        .get::<ProvidersState>()
        .add_binding(scope, &role, &c.app.ids);
    Ok(Json(binding_json(&c, &made)))
}

/// `PUT .../security/auth0/scope-to-role/{bindingId}` with the changed `scope` / role.
pub(super) async fn update_binding(
    c: ConsoleApp,
    Path((_, id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let role = bound_role(&c, &body)?;
    let scope = body["scope"].as_str().filter(|s| !s.is_empty());
    let changed = c
        .services
        .get::<ProvidersState>()
        .update_binding(&id, scope, role.as_deref())?;
    Ok(Json(binding_json(&c, &changed)))
}

/// `DELETE .../security/auth0/scope-to-role/{bindingId}`: the removed binding.
pub(super) async fn remove_binding(
    c: ConsoleApp,
    Path((_, id)): Path<(String, String)>,
) -> JsonResult {
    let gone = c.services.get::<ProvidersState>().remove_binding(&id)?;
    Ok(Json(binding_json(&c, &gone)))
}
