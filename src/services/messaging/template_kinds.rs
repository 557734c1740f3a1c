//! The template kinds the one [`TemplateStore`](super::templates::TemplateStore) holds: email
//! templates (control plane and console custom templates), push templates (control plane and
//! console) and the console's push button and channel templates.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::templates::TemplateKind;
use crate::error::ApiError;

/// An email template (set through the control plane or the console's custom templates).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EmailTemplate {
    /// Template name.
    pub name: String,
    /// Subject, with `{placeholders}`.
    pub subject: String,
    /// Plain-text body, with `{placeholders}`.
    pub textmessage: Option<String>,
    /// HTML body, with `{placeholders}` (the console's `body`).
    pub htmlmessage: Option<String>,
    /// File paths attached to every email sent with it (console `attachments`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<String>,
}

impl TemplateKind for EmailTemplate {
    const KIND: &'static str = "Email";
    fn not_found(name: &str) -> ApiError {
        super::errors::unknown_email_template(name)
    }
    fn set_name(&mut self, name: &str) {
        self.name = name.to_string();
    }
}

/// A push template: set through the control plane (`headers`, `deviceTypes`, `channel`) or the
/// console (`message`, `platforms`, `channelName`, `segmentQuery`, `options`); either way the
/// client API's `POST /messaging/push/{name}` sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PushTemplate {
    /// Template name.
    pub name: String,
    /// Channel whose devices receive it (default `default`).
    pub channel: Option<String>,
    /// Device types it applies to (`IOS`, `ANDROID`, ...; empty = all).
    pub device_types: Vec<String>,
    /// Push headers (`message`, `ios-alert`, `android-content-title`, ...), with `{placeholders}`.
    pub headers: Map<String, Value>,
    /// Explicit device ids instead of the channel's devices.
    pub push_singlecast: Vec<String>,
    /// Id the console knows it by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The notification text (console), with `{placeholders}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Where clause over the devices it reaches (console `segmentQuery`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment_query: Option<String>,
    /// Per-platform options (console `options.ios`, `.android`, `.osx`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Value>,
}

impl TemplateKind for PushTemplate {
    const KIND: &'static str = "Push";
    fn not_found(name: &str) -> ApiError {
        super::errors::unknown_push_template(name)
    }
    fn set_name(&mut self, name: &str) {
        self.name = name.to_string();
    }
}

/// Option keys of a console push (`options.<platform>.<key>`) and the push header each becomes.
const OPTION_HEADERS: [(&str, &str, &str); 10] = [
    ("ios", "alertTitle", "ios-alert-title"),
    ("ios", "alertSubtitle", "ios-alert-subtitle"),
    ("ios", "badge", "ios-badge"),
    ("ios", "sound", "ios-sound"),
    ("android", "contentTitle", "android-content-title"),
    ("android", "summarySubText", "android-summary-subtext"),
    ("android", "badgeNumber", "android-badge"),
    ("android", "icon", "android-icon"),
    ("osx", "alertTitle", "osx-alert-title"),
    ("osx", "sound", "osx-sound"),
];

impl PushTemplate {
    /// The push headers it sends: the console's `message` and options as Backendless push
    /// headers (custom headers included), then the explicit `headers`, which win.
    pub fn all_headers(&self) -> Map<String, Value> {
        let mut out = Map::new();
        if let Some(message) = &self.message {
            out.insert("message".into(), Value::String(message.clone()));
        }
        if let Some(options) = &self.options {
            for (platform, key, header) in OPTION_HEADERS {
                match &options[platform][key] {
                    Value::Null => {}
                    Value::String(s) if s.is_empty() => {}
                    v => {
                        out.insert(header.into(), v.clone());
                    }
                }
            }
            for platform in ["ios", "android", "osx"] {
                if let Some(custom) = options[platform]["customHeaders"].as_object() {
                    out.extend(custom.clone());
                }
            }
        }
        out.extend(self.headers.clone());
        out
    }

    /// The console's view: `{id, name, message, platforms, channelName, segmentQuery, options}`.
    pub fn to_console_json(&self) -> Value {
        json!({
            "id": self.id.clone().unwrap_or_else(|| self.name.clone()),
            "name": self.name,
            "message": self.message.clone().or_else(|| self.headers.get("message").and_then(Value::as_str).map(str::to_string)),
            "platforms": self.device_types,
            "channelName": self.channel.clone().unwrap_or_else(|| "default".into()),
            "segmentQuery": self.segment_query,
            "options": self.options.clone().unwrap_or_else(|| json!({})),
        })
    }
}

/// A console push button or channel template: its name, platform and the settings the console
/// sends (kept as given; they shape notifications on a real device, which the emulator has not).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OptionsTemplate {
    /// Template name.
    pub name: String,
    /// `IOS`, `ANDROID`, ... (upper case), if given.
    pub platform: Option<String>,
    /// Everything else the console sent.
    #[serde(flatten)]
    pub settings: Map<String, Value>,
}

macro_rules! options_kind {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub OptionsTemplate);

        impl TemplateKind for $name {
            const KIND: &'static str = $kind;
            fn not_found(name: &str) -> ApiError {
                super::errors::unknown_template($kind, name)
            }
            fn set_name(&mut self, name: &str) {
                self.0.name = name.to_string();
            }
        }
    };
}

options_kind!(
    /// A push button template (console `button-templates`).
    ButtonTemplate,
    "Push Button"
);
options_kind!(
    /// A push channel template (console `channel-templates`; Android notification channels).
    ChannelTemplate,
    "Push Channel"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_options_become_push_headers() {
        let t = PushTemplate {
            message: Some("Hi".into()),
            options: Some(
                json!({"ios": {"alertTitle": "T", "badge": 1, "sound": null},
                "android": {"customHeaders": {"k": "v"}}}),
            ),
            headers: json!({"ios-badge": 2})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            ..PushTemplate::default()
        };
        let h = t.all_headers();
        assert_eq!(h["message"], json!("Hi"));
        assert_eq!(h["ios-alert-title"], json!("T"));
        assert_eq!(h["ios-badge"], json!(2), "explicit headers win");
        assert_eq!(h["k"], json!("v"));
        assert!(!h.contains_key("ios-sound"));
    }
}
