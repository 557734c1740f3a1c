//! Registration, guest accounts, profile updates, deletion and enable/disable (users.md U1, U4,
//! U7-U9, U15).

use serde_json::{Map, Value};

use super::errors::{bad_email, is_valid_email, user_not_found};
use super::ops::{identity_matches, identity_text, UserOps};
use super::schema::{scrub, status, LAST_LOGIN, PASSWORD, USERS, USER_STATUS, USER_TOKEN};
use crate::error::{ApiError, Code};
use crate::password;
use crate::services::data::schema::{CLASS, CREATED, OBJECT_ID, OWNER_ID, UPDATED};
use crate::services::data::store::Tables;
use crate::services::data::DataStore;
use crate::services::security::SecurityState;
use crate::services::security::{Access, Caller, Permission};
use crate::services::users::UsersState;

/// Who asks for a profile change, and with which key.
#[derive(Debug, Clone, Copy)]
pub struct Requester<'a> {
    /// The caller as the security layer sees it.
    pub caller: &'a Caller<'a>,
    /// Whether the request used the Cloud Code key (which may change anyone).
    pub cloud_code: bool,
}

impl UserOps<'_> {
    /// `POST /users/register`: a new user, or a guest account turned into a regular one.
    pub fn register(&self, body: Value) -> Result<Map<String, Value>, ApiError> {
        if !self.settings.registration.user_registration_enabled {
            return Err(super::errors::registration_denied());
        }
        let Value::Object(mut props) = body else {
            return Err(super::errors::missing_registration_data());
        };
        let password = take_password(&mut props)?.ok_or_else(super::errors::missing_password)?;
        if props.contains_key(CREATED) {
            return Err(super::errors::created_on_registration());
        }
        if props.contains_key(UPDATED) {
            return Err(super::errors::updated_on_registration());
        }
        for server_only in [USER_TOKEN, CLASS, OWNER_ID, LAST_LOGIN] {
            props.remove(server_only);
        }
        let id_col = self.identity_column();
        let identity =
            identity_text(props.get(&id_col)).ok_or_else(super::errors::missing_identity)?;
        check_email(&props)?;
        let confirm = self.settings.registration.email_confirmation_required;
        if confirm && props.get("email").is_none_or(Value::is_null) {
            return Err(super::errors::email_required());
        }
        let new_status = if confirm {
            status::EMAIL_CONFIRMATION_PENDING
        } else {
            status::ENABLED
        };
        props.insert(USER_STATUS.into(), Value::from(new_status));
        props.insert("socialAccount".into(), Value::from("BACKENDLESS"));
        props.insert("accountType".into(), Value::from("BACKENDLESS"));
        if props.get("blUserLocale").is_none_or(Value::is_null) {
            props.insert("blUserLocale".into(), Value::from("en"));
        }
        let guest_id = match props.remove(OBJECT_ID) {
            None | Some(Value::Null) => None,
            Some(Value::String(id)) => Some(id),
            Some(_) => return Err(super::errors::id_in_registration()),
        };
        let user = self
            .services
            .get::<DataStore>()
            .write(|t| -> Result<_, ApiError> {
                if identity_taken(t, &id_col, &identity, guest_id.as_deref()) {
                    return Err(super::errors::user_exists());
                }
                match &guest_id {
                    Some(id) => {
                        let existing = t
                            .find_by_id(USERS, id)
                            .map_err(|_| super::errors::id_in_registration())?;
                        if UserOps::status_of(&existing) != status::GUEST {
                            return Err(super::errors::id_in_registration());
                        }
                        t.update(USERS, id, props, &self.write_ctx(None))
                            .map_err(register_error)
                    }
                    None => {
                        let id = self.ids.guid();
                        props.insert(OBJECT_ID.into(), Value::from(id.clone()));
                        t.insert(USERS, props, &self.write_ctx(Some(&id)))
                            .map_err(register_error)
                    }
                }
            })?;
        let user_id = user
            .get(OBJECT_ID)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        self.services
            .get::<UsersState>()
            .set_password_hash(&user_id, password::hash(&password, self.ids));
        if confirm {
            self.send_confirmation(&user)?;
        }
        Ok(scrub(user))
    }

    /// `POST /users/register/guest`: an anonymous account with a session.
    pub fn register_guest(&self) -> Result<Map<String, Value>, ApiError> {
        let id = self.ids.guid();
        let mut props = Map::new();
        props.insert(OBJECT_ID.into(), Value::from(id.clone()));
        props.insert(USER_STATUS.into(), Value::from(status::GUEST));
        props.insert("socialAccount".into(), Value::from("BACKENDLESS"));
        props.insert("accountType".into(), Value::from("BACKENDLESS"));
        props.insert("blUserLocale".into(), Value::from("en"));
        // Guests skip column validators (users.md U4): required columns get placeholder values.
        let user = self
            .services
            .get::<DataStore>()
            .write(|t| -> Result<_, ApiError> {
                if let Ok(table) = t.table(USERS) {
                    for c in table.columns.iter().filter(|c| c.required && !c.system) {
                        props
                            .entry(c.name.clone())
                            .or_insert_with(|| placeholder(c.data_type, &id));
                    }
                }
                t.insert(USERS, props, &self.write_ctx(Some(&id)))
            })?;
        let token = self.open_session(&id, true)?;
        let mut user = scrub(user);
        user.insert(USER_TOKEN.into(), Value::from(token));
        Ok(user)
    }

    /// `PUT /users/{id}`: a partial profile update (password and identity included).
    pub fn update(
        &self,
        id: &str,
        body: Value,
        who: Requester,
    ) -> Result<Map<String, Value>, ApiError> {
        let existing = self.find(id)?;
        let owner = existing.get(OWNER_ID).and_then(Value::as_str);
        let is_self = who.caller.user_id == Some(id);
        if !who.cloud_code && !is_self {
            let (access, _) = self.services.get::<SecurityState>().check(
                who.caller,
                Permission::Update,
                USERS,
                Some((id, owner)),
            );
            if access == Access::Deny {
                let error = match who.caller.user_id {
                    Some(_) => super::errors::other_user_properties(),
                    None => super::errors::not_logged_in(),
                };
                return Err(
                    error.with_rule(self.services.get::<SecurityState>().explain(
                        who.caller,
                        Permission::Update,
                        USERS,
                        Some((id, owner)),
                    )),
                );
            }
        }
        let Value::Object(mut props) = body else {
            return Err(ApiError::new(
                Code::USER_UPDATE_ERROR,
                "General user update error: the body must be a JSON object",
            ));
        };
        let password = take_password(&mut props)?;
        for server_only in [
            OBJECT_ID, CLASS, USER_TOKEN, CREATED, UPDATED, OWNER_ID, LAST_LOGIN,
        ] {
            props.remove(server_only);
        }
        if !who.cloud_code {
            props.remove(USER_STATUS);
        }
        check_email(&props)?;
        let id_col = self.identity_column();
        let new_identity = match props.get(&id_col) {
            None => None,
            Some(v) => {
                Some(identity_text(Some(v)).ok_or_else(super::errors::required_properties_empty)?)
            }
        };
        let user = self
            .services
            .get::<DataStore>()
            .write(|t| -> Result<_, ApiError> {
                if let Some(identity) = &new_identity {
                    if identity_taken(t, &id_col, identity, Some(id)) {
                        return Err(super::errors::update_identity_exists());
                    }
                }
                t.update(USERS, id, props, &self.write_ctx(None))
                    .map_err(|e| match e.code {
                        1131 | 1137 => super::errors::required_properties_empty(),
                        _ => e,
                    })
            })?;
        if let Some(pw) = password {
            self.services
                .get::<UsersState>()
                .set_password_hash(id, password::hash(&pw, self.ids));
        }
        Ok(scrub(user))
    }

    /// `DELETE /data/Users/{id}`: the user, their sessions, credentials and role assignments.
    pub fn delete(&self, id: &str, caller: &Caller) -> Result<i64, ApiError> {
        let existing = self
            .services
            .get::<DataStore>()
            .read(|t| t.find_by_id(USERS, id))?;
        let owner = existing.get(OWNER_ID).and_then(Value::as_str);
        let (access, _) = self.services.get::<SecurityState>().check(
            caller,
            Permission::Remove,
            USERS,
            Some((id, owner)),
        );
        if access == Access::Deny {
            return Err(super::errors::no_delete_permission().with_rule(
                self.services.get::<SecurityState>().explain(
                    caller,
                    Permission::Remove,
                    USERS,
                    Some((id, owner)),
                ),
            ));
        }
        self.services
            .get::<DataStore>()
            .write(|t| t.delete(USERS, id))?;
        self.services.get::<UsersState>().forget_user(id);
        self.services.get::<SecurityState>().forget_user(id);
        Ok(self.now)
    }

    /// `PUT /users/{id}/status`: enable or disable an account (Cloud Code only, checked by the caller).
    pub fn set_status(&self, id: &str, body: &Value) -> Result<(), ApiError> {
        let wanted = match body.get(USER_STATUS).and_then(Value::as_str) {
            Some(s) if s.eq_ignore_ascii_case(status::ENABLED) => status::ENABLED,
            Some(s) if s.eq_ignore_ascii_case(status::DISABLED) => status::DISABLED,
            _ => {
                return Err(ApiError::new(
                    Code::MISSING_REGISTRATION_DATA,
                    "userStatus must be ENABLED or DISABLED",
                ))
            }
        };
        let user = self.find(id)?;
        match (UserOps::status_of(&user), wanted) {
            (status::DISABLED, status::DISABLED) => {
                return Err(super::errors::user_already_disabled())
            }
            (status::ENABLED, status::ENABLED) => return Err(super::errors::user_already_enabled()),
            (status::GUEST, _) => {
                return Err(ApiError::new(
                    Code::USER_UPDATE_ERROR,
                    "A guest account cannot be enabled or disabled",
                ))
            }
            _ => {}
        }
        self.set_column(id, USER_STATUS, Value::from(wanted))
    }

    /// Write one server-managed column without touching `updated`.
    pub fn set_column(&self, id: &str, column: &str, value: Value) -> Result<(), ApiError> {
        self.services.get::<DataStore>().write(|t| {
            let table = t.table_mut(USERS)?;
            let index = table
                .column_index(column)
                .ok_or_else(|| user_not_found(id))?;
            let row = table.row_mut(id).ok_or_else(|| user_not_found(id))?;
            row.set(index, value);
            Ok(())
        })
    }
}

/// Take `password` out of a body: absent/null → None, non-string → 3050, empty → 3011.
pub(crate) fn take_password(props: &mut Map<String, Value>) -> Result<Option<String>, ApiError> {
    match props.remove(PASSWORD) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Err(super::errors::missing_password()),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(super::errors::password_not_string()),
    }
}

/// An `email` property, when present, must be a well-formed address (3040).
fn check_email(props: &Map<String, Value>) -> Result<(), ApiError> {
    match props.get("email") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(e)) if is_valid_email(e) => Ok(()),
        Some(_) => Err(bad_email()),
    }
}

/// Whether another user (not `except`) already has this identity.
pub(crate) fn identity_taken(
    t: &Tables,
    id_col: &str,
    identity: &str,
    except: Option<&str>,
) -> bool {
    let Ok(table) = t.table(USERS) else {
        return false;
    };
    let Some(index) = table.column_index(id_col) else {
        return false;
    };
    table.rows().any(|row| {
        identity_matches(row.at(index), identity) && Some(table.object_id(row)) != except
    })
}

/// Registration reports missing required columns with its own code.
fn register_error(e: ApiError) -> ApiError {
    match e.code {
        1131 | 1137 => super::errors::required_property_missing(),
        _ => e,
    }
}

fn placeholder(ty: crate::services::data::schema::DataType, id: &str) -> Value {
    use crate::services::data::schema::DataType as T;
    match ty {
        T::Int | T::Double | T::Decimal | T::Datetime | T::AutoIncrement => Value::from(0),
        T::Boolean => Value::Bool(false),
        T::Json => Value::Object(Map::new()),
        _ => Value::from(format!("guest-{id}")),
    }
}
