//! Moved: [`Ctx`] to the apps floor (`crate::apps`), the body and query extractors to
//! `crate::extract`, [`roles_of`] to the security service. Kept so branches that still import
//! them here build.

pub use crate::apps::{AppCtx, Ctx};
pub use crate::extract::{empty, parse_whole, read_body, JsonBody, QueryParams};
pub use crate::services::security::roles_of;
