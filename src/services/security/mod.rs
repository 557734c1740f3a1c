//! Security: roles, object ACLs, table permissions, owner policy (security.md).
//!
//! The model and the pure decision function live here; the data service asks
//! [`SecurityState::check`] before every operation. Role endpoints are part of the User Service
//! (`/users/userroles`, `/users/assignRole`, ...) and the console (`/console/security/roles`).

mod caller;
mod decide;
pub mod errors;
mod explain;
pub mod model;
pub mod state;

pub use caller::{roles_of, CallerOf};
pub use decide::{Caller, Layer};
pub use model::{
    console_access, is_system_role, parse_console_access, Access, Entry, Permission, Principal,
    Role,
};
pub use state::{Scope, Security, SecurityState};
