//! Evaluator tests on scalar columns: every operator, NULL logic, LIKE, case, dates,
//! booleans, functions and arithmetic.

use serde_json::json;

use super::support::Db;
use crate::query::{Collation, ColumnKind as K, QueryErrorKind};

/// 1990-01-15T00:00:00Z, 1995-06-01T12:00:00Z, 2000-02-29T23:59:59.500Z
const BORN_1: i64 = 632_361_600_000;
const BORN_2: i64 = 802_008_000_000;
const BORN_4: i64 = 951_868_799_500;

fn people() -> Db {
    Db::new()
        .table(
            "Person",
            &[
                ("name", K::String),
                ("age", K::Int),
                ("score", K::Double),
                ("active", K::Boolean),
                ("born", K::DateTime),
                ("bio", K::Text),
            ],
        )
        .row("Person", json!({"objectId":"p1","name":"Alice","age":30,"score":1.5,"active":true,"born":BORN_1,"bio":"likes 100% cotton","created":1000}))
        .row("Person", json!({"objectId":"p2","name":"bob","age":25,"score":null,"active":false,"born":BORN_2,"bio":"a_b","created":2000}))
        .row("Person", json!({"objectId":"p3","name":"Charlie's","age":null,"score":2.0,"active":null,"born":null,"bio":null,"created":3000}))
        .row("Person", json!({"objectId":"p4","name":"50% off","age":40,"score":-3.25,"active":true,"born":BORN_4,"bio":"axb","created":4000}))
}

fn ids(db: &Db, clause: &str) -> Vec<String> {
    db.find("Person", clause)
}

macro_rules! assert_finds {
    ($db:expr, $clause:expr, [$($id:expr),*]) => {
        assert_eq!(ids(&$db, $clause), vec![$($id.to_string()),*] as Vec<String>, "{}", $clause)
    };
}

#[test]
fn comparisons_on_numbers() {
    let db = people();
    assert_finds!(db, "age = 30", ["p1"]);
    assert_finds!(db, "age != 30", ["p2", "p4"]);
    assert_finds!(db, "age <> 30", ["p2", "p4"]);
    assert_finds!(db, "age < 30", ["p2"]);
    assert_finds!(db, "age <= 30", ["p1", "p2"]);
    assert_finds!(db, "age > 30", ["p4"]);
    assert_finds!(db, "age >= 30", ["p1", "p4"]);
    assert_finds!(db, "score = 2", ["p3"]);
    assert_finds!(db, "score < 0", ["p4"]);
    assert_finds!(db, "age = '30'", ["p1"]);
    assert_finds!(db, "age = 30.0", ["p1"]);
    assert_finds!(db, "30 = age", ["p1"]);
}

#[test]
fn null_is_unknown_and_not_unknown_is_unknown() {
    let db = people();
    assert_finds!(db, "age IS NULL", ["p3"]);
    assert_finds!(db, "age IS NOT NULL", ["p1", "p2", "p4"]);
    assert_finds!(db, "NOT (age = 30)", ["p2", "p4"]);
    assert_finds!(db, "NOT (age IS NULL)", ["p1", "p2", "p4"]);
    assert_finds!(db, "age = NULL", []);
    // MySQL: `!= NULL` is unknown too (where-clause.md §1 open question 2).
    assert_finds!(db, "objectId != NULL", []);
    assert_finds!(db, "age = 30 OR age = NULL", ["p1"]);
    assert_finds!(db, "NOT (age = 30 AND score = 7)", ["p1", "p2", "p3", "p4"]);
    assert_finds!(db, "NOT (age > 100 OR score > 100)", ["p1", "p4"]);
    assert_finds!(db, "age IN (30, NULL)", ["p1"]);
    assert_finds!(db, "age NOT IN (30, NULL)", []);
    assert_finds!(db, "age NOT IN (30)", ["p2", "p4"]);
    assert_finds!(db, "age BETWEEN 20 AND NULL", []);
    assert_finds!(db, "age NOT BETWEEN 100 AND NULL", ["p1", "p2", "p4"]);
}

#[test]
fn in_and_between() {
    let db = people();
    assert_finds!(db, "name IN ('alice', 'BOB')", ["p1", "p2"]);
    assert_finds!(db, "objectId in ('p1','p3')", ["p1", "p3"]);
    assert_finds!(db, "age BETWEEN 25 AND 30", ["p1", "p2"]);
    assert_finds!(db, "age NOT BETWEEN 25 AND 30", ["p4"]);
    assert_finds!(db, "name BETWEEN 'a' AND 'b'", ["p1"]);
}

#[test]
fn strings_compare_without_case_by_default() {
    let mut db = people();
    assert_finds!(db, "name = 'ALICE'", ["p1"]);
    assert_finds!(db, "name > 'B'", ["p2", "p3"]);
    assert_finds!(db, "name = 'Charlie''s'", ["p3"]);
    assert_finds!(db, "name = \"charlie's\"", ["p3"]);
    db.collation = Collation::Binary;
    assert_finds!(db, "name = 'ALICE'", []);
    assert_finds!(db, "name LIKE 'a%'", []);
    assert_finds!(db, "name LIKE 'A%'", ["p1"]);
}

#[test]
fn like_wildcards_and_escapes() {
    let db = people();
    assert_finds!(db, "name LIKE 'a%'", ["p1"]);
    assert_finds!(db, "name LIKE '%E'", ["p1"]);
    assert_finds!(db, "name LIKE '%li%'", ["p1", "p3"]);
    assert_finds!(db, "name LIKE '_ob'", ["p2"]);
    assert_finds!(db, "name NOT LIKE '%o%'", ["p1", "p3"]);
    assert_finds!(db, "bio LIKE '%100\\%%'", ["p1"]);
    assert_finds!(db, "bio LIKE 'a\\_b'", ["p2"]);
    assert_finds!(db, "bio LIKE 'a_b'", ["p2", "p4"]);
    assert_finds!(db, "bio LIKE 'a!_b' ESCAPE '!'", ["p2"]);
    assert_finds!(db, "name LIKE '50|%%' ESCAPE '|'", ["p4"]);
    assert_finds!(db, "age LIKE '3%'", ["p1"]);
    assert_finds!(db, "bio LIKE '%'", ["p1", "p2", "p4"]);
}

#[test]
fn booleans_are_tinyint() {
    let db = people();
    assert_finds!(db, "active = true", ["p1", "p4"]);
    assert_finds!(db, "active = FALSE", ["p2"]);
    assert_finds!(db, "active = 1", ["p1", "p4"]);
    assert_finds!(db, "active = 0", ["p2"]);
    assert_finds!(db, "active", ["p1", "p4"]);
    assert_finds!(db, "not active", ["p2"]);
    assert_finds!(db, "active IS NULL", ["p3"]);
    assert_finds!(db, "TRUE", ["p1", "p2", "p3", "p4"]);
    assert_finds!(db, "NULL", []);
}

#[test]
fn string_number_coercion_follows_mysql() {
    let db = people();
    assert_finds!(db, "name = 0", ["p1", "p2", "p3"]);
    assert_finds!(db, "name = 50", ["p4"]);
    assert_finds!(db, "name > 10", ["p4"]);
}

#[test]
fn dates_against_strings_and_epoch_ms() {
    let db = people();
    assert_finds!(db, "born = 632361600000", ["p1"]);
    assert_finds!(db, "born = '01/15/1990'", ["p1"]);
    assert_finds!(db, "born = '15-Jan-1990'", ["p1"]);
    assert_finds!(db, "born < '1995-06-01'", ["p1"]);
    assert_finds!(db, "born after '06/01/1995'", ["p2", "p4"]);
    assert_finds!(db, "born before 802008000000", ["p1"]);
    assert_finds!(db, "born at or after '06/01/1995 12:00:00'", ["p2", "p4"]);
    assert_finds!(
        db,
        "born at or before '06/01/1995 14:00:00 GMT+02:00'",
        ["p1", "p2"]
    );
    assert_finds!(db, "born => '2000-02-29'", ["p4"]);
    assert_finds!(
        db,
        "born BETWEEN '01/01/1990' AND '12/31/1999'",
        ["p1", "p2"]
    );
    assert_finds!(db, "born IN ('01/15/1990', 802008000000)", ["p1", "p2"]);
    assert_finds!(db, "created after 1500", ["p2", "p3", "p4"]);
    let err = db.error("Person", "born > 'not a date'");
    assert_eq!(err.kind, QueryErrorKind::InvalidDate);
    assert!(err.message.contains("not a date"));
}

#[test]
fn date_functions() {
    let db = people();
    assert_finds!(db, "YEAR(born) = 1990", ["p1"]);
    assert_finds!(db, "MONTH(born) = 6 AND DAY(born) = 1", ["p2"]);
    assert_finds!(
        db,
        "HOUR(born) = 23 AND MINUTE(born) = 59 AND SECOND(born) = 59",
        ["p4"]
    );
    assert_finds!(db, "DATE(born) = '2000-02-29'", ["p4"]);
    assert_finds!(db, "TIME(born) = '12:00:00'", ["p2"]);
    assert_finds!(db, "WEEK(born) = 2", ["p1"]);
    assert_finds!(db, "UNIXTIMESTAMP(born) = 632361600", ["p1"]);
    assert_finds!(db, "YEAR(NOW()) - YEAR(born) > 25", ["p1"]);
    assert_finds!(db, "born < NOW()", ["p1", "p2", "p4"]);
    assert_finds!(
        db,
        "NOW() = '2020-06-15 12:34:56'",
        ["p1", "p2", "p3", "p4"]
    );
    assert_finds!(
        db,
        "NOW(3) = '2020-06-15 12:34:56.789'",
        ["p1", "p2", "p3", "p4"]
    );
    assert_finds!(db, "YEAR('garbage') IS NULL", ["p1", "p2", "p3", "p4"]);
    let err = db.error("Person", "WEEK(born, 7) = 1");
    assert!(err.message.ends_with("is not supported by the emulator"));
}

#[test]
fn string_and_numeric_functions() {
    let db = people();
    assert_finds!(db, "UPPER(name) = 'BOB'", ["p2"]);
    assert_finds!(db, "LOWER(name) LIKE 'charlie%'", ["p3"]);
    assert_finds!(db, "CONCAT(name, '-', age) = 'bob-25'", ["p2"]);
    assert_finds!(db, "CONCAT(name, age) IS NULL", ["p3"]);
    assert_finds!(db, "LENGTH(name) = 3", ["p2"]);
    assert_finds!(
        db,
        "CHAR_LENGTH('é') = 1 AND LENGTH('é') = 2 AND age = 30",
        ["p1"]
    );
    assert_finds!(db, "SUBSTRING(name, 2, 3) = 'lic'", ["p1"]);
    assert_finds!(db, "SUBSTRING(name, -2) = 'ob'", ["p2"]);
    assert_finds!(db, "TRIM('  x  ') = 'x' AND age = 25", ["p2"]);
    assert_finds!(db, "ABS(score) = 3.25", ["p4"]);
    assert_finds!(db, "ROUND(score) = 2", ["p1", "p3"]);
    assert_finds!(db, "ROUND(score, 1) = -3.3", ["p4"]);
    assert_finds!(
        db,
        "FLOOR(score) = -4 OR CEIL(score) = 2",
        ["p1", "p3", "p4"]
    );
}

#[test]
fn arithmetic() {
    let db = people();
    assert_finds!(db, "age + 5 = 35", ["p1"]);
    assert_finds!(db, "age * 2 - 10 = 40", ["p2"]);
    assert_finds!(db, "(age + 10) / 2 = 20", ["p1"]);
    assert_finds!(db, "age / 0 IS NULL", ["p1", "p2", "p3", "p4"]);
    assert_finds!(db, "age % 7 = 2", ["p1"]);
    assert_finds!(db, "-age < -35", ["p4"]);
    assert_finds!(db, "age + NULL IS NULL", ["p1", "p2", "p3", "p4"]);
    assert_finds!(db, "'5' + 1 = 6 AND age = 30", ["p1"]);
    let err = db.error("Person", "9223372036854775807 + age > 0");
    assert!(err.message.contains("out of range"));
}

#[test]
fn unknown_columns_are_errors() {
    let db = people();
    let err = db.error("Person", "nope = 1");
    assert_eq!(err.kind, QueryErrorKind::UnknownColumn);
    assert!(err.message.contains("'nope'"));
    let err = db.error("Person", "name.city = 1");
    assert_eq!(err.kind, QueryErrorKind::UnknownColumn);
}

#[test]
fn spatial_functions_are_unsupported() {
    let db = people();
    let err = db.error("Person", "ST_Distance(name, 'POINT(1 1)') < 5");
    assert_eq!(err.kind, QueryErrorKind::Unsupported);
    assert_eq!(
        err.message,
        "spatial function ST_Distance is not supported by the emulator"
    );
}
