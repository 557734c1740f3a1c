//! Messaging through the front door (messaging.md §2-§4): publish, status, cancel, scheduled and
//! repeating delivery on the virtual clock, legacy polling, email, push, device registration,
//! templates and the messaging control plane.

mod common;

use common::{Reply, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

/// `common::redact` plus the generated ids of messaging.
fn redact(value: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for (k, child) in map.iter_mut() {
                    let generated = matches!(
                        k.as_str(),
                        "messageId" | "subscriptionId" | "registrationId" | "id"
                    );
                    if generated && child.is_string() {
                        *child = Value::String(format!("[{k}]"));
                    } else {
                        walk(child);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    let mut value = common::redact(value);
    walk(&mut value);
    value
}

async fn publish(server: &TestServer, channel: &str, body: Value) -> String {
    let reply = server
        .post(&format!("/messaging/{channel}"))
        .json(body)
        .send()
        .await
        .ok();
    reply["messageId"].as_str().expect("messageId").to_string()
}

async fn status(server: &TestServer, id: &str) -> String {
    let reply = server.get(&format!("/messaging/{id}")).send().await.ok();
    assert_eq!(reply["messageId"], json!(id));
    reply["status"].as_str().expect("status").to_string()
}

async fn subscribe(server: &TestServer, channel: &str) -> String {
    let reply = server
        .post(&format!("/messaging/{channel}/subscribe"))
        .json(json!({}))
        .send()
        .await
        .ok();
    reply["subscriptionId"]
        .as_str()
        .expect("subscriptionId")
        .to_string()
}

async fn poll(server: &TestServer, channel: &str, sub: &str) -> Vec<Value> {
    let reply = server
        .get(&format!("/messaging/{channel}/{sub}"))
        .send()
        .await
        .ok();
    reply["messages"].as_array().cloned().expect("messages")
}

async fn outbox(server: &TestServer, kind: &str) -> Vec<Value> {
    server
        .outbox()
        .await
        .into_iter()
        .filter(|m| m["kind"] == json!(kind))
        .collect()
}

#[tokio::test]
async fn immediate_publish_answers_scheduled_then_reports_published() {
    let server = common::start().await;
    let reply = server
        .post("/messaging/default")
        .json(json!({"message": "hello"}))
        .send()
        .await;
    let body = reply.ok();
    insta::assert_json_snapshot!(redact(body.clone()));
    let id = body["messageId"].as_str().expect("id");
    assert!(id.starts_with("message:"));
    assert_eq!(status(&server, id).await, "published");
    let encoded = id.replace(':', "%3A");
    let reply = server
        .get(&format!("/messaging/{encoded}"))
        .send()
        .await
        .ok();
    insta::assert_json_snapshot!("status_published", redact(reply));
}

#[tokio::test]
async fn subscribers_receive_headers_as_strings_once() {
    let server = common::start().await;
    let sub = subscribe(&server, "news").await;
    let other = subscribe(&server, "sports").await;
    publish(
        &server,
        "news",
        json!({"message": {"title": "t"}, "publisherId": "p1", "headers": {"foo": 20, "bar": "x"}, "extra": 1}),
    )
    .await;
    let messages = poll(&server, "news", &sub).await;
    assert_eq!(messages.len(), 1);
    insta::assert_json_snapshot!(redact(json!(messages)), {"[].publishedAt" => "[time]", "[].timestamp" => "[time]"});
    assert_eq!(messages[0]["headers"]["foo"], json!("20"));
    assert!(
        poll(&server, "news", &sub).await.is_empty(),
        "each message is delivered once"
    );
    assert!(
        poll(&server, "sports", &other).await.is_empty(),
        "other channels see nothing"
    );
}

#[tokio::test]
async fn publish_at_is_delivered_when_the_virtual_clock_reaches_it() {
    let server = common::start().await;
    let sub = subscribe(&server, "later").await;
    let at = server.now_ms().await + 3_600_000;
    let reply = server
        .post("/messaging/later")
        .json(json!({"message": "wake up", "publishAt": at}))
        .send()
        .await
        .ok();
    assert_eq!(reply["status"], json!("scheduled"));
    let id = reply["messageId"].as_str().expect("id").to_string();
    assert_eq!(status(&server, &id).await, "scheduled");
    assert!(poll(&server, "later", &sub).await.is_empty());

    server.advance_clock(3_600_000).await;
    assert_eq!(status(&server, &id).await, "published");
    let messages = poll(&server, "later", &sub).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(
        (
            messages[0]["data"].clone(),
            messages[0]["publishedAt"].as_i64()
        ),
        (json!("wake up"), Some(at))
    );
}

#[tokio::test]
async fn repeat_every_delivers_each_period_until_repeat_expires_at() {
    let server = common::start().await;
    let sub = subscribe(&server, "ticks").await;
    let start = server.now_ms().await + 10_000;
    let id = publish(
        &server,
        "ticks",
        json!({"message": "tick", "publishAt": start, "repeatEvery": 20, "repeatExpiresAt": start + 40_000}),
    )
    .await;
    server.advance_clock(10_000).await;
    assert_eq!(poll(&server, "ticks", &sub).await.len(), 1);
    server.advance_clock(20_000).await;
    let second = poll(&server, "ticks", &sub).await;
    assert_eq!(second[0]["publishedAt"].as_i64(), Some(start + 20_000));
    assert_eq!(status(&server, &id).await, "scheduled");
    server.advance_clock(30_000).await;
    assert_eq!(
        poll(&server, "ticks", &sub).await.len(),
        1,
        "the third and last occurrence"
    );
    assert_eq!(status(&server, &id).await, "published");
}

#[tokio::test]
async fn the_control_plane_delivers_due_messages_and_shows_them() {
    let server = common::start().await;
    let at = server.now_ms().await + 1_000;
    let id = publish(&server, "cp", json!({"message": 1, "publishAt": at})).await;
    server.advance_clock(5_000).await;
    let reply = server
        .control(Method::POST, "/messaging/deliver")
        .send()
        .await
        .ok();
    assert_eq!(reply, json!({"delivered": 1}));
    let reply = server
        .control(Method::POST, "/messaging/deliver")
        .send()
        .await
        .ok();
    assert_eq!(reply, json!({"delivered": 0}));
    let overview = server.control(Method::GET, "/messaging").send().await.ok();
    assert_eq!(overview["messages"][0]["id"], json!(id));
    assert_eq!(overview["messages"][0]["status"], json!("published"));
    assert_eq!(overview["deliveries"][0]["publishedAt"].as_i64(), Some(at));
}

#[tokio::test]
async fn cancel_stops_a_scheduled_message_once() {
    let server = common::start().await;
    let sub = subscribe(&server, "c").await;
    let at = server.now_ms().await + 60_000;
    let id = publish(&server, "c", json!({"message": "never", "publishAt": at})).await;
    let reply = server.delete(&format!("/messaging/{id}")).send().await.ok();
    insta::assert_json_snapshot!(redact(reply));
    assert_eq!(status(&server, &id).await, "cancelled");
    server.advance_clock(120_000).await;
    assert!(poll(&server, "c", &sub).await.is_empty());

    let again = server.delete(&format!("/messaging/{id}")).send().await;
    again.assert_error(5040, 400);
    assert_eq!(
        again.body["message"],
        json!("Message has already been canceled or does not exist.")
    );
    let published = publish(&server, "c", json!({"message": "now"})).await;
    server
        .delete(&format!("/messaging/{published}"))
        .send()
        .await
        .assert_error(5040, 400);
    server
        .delete("/messaging/message:unknown")
        .send()
        .await
        .assert_error(5040, 400);
    assert_eq!(status(&server, "message:unknown").await, "unknown");
}

#[tokio::test]
async fn bad_publish_bodies_get_documented_codes() {
    let server = common::start().await;
    let send = |body: Value| server.post("/messaging/default").json(body).send();
    send(json!({"headers": {}})).await.assert_error(8010, 400);
    send(json!([1])).await.assert_error(8002, 400);
    send(json!({"message": 1, "headers": "h"}))
        .await
        .assert_error(8002, 400);
    send(json!({"message": 1, "publishAt": "tomorrow"}))
        .await
        .assert_error(8002, 400);
    send(json!({"message": 1, "repeatEvery": -1}))
        .await
        .assert_error(8002, 400);
    send(json!({"message": 1, "publishPolicy": "FAX"}))
        .await
        .assert_error(8002, 400);
    send(json!({"message": 1, "segmentQuery": "os = = 'IOS'"}))
        .await
        .assert_error(1017, 400);
    server
        .post("/messaging/default")
        .body("application/json", "{not json")
        .send()
        .await
        .assert_error(8002, 400);
    let overview = server.control(Method::GET, "/messaging").send().await.ok();
    assert_eq!(
        overview["messages"],
        json!([]),
        "nothing stored by a rejected publish"
    );
}

#[tokio::test]
async fn legacy_subscription_errors() {
    let server = common::start().await;
    let sub = subscribe(&server, "a").await;
    server
        .get(&format!("/messaging/b/{sub}"))
        .send()
        .await
        .assert_error(99020, 404);
    server
        .get("/messaging/a/nope")
        .send()
        .await
        .assert_error(99020, 404);
    server
        .post("/messaging/a/subscribe")
        .json(json!({"selector": "foo = = 'bar'"}))
        .send()
        .await
        .assert_error(1017, 400);
    server
        .post("/messaging/a/subscribe")
        .json(json!([]))
        .send()
        .await
        .assert_error(8002, 400);
}

#[tokio::test]
async fn basic_email_is_recorded_in_the_outbox() {
    let server = common::start().await;
    let reply = server
        .post("/messaging/email")
        .json(json!({"subject": "Hi", "bodyparts": {"textmessage": "plain", "htmlmessage": "<b>x</b>"},
            "to": ["a@example.com", "b@example.com"], "attachment": ["docs/a.txt"]}))
        .send()
        .await
        .ok();
    insta::assert_json_snapshot!(redact(reply.clone()));
    let sent = outbox(&server, "email").await;
    insta::assert_json_snapshot!("basic_email_outbox", redact(json!(sent)));
    let id = reply["messageId"].as_str().expect("id");
    assert_eq!(status(&server, id).await, "published");

    let send = |body: Value| server.post("/messaging/email").json(body).send();
    send(json!({"bodyparts": {"textmessage": "t"}, "to": ["a@x.io"]}))
        .await
        .assert_error(8010, 400);
    send(json!({"subject": "s", "to": ["a@x.io"]}))
        .await
        .assert_error(8010, 400);
    send(json!({"subject": "s", "bodyparts": {}, "to": ["a@x.io"]}))
        .await
        .assert_error(8010, 400);
    send(json!({"subject": "s", "bodyparts": {"textmessage": "t"}}))
        .await
        .assert_error(8010, 400);
    send(json!({"subject": "s", "bodyparts": {"textmessage": "t"}, "to": [1]}))
        .await
        .assert_error(8002, 400);
    assert_eq!(outbox(&server, "email").await.len(), 1);
}

#[tokio::test]
async fn templated_email_uses_control_plane_templates() {
    let server = common::start().await;
    let unknown = server
        .post("/emailtemplate/send")
        .json(json!({"template-name": "welcome", "addresses": ["a@example.com"]}))
        .send()
        .await;
    unknown.assert_error(24002, 400);
    assert_eq!(
        unknown.body["message"],
        json!("Email Template with name 'welcome' doesn't exist.")
    );

    let template = server
        .control(Method::PUT, "/email-templates/welcome")
        .json(
            json!({"subject": "Welcome {name}", "htmlmessage": "<p>Hello {name} from {city}</p>"}),
        )
        .send()
        .await
        .ok();
    insta::assert_json_snapshot!(template);
    let reply = server
        .post("/emailtemplate/send")
        .json(json!({"template-name": "welcome", "addresses": ["a@example.com"], "cc-addresses": ["c@example.com"],
            "uniqueEmails": false, "template-values": {"name": "Ann", "city": "Oslo"}}))
        .send()
        .await
        .ok();
    assert_eq!(reply["status"], json!("scheduled"));
    let sent = outbox(&server, "email").await;
    insta::assert_json_snapshot!("templated_email_outbox", redact(json!(sent)));

    let listed = server
        .control(Method::GET, "/email-templates")
        .send()
        .await
        .ok();
    assert_eq!(listed[0]["name"], json!("welcome"));
    server
        .post("/emailtemplate/send")
        .json(json!({"template-name": "welcome", "criteria": "age > 20"}))
        .send()
        .await
        .assert_error(1017, 400);
    server
        .post("/emailtemplate/send")
        .json(json!({"addresses": ["a@x.io"]}))
        .send()
        .await
        .assert_error(8010, 400);
    server
        .post("/emailtemplate/send")
        .json(json!({"template-name": "welcome"}))
        .send()
        .await
        .assert_error(8010, 400);
    server
        .control(Method::PUT, "/email-templates/bad")
        .json(json!({"subject": 3}))
        .send()
        .await
        .assert_error(8002, 400);
    server
        .control(Method::DELETE, "/email-templates/welcome")
        .send()
        .await
        .ok();
    server
        .control(Method::DELETE, "/email-templates/welcome")
        .send()
        .await
        .assert_error(24002, 400);
}

#[tokio::test]
async fn device_registration_round_trip() {
    let server = common::start().await;
    let register = json!({"deviceToken": "tok-1", "deviceId": "dev-1", "os": "ANDROID", "osVersion": "14",
        "channels": ["default", "news"]});
    let reply = server
        .post("/messaging/registrations")
        .json(register.clone())
        .send()
        .await
        .ok();
    insta::assert_json_snapshot!(redact(reply.clone()));
    let again = server
        .post("/messaging/registrations")
        .json(register)
        .send()
        .await
        .ok();
    assert_eq!(reply, again, "re-registering keeps the registration id");
    let regs = server
        .get("/messaging/registrations/dev-1")
        .send()
        .await
        .ok();
    insta::assert_json_snapshot!("registrations", redact(regs));
    let gone = server
        .delete("/messaging/registrations/dev-1")
        .send()
        .await
        .ok();
    assert_eq!(gone, json!({"result": true}));
    assert_eq!(
        server
            .get("/messaging/registrations/dev-1")
            .send()
            .await
            .ok(),
        json!([])
    );
    assert_eq!(
        server
            .delete("/messaging/registrations/dev-1")
            .send()
            .await
            .ok(),
        json!({"result": false})
    );

    let send = |body: Value| server.post("/messaging/registrations").json(body).send();
    send(json!({"deviceId": "d", "os": "IOS"}))
        .await
        .assert_error(8010, 400);
    send(json!({"deviceToken": "t", "os": "IOS"}))
        .await
        .assert_error(8010, 400);
    send(json!({"deviceToken": "t", "deviceId": "d"}))
        .await
        .assert_error(8010, 400);
    send(json!({"deviceToken": "t", "deviceId": "d", "os": "IOS", "expiration": "soon"}))
        .await
        .assert_error(8002, 400);
}

#[tokio::test]
async fn push_publishes_reach_registered_devices_through_the_outbox() {
    let server = common::start().await;
    for (id, os) in [("ios-1", "IOS"), ("android-1", "ANDROID")] {
        server
            .post("/messaging/registrations")
            .json(json!({"deviceToken": format!("tok-{id}"), "deviceId": id, "os": os, "osVersion": "1"}))
            .send()
            .await
            .ok();
    }
    publish(
        &server,
        "default",
        json!({"message": "m", "publishPolicy": "PUSH", "pushBroadcast": "FOR_IOS",
            "headers": {"ios-alert": "Alert!", "ios-badge": 1}}),
    )
    .await;
    let pushes = outbox(&server, "push").await;
    insta::assert_json_snapshot!(redact(json!(pushes)));
    publish(
        &server,
        "default",
        json!({"message": "direct", "pushSinglecast": ["android-1"]}),
    )
    .await;
    let pushes = outbox(&server, "push").await;
    assert_eq!(pushes[1]["to"], json!(["android-1"]));

    let sub = subscribe(&server, "default").await;
    publish(
        &server,
        "default",
        json!({"message": "both", "publishPolicy": "BOTH"}),
    )
    .await;
    assert_eq!(poll(&server, "default", &sub).await.len(), 1);
    assert_eq!(
        outbox(&server, "push").await[2]["to"],
        json!(["android-1", "ios-1"]),
        "devices in id order"
    );
}

#[tokio::test]
async fn push_templates_from_the_control_plane() {
    let server = common::start().await;
    server
        .post("/messaging/registrations")
        .json(json!({"deviceToken": "t", "deviceId": "ios-1", "os": "IOS", "osVersion": "17"}))
        .send()
        .await
        .ok();
    server
        .post("/messaging/push/promo")
        .json(json!({}))
        .send()
        .await
        .assert_error(99021, 400);
    server
        .control(Method::PUT, "/push-templates/promo")
        .json(json!({"headers": {"ios-alert": "Sale: {percent}% off"}, "deviceTypes": ["IOS"]}))
        .send()
        .await
        .ok();
    let templates = server.get("/messaging/pushtemplates/IOS").send().await.ok();
    insta::assert_json_snapshot!(templates);
    assert_eq!(
        server
            .get("/messaging/pushtemplates/ANDROID")
            .send()
            .await
            .ok(),
        json!({})
    );
    assert!(server.get("/messaging/pushtemplates").send().await.ok()["promo"].is_object());

    let reply = server
        .post("/messaging/push/promo")
        .json(json!({"templateValues": {"percent": 30}}))
        .send()
        .await
        .ok();
    insta::assert_json_snapshot!("push_with_template", redact(reply.clone()));
    let pushes = outbox(&server, "push").await;
    assert_eq!(
        (pushes[0]["body"].clone(), pushes[0]["to"].clone()),
        (json!("Sale: 30% off"), json!(["ios-1"]))
    );
    let id = reply["messageId"].as_str().expect("id");
    assert_eq!(status(&server, id).await, "published");
    server
        .post("/messaging/push/promo")
        .json(json!({"templateValues": [1]}))
        .send()
        .await
        .assert_error(8002, 400);
    server
        .control(Method::DELETE, "/push-templates/promo")
        .send()
        .await
        .ok();
    server
        .control(Method::DELETE, "/push-templates/promo")
        .send()
        .await
        .assert_error(99021, 400);
}

#[tokio::test]
async fn delete_channel_cancels_its_scheduled_messages() {
    let server = common::start().await;
    let at = server.now_ms().await + 60_000;
    let id = publish(&server, "gone", json!({"message": 1, "publishAt": at})).await;
    let reply = server.delete("/messaging/channels/gone").send().await.ok();
    assert_eq!(reply, json!({"result": true}));
    assert_eq!(status(&server, &id).await, "cancelled");
    let reply = server.delete("/messaging/channels/gone").send().await.ok();
    assert_eq!(reply, json!({"result": false}));
}

#[tokio::test]
async fn messaging_state_survives_export_and_import() {
    let server = common::start().await;
    let at = server.now_ms().await + 60_000;
    let id = publish(&server, "kept", json!({"message": 1, "publishAt": at})).await;
    server
        .control(Method::PUT, "/email-templates/t")
        .json(json!({"subject": "s"}))
        .send()
        .await
        .ok();
    let export = server.control(Method::GET, "/export").send().await.ok();
    server.control(Method::POST, "/reset").send().await.ok();
    assert_eq!(status(&server, &id).await, "unknown");
    server
        .control(Method::POST, "/import")
        .json(export)
        .send()
        .await
        .ok();
    assert_eq!(status(&server, &id).await, "scheduled");
    server.advance_clock(60_000).await;
    assert_eq!(status(&server, &id).await, "published");
    let templates = server
        .control(Method::GET, "/email-templates")
        .send()
        .await
        .ok();
    assert_eq!(templates[0]["name"], json!("t"));
}

#[tokio::test]
async fn control_plane_routes_need_a_known_app() {
    let server = common::start().await;
    let reply: Reply = server
        .raw(Method::GET, "/_emulator/apps/NOPE/messaging")
        .send()
        .await;
    reply.assert_error(2002, 400);
    server
        .raw(Method::POST, "/_emulator/apps/NOPE/messaging/deliver")
        .send()
        .await
        .assert_error(2002, 400);
    server
        .raw(Method::GET, "/_emulator/apps/NOPE/push-templates")
        .send()
        .await
        .assert_error(2002, 400);
}
