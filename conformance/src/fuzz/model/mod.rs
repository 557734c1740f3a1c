//! The model of the API: it walks a generated operation sequence, predicts each answer (what was
//! saved is found, counts match, deleted is gone, wrong passwords fail) and writes the sequence
//! as an ordinary scenario whose expectations are those predictions. Replaying that scenario with
//! `run` checks the same invariants on any target.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::ops::{Op, Scalar, PROPS, SLOTS, TABLES};
use crate::scenario::{Compare, Expect, KeyChoice, Provenance, Request, Root, Scenario, Step};

#[derive(Debug, Clone, Default)]
struct UserSlot {
    /// Variable holding the live user's objectId.
    id: Option<String>,
    /// Variable of the last deleted user's objectId.
    deleted: Option<String>,
    props: BTreeMap<usize, Scalar>,
    token: Option<String>,
    stale: Option<String>,
    generation: usize,
}

#[derive(Debug, Clone)]
pub(super) struct Object {
    table: usize,
    id: String,
    fields: BTreeMap<usize, Scalar>,
    deleted: bool,
}

/// The model state while a sequence is turned into steps.
#[derive(Debug, Default)]
pub struct Model {
    users: Vec<UserSlot>,
    objects: Vec<Object>,
    counters: BTreeMap<usize, i64>,
    hive: BTreeMap<usize, Scalar>,
    hive_created: bool,
    files: BTreeMap<usize, String>,
    steps: Vec<Step>,
    tokens: usize,
    requires: BTreeSet<&'static str>,
}

fn to_json(s: &Scalar) -> Value {
    match s {
        Scalar::Int(i) => json!(i),
        Scalar::Text(t) => json!(t),
        Scalar::Bool(b) => json!(b),
    }
}

fn object_of(props: &BTreeMap<usize, Scalar>) -> Map<String, Value> {
    props
        .iter()
        .map(|(i, v)| (PROPS[*i].0.to_string(), to_json(v)))
        .collect()
}

fn request(method: &str, path: String) -> Request {
    Request {
        method: method.into(),
        path,
        root: Root::App,
        key: KeyChoice::Rest,
        query: BTreeMap::new(),
        headers: BTreeMap::new(),
        json: None,
        text: None,
        multipart: None,
        base64: None,
    }
}

fn expect_body(body: Value) -> Expect {
    Expect {
        body: Some(body),
        ..Expect::default()
    }
}

fn expect_subset(subset: Value) -> Expect {
    Expect {
        subset: Some(subset),
        ..Expect::default()
    }
}

fn expect_error(code: u32) -> Expect {
    Expect {
        error: Some(code),
        ..Expect::default()
    }
}

impl Model {
    /// An empty model (a fresh or per-run-isolated app).
    pub fn new() -> Self {
        Model {
            users: vec![UserSlot::default(); SLOTS],
            ..Model::default()
        }
    }

    fn email(slot: usize) -> String {
        format!("f{slot}-{{{{run}}}}@fuzz.test")
    }

    fn password(slot: usize) -> String {
        format!("P{slot}-{{{{run}}}}")
    }

    fn push(&mut self, name: &str, req: Request, expect: Expect, capture: &[(&str, &str)]) {
        let n = self.steps.len() + 1;
        self.steps.push(Step {
            name: format!("{n:02}-{name}"),
            request: req,
            capture: capture
                .iter()
                .map(|(p, v)| (p.to_string(), v.to_string()))
                .collect(),
            expect,
            compare: Compare::Full,
        });
    }

    fn new_token(&mut self) -> String {
        self.tokens += 1;
        format!("token{}", self.tokens)
    }

    /// Add the steps of one operation (operations that make no sense yet add nothing).
    pub fn apply(&mut self, op: &Op) {
        match op {
            Op::Register(s, props) => self.register(*s, props),
            Op::Login(s, right) => self.login(*s, *right),
            Op::Logout(s) => self.logout(*s),
            Op::ValidateToken(s) => self.validate_token(*s),
            Op::FindUser(s) => self.find_user(*s),
            Op::UpdateUser(s, props) => self.update_user(*s, props),
            Op::DeleteUser(s) => self.delete_user(*s),
            Op::Guest => self.guest(),
            Op::CountUsers => self.count_users(),
            Op::SaveObject(t, props) => self.save_object(*t, props),
            Op::FindObject(n) => self.find_object(*n),
            Op::DeleteObject(n) => self.delete_object(*n),
            Op::CountObjects(t, clause) => self.count_objects(*t, clause),
            Op::CounterAdd(c, by) => self.counter_add(*c, *by),
            Op::CounterGet(c) => self.counter_get(*c),
            Op::CounterReset(c) => self.counter_reset(*c),
            Op::HiveSet(k, v) => self.hive_set(*k, v),
            Op::HiveGet(k) => self.hive_get(*k),
            Op::FileSave(f, text) => self.file_save(*f, text),
            Op::FileRead(f) => self.file_read(*f),
            Op::FileDelete(f) => self.file_delete(*f),
        }
    }

    /// The scenario: the steps, plus teardown steps that remove what is left on a real app.
    pub fn into_scenario(self, description: String) -> Scenario {
        let mut teardown = Vec::new();
        for (s, u) in self.users.iter().enumerate() {
            if let Some(id) = &u.id {
                teardown.push(Step {
                    name: format!("cleanup-user-{s}"),
                    request: request("DELETE", format!("/data/Users/{{{{{id}}}}}")),
                    capture: BTreeMap::new(),
                    expect: Expect::default(),
                    compare: Compare::Full,
                });
            }
        }
        let mut setup = Vec::new();
        if self.requires.contains("data") {
            // Real apps and the emulator answer 1009 / 1017 for a table or column that does not
            // exist yet, so one object per table creates the schema (dynamic schema) first.
            for t in TABLES {
                let mut req = request("POST", format!("/data/{t}"));
                let mut body = serde_json::Map::new();
                for (name, kind) in PROPS {
                    body.insert(name.to_string(), kind.sample());
                }
                body.insert("run".into(), json!("{{run}}-schema"));
                req.json = Some(Value::Object(body));
                setup.push(Step {
                    name: format!("schema-{t}"),
                    request: req,
                    capture: BTreeMap::new(),
                    expect: Expect::default(),
                    compare: Compare::Full,
                });
            }
            for t in TABLES {
                let mut req = request("POST", format!("/data/bulk/{t}/delete"));
                req.json = Some(json!({"where": "run = '{{run}}' OR run = '{{run}}-schema'"}));
                teardown.push(Step {
                    name: format!("cleanup-{t}"),
                    request: req,
                    capture: BTreeMap::new(),
                    expect: Expect::default(),
                    compare: Compare::Full,
                });
            }
        }
        if self.hive_created {
            teardown.push(Step {
                name: "cleanup-hive".into(),
                request: request("DELETE", "/hive/fz{{run}}".into()),
                capture: BTreeMap::new(),
                expect: Expect::default(),
                compare: Compare::Full,
            });
        }
        if self.requires.contains("files") {
            teardown.push(Step {
                name: "cleanup-files".into(),
                request: request("DELETE", "/files/fz-{{run}}".into()),
                capture: BTreeMap::new(),
                expect: Expect::default(),
                compare: Compare::Full,
            });
        }
        for c in self.counters.keys() {
            teardown.push(Step {
                name: format!("cleanup-counter-{c}"),
                request: request("PUT", format!("/counters/fz{c}-{{{{run}}}}/reset")),
                capture: BTreeMap::new(),
                expect: Expect::default(),
                compare: Compare::Full,
            });
        }
        let mut requires = vec!["users".to_string()];
        requires.extend(self.requires.iter().map(|s| s.to_string()));
        Scenario {
            name: String::new(),
            description,
            requires,
            provenance: Provenance::default(),
            vars: BTreeMap::new(),
            setup,
            steps: self.steps,
            teardown,
            source: None,
        }
    }

    /// Whether the sequence produced no step at all.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// The scenario of a sequence.
pub fn scenario_of(ops: &[Op], description: String) -> Scenario {
    let mut model = Model::new();
    for op in ops {
        model.apply(op);
    }
    if model.is_empty() {
        // Every step was a no-op in this state: check the app answers at all.
        let e = Expect {
            status: Some(200),
            ..Expect::default()
        };
        model.push(
            "user-class-props",
            request("GET", "/users/userclassprops".into()),
            e,
            &[],
        );
    }
    model.into_scenario(description)
}

mod data;
mod services;
mod users;

pub use data::clause_text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_predicts_wrong_logins_and_stale_tokens() {
        let s = scenario_of(
            &[
                Op::Register(0, vec![]),
                Op::Login(0, true),
                Op::Login(0, false),
                Op::Login(0, true),
                Op::Logout(0),
                Op::ValidateToken(0),
            ],
            String::new(),
        );
        let names: Vec<&str> = s.steps.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "01-register",
                "02-login",
                "03-login-fails",
                "04-login",
                "05-logout",
                "06-validate-token"
            ]
        );
        assert_eq!(s.steps[2].expect.error, Some(3003));
        assert_eq!(s.steps[5].expect.body, Some(json!(false)));
        assert_eq!(s.teardown.len(), 1);
    }

    #[test]
    fn ops_on_missing_things_add_no_steps() {
        let s = scenario_of(
            &[
                Op::FindUser(1),
                Op::FindObject(3),
                Op::FileRead(0),
                Op::UpdateUser(0, vec![]),
            ],
            String::new(),
        );
        assert_eq!(s.steps.len(), 1);
        assert_eq!(s.steps[0].name, "01-user-class-props");
    }
}
