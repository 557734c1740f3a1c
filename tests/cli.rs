//! The `backendless-emulator` binary as a newcomer meets it: the banner README.md shows is the
//! one it prints, and `--print-env` gives scripts the default app. Its start-up checks, messages
//! and exit codes: a data dir that cannot be written, a final save that fails, a busy port, a
//! corrupt `--import`, a second process on one data dir, plain logs when stderr is not a terminal.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

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

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_backendless-emulator"))
}

fn temp(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("bl-emu-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    let _ = std::fs::remove_file(&path);
    path
}

/// A regular file, so that `file/sub` can never be created, whoever runs the test.
fn blocker(name: &str) -> PathBuf {
    let file = temp(name);
    std::fs::write(&file, b"not a directory").expect("file");
    file
}

/// Wait for the child to exit; kill it and fail after a generous bound.
fn wait(child: &mut Child) -> ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the emulator kept running");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Run to completion (it is expected to refuse to start); status and stderr.
fn refused(args: &[&str]) -> (ExitStatus, String) {
    let mut child = binary()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let status = wait(&mut child);
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("stderr read");
    (status, err)
}

/// Start with `args`, read the banner; the child and its base URL.
fn started(args: &[&str]) -> (Child, String) {
    let (child, url, _) = started_with_banner(args);
    (child, url)
}

/// Start with `args`; the child, its base URL and the whole banner (up to its last line).
fn started_with_banner(args: &[&str]) -> (Child, String, String) {
    let mut child = binary()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut banner = String::new();
    loop {
        let mut line = String::new();
        if stdout.read_line(&mut line).expect("banner") == 0 {
            break;
        }
        banner.push_str(&line);
        if line.starts_with("stop with") {
            break;
        }
    }
    let first = banner.lines().next().unwrap_or("");
    let url = first.split_whitespace().last().unwrap_or("").to_string();
    assert!(url.starts_with("http://"), "no banner: {banner:?}");
    (child, url, banner)
}

fn terminate(child: &Child) {
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
}

fn stderr_of(child: &mut Child) -> String {
    let mut err = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut err);
    }
    err
}

#[test]
fn an_unwritable_data_dir_stops_start_up_naming_it() {
    let file = blocker("datadir");
    let dir = file.join("state");
    let (status, err) = refused(&["--port", "0", "--data-dir", dir.to_str().expect("utf-8")]);
    assert!(!status.success());
    assert!(err.contains(dir.to_str().expect("utf-8")), "{err}");
    let _ = std::fs::remove_file(&file);
}

#[test]
fn an_unwritable_export_on_exit_file_stops_start_up() {
    let file = blocker("export");
    let target = file.join("export.json");
    let (status, err) = refused(&[
        "--port",
        "0",
        "--export-on-exit",
        target.to_str().expect("utf-8"),
    ]);
    assert!(!status.success());
    assert!(
        err.contains("--export-on-exit") && err.contains(target.to_str().expect("utf-8")),
        "{err}"
    );
    let _ = std::fs::remove_file(&file);
}

#[test]
fn a_failed_final_save_exits_non_zero() {
    let dir = temp("final");
    let (mut child, _) = started(&[
        "--port",
        "0",
        "--snapshot-interval",
        "3600",
        "--data-dir",
        dir.to_str().expect("utf-8"),
    ]);
    // The directory becomes a regular file: the final snapshot cannot be written.
    std::fs::remove_dir_all(&dir).expect("dir removed");
    std::fs::write(&dir, b"in the way").expect("file");
    terminate(&child);
    let status = wait(&mut child);
    let err = stderr_of(&mut child);
    assert!(!status.success(), "exit {status}: {err}");
    assert!(err.contains("final snapshot"), "{err}");
    let _ = std::fs::remove_file(&dir);
}

#[test]
fn a_clean_stop_with_a_data_dir_exits_zero() {
    let dir = temp("clean");
    let (mut child, _) = started(&["--port", "0", "--data-dir", dir.to_str().expect("utf-8")]);
    terminate(&child);
    assert!(wait(&mut child).success(), "{}", stderr_of(&mut child));
    assert!(dir.join("state.json").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_second_process_on_one_data_dir_fails_naming_the_holder() {
    let dir = temp("twice");
    let dir_arg = dir.to_str().expect("utf-8");
    let (mut first, url) = started(&["--port", "0", "--data-dir", dir_arg]);
    let (status, err) = refused(&["--port", "0", "--data-dir", dir_arg]);
    assert!(!status.success());
    assert!(
        err.contains("in use")
            && err.contains(&format!("pid {}", first.id()))
            && err.contains(&url),
        "{err}"
    );
    terminate(&first);
    assert!(wait(&mut first).success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_busy_port_names_the_address_and_the_way_out() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = holder.local_addr().expect("addr").port().to_string();
    let (status, err) = refused(&["--port", &port]);
    assert!(!status.success());
    assert!(
        err.contains(&format!("127.0.0.1:{port}")) && err.contains("--port 0"),
        "{err}"
    );
}

#[test]
fn a_corrupt_import_names_the_file_and_what_was_expected() {
    for (name, content) in [
        ("broken", "{\"format\": 1, \"services\": [tru"),
        ("wrong", "[1, 2, 3]"),
        ("old", "{\"format\": 99, \"services\": {}}"),
    ] {
        let file = temp(name);
        std::fs::write(&file, content).expect("write");
        let (status, err) = refused(&["--port", "0", "--import", file.to_str().expect("utf-8")]);
        assert!(!status.success());
        assert!(
            err.contains(file.to_str().expect("utf-8")) && err.contains("expected an app export"),
            "{err}"
        );
        assert!(!err.contains("8002") && !err.contains("(400)"), "{err}");
        let _ = std::fs::remove_file(&file);
    }
}

#[test]
fn beyond_loopback_a_token_is_printed_a_warning_logged_without_colour_codes() {
    // Listening beyond loopback logs a warning; stderr is a pipe here.
    let (mut child, url, banner) = started_with_banner(&["--port", "0", "--host", "0.0.0.0"]);
    let token = banner
        .lines()
        .find_map(|l| l.strip_prefix("control token  : "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no token in the banner: {banner}"))
        .to_string();
    let port = url.rsplit(':').next().expect("port").to_string();
    let status = |token: Option<&str>| {
        let mut stream =
            std::net::TcpStream::connect(format!("127.0.0.1:{port}")).expect("connect");
        let header = token.map_or(String::new(), |t| format!("x-emulator-token: {t}\r\n"));
        std::io::Write::write_all(
            &mut stream,
            format!("GET /_emulator/apps HTTP/1.1\r\nHost: 127.0.0.1\r\n{header}Connection: close\r\n\r\n").as_bytes(),
        )
        .expect("request");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer.split_whitespace().nth(1).unwrap_or("").to_string()
    };
    assert_eq!(status(None), "401");
    assert_eq!(status(Some(&token)), "200");
    terminate(&child);
    wait(&mut child);
    let err = stderr_of(&mut child);
    assert!(
        err.contains("WARN") && err.contains("beyond loopback"),
        "no warning logged: {err}"
    );
    assert!(!err.contains('\u{1b}'), "colour codes in {err:?}");
}
