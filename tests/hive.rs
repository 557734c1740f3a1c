//! Hive through the front door (hive.md): every endpoint's response shape, every error code,
//! expiry driven by the emulator clock, atomic increments, both delete forms and spellings.

mod common;

use common::{Reply, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

/// A sequence of successful calls whose bodies are snapshotted together.
struct Transcript<'a> {
    server: &'a TestServer,
    steps: Vec<Value>,
}

impl<'a> Transcript<'a> {
    fn new(server: &'a TestServer) -> Self {
        Transcript {
            server,
            steps: Vec::new(),
        }
    }

    /// Send, require success, record `label` with the body, return the body.
    async fn step(
        &mut self,
        label: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let reply = send(self.server, method, path, body).await;
        assert!(
            reply.status.is_success(),
            "{label}: {} {}",
            reply.status,
            reply.body
        );
        self.steps
            .push(json!({"op": label, "body": reply.body.clone()}));
        reply.body
    }

    fn into_value(self) -> Value {
        common::redact(Value::Array(self.steps))
    }
}

async fn send(server: &TestServer, method: Method, path: &str, body: Option<Value>) -> Reply {
    let call = server.call(method, path);
    match body {
        Some(b) => call.json(b).send().await,
        None => call.send().await,
    }
}

#[tokio::test]
async fn hive_management() {
    let server = common::start().await;
    let mut t = Transcript::new(&server);
    t.step("create", Method::POST, "/hive/alpha", None).await;
    t.step("create again", Method::POST, "/hive/alpha", None)
        .await;
    t.step("create", Method::POST, "/hive/beta", None).await;
    t.step("names", Method::GET, "/hive", None).await;
    t.step("rename", Method::PUT, "/hive/alpha?newName=gamma", None)
        .await;
    t.step("delete", Method::DELETE, "/hive/beta", None).await;
    t.step("names", Method::GET, "/hive", None).await;
    insta::assert_json_snapshot!("hive_management", t.into_value());

    server
        .put("/hive/nope?newName=x")
        .send()
        .await
        .assert_error(27001, 400);
    server.post("/hive/delta").send().await.ok();
    server
        .put("/hive/gamma?newName=delta")
        .send()
        .await
        .assert_error(27002, 400);
    server
        .put("/hive/gamma")
        .send()
        .await
        .assert_error(8010, 400);
}

#[tokio::test]
async fn key_value_store() {
    let server = common::start().await;
    let kv = "/hive/h/key-value";
    let mut t = Transcript::new(&server);
    t.step(
        "K3 set",
        Method::PUT,
        &format!("{kv}/USA"),
        Some(json!({"value": "Washington"})),
    )
    .await;
    t.step(
        "K3 set object",
        Method::PUT,
        &format!("{kv}/obj"),
        Some(json!({"value": {"a": [1, 2]}})),
    )
    .await;
    t.step(
        "K3 IfNotExists",
        Method::PUT,
        &format!("{kv}/USA"),
        Some(json!({"value": "x", "condition": "IfNotExists"})),
    )
    .await;
    t.step(
        "K3 IfExists",
        Method::PUT,
        &format!("{kv}/none"),
        Some(json!({"value": "x", "condition": "IfExists"})),
    )
    .await;
    t.step("K1 get", Method::GET, &format!("{kv}/USA"), None)
        .await;
    t.step("K1 get object", Method::GET, &format!("{kv}/obj"), None)
        .await;
    t.step("K1 get missing", Method::GET, &format!("{kv}/none"), None)
        .await;
    t.step(
        "K4 set many",
        Method::PUT,
        kv,
        Some(json!({"Japan": "Tokyo", "n": 10})),
    )
    .await;
    t.step(
        "K2 get many",
        Method::POST,
        kv,
        Some(json!(["USA", "Japan", "none"])),
    )
    .await;
    t.step(
        "K5 increment",
        Method::PUT,
        &format!("{kv}/n/increment?value=5"),
        None,
    )
    .await;
    t.step(
        "K6 decrement",
        Method::PUT,
        &format!("{kv}/n/decrement?value=20"),
        None,
    )
    .await;
    t.step(
        "K5 increment fraction",
        Method::PUT,
        &format!("{kv}/f/increment?value=1.5"),
        None,
    )
    .await;
    insta::assert_json_snapshot!("key_value_store", t.into_value());
}

#[tokio::test]
async fn general_api_on_every_store_type() {
    let server = common::start().await;
    let mut t = Transcript::new(&server);
    t.step(
        "K3",
        Method::PUT,
        "/hive/g/key-value/a1",
        Some(json!({"value": 1, "ttl": 100})),
    )
    .await;
    t.step(
        "K4",
        Method::PUT,
        "/hive/g/key-value",
        Some(json!({"a2": 2, "b1": 3})),
    )
    .await;
    t.step("G1 keys", Method::GET, "/hive/g/key-value/keys", None)
        .await;
    t.step(
        "G1 keys filtered paged",
        Method::GET,
        "/hive/g/key-value/keys?filterPattern=a*&cursor=0&pageSize=1",
        None,
    )
    .await;
    t.step(
        "G1 keys next page",
        Method::GET,
        "/hive/g/key-value/keys?filterPattern=a*&cursor=1&pageSize=1",
        None,
    )
    .await;
    t.step(
        "G4 exist",
        Method::POST,
        "/hive/g/key-value/action/exist",
        Some(json!(["a1", "a2", "zz"])),
    )
    .await;
    t.step(
        "G5 touch",
        Method::PUT,
        "/hive/g/key-value/action/touch",
        Some(json!(["a1", "zz"])),
    )
    .await;
    t.step(
        "G7 ttl",
        Method::GET,
        "/hive/g/key-value/a1/get-expiration-ttl",
        None,
    )
    .await;
    t.step(
        "G8 clear expiration",
        Method::PUT,
        "/hive/g/key-value/a1/clear-expiration",
        None,
    )
    .await;
    t.step(
        "G9 expire",
        Method::PUT,
        "/hive/g/key-value/a2/expire?ttl=30",
        None,
    )
    .await;
    t.step(
        "G7 ttl",
        Method::GET,
        "/hive/g/key-value/a2/get-expiration-ttl",
        None,
    )
    .await;
    t.step(
        "G6 rename no overwrite",
        Method::PUT,
        "/hive/g/key-value/a2/rename?newKey=b1&overwrite=false",
        None,
    )
    .await;
    t.step(
        "G6 rename",
        Method::PUT,
        "/hive/g/key-value/a2/rename?newKey=c1",
        None,
    )
    .await;
    t.step(
        "G11 idle",
        Method::GET,
        "/hive/g/key-value/c1/seconds-since-last-operation",
        None,
    )
    .await;
    t.step(
        "G11 idle missing",
        Method::GET,
        "/hive/g/key-value/zz/seconds-since-last-operation",
        None,
    )
    .await;
    t.step(
        "G2 delete (body)",
        Method::DELETE,
        "/hive/g/key-value",
        Some(json!(["a1", "zz"])),
    )
    .await;
    t.step(
        "G3 delete (path)",
        Method::DELETE,
        "/hive/g/key-value/b1",
        None,
    )
    .await;
    t.step(
        "G3 delete missing",
        Method::DELETE,
        "/hive/g/key-value/b1",
        None,
    )
    .await;
    t.step(
        "L9 on list",
        Method::PUT,
        "/hive/g/list/l1/add-last",
        Some(json!(["x"])),
    )
    .await;
    t.step("G1 list keys", Method::GET, "/hive/g/list/keys", None)
        .await;
    t.step("G1 set keys (empty)", Method::GET, "/hive/g/set/keys", None)
        .await;
    insta::assert_json_snapshot!("general_api", t.into_value());

    // G10 takes unix seconds on the app clock.
    let now_s = server.get("/hive/g/key-value/c1").send().await.ok();
    assert_eq!(now_s, json!(2));
    let at = server.now_ms().await / 1000 + 60;
    server
        .put(&format!("/hive/g/key-value/c1/expire-at?unixTime={at}"))
        .send()
        .await
        .ok();
    let ttl = server
        .get("/hive/g/key-value/c1/get-expiration-ttl")
        .send()
        .await
        .ok();
    let ttl = ttl.as_i64().expect("ttl");
    assert!((59..=60).contains(&ttl), "ttl {ttl}");
}

#[tokio::test]
async fn list_store() {
    let server = common::start().await;
    let l = "/hive/h/list/todo";
    let mut t = Transcript::new(&server);
    t.step(
        "L9 add-last",
        Method::PUT,
        &format!("{l}/add-last"),
        Some(json!(["b", "c"])),
    )
    .await;
    t.step(
        "L8 add-first",
        Method::PUT,
        &format!("{l}/add-first"),
        Some(json!(["a", "z"])),
    )
    .await;
    t.step("L1 all", Method::GET, l, None).await;
    t.step("L3 range", Method::GET, &format!("{l}?from=1&to=-2"), None)
        .await;
    t.step("L2 index", Method::GET, &format!("{l}/0"), None)
        .await;
    t.step("L2 negative index", Method::GET, &format!("{l}/-1"), None)
        .await;
    t.step("L2 out of range", Method::GET, &format!("{l}/40"), None)
        .await;
    t.step("L4 length", Method::GET, &format!("{l}/length"), None)
        .await;
    t.step(
        "L5 insert-before",
        Method::PUT,
        &format!("{l}/insert-before"),
        Some(json!({"valueToInsert": {"o": 1}, "anchorValue": "b"})),
    )
    .await;
    t.step(
        "L6 insert-after",
        Method::PUT,
        &format!("{l}/insert-after"),
        Some(json!({"valueToInsert": 7, "anchorValue": "nope"})),
    )
    .await;
    t.step(
        "L7 delete-value",
        Method::PUT,
        &format!("{l}/delete-value"),
        Some(json!({"value": {"o": 1}})),
    )
    .await;
    t.step(
        "L10 get-first-and-delete",
        Method::PUT,
        &format!("{l}/get-first-and-delete"),
        None,
    )
    .await;
    t.step(
        "L11 get-last-and-delete",
        Method::PUT,
        &format!("{l}/get-last-and-delete?count=2"),
        None,
    )
    .await;
    t.step("L1 all", Method::GET, l, None).await;
    t.step("L1 missing", Method::GET, "/hive/h/list/none", None)
        .await;
    insta::assert_json_snapshot!("list_store", t.into_value());
}

#[tokio::test]
async fn map_store() {
    let server = common::start().await;
    let m = "/hive/h/map/user";
    let mut t = Transcript::new(&server);
    t.step(
        "M8 set many",
        Method::PUT,
        m,
        Some(json!({"name": "Joe", "age": 30})),
    )
    .await;
    t.step(
        "M9 set",
        Method::PUT,
        &format!("{m}/set/city"),
        Some(json!({"value": "Oslo"})),
    )
    .await;
    t.step(
        "M9 set existing",
        Method::PUT,
        &format!("{m}/set/city"),
        Some(json!({"value": "Rome"})),
    )
    .await;
    t.step(
        "M10 set-with-overwrite false",
        Method::PUT,
        &format!("{m}/set-with-overwrite/city"),
        Some(json!({"value": "Paris", "overwrite": false})),
    )
    .await;
    t.step(
        "M10 set-with-overwrite",
        Method::PUT,
        &format!("{m}/set-with-overwrite/zip"),
        Some(json!({"value": 1234})),
    )
    .await;
    t.step("M1 all", Method::GET, m, None).await;
    t.step("M2 fields", Method::POST, m, Some(json!(["name", "nope"])))
        .await;
    t.step("M2 [null] = all", Method::POST, m, Some(json!([null])))
        .await;
    t.step("M3 get", Method::GET, &format!("{m}/get/name"), None)
        .await;
    t.step(
        "M3 get missing",
        Method::GET,
        &format!("{m}/get/nope"),
        None,
    )
    .await;
    t.step("M4 exists", Method::GET, &format!("{m}/exists/age"), None)
        .await;
    t.step("M5 length", Method::GET, &format!("{m}/length"), None)
        .await;
    t.step("M6 keys", Method::GET, &format!("{m}/keys"), None)
        .await;
    t.step("M7 values", Method::GET, &format!("{m}/values"), None)
        .await;
    t.step(
        "M11 increment",
        Method::PUT,
        &format!("{m}/increment/age?count=5"),
        None,
    )
    .await;
    t.step(
        "M12 decrement",
        Method::PUT,
        &format!("{m}/decrement/age"),
        None,
    )
    .await;
    t.step(
        "M13 delete fields",
        Method::DELETE,
        &format!("{m}/by-obj-keys"),
        Some(json!(["zip", "nope"])),
    )
    .await;
    t.step("M1 missing", Method::GET, "/hive/h/map/none", None)
        .await;
    insta::assert_json_snapshot!("map_store", t.into_value());
}

#[tokio::test]
async fn set_store() {
    let server = common::start().await;
    let s = "/hive/h/set";
    let mut t = Transcript::new(&server);
    t.step(
        "S4 add",
        Method::PUT,
        &format!("{s}/a/add"),
        Some(json!(["x", "y", 1, {"k": 1}])),
    )
    .await;
    t.step(
        "S4 add again",
        Method::PUT,
        &format!("{s}/a/add"),
        Some(json!(["x", {"k": 1}])),
    )
    .await;
    t.step(
        "S4 add b",
        Method::PUT,
        &format!("{s}/b/add"),
        Some(json!(["y", "z"])),
    )
    .await;
    t.step("S1 members", Method::GET, &format!("{s}/a"), None)
        .await;
    t.step(
        "S6 contains",
        Method::POST,
        &format!("{s}/a/contains"),
        Some(json!(["x", "nope"])),
    )
    .await;
    t.step("S7 length", Method::GET, &format!("{s}/a/length"), None)
        .await;
    t.step(
        "S8 difference",
        Method::POST,
        &format!("{s}/action/difference"),
        Some(json!(["a", "b"])),
    )
    .await;
    t.step(
        "S9 intersection",
        Method::POST,
        &format!("{s}/action/intersection"),
        Some(json!(["a", "b"])),
    )
    .await;
    t.step(
        "S10 union",
        Method::POST,
        &format!("{s}/action/union"),
        Some(json!(["a", "b"])),
    )
    .await;
    t.step(
        "S5 delete values",
        Method::DELETE,
        &format!("{s}/a/values"),
        Some(json!([1, "nope"])),
    )
    .await;
    insta::assert_json_snapshot!("set_store", t.into_value());

    let members = server.get(&format!("{s}/a")).send().await.ok();
    let members = members.as_array().cloned().unwrap_or_default();
    let random = server
        .get(&format!("{s}/a/random?count=2"))
        .send()
        .await
        .ok();
    let random = random.as_array().cloned().unwrap_or_default();
    assert_eq!(random.len(), 2);
    assert!(random.iter().all(|v| members.contains(v)) && random[0] != random[1]);
    let repeated = server
        .get(&format!("{s}/a/random?count=-5"))
        .send()
        .await
        .ok();
    assert_eq!(repeated.as_array().map(Vec::len), Some(5));
    let popped = server
        .put(&format!("{s}/a/random?count=2"))
        .send()
        .await
        .ok();
    assert_eq!(popped.as_array().map(Vec::len), Some(2));
    let left = server.get(&format!("{s}/a/length")).send().await.ok();
    assert_eq!(left, json!(members.len() - 2));
}

#[tokio::test]
async fn sorted_set_store() {
    let server = common::start().await;
    let z = "/hive/h/sorted-set";
    let mut t = Transcript::new(&server);
    let items = json!({"items": [[1, "a"], [2, "b"], [3, "c"], [4, {"d": 1}]]});
    t.step("Z1 add", Method::PUT, &format!("{z}/s/add"), Some(items))
        .await;
    t.step("Z1 add TotalChanged", Method::PUT, &format!("{z}/s/add"), Some(json!({"items": [[5, "a"], [9, "e"]], "duplicateBehaviour": "OnlyUpdate", "resultType": "TotalChanged"}))).await;
    t.step(
        "Z1 add (docs spelling) AlwaysAdd",
        Method::PUT,
        &format!("{z}/s/add"),
        Some(json!({"items": [[0, "a"], [0, "f"]], "duplicateBehavior": "AlwaysAdd"})),
    )
    .await;
    t.step(
        "Z2 increment",
        Method::PUT,
        &format!("{z}/s/increment"),
        Some(json!({"value": "b", "scoreValue": 2.5})),
    )
    .await;
    t.step(
        "Z3 decrement",
        Method::PUT,
        &format!("{z}/s/decrement"),
        Some(json!({"value": "c", "scoreValue": 1})),
    )
    .await;
    t.step(
        "Z7 score",
        Method::POST,
        &format!("{z}/s/get-score"),
        Some(json!({"value": {"d": 1}})),
    )
    .await;
    t.step(
        "Z7 score missing",
        Method::POST,
        &format!("{z}/s/get-score"),
        Some(json!({"value": "zz"})),
    )
    .await;
    t.step(
        "Z8 rank",
        Method::POST,
        &format!("{z}/s/get-rank"),
        Some(json!({"value": "a"})),
    )
    .await;
    t.step(
        "Z8 reverse rank",
        Method::POST,
        &format!("{z}/s/get-rank"),
        Some(json!({"value": "a", "reverse": true})),
    )
    .await;
    t.step(
        "Z9 by rank",
        Method::GET,
        &format!("{z}/s/get-range-by-rank?startRank=0&stopRank=-1"),
        None,
    )
    .await;
    t.step(
        "Z9 by rank with scores reversed",
        Method::GET,
        &format!("{z}/s/get-range-by-rank?startRank=0&stopRank=1&withScores=true&reverse=true"),
        None,
    )
    .await;
    t.step(
        "Z10 by score",
        Method::GET,
        &format!("{z}/s/get-range-by-score?minScore=2&maxScore=5&minBound=Exclude&withScores=true"),
        None,
    )
    .await;
    t.step(
        "Z10 by score paged (Swift count)",
        Method::GET,
        &format!("{z}/s/get-range-by-score?offset=1&count=2"),
        None,
    )
    .await;
    t.step("Z14 length", Method::GET, &format!("{z}/s/length"), None)
        .await;
    t.step(
        "Z15 count",
        Method::GET,
        &format!("{z}/s/count?minScore=4&maxBound=Infinity"),
        None,
    )
    .await;
    t.step(
        "Z4 pop max",
        Method::PUT,
        &format!("{z}/s/get-with-max-score-and-delete"),
        None,
    )
    .await;
    t.step(
        "Z5 pop min",
        Method::PUT,
        &format!("{z}/s/get-with-min-score-and-delete?count=2"),
        None,
    )
    .await;
    t.step(
        "Z11 delete values",
        Method::DELETE,
        &format!("{z}/s/values"),
        Some(json!(["b", "nope"])),
    )
    .await;
    t.step(
        "Z9 rest",
        Method::GET,
        &format!("{z}/s/get-range-by-rank?startRank=0&stopRank=-1&withScores=true"),
        None,
    )
    .await;
    t.step(
        "Z1 t",
        Method::PUT,
        &format!("{z}/t/add"),
        Some(json!({"items": [[10, "a"], [1, "x"], [2, "y"], [3, "w"]]})),
    )
    .await;
    t.step(
        "Z16 difference",
        Method::POST,
        &format!("{z}/action/difference"),
        Some(json!(["t", "s"])),
    )
    .await;
    t.step(
        "Z17 intersection",
        Method::POST,
        &format!("{z}/action/intersection"),
        Some(json!(["t", "s"])),
    )
    .await;
    t.step(
        "Z18 union",
        Method::POST,
        &format!("{z}/action/union"),
        Some(json!(["t", "s"])),
    )
    .await;
    t.step(
        "Z12 delete by rank",
        Method::DELETE,
        &format!("{z}/t/delete-by-rank?startRank=0&stopRank=0"),
        None,
    )
    .await;
    t.step(
        "Z13 delete by score",
        Method::DELETE,
        &format!("{z}/t/delete-by-score?minScore=3&maxScore=10"),
        None,
    )
    .await;
    t.step(
        "Z9 t rest",
        Method::GET,
        &format!("{z}/t/get-range-by-rank?startRank=0&stopRank=-1&withScores=true"),
        None,
    )
    .await;
    insta::assert_json_snapshot!("sorted_set_store", t.into_value());

    let random = server
        .get(&format!("{z}/t/get-random?count=3&withScores=true"))
        .send()
        .await
        .ok();
    assert_eq!(random, json!([[2.0, "y"]]));
}

#[tokio::test]
async fn keys_expire_when_the_emulator_clock_moves() {
    let server = common::start().await;
    server
        .put("/hive/e/key-value/k")
        .json(json!({"value": "v", "ttl": 10}))
        .send()
        .await
        .ok();
    server
        .put("/hive/e/list/l/add-last")
        .json(json!([1]))
        .send()
        .await
        .ok();
    server.put("/hive/e/list/l/expire?ttl=5").send().await.ok();
    assert_eq!(
        server
            .get("/hive/e/key-value/k/get-expiration-ttl")
            .send()
            .await
            .ok(),
        json!(10)
    );

    server.advance_clock(5_000).await;
    assert_eq!(
        server.get("/hive/e/list/l/length").send().await.ok(),
        json!(0)
    );
    assert_eq!(
        server.get("/hive/e/key-value/k").send().await.ok(),
        json!("v")
    );
    assert_eq!(
        server
            .get("/hive/e/key-value/k/seconds-since-last-operation")
            .send()
            .await
            .ok(),
        json!(0)
    );

    server.advance_clock(5_000).await;
    assert_eq!(
        server.get("/hive/e/key-value/k").send().await.ok(),
        Value::Null
    );
    let keys = server.get("/hive/e/key-value/keys").send().await.ok();
    assert_eq!(keys["keys"], json!([]));
    server
        .get("/hive/e/key-value/k/get-expiration-ttl")
        .send()
        .await
        .assert_error(27003, 400);
}

#[tokio::test]
async fn idle_time_counts_on_the_app_clock() {
    let server = common::start().await;
    server
        .put("/hive/i/set/s/add")
        .json(json!(["a"]))
        .send()
        .await
        .ok();
    server.advance_clock(42_000).await;
    let idle = server
        .get("/hive/i/set/s/seconds-since-last-operation")
        .send()
        .await
        .ok();
    assert_eq!(idle, json!(42));
    assert_eq!(
        server
            .put("/hive/i/set/action/touch")
            .json(json!(["s"]))
            .send()
            .await
            .ok(),
        json!(1)
    );
    let idle = server
        .get("/hive/i/set/s/seconds-since-last-operation")
        .send()
        .await
        .ok();
    assert_eq!(idle, json!(0));
}

#[tokio::test]
async fn every_hive_error_code() {
    let server = common::start().await;
    for path in [
        "/hive/x/key-value/none/rename?newKey=b",
        "/hive/x/list/none/expire?ttl=5",
        "/hive/x/map/none/expire-at?unixTime=99999999999",
        "/hive/x/set/none/clear-expiration",
    ] {
        server.put(path).send().await.assert_error(27003, 400);
    }
    server
        .get("/hive/x/sorted-set/none/get-expiration-ttl")
        .send()
        .await
        .assert_error(27003, 400);

    server
        .put("/hive/x/key-value/k")
        .json(json!({"value": "text"}))
        .send()
        .await
        .ok();
    server
        .get("/hive/x/key-value/k/get-expiration-ttl")
        .send()
        .await
        .assert_error(27010, 400);
    server
        .put("/hive/x/key-value/k/increment?value=1")
        .send()
        .await
        .assert_error(27004, 400);
    server
        .put("/hive/x/map/m")
        .json(json!({"f": "text"}))
        .send()
        .await
        .ok();
    server
        .put("/hive/x/map/m/increment/f")
        .send()
        .await
        .assert_error(27004, 400);
    server
        .put("/hive/x/key-value/big")
        .json(json!({"value": i64::MAX}))
        .send()
        .await
        .ok();
    server
        .put("/hive/x/key-value/big/increment?value=1")
        .send()
        .await
        .assert_error(27004, 400);

    // 8002: unreadable arguments and bodies.
    server
        .put("/hive/x/key-value/k/increment?value=abc")
        .send()
        .await
        .assert_error(8002, 400);
    server
        .get("/hive/x/list/l?from=x")
        .send()
        .await
        .assert_error(8002, 400);
    server
        .delete("/hive/x/key-value")
        .json(json!({"not": "an array"}))
        .send()
        .await
        .assert_error(8002, 400);
    server
        .post("/hive/x/set/action/union")
        .json(json!([1, 2]))
        .send()
        .await
        .assert_error(8002, 400);
    server
        .put("/hive/x/sorted-set/z/add")
        .json(json!({"items": [["a", 1]]}))
        .send()
        .await
        .assert_error(8002, 400);
    server
        .put("/hive/x/sorted-set/z/add")
        .json(json!({"items": [[1, "a"]], "duplicateBehaviour": "Never"}))
        .send()
        .await
        .assert_error(8002, 400);
    server
        .get("/hive/x/sorted-set/z/count?minBound=Sideways&minScore=1")
        .send()
        .await
        .assert_error(8002, 400);
    server
        .put("/hive/x/key-value/k")
        .json(json!({"value": 1, "condition": "Sometimes"}))
        .send()
        .await
        .assert_error(8002, 400);
    server
        .put("/hive/x/key-value/k/rename?newKey=b&overwrite=maybe")
        .send()
        .await
        .assert_error(8002, 400);
    server
        .put("/hive/x/key-value/k")
        .body("application/json", "{bad")
        .send()
        .await
        .assert_error(8002, 400);

    // 8010: required fields and parameters.
    server
        .put("/hive/x/key-value/k")
        .json(json!({"ttl": 5}))
        .send()
        .await
        .assert_error(8010, 400);
    server
        .put("/hive/x/key-value/k")
        .json(json!({"value": null}))
        .send()
        .await
        .assert_error(8010, 400);
    server
        .put("/hive/x/list/l/insert-before")
        .json(json!({"valueToInsert": 1}))
        .send()
        .await
        .assert_error(8010, 400);
    server
        .put("/hive/x/list/l/add-last")
        .json(json!([]))
        .send()
        .await
        .assert_error(8010, 400);
    server
        .put("/hive/x/key-value/k/rename")
        .send()
        .await
        .assert_error(8010, 400);
    server
        .put("/hive/x/key-value/k/expire")
        .send()
        .await
        .assert_error(8010, 400);
    server
        .get("/hive/x/sorted-set/z/get-range-by-rank?startRank=0")
        .send()
        .await
        .assert_error(8010, 400);
    server
        .put("/hive/x/sorted-set/z/increment")
        .json(json!({"value": "a"}))
        .send()
        .await
        .assert_error(8010, 400);

    // 8000: out-of-range numbers.
    server
        .put("/hive/x/list/l/get-first-and-delete?count=-1")
        .send()
        .await
        .assert_error(8000, 400);
    server
        .put("/hive/x/set/s/random?count=-1")
        .send()
        .await
        .assert_error(8000, 400);
    server
        .put("/hive/x/key-value/k")
        .json(json!({"value": 1, "ttl": 0}))
        .send()
        .await
        .assert_error(8000, 400);

    // 99001: unknown store type or operation.
    server
        .get("/hive/x/queue/k")
        .send()
        .await
        .assert_error(99001, 404);
    server
        .put("/hive/x/list/l/explode")
        .send()
        .await
        .assert_error(99001, 404);
    server
        .put("/hive/x/sorted-set/z")
        .json(json!({}))
        .send()
        .await
        .assert_error(99001, 404);
    server.get("/hive/x").send().await.assert_error(99001, 404);

    // Nothing above corrupted the stored values.
    assert_eq!(
        server.get("/hive/x/key-value/k").send().await.ok(),
        json!("text")
    );
}

#[tokio::test]
async fn keys_with_reserved_characters_round_trip() {
    let server = common::start().await;
    let path = "/hive/my%20hive/key-value/user%40example.com%2F1";
    server.put(path).json(json!({"value": 1})).send().await.ok();
    let keys = server
        .get("/hive/my%20hive/key-value/keys")
        .send()
        .await
        .ok();
    assert_eq!(keys["keys"], json!(["user@example.com/1"]));
    assert_eq!(server.get("/hive").send().await.ok(), json!(["my hive"]));
    assert_eq!(server.get(path).send().await.ok(), json!(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_increments_are_atomic() {
    const TASKS: usize = 16;
    const EACH: usize = 200;
    let server = std::sync::Arc::new(common::start().await);
    let mut tasks = Vec::new();
    for _ in 0..TASKS {
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..EACH {
                let path = if i % 2 == 0 {
                    "/hive/c/key-value/hits/increment?value=1"
                } else {
                    "/hive/c/map/stats/increment/hits"
                };
                let reply = server.put(path).send().await;
                assert!(reply.status.is_success(), "{}", reply.body);
            }
        }));
    }
    for task in tasks {
        task.await.expect("task finishes");
    }
    let total = (TASKS * EACH / 2) as i64;
    assert_eq!(
        server.get("/hive/c/key-value/hits").send().await.ok(),
        json!(total)
    );
    assert_eq!(
        server.get("/hive/c/map/stats/get/hits").send().await.ok(),
        json!(total)
    );
}

#[tokio::test]
async fn hives_survive_export_and_import() {
    let server = common::start().await;
    server
        .put("/hive/p/sorted-set/z/add")
        .json(json!({"items": [[1.5, {"o": true}]]}))
        .send()
        .await
        .ok();
    server
        .put("/hive/p/key-value/k")
        .json(json!({"value": [1, 2], "ttl": 60}))
        .send()
        .await
        .ok();
    let export = server.export_app().await;
    server.reset_app().await;
    assert_eq!(server.get("/hive").send().await.ok(), json!([]));
    server.import_app(export).await;
    assert_eq!(
        server.get("/hive/p/key-value/k").send().await.ok(),
        json!([1, 2])
    );
    let range = server
        .get("/hive/p/sorted-set/z/get-range-by-rank?startRank=0&stopRank=-1&withScores=true")
        .send()
        .await
        .ok();
    assert_eq!(range, json!([[1.5, {"o": true}]]));
    let ttl = server
        .get("/hive/p/key-value/k/get-expiration-ttl")
        .send()
        .await
        .ok();
    assert_eq!(ttl, json!(60));
}
