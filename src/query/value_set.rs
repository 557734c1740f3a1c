//! `IN` as a set lookup: the candidates of an IN list (or of an OR of equalities on one value)
//! hashed once per query, so `x IN (50 000 values)` costs one lookup per row instead of 50 000
//! comparisons. A lookup answers exactly what the linear scan of `compare` would:
//!
//! - text against text compares under the joined collation (case-folded unless either side is
//!   binary);
//! - anything else compares as numbers: text by its numeric prefix (always a float), booleans
//!   as 0/1, integer against integer exactly, every other pair as f64;
//! - no match and a NULL candidate is unknown; a NULL probe is unknown.
//!
//! Candidates or probes the rules above do not cover (dates, JSON, NaN) are not hashed: the
//! caller falls back to the linear scan for them.

use std::collections::HashSet;

use super::row::Collation;
use super::value::{numeric_prefix, SqlValue};

/// The candidates of one IN list, hashed by how `compare` would match them.
#[derive(Debug, Default)]
pub(crate) struct ValueSet {
    /// Case-insensitive text candidates, case-folded.
    folded: HashSet<String>,
    /// Binary-collated text candidates.
    binary: HashSet<String>,
    /// Every text candidate as written.
    exact: HashSet<String>,
    /// Integer and boolean candidates.
    ints: HashSet<i64>,
    /// Integer and boolean candidates as f64 bits.
    ints_f64: HashSet<u64>,
    /// Float candidates as f64 bits.
    floats: HashSet<u64>,
    /// Numeric prefixes of text candidates as f64 bits.
    prefixes: HashSet<u64>,
    /// Whether a candidate is NULL.
    has_null: bool,
}

/// A float as a hash key; `-0.0` and `0.0` compare equal, so they share one.
fn key(f: f64) -> u64 {
    (f + 0.0).to_bits()
}

fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

impl ValueSet {
    /// The set of `candidates`, or `None` when one of them needs the linear scan.
    pub(crate) fn build<'v>(candidates: impl IntoIterator<Item = &'v SqlValue>) -> Option<Self> {
        let mut set = ValueSet::default();
        for c in candidates {
            match c {
                SqlValue::Null => set.has_null = true,
                SqlValue::Int(i) => set.add_int(*i),
                SqlValue::Bool(b) => set.add_int(i64::from(*b)),
                SqlValue::Float(f) if f.is_nan() => return None,
                SqlValue::Float(f) => {
                    set.floats.insert(key(*f));
                }
                SqlValue::Str(s, collation) => {
                    match collation {
                        Collation::CaseInsensitive => set.folded.insert(fold(s)),
                        Collation::Binary => set.binary.insert(s.clone()),
                    };
                    set.exact.insert(s.clone());
                    set.prefixes.insert(key(numeric_prefix(s)));
                }
                SqlValue::DateTime(_) | SqlValue::Date(_) | SqlValue::Json(_) => return None,
            }
        }
        Some(set)
    }

    fn add_int(&mut self, i: i64) {
        self.ints.insert(i);
        self.ints_f64.insert(key(i as f64));
    }

    /// `Some(result)` of `probe IN (candidates)` (three-valued), or `None` when the probe needs
    /// the linear scan (a date, JSON or NaN).
    pub(crate) fn lookup(&self, probe: &SqlValue) -> Option<Option<bool>> {
        let found = match probe {
            SqlValue::Null => return Some(None),
            SqlValue::Int(i) => self.int_matches(*i),
            SqlValue::Bool(b) => self.int_matches(i64::from(*b)),
            SqlValue::Float(f) if f.is_nan() => return None,
            SqlValue::Float(f) => self.float_matches(*f),
            SqlValue::Str(s, collation) => {
                let text = match collation {
                    Collation::Binary => self.exact.contains(s.as_str()),
                    Collation::CaseInsensitive => {
                        self.binary.contains(s.as_str()) || self.folded.contains(&fold(s))
                    }
                };
                text || {
                    let p = key(numeric_prefix(s));
                    self.ints_f64.contains(&p) || self.floats.contains(&p)
                }
            }
            SqlValue::DateTime(_) | SqlValue::Date(_) | SqlValue::Json(_) => return None,
        };
        Some(if found {
            Some(true)
        } else if self.has_null {
            None
        } else {
            Some(false)
        })
    }

    fn int_matches(&self, i: i64) -> bool {
        let f = key(i as f64);
        self.ints.contains(&i) || self.floats.contains(&f) || self.prefixes.contains(&f)
    }

    fn float_matches(&self, f: f64) -> bool {
        let f = key(f);
        self.ints_f64.contains(&f) || self.floats.contains(&f) || self.prefixes.contains(&f)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::query::compare::compare;

    /// `probe IN (candidates)` by the linear scan the evaluator falls back to.
    fn naive(probe: &SqlValue, candidates: &[SqlValue]) -> Option<bool> {
        let mut result = Some(false);
        for c in candidates {
            match compare(probe, c).expect("no dates here") {
                Some(o) if o.is_eq() => return Some(true),
                None => result = None,
                Some(_) => {}
            }
        }
        result
    }

    fn text(s: &str) -> SqlValue {
        SqlValue::Str(s.to_owned(), Collation::CaseInsensitive)
    }

    fn value() -> impl Strategy<Value = SqlValue> {
        let words = prop::sample::select(vec![
            "", "a", "A", "ab", "AB", "5", "5x", " 5", "5.0", "-0", "0", "1e3", "x", "É", "é", "ß",
            "SS", "1", "true",
        ]);
        prop_oneof![
            Just(SqlValue::Null),
            (-3i64..1_002).prop_map(SqlValue::Int),
            prop::sample::select(vec![i64::MIN, i64::MAX, 9_007_199_254_740_993])
                .prop_map(SqlValue::Int),
            any::<bool>().prop_map(SqlValue::Bool),
            prop::sample::select(vec![
                0.0,
                -0.0,
                0.5,
                1.0,
                5.0,
                1000.0,
                -1.5,
                9.007_199_254_740_992e15
            ])
            .prop_map(SqlValue::Float),
            (words, any::<bool>()).prop_map(|(w, binary)| {
                let collation = if binary {
                    Collation::Binary
                } else {
                    Collation::CaseInsensitive
                };
                SqlValue::Str(w.to_owned(), collation)
            }),
        ]
    }

    proptest! {
        #[test]
        fn a_lookup_answers_what_the_linear_scan_answers(
            probe in value(),
            candidates in prop::collection::vec(value(), 1..12),
        ) {
            let set = ValueSet::build(&candidates).expect("hashable candidates");
            let hashed = set.lookup(&probe).expect("hashable probe");
            prop_assert_eq!(hashed, naive(&probe, &candidates));
        }
    }

    #[test]
    fn mixed_types_follow_mysql_coercion() {
        let set =
            ValueSet::build(&[text("Abc"), SqlValue::Int(5), text("7 dwarfs")]).expect("hashable");
        assert_eq!(set.lookup(&text("aBC")), Some(Some(true)));
        assert_eq!(set.lookup(&text("5x")), Some(Some(true)), "prefix 5 = 5");
        assert_eq!(
            set.lookup(&SqlValue::Int(7)),
            Some(Some(true)),
            "7 = '7 dwarfs'"
        );
        assert_eq!(set.lookup(&SqlValue::Int(0)), Some(Some(true)), "0 = 'Abc'");
        assert_eq!(set.lookup(&SqlValue::Float(5.0)), Some(Some(true)));
        assert_eq!(set.lookup(&text("6")), Some(Some(false)));
        let binary = SqlValue::Str("abc".into(), Collation::Binary);
        assert_eq!(
            set.lookup(&binary),
            Some(Some(false)),
            "binary side is exact"
        );
    }

    #[test]
    fn null_makes_a_miss_unknown_and_dates_need_the_scan() {
        let set = ValueSet::build(&[SqlValue::Int(1), SqlValue::Null]).expect("hashable");
        assert_eq!(set.lookup(&SqlValue::Int(1)), Some(Some(true)));
        assert_eq!(set.lookup(&SqlValue::Int(2)), Some(None));
        assert_eq!(set.lookup(&SqlValue::Null), Some(None));
        assert_eq!(set.lookup(&SqlValue::DateTime(1)), None);
        assert!(ValueSet::build(&[SqlValue::Date(0)]).is_none());
        assert!(ValueSet::build(&[SqlValue::Float(f64::NAN)]).is_none());
    }
}
