//! The `backendless-emulator` binary as a newcomer meets it: the banner README.md shows is the
//! one it prints, and `--print-env` gives scripts the default app.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use backendless_emulator::Emulator;

/// Each line's label (before ` : `) and its note in parentheses, the parts that do not vary.
fn shape(banner: &str) -> Vec<(String, String)> {
    banner
        .lines()
        .map(|line| {
            let label = line
                .split_once(" : ")
                .map(|(l, _)| l.trim().to_string())
                .unwrap_or_else(|| line.split(" listening").next().unwrap_or("").to_string());
            let note = line
                .split_once("  (")
                .map(|(_, n)| n.to_string())
                .unwrap_or_default();
            (label, note)
        })
        .collect()
}

#[tokio::test]
async fn the_readme_shows_the_banner_the_emulator_prints() {
    let readme = include_str!("../README.md");
    let sample = readme
        .split("```text\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README has a ```text banner sample");
    let emulator = Emulator::builder().start().await.expect("starts");
    assert_eq!(shape(sample), shape(&emulator.banner()));
}

#[test]
fn print_env_prints_the_default_app_for_scripts_once_ready() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_backendless-emulator"))
        .args([
            "--port",
            "0",
            "--app-id",
            "ENV",
            "--api-key",
            "ENVKEY",
            "--print-env",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut env = Vec::new();
    for _ in 0..5 {
        let line = lines.next().expect("a line").expect("readable");
        let (name, value) = line.split_once('=').expect("NAME=value");
        env.push((name.to_string(), value.to_string()));
    }
    let names: Vec<&str> = env.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "BACKENDLESS_URL",
            "BACKENDLESS_APP_ID",
            "BACKENDLESS_API_KEY",
            "BACKENDLESS_JS_API_KEY",
            "BACKENDLESS_CLOUD_CODE_KEY"
        ]
    );
    assert_eq!(env[1].1, "ENV");
    assert_eq!(env[2].1, "ENVKEY");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    let count = rt.block_on(async {
        reqwest::get(format!("{}/ENV/ENVKEY/data/Nothing/count", env[0].1))
            .await
            .expect("the URL answers once the lines are printed")
            .status()
    });
    child.kill().expect("kill");
    let _ = child.wait();
    assert!(count.is_client_error(), "{count}");
}
