//! Principals, permissions and access values of the Backendless security model (security.md §1-§2).

use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// An operation a permission guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Permission {
    /// Create objects.
    #[serde(rename = "ADD")]
    Add,
    /// Update objects.
    #[serde(rename = "UPDATE")]
    Update,
    /// Find, count, first/last.
    #[serde(rename = "FIND")]
    Find,
    /// Delete objects.
    #[serde(rename = "REMOVE")]
    Remove,
    /// Describe the table.
    #[serde(rename = "DESCRIBE")]
    Describe,
    /// Change permissions.
    #[serde(rename = "PERMISSION")]
    Permission,
    /// Load related objects.
    #[serde(rename = "LOAD_RELATIONS")]
    LoadRelations,
    /// Set or add relations.
    #[serde(rename = "ADD_RELATION")]
    AddRelation,
    /// Remove relations.
    #[serde(rename = "DELETE_RELATION")]
    DeleteRelation,
    /// Upsert objects.
    #[serde(rename = "UPSERT")]
    Upsert,
    /// Every permission (`*`).
    #[serde(rename = "*")]
    All,
}

impl Permission {
    /// Every concrete permission (without the wildcard).
    pub const CONCRETE: [Permission; 10] = [
        Permission::Add,
        Permission::Update,
        Permission::Find,
        Permission::Remove,
        Permission::Describe,
        Permission::Permission,
        Permission::LoadRelations,
        Permission::AddRelation,
        Permission::DeleteRelation,
        Permission::Upsert,
    ];

    /// Parse a permission name as the REST API spells it (case-insensitive), or 1024.
    pub fn parse(name: &str) -> Result<Permission, ApiError> {
        serde_json::from_value(serde_json::Value::String(name.to_ascii_uppercase()))
            .map_err(|_| super::errors::unknown_permission(name))
    }

    /// The REST spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Add => "ADD",
            Permission::Update => "UPDATE",
            Permission::Find => "FIND",
            Permission::Remove => "REMOVE",
            Permission::Describe => "DESCRIBE",
            Permission::Permission => "PERMISSION",
            Permission::LoadRelations => "LOAD_RELATIONS",
            Permission::AddRelation => "ADD_RELATION",
            Permission::DeleteRelation => "DELETE_RELATION",
            Permission::Upsert => "UPSERT",
            Permission::All => "*",
        }
    }

    /// Whether an entry for `self` applies to a request for `wanted`.
    pub fn covers(self, wanted: Permission) -> bool {
        self == Permission::All || self == wanted
    }
}

/// GRANT or DENY.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Access {
    /// Allowed.
    Grant,
    /// Refused.
    Deny,
}

impl Access {
    /// Parse `GRANT` / `DENY` (case-insensitive).
    pub fn parse(text: &str) -> Option<Access> {
        match text.to_ascii_uppercase().as_str() {
            "GRANT" => Some(Access::Grant),
            "DENY" => Some(Access::Deny),
            _ => None,
        }
    }
}

/// An access value as the console spells it: `GRANT`, `DENY`, or `INHERIT` (no explicit
/// entry, `None`); case-insensitive (1024 otherwise).
pub fn parse_console_access(text: &str) -> Result<Option<Access>, ApiError> {
    if text.eq_ignore_ascii_case("INHERIT") {
        return Ok(None);
    }
    Access::parse(text)
        .map(Some)
        .ok_or_else(|| super::errors::unknown_access(text))
}

/// The console's spelling of an access value (`INHERIT` for no explicit entry).
pub fn console_access(access: Option<Access>) -> &'static str {
    match access {
        Some(Access::Grant) => "GRANT",
        Some(Access::Deny) => "DENY",
        None => "INHERIT",
    }
}

/// Who an entry is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Principal {
    /// A user objectId, or `*` for every user.
    User(String),
    /// A role name, or `*` for every role.
    Role(String),
}

/// One explicit permission entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Who.
    pub principal: Principal,
    /// Which operation.
    pub permission: Permission,
    /// Grant or deny.
    pub access: Access,
}

/// System roles: never assigned through the API (2007/2008), always present.
pub const SYSTEM_ROLES: [&str; 14] = [
    "ASUser",
    "GooglePlusUser",
    "NotAuthenticatedUser",
    "DotNetUser",
    "SocialUser",
    "AndroidUser",
    "FacebookUser",
    "IOSUser",
    "TwitterUser",
    "AuthenticatedUser",
    "RestUser",
    "ServerCodeUser",
    "JSUser",
    "GuestUser",
];

/// Whether `name` is a system role.
pub fn is_system_role(name: &str) -> bool {
    SYSTEM_ROLES.contains(&name)
}

/// A role as the console lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    /// Stable id.
    pub role_id: String,
    /// Role name (console field `rolename`).
    #[serde(rename = "rolename")]
    pub name: String,
    /// Whether it is a system role.
    pub system: bool,
}
