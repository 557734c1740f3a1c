//! Security: roles, object ACLs, table permissions, owner policy (security.md).
//!
//! The model and the pure decision function live here; the data service asks
//! [`SecurityState::check`] before every operation. Role endpoints are part of the User Service
//! (`/users/userroles`, `/users/assignRole`, ...) and the console (`/console/security/roles`).

pub mod decide;
mod explain;
pub mod model;
pub mod state;

pub use decide::{Caller, Layer};
pub use model::{is_system_role, Access, Permission, Principal, Role};
pub use state::{Scope, Security, SecurityState};
