//! Which application ids and API keys the registry accepts. Both appear as URL path segments
//! (`/{appId}/{apiKey}/...`), so they must not collide with the emulator's own prefixes or
//! contain characters a URL path treats specially.

use crate::error::{ApiError, Code};

/// Longest accepted application id (a Backendless GUID has 36 characters).
pub const MAX_APP_ID_LEN: usize = 64;
/// Longest accepted API key.
pub const MAX_API_KEY_LEN: usize = 128;

/// First path segments the router keeps for itself.
const RESERVED_IDS: [&str; 3] = ["api", "console", "_emulator"];

/// Refuse an application id that is empty, too long, reserved or not `[A-Za-z0-9._-]`.
pub fn check_app_id(id: &str) -> Result<(), ApiError> {
    check_segment("id", id, MAX_APP_ID_LEN)?;
    if RESERVED_IDS.iter().any(|r| r.eq_ignore_ascii_case(id)) {
        return Err(invalid(
            "id",
            id,
            "the name is reserved by the emulator's URLs",
        ));
    }
    Ok(())
}

/// Refuse an API key that is empty, too long, `console` or not `[A-Za-z0-9._-]`.
pub fn check_api_key(key: &str) -> Result<(), ApiError> {
    check_segment("apiKey", key, MAX_API_KEY_LEN)?;
    // `/{appId}/console/...` is the console API of the app.
    if key.eq_ignore_ascii_case("console") {
        return Err(invalid(
            "apiKey",
            key,
            "the name is reserved by the emulator's URLs",
        ));
    }
    Ok(())
}

fn check_segment(what: &str, value: &str, max: usize) -> Result<(), ApiError> {
    if value.is_empty() {
        return Err(invalid(what, value, "it is empty"));
    }
    if value.len() > max {
        return Err(invalid(
            what,
            value,
            &format!("it is longer than {max} characters"),
        ));
    }
    if let Some(bad) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(invalid(
            what,
            value,
            &format!("'{bad}' is not one of A-Z a-z 0-9 - _ ."),
        ));
    }
    if value.starts_with('.') {
        return Err(invalid(what, value, "it starts with '.'"));
    }
    Ok(())
}

/// 99103, quoting at most the first 64 characters of the value.
fn invalid(what: &str, value: &str, reason: &str) -> ApiError {
    let shown: String = value.chars().take(64).collect();
    ApiError::templated(Code::INVALID_APP_SETTING, &[what, &shown, reason])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_would_break_urls_are_refused() {
        for good in ["A", "6C1F-00AB", "my_app.v2", &"x".repeat(64)] {
            assert!(check_app_id(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "api",
            "API",
            "console",
            "_emulator",
            "a/b",
            "aéééééé",
            "a b",
            "..",
            ".x",
            &"x".repeat(65),
        ] {
            assert_eq!(check_app_id(bad).expect_err(bad).code, 99103, "{bad}");
        }
        assert!(check_api_key("KEY-1").is_ok());
        for bad in ["", "console", "k/y", "ké"] {
            assert_eq!(check_api_key(bad).expect_err(bad).code, 99103, "{bad}");
        }
    }
}
