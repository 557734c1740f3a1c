//! Robustness: random text and mutated clauses never panic the parsers; whatever parses
//! prints to a fixpoint; random ASTs evaluate (to a value or an error) without panicking; deep
//! nesting is refused before it can exhaust the stack.

use std::borrow::Cow;

use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{json, Value};

use super::roundtrip::{expr, operand};
use crate::query::{
    evaluate, evaluate_having, evaluate_operand, parse_group_by, parse_having, parse_props,
    parse_sort_by, parse_where, Cardinality, ColumnKind, RowView,
};

/// A row that has every column: types and values derive from a hash of the name.
struct ChaosRow {
    depth: u8,
    seed: u64,
}

fn hash(text: &str, seed: u64) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325 ^ seed, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

impl ChaosRow {
    fn children(&self, name: &str) -> Vec<Box<dyn RowView + '_>> {
        if self.depth >= 3 {
            return Vec::new();
        }
        let count = hash(name, self.seed) % 3;
        (0..count)
            .map(|i| {
                Box::new(ChaosRow {
                    depth: self.depth + 1,
                    seed: self.seed.wrapping_add(i + 1),
                }) as Box<dyn RowView>
            })
            .collect()
    }
}

impl RowView for ChaosRow {
    fn value(&self, column: &str) -> Option<Cow<'_, Value>> {
        let h = hash(column, self.seed);
        if h.is_multiple_of(7) {
            return Some(Cow::Owned(Value::Null));
        }
        let v = match h % 9 {
            1 => json!((h % 200) as i64 - 100),
            2 => json!((h % 1000) as f64 / 7.0),
            3 => json!(format!("Val%_{}'\\", h % 50)),
            4 => json!(h.is_multiple_of(2)),
            5 => json!((h % 4_000_000_000) as i64 * 1000 - 1_000_000_000_000),
            6 => json!({"a": h % 10, "b": [1, "x", null, {"c": "D"}], "s": "str"}),
            7 => json!(format!("id{}", h % 5)),
            _ => json!(if h.is_multiple_of(3) {
                "{\"a\": [1, 2]}"
            } else {
                "03/23/2015"
            }),
        };
        Some(Cow::Owned(v))
    }

    fn column_type(&self, column: &str) -> Option<ColumnKind> {
        Some(match hash(column, self.seed) % 9 {
            1 => ColumnKind::Int,
            2 => ColumnKind::Double,
            3 => ColumnKind::String,
            4 => ColumnKind::Boolean,
            5 => ColumnKind::DateTime,
            6 => ColumnKind::Json,
            7 => ColumnKind::Relation(Cardinality::OneToMany),
            _ => return None,
        })
    }

    fn related(&self, relation: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        Some(self.children(relation))
    }

    fn parents(&self, table: &str, relation: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        (!table.starts_with('N')).then(|| self.children(&format!("{table}{relation}")))
    }

    fn table_rows(&self, table: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        (!table.starts_with('N')).then(|| self.children(table))
    }

    fn now_ms(&self) -> i64 {
        1_592_224_496_789
    }
}

const CORPUS: [&str; 16] = [
    "name = 'foo'",
    "age >= 21 AND name LIKE 'J%'",
    "objectId in ('a','b')",
    "address.city = 'New York'",
    "Parent[rel].objectId = 'X'",
    "objectId in (Comment[author.email LIKE '%@x.com'].blogPost.objectId)",
    "profile->'$.a.b[0]' > 30 OR profile->>'$**.c' = 'D'",
    "updated > '23-Mar-2015'",
    "birthDate at or after '10/28/1988 00:00:00 GMT-0200'",
    "not(name is null)",
    "age BETWEEN 1 AND 10 OR x NOT IN (1, 2)",
    "YEAR(NOW())-YEAR(dob) > 18",
    "name = 'Charlie''s Angels' and flag = true",
    "(a + 1) * 2 > 3 AND -b < 0",
    "x NOT LIKE 'a!%' ESCAPE '!'",
    "JSON_CONTAINS(j, '[1]') AND SUBSTRING(s, -2, 1) = 'x' AND ROUND(d, 2) = 1.5",
];

const FRAGMENTS: [&str; 24] = [
    "(",
    ")",
    "[",
    "]",
    "'",
    "\"",
    "`",
    ".",
    ",",
    "-",
    "->",
    "->>",
    "=",
    "<>",
    "%",
    "\\",
    " AND ",
    " NOT ",
    " IN (",
    " BETWEEN ",
    "Count(",
    " at or ",
    "9223372036854775807",
    "1e308",
];

fn mutate(base: &str, edits: &[(u8, usize, usize)]) -> String {
    let mut chars: Vec<char> = base.chars().collect();
    for &(op, at, fragment) in edits {
        let at = at % (chars.len() + 1);
        match op {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => {
                let text = FRAGMENTS[fragment % FRAGMENTS.len()];
                chars.splice(at..at, text.chars());
            }
            2 => chars.truncate(at),
            _ => {
                let end = (at + 6).min(chars.len());
                let copy: Vec<char> = chars[at..end].to_vec();
                chars.splice(at..at, copy);
            }
        }
    }
    chars.into_iter().collect()
}

/// Whatever parses must print to text that parses to the same AST, and must evaluate
/// without panicking.
fn check_parsed(text: &str) -> Result<(), TestCaseError> {
    if let Ok(e) = parse_where(text) {
        prop_assert_eq!(parse_where(&e.to_string()), Ok(e.clone()), "{}", text);
        let _ = evaluate(&e, &ChaosRow { depth: 0, seed: 1 });
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic_on_random_text(text in prop_oneof!["\\PC{0,120}", "[ -~]{0,120}", "[()'\"a-c=<>!.\\[\\]%,\\- ]{0,80}"]) {
        let _ = parse_props(&text);
        let _ = parse_sort_by(&text);
        let _ = parse_group_by(&text);
        let _ = parse_having(&text);
        check_parsed(&text)?;
    }

    #[test]
    fn mutated_clauses_never_panic(base in prop::sample::select(CORPUS.to_vec()), edits in vec((0u8..4, any::<usize>(), any::<usize>()), 1..6)) {
        let text = mutate(base, &edits);
        let _ = parse_having(&text);
        check_parsed(&text)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_asts_evaluate_without_panicking(e in expr(false), seed in any::<u64>()) {
        let _ = evaluate(&e, &ChaosRow { depth: 0, seed });
    }

    #[test]
    fn random_having_and_operands_evaluate_without_panicking(e in expr(true), op in operand(false), seed in any::<u64>()) {
        let a = ChaosRow { depth: 0, seed };
        let b = ChaosRow { depth: 0, seed: seed.wrapping_add(1) };
        let rows: [&dyn RowView; 2] = [&a, &b];
        let _ = evaluate_having(&e, &[], &rows);
        let _ = evaluate_having(&e, &[], &[]);
        let _ = evaluate_operand(&op, &a);
    }
}

#[test]
fn corpus_parses() {
    for clause in CORPUS {
        assert!(parse_where(clause).is_ok(), "{clause}");
    }
}

#[test]
fn maximum_nesting_runs_on_a_small_stack() {
    let child = std::thread::Builder::new().stack_size(1 << 20).spawn(|| {
        let depth = crate::query::MAX_DEPTH;
        let text = format!("{}a = 1{}", "(".repeat(depth), ")".repeat(depth));
        let e = parse_where(&text).unwrap();
        let _ = evaluate(&e, &ChaosRow { depth: 0, seed: 3 });
        let not = format!("{}a = 1", "NOT ".repeat(depth));
        let e = parse_where(&not).unwrap();
        assert_eq!(parse_where(&e.to_string()).unwrap(), e);
        let _ = evaluate(&e, &ChaosRow { depth: 0, seed: 3 });
        let calls = format!("x = {}1{}", "ABS(".repeat(depth - 1), ")".repeat(depth - 1));
        let e = parse_where(&calls).unwrap();
        let _ = evaluate(&e, &ChaosRow { depth: 0, seed: 3 });
        assert!(parse_where(&"(".repeat(100_000)).is_err());
    });
    child.unwrap().join().unwrap();
}
