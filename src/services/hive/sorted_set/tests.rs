//! Unit tests of the sorted-set operations (hive.md §8): add options, ranks and ranges, pops, combinations.

use super::*;
use serde_json::json;

fn run(s: &mut Store<ZSet>, op: ZOp) -> Value {
    apply(s, ZCall::Keyed("z".into(), op), 0, &IdGen::seeded(1))
        .expect("applies")
        .into_value()
}

fn items(pairs: &[(f64, &str)]) -> Vec<(f64, Value)> {
    pairs.iter().map(|(s, v)| (*s, json!(v))).collect()
}

fn seeded() -> Store<ZSet> {
    let mut s = Store::default();
    let add = ZOp::Add(
        items(&[(1.0, "a"), (2.0, "b"), (3.0, "c"), (4.0, "d")]),
        Duplicates::AddOrUpdate,
        ScoreUpdate::Always,
        AddResult::NewAdded,
    );
    assert_eq!(run(&mut s, add), json!(4));
    s
}

#[test]
fn add_options() {
    let mut s = seeded();
    let add = |d, u, r| ZOp::Add(items(&[(5.0, "a"), (0.5, "b"), (9.0, "e")]), d, u, r);
    let only_update = add(
        Duplicates::OnlyUpdate,
        ScoreUpdate::Always,
        AddResult::TotalChanged,
    );
    assert_eq!(run(&mut s, only_update), json!(2));
    assert_eq!(run(&mut s, ZOp::Length), json!(4));
    let always_add = add(
        Duplicates::AlwaysAdd,
        ScoreUpdate::Always,
        AddResult::NewAdded,
    );
    assert_eq!(run(&mut s, always_add), json!(1));
    assert_eq!(run(&mut s, ZOp::Score(json!("a"))), json!(5.0));
    let greater = add(
        Duplicates::AddOrUpdate,
        ScoreUpdate::Greater,
        AddResult::TotalChanged,
    );
    // a: 5 -> 5 unchanged, b: 0.5 -> 0.5 unchanged, e: 9 -> 9 unchanged.
    assert_eq!(run(&mut s, greater), json!(0));
    let less = ZOp::Add(
        items(&[(0.1, "b"), (7.0, "c")]),
        Duplicates::AddOrUpdate,
        ScoreUpdate::Less,
        AddResult::TotalChanged,
    );
    assert_eq!(run(&mut s, less), json!(1));
    assert_eq!(run(&mut s, ZOp::Score(json!("c"))), json!(3.0));
}

#[test]
fn ranks_ranges_and_counts() {
    let mut s = seeded();
    assert_eq!(
        run(&mut s, ZOp::Rank(json!("c"), Direction::Ascending)),
        json!(2)
    );
    assert_eq!(
        run(&mut s, ZOp::Rank(json!("c"), Direction::Descending)),
        json!(1)
    );
    assert_eq!(
        run(&mut s, ZOp::Rank(json!("x"), Direction::Ascending)),
        Value::Null
    );
    assert_eq!(
        run(
            &mut s,
            ZOp::RangeByRank(0, -1, Shape::Values, Direction::Ascending)
        ),
        json!(["a", "b", "c", "d"])
    );
    assert_eq!(
        run(
            &mut s,
            ZOp::RangeByRank(0, 1, Shape::WithScores, Direction::Descending)
        ),
        json!([[4.0, "d"], [3.0, "c"]])
    );
    let by_score =
        |min, max, offset, page, dir| ZOp::RangeByScore(min, max, offset, page, Shape::Values, dir);
    assert_eq!(
        run(
            &mut s,
            by_score(
                Bound::Exclude(1.0),
                Bound::Include(3.0),
                0,
                20,
                Direction::Ascending
            )
        ),
        json!(["b", "c"])
    );
    assert_eq!(
        run(
            &mut s,
            by_score(
                Bound::Infinity,
                Bound::Infinity,
                1,
                2,
                Direction::Descending
            )
        ),
        json!(["c", "b"])
    );
    assert_eq!(
        run(&mut s, ZOp::Count(Bound::Include(2.0), Bound::Infinity)),
        json!(3)
    );
}

#[test]
fn increments_pops_and_removals() {
    let mut s = seeded();
    assert_eq!(run(&mut s, ZOp::Increment(json!("a"), 10.0)), json!(11.0));
    assert_eq!(run(&mut s, ZOp::Increment(json!("new"), -1.5)), json!(-1.5));
    assert_eq!(
        run(&mut s, ZOp::Pop(Direction::Descending, 1)),
        json!([[11.0, "a"]])
    );
    assert_eq!(
        run(&mut s, ZOp::Pop(Direction::Ascending, 2)),
        json!([[-1.5, "new"], [2.0, "b"]])
    );
    assert_eq!(
        run(&mut s, ZOp::Remove(vec![json!("c"), json!("zz")])),
        json!(1)
    );
    assert_eq!(run(&mut s, ZOp::Length), json!(1));
    let mut s = seeded();
    assert_eq!(run(&mut s, ZOp::RemoveByRank(0, 1)), json!(2));
    assert_eq!(
        run(
            &mut s,
            ZOp::RemoveByScore(Bound::Include(4.0), Bound::Infinity)
        ),
        json!(1)
    );
    assert_eq!(
        run(
            &mut s,
            ZOp::RangeByRank(0, -1, Shape::Values, Direction::Ascending)
        ),
        json!(["c"])
    );
    let random = run(&mut s, ZOp::Random(3, Shape::WithScores));
    assert_eq!(random, json!([[3.0, "c"]]));
}

#[test]
fn combinations_order_by_summed_score() {
    let mut s = seeded();
    let other = ZOp::Add(
        items(&[(10.0, "a"), (0.0, "x")]),
        Duplicates::AddOrUpdate,
        ScoreUpdate::Always,
        AddResult::NewAdded,
    );
    apply(
        &mut s,
        ZCall::Keyed("w".into(), other),
        0,
        &IdGen::seeded(1),
    )
    .expect("adds");
    let combine = |kind| {
        apply(
            &mut s.clone(),
            ZCall::Combine(kind, vec!["z".into(), "w".into()]),
            0,
            &IdGen::seeded(1),
        )
        .expect("combines")
        .into_value()
    };
    assert_eq!(combine(Algebra::Union), json!(["x", "b", "c", "d", "a"]));
    assert_eq!(combine(Algebra::Intersection), json!(["a"]));
    assert_eq!(combine(Algebra::Difference), json!(["b", "c", "d"]));
}
