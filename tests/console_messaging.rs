//! The console's Messaging, Email, Webhooks and Business Logic pages (`backendless-console-sdk`
//! `messaging.js`, `email.js`, `webhooks.js`, `bl.js`) over the state the client API uses: a
//! template made in the console is what the client API sends, a channel's devices and messages
//! are the client's registrations and publishes, an event handler is a webhook that fires, a
//! timer runs on demand.

mod common;

use std::sync::Arc;

use axum::extract::State;
use axum::http::Uri;
use axum::Json;
use common::{Reply, TestServer};
use parking_lot::Mutex;
use reqwest::Method;
use serde_json::{json, Value};

/// A console session on the default app.
struct Console<'a> {
    server: &'a TestServer,
    key: String,
}

impl Console<'_> {
    async fn new(server: &TestServer) -> Console<'_> {
        Console {
            server,
            key: server.console_login().await,
        }
    }

    async fn call(&self, method: Method, rest: &str, body: Option<Value>) -> Reply {
        let path = format!("/{}/console{rest}", self.server.emulator.app_id());
        let call = self.server.raw(method, &path).header("auth-key", &self.key);
        match body {
            Some(b) => call.json(b).send().await,
            None => call.send().await,
        }
    }

    async fn ok(&self, method: Method, rest: &str, body: Option<Value>) -> Value {
        self.call(method, rest, body).await.ok()
    }
}

type Log = Arc<Mutex<Vec<(String, Value)>>>;

/// A webhook server that records each request's path and JSON body and answers `{"got": path}`.
async fn start_webhook() -> (String, Log) {
    async fn hook(State(log): State<Log>, uri: Uri, body: axum::body::Bytes) -> Json<Value> {
        let parsed = serde_json::from_slice(&body).unwrap_or(Value::Null);
        log.lock().push((uri.path().to_string(), parsed));
        Json(json!({"got": uri.path()}))
    }
    let log: Log = Arc::default();
    let app = axum::Router::new().fallback(hook).with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), log)
}

fn of_kind(outbox: &[Value], kind: &str) -> Vec<Value> {
    outbox
        .iter()
        .filter(|m| m["kind"] == json!(kind))
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_console_email_template_is_what_the_client_api_sends() {
    let server = common::start().await;
    let console = Console::new(&server).await;
    let created = console
        .ok(
            Method::POST,
            "/emailtemplate",
            Some(json!({"name": "welcome", "subject": "Hi {{user}}", "body": "<p>Welcome {{user}} on {{day}}</p>"})),
        )
        .await;
    assert_eq!(created["name"], json!("welcome"));
    console
        .call(
            Method::POST,
            "/emailtemplate",
            Some(json!({"name": "welcome", "subject": "again"})),
        )
        .await
        .assert_error(99272, 409);
    let keys = console
        .ok(
            Method::POST,
            "/emailtemplate/customkeys",
            Some(json!({"subject": "Hi {{user}}", "body": "{{user}} {{day}}"})),
        )
        .await;
    assert_eq!(keys, json!(["user", "day"]));

    server
        .post("/emailtemplate/send")
        .json(
            json!({"template-name": "welcome", "addresses": ["ann@example.com"],
            "template-values": {"user": "Ann", "day": "Monday"}}),
        )
        .send()
        .await
        .ok();
    let sent = of_kind(&server.outbox().await, "email");
    assert_eq!(
        (sent[0]["subject"].clone(), sent[0]["body"].clone()),
        (json!("Hi Ann"), json!("<p>Welcome Ann on Monday</p>"))
    );

    console
        .ok(
            Method::PUT,
            "/emailtemplate/welcome",
            Some(json!({"name": "hello", "subject": "Hello {{user}}", "body": "b"})),
        )
        .await;
    let listed = console.ok(Method::GET, "/emailtemplate", None).await;
    assert_eq!(listed[0]["name"], json!("hello"), "renamed");
    console
        .ok(
            Method::POST,
            "/emailtemplate/test",
            Some(json!({"template-name": "hello", "template-values": {"user": "Dev"}, "email": "dev@example.com"})),
        )
        .await;
    let sent = of_kind(&server.outbox().await, "email");
    assert_eq!(
        (sent[1]["subject"].clone(), sent[1]["to"].clone()),
        (json!("Hello Dev"), json!(["dev@example.com"]))
    );
    console
        .ok(Method::DELETE, "/emailtemplate/hello", None)
        .await;
    server
        .post("/emailtemplate/send")
        .json(json!({"template-name": "hello", "addresses": ["a@example.com"]}))
        .send()
        .await
        .assert_error(24002, 400);
}

#[tokio::test]
async fn system_emails_and_mail_settings_are_kept_per_app() {
    let server = common::start().await;
    let console = Console::new(&server).await;
    let events = console.ok(Method::GET, "/email", None).await;
    let recovery = events
        .as_array()
        .and_then(|a| a.iter().find(|e| e["name"] == json!("Password Recovery")))
        .cloned()
        .expect("recovery event");
    let id = recovery["eventId"].clone();
    console
        .ok(
            Method::PUT,
            "/email/events",
            Some(json!({"eventId": id, "subject": "Reset it"})),
        )
        .await;
    console
        .ok(
            Method::POST,
            "/email/events/test",
            Some(json!({"eventId": id, "email": "dev@example.com"})),
        )
        .await;
    let sent = of_kind(&server.outbox().await, "email");
    assert_eq!(sent[0]["subject"], json!("Reset it"));
    let reset = console
        .ok(Method::DELETE, &format!("/email/events/{id}"), None)
        .await;
    assert_eq!(reset["customized"], json!(false));
    console
        .call(Method::DELETE, "/email/events/12345", None)
        .await
        .assert_error(99278, 404);

    let saved = console
        .ok(
            Method::PUT,
            "/mailsettings",
            Some(json!({"serverURL": "smtp.example.com", "port": 2525})),
        )
        .await;
    assert_eq!(saved["port"], json!(2525));
    let export = server.export_app().await;
    server.reset_app().await;
    assert_eq!(
        console.ok(Method::GET, "/mailsettings", None).await["serverURL"],
        json!("")
    );
    server.import_app(export).await;
    assert_eq!(
        console.ok(Method::GET, "/mailsettings", None).await["serverURL"],
        json!("smtp.example.com"),
        "mail settings survive export and import"
    );
    console
        .call(Method::PUT, "/mailsettings/test", Some(json!({})))
        .await
        .assert_error(99270, 400);
}

#[tokio::test]
async fn a_console_push_template_is_what_the_client_push_sends() {
    let server = common::start().await;
    let console = Console::new(&server).await;
    for (id, os) in [("ios-1", "IOS"), ("and-1", "ANDROID")] {
        server
            .post("/messaging/registrations")
            .json(json!({"deviceToken": "t", "deviceId": id, "os": os, "osVersion": "1"}))
            .send()
            .await
            .ok();
    }
    let created = console
        .ok(
            Method::POST,
            "/messaging/push/templates",
            Some(
                json!({"name": "sale", "message": "{percent}% off", "platforms": ["IOS"],
                "channelName": "default", "options": {"ios": {"alertTitle": "Sale"}}}),
            ),
        )
        .await;
    assert_eq!(created["platforms"], json!(["IOS"]));
    let one = console
        .ok(Method::GET, "/messaging/push/templates/sale", None)
        .await;
    assert_eq!(one["message"], json!("{percent}% off"));

    server
        .post("/messaging/push/sale")
        .json(json!({"templateValues": {"percent": 40}}))
        .send()
        .await
        .ok();
    let pushes = of_kind(&server.outbox().await, "push");
    assert_eq!(
        (
            pushes[0]["body"].clone(),
            pushes[0]["subject"].clone(),
            pushes[0]["to"].clone()
        ),
        (json!("40% off"), json!("Sale"), json!(["ios-1"]))
    );

    let sent = console
        .ok(
            Method::POST,
            "/messaging/push",
            Some(
                json!({"message": "to android", "platforms": [], "segmentQuery": "os = 'ANDROID'"}),
            ),
        )
        .await;
    assert_eq!(sent["successfulSendsAmount"], json!(1));
    let size = console
        .ok(
            Method::GET,
            "/messaging/pushsize?where=os%20%3D%20'IOS'",
            None,
        )
        .await;
    assert_eq!(size, json!(1));

    console
        .call(
            Method::DELETE,
            "/messaging/push/templates?names=sale,nope",
            None,
        )
        .await
        .assert_error(99021, 400);
    console
        .ok(Method::DELETE, "/messaging/push/templates?names=sale", None)
        .await;
    server
        .post("/messaging/push/sale")
        .json(json!({}))
        .send()
        .await
        .assert_error(99021, 400);

    let button = console
        .ok(
            Method::POST,
            "/messaging/button-templates?platform=ios",
            Some(json!({"name": "yesno", "buttons": [{"title": "Yes"}]})),
        )
        .await;
    assert_eq!(button["platform"], json!("IOS"));
    let android = console
        .ok(
            Method::GET,
            "/messaging/button-templates?platform=ANDROID",
            None,
        )
        .await;
    assert_eq!(android, json!([]));
    console
        .call(Method::DELETE, "/messaging/channel-templates/none", None)
        .await
        .assert_error(99271, 400);
}

#[tokio::test]
async fn a_channel_lists_the_clients_devices_and_messages() {
    let server = common::start().await;
    let console = Console::new(&server).await;
    server
        .post("/messaging/registrations")
        .json(json!({"deviceToken": "t", "deviceId": "d1", "os": "IOS", "channels": ["news"]}))
        .send()
        .await
        .ok();
    for n in 1..=3 {
        server
            .post("/messaging/news")
            .json(json!({"message": format!("m{n}"), "publisherId": "p"}))
            .send()
            .await
            .ok();
    }
    let channels = console.ok(Method::GET, "/messaging/channels", None).await;
    let names: Vec<Value> = channels
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["name"].clone())
        .collect();
    assert_eq!(names, vec![json!("default"), json!("news")]);
    let devices = console
        .ok(Method::GET, "/messaging/channels/news/devices", None)
        .await;
    assert_eq!(devices[0]["deviceId"], json!("d1"));
    assert_eq!(
        console
            .ok(Method::GET, "/messaging/channels/news/devices/count", None)
            .await,
        json!(1)
    );
    let messages = console
        .ok(
            Method::GET,
            "/messaging/channels/news/messages?pageSize=2",
            None,
        )
        .await;
    assert_eq!(messages.as_array().map(Vec::len), Some(2));
    assert_eq!(
        console
            .ok(Method::GET, "/messaging/channels/news/messages/count", None)
            .await,
        json!(3)
    );

    let created = console
        .ok(
            Method::POST,
            "/messaging/channels",
            Some(json!({"name": "alerts"})),
        )
        .await;
    let id = created["channelid"].as_str().expect("id").to_string();
    let renamed = console
        .ok(
            Method::PUT,
            &format!("/messaging/channels/{id}"),
            Some(json!({"channelid": id, "name": "warnings"})),
        )
        .await;
    assert_eq!(renamed["name"], json!("warnings"));
    console
        .ok(Method::DELETE, &format!("/messaging/channels/{id}"), None)
        .await;
    console
        .call(
            Method::GET,
            &format!("/messaging/channels/{id}/devices"),
            None,
        )
        .await
        .assert_error(99273, 404);

    console
        .ok(
            Method::DELETE,
            "/messaging/channels/news/devices",
            Some(json!(["d1"])),
        )
        .await;
    let left = server.get("/messaging/registrations/d1").send().await.ok();
    assert_eq!(left, json!([]), "the client sees the device gone");
}

#[tokio::test]
async fn an_event_handler_is_a_webhook_that_fires() {
    let server = common::start().await;
    let console = Console::new(&server).await;
    let (base, log) = start_webhook().await;
    server
        .post("/servercode/events/ping")
        .json(json!({}))
        .send()
        .await
        .assert_error(99000, 400);
    let handler = console
        .ok(
            Method::POST,
            "/servercode/production/events",
            Some(json!({"category": "CUSTOM", "event": "ping", "webhook": format!("{base}/ping"), "async": false})),
        )
        .await;
    let id = handler["id"].as_str().expect("id").to_string();
    let answer = server
        .post("/servercode/events/ping")
        .json(json!({"n": 1}))
        .send()
        .await
        .ok();
    assert_eq!(answer, json!({"got": "/ping"}));
    assert_eq!(log.lock()[0], ("/ping".to_string(), json!({"n": 1})));

    let listed = console
        .ok(Method::GET, "/servercode?mode=PRODUCTION", None)
        .await;
    assert!(listed
        .as_array()
        .expect("list")
        .iter()
        .any(|h| h["id"] == json!(id)));
    console
        .ok(
            Method::PUT,
            &format!("/servercode/production/events/{id}/state"),
            Some(json!({"enabled": false})),
        )
        .await;
    server
        .post("/servercode/events/ping")
        .json(json!({}))
        .send()
        .await
        .assert_error(99000, 400);
    console
        .call(
            Method::POST,
            "/servercode/production/events",
            Some(json!({"category": "DATA", "event": "beforeCreate", "webhook": format!("{base}/x")})),
        )
        .await
        .assert_error(99000, 400);

    let hook = console
        .ok(
            Method::POST,
            "/webhook",
            Some(json!({"operation": "service", "name": "Billing", "url": format!("{base}/billing")})),
        )
        .await;
    assert_eq!(hook["id"], json!("service:Billing"));
    server
        .post("/services/Billing/charge")
        .json(json!({}))
        .send()
        .await
        .ok();
    let methods = console
        .ok(Method::GET, "/localservices/Billing/methods", None)
        .await;
    assert_eq!(methods[0]["path"], json!("/charge"));
    let listed = console.ok(Method::GET, "/webhook", None).await;
    assert_eq!(listed[0]["url"], json!(format!("{base}/billing")));
    console
        .ok(Method::DELETE, "/webhook/service:Billing", None)
        .await;
    console
        .call(Method::DELETE, "/webhook/service:Billing", None)
        .await
        .assert_error(99277, 404);
}

#[tokio::test]
async fn a_console_timer_runs_now_and_posts_to_the_timers_webhook() {
    let server = common::start().await;
    let console = Console::new(&server).await;
    let (base, log) = start_webhook().await;
    console
        .ok(
            Method::POST,
            "/webhook",
            Some(json!({"operation": "timers", "url": format!("{base}/timers")})),
        )
        .await;
    let start = server.now_ms().await + 3_600_000;
    console
        .ok(
            Method::POST,
            "/servercode/production/timers",
            Some(json!({"timername": "nightly", "startDate": start, "frequency": {"schedule": "once"}})),
        )
        .await;
    let ran = console
        .ok(
            Method::POST,
            "/servercode/production/timers/nightly/run",
            None,
        )
        .await;
    assert_eq!(ran["webhook"]["status"], json!(200));
    assert_eq!(log.lock()[0].0, "/timers");
    let logs = console
        .ok(
            Method::GET,
            "/servercode/timers/logs?timername=nightly",
            None,
        )
        .await;
    assert_eq!(logs.as_array().map(Vec::len), Some(1));
}
