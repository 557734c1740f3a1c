//! API keys: the client kinds a key can belong to (console `deviceType`) and the system role each
//! kind gives a request (conventions.md §2, security.md §1.1).

use serde::{Deserialize, Serialize};

/// The client kinds an API key can belong to (console `deviceType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "UPPERCASE")]
pub enum KeyKind {
    /// Android SDK.
    Android,
    /// iOS SDK.
    Ios,
    /// JavaScript SDK.
    Js,
    /// Plain REST.
    Rest,
    /// .NET / Windows.
    Wp,
    /// ActionScript.
    As,
    /// Cloud Code / CodeRunner ("CloudCode" in the JS e2e suite).
    Bl,
}

impl KeyKind {
    /// Every system key kind, in the order the console lists them.
    pub const ALL: [KeyKind; 7] = [
        KeyKind::Android,
        KeyKind::Ios,
        KeyKind::Js,
        KeyKind::Rest,
        KeyKind::Wp,
        KeyKind::As,
        KeyKind::Bl,
    ];

    /// The console `deviceType` name.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Android => "ANDROID",
            KeyKind::Ios => "IOS",
            KeyKind::Js => "JS",
            KeyKind::Rest => "REST",
            KeyKind::Wp => "WP",
            KeyKind::As => "AS",
            KeyKind::Bl => "BL",
        }
    }

    /// The system role every request made with this key carries (security.md §1.1).
    pub fn role(self) -> &'static str {
        match self {
            KeyKind::Android => "AndroidUser",
            KeyKind::Ios => "IOSUser",
            KeyKind::Js => "JSUser",
            KeyKind::Rest => "RestUser",
            KeyKind::Wp => "DotNetUser",
            KeyKind::As => "ASUser",
            KeyKind::Bl => "ServerCodeUser",
        }
    }

    /// Whether this is the Cloud Code key that may call BL-only operations.
    pub fn is_cloud_code(self) -> bool {
        self == KeyKind::Bl
    }
}

/// One API key of an app.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ApiKey {
    /// Which client kind the key is for.
    pub kind: KeyKind,
    /// The key itself.
    pub key: String,
    /// The console's id of the key, set once the key was regenerated (until then it derives
    /// from the key and kind, so apps made before ids existed keep theirs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl ApiKey {
    /// The console's `apiKeyId`: stable across regenerations of the key.
    pub fn id(&self) -> String {
        self.id.clone().unwrap_or_else(|| {
            crate::ids::IdGen::seeded(crate::ids::derive_seed(
                0,
                &format!("{}/{}/id", self.key, self.kind.as_str()),
            ))
            .guid()
        })
    }
}

/// A key the developer added in the console besides the one per kind. Requests made with it
/// carry the REST key's role (which role a custom key gives is undocumented).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CustomKey {
    /// The console's `apiKeyId`.
    pub id: String,
    /// The name the developer gave it.
    pub name: String,
    /// The key itself.
    pub key: String,
}

/// The kind a request made with a custom key counts as.
pub(super) const CUSTOM_KEY_KIND: KeyKind = KeyKind::Rest;
