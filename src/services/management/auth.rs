//! Moved to [`crate::apps::developers`]; kept so branches that still import it here build.

pub use crate::apps::developers::{not_authorized, Dev};
