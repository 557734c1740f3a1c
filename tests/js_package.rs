//! Runs the npm testing package's own suites (`node --test js/test/*.test.mjs`) against the
//! emulator binary cargo built for this test run: start-up and stop, per-test apps, the
//! control-plane helpers through the official SDK (tests/js), and `npm pack`, whose tarball (with
//! this debug binary inside) is installed into an empty project that runs the README's mocha
//! example against the official SDK from the npm registry.

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn js_testing_package_suites_pass() {
    common::install_sdk_packages();
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("js");
    let mut suites: Vec<String> = std::fs::read_dir(js.join("test"))
        .expect("js/test readable")
        .flatten()
        .map(|e| format!("test/{}", e.file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".test.mjs"))
        .collect();
    suites.sort();
    assert!(suites.len() >= 3, "suites: {suites:?}");
    let output = Command::new("node")
        .arg("--test")
        .args(&suites)
        .current_dir(&js)
        .env(
            "BACKENDLESS_EMULATOR_BIN",
            env!("CARGO_BIN_EXE_backendless-emulator"),
        )
        .output()
        .expect("node runs (Node.js and npm are needed for the JS package suites)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "JS package suites failed:\n{stdout}\n{stderr}"
    );
    println!("{stdout}");
}
