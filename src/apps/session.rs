//! [`Session`]: who a `user-token` belongs to. The users service keeps the sessions; the apps
//! floor knows the type, and asks the users service through the hook it registers in the
//! [`super::ServiceSet`], so the request context and real-time connections need no user code.

use serde::{Deserialize, Serialize};

use super::Services;
use crate::error::ApiError;
use crate::settings::LoginSettings;

/// One login session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// The `user-token`.
    pub token: String,
    /// objectId of the user.
    pub user_id: String,
    /// Whether this is a guest session.
    pub guest: bool,
    /// Login time, epoch ms.
    pub created: i64,
    /// Last request made with the token, epoch ms.
    pub last_seen: i64,
}

/// Validate a `user-token` against an app's states at `now` (unknown or expired: 3064), and
/// record the activity.
pub type SessionLookup = fn(&Services, &str, i64, &LoginSettings) -> Result<Session, ApiError>;
