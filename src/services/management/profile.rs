//! The developer's community profile (`backendless-console-sdk` `src/developer-profile.js`):
//! the public face of a developer account (user name, photo, background, the apps it shows),
//! one per developer, kept in [`crate::apps::developers::ConsoleState`]. The marketplace and
//! the rest of the community answer 99000.
//!
//! | SDK method | Route |
//! |---|---|
//! | `getMyProfile` / `remove` | `GET`/`DELETE /console/community/profile/me` |
//! | `createProfile`, `updateProfilePhoto`, `updateProfileBackground` | `POST /console/community/profile` (created, or the fields sent change) |
//! | `updateProfile` | `PUT /console/community/profile` (99284 without a profile) |
//! | `checkUsernameAvailable` | `GET /console/community/profile/username/check?userName=` |
//! | `removeApp` | `DELETE /console/community/profile/app?appId=` |
//! | `getCountries` | `GET /console/community/countries` (ISO 3166-1) |

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Query, State};
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::documents::object;
use super::errors;
use crate::apps::developers::Dev;
use crate::apps::Shared;
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;

/// The routes of the community profile (absolute paths).
pub(super) fn routes() -> Router<Shared> {
    const P: &str = "/console/community/profile";
    Router::new()
        .route(&format!("{P}/me"), get(my_profile).delete(remove))
        .route(P, axum::routing::post(save).put(update))
        .route(&format!("{P}/username/check"), get(user_name_available))
        .route(&format!("{P}/app"), delete(remove_app))
        .route("/console/community/countries", get(countries))
}

/// `getMyProfile` (99284 before one is created).
async fn my_profile(State(shared): State<Shared>, dev: Dev) -> JsonResult {
    let id = &dev.developer.id;
    shared
        .console
        .with_profiles(|profiles| profiles.get(id).cloned())
        .map(|p| Json(Value::Object(p)))
        .ok_or_else(errors::no_community_profile)
}

/// The user name a profile body sets, if any: a non-empty string (8002 otherwise).
fn user_name(fields: &Map<String, Value>) -> Result<Option<&str>, ApiError> {
    match fields.get("userName") {
        None => Ok(None),
        Some(Value::String(name)) if !name.trim().is_empty() => Ok(Some(name)),
        Some(_) => Err(errors::bad_document("userName must be a non-empty string")),
    }
}

/// Whether a developer other than `me` has a profile with this user name (any case).
fn taken(profiles: &BTreeMap<String, Map<String, Value>>, me: &str, name: &str) -> bool {
    profiles.iter().any(|(other, p)| {
        other != me
            && p["userName"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

/// Overlay `fields` on the developer's profile (created when `create` allows; 99284 when not),
/// keeping user names unique (99285); answers the whole profile.
fn merge(shared: &Shared, dev: &Dev, body: Value, create: bool) -> JsonResult {
    let mut fields = object(body)?;
    let id = dev.developer.id.clone();
    let wanted = user_name(&fields)?.map(str::to_string);
    fields.insert("developerId".into(), Value::from(id.as_str()));
    shared.console.with_profiles(|profiles| {
        if let Some(name) = &wanted {
            if taken(profiles, &id, name) {
                return Err(errors::user_name_taken(name));
            }
        }
        let profile = match profiles.get_mut(&id) {
            Some(profile) => profile,
            None if create => profiles.entry(id).or_default(),
            None => return Err(errors::no_community_profile()),
        };
        profile.extend(fields);
        Ok(Json(Value::Object(profile.clone())))
    })
}

/// `createProfile`, `updateProfilePhoto`, `updateProfileBackground`: the profile is created,
/// or the fields sent change it.
async fn save(State(shared): State<Shared>, dev: Dev, JsonBody(body): JsonBody) -> JsonResult {
    merge(&shared, &dev, body, true)
}

/// `updateProfile`: the fields sent change the profile.
async fn update(State(shared): State<Shared>, dev: Dev, JsonBody(body): JsonBody) -> JsonResult {
    merge(&shared, &dev, body, false)
}

/// `remove`: the profile is gone (99284 when there was none).
async fn remove(State(shared): State<Shared>, dev: Dev) -> JsonResult {
    let id = &dev.developer.id;
    shared
        .console
        .with_profiles(|profiles| profiles.remove(id))
        .map(|_| Json(Value::from("")))
        .ok_or_else(errors::no_community_profile)
}

/// `checkUsernameAvailable`: `true` when no other developer's profile has the name (any case).
async fn user_name_available(
    State(shared): State<Shared>,
    dev: Dev,
    Query(query): Query<HashMap<String, String>>,
) -> JsonResult {
    let name = query
        .get("userName")
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ApiError::missing_field("userName"))?;
    let taken = shared
        .console
        .with_profiles(|profiles| taken(profiles, &dev.developer.id, name));
    Ok(Json(Value::Bool(!taken)))
}

/// Whether an entry of a profile's `apps` is the app `app_id` (its id, or an object naming it).
fn is_app(entry: &Value, app_id: &str) -> bool {
    entry.as_str() == Some(app_id)
        || ["appId", "id"]
            .iter()
            .any(|k| entry[*k].as_str() == Some(app_id))
}

/// `removeApp`: the app leaves the profile's `apps`; answers the profile.
async fn remove_app(
    State(shared): State<Shared>,
    dev: Dev,
    Query(query): Query<HashMap<String, String>>,
) -> JsonResult {
    let app_id = query
        .get("appId")
        .filter(|id| !id.is_empty())
        .ok_or_else(|| ApiError::missing_field("appId"))?;
    shared.console.with_profiles(|profiles| {
        let profile = profiles
            .get_mut(&dev.developer.id)
            .ok_or_else(errors::no_community_profile)?;
        if let Some(Value::Array(apps)) = profile.get_mut("apps") {
            apps.retain(|entry| !is_app(entry, app_id));
        }
        Ok(Json(Value::Object(profile.clone())))
    })
}

/// `getCountries`: every ISO 3166-1 country, `{code, name}` in code order.
async fn countries(_: Dev) -> Json<Value> {
    let list: Vec<Value> = isocountry::CountryCode::iter_alpha2()
        .map(|c| json!({"code": c.alpha2(), "name": c.name()}))
        .collect();
    Json(Value::from(list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app_entry_is_its_id_or_an_object_naming_it() {
        assert!(is_app(&json!("A1"), "A1"));
        assert!(is_app(&json!({"appId": "A1", "name": "x"}), "A1"));
        assert!(is_app(&json!({"id": "A1"}), "A1"));
        assert!(!is_app(&json!({"id": "A2"}), "A1"));
        assert!(!is_app(&json!(1), "A1"));
    }
}
