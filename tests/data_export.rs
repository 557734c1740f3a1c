//! Data state survives the control plane's export → reset → import round trip: rows, schema
//! (typed columns, relations), auto-increment counters and indexes by objectId.

mod common;

use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn export_reset_import_restores_tables_rows_and_relations() {
    let s = common::start().await;
    let app = s.emulator.app_id().to_string();
    let p = s
        .post("/data/Parent")
        .json(json!({"name": "p", "doc": {"a": [1]}}))
        .send()
        .await
        .ok();
    let pid = p["objectId"].as_str().expect("id").to_string();
    let kids = s
        .post("/data/bulk/Kid")
        .json(json!([{"n": 1}, {"n": 2}]))
        .send()
        .await
        .ok();
    s.post(&format!("/data/Parent/{pid}/kids:Kid:n"))
        .json(kids)
        .send()
        .await
        .ok();
    let before = s
        .get(&format!("/data/Parent/{pid}?loadRelations=kids"))
        .send()
        .await
        .ok();
    let export = s
        .raw(Method::GET, &format!("/_emulator/apps/{app}/export"))
        .send()
        .await
        .ok();
    s.raw(Method::POST, &format!("/_emulator/apps/{app}/reset"))
        .send()
        .await
        .ok();
    s.get("/data/Parent").send().await.assert_error(1009, 400);
    s.raw(Method::POST, &format!("/_emulator/apps/{app}/import"))
        .json(export.clone())
        .send()
        .await
        .ok();
    let after = s
        .get(&format!("/data/Parent/{pid}?loadRelations=kids"))
        .send()
        .await
        .ok();
    assert_eq!(before, after);
    assert_eq!(s.get("/data/Kid/count?where=n%3E1").send().await.ok(), 1);
    let again = s
        .raw(Method::GET, &format!("/_emulator/apps/{app}/export"))
        .send()
        .await
        .ok();
    assert_eq!(again["services"]["data"], export["services"]["data"]);
}
