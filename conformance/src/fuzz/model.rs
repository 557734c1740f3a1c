//! The model of the API: it walks a generated operation sequence, predicts each answer (what was
//! saved is found, counts match, deleted is gone, wrong passwords fail) and writes the sequence
//! as an ordinary scenario whose expectations are those predictions. Replaying that scenario with
//! `run` checks the same invariants on any target.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::ops::{Clause, Cmp, Op, Props, Scalar, PROPS, SLOTS, TABLES};
use crate::scenario::{
    Compare, Expect, KeyChoice, Part, Provenance, Request, Root, Scenario, Step,
};

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
struct Object {
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

fn literal(s: &Scalar) -> String {
    match s {
        Scalar::Int(i) => i.to_string(),
        Scalar::Text(t) => format!("'{t}'"),
        Scalar::Bool(b) => b.to_string(),
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
fn matches(c: &Clause, fields: &BTreeMap<usize, Scalar>) -> bool {
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
            Op::Logout(s) => {
                let mut req = request("GET", "/users/logout".into());
                match self.users[*s].token.take() {
                    Some(t) => {
                        req.headers
                            .insert("user-token".into(), format!("{{{{{t}}}}}"));
                        self.users[*s].stale = Some(t);
                        self.push("logout", req, expect_body(Value::Null), &[]);
                    }
                    None => self.push("logout-without-token", req, expect_error(3023), &[]),
                }
            }
            Op::ValidateToken(s) => {
                let u = &self.users[*s];
                let (t, valid) = match (&u.token, &u.stale) {
                    (Some(t), _) => (t.clone(), true),
                    (None, Some(t)) => (t.clone(), false),
                    (None, None) => return,
                };
                let req = request("GET", format!("/users/isvalidusertoken/{{{{{t}}}}}"));
                self.push("validate-token", req, expect_body(json!(valid)), &[]);
            }
            Op::FindUser(s) => {
                let u = self.users[*s].clone();
                match (&u.id, &u.deleted) {
                    (Some(id), _) => {
                        let mut want = object_of(&u.props);
                        want.insert("objectId".into(), json!(format!("{{{{{id}}}}}")));
                        want.insert("email".into(), json!(Self::email(*s)));
                        let mut e = expect_subset(Value::Object(want));
                        e.absent.push("/password".into());
                        self.push(
                            "find-user",
                            request("GET", format!("/data/Users/{{{{{id}}}}}")),
                            e,
                            &[],
                        );
                    }
                    (None, Some(id)) => self.push(
                        "find-deleted-user",
                        request("GET", format!("/data/Users/{{{{{id}}}}}")),
                        expect_error(1000),
                        &[],
                    ),
                    (None, None) => {}
                }
            }
            Op::UpdateUser(s, props) => {
                let u = self.users[*s].clone();
                let (Some(id), Some(token)) = (u.id, u.token) else {
                    return;
                };
                let body: Map<String, Value> = props
                    .iter()
                    .map(|(i, v)| (PROPS[*i].0.to_string(), to_json(v)))
                    .collect();
                let mut req = request("PUT", format!("/users/{{{{{id}}}}}"));
                req.headers
                    .insert("user-token".into(), format!("{{{{{token}}}}}"));
                req.json = Some(Value::Object(body.clone()));
                for (i, v) in props {
                    self.users[*s].props.insert(*i, v.clone());
                }
                self.push("update-user", req, expect_subset(Value::Object(body)), &[]);
            }
            Op::DeleteUser(s) => self.delete_user(*s),
            Op::Guest => {
                let e = expect_subset(json!({"userStatus": "GUEST"}));
                self.push(
                    "guest-login",
                    request("POST", "/users/register/guest".into()),
                    e,
                    &[],
                );
            }
            Op::CountUsers => {
                self.requires.extend(["data", "where"]);
                let live = self.users.iter().filter(|u| u.id.is_some()).count();
                let mut req = request("GET", "/data/Users/count".into());
                req.query
                    .insert("where".into(), "email LIKE '%-{{run}}@fuzz.test'".into());
                self.push("count-users", req, expect_body(json!(live)), &[]);
            }
            Op::SaveObject(t, props) => self.save_object(*t, props),
            Op::FindObject(n) => self.find_object(*n),
            Op::DeleteObject(n) => self.delete_object(*n),
            Op::CountObjects(t, clause) => {
                self.requires.extend(["data", "where"]);
                let n = self
                    .objects
                    .iter()
                    .filter(|o| o.table == *t && !o.deleted && matches(clause, &o.fields))
                    .count();
                let mut req = request("GET", format!("/data/{}/count", TABLES[*t]));
                req.query.insert(
                    "where".into(),
                    format!("run = '{{{{run}}}}' AND ({})", clause_text(clause)),
                );
                self.push("count-objects", req, expect_body(json!(n)), &[]);
            }
            Op::CounterAdd(c, by) => {
                self.requires.insert("counters");
                let v = self.counters.entry(*c).or_insert(0);
                *v += by;
                let want = *v;
                let mut req = request(
                    "PUT",
                    format!("/counters/fz{c}-{{{{run}}}}/incrementby/get"),
                );
                req.query.insert("value".into(), by.to_string());
                self.push("counter-add", req, expect_body(json!(want)), &[]);
            }
            Op::CounterGet(c) => {
                self.requires.insert("counters");
                let want = self.counters.get(c).copied().unwrap_or(0);
                self.push(
                    "counter-get",
                    request("GET", format!("/counters/fz{c}-{{{{run}}}}")),
                    expect_body(json!(want)),
                    &[],
                );
            }
            Op::CounterReset(c) => {
                self.requires.insert("counters");
                self.counters.insert(*c, 0);
                let e = Expect {
                    status: Some(200),
                    ..Expect::default()
                };
                self.push(
                    "counter-reset",
                    request("PUT", format!("/counters/fz{c}-{{{{run}}}}/reset")),
                    e,
                    &[],
                );
            }
            Op::HiveSet(k, v) => {
                self.ensure_hive();
                let mut req = request("PUT", format!("/hive/fz{{{{run}}}}/key-value/k{k}"));
                req.json = Some(json!({"value": to_json(v)}));
                self.hive.insert(*k, v.clone());
                self.push("hive-set", req, expect_body(json!(true)), &[]);
            }
            Op::HiveGet(k) => {
                self.ensure_hive();
                let want = self.hive.get(k).map_or(Value::Null, to_json);
                self.push(
                    "hive-get",
                    request("GET", format!("/hive/fz{{{{run}}}}/key-value/k{k}")),
                    expect_body(want),
                    &[],
                );
            }
            Op::FileSave(f, text) => {
                self.requires.insert("files");
                let mut req = request("POST", format!("/files/fz-{{{{run}}}}/f{f}.txt"));
                req.query.insert("overwrite".into(), "true".into());
                req.multipart = Some(vec![Part {
                    name: "file".into(),
                    filename: Some(format!("f{f}.txt")),
                    text: text.clone(),
                    content_type: Some("text/plain".into()),
                }]);
                self.files.insert(*f, text.clone());
                let mut e = Expect::default();
                e.types.insert("/fileURL".into(), "string".into());
                self.push("file-save", req, e, &[]);
            }
            Op::FileRead(f) => {
                let Some(text) = self.files.get(f).cloned() else {
                    return;
                };
                self.push(
                    "file-read",
                    request("GET", format!("/files/fz-{{{{run}}}}/f{f}.txt")),
                    expect_body(json!(text)),
                    &[],
                );
            }
            Op::FileDelete(f) => {
                self.requires.insert("files");
                let e = match self.files.remove(f) {
                    Some(_) => Expect {
                        status: Some(200),
                        ..Expect::default()
                    },
                    None => expect_error(6000),
                };
                self.push(
                    "file-delete",
                    request("DELETE", format!("/files/fz-{{{{run}}}}/f{f}.txt")),
                    e,
                    &[],
                );
            }
        }
    }

    fn ensure_hive(&mut self) {
        self.requires.insert("hive");
        if !self.hive_created {
            self.hive_created = true;
            let e = Expect {
                status: Some(200),
                ..Expect::default()
            };
            self.push(
                "hive-create",
                request("POST", "/hive/fz{{run}}".into()),
                e,
                &[],
            );
        }
    }

    fn register(&mut self, s: usize, props: &Props) {
        let mut body: Map<String, Value> = props
            .iter()
            .map(|(i, v)| (PROPS[*i].0.to_string(), to_json(v)))
            .collect();
        body.insert("email".into(), json!(Self::email(s)));
        body.insert("password".into(), json!(Self::password(s)));
        let mut req = request("POST", "/users/register".into());
        req.json = Some(Value::Object(body));
        if self.users[s].id.is_some() {
            self.push("register-duplicate", req, expect_error(3033), &[]);
            return;
        }
        let u = &mut self.users[s];
        u.generation += 1;
        let var = format!("user{s}g{}", u.generation);
        u.id = Some(var.clone());
        u.props = props.iter().cloned().collect();
        let mut want = object_of(&u.props);
        want.insert("email".into(), json!(Self::email(s)));
        want.insert("userStatus".into(), json!("ENABLED"));
        let mut e = expect_subset(Value::Object(want));
        e.absent = vec!["/password".into(), "/user-token".into()];
        self.push("register", req, e, &[("/objectId", &var)]);
    }

    fn login(&mut self, s: usize, right: bool) {
        let password = if right {
            Self::password(s)
        } else {
            "wrong-password".to_string()
        };
        let mut req = request("POST", "/users/login".into());
        req.json = Some(json!({"login": Self::email(s), "password": password}));
        let Some(id) = self.users[s].id.clone().filter(|_| right) else {
            let e = Expect {
                error: Some(3003),
                status: Some(401),
                ..Expect::default()
            };
            self.push("login-fails", req, e, &[]);
            return;
        };
        let token = self.new_token();
        let u = &mut self.users[s];
        // Default login policy: the newer session wins and the older token stops being valid.
        if let Some(old) = u.token.replace(token.clone()) {
            u.stale = Some(old);
        }
        let mut want = object_of(&u.props);
        want.insert("objectId".into(), json!(format!("{{{{{id}}}}}")));
        let mut e = expect_subset(Value::Object(want));
        e.types.insert("/user-token".into(), "string".into());
        self.push("login", req, e, &[("/user-token", &token)]);
    }

    fn delete_user(&mut self, s: usize) {
        let u = self.users[s].clone();
        match (u.id, u.deleted) {
            (Some(id), _) => {
                let mut e = Expect::default();
                e.types.insert("/deletionTime".into(), "integer".into());
                self.push(
                    "delete-user",
                    request("DELETE", format!("/data/Users/{{{{{id}}}}}")),
                    e,
                    &[],
                );
                let slot = &mut self.users[s];
                slot.deleted = Some(id);
                slot.id = None;
                slot.props.clear();
                if let Some(t) = slot.token.take() {
                    slot.stale = Some(t);
                }
            }
            (None, Some(id)) => self.push(
                "delete-deleted-user",
                request("DELETE", format!("/data/Users/{{{{{id}}}}}")),
                expect_error(1000),
                &[],
            ),
            (None, None) => {}
        }
    }

    fn save_object(&mut self, t: usize, props: &Props) {
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

    fn find_object(&mut self, n: usize) {
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

    fn delete_object(&mut self, n: usize) {
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
        if self.requires.contains("data") {
            for t in TABLES {
                let mut req = request("POST", format!("/data/bulk/{t}/delete"));
                req.json = Some(json!({"where": "run = '{{run}}'"}));
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
            setup: Vec::new(),
            steps: self.steps,
            teardown,
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
