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
