//! Remote shared objects over the real-time socket, between two raw socket.io clients (Engine.IO
//! 4 and 3): connect, users, get/set/clear with their change and clear events, commands, and
//! invocations of other clients' methods with and without targets. Every wait is bounded.

mod common;

#[path = "realtime/client.rs"]
mod client;

use client::{inject, Rt};
use serde_json::{json, Value};

/// `MET_REQ` and its `MET_RES`.
async fn call(rt: &mut Rt, id: &str, name: &str, options: Value) -> Value {
    rt.emit(
        "MET_REQ",
        json!({"id": id, "name": name, "options": options}),
    )
    .await;
    rt.expect("MET_RES").await
}

/// Connect to the shared object `game` and confirm it (`SUB_READY`, then the "connected" data).
async fn join(rt: &mut Rt, id: &str) {
    rt.subscribe(id, "RSO_CONNECT", json!({"name": "game"}))
        .await;
    assert_eq!(
        rt.expect("SUB_RES").await,
        json!({"id": id, "data": "connected"})
    );
}

#[tokio::test]
async fn two_clients_share_data_commands_and_invocations() {
    let server = common::start().await;
    let (_, token) = server.login_new("rso@example.com", "pw").await;
    let mut a = Rt::connect(&server, 4, Some(&token)).await;
    let mut b = Rt::connect(&server, 3, None).await;
    join(&mut a, "a-join").await;
    a.subscribe("a-users", "RSO_USERS", json!({"name": "game"}))
        .await;
    let listing = a.expect("SUB_RES").await;
    assert_eq!(listing["data"]["status"], "LISTING");
    let a_conn = listing["data"]["data"][0]["connectionId"].clone();
    let a_user = listing["data"]["data"][0]["userId"].clone();
    assert!(a_user.is_string(), "{listing}");

    join(&mut b, "b-join").await;
    let joined = a.expect("SUB_RES").await;
    assert_eq!(joined["data"]["status"], "CONNECTED");
    let b_conn = joined["data"]["data"][0]["connectionId"].clone();
    assert_eq!(joined["data"]["data"][0]["userId"], Value::Null);

    for (rt, who) in [(&mut a, "a"), (&mut b, "b")] {
        for name in ["RSO_CHANGES", "RSO_CLEARED", "RSO_COMMANDS", "RSO_INVOKE"] {
            rt.subscribe(&format!("{who}-{name}"), name, json!({"name": "game"}))
                .await;
        }
    }

    let message = json!({"type": "message", "channel": "game", "message": "hi"});
    assert_eq!(
        inject(&server, message).await,
        0,
        "a channel of the same name is another thing"
    );

    let set = json!({"name": "game", "key": "board", "data": {"cells": [1, 2, 3]}});
    assert_eq!(
        call(&mut b, "s1", "RSO_SET", set).await,
        json!({"id": "s1", "result": null})
    );
    let change = a.expect("SUB_RES").await;
    assert_eq!(
        change,
        json!({"id": "a-RSO_CHANGES", "data": {"key": "board", "data": {"cells": [1, 2, 3]},
               "connectionId": b_conn, "userId": null}})
    );
    assert_eq!(b.expect("SUB_RES").await["id"], "b-RSO_CHANGES");
    let got = call(
        &mut a,
        "g1",
        "RSO_GET",
        json!({"name": "game", "key": "board"}),
    )
    .await;
    assert_eq!(got["result"], json!({"cells": [1, 2, 3]}));
    let unset = call(
        &mut a,
        "g2",
        "RSO_GET",
        json!({"name": "game", "key": "nope"}),
    )
    .await;
    assert_eq!(unset, json!({"id": "g2", "result": null}));
    let all = call(&mut a, "g3", "RSO_GET", json!({"name": "game"})).await;
    assert_eq!(all["result"], json!({"board": {"cells": [1, 2, 3]}}));

    let command = json!({"name": "game", "type": "move", "data": {"x": 1}});
    call(&mut a, "c1", "RSO_COMMAND", command).await;
    let heard = b.expect("SUB_RES").await;
    assert_eq!(
        heard,
        json!({"id": "b-RSO_COMMANDS", "data": {"type": "move", "connectionId": a_conn,
               "userId": a_user, "data": {"x": 1}}})
    );
    assert_eq!(a.expect("SUB_RES").await["id"], "a-RSO_COMMANDS");

    let invoke =
        json!({"name": "game", "method": "redraw", "args": [{"x": 1}, 2], "targets": [b_conn]});
    assert_eq!(
        call(&mut a, "i1", "RSO_INVOKE", invoke).await,
        json!({"id": "i1", "result": null})
    );
    assert_eq!(
        b.expect("SUB_RES").await,
        json!({"id": "b-RSO_INVOKE", "data": {"method": "redraw", "args": [{"x": 1}, 2],
               "connectionId": a_conn, "userId": a_user}})
    );
    let everyone = json!({"name": "game", "method": "tick"});
    call(&mut b, "i2", "RSO_INVOKE", everyone).await;
    let to_a = a.expect("SUB_RES").await;
    assert_eq!(
        (to_a["id"].clone(), to_a["data"]["args"].clone()),
        (json!("a-RSO_INVOKE"), json!([])),
        "a targeted invocation reached only its target; an untargeted one everyone"
    );
    assert_eq!(b.expect("SUB_RES").await["data"]["method"], "tick");

    call(&mut a, "x1", "RSO_CLEAR", json!({"name": "game"})).await;
    assert_eq!(
        b.expect("SUB_RES").await,
        json!({"id": "b-RSO_CLEARED", "data": {"connectionId": a_conn, "userId": a_user}})
    );
    assert_eq!(a.expect("SUB_RES").await["id"], "a-RSO_CLEARED");
    let empty = call(&mut b, "g4", "RSO_GET", json!({"name": "game"})).await;
    assert_eq!(empty["result"], json!({}));

    b.emit("SUB_OFF", json!({"id": "b-join"})).await;
    let left = a.expect("SUB_RES").await;
    assert_eq!(
        (
            left["data"]["status"].clone(),
            left["data"]["data"][0]["connectionId"].clone()
        ),
        (json!("DISCONNECTED"), b_conn)
    );
}

#[tokio::test]
async fn bad_shared_object_options_answer_8002() {
    let server = common::start().await;
    let mut rt = Rt::connect(&server, 4, None).await;
    let cases = [
        ("RSO_SET", json!({"name": "g"})),
        ("RSO_SET", json!({"key": "k"})),
        ("RSO_GET", json!({"name": "g", "key": 5})),
        ("RSO_INVOKE", json!({"name": "g"})),
        (
            "RSO_INVOKE",
            json!({"name": "g", "method": "m", "args": "no"}),
        ),
        (
            "RSO_INVOKE",
            json!({"name": "g", "method": "m", "targets": [1]}),
        ),
        ("RSO_CLEAR", json!({"name": ""})),
    ];
    for (i, (name, options)) in cases.into_iter().enumerate() {
        let reply = call(&mut rt, &i.to_string(), name, options).await;
        assert_eq!(reply["error"]["code"], 8002, "{name}: {reply}");
    }
}
