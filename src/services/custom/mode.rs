//! The server-code deployment mode shared by timers and event handlers (the Console SDK's
//! `mode` URL segment, lower-cased).

use serde::{Deserialize, Serialize};

use super::errors::invalid_mode;
use crate::error::ApiError;

/// Server-code deployment mode (URL segment lower-cased by the Console SDK).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "UPPERCASE")]
pub enum Mode {
    /// Deployed code.
    Production,
    /// Debug code (CodeRunner on a developer machine).
    Debug,
    /// Codeless drafts.
    Draft,
    /// Marketplace products (the Console SDK shows them as PRODUCTION + `fromMarketplace`).
    Marketplace,
}

impl Mode {
    /// Parse a URL segment or query value, any case.
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        match text.to_ascii_uppercase().as_str() {
            "PRODUCTION" => Ok(Mode::Production),
            "DEBUG" => Ok(Mode::Debug),
            "DRAFT" => Ok(Mode::Draft),
            "MARKETPLACE" => Ok(Mode::Marketplace),
            _ => Err(invalid_mode(&format!(
                "unknown server code mode '{text}' (PRODUCTION, DEBUG, DRAFT or MARKETPLACE)"
            ))),
        }
    }

    /// The upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Production => "PRODUCTION",
            Mode::Debug => "DEBUG",
            Mode::Draft => "DRAFT",
            Mode::Marketplace => "MARKETPLACE",
        }
    }
}
