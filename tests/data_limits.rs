//! Bad input and limits on the data service: nesting bombs, 10 MB bodies, oversized bodies,
//! wrong content types, unknown routes: documented code, non-2xx status, nothing stored.

mod common;

use serde_json::json;

#[tokio::test]
async fn nesting_bombs_and_huge_bodies_are_refused_without_partial_writes() {
    let s = common::start().await;
    let bomb = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    s.post("/data/Bomb")
        .body("application/json", bomb)
        .send()
        .await
        .assert_error(8002, 400);
    let nested = format!(
        "{{\"a\":{}1{}}}",
        "{\"b\":".repeat(5_000),
        "}".repeat(5_000)
    );
    s.post("/data/Bomb")
        .body("application/json", nested)
        .send()
        .await
        .assert_error(8002, 400);
    let ten_mb = json!({"text": "x".repeat(10 * 1024 * 1024)});
    s.post("/data/Big")
        .json(ten_mb)
        .send()
        .await
        .assert_error(1007, 400);
    s.get("/data/Big").send().await.assert_error(1009, 400);
    let too_big = "y".repeat(17 * 1024 * 1024);
    s.post("/data/Big")
        .body("application/json", format!("{{\"t\":\"{too_big}\"}}"))
        .send()
        .await
        .assert_error(99002, 413);
    s.get("/data/Bomb").send().await.assert_error(1009, 400);
}

#[tokio::test]
async fn a_ten_megabyte_json_document_is_stored_whole() {
    let s = common::start().await;
    let items: Vec<String> = (0..100_000).map(|i| format!("item-{i:0>90}")).collect();
    let saved = s
        .post("/data/Blob")
        .json(json!({"doc": {"items": items}}))
        .send()
        .await
        .ok();
    let id = saved["objectId"].as_str().expect("id").to_string();
    let found = s.get(&format!("/data/Blob/{id}")).send().await.ok();
    assert_eq!(
        found["doc"]["items"].as_array().map(Vec::len),
        Some(100_000)
    );
}

#[tokio::test]
async fn wrong_content_types_and_unknown_routes() {
    let s = common::start().await;
    s.post("/data/T")
        .body("text/xml", "<a/>")
        .send()
        .await
        .assert_error(8011, 400);
    s.call(reqwest::Method::PATCH, "/data/T")
        .send()
        .await
        .assert_error(99001, 404);
    s.get("/data/T/a/b/c").send().await.assert_error(99001, 404);
    s.post("/data/T").json(json!({"n": 1})).send().await.ok();
    s.get("/data/T?where=%27unterminated")
        .send()
        .await
        .assert_error(1017, 400);
    let deep_where = format!("{}n = 1{}", "(".repeat(10_000), ")".repeat(10_000));
    s.post("/data/T/find")
        .json(json!({"where": deep_where}))
        .send()
        .await
        .assert_error(1017, 400);
}

#[tokio::test]
async fn relation_depth_bombs_are_capped() {
    let s = common::start().await;
    let ids = s
        .post("/data/bulk/Node")
        .json(serde_json::Value::from(
            (0..12).map(|i| json!({"i": i})).collect::<Vec<_>>(),
        ))
        .send()
        .await
        .ok();
    let ids: Vec<String> = serde_json::from_value(ids).expect("ids");
    for id in &ids {
        s.post(&format!("/data/Node/{id}/next:Node:n"))
            .json(json!(ids))
            .send()
            .await
            .ok();
    }
    let shallow = s
        .get(&format!("/data/Node/{}?relationsDepth=2", ids[0]))
        .send()
        .await
        .ok();
    assert_eq!(shallow["next"].as_array().map(Vec::len), Some(10));
    s.get(&format!(
        "/data/Node/{}?relationsDepth=10&relationsPageSize=12",
        ids[0]
    ))
    .send()
    .await
    .assert_error(8000, 400);
}
