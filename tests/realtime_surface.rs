//! Every real-time message the official JS SDK sends (the 25 of its request surface: the
//! handshake, 16 subscriptions, 7 methods and SUB_OFF, with the options its unit tests send) gets
//! the answer Backendless gives: subscriptions are confirmed, methods answer, and only the
//! console's log streams, which an app never opens, answer the honest 99000.

mod common;

#[path = "realtime/client.rs"]
mod client;

use client::{inject, Rt};
use serde_json::{json, Value};

/// `SUB_ON` names with the options the SDK sends, and the `SUB_RES` data that follows `SUB_READY`
/// (membership subscriptions answer at once; listeners wait for events).
fn subscriptions() -> Vec<(&'static str, Value, Option<Value>)> {
    let rso = || json!({"name": "TEST_RSO_NAME"});
    let channel = || json!({"channel": "TEST_CHANNEL_NAME"});
    vec![
        (
            "OBJECTS_CHANGES",
            json!({"event": "created", "tableName": "TEST_TABLE_NAME"}),
            None,
        ),
        (
            "RELATIONS_CHANGES",
            json!({"event": "set", "relationColumnName": "rel-1", "tableName": "TEST_TABLE_NAME"}),
            None,
        ),
        ("PUB_SUB_CONNECT", channel(), Some(json!("connected"))),
        ("PUB_SUB_MESSAGES", channel(), None),
        ("PUB_SUB_COMMANDS", channel(), None),
        (
            "PUB_SUB_USERS",
            channel(),
            Some(json!({"status": "LISTING", "data": [{"connectionId": "*", "userId": null}]})),
        ),
        ("RSO_CONNECT", rso(), Some(json!("connected"))),
        ("RSO_CHANGES", rso(), None),
        ("RSO_CLEARED", rso(), None),
        ("RSO_COMMANDS", rso(), None),
        ("RSO_INVOKE", rso(), None),
        (
            "RSO_USERS",
            rso(),
            Some(json!({"status": "LISTING", "data": [{"connectionId": "*", "userId": null}]})),
        ),
    ]
}

/// Replace the `"*"` connection ids of an expected answer with `id`.
fn with_connection(mut expected: Value, id: &str) -> Value {
    if let Some(users) = expected.get_mut("data").and_then(Value::as_array_mut) {
        for user in users {
            user["connectionId"] = json!(id);
        }
    }
    expected
}

#[tokio::test]
async fn every_rt_message_of_the_js_sdk_is_answered() {
    let server = common::start().await;
    // CONNECT: the handshake with {apiKey, clientId, userToken: null}.
    let mut rt = Rt::connect(&server, 4, None).await;

    let mut connection_id = String::new();
    for (i, (name, options, first)) in subscriptions().into_iter().enumerate() {
        let id = format!("s{i}");
        rt.subscribe(&id, name, options).await;
        if let Some(expected) = first {
            let data = rt.expect("SUB_RES").await;
            if name == "PUB_SUB_USERS" {
                connection_id = data["data"]["data"][0]["connectionId"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
            }
            assert_eq!(
                data,
                json!({"id": id, "data": with_connection(expected, &connection_id)}),
                "{name}"
            );
        }
    }
    assert!(!connection_id.is_empty());

    for name in [
        "LOGGING_MESSAGES",
        "CONSOLE_MESSAGES",
        "DEVELOPER_MESSAGES",
        "AUTOMATION_MESSAGES",
    ] {
        rt.emit("SUB_ON", json!({"id": name, "name": name, "options": {}}))
            .await;
        let refused = rt.expect("SUB_RES").await;
        assert_eq!(refused["error"]["code"], 99000, "{name}: {refused}");
    }

    let methods = [
        (
            "SET_USER_TOKEN",
            json!({"userToken": "test-token-1"}),
            Value::Null,
        ),
        (
            "RSO_SET",
            json!({"name": "TEST_RSO_NAME", "key": "get-value-1", "data": {"foo": [1, 2, 3], "bar": true}}),
            Value::Null,
        ),
        (
            "RSO_GET",
            json!({"name": "TEST_RSO_NAME", "key": "get-value-1"}),
            json!({"foo": [1, 2, 3], "bar": true}),
        ),
        (
            "RSO_COMMAND",
            json!({"name": "TEST_RSO_NAME", "type": "TEST-COMMAND", "data": {"foo": 123, "bar": "str"}}),
            Value::Null,
        ),
        (
            "RSO_INVOKE",
            json!({"name": "TEST_RSO_NAME", "method": "foo", "args": [{"foo": 123}, 123, "bar"]}),
            Value::Null,
        ),
        ("RSO_CLEAR", json!({"name": "TEST_RSO_NAME"}), Value::Null),
        (
            "PUB_SUB_COMMAND",
            json!({"channel": "TEST_CHANNEL_NAME", "type": "TEST-COMMAND", "data": {"foo": 123, "bar": "str"}}),
            Value::Null,
        ),
    ];
    for (name, options, result) in methods {
        rt.emit(
            "MET_REQ",
            json!({"id": name, "name": name, "options": options}),
        )
        .await;
        // The methods' own events (changes, commands, ...) reach this client's listeners too;
        // the method answer is among them.
        let mut answer = None;
        let mut heard = Vec::new();
        while answer.is_none() {
            match rt.event().await {
                (event, payload) if event == "MET_RES" => answer = Some(payload),
                (_, payload) => heard.push(payload["id"].clone()),
            }
        }
        assert_eq!(
            answer,
            Some(json!({"id": name, "result": result})),
            "{name}"
        );
        let expected_events: &[&str] = match name {
            // A changed user is announced in the channel and the shared object it is in.
            "SET_USER_TOKEN" => &["s5", "s11"],
            "RSO_SET" => &["s7"],
            "RSO_COMMAND" => &["s9"],
            "RSO_INVOKE" => &["s10"],
            "RSO_CLEAR" => &["s8"],
            "PUB_SUB_COMMAND" => &["s4"],
            _ => &[],
        };
        while heard.len() < expected_events.len() {
            heard.push(rt.expect("SUB_RES").await["id"].clone());
        }
        assert_eq!(
            heard,
            json!(expected_events)
                .as_array()
                .cloned()
                .unwrap_or_default(),
            "{name}"
        );
    }

    // SUB_OFF {id}: the data listener hears nothing more; the one added after it does.
    rt.emit("SUB_OFF", json!({"id": "s0"})).await;
    rt.subscribe(
        "after",
        "OBJECTS_CHANGES",
        json!({"event": "created", "tableName": "TEST_TABLE_NAME"}),
    )
    .await;
    let created = json!({"type": "object", "table": "TEST_TABLE_NAME", "event": "created",
                         "object": {"objectId": "o1"}});
    assert_eq!(inject(&server, created).await, 1, "only the new listener");
    assert_eq!(rt.expect("SUB_RES").await["id"], "after");
}
