//! Console (management) API: the developer side the npm `backendless-console-sdk` drives
//! (management.md §1-§2). Every route needs the developer `auth-key` except login and devreg.
//!
//! | Operation | Route |
//! |---|---|
//! | A1 login / A2 TOTP / A3 account / A4 logout | `POST /console/home/login`, `POST /console/home/otp-login`, `GET /console/home/myaccount`, `DELETE /console/home/logout` |
//! | A5 developer registration | `POST /console/devreg` |
//! | 2FA state; developer permissions (`dev_permissions.rs`, enforced) | `GET`/`PUT /console/developer/login/2fa`, `GET /{appId}/console/my-permissions`, `GET .../security/{operation}` |
//! | profile, password change | `PUT /console/home/myaccount/`, `POST /console/passwordchange` |
//! | B1/B2 list / create apps | `GET`/`POST /console/applications` |
//! | B3/B4 delete / rename app | `DELETE`/`PUT /{appId}/console/application` |
//! | C1 app settings, API keys | `api_keys.rs`: `GET /{appId}/console/appsettings`, `.../apikey[/{id}[/regenerate]]` |
//! | mobile settings, landing page, social params, data validators | `settings.rs`: `.../mobilesettings/...`, `.../landing-page[/templates]`, `.../socialparams`, `GET /console/datavalidators` |
//! | logging config | `services/logging/console.rs`: `.../logging/config`, `.../logging/loggers` |
//! | app info, dev options, reset, clone, apps overview | `app_admin.rs`: `.../app-info[/logos]`, `.../developer/options`, `.../appreset`, `.../cloneApp[/{processId}]`, `/console/apps-info`, `/console/applications/{menu-items,app-favorites}` |
//! | developer team, ownership transfer | `team.rs`: `.../devteam[/...]`, `/console/devteam/application-owner-change/pending-received-proposal` |
//! | K6 data config | `GET`/`PUT /{appId}/console/data/config` |
//! | S1/S2 registration settings | `GET`/`PUT /{appId}/console/userregistration` |
//! | S3/S4/S5 login settings, logout all | `GET`/`POST /{appId}/console/userlogin`, `POST .../userlogin/logout/all` |
//! | S6 user properties | `GET /{appId}/console/userproperties`, `PUT .../userproperties/{name}` |
//! | app export (a zip in the file storage) | `export.rs`: `GET`/`POST /{appId}/console/export` |
//! | generated API docs (OpenAPI 2) | `api_docs.rs`: `POST .../api-docs/{data/table/{table},messaging/channel/{channel},files}` |
//! | community profile, countries | `profile.rs`: `/console/community/profile[/me,/app,/username/check]`, `/console/community/countries` |
//! | PDF templates, integrations, cache control (kept, never applied) | `kept.rs`: `.../pdf[/{id}]`, `.../integrations[/{name}]`, `.../cachecontrol/{service}[/{target}]` |
//! | audit log | `audit.rs`: `GET`/`DELETE /{appId}/console/security/audit-logs`, `GET .../audit-logs/download` |
//! | S11-S13 roles | `GET /{appId}/console/security/roles`, `PUT`/`DELETE .../security/roles/{role}` |

mod account;
mod api_docs;
mod api_keys;
mod app_admin;
pub mod applications;
pub mod areas;
pub(crate) mod audit;
pub(crate) mod dev_permissions;
pub mod documents;
pub mod errors;
mod export;
mod kept;
mod profile;
mod settings;
mod team;
mod user_settings;

use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::apps::Shared;

/// The console routes (absolute paths: they are not under an app's client-API root).
pub fn routes() -> Router<Shared> {
    use user_settings as us;
    Router::new()
        .route("/console/home/login", post(account::login))
        .route("/console/home/otp-login", post(account::otp_login))
        .route(
            "/console/home/myaccount",
            get(account::my_account).put(account::update_my_account),
        )
        .route("/console/home/myaccount/", put(account::update_my_account))
        .route("/console/passwordchange", post(account::change_password))
        .route(
            "/{app_id}/console/security/audit-logs",
            get(audit::list).delete(audit::clear),
        )
        .route(
            "/{app_id}/console/security/audit-logs/download",
            get(audit::download),
        )
        .route(
            "/console/home/logout",
            axum::routing::delete(account::logout),
        )
        .route("/console/devreg", post(account::register))
        .route(
            "/console/developer/login/2fa",
            get(account::two_factor).put(account::set_two_factor),
        )
        .route(
            "/{app_id}/console/my-permissions",
            get(dev_permissions::my_permissions),
        )
        .route(
            "/{app_id}/console/security/{operation}",
            get(dev_permissions::dev_permission),
        )
        .route(
            "/console/applications",
            get(applications::list).post(applications::create),
        )
        .route(
            "/{app_id}/console/application",
            put(applications::rename).delete(applications::delete),
        )
        .merge(keys_and_settings())
        .merge(apps_and_team())
        .merge(kept::routes())
        .merge(export::routes())
        .merge(api_docs::routes())
        .merge(profile::routes())
        .merge(crate::services::logging::console_routes())
        .route(
            "/{app_id}/console/data/config",
            get(applications::data_config).put(applications::set_data_config),
        )
        .route(
            "/{app_id}/console/userregistration",
            get(us::registration).put(us::set_registration),
        )
        .route(
            "/{app_id}/console/userlogin",
            get(us::login).post(us::set_login),
        )
        .route(
            "/{app_id}/console/userlogin/logout/all",
            post(us::logout_all),
        )
        .route("/{app_id}/console/userproperties", get(us::user_properties))
        .route(
            "/{app_id}/console/userproperties/{name}",
            put(us::set_user_property),
        )
        .route("/{app_id}/console/security/roles", get(us::roles))
        .route(
            "/{app_id}/console/security/roles/{role}",
            put(us::create_role).delete(us::delete_role),
        )
}

/// C1 and the app settings documents: API keys, mobile settings, landing page, social params.
fn keys_and_settings() -> Router<Shared> {
    const APP: &str = "/{app_id}/console";
    const MOBILE: &str = "/{app_id}/console/mobilesettings";
    Router::new()
        .route(&format!("{APP}/appsettings"), get(api_keys::settings))
        .route(&format!("{APP}/apikey"), post(api_keys::create))
        .route(
            &format!("{APP}/apikey/{{key}}"),
            get(api_keys::one)
                .put(api_keys::update)
                .delete(api_keys::delete),
        )
        .route(
            &format!("{APP}/apikey/{{key}}/regenerate"),
            post(api_keys::regenerate),
        )
        .route(MOBILE, get(settings::mobile))
        .route(
            &format!("{MOBILE}/{{device_type}}"),
            post(settings::create_mobile),
        )
        .route(
            &format!("{MOBILE}/{{device_type}}/{{id}}"),
            put(settings::update_mobile).delete(settings::delete_mobile),
        )
        .route(
            &format!("{APP}/landing-page"),
            get(settings::landing_page).put(settings::save_landing_page),
        )
        .route(
            &format!("{APP}/landing-page/templates"),
            get(settings::landing_page_templates),
        )
        .route(
            &format!("{APP}/landing-page/publish"),
            post(settings::publish_landing_page),
        )
        .route(
            &format!("{APP}/landing-page/file"),
            post(settings::publish_landing_page),
        )
        .route(
            &format!("{APP}/socialparams"),
            post(settings::social_params),
        )
        .route("/console/datavalidators", get(settings::data_validators))
}

/// The apps area beyond B1-B4, and the developer team.
fn apps_and_team() -> Router<Shared> {
    const APP: &str = "/{app_id}/console";
    const TEAM: &str = "/{app_id}/console/devteam";
    const OFFER: &str = "application-owner-change/pending-sent-proposal";
    Router::new()
        .route(&format!("{APP}/app-info"), post(app_admin::update_info))
        .route(
            &format!("{APP}/app-info/logos"),
            post(app_admin::update_logo),
        )
        .route(
            &format!("{APP}/developer/options"),
            get(app_admin::dev_options).put(app_admin::set_dev_options),
        )
        .route(&format!("{APP}/appreset"), post(app_admin::reset))
        .route(&format!("{APP}/cloneApp"), post(app_admin::clone))
        .route(
            &format!("{APP}/cloneApp/{{process}}"),
            get(app_admin::clone_status),
        )
        .route(
            &format!("{APP}/application/transfer"),
            post(app_admin::transfer),
        )
        .route("/console/apps-info", get(app_admin::apps_info))
        .route(
            "/console/applications/menu-items",
            get(app_admin::menu_items),
        )
        .route(
            "/console/applications/app-favorites",
            get(app_admin::favorites),
        )
        .route("/console/applications/from-zip", post(app_admin::from_zip))
        .route(
            "/console/applications/from-zip-url",
            post(app_admin::from_zip),
        )
        .route(
            "/console/applications/suggested-generated-domains",
            get(app_admin::suggested_domains),
        )
        .route(TEAM, get(team::developers).post(team::invite))
        .route(&format!("{TEAM}/{{dev}}"), delete(team::remove))
        .route(&format!("{TEAM}/owner"), put(team::transfer_ownership))
        .route(
            &format!("{TEAM}/owner-confirm"),
            put(team::confirm_ownership),
        )
        .route(
            &format!("{TEAM}/{OFFER}"),
            get(team::sent_offer).delete(team::cancel_offer),
        )
        .route(
            &format!("{TEAM}/{{dev}}/permissions"),
            put(dev_permissions::update_permissions),
        )
        .route(
            &format!("{TEAM}/{{dev}}/permission/groups"),
            put(dev_permissions::update_groups),
        )
        .route(
            "/console/devteam/application-owner-change/pending-received-proposal",
            get(team::received_offers),
        )
}
