//! Real-Time service through the front door: a raw socket.io client over a websocket speaks
//! Engine.IO 4 (socket.io v5, the JS SDK's protocol) and Engine.IO 3 (socket.io v2, older
//! clients and Swift) to the emulator; events come from `POST /_emulator/apps/{id}/events`.
//! Every wait is bounded: a missing packet fails the test after a few seconds.

mod common;

#[path = "realtime/client.rs"]
mod client;

use backendless_emulator::services::security::{Access, Permission, Principal, Scope};
use backendless_emulator::KeyKind;
use client::{inject, Rt, WAIT};
use reqwest::Method;
use serde_json::{json, Value};

fn created(table: &str, object: Value) -> Value {
    json!({"type": "object", "table": table, "event": "created", "object": object})
}

#[tokio::test]
async fn info_and_lookup_point_at_the_emulator() {
    let server = common::start().await;
    let base = server.emulator.base_url().to_string();
    assert_eq!(server.get("/info").send().await.ok()["rtURL"], json!(base));
    assert_eq!(server.get("/rt/lookup").send().await.ok(), json!(base));
}

#[tokio::test]
async fn polling_handshakes_work_for_eio_3_and_4() {
    let server = common::start().await;
    for eio in [3, 4] {
        let url = format!(
            "{}/{}/?EIO={eio}&transport=polling&apiKey={}",
            server.emulator.base_url(),
            server.emulator.app_id(),
            server.emulator.key(KeyKind::Js)
        );
        let reply = server.http.get(url).send().await.expect("handshake");
        assert!(reply.status().is_success());
        let body = reply.text().await.expect("body");
        assert!(
            body.contains("\"sid\"") && body.contains("pingInterval"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn object_listeners_hear_matching_changes_exactly_once_on_eio_4_and_3() {
    let server = common::start().await;
    for eio in [4, 3] {
        // One table per protocol: the previous iteration's socket may still be closing.
        let table = format!("Person{eio}");
        let mut rt = Rt::connect(&server, eio, None).await;
        let on = |event: &str, clause: Option<&str>| json!({"tableName": table, "event": event, "whereClause": clause});
        rt.subscribe("all", "OBJECTS_CHANGES", on("created", None))
            .await;
        rt.subscribe(
            "adults",
            "OBJECTS_CHANGES",
            on("created", Some("age >= 18")),
        )
        .await;
        rt.subscribe(
            "upd",
            "OBJECTS_CHANGES",
            on("updated", Some("firstName = 'bar' and age > 20")),
        )
        .await;
        rt.subscribe("del", "OBJECTS_CHANGES", on("deleted", Some("age > 20")))
            .await;

        let kid = json!({"objectId": "k", "___class": "Person", "age": 5});
        let adult = json!({"objectId": "a", "___class": "Person", "age": 40, "firstName": "bar"});
        assert_eq!(inject(&server, created(&table, kid.clone())).await, 2);
        assert_eq!(inject(&server, created("Other", kid.clone())).await, 0);
        inject(&server, created(&table, adult.clone())).await;
        // The kid reaches only the unfiltered listener, the adult both, each once, in order.
        assert_eq!(
            rt.expect("SUB_RES").await,
            json!({"id": "all", "data": kid})
        );
        assert_eq!(
            rt.expect("SUB_RES").await,
            json!({"id": "all", "data": adult})
        );
        assert_eq!(
            rt.expect("SUB_RES").await,
            json!({"id": "adults", "data": adult})
        );

        let update = |object: Value| json!({"type": "object", "table": table, "event": "updated", "object": object});
        inject(
            &server,
            update(json!({"objectId": "a", "firstName": "foo", "age": 41})),
        )
        .await;
        inject(
            &server,
            update(json!({"objectId": "a", "firstName": "bar", "age": 42})),
        )
        .await;
        let got = rt.expect("SUB_RES").await;
        assert_eq!(
            (got["id"].clone(), got["data"]["age"].clone()),
            (json!("upd"), json!(42))
        );

        let delete = |object: Value| json!({"type": "object", "table": table, "event": "deleted", "object": object});
        inject(&server, delete(kid.clone())).await;
        inject(&server, delete(adult.clone())).await;
        let got = rt.expect("SUB_RES").await;
        insta::assert_json_snapshot!(format!("deleted_eio{eio}"), got);
    }
}

#[tokio::test]
async fn sub_off_stops_a_listener() {
    let server = common::start().await;
    let mut rt = Rt::connect(&server, 4, None).await;
    let options = json!({"tableName": "T", "event": "created"});
    rt.subscribe("first", "OBJECTS_CHANGES", options.clone())
        .await;
    rt.emit("SUB_OFF", json!({"id": "first"})).await;
    // Packets are handled in order, so once "second" is ready "first" is gone.
    rt.subscribe("second", "OBJECTS_CHANGES", options).await;
    assert_eq!(
        inject(&server, created("T", json!({"objectId": "x"}))).await,
        1
    );
    assert_eq!(rt.expect("SUB_RES").await["id"], "second");
}

#[tokio::test]
async fn bulk_and_relation_events_carry_their_payloads() {
    let server = common::start().await;
    let mut rt = Rt::connect(&server, 4, None).await;
    rt.subscribe(
        "bc",
        "OBJECTS_CHANGES",
        json!({"tableName": "T", "event": "bulk-created"}),
    )
    .await;
    rt.subscribe(
        "bu",
        "OBJECTS_CHANGES",
        json!({"tableName": "T", "event": "bulk-updated", "whereClause": "age > 1"}),
    )
    .await;
    rt.subscribe(
        "rel",
        "RELATIONS_CHANGES",
        json!({"tableName": "T", "event": "add", "relationColumnName": "friends", "parentObjects": ["p1"]}),
    )
    .await;
    let bulk = |event: &str, extra: Value| {
        let mut body = json!({"type": "bulk", "table": "T", "event": event});
        if let (Some(b), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(extra.clone());
        }
        body
    };
    inject(
        &server,
        bulk("bulk-created", json!({"objectIds": ["1", "2"]})),
    )
    .await;
    inject(
        &server,
        bulk(
            "bulk-updated",
            json!({"whereClause": "age > 5", "count": 1}),
        ),
    )
    .await;
    inject(
        &server,
        bulk("bulk-updated", json!({"whereClause": "age>1", "count": 2})),
    )
    .await;
    let relation = |parent: &str| {
        json!({"type": "relation", "table": "T", "event": "add", "relationColumnName": "friends",
               "parentObjectId": parent, "children": ["c1", "c2"]})
    };
    inject(&server, relation("p2")).await;
    inject(&server, relation("p1")).await;
    let mut got = Vec::new();
    for _ in 0..3 {
        got.push(rt.expect("SUB_RES").await);
    }
    insta::assert_json_snapshot!(got);
}

#[tokio::test]
async fn channel_messages_follow_the_selector_on_both_protocols() {
    let server = common::start().await;
    for eio in [3, 4] {
        let channel = format!("news{eio}");
        let mut rt = Rt::connect(&server, eio, None).await;
        rt.emit(
            "SUB_ON",
            json!({"id": "c", "name": "PUB_SUB_CONNECT", "options": {"channel": channel}}),
        )
        .await;
        assert_eq!(rt.expect("SUB_READY").await, json!({"id": "c"}));
        assert_eq!(
            rt.expect("SUB_RES").await,
            json!({"id": "c", "data": "connected"})
        );
        rt.subscribe(
            "m",
            "PUB_SUB_MESSAGES",
            json!({"channel": channel, "selector": "foo > 10"}),
        )
        .await;
        for foo in [json!(20), json!(10), json!(50), json!(5)] {
            let body = json!({"type": "message", "channel": channel, "message": foo, "headers": {"foo": foo}});
            inject(&server, body).await;
        }
        let body =
            json!({"type": "message", "channel": channel, "message": "bare", "publisherId": "p"});
        inject(&server, body).await;
        let first = rt.expect("SUB_RES").await;
        assert_eq!(rt.expect("SUB_RES").await["data"]["message"], json!(50));
        insta::assert_json_snapshot!(format!("message_eio{eio}"), first, {
            ".data.messageId" => "[id]", ".data.timestamp" => "[time]"
        });
    }
}

#[tokio::test]
async fn users_and_commands_of_a_channel() {
    let server = common::start().await;
    let mut watcher = Rt::connect(&server, 4, None).await;
    watcher
        .subscribe("u", "PUB_SUB_USERS", json!({"channel": "room"}))
        .await;
    assert_eq!(
        watcher.expect("SUB_RES").await,
        json!({"id": "u", "data": {"status": "LISTING", "data": []}})
    );
    watcher
        .subscribe("cmd", "PUB_SUB_COMMANDS", json!({"channel": "room"}))
        .await;

    let (_, token) = server.login_new("rt-user@example.com", "pw").await;
    let mut member = Rt::connect(&server, 3, Some(&token)).await;
    member
        .emit(
            "SUB_ON",
            json!({"id": "join", "name": "PUB_SUB_CONNECT", "options": {"channel": "room"}}),
        )
        .await;
    member.expect("SUB_READY").await;
    let joined = watcher.expect("SUB_RES").await;
    assert_eq!(joined["data"]["status"], "CONNECTED");
    let connection_id = joined["data"]["data"][0]["connectionId"].clone();
    assert!(joined["data"]["data"][0]["userId"].is_string());

    let send = json!({"id": "m1", "name": "PUB_SUB_COMMAND",
                      "options": {"channel": "room", "type": "typing", "data": {"on": true}}});
    member.emit("MET_REQ", send).await;
    member.expect("SUB_RES").await; // the "connected" confirmation of the join
    assert_eq!(
        member.expect("MET_RES").await,
        json!({"id": "m1", "result": null})
    );
    let command = watcher.expect("SUB_RES").await;
    assert_eq!(command["id"], "cmd");
    assert_eq!(command["data"]["type"], "typing");
    assert_eq!(command["data"]["data"], json!({"on": true}));
    assert_eq!(command["data"]["connectionId"], connection_id);

    member.emit("SUB_OFF", json!({"id": "join"})).await;
    let left = watcher.expect("SUB_RES").await;
    assert_eq!(left["data"]["status"], "DISCONNECTED");
}

#[tokio::test]
async fn find_permission_and_set_user_token_decide_who_hears_data() {
    let server = common::start().await;
    let app = server
        .emulator
        .shared()
        .registry
        .app(server.emulator.app_id())
        .expect("app");
    app.services().security.set_entry(
        Scope::Table("Secret"),
        Principal::Role("NotAuthenticatedUser".into()),
        Permission::Find,
        Some(Access::Deny),
    );
    let mut rt = Rt::connect(&server, 4, None).await;
    rt.subscribe(
        "secret",
        "OBJECTS_CHANGES",
        json!({"tableName": "Secret", "event": "created"}),
    )
    .await;
    rt.subscribe(
        "open",
        "OBJECTS_CHANGES",
        json!({"tableName": "Open", "event": "created"}),
    )
    .await;
    inject(&server, created("Secret", json!({"objectId": "s1"}))).await;
    inject(&server, created("Open", json!({"objectId": "o1"}))).await;
    assert_eq!(
        rt.expect("SUB_RES").await["id"],
        "open",
        "anonymous callers may not FIND Secret"
    );

    let (_, token) = server.login_new("reader@example.com", "pw").await;
    rt.emit(
        "MET_REQ",
        json!({"id": "t", "name": "SET_USER_TOKEN", "options": {"userToken": token}}),
    )
    .await;
    assert_eq!(
        rt.expect("MET_RES").await,
        json!({"id": "t", "result": null})
    );
    inject(&server, created("Secret", json!({"objectId": "s2"}))).await;
    assert_eq!(
        rt.expect("SUB_RES").await,
        json!({"id": "secret", "data": {"objectId": "s2"}})
    );
}

#[tokio::test]
async fn rejected_subscriptions_and_methods_answer_with_codes() {
    let server = common::start().await;
    let mut rt = Rt::connect(&server, 4, None).await;
    let cases = [
        ("LOGGING_MESSAGES", json!({}), 99000),
        ("RSO_CONNECT", json!({}), 8002),
        (
            "OBJECTS_CHANGES",
            json!({"tableName": "T", "event": "created", "whereClause": "age >"}),
            1017,
        ),
        ("OBJECTS_CHANGES", json!({"event": "created"}), 8002),
        ("PUB_SUB_MESSAGES", json!({}), 8002),
        ("NO_SUCH_THING", json!({}), 8002),
    ];
    for (name, options, code) in cases {
        rt.emit(
            "SUB_ON",
            json!({"id": name, "name": name, "options": options}),
        )
        .await;
        let reply = rt.expect("SUB_RES").await;
        assert_eq!(
            (reply["id"].clone(), reply["error"]["code"].clone()),
            (json!(name), json!(code))
        );
    }
    for (name, code) in [("RSO_GET", 8002), ("NOPE", 8002), ("PUB_SUB_COMMAND", 8002)] {
        rt.emit("MET_REQ", json!({"id": name, "name": name, "options": {}}))
            .await;
        let reply = rt.expect("MET_RES").await;
        assert_eq!(
            (reply["id"].clone(), reply["error"]["code"].clone()),
            (json!(name), json!(code))
        );
    }
    rt.emit(
        "SUB_ON",
        json!({"id": "r", "name": "RSO_CHANGES", "options": {}}),
    )
    .await;
    insta::assert_json_snapshot!(rt.expect("SUB_RES").await);
}

#[tokio::test]
async fn wrong_keys_and_apps_are_refused_at_connect() {
    let server = common::start().await;
    let app_id = server.emulator.app_id().to_string();
    for eio in [4, 3] {
        for (app, query) in [
            (app_id.as_str(), "apiKey=wrong"),
            (app_id.as_str(), "clientId=x"),
            ("NO-SUCH-APP", "apiKey=k"),
        ] {
            let refused = Rt::try_connect(&server, app, eio, query).await.err();
            assert_eq!(
                refused.as_deref(),
                Some("Version is disabled or provided wrong application info (application id or secret key)"),
                "eio {eio}, app {app}, {query}"
            );
        }
    }
}

#[tokio::test]
async fn event_injection_validates_its_body() {
    let server = common::start().await;
    let path = format!("/_emulator/apps/{}/events", server.emulator.app_id());
    let bad = [
        json!({"type": "nope"}),
        json!({"type": "object", "table": "T", "event": "created"}),
        json!({"type": "object", "table": "T", "event": "exploded", "object": {}}),
        json!({"type": "bulk", "table": "T", "event": "bulk-updated", "whereClause": "a = 1"}),
        json!({"type": "relation", "table": "T", "event": "add", "relationColumnName": "r", "parentObjectId": "p", "children": [1]}),
        json!({"type": "message"}),
        json!([]),
    ];
    for body in bad {
        let reply = server
            .raw(Method::POST, &path)
            .json(body.clone())
            .send()
            .await;
        reply.assert_error(8002, 400);
    }
    let reply = server
        .raw(Method::POST, &path)
        .body("application/json", "{oops")
        .send()
        .await;
    reply.assert_error(8002, 400);
    let reply = server
        .raw(Method::POST, "/_emulator/apps/NO-SUCH-APP/events")
        .json(created("T", json!({})))
        .send()
        .await;
    reply.assert_error(2002, 400);
}

/// The packets of an Engine.IO 3 polling payload (`<length>:<packet>...`, ASCII here).
fn eio3_packets(payload: &str) -> Vec<String> {
    let mut packets = Vec::new();
    let mut rest = payload;
    while let Some((length, after)) = rest.split_once(':') {
        let length: usize = length.parse().expect("payload length");
        packets.push(after[..length].to_string());
        rest = &after[length..];
    }
    packets
}

#[tokio::test]
async fn a_socket_io_v2_client_over_polling_joins_with_its_query_in_the_namespace() {
    let server = common::start().await;
    let app = server.emulator.app_id().to_string();
    let query = format!(
        "apiKey={}&clientId=c2&userToken=null",
        server.emulator.key(KeyKind::Js)
    );
    let base = format!(
        "{}/{app}/?EIO=3&transport=polling&{query}",
        server.emulator.base_url()
    );
    let http = reqwest::Client::builder()
        .timeout(WAIT)
        .build()
        .expect("client");
    let handshake = http.get(&base).send().await.expect("handshake");
    let open = eio3_packets(&handshake.text().await.expect("body"))[0].clone();
    let sid: Value = serde_json::from_str(&open[1..]).expect("open packet");
    let url = format!("{base}&sid={}", sid["sid"].as_str().expect("sid"));
    let post = |packet: String| {
        let body = format!("{}:{packet}", packet.len());
        http.post(&url)
            .header("content-type", "text/plain;charset=UTF-8")
            .body(body)
            .send()
    };
    // What socket.io-client 2.x sends: its `query` appended to the namespace.
    let reply = post(format!("40/{app}?{query},"))
        .await
        .expect("connect sent");
    assert!(reply.status().is_success());
    let mut seen = Vec::new();
    while !seen.contains(&format!("40/{app},")) {
        assert!(seen.len() < 10, "no namespace ack in {seen:?}");
        let poll = http.get(&url).send().await.expect("poll");
        seen.extend(eio3_packets(&poll.text().await.expect("body")));
    }
    let sub =
        json!(["SUB_ON", {"id": "s", "name": "PUB_SUB_CONNECT", "options": {"channel": "c"}}]);
    post(format!("42/{app},{sub}")).await.expect("SUB_ON sent");
    let poll = http.get(&url).send().await.expect("poll");
    let packets = eio3_packets(&poll.text().await.expect("body"));
    assert_eq!(
        packets[0],
        format!("42/{app},[\"SUB_READY\",{{\"id\":\"s\"}}]")
    );
}
