//! Object ACLs in the console: the explicit entries of one object for users and for roles
//! (`backendless-console-sdk` `src/security.js` with an `objectId`, security.md §4 layers 1, 2
//! and 6). Only Data objects carry ACLs in the emulator; the other services' object ACLs answer
//! 99000.

use axum::extract::Path;
use axum::Json;
use serde_json::{json, Value};

use super::common::{self, changes, data_permission, data_permissions, param, UserRef};
use crate::apps::developers::ConsoleApp;
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;
use crate::services::data::DataStore;
use crate::services::security::errors as security_errors;
use crate::services::security::{console_access, Permission, Principal, Scope, SecurityState};

/// The object a route names: its table (`serviceItemName`) and objectId, checked to exist.
struct Object {
    table: String,
    id: String,
}

impl Object {
    fn scope(&self) -> Scope<'_> {
        Scope::Object {
            table: &self.table,
            object_id: &self.id,
        }
    }
}

/// Which object an ACL route is about: a Data object (1009 / 1000 when missing); another
/// service's objects keep no ACLs (99000); an unknown service is refused (99250).
fn object(c: &ConsoleApp, params: &[(String, String)]) -> Result<Object, ApiError> {
    let service = param(params, "service");
    match service {
        "" | "data" => {}
        "files" | "messaging" | "geo" | "localservices" => {
            return Err(ApiError::unsupported(&format!("Object ACLs of {service}")))
        }
        other => return Err(security_errors::unknown_service(other)),
    }
    let table = common::table_name(&c.services, param(params, "table"))?;
    let id = param(params, "object_id").to_string();
    let exists = c
        .services
        .get::<DataStore>()
        .read(|t| t.table(&table).map(|t| t.contains(&id)))?;
    if !exists {
        return Err(crate::services::data::errors::object_not_found(&id));
    }
    Ok(Object { table, id })
}

/// `GET .../security/{service}/{serviceItemName}/objectAcl/{objectId}/{policy}`: for `users`,
/// the users with explicit entries on the object; for `roles`, each operation with every role's
/// access.
pub(super) async fn object_acl(
    c: ConsoleApp,
    Path(params): Path<Vec<(String, String)>>,
) -> JsonResult {
    let object = object(&c, &params)?;
    match param(&params, "policy") {
        "users" => Ok(Json(acl_users(&c, &object))),
        "roles" => Ok(Json(acl_roles(&c, &object))),
        other => Err(security_errors::unknown_policy(other)),
    }
}

/// `PUT .../objectAcl/{objectId}/{policy}/{policyItemId}` with `{operation, access}`: for a
/// user, its entries after the change; for a role, the whole roles answer.
pub(super) async fn set_object_acl(
    c: ConsoleApp,
    Path(params): Path<Vec<(String, String)>>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let object = object(&c, &params)?;
    let item = param(&params, "item");
    let principal = match param(&params, "policy") {
        "users" => Principal::User(if item == "*" {
            item.to_string()
        } else {
            common::user(&c.services, item)?.id
        }),
        "roles" => Principal::Role(if item == "*" {
            item.to_string()
        } else {
            common::role(&c.services, item)?.name
        }),
        other => return Err(security_errors::unknown_policy(other)),
    };
    let parsed = changes(&body)?
        .into_iter()
        .map(|ch| Ok((data_permission(&ch.operation)?, ch.access)))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let security = c.services.get::<SecurityState>();
    for (permission, access) in parsed {
        security.set_entry(object.scope(), principal.clone(), permission, access);
    }
    Ok(Json(match principal {
        Principal::User(_) => data_permissions(&security.entries(object.scope()), &principal),
        Principal::Role(_) => acl_roles(&c, &object),
    }))
}

/// `DELETE .../objectAcl/{objectId}/users/{userId}` (the user's entries) or
/// `.../objectAcl/{objectId}/roles/{operation}` (that operation for every role): back to
/// inherit.
pub(super) async fn drop_object_acl(
    c: ConsoleApp,
    Path(params): Path<Vec<(String, String)>>,
) -> JsonResult {
    let object = object(&c, &params)?;
    let item = param(&params, "item");
    let security = c.services.get::<SecurityState>();
    match param(&params, "policy") {
        "users" => {
            let principal = Principal::User(item.to_string());
            security.clear_principal(object.scope(), &principal);
            Ok(Json(data_permissions(
                &security.entries(object.scope()),
                &principal,
            )))
        }
        "roles" => {
            if item.eq_ignore_ascii_case("all") {
                for p in Permission::CONCRETE {
                    security.clear_roles_of(object.scope(), p);
                }
            } else {
                security.clear_roles_of(object.scope(), data_permission(item)?);
            }
            Ok(Json(acl_roles(&c, &object)))
        }
        other => Err(security_errors::unknown_policy(other)),
    }
}

/// `GET .../security/data/{table}/objectAcl/{objectId}/users/search/{query}`: the users whose
/// identity or objectId contains `query`, with their entries on the object.
pub(super) async fn search_acl_users(
    c: ConsoleApp,
    Path(params): Path<Vec<(String, String)>>,
) -> JsonResult {
    let object = object(&c, &params)?;
    if param(&params, "policy") != "users" || param(&params, "item") != "search" {
        return Err(security_errors::unknown_policy(&format!(
            "{}/{}",
            param(&params, "policy"),
            param(&params, "item")
        )));
    }
    let needle = param(&params, "query").to_lowercase();
    let entries = c.services.get::<SecurityState>().entries(object.scope());
    let found: Vec<Value> = common::users(&c.services)
        .iter()
        .filter(|u| u.identity.to_lowercase().contains(&needle) || u.id.contains(&needle))
        .take(100)
        .map(|u| common::user_permissions(u, &entries))
        .collect();
    Ok(Json(Value::from(found)))
}

/// `[{userId, name, permissions}]` of the users with an explicit entry on the object.
fn acl_users(c: &ConsoleApp, object: &Object) -> Value {
    let entries = c.services.get::<SecurityState>().entries(object.scope());
    let mut ids: Vec<String> = entries
        .iter()
        .filter_map(|e| match &e.principal {
            Principal::User(u) => Some(u.clone()),
            Principal::Role(_) => None,
        })
        .collect();
    ids.sort();
    ids.dedup();
    let users = common::users(&c.services);
    let list: Vec<Value> = ids
        .into_iter()
        .map(|id| {
            let user = users
                .iter()
                .find(|u| u.id == id)
                .cloned()
                .unwrap_or(UserRef {
                    identity: id.clone(),
                    id,
                });
            common::user_permissions(&user, &entries)
        })
        .collect();
    Value::from(list)
}

/// `[{operationName, operationId, roles: [{roleId, roleName, access}]}]`, the shape the console
/// SDK's `transformAclRolesResponse` reads.
fn acl_roles(c: &ConsoleApp, object: &Object) -> Value {
    let security = c.services.get::<SecurityState>();
    let entries = security.entries(object.scope());
    let roles = security.roles(&c.app.ids);
    let list: Vec<Value> = Permission::CONCRETE
        .iter()
        .map(|p| {
            let roles: Vec<Value> = roles
                .iter()
                .map(|r| {
                    let access =
                        common::access_of(&entries, &Principal::Role(r.name.clone()), *p);
                    json!({"roleId": r.role_id, "roleName": r.name, "access": console_access(access)})
                })
                .collect();
            json!({"operationName": p.as_str(), "operationId": p.as_str(), "roles": roles})
        })
        .collect();
    Value::from(list)
}
