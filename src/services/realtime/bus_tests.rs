//! Unit tests of [`EventBus`]: the publish API other services call, exactly-once fan-out, and
//! channel membership statuses.

use serde_json::{json, Value};
use tokio::sync::mpsc::UnboundedReceiver;

use super::*;
use crate::services::realtime::events::Targets;

fn sub(id: &str, name: &str, options: Value) -> Arc<Subscription> {
    let Value::Object(options) = options else {
        unreachable!("options are objects")
    };
    Arc::new(Subscription::parse(id, name, &options).expect("valid"))
}

/// Everything queued so far, as (subscription id, payload) pairs with filters applied.
fn drain(rx: &mut UnboundedReceiver<Delivery>) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    while let Ok(d) = rx.try_recv() {
        if let Some(payload) = d.subscription.payload(&d.event, 0) {
            out.push((d.subscription.id.clone(), payload));
        }
    }
    out
}

#[test]
fn object_changes_reach_each_matching_subscription_exactly_once() {
    let bus = EventBus::new();
    let mut a = bus.join("A", None);
    let mut b = bus.join("B", None);
    bus.subscribe(
        "A",
        sub(
            "a1",
            "OBJECTS_CHANGES",
            json!({"tableName": "Person", "event": "created"}),
        ),
    );
    bus.subscribe(
        "A",
        sub(
            "a2",
            "OBJECTS_CHANGES",
            json!({"tableName": "Person", "event": "created", "whereClause": "age > 18"}),
        ),
    );
    bus.subscribe(
        "B",
        sub(
            "b1",
            "OBJECTS_CHANGES",
            json!({"tableName": "Person", "event": "updated"}),
        ),
    );
    let adult = json!({"objectId": "1", "age": 30});
    assert_eq!(
        bus.object_changed("Person", ObjectEvent::Created, &adult),
        2
    );
    assert_eq!(
        bus.object_changed(
            "Person",
            ObjectEvent::Created,
            &json!({"objectId": "2", "age": 3})
        ),
        2
    );
    assert_eq!(
        drain(&mut a),
        vec![
            ("a1".to_string(), adult.clone()),
            ("a2".to_string(), adult),
            ("a1".to_string(), json!({"objectId": "2", "age": 3})),
        ]
    );
    assert!(drain(&mut b).is_empty());
    assert_eq!(
        bus.object_changed("Person", ObjectEvent::Updated, &json!("not an object")),
        0
    );
}

#[test]
fn resubscribing_with_the_same_id_replaces_and_unsubscribing_stops() {
    let bus = EventBus::new();
    let mut a = bus.join("A", None);
    let listener = || {
        sub(
            "s",
            "OBJECTS_CHANGES",
            json!({"tableName": "T", "event": "deleted"}),
        )
    };
    bus.subscribe("A", listener());
    bus.subscribe("A", listener());
    assert_eq!(
        bus.object_changed("T", ObjectEvent::Deleted, &json!({"objectId": "x"})),
        1
    );
    bus.unsubscribe("A", "s");
    assert_eq!(
        bus.object_changed("T", ObjectEvent::Deleted, &json!({"objectId": "y"})),
        0
    );
    assert_eq!(drain(&mut a).len(), 1);
}

#[test]
fn bulk_and_relation_events_use_their_own_api() {
    let bus = EventBus::new();
    let mut a = bus.join("A", None);
    bus.subscribe(
        "A",
        sub(
            "bulk",
            "OBJECTS_CHANGES",
            json!({"tableName": "T", "event": "bulk-created"}),
        ),
    );
    bus.subscribe(
        "A",
        sub(
            "rel",
            "RELATIONS_CHANGES",
            json!({"tableName": "T", "event": "set", "relationColumnName": "friends"}),
        ),
    );
    bus.objects_bulk(
        "T",
        BulkEvent::Created {
            object_ids: vec!["1".into(), "2".into()],
        },
    );
    bus.relation_changed(
        "T",
        RelationEvent::Set,
        "friends",
        RelationChange {
            parent_object_id: "p".into(),
            children: vec!["c1".into()],
            where_clause: Some("name = 'x'".into()),
        },
    );
    let got = drain(&mut a);
    assert_eq!(got[0], ("bulk".to_string(), json!(["1", "2"])));
    assert_eq!(got[1].0, "rel");
    assert_eq!(got[1].1["conditional"], json!(true));
    assert_eq!(got.len(), 2);
}

#[test]
fn messages_are_delivered_with_string_headers_through_selectors() {
    let bus = EventBus::new();
    let mut a = bus.join("A", None);
    bus.subscribe(
        "A",
        sub(
            "m",
            "PUB_SUB_MESSAGES",
            json!({"channel": "c", "selector": "foo > 10"}),
        ),
    );
    for foo in [json!(20), json!(10), json!(50), json!(5)] {
        bus.message_published("c", &json!({"message": foo, "headers": {"foo": foo}}));
    }
    bus.message_published("c", &json!({"message": "none"}));
    bus.message_published("other", &json!({"message": 99, "headers": {"foo": 99}}));
    let got: Vec<Value> = drain(&mut a).into_iter().map(|(_, m)| m).collect();
    assert_eq!(
        got,
        vec![
            json!({"message": 20, "headers": {"foo": "20"}}),
            json!({"message": 50, "headers": {"foo": "50"}}),
        ]
    );
}

#[test]
fn channel_membership_is_announced_to_user_status_listeners() {
    let bus = EventBus::new();
    let mut watcher = bus.join("W", Some("u-w".into()));
    bus.subscribe("W", sub("users", "PUB_SUB_USERS", json!({"channel": "c"})));
    let _other = bus.join("X", None);
    let connect = |id: &str| sub(id, "PUB_SUB_CONNECT", json!({"channel": "c"}));
    bus.subscribe("X", connect("x1"));
    bus.subscribe("X", connect("x2"));
    assert_eq!(
        bus.users_in(&Scope::Channel("c".into())),
        vec![json!({"connectionId": "X", "userId": null})]
    );
    bus.set_user("X", Some("u-x".into()));
    bus.unsubscribe("X", "x1");
    bus.subscribe("X", connect("x1"));
    bus.leave("X");
    let statuses: Vec<Value> = drain(&mut watcher).into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        statuses,
        vec![
            user_status("CONNECTED", "X", None),
            user_status("USERUPDATE", "X", Some("u-x")),
            user_status("DISCONNECTED", "X", Some("u-x")),
        ]
    );
    assert!(bus.users_in(&Scope::Channel("c".into())).is_empty());
    assert_eq!(bus.connections(), 1);
}

#[test]
fn commands_reach_command_listeners_of_the_channel() {
    let bus = EventBus::new();
    let mut a = bus.join("A", None);
    bus.subscribe("A", sub("cmd", "PUB_SUB_COMMANDS", json!({"channel": "c"})));
    let command = json!({"type": "t", "connectionId": "B", "userId": null, "data": 1});
    assert_eq!(bus.command(&Scope::Channel("c".into()), command.clone()), 1);
    assert_eq!(bus.command(&Scope::Channel("d".into()), command.clone()), 0);
    assert_eq!(drain(&mut a), vec![("cmd".to_string(), command)]);
}

#[test]
fn shared_object_events_reach_their_subscribers_and_invocations_their_targets() {
    let bus = EventBus::new();
    let mut a = bus.join("A", Some("ua".into()));
    let mut b = bus.join("B", None);
    for (conn, id) in [("A", "a"), ("B", "b")] {
        let name = json!({"name": "game"});
        bus.subscribe(conn, sub(&format!("{id}-inv"), "RSO_INVOKE", name.clone()));
        bus.subscribe(conn, sub(&format!("{id}-chg"), "RSO_CHANGES", name));
    }
    let change = json!({"key": "k", "data": 1, "connectionId": "A", "userId": "ua"});
    let changed = |name: &str| Event::SharedChanged {
        name: name.into(),
        change: change.clone(),
    };
    assert_eq!(bus.shared_object(changed("game")), 2);
    assert_eq!(bus.shared_object(changed("other")), 0);
    let invoke = |ids: &[&str], anonymous: bool, everyone: bool| Event::SharedInvoked {
        name: "game".into(),
        invocation: json!({"method": "m", "args": [ids.len()]}),
        targets: (!everyone).then(|| Targets {
            ids: ids.iter().map(|s| s.to_string()).collect(),
            anonymous,
        }),
    };
    assert_eq!(
        bus.shared_object(invoke(&[], false, true)),
        2,
        "no targets: everyone"
    );
    assert_eq!(
        bus.shared_object(invoke(&["ua"], false, false)),
        1,
        "by user id"
    );
    assert_eq!(
        bus.shared_object(invoke(&["B", "x"], false, false)),
        1,
        "by connection"
    );
    assert_eq!(
        bus.shared_object(invoke(&[], true, false)),
        1,
        "null: no user"
    );
    let ids = |rx: &mut UnboundedReceiver<Delivery>| -> Vec<String> {
        drain(rx).into_iter().map(|(id, _)| id).collect()
    };
    assert_eq!(ids(&mut a), ["a-chg", "a-inv", "a-inv"]);
    assert_eq!(ids(&mut b), ["b-chg", "b-inv", "b-inv", "b-inv"]);
}

#[test]
fn shared_object_membership_is_separate_from_channels_of_the_same_name() {
    let bus = EventBus::new();
    let mut watcher = bus.join("W", None);
    bus.subscribe("W", sub("rso-users", "RSO_USERS", json!({"name": "x"})));
    bus.subscribe(
        "W",
        sub("ch-users", "PUB_SUB_USERS", json!({"channel": "x"})),
    );
    let _member = bus.join("M", Some("u".into()));
    bus.subscribe("M", sub("c", "RSO_CONNECT", json!({"name": "x"})));
    let rso = Scope::SharedObject("x".into());
    assert_eq!(
        bus.users_in(&rso),
        vec![json!({"connectionId": "M", "userId": "u"})]
    );
    assert!(bus.users_in(&Scope::Channel("x".into())).is_empty());
    bus.leave("M");
    assert_eq!(
        drain(&mut watcher),
        vec![
            (
                "rso-users".to_string(),
                user_status("CONNECTED", "M", Some("u"))
            ),
            (
                "rso-users".to_string(),
                user_status("DISCONNECTED", "M", Some("u"))
            ),
        ]
    );
}
