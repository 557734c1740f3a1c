//! The in-process emulator target (compiled with the feature `emulator`): started by the runner, or handed to it
//! (an emulator a test loaded with an app's history); the run owns it, so nothing is refused.

use std::time::Duration;

use super::{Kind, Target, TargetSpec};

/// Start an in-process emulator (seeded: ids and its virtual clock are deterministic).
pub(super) async fn start_emulator(
    client: reqwest::Client,
    spec: &TargetSpec,
) -> Result<Target, String> {
    let emulator = backendless_emulator::Emulator::builder()
        .seed(1)
        .start()
        .await
        .map_err(|e| format!("cannot start the in-process emulator: {e}"))?;
    Ok(Target::owned(client, spec, emulator))
}

impl Target {
    /// A target on an emulator this process started (its default app, nothing refused), e.g.
    /// one loaded with an app's history; it stops when the target is dropped.
    pub async fn from_emulator(
        emulator: backendless_emulator::Emulator,
        run: &str,
    ) -> Result<Target, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        let spec = TargetSpec {
            run: run.to_string(),
            ..TargetSpec::default()
        };
        let mut target = Target::owned(client, &spec, emulator);
        target.probe_services().await;
        Ok(target)
    }

    fn owned(
        client: reqwest::Client,
        spec: &TargetSpec,
        emulator: backendless_emulator::Emulator,
    ) -> Target {
        use backendless_emulator::KeyKind;
        let others = [
            ("JS", KeyKind::Js),
            ("ANDROID", KeyKind::Android),
            ("IOS", KeyKind::Ios),
            ("WP", KeyKind::Wp),
            ("AS", KeyKind::As),
        ];
        let spec = TargetSpec {
            url: emulator.base_url().to_string(),
            app_id: Some(emulator.app_id().to_string()),
            api_key: Some(emulator.api_key().to_string()),
            cloud_code_key: Some(emulator.key(KeyKind::Bl).to_string()),
            keys: others
                .iter()
                .map(|(name, kind)| (name.to_string(), emulator.key(*kind).to_string()))
                .collect(),
            ..spec.clone()
        };
        let mut target = Target::new(client, &spec, "emulator".into(), Kind::Owned);
        target.capabilities.insert("control".into());
        target._emulator = Some(Box::new(emulator));
        target
    }
}
