//! What `backendless-emulator` prints once it is ready: the human banner (README.md shows the
//! same lines) and, with `--print-env`, `KEY=value` lines for scripts.

use crate::{Emulator, KeyKind};

impl Emulator {
    /// The start-up banner: where the server listens, the default app's id and keys (which one
    /// goes where), the UI, the console API and the control plane.
    pub fn banner(&self) -> String {
        let base = self.base_url();
        let (login, password) = self.developer();
        let mut lines = vec![
            format!(
                "backendless-emulator {} listening on {base}",
                crate::version::VERSION
            ),
            format!("{:<15}: {}", "default app id", self.app_id()),
            format!(
                "{:<15}: {}  (REST calls: the client API URL below, the conformance runner)",
                "REST key",
                self.key(KeyKind::Rest)
            ),
            format!(
                "{:<15}: {}  (JS SDK: Backendless.initApp({{ appId, apiKey }}))",
                "JS key",
                self.key(KeyKind::Js)
            ),
        ];
        for kind in KeyKind::ALL {
            if !matches!(kind, KeyKind::Rest | KeyKind::Js) {
                let use_ = match kind {
                    KeyKind::Bl => "  (Cloud Code)",
                    _ => "",
                };
                lines.push(format!(
                    "{:<15}: {}{use_}",
                    format!("{} key", kind.as_str()),
                    self.key(kind)
                ));
            }
        }
        lines.extend([
            format!("{:<15}: {}", "client API", self.app_url()),
            format!("{:<15}: {base}/api  (the default app, REST key)", "also served at"),
            format!("{:<15}: {base}/_emulator/ui/", "UI"),
            format!(
                "{:<15}: {base}/console  (for console SDKs, not a browser; developer {login} / {password})",
                "console API"
            ),
            format!("{:<15}: {base}/_emulator/health", "control plane"),
        ]);
        match self.control_token() {
            Some(token) if self.control_token_generated() => lines.push(format!(
                "{:<15}: {token}  (generated; send it as header x-emulator-token)",
                "control token"
            )),
            Some(_) => lines.push(format!(
                "{:<15}: as given  (send it as header x-emulator-token)",
                "control token"
            )),
            None => {}
        }
        lines.extend(["stop with Ctrl-C (state is kept only with --data-dir)".to_string()]);
        lines.join("\n") + "\n"
    }

    /// `--print-env`: the default app as environment lines, for CI scripts (the conformance
    /// runner reads the same names).
    pub fn env_lines(&self) -> String {
        format!(
            "BACKENDLESS_URL={}\nBACKENDLESS_APP_ID={}\nBACKENDLESS_API_KEY={}\n\
             BACKENDLESS_JS_API_KEY={}\nBACKENDLESS_CLOUD_CODE_KEY={}\n",
            self.base_url(),
            self.app_id(),
            self.key(KeyKind::Rest),
            self.key(KeyKind::Js),
            self.key(KeyKind::Bl),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_banner_names_every_key_and_points_a_browser_at_the_ui() {
        let e = Emulator::builder()
            .app_id("APP")
            .api_key("KEY")
            .start()
            .await
            .expect("starts");
        let banner = e.banner();
        assert!(banner.contains("JS key         : KEY  (JS SDK"), "{banner}");
        assert!(banner.contains(&format!("UI             : {}/_emulator/ui/", e.base_url())));
        assert_eq!(
            banner.matches(" key ").count(),
            KeyKind::ALL.len(),
            "{banner}"
        );
        let env = e.env_lines();
        assert!(env.starts_with(&format!("BACKENDLESS_URL={}\n", e.base_url())));
        assert!(env.contains("BACKENDLESS_APP_ID=APP\nBACKENDLESS_API_KEY=KEY\n"));
    }
}
