//! Set-based IN and OR-as-IN give exactly what the naive evaluation gives: one comparison per
//! candidate, one term at a time (same three-valued results, same errors).

use proptest::prelude::*;
use serde_json::json;

use super::support::Db;
use crate::query::evaluator::Evaluator;
use crate::query::{parse_where, Collation, ColumnKind as K};

const COLUMNS: [&str; 6] = ["s", "i", "f", "b", "d", "j"];

fn db(collation: Collation) -> Db {
    let mut db = Db::new().table(
        "T",
        &[
            ("s", K::String),
            ("i", K::Int),
            ("f", K::Double),
            ("b", K::Boolean),
            ("d", K::DateTime),
            ("j", K::Json),
        ],
    );
    db.collation = collation;
    let rows = [
        json!({"s": "Abc", "i": 5, "f": 5.0, "b": true, "d": 0, "j": "abc"}),
        json!({"s": "5x", "i": 0, "f": -0.0, "b": false, "d": 86_400_000, "j": 5}),
        json!({"s": "", "i": -1, "f": 0.5, "b": null, "d": null, "j": {"a": 1}}),
        json!({"s": null, "i": null, "f": null, "b": true, "d": 1, "j": null}),
        json!({"s": "É", "i": 1000, "f": 1e3, "b": false, "d": 2, "j": [1]}),
    ];
    for (n, mut row) in rows.into_iter().enumerate() {
        row["objectId"] = json!(format!("r{n}"));
        db = db.row("T", row);
    }
    db
}

fn literal() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "'abc'",
        "'ABC'",
        "'5'",
        "'5x'",
        "''",
        "'é'",
        "'1970-01-01'",
        "'01/02/1970'",
        "'soon'",
        "5",
        "0",
        "-1",
        "1000",
        "0.5",
        "-0.0",
        "1e3",
        "TRUE",
        "FALSE",
        "NULL",
    ])
    .prop_map(str::to_owned)
}

/// Each row's answer (or error text).
type Answers = Vec<Result<bool, String>>;

/// The answer of `clause` for every row, with and without the shortcuts.
fn both(db: &Db, clause: &str) -> (Answers, Answers) {
    let expr = parse_where(clause).unwrap_or_else(|e| panic!("{clause}: {e}"));
    let rows = db.rows("T");
    let run = |eval: &Evaluator<'_>| -> Answers {
        rows.iter()
            .map(|r| eval.matches(&expr, r).map_err(|e| e.to_string()))
            .collect()
    };
    let fast = run(&Evaluator::default());
    let naive = run(&Evaluator::default().naive());
    (fast, naive)
}

proptest! {
    #[test]
    fn hashed_in_lists_answer_what_the_linear_scan_answers(
        column in prop::sample::select(COLUMNS.to_vec()),
        literals in prop::collection::vec(literal(), 1..8),
        negated in any::<bool>(),
        binary in any::<bool>(),
    ) {
        let collation = if binary { Collation::Binary } else { Collation::CaseInsensitive };
        let not = if negated { "NOT " } else { "" };
        let clause = format!("{column} {not}IN ({})", literals.join(", "));
        let (fast, naive) = both(&db(collation), &clause);
        prop_assert_eq!(fast, naive, "{}", clause);
    }

    #[test]
    fn ors_of_equalities_answer_what_term_by_term_evaluation_answers(
        column in prop::sample::select(COLUMNS.to_vec()),
        literals in prop::collection::vec((literal(), any::<bool>()), 2..8),
        wrapped in any::<bool>(),
    ) {
        let terms: Vec<String> = literals
            .iter()
            .map(|(l, flipped)| if *flipped { format!("{l} = {column}") } else { format!("{column} = {l}") })
            .collect();
        let mut clause = terms.join(" OR ");
        if wrapped {
            clause = format!("NOT ({clause}) OR {column} IN ({})", literals[0].0);
        }
        let (fast, naive) = both(&db(Collation::CaseInsensitive), &clause);
        prop_assert_eq!(fast, naive, "{}", clause);
    }
}

#[test]
fn an_or_over_two_values_is_not_taken_for_an_in() {
    let db = db(Collation::CaseInsensitive);
    let (fast, naive) = both(&db, "i = 5 OR f = 0.5 OR i = 1000");
    assert_eq!(fast, naive);
    assert_eq!(fast, [Ok(true), Ok(false), Ok(true), Ok(false), Ok(true)]);
}

#[test]
fn subqueries_run_once_per_query_and_spend_one_budget() {
    let mut db = Db::new().table("T", &[("n", K::Int)]);
    for n in 0..30 {
        db = db.row("T", json!({"objectId": format!("t{n}"), "n": n}));
    }
    let mut clause = "n >= 0".to_string();
    for _ in 0..25 {
        clause = format!("n IN (T[{clause}].n)");
    }
    let expr = parse_where(&clause).expect("parses");
    let eval = Evaluator::default();
    let rows = db.rows("T");
    for row in &rows {
        assert!(eval.matches(&expr, row).expect("evaluates"));
    }
    // 25 subqueries over 30 rows, each once; then one lookup per outer row.
    assert!(eval.spent() < 10_000, "spent {}", eval.spent());
    let small = Evaluator::new(500);
    let err = rows
        .iter()
        .find_map(|r| small.matches(&expr, r).err())
        .expect("the budget runs out");
    assert_eq!(err.kind, crate::query::QueryErrorKind::TooComplex);
}
