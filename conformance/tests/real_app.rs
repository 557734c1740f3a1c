//! The runner against a target that is not an emulator: an emulator behind `proxy
//! --block-control-plane`, which answers `/_emulator/...` with a 404 as api.backendless.com does.
//! Rejected credentials end the run at once; a run never reaches the control plane, skips what
//! would destroy data it did not make, and `--update-provenance` marks what passed as validated
//! there, which `report parity` then shows.

use std::path::Path;
use std::process::Output;

use backendless_conform::proxy::{self, ProxyArgs, Running};
use backendless_emulator::{Emulator, KeyKind};

mod common;
use common::conform;

async fn real_app(emu: &Emulator, out: &Path) -> Running {
    proxy::start(ProxyArgs {
        upstream: emu.base_url().to_string(),
        listen: "127.0.0.1:0".into(),
        out: out.to_path_buf(),
        idle: 600.0,
        app_id: None,
        api_key: None,
        cloud_code_key: None,
        control_token: None,
        keys: Vec::new(),
        block_control_plane: true,
    })
    .await
    .expect("proxy starts")
}

fn copy_corpus(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for dir in std::fs::read_dir(&from).expect("corpus").flatten() {
        let target = to.join(dir.file_name());
        std::fs::create_dir_all(&target).expect("dir");
        for file in std::fs::read_dir(dir.path())
            .expect("service dir")
            .flatten()
        {
            std::fs::copy(file.path(), target.join(file.file_name())).expect("copied");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_api_key_ends_the_run_with_one_message_and_exit_2() {
    let emu = Emulator::builder().seed(4).start().await.expect("emulator");
    let dir = tempfile::tempdir().expect("temp dir");
    let app = real_app(&emu, dir.path()).await;
    let url = format!("http://{}", app.addr);

    let out = conform(&[
        "run",
        "--target",
        &url,
        "--app-id",
        emu.app_id(),
        "--api-key",
        "0BAD0BAD-0000-4000-8000-000000000000",
    ])
    .await;
    let missing = conform(&["run", "--target", &url]).await;

    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("rejected the credentials"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(!stderr.contains(emu.app_id()));
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--app-id is required"));
    app.stop().await.expect("proxy stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_app_is_never_sent_control_or_destructive_requests() {
    // Not seeded: a real app's clock runs, and its Date header tells the runner the time.
    let emu = Emulator::builder().start().await.expect("emulator");
    let recorded = tempfile::tempdir().expect("temp dir");
    let app = real_app(&emu, recorded.path()).await;
    let url = format!("http://{}", app.addr);
    let work = tempfile::tempdir().expect("temp dir");
    let corpus = work.path().join("scenarios");
    copy_corpus(&corpus);
    let reports = work.path().join("reports");

    let out = conform(&[
        "run",
        "--target",
        &url,
        "--app-id",
        emu.app_id(),
        "--api-key",
        emu.api_key(),
        "--cloud-code-key",
        emu.key(KeyKind::Bl),
        "--scenarios",
        corpus.to_str().unwrap_or(""),
        "--report-dir",
        reports.to_str().unwrap_or(""),
        "--update-provenance",
        "--verbose",
    ])
    .await;
    let written = app.stop().await.expect("proxy stops");

    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let skip = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("SKIP {name} ")))
            .unwrap_or("")
            .to_string()
    };
    assert!(
        skip("control/clock").contains("has no emulator control plane"),
        "{text}"
    );
    assert!(
        skip("console/schema-errors").contains("changes or deletes table Users"),
        "{text}"
    );
    assert!(
        skip("console/logout-all-users").contains("logs out every user"),
        "{text}"
    );
    assert!(
        skip("console/user-settings").contains("app-wide settings"),
        "{text}"
    );
    assert!(text.contains("PASS users/login-success"), "{text}");
    let run = text
        .lines()
        .find_map(|l| l.strip_prefix("run token: "))
        .expect("the run token is printed");
    let transcript: String = written
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".jsonl"))
        .map(|p| std::fs::read_to_string(p).expect("transcript"))
        .collect();
    let control: Vec<&str> = transcript
        .lines()
        .filter(|l| {
            l.contains("\"path\":\"/_emulator") && !l.contains("\"path\":\"/_emulator/health\"")
        })
        .collect();
    assert!(control.is_empty(), "{control:?}");
    let guid =
        regex::Regex::new("[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}").expect("regex");
    for line in transcript
        .lines()
        .filter(|l| l.contains("\"method\":\"DELETE\""))
    {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let path = v["request"]["path"].as_str().unwrap_or("");
        // The run's token, or an id (a GUID) an answer of the run produced.
        let ok = path.contains(run) || guid.is_match(path);
        assert!(ok, "a delete of something the run did not make: {path}");
    }
    let login = std::fs::read_to_string(corpus.join("users/login-success.json")).expect("scenario");
    assert!(
        login.contains(&format!("\"host\": \"{}\"", app_label(&url))),
        "{login}"
    );
    let clock = std::fs::read_to_string(corpus.join("control/clock.json")).expect("scenario");
    assert!(
        clock.contains("\"emulator-only\""),
        "a skipped scenario keeps its provenance"
    );

    let page = work.path().join("parity.md");
    let parity = parity_page(&reports, &corpus, &page).await;
    assert_eq!(
        parity.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&parity.stderr)
    );
    let md = std::fs::read_to_string(&page).expect("parity page");
    let row = md
        .lines()
        .find(|l| l.starts_with("| users.login (U2/U3) |"))
        .unwrap_or("");
    assert!(
        row.contains('✓') && row.contains(&chrono::Utc::now().format("%Y-%m-%d").to_string()),
        "{row}"
    );
    assert!(!md.contains(emu.api_key()) && !md.contains(emu.app_id()));
    let page = work.path().join("parity.html");
    let parity = parity_page(&reports, &corpus, &page).await;
    assert_eq!(parity.status.code(), Some(0));
    let html = std::fs::read_to_string(&page).expect("parity page");
    assert!(html.starts_with("<!DOCTYPE html>"));
    let row = html
        .split("<tr>")
        .find(|r| r.contains("<td>users.login (U2/U3)</td>"))
        .unwrap_or("");
    assert!(row.contains("class=\"ok\"") && row.contains('✓'), "{row}");
    assert!(!html.contains(emu.api_key()) && !html.contains(emu.app_id()));
}

fn app_label(url: &str) -> &str {
    url.trim_start_matches("http://")
}

/// `report parity` over a run's reports and its corpus, written to `page`.
async fn parity_page(reports: &Path, corpus: &Path, page: &Path) -> Output {
    conform(&[
        "report",
        "parity",
        "--reports",
        reports.to_str().unwrap_or(""),
        "--scenarios",
        corpus.to_str().unwrap_or(""),
        "--out",
        page.to_str().unwrap_or(""),
    ])
    .await
}
