//! An embedded emulator's life: `stop()` frees every app it held, start/stop cycles do not grow
//! the process, and a dropped emulator's final `data_dir` save is done before its successor
//! starts on the same directory.

use std::sync::{Arc, Weak};

use backendless_emulator::Emulator;
use serde_json::json;

const FOUR_MIB: usize = 4 * 1024 * 1024;

/// Register a user and upload a 4 MiB file: state in the data, users and files services.
async fn fill(emulator: &Emulator) {
    let http = reqwest::Client::new();
    let root = emulator.app_url();
    let user = http
        .post(format!("{root}/users/register"))
        .json(&json!({"email": "ann@example.com", "password": "pw"}))
        .send()
        .await
        .expect("register sent");
    assert!(user.status().is_success());
    let file = reqwest::multipart::Part::bytes(vec![b'x'; FOUR_MIB]).file_name("big.bin");
    let upload = http
        .post(format!("{root}/files/big.bin"))
        .multipart(reqwest::multipart::Form::new().part("file", file))
        .send()
        .await
        .expect("upload sent");
    assert!(upload.status().is_success(), "{}", upload.status());
}

fn default_app(emulator: &Emulator) -> Weak<backendless_emulator::apps::App> {
    let app = emulator
        .shared()
        .registry
        .default_app()
        .expect("default app");
    Arc::downgrade(&app)
}

#[tokio::test]
async fn stop_frees_the_apps_of_the_emulator() {
    let emulator = Emulator::builder().start().await.expect("starts");
    fill(&emulator).await;
    let app = default_app(&emulator);
    assert!(app.upgrade().is_some());
    emulator.stop().await;
    assert!(
        app.upgrade().is_none(),
        "the default app outlives its stopped emulator"
    );
}

/// Resident set size of this process in bytes (Linux; `None` elsewhere).
fn rss_bytes() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[tokio::test]
async fn start_upload_stop_cycles_keep_memory_flat() {
    async fn cycle() {
        let emulator = Emulator::builder().start().await.expect("starts");
        fill(&emulator).await;
        emulator.stop().await;
    }
    // Warm up: the allocator and the runtime keep some memory for reuse.
    for _ in 0..5 {
        cycle().await;
    }
    let Some(before) = rss_bytes() else {
        return;
    };
    for _ in 0..50 {
        cycle().await;
    }
    let after = rss_bytes().expect("rss");
    // Leaking each cycle's 4 MiB file (at least twice that, counting the request body) would
    // grow the process by 200 MiB or more; allocator noise stays far below the bound.
    let grown = after.saturating_sub(before);
    assert!(
        grown < 64 * 1024 * 1024,
        "RSS grew by {} MiB over 50 cycles",
        grown / (1024 * 1024)
    );
}

#[tokio::test]
async fn a_dropped_emulator_has_saved_before_the_next_one_starts() {
    let dir = std::env::temp_dir().join(format!("bl-emu-drop-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let builder = || {
        Emulator::builder()
            .app_id("APP")
            .api_key("KEY")
            .data_dir(&dir)
            .snapshot_interval(std::time::Duration::from_secs(3600))
    };
    let first = builder().start().await.expect("first starts");
    fill(&first).await;
    drop(first);
    let second = builder().start().await.expect("second starts");
    let http = reqwest::Client::new();
    let login = http
        .post(format!("{}/users/login", second.app_url()))
        .json(&json!({"login": "ann@example.com", "password": "pw"}))
        .send()
        .await
        .expect("login sent");
    assert!(login.status().is_success(), "{}", login.status());
    second.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}
