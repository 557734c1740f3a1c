//! Timers through the console routes the Console SDK uses (management.md §4): create, list, get,
//! update, delete, change state, run now, logs; next runs moving with the virtual clock; the
//! control plane's timer routes.

mod common;

use common::{Reply, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

const MIN: i64 = 60_000;
const DAY: i64 = 86_400_000;

struct Console<'a> {
    server: &'a TestServer,
    key: String,
}

impl Console<'_> {
    async fn call(&self, method: Method, rest: &str, body: Option<Value>) -> Reply {
        let path = format!(
            "/{}/console/servercode{rest}",
            self.server.emulator.app_id()
        );
        let call = self.server.raw(method, &path).header("auth-key", &self.key);
        match body {
            Some(b) => call.json(b).send().await,
            None => call.send().await,
        }
    }
    async fn create(&self, body: Value) -> Value {
        self.call(Method::POST, "/production/timers", Some(body))
            .await
            .ok()
    }
    async fn get(&self, timer: &str) -> Value {
        self.call(Method::GET, &format!("/production/timers/{timer}"), None)
            .await
            .ok()
    }
}

async fn console(server: &TestServer) -> Console<'_> {
    Console {
        server,
        key: server.console_login().await,
    }
}

fn every_minute(name: &str, start: i64) -> Value {
    json!({"timername": name, "startDate": start, "frequency": {"schedule": "custom", "repeat": {"every": 60}},
        "language": "JS", "model": "default"})
}

fn redact(mut v: Value) -> Value {
    for key in ["id", "timerId"] {
        if v.get(key).is_some_and(Value::is_string) {
            v[key] = json!(format!("[{key}]"));
        }
    }
    common::redact(v)
}

#[tokio::test]
async fn create_lists_and_fires_on_the_virtual_clock() {
    let server = common::start().await;
    let console = console(&server).await;
    let start = server.now_ms().await + MIN;
    let created = console.create(every_minute("tick", start)).await;
    insta::assert_json_snapshot!(redact(created.clone()), {".startDate" => "[start]", ".nextRun" => "[start]"});
    assert_eq!(created["nextRun"].as_i64(), Some(start));

    let listed = console
        .call(Method::GET, "?mode=PRODUCTION", None)
        .await
        .ok();
    assert_eq!(listed[0]["id"], created["id"]);
    let none = console.call(Method::GET, "?mode=DEBUG", None).await.ok();
    assert_eq!(none, json!([]));
    let by_mode = console
        .call(Method::GET, "/production/timers", None)
        .await
        .ok();
    assert_eq!(by_mode.as_array().map(Vec::len), Some(1));

    server.advance_clock(3 * MIN).await;
    let timer = console.get("tick").await;
    assert_eq!(
        (timer["runs"].as_u64(), timer["nextRun"].as_i64()),
        (Some(3), Some(start + 3 * MIN))
    );
    assert_eq!(timer["lastRun"].as_i64(), Some(start + 2 * MIN));
    let logs = console
        .call(Method::GET, "/timers/logs?timername=tick", None)
        .await
        .ok();
    let scheduled: Vec<i64> = logs
        .as_array()
        .expect("logs")
        .iter()
        .filter_map(|f| f["scheduledTime"].as_i64())
        .collect();
    assert_eq!(scheduled, vec![start, start + MIN, start + 2 * MIN]);
    insta::assert_json_snapshot!("firing", redact(logs[0].clone()), {".scheduledTime" => "[time]", ".executionTime" => "[time]"});
    let paged = console
        .call(Method::GET, "/timers/logs?offset=1&pageSize=1", None)
        .await
        .ok();
    assert_eq!(paged[0]["scheduledTime"].as_i64(), Some(start + MIN));
}

#[tokio::test]
async fn state_run_update_and_delete() {
    let server = common::start().await;
    let console = console(&server).await;
    let start = server.now_ms().await + MIN;
    let id = console.create(every_minute("tick", start)).await["id"]
        .as_str()
        .expect("id")
        .to_string();

    let off = console
        .call(
            Method::PUT,
            &format!("/production/timers/{id}/state"),
            Some(json!({"enabled": false})),
        )
        .await
        .ok();
    assert_eq!(
        (off["enabled"].clone(), off["nextRun"].clone()),
        (json!(false), Value::Null)
    );
    server.advance_clock(10 * MIN).await;
    assert_eq!(
        console.get(&id).await["runs"].as_u64(),
        Some(0),
        "a disabled timer does not fire"
    );
    let on = console
        .call(
            Method::PUT,
            &format!("/production/timers/{id}/state"),
            Some(json!({"enabled": true})),
        )
        .await
        .ok();
    assert_eq!(
        on["nextRun"].as_i64(),
        Some(start + 10 * MIN),
        "runs missed while disabled are skipped"
    );

    let ran = console
        .call(Method::POST, "/production/timers/tick/run", None)
        .await
        .ok();
    assert_eq!(
        (ran["trigger"].clone(), ran["timername"].clone()),
        (json!("manual"), json!("tick"))
    );
    assert_eq!(console.get(&id).await["runs"].as_u64(), Some(1));

    let mut daily = every_minute("tock", start);
    daily["frequency"] = json!({"schedule": "daily", "repeat": {"every": 1}});
    daily["id"] = json!(id);
    daily["mode"] = json!("PRODUCTION");
    let updated = console
        .call(
            Method::PUT,
            &format!("/production/timers/{id}"),
            Some(daily),
        )
        .await
        .ok();
    assert_eq!(
        (updated["timername"].clone(), updated["nextRun"].as_i64()),
        (json!("tock"), Some(start + DAY))
    );

    let deleted = console
        .call(Method::DELETE, &format!("/production/timers/{id}"), None)
        .await
        .ok();
    assert_eq!(deleted["deleted"], json!(true));
    console
        .call(Method::GET, &format!("/production/timers/{id}"), None)
        .await
        .assert_error(99022, 404);
    let logs = console.call(Method::GET, "/timers/logs", None).await.ok();
    assert_eq!(
        logs.as_array().map(Vec::len),
        Some(1),
        "the manual run stays in the log"
    );
}

#[tokio::test]
async fn update_merges_a_partial_body_over_the_stored_timer() {
    let server = common::start().await;
    let console = console(&server).await;
    let start = server.now_ms().await + MIN;
    let mut timer = every_minute("tick", start);
    timer["code"] = json!("console.log('tick')");
    timer["expire"] = json!(start + 30 * DAY);
    console.create(timer).await;

    let patch = json!({"frequency": {"schedule": "daily", "repeat": {"every": 1}}});
    let updated = console
        .call(Method::PUT, "/production/timers/tick", Some(patch))
        .await
        .ok();
    assert_eq!(updated["timername"], json!("tick"), "name from the URL");
    assert_eq!(updated["code"], json!("console.log('tick')"));
    assert_eq!(updated["expire"].as_i64(), Some(start + 30 * DAY));
    assert_eq!(updated["language"], json!("JS"));
    assert_eq!(updated["startDate"].as_i64(), Some(start));
    assert_eq!(updated["nextRun"].as_i64(), Some(start));
    assert_eq!(updated["frequency"]["schedule"], json!("daily"));

    let renamed = console
        .call(
            Method::PUT,
            "/production/timers/tick",
            Some(json!({"name": "tock"})),
        )
        .await
        .ok();
    assert_eq!(renamed["timername"], json!("tock"));
    assert_eq!(
        renamed["frequency"]["schedule"],
        json!("daily"),
        "one field at a time"
    );
    assert_eq!(
        console.get("tock").await["code"],
        json!("console.log('tick')")
    );
    console
        .call(
            Method::PUT,
            "/production/timers/tock",
            Some(json!(["not", "a", "timer"])),
        )
        .await
        .assert_error(99023, 400);
}

#[tokio::test]
async fn weekly_and_monthly_next_runs() {
    let server = common::start().await;
    let console = console(&server).await;
    // 2026-01-01 is a Thursday; the seeded clock starts there at midnight UTC.
    let thursday_9am = 1_767_225_600_000_i64 + 9 * 3_600_000;
    let weekly = console
        .create(json!({"timername": "weekly", "startDate": thursday_9am,
            "frequency": {"schedule": "weekly", "repeat": {"every": 1, "on": [2]}}}))
        .await;
    assert_eq!(
        weekly["nextRun"].as_i64(),
        Some(thursday_9am + 4 * DAY),
        "next Monday 09:00"
    );
    let monthly = console
        .create(json!({"timername": "monthly", "startDate": thursday_9am,
            "frequency": {"schedule": "monthly", "repeat": {"months": [3], "on": [15]}}}))
        .await;
    assert_eq!(
        monthly["nextRun"].as_i64(),
        Some(thursday_9am + 73 * DAY),
        "March 15th 09:00"
    );
    insta::assert_json_snapshot!(monthly["frequency"]);
    let once = console
        .create(json!({"timername": "once", "startDate": thursday_9am, "frequency": {"schedule": "once"}}))
        .await;
    server.advance_clock(DAY).await;
    assert_eq!(console.get("once").await["nextRun"], Value::Null);
    assert_eq!(console.get("once").await["runs"].as_u64(), Some(1));
    assert_eq!(once["nextRun"].as_i64(), Some(thursday_9am));
}

#[tokio::test]
async fn console_timer_errors() {
    let server = common::start().await;
    let console = console(&server).await;
    let start = server.now_ms().await;
    console.create(every_minute("tick", start)).await;
    let post = |body: Value| console.call(Method::POST, "/production/timers", Some(body));
    post(every_minute("tick", start))
        .await
        .assert_error(99025, 409);
    post(json!({"frequency": {"schedule": "once"}}))
        .await
        .assert_error(8010, 400);
    post(json!({"timername": "x"}))
        .await
        .assert_error(8010, 400);
    post(every_minute("has-dash", start))
        .await
        .assert_error(99023, 400);
    post(json!({"timername": "x", "frequency": {"schedule": "custom", "repeat": {"every": 100_000}}}))
        .await
        .assert_error(99023, 400);
    post(json!({"timername": "x", "startDate": "yesterday", "frequency": {"schedule": "once"}}))
        .await
        .assert_error(99023, 400);
    post(json!([1])).await.assert_error(99023, 400);
    console
        .call(
            Method::POST,
            "/staging/timers",
            Some(every_minute("y", start)),
        )
        .await
        .assert_error(99023, 400);
    console
        .call(Method::GET, "?mode=STAGING", None)
        .await
        .assert_error(99023, 400);
    console
        .call(Method::POST, "/production/timers/nope/run", None)
        .await
        .assert_error(99022, 404);
    console
        .call(
            Method::PUT,
            "/production/timers/tick/state",
            Some(json!({})),
        )
        .await
        .assert_error(8010, 400);
    console
        .call(Method::GET, "/timers/logs?offset=-1", None)
        .await
        .assert_error(8002, 400);
    console
        .call(
            Method::POST,
            "/production/events",
            Some(json!({"category": "DATA", "eventId": "beforeCreate"})),
        )
        .await
        .assert_error(99000, 400);
    // A custom-event handler is a webhook definition: without a URL it cannot be kept.
    console
        .call(
            Method::POST,
            "/production/events",
            Some(json!({"eventId": "ping"})),
        )
        .await
        .assert_error(99276, 400);

    let path = format!(
        "/{}/console/servercode/production/timers",
        server.emulator.app_id()
    );
    server
        .raw(Method::GET, &path)
        .send()
        .await
        .assert_error(99004, 401);
    server
        .raw(Method::GET, "/NOPE/console/servercode/production/timers")
        .header("auth-key", &console.key)
        .send()
        .await
        .assert_error(2002, 400);
}

#[tokio::test]
async fn control_plane_lists_fires_and_logs() {
    let server = common::start().await;
    let console = console(&server).await;
    let start = server.now_ms().await + MIN;
    console.create(every_minute("tick", start)).await;
    server.advance_clock(2 * MIN).await;
    let fired = server
        .control(Method::POST, "/timers/run-due")
        .send()
        .await
        .ok();
    assert_eq!(fired["fired"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        fired["fired"][0]["webhook"],
        Value::Null,
        "no webhook configured"
    );
    let again = server
        .control(Method::POST, "/timers/run-due")
        .send()
        .await
        .ok();
    assert_eq!(again, json!({"fired": []}));
    let timers = server.control(Method::GET, "/timers").send().await.ok();
    assert_eq!(timers[0]["nextRun"].as_i64(), Some(start + 2 * MIN));
    let logs = server
        .control(Method::GET, "/timers/logs?name=tick")
        .send()
        .await
        .ok();
    assert_eq!(logs.as_array().map(Vec::len), Some(2));
    server
        .raw(Method::GET, "/_emulator/apps/NOPE/timers")
        .send()
        .await
        .assert_error(2002, 400);
}

#[tokio::test]
async fn timers_survive_export_and_import() {
    let server = common::start().await;
    let console = console(&server).await;
    let start = server.now_ms().await + MIN;
    console.create(every_minute("tick", start)).await;
    let export = server.control(Method::GET, "/export").send().await.ok();
    server.control(Method::POST, "/reset").send().await.ok();
    console
        .call(Method::GET, "/production/timers/tick", None)
        .await
        .assert_error(99022, 404);
    server
        .control(Method::POST, "/import")
        .json(export)
        .send()
        .await
        .ok();
    assert_eq!(console.get("tick").await["nextRun"].as_i64(), Some(start));
}
