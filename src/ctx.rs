//! Moved: [`Ctx`] to the apps floor (`crate::apps`), the body and query extractors to
//! `crate::extract`, [`roles_of`] to the security service. Kept so branches that still import
//! them here build.

pub use crate::apps::{AppCtx, Ctx};
pub use crate::extract::{
    body_too_large, empty, parse_whole, read_body, ExportBody, JsonBody, QueryParams, RequestLimits,
};
pub use crate::services::security::roles_of;
