//! Whatever the API accepts persists and loads: one nesting limit at the door
//! (`nesting::MAX_DEPTH`), and every accepted value survives an export + import and a restart on
//! the same `--data-dir`. Before the limit, a 119-level object was saved and the next start
//! refused `state.json`.

mod common;

use backendless_emulator::nesting::MAX_DEPTH;
use backendless_emulator::Emulator;
use proptest::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};

/// A value nested `levels` deep (arrays and objects alternating by `shape`), with leaves that
/// carry brackets inside strings.
fn nested(levels: usize, shape: u64, leaf: &Value) -> Value {
    (0..levels).fold(leaf.clone(), |inner, level| {
        if shape >> (level % 64) & 1 == 0 {
            json!([inner, level, null])
        } else {
            json!({ "k": inner, "s": "]}[{" })
        }
    })
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        "[a-z\\[\\]{}\"\\\\]{0,8}".prop_map(Value::from),
    ]
}

fn data_dir(case: u64) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("bl-emu-nesting-{}-{case}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Store `value` in a JSON column, a hive key and a cache entry. Each is accepted exactly when
/// its body nests at most `MAX_DEPTH` levels (`{"j0": value}` one more than the value, a cache
/// body is the value itself); the id of the row when all three were.
async fn store(s: &common::TestServer, i: usize, value: &Value) -> Option<String> {
    let depth = backendless_emulator::nesting::depth_of(value);
    // One column per value: dynamic schema types a column by the first value it sees.
    let mut row = serde_json::Map::new();
    row.insert(format!("j{i}"), value.clone());
    let saved = s.post("/data/Doc").json(Value::Object(row)).send().await;
    let hive = s
        .put(&format!("/hive/h/key-value/k{i}"))
        .json(json!({ "value": value }))
        .send()
        .await;
    let cache = s
        .put(&format!("/cache/c{i}"))
        .json(value.clone())
        .send()
        .await;
    for (reply, body_depth) in [(&saved, depth + 1), (&hive, depth + 1), (&cache, depth)] {
        if body_depth <= MAX_DEPTH {
            assert!(reply.status.is_success(), "depth {depth}: {}", reply.body);
        } else {
            reply.assert_error(8002, 400);
        }
    }
    (depth < MAX_DEPTH).then(|| saved.body["objectId"].as_str().expect("id").to_string())
}

/// The values read back from `s` (JSON column by id, hive key, cache entry).
async fn read_back(s: &common::TestServer, i: usize, id: &str) -> [Value; 3] {
    let row = s.get(&format!("/data/Doc/{id}")).send().await.ok();
    let hive = s.get(&format!("/hive/h/key-value/k{i}")).send().await.ok();
    let cache = s.get(&format!("/cache/c{i}")).send().await.ok();
    [row[format!("j{i}").as_str()].clone(), hive, cache]
}

fn round_trip(case: u64, values: Vec<Value>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let dir = data_dir(case);
        let builder = || {
            Emulator::builder()
                .seed(case)
                .app_id("NEST")
                .api_key("NESTKEY")
                .data_dir(&dir)
        };
        let s = common::start_with(builder()).await;
        let mut kept = Vec::new();
        for (i, value) in values.iter().enumerate() {
            if let Some(id) = store(&s, i, value).await {
                kept.push((i, id, value.clone()));
            }
        }
        // Export + import into another app.
        let export = s.export_app().await;
        s.raw(Method::POST, "/_emulator/apps")
            .json(json!({"id": "COPY", "apiKey": "COPYKEY"}))
            .send()
            .await
            .ok();
        s.raw(Method::POST, "/_emulator/apps/COPY/import")
            .json(export)
            .send()
            .await
            .ok();
        for (i, id, value) in &kept {
            let [row, hive, cache] = read_back(&s, *i, id).await;
            assert_eq!((&row, &hive, &cache), (value, value, value));
            let copy = s
                .raw(Method::GET, &format!("/COPY/COPYKEY/data/Doc/{id}"))
                .send()
                .await
                .ok();
            assert_eq!(&copy[format!("j{i}").as_str()], value, "export + import");
        }
        s.emulator.stop().await;
        // A restart on the same directory loads everything back.
        let s = common::start_with(builder()).await;
        for (i, id, value) in &kept {
            let [row, hive, cache] = read_back(&s, *i, id).await;
            assert_eq!(
                (&row, &hive, &cache),
                (value, value, value),
                "after restart"
            );
        }
        s.emulator.stop().await;
        let _ = std::fs::remove_dir_all(&dir);
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn every_accepted_value_survives_export_import_and_a_restart(
        case in 0u64..1_000_000,
        specs in prop::collection::vec((0usize..=125, any::<u64>(), leaf()), 1..5),
    ) {
        let values = specs
            .iter()
            .map(|(levels, shape, leaf)| nested(*levels, *shape, leaf))
            .collect();
        round_trip(case, values);
    }
}

#[test]
fn the_deepest_accepted_value_and_the_shallowest_refused_one() {
    round_trip(
        1,
        vec![
            nested(MAX_DEPTH - 1, 0, &json!(1)),
            nested(MAX_DEPTH - 1, u64::MAX, &json!("x")),
            nested(MAX_DEPTH, 0, &json!(1)),
            nested(119, 0, &json!(1)),
        ],
    );
}

#[tokio::test]
async fn json_operators_cannot_build_a_value_deeper_than_the_door_allows() {
    let s = common::start().await;
    let deep = nested(MAX_DEPTH - 3, 0, &json!(1));
    let saved = s
        .post("/data/Doc")
        .json(json!({ "j": { "a": 1 } }))
        .send()
        .await
        .ok();
    let id = saved["objectId"].as_str().expect("id");
    // Set the near-limit value one level down, then again one level below that, and so on.
    let mut path = "$.a".to_string();
    let mut refused = None;
    for _ in 0..8 {
        let reply = s
            .put(&format!("/data/Doc/{id}"))
            .json(json!({ "j": { "___operation": "JSON_SET", "args": { path.clone(): deep.clone() } } }))
            .send()
            .await;
        if !reply.status.is_success() {
            refused = Some(reply);
            break;
        }
        path.push_str("[0]");
    }
    let refused = refused.expect("some JSON_SET went over the limit");
    refused.assert_error(99106, 400);
    let stored = s.get(&format!("/data/Doc/{id}")).send().await.ok();
    assert!(backendless_emulator::nesting::depth_of(&stored["j"]) <= MAX_DEPTH);
}
