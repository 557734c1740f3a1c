//! Cache through the front door (counters-cache.md §2): values of every JSON type, `null` for a
//! missing key, lifetimes on the emulator clock, the documented limits and their codes.

mod common;

use serde_json::{json, Value};

#[tokio::test]
async fn values_of_every_type_round_trip() {
    let server = common::start().await;
    let values = [
        ("string", json!("hello")),
        ("number", json!(42.5)),
        ("boolean", json!(true)),
        ("array", json!([1, "two", {"three": 3}])),
        ("object", json!({"name": "Bob", "___class": "Person"})),
    ];
    let mut steps = Vec::new();
    for (key, value) in &values {
        let put = server
            .put(&format!("/cache/{key}"))
            .json(value.clone())
            .send()
            .await;
        assert!(put.status.is_success(), "{}", put.body);
        steps.push(json!({"op": format!("Q1 put {key}"), "body": put.body}));
        let got = server.get(&format!("/cache/{key}")).send().await.ok();
        assert_eq!(&got, value);
        steps.push(json!({"op": format!("Q2 get {key}"), "body": got}));
    }
    let check = server.get("/cache/string/check").send().await.ok();
    steps.push(json!({"op": "Q3 contains", "body": check}));
    let delete = server.delete("/cache/string").send().await.ok();
    steps.push(json!({"op": "Q6 delete", "body": delete}));
    let check = server.get("/cache/string/check").send().await.ok();
    steps.push(json!({"op": "Q3 contains deleted", "body": check}));
    insta::assert_json_snapshot!("cache_operations", Value::Array(steps));
}

#[tokio::test]
async fn a_missing_key_reads_as_json_null() {
    let server = common::start().await;
    let reply = server.get("/cache/SOME_UNEXISTING_KEY").send().await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, Value::Null);
    let content_type = reply
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok());
    assert_eq!(
        content_type,
        Some("application/json"),
        "a JSON `null`, not an empty body"
    );

    // A stored `null` exists (JS e2e: contains → true, get → null).
    server
        .put("/cache/null")
        .body("application/json", "null")
        .send()
        .await
        .ok();
    assert_eq!(
        server.get("/cache/null/check").send().await.ok(),
        json!(true)
    );
    assert_eq!(server.get("/cache/null").send().await.ok(), Value::Null);
    assert_eq!(
        server.get("/cache/other/check").send().await.ok(),
        json!(false)
    );
}

#[tokio::test]
async fn entries_expire_on_the_emulator_clock() {
    let server = common::start().await;
    server
        .put("/cache/short?timeout=10")
        .json(json!("a"))
        .send()
        .await
        .ok();
    server
        .put("/cache/default")
        .json(json!("b"))
        .send()
        .await
        .ok();
    server.advance_clock(9_000).await;
    assert_eq!(server.get("/cache/short").send().await.ok(), json!("a"));
    server.advance_clock(1_000).await;
    assert_eq!(server.get("/cache/short").send().await.ok(), Value::Null);
    assert_eq!(
        server.get("/cache/short/check").send().await.ok(),
        json!(false)
    );

    // expireIn: seconds from now.
    server
        .put("/cache/default/expireIn?timeout=2")
        .json(json!({}))
        .send()
        .await
        .ok();
    server.advance_clock(1_500).await;
    assert_eq!(server.get("/cache/default").send().await.ok(), json!("b"));
    server.advance_clock(600).await;
    assert_eq!(server.get("/cache/default").send().await.ok(), Value::Null);

    // expireAt: epoch milliseconds.
    server.put("/cache/at").json(json!(1)).send().await.ok();
    let at = server.now_ms().await + 5_000;
    server
        .put(&format!("/cache/at/expireAt?timestamp={at}"))
        .json(json!({}))
        .send()
        .await
        .ok();
    server.advance_clock(1_000).await;
    assert_eq!(server.get("/cache/at").send().await.ok(), json!(1));
    server.advance_clock(5_000).await;
    assert_eq!(server.get("/cache/at").send().await.ok(), Value::Null);

    // Without a timeout an entry lives the documented maximum of 7200 s.
    server.put("/cache/long").json(json!("c")).send().await.ok();
    server.advance_clock(7_199_000).await;
    assert_eq!(server.get("/cache/long").send().await.ok(), json!("c"));
    server.advance_clock(1_000).await;
    assert_eq!(server.get("/cache/long").send().await.ok(), Value::Null);
}

#[tokio::test]
async fn every_cache_error_code() {
    let server = common::start().await;
    let big = json!("x".repeat(10_240));
    server
        .put("/cache/big")
        .json(big)
        .send()
        .await
        .assert_error(1026, 400);
    let fits = json!("x".repeat(10_238));
    server.put("/cache/fits").json(fits).send().await.ok();
    server
        .put("/cache/k?timeout=7201")
        .json(json!(1))
        .send()
        .await
        .assert_error(1028, 400);
    server
        .put("/cache/k?timeout=-5")
        .json(json!(1))
        .send()
        .await
        .assert_error(8000, 400);
    server
        .put("/cache/k?timeout=soon")
        .json(json!(1))
        .send()
        .await
        .assert_error(8002, 400);
    server
        .put("/cache/k")
        .body("application/json", "{oops")
        .send()
        .await
        .assert_error(8002, 400);
    server.put("/cache/k").json(json!(1)).send().await.ok();
    server
        .put("/cache/k/expireIn?timeout=7201")
        .send()
        .await
        .assert_error(1028, 400);
    server
        .put("/cache/k/expireIn?timeout=0")
        .send()
        .await
        .assert_error(8000, 400);
    server
        .put("/cache/k/expireIn")
        .send()
        .await
        .assert_error(8010, 400);
    let now = server.now_ms().await;
    server
        .put(&format!("/cache/k/expireAt?timestamp={}", now - 1))
        .send()
        .await
        .assert_error(1031, 400);
    let later = now + 7_300_000;
    server
        .put(&format!("/cache/k/expireAt?timestamp={later}"))
        .send()
        .await
        .assert_error(1028, 400);
    server
        .put("/cache/k/expireAt")
        .send()
        .await
        .assert_error(8010, 400);
    // The failed calls left the entry as it was.
    assert_eq!(server.get("/cache/k").send().await.ok(), json!(1));
    assert_eq!(
        server.get("/cache/big/check").send().await.ok(),
        json!(false)
    );
}

#[tokio::test]
async fn cache_survives_export_and_import() {
    let server = common::start().await;
    server
        .put("/cache/kept?timeout=100")
        .json(json!({"a": 1}))
        .send()
        .await
        .ok();
    let export = server.export_app().await;
    server.reset_app().await;
    assert_eq!(server.get("/cache/kept").send().await.ok(), Value::Null);
    server.import_app(export).await;
    assert_eq!(server.get("/cache/kept").send().await.ok(), json!({"a": 1}));
}
