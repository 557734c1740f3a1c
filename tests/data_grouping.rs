//! Data retrieval with grouping (data.md D24) as the JS SDK's `DataStore.group` / `countInGroup`
//! send it: nested groups by the groupBy columns, groupPath, groupDepth, the page sizes of each
//! level, the count of a group, and the errors of a bad request.

mod common;

use serde_json::{json, Value};

async fn products() -> common::TestServer {
    let s = common::start().await;
    let rows = json!([
        {"name": "tv", "category": "video", "rating": 5, "price": 900},
        {"name": "projector", "category": "video", "rating": 4, "price": 700},
        {"name": "camera", "category": "video", "rating": 5, "price": 500},
        {"name": "speaker", "category": "audio", "rating": 3, "price": 100},
        {"name": "headphones", "category": "audio", "rating": 5, "price": 200},
        {"name": "cable", "category": null, "rating": 1, "price": 5}
    ]);
    s.post("/data/bulk/Product").json(rows).send().await.ok();
    s
}

/// The JS SDK's `GroupQueryBuilder.toJSON()` defaults with some fields replaced.
fn query(fields: Value) -> Value {
    let mut body = json!({
        "distinct": false, "excludeProps": null, "groupBy": null, "groupDepth": null,
        "groupPageSize": 10, "groupPath": null, "offset": 0, "pageSize": 10, "property": null,
        "recordsPageSize": 10, "loadRelations": null, "relationsDepth": null,
        "relationsPageSize": null, "sortBy": null, "where": null
    });
    for (k, v) in fields.as_object().expect("object") {
        body[k] = v.clone();
    }
    body
}

async fn group(s: &common::TestServer, fields: Value) -> Value {
    s.post("/data/data-grouping/Product")
        .json(query(fields))
        .send()
        .await
        .ok()
}

/// (group value, [names or nested summaries]) of a level, for compact assertions.
fn summary(level: &Value) -> Value {
    let items = level["items"].as_array().expect("items");
    Value::Array(
        items
            .iter()
            .map(|item| match item.get("groupBy") {
                Some(g) => json!([g["value"], summary(item)]),
                None => item["name"].clone(),
            })
            .collect(),
    )
}

#[tokio::test]
async fn groups_nest_by_the_group_by_columns_in_value_order() {
    let s = products().await;
    let tree = group(
        &s,
        json!({"groupBy": ["category", "rating"], "sortBy": ["price"], "property": ["name", "price"]}),
    )
    .await;
    common::assert_schema("group-result.schema.json", &tree);
    assert_eq!(tree["hasNextPage"], false);
    assert_eq!(
        summary(&tree),
        json!([
            [null, [[1, ["cable"]]]],
            ["audio", [[3, ["speaker"]], [5, ["headphones"]]]],
            ["video", [[4, ["projector"]], [5, ["camera", "tv"]]]]
        ])
    );
    let audio = &tree["items"][1];
    assert_eq!(
        audio["groupBy"],
        json!({"column": "category", "value": "audio"})
    );
    assert_eq!(audio["items"][0]["groupBy"]["column"], "rating");
    assert_eq!(
        audio["items"][0]["items"][0],
        json!({"___class": "Product", "name": "speaker", "price": 100})
    );

    let desc = group(
        &s,
        json!({"groupBy": "category", "sortBy": ["category desc", "price desc"], "where": "category is not null"}),
    )
    .await;
    assert_eq!(
        summary(&desc),
        json!([
            ["video", ["tv", "projector", "camera"]],
            ["audio", ["headphones", "speaker"]]
        ])
    );
    assert!(
        desc["items"][0]["items"][0]["objectId"].is_string(),
        "default columns"
    );
}

#[tokio::test]
async fn pages_depth_and_group_path() {
    let s = products().await;
    let first = group(&s, json!({"groupBy": ["category"], "pageSize": 2})).await;
    assert_eq!(first["hasNextPage"], true);
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
    let next = group(
        &s,
        json!({"groupBy": ["category"], "pageSize": 2, "offset": 2}),
    )
    .await;
    assert_eq!(
        (
            next["hasNextPage"].clone(),
            next["items"][0]["groupBy"]["value"].clone()
        ),
        (json!(false), json!("video"))
    );

    let small = group(
        &s,
        json!({"groupBy": ["category", "rating"], "groupPageSize": 1, "recordsPageSize": 1,
               "where": "category = 'video'"}),
    )
    .await;
    let video = &small["items"][0];
    assert_eq!(video["hasNextPage"], true, "two ratings, one per page");
    assert_eq!(video["items"][0]["groupBy"]["value"], 4);
    assert_eq!(video["items"][0]["hasNextPage"], false);

    let shallow = group(
        &s,
        json!({"groupBy": ["category", "rating"], "groupDepth": 1}),
    )
    .await;
    assert_eq!(
        (
            shallow["items"][2]["hasNextPage"].clone(),
            shallow["items"][2]["items"].clone()
        ),
        (json!(true), json!([])),
        "a group at the depth limit holds no items"
    );

    let inside = group(
        &s,
        json!({"groupBy": ["category", "rating"], "groupPath": [{"column": "category", "value": "video"}],
               "sortBy": ["name"]}),
    )
    .await;
    assert_eq!(
        summary(&inside),
        json!([[4, ["projector"]], [5, ["camera", "tv"]]])
    );
    let leaf = group(
        &s,
        json!({"groupBy": ["category", "rating"], "sortBy": ["name"], "pageSize": 1, "offset": 1,
               "groupPath": [{"column": "category", "value": "video"}, {"column": "rating", "value": 5}]}),
    )
    .await;
    assert_eq!(
        (leaf["hasNextPage"].clone(), summary(&leaf)),
        (json!(false), json!(["tv"])),
        "a full path pages the group's objects"
    );
}

#[tokio::test]
async fn count_in_group_counts_the_objects_of_the_path() {
    let s = products().await;
    let count = |fields: Value| {
        let s = &s;
        async move {
            s.post("/data/data-grouping/Product/count")
                .json(query(fields))
                .send()
                .await
                .ok()
        }
    };
    let video = json!([{"column": "category", "value": "video"}]);
    assert_eq!(
        count(json!({"groupBy": ["category"], "groupPath": video})).await,
        3
    );
    let five =
        json!([{"column": "category", "value": "video"}, {"column": "rating", "value": 5.0}]);
    assert_eq!(
        count(json!({"groupBy": ["category", "rating"], "groupPath": five})).await,
        2,
        "5.0 and 5 are one value"
    );
    assert_eq!(
        count(json!({"groupBy": ["category"], "groupPath": video, "where": "price > 600"})).await,
        2
    );
    let none = json!([{"column": "category", "value": null}]);
    assert_eq!(
        count(json!({"groupBy": ["category"], "groupPath": none})).await,
        1
    );
}

#[tokio::test]
async fn bad_grouping_requests_are_refused() {
    let s = products().await;
    let post = |path: &str, body: Value| s.post(path).json(body);
    post("/data/data-grouping/Product", query(json!({})))
        .send()
        .await
        .assert_error(8010, 400);
    post(
        "/data/data-grouping/Product",
        query(json!({"groupBy": ["nope"]})),
    )
    .send()
    .await
    .assert_error(1006, 400);
    let stray = json!({"groupBy": ["category"], "groupPath": [{"column": "rating", "value": 1}]});
    post("/data/data-grouping/Product/count", query(stray))
        .send()
        .await
        .assert_error(1006, 400);
    let bad_path = json!({"groupBy": ["category"], "groupPath": "video"});
    post("/data/data-grouping/Product", query(bad_path))
        .send()
        .await
        .assert_error(8002, 400);
    post(
        "/data/data-grouping/Product",
        query(json!({"groupBy": ["category"], "groupPageSize": 0})),
    )
    .send()
    .await
    .assert_error(1005, 400);
    post(
        "/data/data-grouping/Product",
        query(json!({"groupBy": ["category"], "where": "price >"})),
    )
    .send()
    .await
    .assert_error(1017, 400);
    post(
        "/data/data-grouping/Nope",
        query(json!({"groupBy": ["category"]})),
    )
    .send()
    .await
    .assert_error(1009, 400);
}

#[tokio::test]
async fn the_console_groups_and_counts_as_the_client_api_does() {
    let s = products().await;
    let auth = s.console_login().await;
    let console = |rest: &str| {
        let path = format!(
            "/{}/console/data/data-grouping/Product{rest}",
            s.emulator.app_id()
        );
        s.raw(reqwest::Method::POST, &path)
            .header("auth-key", &auth)
    };
    let fields = json!({"groupBy": ["category"]});
    let tree = console("").json(query(fields.clone())).send().await.ok();
    assert_eq!(tree, group(&s, fields).await);
    let video =
        json!({"groupBy": ["category"], "groupPath": [{"column": "category", "value": "video"}]});
    let count = console("/count").json(query(video)).send().await.ok();
    assert_eq!(count, 3);
}
