//! User Service (users.md): registration, login and sessions, profiles, password recovery,
//! email confirmation, account status and roles.
//!
//! | Operation | Route |
//! |---|---|
//! | U1 register | `POST /users/register` |
//! | U4 guest login | `POST /users/register/guest` |
//! | U2/U3 login | `POST /users/login` |
//! | U5 logout | `GET /users/logout` |
//! | U6 validate token | `GET /users/isvalidusertoken/{token}` |
//! | U7 find | `GET /users/{id}` (and `GET /data/Users/{id}`, data service) |
//! | U8 update | `PUT /users/{id}` |
//! | U9 delete | `DELETE /users/{id}` (and `DELETE /data/Users/{id}`) |
//! | U10 password recovery | `GET /users/restorepassword/{identity}` |
//! | U11 verify password | `POST /users/verifypassowrd` |
//! | U12 schema | `GET /users/userclassprops` |
//! | U13 resend confirmation | `POST /users/resendconfirmation/{identity}` |
//! | U14 confirmation URL | `POST /users/createEmailConfirmationURL/{identity}` |
//! | U15 enable/disable | `PUT /users/{id}/status` |
//! | U16/U17 roles | `GET /users/userroles`, `GET /users/userroles/{userId}` |
//! | U18/U19 assign/unassign | `POST /users/assignRole`, `POST /users/unassignRole` |
//! | U20 find by role | `GET /users/role/{roleName}` |
//! | U21-U24 social/OAuth | `POST /users/social/...`, `/users/oauth/...` → not supported |

pub mod accounts;
pub mod console;
mod errors;
pub mod handlers;
pub mod ops;
pub mod providers;
mod recovery;
mod roles;
pub mod schema;
mod session_table;
mod sessions;
pub mod state;
pub mod table_rules;

use axum::routing::{get, post, put};
use axum::Router;

pub use ops::UserOps;
pub use state::{Session, UsersState};

use crate::apps::Shared;
use handlers as h;

/// The User Service routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/users/register", post(h::register))
        .route("/users/register/guest", post(h::register_guest))
        .route("/users/login", post(h::login))
        .route("/users/logout", get(h::logout))
        .route(
            "/users/isvalidusertoken/{token}",
            get(h::is_valid_user_token),
        )
        .route("/users/userclassprops", get(h::user_class_properties))
        .route("/users/userroles", get(h::current_user_roles))
        .route("/users/userroles/{user_id}", get(h::user_roles))
        .route("/users/assignRole", post(h::assign_role))
        .route("/users/unassignRole", post(h::unassign_role))
        .route("/users/role/{role}", get(h::find_by_role))
        .route(
            "/users/restorepassword/{identity}",
            get(h::restore_password),
        )
        .route(
            "/users/resendconfirmation/{identity}",
            post(h::resend_confirmation),
        )
        .route(
            "/users/createEmailConfirmationURL/{identity}",
            post(h::create_email_confirmation_url),
        )
        .route("/users/verifypassowrd", post(h::verify_password))
        .route("/users/verifypassword", post(h::verify_password))
        .route(
            "/users/{id}",
            get(h::find_by_id).put(h::update).delete(h::delete),
        )
        .route("/users/{id}/status", put(h::set_status))
        .route("/users/social/{provider}/sdk/login", post(h::social_login))
        .route("/users/social/{provider}/login", post(h::social_login))
        .route("/users/oauth/{provider}/login", post(h::social_login))
        .route(
            "/users/social/oauth/{provider}/request_url",
            post(h::social_login),
        )
        .route("/users/oauth/{provider}/request_url", post(h::social_login))
        // Password hashing and the Users table lock stay off the async workers.
        .route_layer(axum::middleware::from_fn(
            crate::services::blocking::off_the_workers,
        ))
}
