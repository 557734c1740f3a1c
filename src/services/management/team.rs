//! The developer team of an app (`backendless-console-sdk` `src/dev-team.js`): developer
//! accounts besides the owner that may work on the app, and the transfer of its ownership to
//! one of them (offered by the owner, confirmed by the receiver). Team and offer are part of
//! the app's identity ([`crate::apps::AppMeta`]): a reset keeps them, a snapshot restores them.
//!
//! | SDK method | Route |
//! |---|---|
//! | `getDevelopers` / `inviteDeveloper` | `GET`/`POST /{appId}/console/devteam` (`{email}` of a registered developer) |
//! | `removeDeveloper` | `DELETE .../devteam/{devId}` |
//! | `transferOwnership` / `confirmOwnershipChange` | `PUT .../devteam/owner` with `{developerId}`, `PUT .../devteam/owner-confirm` |
//! | `loadSentOwnershipTransfer` / `cancelSentOwnershipTransfer` | `GET`/`DELETE .../devteam/application-owner-change/pending-sent-proposal` |
//! | `loadOwnershipTransferProposals` | `GET /console/devteam/application-owner-change/pending-received-proposal` |
//! | `updateDevPermissions` / `updateDevPermissionGroups` | `dev_permissions.rs` |

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::errors;
use crate::apps::developers::{ConsoleApp, Dev, Developer};
use crate::apps::{App, Shared};
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;

fn member_json(dev: &Developer, owner: bool) -> Value {
    json!({"id": dev.id, "name": dev.name, "email": dev.email, "owner": owner, "system": false})
}

/// A member as `getDevelopers` lists it: with the access it has to each console operation.
fn listed_member_json(dev: &Developer, owner: bool, meta: &crate::apps::AppMeta) -> Value {
    let mut member = member_json(dev, owner);
    let denied = if owner {
        Default::default()
    } else {
        super::dev_permissions::denials_of(meta, &dev.id)
    };
    member["permissionGroups"] = super::dev_permissions::permission_groups(&denied);
    member
}

/// 99267 unless the request's developer owns the app.
fn check_owner(shared: &Shared, c: &ConsoleApp, operation: &str) -> Result<(), ApiError> {
    if shared.console.is_owner(&c.dev.developer, &c.app.meta()) {
        Ok(())
    } else {
        Err(errors::owner_only(operation))
    }
}

fn offer_json(shared: &Shared, app: &App) -> Value {
    let meta = app.meta();
    let Some(to) = meta.ownership_offer.as_deref() else {
        return Value::Null;
    };
    let person = |id: &str| {
        shared
            .console
            .by_id(id)
            .map_or(Value::Null, |d| member_json(&d, false))
    };
    json!({
        "appId": meta.id, "appName": meta.name,
        "fromDeveloper": person(&shared.console.owner_of(&meta)), "toDeveloper": person(to)
    })
}

/// `getDevelopers`: the owner first, then the team in the order they joined.
pub(super) async fn developers(State(shared): State<Shared>, c: ConsoleApp) -> Json<Value> {
    let meta = c.app.meta();
    let owner = shared.console.owner_of(&meta);
    let list: Vec<Value> = std::iter::once(&owner)
        .chain(meta.team.iter())
        .filter_map(|id| shared.console.by_id(id))
        .map(|d| listed_member_json(&d, d.id == owner, &meta))
        .collect();
    Json(Value::from(list))
}

/// `inviteDeveloper` with `{email}`: the developer account with that email joins the team at
/// once (the emulator sends no invitation mail; 99266 when no account has the email).
pub(super) async fn invite(
    State(shared): State<Shared>,
    c: ConsoleApp,
    JsonBody(body): JsonBody,
) -> JsonResult {
    check_owner(&shared, &c, "invite developers")?;
    let email = body["email"]
        .as_str()
        .or_else(|| body.as_str())
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .ok_or_else(|| ApiError::missing_field("email"))?;
    let dev = shared
        .console
        .by_email(email)
        .ok_or_else(|| errors::no_such_developer(email))?;
    let owner = shared.console.owner_of(&c.app.meta());
    c.app.update_team(|_, team, _| {
        if dev.id != owner && !team.contains(&dev.id) {
            team.push(dev.id.clone());
        }
    });
    Ok(Json(member_json(&dev, dev.id == owner)))
}

/// `removeDeveloper`: the owner removes a member, or a member leaves (99264 for a developer
/// not in the team); a pending ownership offer to them is withdrawn.
pub(super) async fn remove(
    State(shared): State<Shared>,
    c: ConsoleApp,
    Path((_, dev_id)): Path<(String, String)>,
) -> JsonResult {
    if dev_id != c.dev.developer.id {
        check_owner(&shared, &c, "remove other developers")?;
    }
    let removed = c.app.update_team(|_, team, offer| {
        let before = team.len();
        team.retain(|id| *id != dev_id);
        if offer.as_deref() == Some(dev_id.as_str()) {
            *offer = None;
        }
        team.len() < before
    });
    if !removed {
        return Err(errors::not_a_team_member(&dev_id));
    }
    c.app.update_denied(|denied| denied.remove(&dev_id));
    Ok(Json(Value::from("")))
}

/// `transferOwnership` with `{developerId}`: offer the app to a team member, who confirms.
pub(super) async fn transfer_ownership(
    State(shared): State<Shared>,
    c: ConsoleApp,
    JsonBody(body): JsonBody,
) -> JsonResult {
    check_owner(&shared, &c, "transfer its ownership")?;
    let to = body["developerId"]
        .as_str()
        .filter(|id| !id.is_empty())
        .ok_or_else(|| ApiError::missing_field("developerId"))?;
    if !c.app.meta().team.iter().any(|id| id == to) {
        return Err(errors::not_a_team_member(to));
    }
    c.app
        .update_team(|_, _, offer| *offer = Some(to.to_string()));
    Ok(Json(offer_json(&shared, &c.app)))
}

/// `confirmOwnershipChange`: the developer the app was offered to takes it (or, with
/// `{"confirm": false}` / `{"accept": false}`, declines); the old owner stays in the team.
pub(super) async fn confirm_ownership(
    State(shared): State<Shared>,
    c: ConsoleApp,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let me = c.dev.developer.id.clone();
    let declined = ["confirm", "accept", "accepted"]
        .iter()
        .any(|k| body[*k] == Value::Bool(false));
    let old_owner = shared.console.owner_of(&c.app.meta());
    let taken = c.app.update_team(|owner, team, offer| {
        if offer.as_deref() != Some(me.as_str()) {
            return false;
        }
        *offer = None;
        if !declined {
            team.retain(|id| *id != me);
            team.insert(0, old_owner.clone());
            *owner = Some(me.clone());
        }
        true
    });
    if !taken {
        return Err(errors::no_ownership_offer(&format!(" to developer {me}")));
    }
    Ok(Json(super::applications::app_json(
        &c.app,
        &shared.console.owner_of(&c.app.meta()),
    )))
}

/// `loadSentOwnershipTransfer`: the pending offer, `null` when there is none.
pub(super) async fn sent_offer(State(shared): State<Shared>, c: ConsoleApp) -> Json<Value> {
    Json(offer_json(&shared, &c.app))
}

/// `cancelSentOwnershipTransfer` (99265 when nothing is pending).
pub(super) async fn cancel_offer(State(shared): State<Shared>, c: ConsoleApp) -> JsonResult {
    check_owner(&shared, &c, "cancel an ownership transfer")?;
    let offer = offer_json(&shared, &c.app);
    if offer.is_null() {
        return Err(errors::no_ownership_offer(""));
    }
    c.app.update_team(|_, _, offer| *offer = None);
    Ok(Json(offer))
}

/// `loadOwnershipTransferProposals`: the apps offered to this developer.
pub(super) async fn received_offers(State(shared): State<Shared>, dev: Dev) -> Json<Value> {
    let offers: Vec<Value> = shared
        .registry
        .list()
        .iter()
        .filter(|a| a.meta().ownership_offer.as_deref() == Some(dev.developer.id.as_str()))
        .map(|a| offer_json(&shared, a))
        .collect();
    Json(Value::from(offers))
}
