//! What the console's permission routes share: the table a `tableId` names, the role a `roleId`
//! names, the app's users with their identities, and the `{operation, access}` lists the console
//! SDK reads (`backendless-console-sdk` `src/security.js`).

use serde_json::{json, Value};

use crate::apps::Services;
use crate::error::ApiError;
use crate::services::data::DataStore;
use crate::services::security::{
    console_access, parse_console_access, Access, Entry, Permission, Principal, Role, SecurityState,
};
use crate::services::users::schema::{identity_column, USERS};

/// The name of the table a console `tableId` names: its table id, or its name (1009 otherwise).
pub(super) fn table_name(services: &Services, id_or_name: &str) -> Result<String, ApiError> {
    services.get::<DataStore>().read(|t| {
        t.by_table_id(id_or_name)
            .map(|table| table.name.clone())
            .map_or_else(|| t.table(id_or_name).map(|table| table.name.clone()), Ok)
    })
}

/// The role a console `roleId` names: its id or its name (2005 otherwise).
pub(super) fn role(services: &Services, id_or_name: &str) -> Result<Role, ApiError> {
    services
        .get::<SecurityState>()
        .role(id_or_name)
        .ok_or_else(crate::services::security::state::role_not_found)
}

/// One user of the app as the permission routes list it.
#[derive(Debug, Clone)]
pub(super) struct UserRef {
    /// objectId.
    pub id: String,
    /// The identity value (email by default), as text.
    pub identity: String,
}

/// Every user of the app, in stored order.
pub(super) fn users(services: &Services) -> Vec<UserRef> {
    services.get::<DataStore>().read(|t| {
        let Ok(table) = t.table(USERS) else {
            return Vec::new();
        };
        let identity = identity_column(table);
        table
            .rows()
            .map(|row| UserRef {
                id: table.object_id(row).to_string(),
                identity: match table.value(row, &identity).to_value() {
                    Value::String(s) => s,
                    Value::Null => String::new(),
                    other => other.to_string(),
                },
            })
            .collect()
    })
}

/// The user with this objectId (3030 otherwise).
pub(super) fn user(services: &Services, id: &str) -> Result<UserRef, ApiError> {
    users(services)
        .into_iter()
        .find(|u| u.id == id)
        .ok_or_else(|| super::super::errors::user_not_found(id))
}

/// One `{operation, access}` change of a console permission body.
#[derive(Debug, Clone)]
pub(super) struct Change {
    /// The operation name as sent (`FIND`, `find`, `READ`, ...).
    pub operation: String,
    /// The new access (`None` = inherit).
    pub access: Option<Access>,
}

/// The changes of a console permission body: `{permissions: [{operation, access}]}`, a bare
/// array of them, or one `{operation, access}` object (8010 when none is given).
pub(super) fn changes(body: &Value) -> Result<Vec<Change>, ApiError> {
    let items: Vec<&Value> = match body {
        Value::Array(items) => items.iter().collect(),
        Value::Object(o) => match o.get("permissions") {
            Some(Value::Array(items)) => items.iter().collect(),
            _ if o.contains_key("operation") => vec![body],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    if items.is_empty() {
        return Err(ApiError::missing_field("permissions"));
    }
    items
        .into_iter()
        .map(|item| {
            let operation = item["operation"]
                .as_str()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| ApiError::missing_field("operation"))?;
            let access = item["access"]
                .as_str()
                .ok_or_else(|| ApiError::missing_field("access"))?;
            Ok(Change {
                operation: operation.to_string(),
                access: parse_console_access(access)?,
            })
        })
        .collect()
}

/// A Data permission by the console's name for it (`Create` is `ADD`, `Delete` is `REMOVE`).
pub(super) fn data_permission(name: &str) -> Result<Permission, ApiError> {
    match name.to_ascii_uppercase().as_str() {
        "CREATE" => Ok(Permission::Add),
        "DELETE" => Ok(Permission::Remove),
        _ => Permission::parse(name),
    }
}

/// The explicit access `principal` has for `permission` among `entries`.
pub(super) fn access_of(
    entries: &[Entry],
    principal: &Principal,
    permission: Permission,
) -> Option<Access> {
    entries
        .iter()
        .find(|e| e.principal == *principal && e.permission == permission)
        .map(|e| e.access)
}

/// `[{operation, access}]` for every Data operation, `INHERIT` where nothing is explicit.
pub(super) fn data_permissions(entries: &[Entry], principal: &Principal) -> Value {
    Value::from(
        Permission::CONCRETE
            .iter()
            .map(|p| {
                json!({
                    "operation": p.as_str(),
                    "access": console_access(access_of(entries, principal, *p)),
                })
            })
            .collect::<Vec<_>>(),
    )
}

/// `{roleId, name, permissions}` of one role over `entries`.
pub(super) fn role_permissions(role: &Role, entries: &[Entry]) -> Value {
    json!({
        "roleId": role.role_id,
        "name": role.name,
        "system": role.system,
        "permissions": data_permissions(entries, &Principal::Role(role.name.clone())),
    })
}

/// `{userId, name, permissions}` of one user over `entries`.
pub(super) fn user_permissions(user: &UserRef, entries: &[Entry]) -> Value {
    json!({
        "userId": user.id,
        "name": user.identity,
        "permissions": data_permissions(entries, &Principal::User(user.id.clone())),
    })
}

/// The `offset` / `pageSize` of a console listing (defaults 0 and 100).
pub(super) fn page(query: &crate::extract::QueryParams) -> Result<(usize, usize), ApiError> {
    let offset = query.whole("offset")?.unwrap_or(0).max(0);
    let size = query.whole("pageSize")?.unwrap_or(100).clamp(1, 1000);
    Ok((
        usize::try_from(offset).unwrap_or(0),
        usize::try_from(size).unwrap_or(100),
    ))
}

/// A path parameter by name (`""` when the route has none of that name).
pub(super) fn param<'a>(params: &'a [(String, String)], name: &str) -> &'a str {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}
