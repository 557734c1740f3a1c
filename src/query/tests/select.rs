//! props / sortBy / groupBy / having: parsing, printing, and evaluation over groups.

use std::cmp::Ordering;

use serde_json::{json, Value};

use super::support::{Db, MemRow};
use crate::query::{
    compare_json_values, compare_rows, evaluate_group_operand, evaluate_having, evaluate_operand,
    group_rows, join_list, parse_group_by, parse_having, parse_props, parse_sort_by, project_group,
    project_row, Cardinality as C, Collation, ColumnKind as K, Projection, RowView, SortDirection,
};

fn movies() -> Db {
    Db::new()
        .table("Movie", &[("title", K::String), ("yearReleased", K::Int), ("totalBoxOffice", K::Double), ("released", K::DateTime)])
        .table("Actor", &[("name", K::String)])
        .relation("Movie", "actors", "Actor", C::OneToMany)
        .row("Actor", json!({"objectId":"x1","name":"Ann"}))
        .row("Actor", json!({"objectId":"x2","name":"Ben"}))
        .row("Actor", json!({"objectId":"x3","name":"Cy"}))
        .row("Actor", json!({"objectId":"x4","name":"Di"}))
        .row("Movie", json!({"objectId":"m1","title":"A","yearReleased":1997,"totalBoxOffice":1.0e9,"released":1_427_068_800_000_i64,"actors":["x1","x2","x3","x4"]}))
        .row("Movie", json!({"objectId":"m2","title":"B","yearReleased":1997,"totalBoxOffice":3.0e9,"released":1_427_072_523_000_i64,"actors":["x1"]}))
        .row("Movie", json!({"objectId":"m3","title":"C","yearReleased":2001,"totalBoxOffice":null,"released":null,"actors":[]}))
        .row("Movie", json!({"objectId":"m4","title":"d","yearReleased":2001,"totalBoxOffice":2.5e9,"released":0,"actors":["x2","x3"]}))
}

fn item(text: &str) -> Projection {
    let mut items = parse_props(text).unwrap();
    assert_eq!(items.len(), 1);
    items.remove(0)
}

fn groups<'a>(rows: &'a [MemRow<'a>], by: &str) -> Vec<Vec<&'a dyn RowView>> {
    let refs: Vec<&dyn RowView> = rows.iter().map(|r| r as &dyn RowView).collect();
    group_rows(&parse_group_by(by).unwrap(), &refs)
        .unwrap()
        .into_iter()
        .map(|g| g.into_iter().map(|i| refs[i]).collect())
        .collect()
}

#[test]
fn props_parse_and_print() {
    let items = parse_props("age as Age,blocked as Blocked,*").unwrap();
    assert_eq!(join_list(&items), "age AS Age, blocked AS Blocked, *");
    assert_eq!(parse_props(&join_list(&items)).unwrap(), items);
    let names: Vec<_> = parse_props("Count(objectId),yearReleased,TIME(created),Avg(x) as avgX,address.city,profile->'$.name',YEAR(NOW())-YEAR(dob) as age")
        .unwrap()
        .iter()
        .map(|p| p.output_name().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "count",
            "yearReleased",
            "Time",
            "avgX",
            "city",
            "profile->'$.name'",
            "age"
        ]
    );
    assert!(parse_props("").unwrap().is_empty());
    assert_eq!(parse_props("a,,b").unwrap_err().position, 2);
    assert!(parse_props("Count(distinct name) as n").unwrap()[0].is_aggregate());
    assert!(!item("name").is_aggregate());
}

#[test]
fn sort_and_group_parse() {
    let keys = parse_sort_by("counter desc").unwrap();
    assert_eq!(keys[0].direction, SortDirection::Desc);
    let keys = parse_sort_by("name, age DESC, created asc, address.city").unwrap();
    assert_eq!(
        join_list(&keys),
        "name ASC, age DESC, created ASC, address.city ASC"
    );
    assert_eq!(parse_sort_by(&join_list(&keys)).unwrap(), keys);
    assert!(parse_sort_by("a desc desc").is_err());
    assert!(parse_sort_by("").unwrap().is_empty());
    let by = parse_group_by("relatedCountry.countryName, YEAR(created)").unwrap();
    assert_eq!(join_list(&by), "relatedCountry.countryName, YEAR(created)");
    let err = parse_group_by("Count(x)").unwrap_err();
    assert!(
        err.message.contains("not allowed in groupBy"),
        "{}",
        err.message
    );
    assert!(parse_having("").is_err());
}

#[test]
fn grouping_by_columns() {
    let db = movies();
    let rows = db.rows("Movie");
    let by_year = groups(&rows, "yearReleased");
    assert_eq!(by_year.len(), 2);
    assert_eq!(by_year[0].len(), 2);
    let whole = groups(&rows, "");
    assert_eq!(whole.len(), 1);
    assert_eq!(whole[0].len(), 4);
    let empty: Vec<&dyn RowView> = Vec::new();
    assert_eq!(group_rows(&[], &empty).unwrap(), vec![Vec::<usize>::new()]);
    assert_eq!(groups(&rows, "yearReleased, totalBoxOffice").len(), 4);
    // Strings group without case, as under MySQL's default collation; 1 and 1.0 are equal.
    let mixed = Db::new()
        .table("T", &[("name", K::String)])
        .row("T", json!({"objectId":"1","name":"a","n":1}))
        .row("T", json!({"objectId":"2","name":"A","n":1.0}))
        .row("T", json!({"objectId":"3","name":"b","n":2}));
    let mixed_rows = mixed.rows("T");
    assert_eq!(groups(&mixed_rows, "name").len(), 2);
    assert_eq!(groups(&mixed_rows, "n").len(), 2);
}

#[test]
fn aggregates_follow_mysql_null_rules() {
    let db = movies();
    let rows = db.rows("Movie");
    let by_year = groups(&rows, "yearReleased");
    let value = |p: &str, g: usize| project_group(&item(p), &by_year[g]).unwrap();
    assert_eq!(value("Count(objectId)", 0), json!(2));
    assert_eq!(value("Count(totalBoxOffice)", 1), json!(1));
    assert_eq!(value("Count(*)", 1), json!(2));
    assert_eq!(value("Sum(totalBoxOffice)", 0), json!(4.0e9));
    assert_eq!(value("Sum(yearReleased)", 0), json!(3994));
    assert_eq!(value("Avg(totalBoxOffice)", 0), json!(2.0e9));
    assert_eq!(value("Avg(totalBoxOffice)", 1), json!(2.5e9));
    assert_eq!(value("Min(title)", 1), json!("C"));
    assert_eq!(value("Max(title)", 1), json!("d"));
    assert_eq!(value("Max(released)", 0), json!(1_427_072_523_000_i64));
    assert_eq!(value("yearReleased", 1), json!(2001));
    assert_eq!(value("Count(actors)", 0), json!(5));
    assert_eq!(value("Count(actors)", 1), json!(2));
    assert_eq!(value("Count(DISTINCT actors)", 0), json!(4));
    assert_eq!(value("Count(distinct actors.name)", 1), json!(2));
    let empty: Vec<&dyn RowView> = Vec::new();
    assert_eq!(project_group(&item("Count(*)"), &empty).unwrap(), json!(0));
    assert_eq!(
        project_group(&item("Sum(yearReleased)"), &empty).unwrap(),
        Value::Null
    );
    assert!(project_group(&Projection::All, &empty).is_err());
}

#[test]
fn having_uses_aggregates_aliases_and_grouped_columns() {
    let db = movies();
    let rows = db.rows("Movie");
    let by_year = groups(&rows, "yearReleased");
    let props = parse_props(
        "Avg(totalBoxOffice) as averageAmount, Count(actors) as actorsCount, yearReleased",
    )
    .unwrap();
    let having = |clause: &str| -> Vec<bool> {
        let expr = parse_having(clause).unwrap();
        by_year
            .iter()
            .map(|g| evaluate_having(&expr, &props, g).unwrap())
            .collect()
    };
    assert_eq!(having("Count(actors) > 3"), [true, false]);
    assert_eq!(having("actorsCount > 3"), [true, false]);
    assert_eq!(having("averageAmount > 2000000000"), [false, true]);
    assert_eq!(having("Avg(totalBoxOffice) >= 2000000000"), [true, true]);
    assert_eq!(
        having("yearReleased = 2001 AND Max(title) = 'D'"),
        [false, true]
    );
    assert_eq!(having("Sum(totalBoxOffice) IS NULL"), [false, false]);
    let empty: Vec<&dyn RowView> = Vec::new();
    let expr = parse_having("Count(*) = 0 AND Sum(x) IS NULL").unwrap();
    assert!(evaluate_having(&expr, &[], &empty).unwrap());
    // A self-named alias does not loop.
    let selfish = parse_props("title as title").unwrap();
    assert!(evaluate_having(&parse_having("title = 'A'").unwrap(), &selfish, &by_year[0]).unwrap());
    // Sorting grouped results by an alias.
    let avg = parse_group_by("averageAmount").unwrap().remove(0);
    let values: Vec<Value> = by_year
        .iter()
        .map(|g| evaluate_group_operand(&avg, &props, g).unwrap())
        .collect();
    assert_eq!(
        compare_json_values(&values[0], &values[1], Collation::CaseInsensitive),
        Ordering::Less
    );
}

#[test]
fn sorting_rows_like_mysql() {
    let db = movies();
    let rows = db.rows("Movie");
    let sorted = |by: &str| -> Vec<String> {
        let keys = parse_sort_by(by).unwrap();
        let mut refs: Vec<&MemRow> = rows.iter().collect();
        refs.sort_by(|a, b| compare_rows(&keys, *a, *b).unwrap());
        refs.iter()
            .map(|r| r.data["objectId"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(sorted("yearReleased desc, title"), ["m3", "m4", "m1", "m2"]);
    assert_eq!(sorted("totalBoxOffice"), ["m3", "m1", "m4", "m2"]);
    assert_eq!(sorted("totalBoxOffice DESC"), ["m2", "m4", "m1", "m3"]);
    assert_eq!(sorted("title desc"), ["m4", "m3", "m2", "m1"]);
    assert_eq!(sorted("actors.name desc, title"), ["m4", "m1", "m2", "m3"]);
    let keys = parse_sort_by("Count(actors)").unwrap();
    assert!(compare_rows(&keys, &rows[0], &rows[1]).is_err());
    assert_eq!(
        compare_json_values(&Value::Null, &json!(1), Collation::CaseInsensitive),
        Ordering::Less
    );
    assert_eq!(
        compare_json_values(&json!("a"), &json!("B"), Collation::CaseInsensitive),
        Ordering::Less
    );
    assert_eq!(
        compare_json_values(&json!("a"), &json!("B"), Collation::Binary),
        Ordering::Greater
    );
}

#[test]
fn projecting_single_rows() {
    let db = movies();
    let rows = db.rows("Movie");
    let m2 = &rows[1];
    assert_eq!(
        project_row(&item("TIME(released)"), m2).unwrap(),
        json!("01:02:03")
    );
    assert_eq!(
        project_row(&item("DATE(released)"), m2).unwrap(),
        json!("2015-03-23")
    );
    assert_eq!(
        project_row(&item("released"), m2).unwrap(),
        json!(1_427_072_523_000_i64)
    );
    assert_eq!(
        project_row(&item("UPPER(title) as t"), m2).unwrap(),
        json!("B")
    );
    assert_eq!(project_row(&item("actors.name"), m2).unwrap(), json!("Ann"));
    assert_eq!(
        project_row(&item("actors.name"), &rows[2]).unwrap(),
        Value::Null
    );
    assert_eq!(
        project_row(&item("yearReleased - 1900"), m2).unwrap(),
        json!(97)
    );
    assert_eq!(
        project_row(&item("totalBoxOffice / 1000000000"), m2).unwrap(),
        json!(3.0)
    );
    let op = parse_group_by("NOW()").unwrap().remove(0);
    assert_eq!(
        evaluate_operand(&op, m2).unwrap(),
        json!(super::support::NOW_MS - 789)
    );
}
