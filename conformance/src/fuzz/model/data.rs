//! The model's data objects and where clauses: saved is found, deleted is gone, counts match.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{expect_body, expect_error, expect_subset, object_of, request, Model, Object};
use crate::fuzz::ops::{Clause, Cmp, Props, Scalar, PROPS, TABLES};
use crate::scenario::Expect;

fn literal(s: &Scalar) -> String {
    match s {
        Scalar::Int(i) => i.to_string(),
        Scalar::Text(t) => format!("'{t}'"),
        Scalar::Bool(b) => b.to_string(),
    }
}

/// Where-clause text of a clause.
pub fn clause_text(c: &Clause) -> String {
    match c {
        Clause::Compare(i, cmp, v) => {
            let op = match cmp {
                Cmp::Eq => "=",
                Cmp::Ne => "!=",
                Cmp::Lt => "<",
                Cmp::Ge => ">=",
            };
            format!("{} {op} {}", PROPS[*i].0, literal(v))
        }
        Clause::IsNull(i) => format!("{} IS NULL", PROPS[*i].0),
        Clause::And(a, b) => format!("({}) AND ({})", clause_text(a), clause_text(b)),
        Clause::Or(a, b) => format!("({}) OR ({})", clause_text(a), clause_text(b)),
    }
}

/// SQL semantics: a comparison with a missing (null) value is false.
pub(super) fn matches(c: &Clause, fields: &BTreeMap<usize, Scalar>) -> bool {
    match c {
        Clause::Compare(i, cmp, v) => match (fields.get(i), v) {
            (None, _) => false,
            (Some(Scalar::Int(a)), Scalar::Int(b)) => match cmp {
                Cmp::Eq => a == b,
                Cmp::Ne => a != b,
                Cmp::Lt => a < b,
                Cmp::Ge => a >= b,
            },
            (Some(a), b) => match cmp {
                Cmp::Eq => a == b,
                Cmp::Ne => a != b,
                Cmp::Lt | Cmp::Ge => false,
            },
        },
        Clause::IsNull(i) => !fields.contains_key(i),
        Clause::And(a, b) => matches(a, fields) && matches(b, fields),
        Clause::Or(a, b) => matches(a, fields) || matches(b, fields),
    }
}

impl Model {
    pub(super) fn save_object(&mut self, t: usize, props: &Props) {
        self.requires.extend(["data", "where"]);
        let fields: BTreeMap<usize, Scalar> = props.iter().cloned().collect();
        let mut body = object_of(&fields);
        body.insert("run".into(), json!("{{run}}"));
        let var = format!("object{}", self.objects.len() + 1);
        let mut req = request("POST", format!("/data/{}", TABLES[t]));
        req.json = Some(Value::Object(body));
        let mut want = object_of(&fields);
        want.insert("___class".into(), json!(TABLES[t]));
        self.push(
            "save-object",
            req,
            expect_subset(Value::Object(want)),
            &[("/objectId", &var)],
        );
        self.objects.push(Object {
            table: t,
            id: var,
            fields,
            deleted: false,
        });
    }

    pub(super) fn find_object(&mut self, n: usize) {
        if self.objects.is_empty() {
            return;
        }
        let o = self.objects[n % self.objects.len()].clone();
        let path = format!("/data/{}/{{{{{}}}}}", TABLES[o.table], o.id);
        if o.deleted {
            self.push(
                "find-deleted-object",
                request("GET", path),
                expect_error(1000),
                &[],
            );
        } else {
            let mut want = object_of(&o.fields);
            want.insert("objectId".into(), json!(format!("{{{{{}}}}}", o.id)));
            self.push(
                "find-object",
                request("GET", path),
                expect_subset(Value::Object(want)),
                &[],
            );
        }
    }

    pub(super) fn delete_object(&mut self, n: usize) {
        if self.objects.is_empty() {
            return;
        }
        let i = n % self.objects.len();
        let o = self.objects[i].clone();
        let path = format!("/data/{}/{{{{{}}}}}", TABLES[o.table], o.id);
        let e = if o.deleted {
            expect_error(1000)
        } else {
            let mut e = Expect::default();
            e.types.insert("/deletionTime".into(), "integer".into());
            e
        };
        self.objects[i].deleted = true;
        self.push("delete-object", request("DELETE", path), e, &[]);
    }

    /// D9: the count of a where clause is what the model finds.
    pub(super) fn count_objects(&mut self, t: usize, clause: &Clause) {
        self.requires.extend(["data", "where"]);
        let n = self
            .objects
            .iter()
            .filter(|o| o.table == t && !o.deleted && matches(clause, &o.fields))
            .count();
        let mut req = request("GET", format!("/data/{}/count", TABLES[t]));
        req.query.insert(
            "where".into(),
            format!("run = '{{{{run}}}}' AND ({})", clause_text(clause)),
        );
        self.push("count-objects", req, expect_body(json!(n)), &[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_text_follows_the_grammar() {
        let c = Clause::Or(
            Box::new(Clause::Compare(0, Cmp::Ge, Scalar::Int(3))),
            Box::new(Clause::And(
                Box::new(Clause::IsNull(1)),
                Box::new(Clause::Compare(2, Cmp::Eq, Scalar::Bool(true))),
            )),
        );
        assert_eq!(
            clause_text(&c),
            "(age >= 3) OR ((nick IS NULL) AND (vip = true))"
        );
    }

    #[test]
    fn null_comparisons_are_false_and_is_null_is_true() {
        let fields: BTreeMap<usize, Scalar> = [(0, Scalar::Int(5))].into_iter().collect();
        assert!(!matches(
            &Clause::Compare(1, Cmp::Ne, Scalar::Text("x".into())),
            &fields
        ));
        assert!(matches(&Clause::IsNull(1), &fields));
        assert!(matches(
            &Clause::Compare(0, Cmp::Ge, Scalar::Int(5)),
            &fields
        ));
    }
}
