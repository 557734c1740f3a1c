//! The Users table: its built-in columns, the identity column, and the user object shape
//! (users.md §1.1, §U12).

use serde_json::{json, Map, Value};

use crate::ids::IdGen;
use crate::services::data::schema::{Column, DataType};
use crate::services::data::table::Table;

pub use crate::services::data::schema::{PASSWORD, USERS};
/// Column holding the account status.
pub const USER_STATUS: &str = "userStatus";
/// Column holding the last successful login time.
pub const LAST_LOGIN: &str = "lastLogin";
/// Property carrying the session token in login responses.
pub const USER_TOKEN: &str = "user-token";

/// Account states (users.md U15).
pub mod status {
    /// Normal account.
    pub const ENABLED: &str = "ENABLED";
    /// Disabled by Cloud Code or the console.
    pub const DISABLED: &str = "DISABLED";
    /// Registered, email not confirmed yet.
    pub const EMAIL_CONFIRMATION_PENDING: &str = "EMAIL_CONFIRMATION_PENDING";
    /// Anonymous guest account.
    pub const GUEST: &str = "GUEST";
}

/// A fresh Users table with the built-in columns; `email` is the identity.
pub fn users_table() -> Table {
    // Fixed ids: the Users schema is the same in every app and every run.
    let ids = IdGen::seeded(0x05E5);
    let mut t = Table::new(USERS, ids.guid(), || ids.guid());
    t.system = true;
    for (name, ty) in [
        ("email", DataType::String),
        ("name", DataType::String),
        (USER_STATUS, DataType::String),
        (LAST_LOGIN, DataType::Datetime),
        ("socialAccount", DataType::String),
        ("accountType", DataType::String),
        ("oAuthIdentities", DataType::Json),
        ("blUserLocale", DataType::String),
    ] {
        let mut c = Column::new(name, ty, ids.guid());
        c.identity = name == "email";
        t.add_column(c);
    }
    t
}

/// The identity column's name (default `email`).
pub fn identity_column(t: &Table) -> String {
    t.columns
        .iter()
        .find(|c| c.identity)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| "email".to_string())
}

/// The descriptor of the virtual password column (it holds no values; hashes live elsewhere).
fn password_property() -> Value {
    json!({
        "name": PASSWORD, "required": true, "type": "STRING", "defaultValue": null,
        "identity": false, "relatedTable": null, "customRegex": null, "autoLoad": false,
        "isPrimaryKey": false, "expression": null
    })
}

/// `GET /users/userclassprops`: one descriptor per column, with `identity` (superset of keys).
pub fn user_class_props(t: &Table) -> Vec<Value> {
    let mut props: Vec<Value> = t
        .columns
        .iter()
        .map(|c| {
            let mut p = c.to_property();
            if let Value::Object(o) = &mut p {
                o.insert("identity".into(), Value::Bool(c.identity));
            }
            p
        })
        .collect();
    props.push(password_property());
    props
}

/// `GET /data/Users/properties`: the data describe shape, password included.
pub fn data_properties(t: &Table) -> Vec<Value> {
    let mut props: Vec<Value> = t.columns.iter().map(Column::to_property).collect();
    let mut pw = password_property();
    if let Value::Object(o) = &mut pw {
        o.remove("identity");
    }
    props.push(pw);
    props
}

/// Remove what must never leave the server from a user object.
pub fn scrub(mut user: Map<String, Value>) -> Map<String, Value> {
    user.remove(PASSWORD);
    user
}
