//! Atomic Counters through the front door (counters-cache.md §1): bare-number responses, every
//! operation, listing, error codes, and atomicity under many parallel clients.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn every_counter_operation_answers_a_bare_scalar() {
    let server = common::start().await;
    let mut steps = Vec::new();
    let calls: [(&str, Method, &str); 13] = [
        ("C1 get (never written)", Method::GET, "/counters/c"),
        (
            "C3 incrementAndGet",
            Method::PUT,
            "/counters/c/increment/get",
        ),
        (
            "C2 getAndIncrement",
            Method::PUT,
            "/counters/c/get/increment",
        ),
        (
            "C5 decrementAndGet",
            Method::PUT,
            "/counters/c/decrement/get",
        ),
        (
            "C4 getAndDecrement",
            Method::PUT,
            "/counters/c/get/decrement",
        ),
        (
            "C7 addAndGet",
            Method::PUT,
            "/counters/c/incrementby/get?value=10",
        ),
        (
            "C6 getAndAdd",
            Method::PUT,
            "/counters/c/get/incrementby?value=-3",
        ),
        ("C1 get", Method::GET, "/counters/c"),
        (
            "C8 compareAndSet miss",
            Method::PUT,
            "/counters/c/get/compareandset?expected=1&updatedvalue=5",
        ),
        (
            "C8 compareAndSet hit",
            Method::PUT,
            "/counters/c/get/compareandset?expected=7&updatedvalue=100",
        ),
        ("C1 get", Method::GET, "/counters/c"),
        ("C9 reset", Method::PUT, "/counters/c/reset"),
        ("C1 get after reset", Method::GET, "/counters/c"),
    ];
    for (label, method, path) in calls {
        let body = server.call(method, path).send().await.ok();
        steps.push(json!({"op": label, "body": body}));
    }
    insta::assert_json_snapshot!("counter_operations", Value::Array(steps));
}

#[tokio::test]
async fn counters_are_listed_by_glob_and_found_by_pattern() {
    let server = common::start().await;
    for name in ["shopper1", "shopper2", "shopper10", "visits"] {
        server
            .put(&format!("/counters/{name}/increment/get"))
            .send()
            .await
            .ok();
    }
    server
        .put("/counters/visits/incrementby/get?value=41")
        .send()
        .await
        .ok();
    let all = server.get("/counters/*/list").send().await.ok();
    assert_eq!(all, json!(["shopper1", "shopper10", "shopper2", "visits"]));
    let class = server
        .get("/counters/shopper%5B12%5D/list")
        .send()
        .await
        .ok();
    assert_eq!(class, json!(["shopper1", "shopper2"]));
    assert_eq!(
        server.get("/counters/nothing*/list").send().await.ok(),
        json!([])
    );
    // `GET /counters/shopper?/list` as HTTP clients send it: the glob `?` starts the query.
    let quirk = server.get("/counters/shopper?/list").send().await.ok();
    assert_eq!(quirk, json!(["shopper1", "shopper2"]));

    let page = server
        .get("/counters?pattern=glob:shopper*&pageSize=2")
        .send()
        .await
        .ok();
    insta::assert_json_snapshot!("counters_find_page", page);
    let next = server
        .get("/counters?pattern=glob:shopper*&pageSize=2&cursor=2")
        .send()
        .await
        .ok();
    assert_eq!(next, json!({"cursor": "0", "counters": {"shopper2": 1}}));
    let by_regex = server
        .get("/counters?pattern=regex:vis.*")
        .send()
        .await
        .ok();
    assert_eq!(by_regex, json!({"cursor": "0", "counters": {"visits": 42}}));
}

#[tokio::test]
async fn every_counter_error_code() {
    let server = common::start().await;
    server
        .put("/counters/c/get/compareandset?updatedvalue=1")
        .send()
        .await
        .assert_error(1029, 400);
    server
        .put("/counters/c/get/compareandset?expected=0")
        .send()
        .await
        .assert_error(8010, 400);
    server
        .put("/counters/c/incrementby/get")
        .send()
        .await
        .assert_error(8010, 400);
    server
        .put("/counters/c/get/incrementby?value=1.5")
        .send()
        .await
        .assert_error(8002, 400);
    server
        .put("/counters/c/incrementby/get?value=ten")
        .send()
        .await
        .assert_error(8002, 400);
    server
        .get("/counters?pattern=regex:(")
        .send()
        .await
        .assert_error(8002, 400);
    let max = i64::MAX;
    server
        .put(&format!(
            "/counters/big/get/compareandset?expected=0&updatedvalue={max}"
        ))
        .send()
        .await
        .ok();
    server
        .put("/counters/big/increment/get")
        .send()
        .await
        .assert_error(1030, 400);
    assert_eq!(server.get("/counters/big").send().await.ok(), json!(max));
    server
        .get("/counters/c/increment/get")
        .send()
        .await
        .assert_error(99001, 404);
}

#[tokio::test]
async fn counters_survive_export_and_import() {
    let server = common::start().await;
    server
        .put("/counters/kept/incrementby/get?value=7")
        .send()
        .await
        .ok();
    let export = server.export_app().await;
    server.reset_app().await;
    assert_eq!(server.get("/counters/kept").send().await.ok(), json!(0));
    server.import_app(export).await;
    assert_eq!(server.get("/counters/kept").send().await.ok(), json!(7));
}

/// 16 clients × 200 increments: the total is exact, and every `getAndIncrement` saw a distinct
/// previous value, so no two increments ever interleaved.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_increments_are_atomic() {
    const TASKS: usize = 16;
    const EACH: usize = 200;
    let server = Arc::new(common::start().await);
    let mut tasks = Vec::new();
    for _ in 0..TASKS {
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            let mut seen = Vec::with_capacity(EACH);
            for _ in 0..EACH {
                let previous = server.put("/counters/hits/get/increment").send().await.ok();
                seen.push(previous.as_i64().expect("a bare number"));
                server
                    .put("/counters/other/incrementby/get?value=3")
                    .send()
                    .await
                    .ok();
            }
            seen
        }));
    }
    let mut previous = BTreeSet::new();
    for task in tasks {
        previous.extend(task.await.expect("task finishes"));
    }
    let total = (TASKS * EACH) as i64;
    assert_eq!(previous, (0..total).collect::<BTreeSet<_>>());
    assert_eq!(server.get("/counters/hits").send().await.ok(), json!(total));
    assert_eq!(
        server.get("/counters/other").send().await.ok(),
        json!(3 * total)
    );
}
