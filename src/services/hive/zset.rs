//! The sorted-set value: members (JSON values) ordered by a double score, ties broken by the
//! member's canonical JSON, as Redis orders a ZSET (hive.md §8).

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::store::Payload;
use super::value::canonical;

/// One member with its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Score.
    pub score: f64,
    /// Canonical JSON of the value (identity and tie-break).
    pub canon: String,
    /// The value as stored.
    pub value: Value,
}

/// How one side of a score range is bounded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// Scores equal to the limit are in.
    Include(f64),
    /// Scores equal to the limit are out.
    Exclude(f64),
    /// No limit on this side.
    Infinity,
}

/// A sorted set; on the wire and in exports a list of `[score, value]` in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "Vec<(f64, Value)>", into = "Vec<(f64, Value)>")]
pub struct ZSet {
    order: Vec<Member>,
    scores: HashMap<String, f64>,
}

impl Payload for ZSet {
    fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

impl From<Vec<(f64, Value)>> for ZSet {
    fn from(items: Vec<(f64, Value)>) -> Self {
        let mut set = ZSet::default();
        for (score, value) in items {
            set.insert(value, score);
        }
        set
    }
}

impl From<ZSet> for Vec<(f64, Value)> {
    fn from(set: ZSet) -> Self {
        set.order.into_iter().map(|m| (m.score, m.value)).collect()
    }
}

fn compare(a_score: f64, a_canon: &str, b_score: f64, b_canon: &str) -> Ordering {
    a_score
        .total_cmp(&b_score)
        .then_with(|| a_canon.cmp(b_canon))
}

impl ZSet {
    /// Number of members.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Members in ascending order.
    pub fn members(&self) -> &[Member] {
        &self.order
    }

    /// The score of the member with this canonical form.
    pub fn score(&self, canon: &str) -> Option<f64> {
        self.scores.get(canon).copied()
    }

    fn position(&self, score: f64, canon: &str) -> Result<usize, usize> {
        self.order
            .binary_search_by(|m| compare(m.score, &m.canon, score, canon))
    }

    /// Zero-based ascending rank of a member.
    pub fn rank(&self, canon: &str) -> Option<usize> {
        let score = self.score(canon)?;
        self.position(score, canon).ok()
    }

    /// Add `value` or move it to `score`; returns whether it was new.
    pub fn insert(&mut self, value: Value, score: f64) -> bool {
        // -0.0 and 0.0 are one score; total_cmp would order them apart.
        let score = if score == 0.0 { 0.0 } else { score };
        let canon = canonical(&value);
        let new = !self.remove(&canon);
        if let Err(at) = self.position(score, &canon) {
            self.order.insert(
                at,
                Member {
                    score,
                    canon: canon.clone(),
                    value,
                },
            );
        }
        self.scores.insert(canon, score);
        new
    }

    /// Remove a member; returns whether it was there.
    pub fn remove(&mut self, canon: &str) -> bool {
        let Some(score) = self.scores.remove(canon) else {
            return false;
        };
        if let Ok(at) = self.position(score, canon) {
            self.order.remove(at);
        }
        true
    }

    /// Remove the members at `range` of the ascending order, returning them.
    pub fn remove_range(&mut self, range: Range<usize>) -> Vec<Member> {
        let removed: Vec<Member> = self.order.drain(range).collect();
        for m in &removed {
            self.scores.remove(&m.canon);
        }
        removed
    }

    /// Positions (ascending order) of the members within `min..max` by score.
    pub fn score_range(&self, min: Bound, max: Bound) -> Range<usize> {
        let start = match min {
            Bound::Include(v) => self.order.partition_point(|m| m.score < v),
            Bound::Exclude(v) => self.order.partition_point(|m| m.score <= v),
            Bound::Infinity => 0,
        };
        let end = match max {
            Bound::Include(v) => self.order.partition_point(|m| m.score <= v),
            Bound::Exclude(v) => self.order.partition_point(|m| m.score < v),
            Bound::Infinity => self.order.len(),
        };
        start..end.max(start)
    }
}

/// Redis rank bounds: `[start, stop]` (negative from the end) clamped to `len` members.
pub(super) fn rank_range(len: usize, start: i64, stop: i64) -> Range<usize> {
    let n = len as i64;
    let start = if start < 0 { (n + start).max(0) } else { start };
    let stop = if stop < 0 { n + stop } else { stop.min(n - 1) };
    if start > stop || start >= n {
        return 0..0;
    }
    start as usize..stop as usize + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn orders_by_score_then_value() {
        let mut z = ZSet::default();
        assert!(z.insert(json!("b"), 2.0));
        assert!(z.insert(json!("a"), 2.0));
        assert!(z.insert(json!("c"), 1.0));
        assert!(!z.insert(json!("c"), 3.0));
        let order: Vec<&Value> = z.members().iter().map(|m| &m.value).collect();
        assert_eq!(order, [&json!("a"), &json!("b"), &json!("c")]);
        assert_eq!(z.rank(&canonical(&json!("c"))), Some(2));
        assert_eq!(z.score_range(Bound::Exclude(2.0), Bound::Infinity), 2..3);
        assert_eq!(
            z.score_range(Bound::Include(2.0), Bound::Include(2.0)),
            0..2
        );
        assert_eq!(
            z.score_range(Bound::Include(5.0), Bound::Include(1.0)),
            3..3
        );
        let removed = z.remove_range(0..1);
        assert_eq!(removed[0].value, json!("a"));
        assert_eq!(z.len(), 2);
        assert_eq!(z.score(&canonical(&json!("a"))), None);
    }

    #[test]
    fn rank_ranges_follow_zrange() {
        assert_eq!(rank_range(4, 0, -1), 0..4);
        assert_eq!(rank_range(4, -2, -1), 2..4);
        assert_eq!(rank_range(4, 2, 1), 0..0);
        assert_eq!(rank_range(0, 0, -1), 0..0);
    }

    proptest! {
        /// Random inserts and removals keep the order sorted and agree with a naive model.
        #[test]
        fn agrees_with_a_naive_model(ops in proptest::collection::vec((0u8..6, -3i32..3, any::<bool>()), 0..60)) {
            let mut z = ZSet::default();
            let mut model: HashMap<String, f64> = HashMap::new();
            for (member, score, add) in ops {
                let value = json!(format!("m{member}"));
                let canon = canonical(&value);
                if add {
                    let new = z.insert(value, f64::from(score));
                    prop_assert_eq!(new, model.insert(canon, f64::from(score)).is_none());
                } else {
                    prop_assert_eq!(z.remove(&canon), model.remove(&canon).is_some());
                }
            }
            let mut expected: Vec<(f64, String)> = model.into_iter().map(|(c, s)| (s, c)).collect();
            expected.sort_by(|a, b| compare(a.0, &a.1, b.0, &b.1));
            let actual: Vec<(f64, String)> = z.members().iter().map(|m| (m.score, m.canon.clone())).collect();
            prop_assert_eq!(actual, expected);
            let restored: ZSet = Vec::<(f64, Value)>::from(z.clone()).into();
            prop_assert_eq!(restored, z);
        }
    }
}
