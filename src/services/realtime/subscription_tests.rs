//! Unit tests of [`Subscription`]: option parsing, event matching, payloads.

use serde_json::{json, Map, Value};

use super::*;
use crate::services::realtime::events::{BulkEvent, RelationChange};

fn options(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn sub(name: &str, opts: Value) -> Subscription {
    Subscription::parse("s1", name, &options(opts)).expect("valid subscription")
}

fn object_event(table: &str, event: ObjectEvent, object: Value) -> Event {
    Event::Object {
        table: table.into(),
        event,
        object: options(object),
    }
}

#[test]
fn object_listeners_hear_their_table_and_event_only() {
    let s = sub(
        "OBJECTS_CHANGES",
        json!({"tableName": "Person", "event": "created"}),
    );
    let created = object_event("person", ObjectEvent::Created, json!({"objectId": "a"}));
    assert!(s.is_about(&created), "table names compare without case");
    assert!(!s.is_about(&object_event("Person", ObjectEvent::Updated, json!({}))));
    assert!(!s.is_about(&object_event("Other", ObjectEvent::Created, json!({}))));
    assert_eq!(s.payload(&created, 0), Some(json!({"objectId": "a"})));
}

#[test]
fn where_clause_filters_and_deletes_carry_only_identity() {
    let s = sub(
        "OBJECTS_CHANGES",
        json!({"tableName": "Person", "event": "deleted", "whereClause": "age > 20"}),
    );
    let old = object_event(
        "Person",
        ObjectEvent::Deleted,
        json!({"objectId": "a", "___class": "Person", "age": 30}),
    );
    let young = object_event(
        "Person",
        ObjectEvent::Deleted,
        json!({"objectId": "b", "age": 10}),
    );
    assert_eq!(
        s.payload(&old, 0),
        Some(json!({"objectId": "a", "___class": "Person"}))
    );
    assert_eq!(s.payload(&young, 0), None);
}

#[test]
fn bulk_listeners_match_kind_and_same_where_clause() {
    let any = sub(
        "OBJECTS_CHANGES",
        json!({"tableName": "T", "event": "bulk-updated"}),
    );
    let same = sub(
        "OBJECTS_CHANGES",
        json!({"tableName": "T", "event": "bulk-updated", "whereClause": "age > 1"}),
    );
    let event = Event::Bulk {
        table: "T".into(),
        event: BulkEvent::Updated {
            where_clause: "age>1".into(),
            count: 2,
        },
    };
    let other = Event::Bulk {
        table: "T".into(),
        event: BulkEvent::Updated {
            where_clause: "age > 2".into(),
            count: 2,
        },
    };
    assert!(any.is_about(&event) && same.is_about(&event));
    assert_eq!(
        same.payload(&event, 0),
        Some(json!({"whereClause": "age>1", "count": 2}))
    );
    assert_eq!(same.payload(&other, 0), None);
    assert!(any.payload(&other, 0).is_some());
    let created = Event::Bulk {
        table: "T".into(),
        event: BulkEvent::Created {
            object_ids: vec!["x".into()],
        },
    };
    assert!(!any.is_about(&created));
}

#[test]
fn relation_listeners_filter_by_column_and_parents() {
    let s = sub(
        "RELATIONS_CHANGES",
        json!({"tableName": "Order", "event": "add", "relationColumnName": "items",
               "parentObjects": ["p1", {"objectId": "p2"}]}),
    );
    let event = |parent: &str, column: &str| Event::Relation {
        table: "Order".into(),
        event: RelationEvent::Add,
        column: column.into(),
        change: RelationChange {
            parent_object_id: parent.into(),
            children: vec!["c".into()],
            where_clause: None,
        },
    };
    assert!(s.is_about(&event("p1", "items")));
    assert!(s.is_about(&event("p2", "items")));
    assert!(!s.is_about(&event("p3", "items")));
    assert!(!s.is_about(&event("p1", "other")));
    assert_eq!(
        s.payload(&event("p1", "items"), 0).expect("data")["children"],
        json!(["c"])
    );
}

#[test]
fn message_selectors_read_headers() {
    let s = sub(
        "PUB_SUB_MESSAGES",
        json!({"channel": "news", "selector": "foo > 10"}),
    );
    let msg = |headers: Value| Event::Message {
        channel: "news".into(),
        message: json!({"message": "m", "headers": headers}),
    };
    assert!(s.payload(&msg(json!({"foo": "20"})), 0).is_some());
    assert!(s.payload(&msg(json!({"foo": "5"})), 0).is_none());
    assert!(s
        .payload(
            &Event::Message {
                channel: "news".into(),
                message: json!({"message": "no headers"})
            },
            0
        )
        .is_none());
    assert!(!s.is_about(&Event::Message {
        channel: "other".into(),
        message: json!({})
    }));
}

#[test]
fn bad_options_are_rejected_with_codes() {
    let err = |name: &str, opts: Value| {
        Subscription::parse("s", name, &options(opts))
            .expect_err("rejected")
            .code
    };
    assert_eq!(err("OBJECTS_CHANGES", json!({"event": "created"})), 8002);
    assert_eq!(
        err(
            "OBJECTS_CHANGES",
            json!({"tableName": "T", "event": "exploded"})
        ),
        8002
    );
    assert_eq!(
        err(
            "OBJECTS_CHANGES",
            json!({"tableName": "T", "event": "created", "whereClause": "a >"})
        ),
        1017
    );
    assert_eq!(err("PUB_SUB_MESSAGES", json!({"channel": 5})), 8002);
    assert_eq!(
        err(
            "RELATIONS_CHANGES",
            json!({"tableName": "T", "event": "add", "relationColumnName": "r", "parentObjects": "p"})
        ),
        8002
    );
    assert_eq!(err("RSO_CONNECT", json!({})), 8002);
    assert_eq!(err("RSO_CHANGES", json!({"name": 1})), 8002);
    assert_eq!(err("LOGGING_MESSAGES", json!({})), 99000);
    assert_eq!(err("WHATEVER", json!({})), 8002);
}

#[test]
fn membership_subscriptions_name_their_scope() {
    assert_eq!(
        sub("PUB_SUB_USERS", json!({"channel": "c"})).scope(),
        Some(&Scope::Channel("c".into()))
    );
    assert_eq!(
        sub("RSO_CONNECT", json!({"name": "c"})).scope(),
        Some(&Scope::SharedObject("c".into()))
    );
    assert_eq!(
        sub(
            "OBJECTS_CHANGES",
            json!({"tableName": "T", "event": "created"})
        )
        .scope(),
        None
    );
}
