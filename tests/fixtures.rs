//! fixtures/sample-app.json: a realistic app (users, tables with 1:1 and 1:N relations, files,
//! a counter, a cache entry) that `--import` loads into the default app.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/sample-app.json");

#[tokio::test]
async fn the_sample_app_imports_with_users_relations_and_files() {
    let s = common::start().await;
    let export: Value =
        serde_json::from_str(&std::fs::read_to_string(SAMPLE).expect("fixture")).expect("JSON");
    s.app().import(&export).expect("imports");

    let alice = s
        .post("/users/login")
        .json(json!({"login": "alice@example.com", "password": "password"}))
        .send()
        .await
        .ok();
    assert_eq!(alice["name"], "Alice");
    let orders = s
        .get("/data/Order?loadRelations=customer,items&sortBy=placed")
        .send()
        .await
        .ok();
    let orders = orders.as_array().expect("orders");
    assert_eq!(orders.len(), 4);
    assert_eq!(orders[0]["customer"]["name"], "Acme Corp");
    assert_eq!(orders[0]["items"].as_array().map(Vec::len), Some(3));
    assert_eq!(orders[0]["ownerId"], alice["objectId"]);
    assert_eq!(orders[0]["status"], "NEW", "the column default applied");
    let berlin = s
        .get("/data/Order/count?where=customer.city%20%3D%20'Berlin'")
        .send()
        .await
        .ok();
    assert_eq!(berlin, json!(2));
    let readme = s.get("/files/docs/readme.txt").send().await;
    assert_eq!(readme.body, json!("Welcome to the sample app."));
    assert_eq!(s.get("/counters/visits").send().await.ok(), json!(41));
}

#[test]
fn the_binary_imports_the_sample_with_the_import_flag() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_backendless-emulator"))
        .args([
            "--port",
            "0",
            "--app-id",
            "FX",
            "--api-key",
            "FXKEY",
            "--import",
            SAMPLE,
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("banner");
    let url = line.split_whitespace().last().expect("url").to_string();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    let count: Value = rt.block_on(async {
        reqwest::get(format!("{url}/FX/FXKEY/data/Customer/count"))
            .await
            .expect("get")
            .json()
            .await
            .expect("json")
    });
    child.kill().expect("kill");
    let _ = child.wait();
    assert_eq!(count, json!(3));
}

#[tokio::test]
async fn the_builder_imports_before_the_first_request_and_refuses_a_broken_export() {
    let export: Value =
        serde_json::from_str(&std::fs::read_to_string(SAMPLE).expect("fixture")).expect("JSON");
    let s = common::start_with(backendless_emulator::Emulator::builder().import(export)).await;
    assert_eq!(
        s.get("/data/Customer/count").send().await.ok(),
        json!(3),
        "the first request already sees the import"
    );
    let refused = backendless_emulator::Emulator::builder()
        .import(json!({"format": "not an export", "tables": 7}))
        .start()
        .await;
    assert!(matches!(
        refused,
        Err(backendless_emulator::StartError::Import(_))
    ));
}
