//! Per-app settings that the Backendless Console toggles (users.md §1.3, management.md §2.3).
//!
//! Field names are the console's: the console SDK sends the whole object back on update, so every
//! field has a default and unknown fields are ignored.

use serde::{Deserialize, Serialize};

/// All settings of one app.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct AppSettings {
    /// `/console/userregistration`.
    pub registration: RegistrationSettings,
    /// `/console/userlogin`.
    pub login: LoginSettings,
    /// `/console/data/config`.
    pub data: DataConfig,
}

/// User registration settings (S1/S2).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct RegistrationSettings {
    /// Whether `POST /users/register` is allowed (off → 3009, HTTP 403).
    #[serde(alias = "enabled")]
    pub user_registration_enabled: bool,
    /// Whether new users start as `EMAIL_CONFIRMATION_PENDING`.
    #[serde(alias = "emailConfirmation")]
    pub email_confirmation_required: bool,
}

impl Default for RegistrationSettings {
    fn default() -> Self {
        RegistrationSettings {
            user_registration_enabled: true,
            email_confirmation_required: false,
        }
    }
}

/// User login and session settings (S3/S4).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct LoginSettings {
    /// Several sessions per account may coexist (limited by `max_concurrent_logins`).
    pub enable_multiple_logins: bool,
    /// With multiple logins on: the limit; 0 = unlimited.
    pub max_concurrent_logins: u32,
    /// With multiple logins off: `true` blocks a second login (3002) instead of ending the first.
    pub logout_last_user: bool,
    /// Consecutive failed logins that lock an account (0 = never).
    pub failed_logins_lock: u32,
    /// How long a locked account stays locked, in minutes (0 = until a console reset).
    pub lock_timeout_minutes: u32,
    /// Whether sessions end after `session_timeout` seconds of inactivity.
    pub enable_session_timeout: bool,
    /// Inactivity timeout in seconds (max 2 592 000).
    pub session_timeout: u64,
}

/// Data service configuration (K6).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct DataConfig {
    /// Saving unknown properties creates columns (on) or drops them silently (off).
    pub dynamic_schema: bool,
    /// Whether `objectId` is returned even when not listed in `props`. Off by default, as on
    /// Backendless (the console SDK's `tables.loadConfigs` sample answers `false`): a find with
    /// `props` returns the listed properties and `___class` only.
    pub include_object_id_by_default: bool,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig {
            dynamic_schema: true,
            include_object_id_by_default: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn console_objects_parse_with_defaults_and_aliases() {
        let r: RegistrationSettings =
            serde_json::from_value(json!({"enabled": false, "extra": 1})).expect("parses");
        assert!(!r.user_registration_enabled);
        assert!(!r.email_confirmation_required);
        let l: LoginSettings =
            serde_json::from_value(json!({"failedLoginsLock": 2})).expect("parses");
        assert_eq!(l.failed_logins_lock, 2);
        assert!(!l.enable_multiple_logins);
        assert!(DataConfig::default().dynamic_schema);
    }
}
