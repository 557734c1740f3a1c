//! Console (management) API: the developer side the npm `backendless-console-sdk` drives
//! (management.md §1-§2). Every route needs the developer `auth-key` except login and devreg.
//!
//! | Operation | Route |
//! |---|---|
//! | A1 login / A2 TOTP / A3 account / A4 logout | `POST /console/home/login`, `POST /console/home/otp-login`, `GET /console/home/myaccount`, `DELETE /console/home/logout` |
//! | A5 developer registration | `POST /console/devreg` |
//! | 2FA state, developer permissions | `GET`/`PUT /console/developer/login/2fa`, `GET /{appId}/console/my-permissions` |
//! | profile, password change | `PUT /console/home/myaccount/`, `POST /console/passwordchange` |
//! | B1/B2 list / create apps | `GET`/`POST /console/applications` |
//! | B3/B4 delete / rename app | `DELETE`/`PUT /{appId}/console/application` |
//! | C1 app settings (API keys) | `GET /{appId}/console/appsettings` |
//! | K6 data config | `GET`/`PUT /{appId}/console/data/config` |
//! | S1/S2 registration settings | `GET`/`PUT /{appId}/console/userregistration` |
//! | S3/S4/S5 login settings, logout all | `GET`/`POST /{appId}/console/userlogin`, `POST .../userlogin/logout/all` |
//! | S6 user properties | `GET /{appId}/console/userproperties`, `PUT .../userproperties/{name}` |
//! | S11-S13 roles | `GET /{appId}/console/security/roles`, `PUT`/`DELETE .../security/roles/{role}` |

mod account;
pub mod applications;
pub mod areas;
mod errors;
mod user_settings;

use axum::routing::{get, post, put};
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
            get(account::my_permissions),
        )
        .route(
            "/console/applications",
            get(applications::list).post(applications::create),
        )
        .route(
            "/{app_id}/console/application",
            put(applications::rename).delete(applications::delete),
        )
        .route("/{app_id}/console/appsettings", get(applications::settings))
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
