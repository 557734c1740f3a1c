//! Runs the official Backendless JS SDK (npm `backendless`, pinned in tests/js/package.json) and
//! the console SDK against a real emulator: every `tests/js/*.test.mjs` suite, with node's test
//! runner. The pinned npm packages are installed on first run (`npm ci` in tests/js). Each
//! suite's pass/fail counts are printed (`users.test.mjs: 24 passed, 0 failed`), so `cargo test`
//! shows how many SDK tests ran, not one line for all of them.

mod common;

use std::path::Path;

use backendless_emulator::{Emulator, KeyKind};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_js_sdk_suites_pass_against_the_emulator() {
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    common::install_sdk_packages();
    let emulator = Emulator::builder().start().await.expect("emulator starts");
    let mut suites: Vec<String> = std::fs::read_dir(&js)
        .expect("tests/js readable")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".test.mjs"))
        .collect();
    suites.sort();
    assert!(!suites.is_empty());
    let (login, password) = emulator.developer();
    let env = vec![
        ("EMULATOR_URL", emulator.base_url().to_string()),
        ("EMULATOR_APP_ID", emulator.app_id().to_string()),
        ("EMULATOR_REST_KEY", emulator.key(KeyKind::Rest).to_string()),
        ("EMULATOR_JS_KEY", emulator.key(KeyKind::Js).to_string()),
        ("EMULATOR_BL_KEY", emulator.key(KeyKind::Bl).to_string()),
        ("EMULATOR_DEV_LOGIN", login.to_string()),
        ("EMULATOR_DEV_PASSWORD", password.to_string()),
    ];
    let run = tokio::task::spawn_blocking({
        let suites = suites.clone();
        move || common::node::run(&js, &suites, &env)
    })
    .await
    .expect("join");
    run.show_counts("sdk");
    assert!(run.success, "JS SDK suites failed:\n{}", run.output);
    let counted: Vec<&str> = run.counts();
    assert_eq!(
        counted.len(),
        suites.len() + 1,
        "every suite reports its counts:\n{}",
        run.output
    );
}
