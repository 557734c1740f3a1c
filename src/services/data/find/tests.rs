//! Unit tests of the find engine over an in-memory table (no HTTP).

use serde_json::{json, Value};

use super::{parse_where, Plan, Reader};
use crate::ids::IdGen;
use crate::services::data::access::Actor;
use crate::services::data::store::{Tables, WriteCtx};
use crate::services::security::SecurityState;

fn tables() -> Tables {
    let ids = IdGen::seeded(9);
    let ctx = WriteCtx {
        owner_id: None,
        now: 1,
        dynamic_schema: true,
        ids: &ids,
    };
    let mut t = Tables::default();
    for (id, n, name) in [
        ("A1", 1, "x"),
        ("B2", 2, "Y"),
        ("C3", 3, "z"),
        ("D4", 4, "y"),
    ] {
        let body = json!({"objectId": id, "n": n, "name": name});
        t.insert("T", body.as_object().cloned().unwrap_or_default(), &ctx)
            .expect("saved");
    }
    t
}

fn ids(t: &Tables, clause: &str, sort: Option<&str>) -> Vec<String> {
    let security = SecurityState::default();
    let reader = Reader::new(t, &security, Actor::Console, 1);
    let plan = Plan {
        filter: parse_where(Some(clause)).expect("parses"),
        sort: sort
            .map(|s| crate::query::parse_sort_by(s).expect("sort"))
            .unwrap_or_default(),
        page_size: 100,
        ..Plan::default()
    };
    reader
        .find("T", &plan)
        .expect("found")
        .iter()
        .map(|o| o["objectId"].as_str().unwrap_or_default().to_string())
        .collect::<Vec<_>>()
}

#[test]
fn object_id_lookups_match_what_a_scan_finds() {
    let t = tables();
    assert_eq!(ids(&t, "objectId in ('C3','A1')", None), ["A1", "C3"]);
    assert_eq!(
        ids(&t, "objectId = 'B2' and n > 5", None),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(&t, "n > 1 and objectId in ('D4','B2','ZZ')", None),
        ["B2", "D4"]
    );
    assert_eq!(
        ids(&t, "objectId = 'c3'", None),
        ["C3"],
        "ids compare without case"
    );
}

#[test]
fn sorting_is_case_insensitive_stable_and_paged_by_top_k() {
    let t = tables();
    assert_eq!(ids(&t, "n > 0", Some("name")), ["A1", "B2", "D4", "C3"]);
    assert_eq!(
        ids(&t, "n > 0", Some("name desc, n")),
        ["C3", "B2", "D4", "A1"]
    );
    let security = SecurityState::default();
    let reader = Reader::new(&t, &security, Actor::Console, 1);
    let plan = Plan {
        sort: crate::query::parse_sort_by("n desc").expect("sort"),
        page_size: 2,
        offset: 1,
        ..Plan::default()
    };
    let page: Vec<Value> = reader.find("T", &plan).expect("page");
    let ns: Vec<i64> = page.iter().filter_map(|o| o["n"].as_i64()).collect();
    assert_eq!(ns, [3, 2]);
}

/// A table large enough for kept sort orders: ties, nulls and mixed case in the sort columns.
fn big_table(rows: usize) -> (Tables, IdGen) {
    let ids = IdGen::seeded(3);
    let mut t = Tables::default();
    for i in 0..rows {
        insert_numbered(&mut t, &ids, i);
    }
    (t, ids)
}

fn insert_numbered(t: &mut Tables, ids: &IdGen, i: usize) {
    let ctx = WriteCtx {
        owner_id: None,
        now: 1,
        dynamic_schema: true,
        ids,
    };
    let names = ["ann", "Bob", "cid", "bob", "Ann"];
    let score = if i.is_multiple_of(11) {
        Value::Null
    } else {
        json!((i * 7919) % 50)
    };
    let body = json!({
        "objectId": format!("R{i:05}"), "age": i % 97, "active": i.is_multiple_of(2),
        "score": score, "name": names[i % names.len()],
    });
    t.insert("T", body.as_object().cloned().unwrap_or_default(), &ctx)
        .expect("saved");
}

/// The find's page and the page of a plain scan, sort and page of the same plan.
fn find_and_scan(
    t: &Tables,
    clause: Option<&str>,
    sort: &str,
    offset: usize,
) -> (Vec<Value>, Vec<Value>) {
    let security = SecurityState::default();
    let reader = Reader::new(t, &security, Actor::Console, 1);
    let plan = Plan {
        filter: parse_where(clause).expect("parses"),
        sort: crate::query::parse_sort_by(sort).expect("sort"),
        page_size: 10,
        offset,
        ..Plan::default()
    };
    let found = reader.find("T", &plan).expect("found");
    let table = t.table("T").expect("table");
    let rows = reader
        .matching(
            table,
            plan.filter.as_ref(),
            crate::services::security::Permission::Find,
        )
        .expect("scanned");
    let scanned = reader.page_of(table, rows, &plan).expect("paged");
    (found, scanned)
}

#[test]
fn kept_sort_orders_answer_what_a_scan_answers_and_follow_writes() {
    let (mut t, ids) = big_table(3000);
    let cases = [
        (Some("age > 10 and active = true"), "score desc, name"),
        (Some("age > 10 and active = true"), "score desc, name"),
        (None, "name"),
        (Some("name = 'bob'"), "score, objectId desc"),
        (Some("age = 3"), "score desc"),
        (Some("age > 1000"), "score"),
    ];
    for offset in [0, 7, 35] {
        for (clause, sort) in cases {
            let (found, scanned) = find_and_scan(&t, clause, sort, offset);
            assert_eq!(
                found, scanned,
                "{clause:?} sorted by {sort}, offset {offset}"
            );
        }
    }
    assert_eq!(t.sort_orders().kept(), 5, "one order per sort");
    // A write changes the rows: the next find sorts the new rows, not the kept order.
    for i in 3000..3020 {
        insert_numbered(&mut t, &ids, i);
    }
    t.remove_row("T", "R00002").expect("removed");
    let (found, scanned) = find_and_scan(
        &t,
        Some("age > 10 and active = true"),
        "score desc, name",
        0,
    );
    assert_eq!(found, scanned);
    let (found, _) = find_and_scan(&t, None, "objectId desc", 0);
    assert_eq!(found[0]["objectId"], "R03019");
}
