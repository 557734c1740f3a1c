//! Webhooks: the only way the emulator reaches "server code". An app can name an HTTP endpoint
//! for its timers, for each custom service and for each custom event; the emulator then POSTs
//! timer firings there and forwards service/event calls there. No code runs inside the emulator.
//!
//! Configuration (control plane `PUT /_emulator/apps/{id}/webhooks`):
//! `{"timers": url?, "services": {"<service>" | "*": url}, "events": {"<event>" | "*": url}}`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use std::time::Duration;

use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::handler::EventHandler;
use crate::apps::ServiceState;
use crate::error::ApiError;

/// How long the emulator waits for a webhook before answering 99024.
pub const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(30);

/// The webhook endpoints of one app.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Webhooks {
    /// Receives a POST for every timer firing.
    pub timers: Option<String>,
    /// Custom service name (or `*`) → base URL; `/{method}` and the query are appended.
    pub services: BTreeMap<String, String>,
    /// Custom event name (or `*`) → URL the event is POSTed to.
    pub events: BTreeMap<String, String>,
}

impl Webhooks {
    /// Parse and check a configuration: every URL absolute `http`/`https`.
    pub fn parse(body: &Value) -> Result<Self, ApiError> {
        let hooks: Webhooks = serde_json::from_value(body.clone())
            .map_err(|e| ApiError::unparsable(&format!("webhooks: {e}")))?;
        hooks.check_urls()?;
        Ok(hooks)
    }

    /// Every URL must be absolute `http`/`https` (8002 naming the first that is not).
    pub fn check_urls(&self) -> Result<(), ApiError> {
        let urls = self
            .timers
            .iter()
            .chain(self.services.values())
            .chain(self.events.values());
        for url in urls {
            let ok = reqwest::Url::parse(url)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
            if !ok {
                return Err(ApiError::unparsable(&format!(
                    "webhook URL '{url}' is not an absolute http(s) URL"
                )));
            }
        }
        Ok(())
    }

    /// The URL for a custom service, falling back to `*`.
    pub fn service(&self, name: &str) -> Option<&str> {
        self.services
            .get(name)
            .or_else(|| self.services.get("*"))
            .map(String::as_str)
    }

    /// The URL for a custom event, falling back to `*`.
    pub fn event(&self, name: &str) -> Option<&str> {
        self.events
            .get(name)
            .or_else(|| self.events.get("*"))
            .map(String::as_str)
    }
}

/// Per-app state of custom services: the webhook configuration, the console's event handlers
/// (`event_handlers.rs`) and the methods each custom service was called with (`console.rs`).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct CustomState {
    #[serde(default)]
    webhooks: RwLock<Webhooks>,
    /// Event handlers by id.
    #[serde(default)]
    pub(super) handlers: RwLock<BTreeMap<String, EventHandler>>,
    /// Service name → `VERB path` of each method called through the client API.
    #[serde(default)]
    pub(super) methods: RwLock<BTreeMap<String, BTreeSet<String>>>,
}

impl ServiceState for CustomState {
    const KEY: &'static str = "custom";

    fn loaded(self) -> Result<Self, String> {
        self.webhooks.read().check_urls().map_err(|e| e.message)?;
        for h in self.handlers.read().values() {
            let hooks = Webhooks {
                events: [(h.event.clone(), h.webhook.clone())].into(),
                ..Webhooks::default()
            };
            hooks.check_urls().map_err(|e| e.message)?;
        }
        Ok(self)
    }
}

impl CustomState {
    /// A copy of the configuration.
    pub fn webhooks(&self) -> Webhooks {
        self.webhooks.read().clone()
    }

    /// Replace the configuration.
    pub fn set_webhooks(&self, hooks: Webhooks) {
        *self.webhooks.write() = hooks;
    }

    /// Change the configuration in place; `f`'s error leaves it as it was.
    pub fn update_webhooks<R>(
        &self,
        f: impl FnOnce(&mut Webhooks) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let mut guard = self.webhooks.write();
        let mut copy = guard.clone();
        let out = f(&mut copy)?;
        copy.check_urls()?;
        *guard = copy;
        Ok(out)
    }

    /// Remember that a custom service was called with `VERB path` (what the console's
    /// service method list shows; the emulator cannot read a webhook's methods otherwise).
    pub fn saw_method(&self, service: &str, verb: &str, path: &str) {
        let mut methods = self.methods.write();
        let seen = methods.entry(service.to_string()).or_default();
        // Bounded: a client cannot grow the state without limit by calling random paths.
        if seen.len() < 1000 {
            seen.insert(format!("{verb} {path}"));
        }
    }

    /// The `VERB path` of each method a service was called with.
    pub fn seen_methods(&self, service: &str) -> Vec<String> {
        self.methods
            .read()
            .get(service)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }
}

/// Header on every request the emulator sends to a webhook. The control plane and the console
/// refuse requests carrying it, so no webhook URL can make the emulator call them.
pub const FORWARDED_HEADER: &str = "x-emulator-forwarded-by";

/// The process-wide HTTP client for webhooks. No proxy lookup (webhooks are local test servers)
/// and no redirects: a webhook answering 302 must not make the emulator fetch another URL (its
/// own control plane, say) and hand the body to a caller that holds only an API key.
pub fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        let mut marker = reqwest::header::HeaderMap::new();
        marker.insert(
            FORWARDED_HEADER,
            reqwest::header::HeaderValue::from_static("backendless-emulator"),
        );
        reqwest::Client::builder()
            .timeout(WEBHOOK_TIMEOUT)
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(marker)
            .build()
            .unwrap_or_default()
    })
}

/// 99107 when a webhook URL names this emulator's control plane or console: a loopback name or
/// the host of `public_url` (`http://127.0.0.1:9000`) with its port, and an `/_emulator` or
/// console path. Requests the emulator sends to webhooks also carry [`FORWARDED_HEADER`], which
/// those routes refuse, for the addresses this check cannot know (another interface).
pub fn check_not_self(hooks: &Webhooks, public_url: &str) -> Result<(), ApiError> {
    let Ok(own) = reqwest::Url::parse(public_url) else {
        return Ok(());
    };
    let urls = hooks
        .timers
        .iter()
        .chain(hooks.services.values())
        .chain(hooks.events.values());
    for url in urls {
        let Ok(parsed) = reqwest::Url::parse(url) else {
            continue;
        };
        let host = parsed.host_str().unwrap_or("").to_ascii_lowercase();
        let this_host = host == own.host_str().unwrap_or("").to_ascii_lowercase()
            || host == "localhost"
            || host.ends_with(".localhost")
            || host
                .trim_matches(['[', ']'])
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified());
        let mut segments = parsed.path().trim_start_matches('/').split('/');
        let own_prefix = matches!(
            (segments.next(), segments.next()),
            (Some("_emulator" | "console"), _) | (Some(_), Some("console"))
        );
        if this_host && parsed.port_or_known_default() == own.port_or_known_default() && own_prefix
        {
            return Err(super::errors::webhook_to_self(url));
        }
    }
    Ok(())
}

/// 99024: the webhook could not be reached or did not answer.
pub fn webhook_failed(url: &str, error: &reqwest::Error) -> ApiError {
    let reason = if error.is_timeout() {
        "no answer in time".to_string()
    } else if error.is_connect() {
        "connection refused".to_string()
    } else {
        error.to_string()
    };
    super::errors::webhook_failed(url, &reason)
}

/// What came of POSTing a JSON notification to a webhook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivered {
    /// The webhook URL.
    pub url: String,
    /// Its HTTP status, if it answered.
    pub status: Option<u16>,
    /// Why it failed, if it did.
    pub error: Option<String>,
}

/// POST `payload` to `url` and report the outcome (never an error: the caller records it).
pub async fn notify(url: &str, payload: &Value) -> Delivered {
    match client().post(url).json(payload).send().await {
        Ok(resp) => {
            let status = resp.status();
            Delivered {
                url: url.to_string(),
                status: Some(status.as_u16()),
                error: (!status.is_success()).then(|| format!("webhook answered {status}")),
            }
        }
        Err(e) => Delivered {
            url: url.to_string(),
            status: None,
            error: Some(webhook_failed(url, &e).message),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::services::testing::{loaded, saved};
    use serde_json::json;

    #[test]
    fn configuration_checks_urls_and_falls_back_to_star() {
        let hooks = Webhooks::parse(&json!({
            "timers": "http://127.0.0.1:9/t",
            "services": {"Billing": "http://127.0.0.1:9/billing", "*": "http://127.0.0.1:9/any"},
            "events": {"ping": "https://127.0.0.1:9/ping"}
        }))
        .expect("valid");
        assert_eq!(hooks.service("Billing"), Some("http://127.0.0.1:9/billing"));
        assert_eq!(hooks.service("Other"), Some("http://127.0.0.1:9/any"));
        assert_eq!(hooks.event("ping"), Some("https://127.0.0.1:9/ping"));
        assert_eq!(hooks.event("pong"), None);
        for bad in [
            json!({"timers": "ftp://x/y"}),
            json!({"events": {"a": "not a url"}}),
            json!({"timer": "http://x"}),
            json!([1]),
        ] {
            assert_eq!(
                Webhooks::parse(&bad).expect_err("rejected").code,
                8002,
                "{bad}"
            );
        }
    }

    #[test]
    fn export_import_round_trips() {
        let state = CustomState::default();
        state.set_webhooks(
            Webhooks::parse(&json!({"timers": "http://127.0.0.1:1/x"})).expect("valid"),
        );
        let back = loaded::<CustomState>(&saved(&state)).expect("imports");
        assert_eq!(back.webhooks(), state.webhooks());
        let bad = json!({"webhooks": {"timers": "ftp://x"}});
        assert!(loaded::<CustomState>(&bad).is_err());
    }
}
