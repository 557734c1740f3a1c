//! Developer permissions (`backendless-console-sdk` `src/dev-permissions.js`, `src/dev-team.js`):
//! the owner may deny a team member any of the console's operations; the emulator refuses a
//! denied operation with 99286 (HTTP 403) before its handler runs. The owner is never refused.
//! Denials are part of the app's identity ([`crate::apps::AppMeta`]`::denied`), like its team:
//! a reset keeps them, and a developer leaving the team loses them.
//!
//! | SDK method | Route (`/{appId}/console/...`) |
//! |---|---|
//! | `updateDevPermissions` | `PUT devteam/{devId}/permissions` (`[{id or operation, access}]` or `{operation: access}`) |
//! | `updateDevPermissionGroups` | `PUT devteam/{devId}/permission/groups` (`[{groupName, access?, permissions?}]`) |
//! | `my-permissions`, `devPermissions.get` | `GET my-permissions`, `GET security/{operation}` |
//!
//! Which console requests an operation covers is [`operation_of`]'s table; operations of areas
//! the emulator does not serve (billing, marketplace, geo, HIPAA, ...) are kept but guard
//! nothing.

use std::collections::BTreeSet;

use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::errors;
use crate::apps::developers::{console_app, ConsoleApp, Dev, Developer};
use crate::apps::{AppMeta, Shared};
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;

/// One operation of the console SDK's `DevPermissions.OperationsTypes`.
#[derive(Debug, Clone, Copy)]
struct Operation {
    /// Its name, as `devPermissions.get` takes it.
    name: &'static str,
    /// Its numeric id, as the developer objects list it.
    id: u32,
    /// The console section it belongs to.
    group: &'static str,
}

/// Every operation, in the SDK's order.
#[rustfmt::skip]
const OPERATIONS: &[Operation] = &[
    Operation { name: "INVITE_OR_REMOVE_TEAM_MEMBER", id: 1, group: "App Access Security" },
    Operation { name: "ASSIGN_TEAM_MEMBER_PERMISSION", id: 3, group: "App Access Security" },
    Operation { name: "DELETE_AUDIT_LOGS", id: 115, group: "App Access Security" },
    Operation { name: "ACTIVATE_HIPAA_COMPLIANCE", id: 114, group: "App Access Security" },
    Operation { name: "ENABLE_PANIC_MODE", id: 112, group: "App Access Security" },
    Operation { name: "APP_RESET", id: 13, group: "App Settings" },
    Operation { name: "MODIFY_CORS_DOMAIN_CONTROL", id: 8, group: "App Settings" },
    Operation { name: "MODIFY_CUSTOM_DOMAIN", id: 9, group: "App Settings" },
    Operation { name: "MODIFY_EMAIL_SETTINGS", id: 7, group: "App Settings" },
    Operation { name: "MODIFY_LIMIT_NOTIFICATION", id: 14, group: "App Settings" },
    Operation { name: "MODIFY_MOBILE_SETTINGS", id: 6, group: "App Settings" },
    Operation { name: "MANAGE_OAUTH_PROVIDERS", id: 5, group: "App Settings" },
    Operation { name: "DELETE_APPLICATION", id: 11, group: "App Settings" },
    Operation { name: "MANAGE_API_KEYS", id: 4, group: "App Settings" },
    Operation { name: "RENAME_APP", id: 110, group: "App Settings" },
    Operation { name: "ADD_UPDATE_CREDIT_CARD", id: 20, group: "Billing" },
    Operation { name: "MODIFY_BILLING_PLAN", id: 21, group: "Billing" },
    Operation { name: "MARKETPLACE_DELETE_PURCHASE", id: 23, group: "Billing" },
    Operation { name: "MARKETPLACE_PURCHASE", id: 22, group: "Billing" },
    Operation { name: "MODIFY_CACHE_CONTROL_RULES", id: 116, group: "Cache-Control" },
    Operation { name: "DELETE_FROM_MARKETPLACE", id: 98, group: "Cloud Code" },
    Operation { name: "INVOKE_EVENT_WITH_MODEL", id: 97, group: "Cloud Code" },
    Operation { name: "MODIFY_BL", id: 93, group: "Cloud Code" },
    Operation { name: "PUBLISH_TO_MARKETPLACE", id: 94, group: "Cloud Code" },
    Operation { name: "RUN_TIMER", id: 96, group: "Cloud Code" },
    Operation { name: "MODIFY_DYNAMIC_SCHEMA_DEFINITION", id: 47, group: "Data Service" },
    Operation { name: "CREATE_MODIFY_DELETE_COLUMN", id: 42, group: "Data Service" },
    Operation { name: "CREATE_MODIFY_DELETE_TABLE", id: 40, group: "Data Service" },
    Operation { name: "CREATE_DELETE_UPDATE_OBJECTS", id: 46, group: "Data Service" },
    Operation { name: "CREATE_MODIFY_DELETE_TABLE_PERMISSIONS", id: 44, group: "Data Service" },
    Operation { name: "CREATE_MODIFY_DELETE_OWNER_PERMISSIONS", id: 54, group: "Data Service" },
    Operation { name: "CREATE_MODIFY_DELETE_COLUMNS_VISIBILITY_PERMISSIONS", id: 109, group: "Data Service" },
    Operation { name: "CREATE_MODIFY_DELETE_DATA_CONNECTOR", id: 99, group: "Data connector" },
    Operation { name: "STORED_PROCEDURE", id: 102, group: "Data connector" },
    Operation { name: "CREATE_MODIFY_DELETE_TEMPLATE", id: 33, group: "Email Templates" },
    Operation { name: "MODIFY_FILE_PERMISSIONS", id: 60, group: "File Service" },
    Operation { name: "MANAGE_DIRECTORIES_AND_FILES", id: 57, group: "File Service" },
    Operation { name: "UPLOAD_CREATE_FILES", id: 59, group: "File Service" },
    Operation { name: "VIEW_DIRECTORY_CONTENT", id: 106, group: "File Service" },
    Operation { name: "MODIFY_GEO_CATEGORY_PERMISSIONS", id: 83, group: "Geolocation" },
    Operation { name: "CREATE_MODIFY_DELETE_GEOFENCE", id: 85, group: "Geolocation" },
    Operation { name: "MODIFY_GEO_POINT_METADATA", id: 84, group: "Geolocation" },
    Operation { name: "CREATE_MODIFY_DELETE_GEO_CATEGORY", id: 81, group: "Geolocation" },
    Operation { name: "CREATE_MODIFY_DELETE_GEO_POINT", id: 88, group: "Geolocation" },
    Operation { name: "CLONE_APP", id: 27, group: "Import/Export" },
    Operation { name: "EXPORT_APP", id: 24, group: "Import/Export" },
    Operation { name: "IMPORT", id: 25, group: "Import/Export" },
    Operation { name: "MODIFY_LANDING_PAGE", id: 29, group: "Landing Page" },
    Operation { name: "PUBLISH_LANDING_PAGE", id: 30, group: "Landing Page" },
    Operation { name: "MODIFY_LOG_CONFIG", id: 17, group: "Log Management" },
    Operation { name: "MODIFY_LOG_INTEGRATIONS", id: 19, group: "Log Management" },
    Operation { name: "DELETE_LOGGERS", id: 18, group: "Log Management" },
    Operation { name: "MODIFY_MESSAGING_CHANNEL_PERMISSIONS", id: 70, group: "Messaging/Push Notifications" },
    Operation { name: "CREATE_MODIFY_DELETE_BUTTON", id: 73, group: "Messaging/Push Notifications" },
    Operation { name: "CREATE_MODIFY_DELETE_CHANEL_OPTIONS", id: 75, group: "Messaging/Push Notifications" },
    Operation { name: "CREATE_MODIFY_DELETE_CHANEL", id: 67, group: "Messaging/Push Notifications" },
    Operation { name: "CREATE_MODIFY_DELETE_PUSH_TEMPLATE", id: 71, group: "Messaging/Push Notifications" },
    Operation { name: "SEND_MESSAGE_TO_CHANNEL", id: 69, group: "Messaging/Push Notifications" },
    Operation { name: "SEND_PUSH_BY_TEMPLATE", id: 77, group: "Messaging/Push Notifications" },
    Operation { name: "ADD_MODIFY_ASSIGN_ROLE", id: 37, group: "Security Roles" },
    Operation { name: "ASSIGN_ROLE_PERMISSIONS", id: 39, group: "Security Roles" },
    Operation { name: "MODIFY_LOGIN_PROPS", id: 32, group: "User Management" },
    Operation { name: "MODIFY_USER_REGISTRATION_PROPS", id: 31, group: "User Management" },
    Operation { name: "LOGOUT_ALL_USERS", id: 107, group: "User Management" },
    Operation { name: "PUBLISH_UI_CONTAINERS", id: 111, group: "UI Builder" },
];

/// The operation named (any case) or numbered `key`.
fn find(key: &str) -> Option<&'static Operation> {
    OPERATIONS
        .iter()
        .find(|op| op.name.eq_ignore_ascii_case(key) || op.id.to_string() == key)
}

/// Whether `access` is `GRANT` (true) or `DENY` (false), any case; 8002 otherwise.
fn granted(access: &Value) -> Result<bool, ApiError> {
    match access.as_str().map(str::to_ascii_uppercase).as_deref() {
        Some("GRANT") => Ok(true),
        Some("DENY") => Ok(false),
        _ => Err(errors::bad_document("access must be GRANT or DENY")),
    }
}

/// The operations a developer may not do in the app of `meta` (none for its owner).
fn denied_to(shared: &Shared, dev: &Developer, meta: &AppMeta) -> BTreeSet<String> {
    if shared.console.is_owner(dev, meta) {
        return BTreeSet::new();
    }
    meta.denied.get(&dev.id).cloned().unwrap_or_default()
}

/// `GRANT` or `DENY`: a developer's access to one operation.
fn access(op: &Operation, denied: &BTreeSet<String>) -> &'static str {
    if denied.contains(op.name) {
        "DENY"
    } else {
        "GRANT"
    }
}

/// One operation with the access a developer has to it.
fn access_json(op: &Operation, denied: &BTreeSet<String>) -> Value {
    json!({"operation": op.name, "access": access(op, denied)})
}

/// The `permissionGroups` of a developer object: each section with its operations' access.
pub(super) fn permission_groups(denied: &BTreeSet<String>) -> Value {
    let mut groups: Vec<(&str, Vec<Value>)> = Vec::new();
    for op in OPERATIONS {
        let entry = json!({"id": op.id.to_string(), "operation": op.name,
                           "access": access(op, denied), "visible": true});
        match groups.last_mut() {
            Some((name, list)) if *name == op.group => list.push(entry),
            _ => groups.push((op.group, vec![entry])),
        }
    }
    Value::from_iter(groups.into_iter().map(|(name, permissions)| {
        json!({"groupName": name, "permissions": permissions, "visible": true})
    }))
}

/// The denials of one team member (for `getDevelopers`).
pub(super) fn denials_of(meta: &AppMeta, dev_id: &str) -> BTreeSet<String> {
    meta.denied.get(dev_id).cloned().unwrap_or_default()
}

/// `GET /{appId}/console/my-permissions`: every operation with the caller's access.
pub(super) async fn my_permissions(State(shared): State<Shared>, c: ConsoleApp) -> Json<Value> {
    let denied = denied_to(&shared, &c.dev.developer, &c.app.meta());
    Json(Value::from_iter(
        OPERATIONS.iter().map(|op| access_json(op, &denied)),
    ))
}

/// `devPermissions.get`: `GET /{appId}/console/security/{operation}`, the caller's access to one
/// operation (its name in any case, or its id); 8002 for an operation the console does not know.
pub(super) async fn dev_permission(
    State(shared): State<Shared>,
    c: ConsoleApp,
    Path((_, operation)): Path<(String, String)>,
) -> JsonResult {
    let op = find(&operation).ok_or_else(|| errors::unknown_dev_operation(&operation))?;
    let denied = denied_to(&shared, &c.dev.developer, &c.app.meta());
    Ok(Json(access_json(op, &denied)))
}

/// `(operation, granted)` pairs of an `updateDevPermissions` body.
fn permission_changes(body: &Value) -> Result<Vec<(&'static str, bool)>, ApiError> {
    let pairs: Vec<(String, &Value)> = match body {
        Value::Array(items) => items
            .iter()
            .map(|item| {
                let key = item.get("operation").or_else(|| item.get("id"));
                let key = match key {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => return Err(ApiError::missing_field("operation")),
                };
                Ok((key, item.get("access").unwrap_or(&Value::Null)))
            })
            .collect::<Result<_, _>>()?,
        Value::Object(fields) => fields.iter().map(|(k, v)| (k.clone(), v)).collect(),
        _ => return Err(errors::bad_document("the body must list permissions")),
    };
    pairs
        .into_iter()
        .map(|(key, access)| {
            let op = find(&key).ok_or_else(|| errors::unknown_dev_operation(&key))?;
            Ok((op.name, granted(access)?))
        })
        .collect()
}

/// `(operation, granted)` pairs of an `updateDevPermissionGroups` body: a group's own `access`
/// covers all its operations, its `permissions` list single ones.
fn group_changes(body: &Value) -> Result<Vec<(&'static str, bool)>, ApiError> {
    let groups = body
        .as_array()
        .ok_or_else(|| errors::bad_document("the body must list permission groups"))?;
    let mut changes = Vec::new();
    for group in groups {
        if let Some(access) = group.get("access") {
            let name = group["groupName"]
                .as_str()
                .ok_or_else(|| ApiError::missing_field("groupName"))?;
            let ops: Vec<&Operation> = OPERATIONS.iter().filter(|op| op.group == name).collect();
            if ops.is_empty() {
                return Err(errors::bad_document(&format!(
                    "unknown permission group '{name}'"
                )));
            }
            let grant = granted(access)?;
            changes.extend(ops.into_iter().map(|op| (op.name, grant)));
        }
        if let Some(list) = group.get("permissions") {
            changes.extend(permission_changes(list)?);
        }
    }
    Ok(changes)
}

/// Apply `changes` to a team member's denials (only the owner may; 99264 for a developer not in
/// the team); answers the member's `permissionGroups`.
fn change(
    shared: &Shared,
    c: &ConsoleApp,
    dev_id: &str,
    changes: Vec<(&'static str, bool)>,
) -> JsonResult {
    let meta = c.app.meta();
    if !shared.console.is_owner(&c.dev.developer, &meta) {
        return Err(errors::owner_only("change developer permissions"));
    }
    if !meta.team.iter().any(|id| id == dev_id) {
        return Err(errors::not_a_team_member(dev_id));
    }
    let denied = c.app.update_denied(|all| {
        let mine = all.entry(dev_id.to_string()).or_default();
        for (op, grant) in changes {
            if grant {
                mine.remove(op);
            } else {
                mine.insert(op.to_string());
            }
        }
        let now = mine.clone();
        if now.is_empty() {
            all.remove(dev_id);
        }
        now
    });
    Ok(Json(
        json!({"id": dev_id, "permissionGroups": permission_groups(&denied)}),
    ))
}

/// `updateDevPermissions`.
pub(super) async fn update_permissions(
    State(shared): State<Shared>,
    c: ConsoleApp,
    Path((_, dev_id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let changes = permission_changes(&body)?;
    change(&shared, &c, &dev_id, changes)
}

/// `updateDevPermissionGroups`.
pub(super) async fn update_groups(
    State(shared): State<Shared>,
    c: ConsoleApp,
    Path((_, dev_id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let changes = group_changes(&body)?;
    change(&shared, &c, &dev_id, changes)
}

/// A console request a rule matches: its method and the path after `/{appId}/console/`.
fn matches(rule: &Rule, method: &Method, segments: &[&str]) -> bool {
    let writes = [Method::POST, Method::PUT, Method::PATCH, Method::DELETE];
    let method_ok = match rule.methods {
        Methods::Writes => writes.contains(method),
        Methods::Only(m) => method.as_str() == m,
    };
    let pattern: Vec<&str> = rule.pattern.trim_end_matches('$').split('/').collect();
    let exact = rule.pattern.ends_with('$');
    method_ok
        && segments.len() >= pattern.len()
        && (!exact || segments.len() == pattern.len())
        && pattern
            .iter()
            .zip(segments)
            .all(|(p, s)| *p == "*" || p.eq_ignore_ascii_case(s))
}

/// The methods a rule covers.
#[derive(Debug, Clone, Copy)]
enum Methods {
    /// `POST`, `PUT`, `PATCH` and `DELETE`.
    Writes,
    /// One method.
    Only(&'static str),
}

/// A console request pattern (`*` one segment, a trailing `$` no more) and the operation that
/// covers it (`None`: a read sent as `POST`, or a change no operation covers).
struct Rule {
    methods: Methods,
    pattern: &'static str,
    operation: Option<&'static str>,
}

const fn rule(methods: Methods, pattern: &'static str, operation: &'static str) -> Rule {
    Rule {
        methods,
        pattern,
        operation: Some(operation),
    }
}

const fn open(methods: Methods, pattern: &'static str) -> Rule {
    Rule {
        methods,
        pattern,
        operation: None,
    }
}

use Methods::{Only, Writes};

/// The rules, the first match deciding.
#[rustfmt::skip]
const RULES: &[Rule] = &[
    rule(Writes, "devteam/*/permissions", "ASSIGN_TEAM_MEMBER_PERMISSION"),
    rule(Writes, "devteam/*/permission", "ASSIGN_TEAM_MEMBER_PERMISSION"),
    rule(Only("POST"), "devteam$", "INVITE_OR_REMOVE_TEAM_MEMBER"),
    rule(Only("DELETE"), "devteam/*$", "INVITE_OR_REMOVE_TEAM_MEMBER"),
    rule(Only("DELETE"), "security/audit-logs", "DELETE_AUDIT_LOGS"),
    rule(Writes, "appreset", "APP_RESET"),
    rule(Writes, "mailsettings", "MODIFY_EMAIL_SETTINGS"),
    rule(Writes, "emailtemplate", "CREATE_MODIFY_DELETE_TEMPLATE"),
    rule(Writes, "email/events", "CREATE_MODIFY_DELETE_TEMPLATE"),
    rule(Writes, "mobilesettings", "MODIFY_MOBILE_SETTINGS"),
    rule(Writes, "users/oauth1", "MANAGE_OAUTH_PROVIDERS"),
    rule(Writes, "users/oauth2", "MANAGE_OAUTH_PROVIDERS"),
    rule(Writes, "security/auth0", "MANAGE_OAUTH_PROVIDERS"),
    rule(Only("DELETE"), "application$", "DELETE_APPLICATION"),
    rule(Only("PUT"), "application$", "RENAME_APP"),
    rule(Writes, "apikey", "MANAGE_API_KEYS"),
    rule(Writes, "cachecontrol", "MODIFY_CACHE_CONTROL_RULES"),
    rule(Only("POST"), "servercode/*/events/*/run", "RUN_TIMER"),
    rule(Writes, "servercode", "MODIFY_BL"),
    rule(Writes, "webhook", "MODIFY_BL"),
    rule(Writes, "timers", "MODIFY_BL"),
    rule(Writes, "data/config", "MODIFY_DYNAMIC_SCHEMA_DEFINITION"),
    rule(Writes, "data/tables/*/columns", "CREATE_MODIFY_DELETE_COLUMN"),
    rule(Writes, "data/tables/*/records", "CREATE_DELETE_UPDATE_OBJECTS"),
    rule(Writes, "data/tables/*/all", "CREATE_DELETE_UPDATE_OBJECTS"),
    open(Writes, "data/tables-counters"),
    rule(Writes, "data/tables", "CREATE_MODIFY_DELETE_TABLE"),
    open(Writes, "data/table-views"),
    open(Writes, "data/table-pre-view"),
    open(Writes, "data/data-grouping"),
    open(Only("POST"), "data/*/find"),
    open(Only("POST"), "data/*/count"),
    open(Only("POST"), "data/*/csv"),
    rule(Writes, "data", "CREATE_DELETE_UPDATE_OBJECTS"),
    rule(Writes, "security/data/ownerpolicy", "CREATE_MODIFY_DELETE_OWNER_PERMISSIONS"),
    rule(Writes, "security/data", "CREATE_MODIFY_DELETE_TABLE_PERMISSIONS"),
    rule(Writes, "security/files", "MODIFY_FILE_PERMISSIONS"),
    rule(Writes, "security/users/*/file", "MODIFY_FILE_PERMISSIONS"),
    rule(Writes, "security/roles/*/files", "MODIFY_FILE_PERMISSIONS"),
    rule(Writes, "security/roles/permissions", "ASSIGN_ROLE_PERMISSIONS"),
    rule(Writes, "security/roles", "ADD_MODIFY_ASSIGN_ROLE"),
    rule(Writes, "security/assignedroles", "ADD_MODIFY_ASSIGN_ROLE"),
    rule(Writes, "security/*/*/objectAcl", "CREATE_MODIFY_DELETE_TABLE_PERMISSIONS"),
    rule(Only("GET"), "files/directory/view", "VIEW_DIRECTORY_CONTENT"),
    rule(Only("GET"), "files/view", "VIEW_DIRECTORY_CONTENT"),
    rule(Writes, "files/create", "UPLOAD_CREATE_FILES"),
    rule(Writes, "files/upload", "UPLOAD_CREATE_FILES"),
    rule(Writes, "files/edit", "UPLOAD_CREATE_FILES"),
    rule(Writes, "files", "MANAGE_DIRECTORIES_AND_FILES"),
    rule(Writes, "cloneApp", "CLONE_APP"),
    rule(Writes, "export", "EXPORT_APP"),
    rule(Writes, "landing-page", "MODIFY_LANDING_PAGE"),
    rule(Writes, "logging/config", "MODIFY_LOG_CONFIG"),
    rule(Writes, "logging/loggers", "DELETE_LOGGERS"),
    rule(Writes, "messaging/channels", "CREATE_MODIFY_DELETE_CHANEL"),
    rule(Writes, "messaging/push/templates", "CREATE_MODIFY_DELETE_PUSH_TEMPLATE"),
    rule(Writes, "messaging/button-templates", "CREATE_MODIFY_DELETE_BUTTON"),
    rule(Writes, "messaging/channel-templates", "CREATE_MODIFY_DELETE_CHANEL_OPTIONS"),
    rule(Only("POST"), "messaging/push", "SEND_PUSH_BY_TEMPLATE"),
    rule(Only("POST"), "messaging/*", "SEND_MESSAGE_TO_CHANNEL"),
    rule(Writes, "userlogin/logout/all", "LOGOUT_ALL_USERS"),
    rule(Writes, "user/sessions/logout", "LOGOUT_ALL_USERS"),
    rule(Writes, "userlogin", "MODIFY_LOGIN_PROPS"),
    rule(Writes, "userregistration", "MODIFY_USER_REGISTRATION_PROPS"),
    rule(Writes, "userproperties", "MODIFY_USER_REGISTRATION_PROPS"),
];

/// The operation covering a console request (`rest`: the path after `/{appId}/console/`).
pub(crate) fn operation_of(method: &Method, rest: &str) -> Option<&'static str> {
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    RULES
        .iter()
        .find(|rule| matches(rule, method, &segments))
        .and_then(|rule| rule.operation)
}

/// A layer over the console routes: a team member's request for an operation denied to them
/// answers 99286 (HTTP 403) without reaching its handler.
pub(crate) async fn enforce(
    State(shared): State<Shared>,
    request: Request,
    next: Next,
) -> Response {
    let Some(app_id) = console_app(request.uri().path()) else {
        return next.run(request).await;
    };
    let Ok(app) = shared.app(app_id) else {
        return next.run(request).await;
    };
    let meta = app.meta();
    if meta.denied.is_empty() {
        return next.run(request).await;
    }
    let rest = request
        .uri()
        .path()
        .split_once("/console/")
        .map_or("", |(_, rest)| rest);
    let Some(operation) = operation_of(request.method(), rest) else {
        return next.run(request).await;
    };
    let (mut parts, body) = request.into_parts();
    if let Ok(dev) = Dev::from_request_parts(&mut parts, &shared).await {
        if denied_to(&shared, &dev.developer, &meta).contains(operation) {
            return errors::operation_denied(operation).into_response();
        }
    }
    next.run(Request::from_parts(parts, body)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_requests_map_to_the_operation_that_covers_them() {
        let cases = [
            (
                Method::POST,
                "data/tables",
                Some("CREATE_MODIFY_DELETE_TABLE"),
            ),
            (
                Method::POST,
                "data/tables/Person/columns",
                Some("CREATE_MODIFY_DELETE_COLUMN"),
            ),
            (
                Method::POST,
                "data/Person",
                Some("CREATE_DELETE_UPDATE_OBJECTS"),
            ),
            (Method::POST, "data/Person/find", None),
            (Method::GET, "data/tables", None),
            (
                Method::POST,
                "devteam",
                Some("INVITE_OR_REMOVE_TEAM_MEMBER"),
            ),
            (
                Method::PUT,
                "devteam/D1/permissions",
                Some("ASSIGN_TEAM_MEMBER_PERMISSION"),
            ),
            (Method::PUT, "devteam/owner", None),
            (Method::DELETE, "application", Some("DELETE_APPLICATION")),
            (
                Method::POST,
                "files/create/a/b.txt",
                Some("UPLOAD_CREATE_FILES"),
            ),
            (
                Method::DELETE,
                "files/a/",
                Some("MANAGE_DIRECTORIES_AND_FILES"),
            ),
            (
                Method::GET,
                "files/directory/view/a",
                Some("VIEW_DIRECTORY_CONTENT"),
            ),
            (
                Method::POST,
                "messaging/news",
                Some("SEND_MESSAGE_TO_CHANNEL"),
            ),
            (
                Method::POST,
                "messaging/channels",
                Some("CREATE_MODIFY_DELETE_CHANEL"),
            ),
            (
                Method::POST,
                "userlogin/logout/all",
                Some("LOGOUT_ALL_USERS"),
            ),
        ];
        for (method, rest, want) in cases {
            assert_eq!(operation_of(&method, rest), want, "{method} {rest}");
        }
    }

    #[test]
    fn every_rule_names_a_known_operation() {
        for rule in RULES {
            if let Some(op) = rule.operation {
                assert!(find(op).is_some(), "{op}");
            }
        }
    }

    #[test]
    fn permission_bodies_are_read_as_lists_maps_and_groups() {
        let list =
            json!([{"id": "40", "access": "DENY"}, {"operation": "app_reset", "access": "grant"}]);
        assert_eq!(
            permission_changes(&list).expect("list"),
            [("CREATE_MODIFY_DELETE_TABLE", false), ("APP_RESET", true)]
        );
        let map = json!({"MANAGE_API_KEYS": "DENY"});
        assert_eq!(
            permission_changes(&map).expect("map"),
            [("MANAGE_API_KEYS", false)]
        );
        let bad = json!([{"id": "40", "access": "MAYBE"}]);
        assert_eq!(permission_changes(&bad).expect_err("access").code, 8002);
        let groups = json!([{"groupName": "Import/Export", "access": "DENY"}]);
        assert_eq!(
            group_changes(&groups).expect("group"),
            [
                ("CLONE_APP", false),
                ("EXPORT_APP", false),
                ("IMPORT", false)
            ]
        );
    }
}
