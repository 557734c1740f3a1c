//! What a target shows of itself: URLs and text with credentials replaced by their names, and
//! the target `--dry-run` plans against (nothing made, nothing sent but the health probe).

use std::time::Duration;

use super::{host_of, probe, HttpRequest, Kind, Target, TargetSpec, SERVICES};

impl Target {
    /// A request's full URL with every credential replaced by its name (for `--dry-run`).
    pub fn shown_url(&self, req: &HttpRequest) -> String {
        // A path that is still a `{{link}}` (captured later) is shown as it is.
        let url = self.url_of(req).unwrap_or_else(|_| req.path.clone());
        self.redacted(&url)
    }

    /// The base URL as reports may show it (the host only, no credentials).
    pub fn shown_base(&self) -> String {
        self.redacted(&self.base)
    }

    /// `text` with every credential replaced by its name.
    pub fn redact(&self, text: &str) -> String {
        self.redacted(text)
    }

    /// A target for `--dry-run`: what the URL is (one `GET /_emulator/health`), nothing made;
    /// every service is assumed offered, the app id is `<appId>`.
    pub async fn planned(spec: &TargetSpec) -> Result<Target, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        let (label, kind) = if spec.url == "emulator" {
            ("emulator".to_string(), Kind::Owned)
        } else {
            (host_of(&spec.url), probe::kind_of(&client, spec).await?)
        };
        let mut target = Target::new(client, spec, label, kind);
        if kind != Kind::Real {
            target.app_id = "<appId>".into();
            target.api_key = "<apiKey>".into();
            target
                .capabilities
                .extend(["control".into(), "cloudCode".into()]);
        }
        if target.cloud_code_key.is_some() {
            target.capabilities.insert("cloudCode".into());
        }
        target.capabilities.insert("console".into());
        target
            .capabilities
            .extend(SERVICES.iter().map(|(s, _, _)| s.to_string()));
        Ok(target)
    }

    pub(super) fn redacted(&self, text: &str) -> String {
        let mut secrets = self.secrets();
        secrets.retain(|(_, name)| *name != "<base>");
        secrets.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        secrets
            .iter()
            .fold(text.to_string(), |t, (s, name)| t.replace(s.as_str(), name))
    }
}
