//! Evaluator tests across tables: 1:1 and 1:N relations (LEFT JOIN, any-child semantics),
//! inverted relations `Parent[rel]`, subqueries, and JSON paths.

use serde_json::json;

use super::support::Db;
use crate::query::{Cardinality as C, ColumnKind as K, QueryErrorKind};

pub(super) fn social() -> Db {
    Db::new()
        .table("Person", &[("name", K::String), ("profile", K::Json)])
        .table("Address", &[("city", K::String), ("zip", K::Int)])
        .table("BlogPost", &[("title", K::String)])
        .table("Comment", &[("text", K::Text)])
        .relation("Person", "address", "Address", C::OneToOne)
        .relation("Person", "friends", "Person", C::OneToMany)
        .relation("Comment", "author", "Person", C::OneToOne)
        .relation("Comment", "blogPost", "BlogPost", C::OneToOne)
        .row("Address", json!({"objectId":"a1","city":"New York","zip":10001}))
        .row("Address", json!({"objectId":"a2","city":"Dallas","zip":75001}))
        .row("Address", json!({"objectId":"a3","city":null,"zip":null}))
        .row("Person", json!({"objectId":"p1","name":"Alice","address":"a1","friends":["p2","p3"],
            "profile":{"age":30,"address":{"city":"New York"},"nums":[1,2,3],"flag":true,"name":"Alice"}}))
        .row("Person", json!({"objectId":"p2","name":"bob","address":"a2","friends":["p1"],
            "profile":{"age":"25","nums":[],"name":"BOB"}}))
        .row("Person", json!({"objectId":"p3","name":"Carol","address":null,"friends":[],"profile":null}))
        .row("Person", json!({"objectId":"p4","name":"Dave","address":"a3","friends":["p2"],
            "profile":{"age":41,"address":{"city":"Dallas","zip":null}}}))
        .row("BlogPost", json!({"objectId":"b1","title":"First"}))
        .row("BlogPost", json!({"objectId":"b2","title":"Second"}))
        .row("BlogPost", json!({"objectId":"b3","title":"Third"}))
        .row("Comment", json!({"objectId":"c1","text":"hi","author":"p1","blogPost":"b1"}))
        .row("Comment", json!({"objectId":"c2","text":"yo","author":"p2","blogPost":"b2"}))
        .row("Comment", json!({"objectId":"c3","text":"hey","author":"p3","blogPost":"b3"}))
}

macro_rules! assert_finds {
    ($db:expr, $table:expr, $clause:expr, [$($id:expr),*]) => {
        assert_eq!($db.find($table, $clause), vec![$($id.to_string()),*] as Vec<String>, "{}", $clause)
    };
}

#[test]
fn one_to_one_paths() {
    let db = social();
    assert_finds!(db, "Person", "address.city = 'New York'", ["p1"]);
    assert_finds!(db, "Person", "address.city = 'dallas'", ["p2"]);
    assert_finds!(db, "Person", "address.zip > 10000", ["p1", "p2"]);
    assert_finds!(db, "Person", "address is null", ["p3"]);
    assert_finds!(db, "Person", "address is not null", ["p1", "p2", "p4"]);
    assert_finds!(db, "Person", "address.city is null", ["p3", "p4"]);
    assert_finds!(db, "Person", "address = 'a1'", ["p1"]);
    assert_finds!(db, "Comment", "author.address.city = 'Dallas'", ["c2"]);
}

#[test]
fn one_to_many_matches_if_any_child_matches() {
    let db = social();
    assert_finds!(db, "Person", "friends.name = 'bob'", ["p1", "p4"]);
    assert_finds!(db, "Person", "friends.name = 'Alice'", ["p2"]);
    assert_finds!(db, "Person", "friends.name != 'bob'", ["p1", "p2"]);
    assert_finds!(db, "Person", "NOT friends.name = 'bob'", ["p1", "p2"]);
    assert_finds!(db, "Person", "friends is null", ["p3"]);
    assert_finds!(db, "Person", "friends.address.city = 'New York'", ["p2"]);
    assert_finds!(db, "Person", "friends.friends.name = 'Carol'", ["p2"]);
}

#[test]
fn one_to_many_conditions_bind_the_same_child() {
    let db = social();
    // A SQL join binds one friend per row: no single friend is both bob and Carol.
    assert_finds!(
        db,
        "Person",
        "friends.name = 'bob' AND friends.name = 'Carol'",
        []
    );
    assert_finds!(
        db,
        "Person",
        "friends.name = 'bob' OR friends.name = 'Carol'",
        ["p1", "p4"]
    );
    assert_finds!(
        db,
        "Person",
        "friends.name = 'bob' AND address.zip IS NULL",
        ["p4"]
    );
    assert_finds!(
        db,
        "Person",
        "friends.name = 'Carol' AND friends.address IS NULL",
        ["p1"]
    );
}

#[test]
fn inverted_relations() {
    let db = social();
    assert_finds!(db, "Address", "Person[address].name = 'Alice'", ["a1"]);
    assert_finds!(
        db,
        "Address",
        "Person[address].objectId IS NOT NULL",
        ["a1", "a2", "a3"]
    );
    assert_finds!(db, "Person", "Person[friends].name = 'Alice'", ["p2", "p3"]);
    assert_finds!(db, "Person", "Person[friends].objectId = 'p4'", ["p2"]);
    assert_finds!(
        db,
        "Person",
        "Person[friends].address.city = 'New York'",
        ["p2", "p3"]
    );
    assert_finds!(db, "Person", "Person[friends].objectId IS NULL", ["p4"]);
    let err = db.error("Person", "Nope[rel].name = 'x'");
    assert_eq!(err.kind, QueryErrorKind::UnknownTable);
}

#[test]
fn subqueries() {
    let db = social();
    let posts = |clause: &str| db.find("BlogPost", clause);
    assert_eq!(
        posts("objectId in (Comment[author.name LIKE 'a%'].blogPost.objectId)"),
        ["b1"]
    );
    assert_eq!(
        posts("objectId in (Comment.blogPost.objectId)"),
        ["b1", "b2", "b3"]
    );
    assert_eq!(
        posts("objectId not in (Comment[author.name = 'bob'].blogPost.objectId)"),
        ["b1", "b3"]
    );
    assert!(posts("objectId in (Comment[text = 'none'].blogPost.objectId)").is_empty());
    assert_eq!(
        posts("objectId not in (Comment[text = 'none'].blogPost.objectId)"),
        ["b1", "b2", "b3"]
    );
    assert_eq!(
        posts("title IN (Comment[text = 'yo'].blogPost.title) OR title = 'Third'"),
        ["b2", "b3"]
    );
    let err = db.error("BlogPost", "objectId in (Nope.x)");
    assert_eq!(err.kind, QueryErrorKind::UnknownTable);
}

#[test]
fn json_paths() {
    let db = social();
    assert_finds!(db, "Person", "profile->'$.age' = 30", ["p1"]);
    // MySQL orders mixed JSON types by type: the string "25" sorts above any number.
    assert_finds!(db, "Person", "profile->'$.age' > 30", ["p2", "p4"]);
    assert_finds!(db, "Person", "profile->'$.age' = '25'", ["p2"]);
    assert_finds!(
        db,
        "Person",
        "profile->'$.address.city' = 'New York'",
        ["p1"]
    );
    assert_finds!(db, "Person", "profile->'$.address.city' = 'new york'", []);
    assert_finds!(
        db,
        "Person",
        "profile->>'$.address.city' = 'Dallas'",
        ["p4"]
    );
    assert_finds!(db, "Person", "profile->>'$.age' = 25", ["p2"]);
    assert_finds!(db, "Person", "profile->'$.nums[1]' = 2", ["p1"]);
    assert_finds!(db, "Person", "profile->'$.nums[last]' = 3", ["p1"]);
    assert_finds!(db, "Person", "profile->'$.nums[*]' IS NOT NULL", ["p1"]);
    assert_finds!(db, "Person", "profile->'$.flag' = true", ["p1"]);
    assert_finds!(
        db,
        "Person",
        "profile->'$.missing' IS NULL",
        ["p1", "p2", "p3", "p4"]
    );
    assert_finds!(
        db,
        "Person",
        "profile->'$.address.zip' IS NULL",
        ["p1", "p2", "p3"]
    );
    assert_finds!(
        db,
        "Person",
        "JSON_CONTAINS(profile->'$.nums', '2')",
        ["p1"]
    );
    assert_finds!(
        db,
        "Person",
        "JSON_CONTAINS(profile, '{\"age\": 41}')",
        ["p4"]
    );
    assert_finds!(
        db,
        "Person",
        "JSON_EXTRACT(profile, '$.name') = 'BOB'",
        ["p2"]
    );
    assert_finds!(db, "Person", "JSON_LENGTH(profile->'$.nums') = 3", ["p1"]);
    assert_finds!(db, "Person", "JSON_LENGTH(profile, '$.nums') = 0", ["p2"]);
    assert_finds!(
        db,
        "Person",
        "JSON_UNQUOTE(profile->'$.name') = 'alice'",
        []
    );
    assert_finds!(
        db,
        "Person",
        "JSON_UNQUOTE(profile->'$.name') = 'Alice'",
        ["p1"]
    );
    assert_finds!(db, "Comment", "author.profile->'$.age' = 30", ["c1"]);
    assert_finds!(
        db,
        "Person",
        "profile->'$**.city' IS NOT NULL",
        ["p1", "p4"]
    );
}

#[test]
fn invalid_json_text_is_an_error() {
    let db = Db::new()
        .table("T", &[("doc", K::String)])
        .row("T", json!({"objectId":"t1","doc":"{not json"}));
    let err = db.error("T", "doc->'$.a' = 1");
    assert_eq!(err.kind, QueryErrorKind::Evaluation);
    assert!(err.message.contains("Invalid JSON text"));
}

#[test]
fn unknown_relation_hops_are_errors() {
    let db = social();
    let err = db.error("Person", "friends.nope = 1");
    assert_eq!(err.kind, QueryErrorKind::UnknownColumn);
}
