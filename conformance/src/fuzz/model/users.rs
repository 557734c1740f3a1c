//! The model's users: registration, logins right and wrong, sessions, profiles, deletion.

use serde_json::{json, Map, Value};

use super::{expect_body, expect_error, expect_subset, object_of, request, to_json, Model};
use crate::fuzz::ops::{Props, PROPS};
use crate::scenario::Expect;

impl Model {
    pub(super) fn register(&mut self, s: usize, props: &Props) {
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

    pub(super) fn login(&mut self, s: usize, right: bool) {
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

    pub(super) fn delete_user(&mut self, s: usize) {
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

    /// U5: logout with the current token; without one it succeeds too (the JS SDK relies on it).
    pub(super) fn logout(&mut self, s: usize) {
        let mut req = request("GET", "/users/logout".into());
        match self.users[s].token.take() {
            Some(t) => {
                req.headers
                    .insert("user-token".into(), format!("{{{{{t}}}}}"));
                self.users[s].stale = Some(t);
                self.push("logout", req, expect_body(Value::Null), &[]);
            }
            None => self.push("logout-without-token", req, expect_body(Value::Null), &[]),
        }
    }

    /// U6: the current token is valid, the last stale one is not.
    pub(super) fn validate_token(&mut self, s: usize) {
        let u = &self.users[s];
        let (t, valid) = match (&u.token, &u.stale) {
            (Some(t), _) => (t.clone(), true),
            (None, Some(t)) => (t.clone(), false),
            (None, None) => return,
        };
        let req = request("GET", format!("/users/isvalidusertoken/{{{{{t}}}}}"));
        self.push("validate-token", req, expect_body(json!(valid)), &[]);
    }

    /// U7: a live user is found with what was saved; a deleted one is gone (1000).
    pub(super) fn find_user(&mut self, s: usize) {
        let u = self.users[s].clone();
        match (&u.id, &u.deleted) {
            (Some(id), _) => {
                let mut want = object_of(&u.props);
                want.insert("objectId".into(), json!(format!("{{{{{id}}}}}")));
                want.insert("email".into(), json!(Self::email(s)));
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

    /// U8: update with the user's own token; the changes come back.
    pub(super) fn update_user(&mut self, s: usize, props: &Props) {
        let u = self.users[s].clone();
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
            self.users[s].props.insert(*i, v.clone());
        }
        self.push("update-user", req, expect_subset(Value::Object(body)), &[]);
    }

    /// U4: guest login.
    pub(super) fn guest(&mut self) {
        let e = expect_subset(json!({"userStatus": "GUEST"}));
        self.push(
            "guest-login",
            request("POST", "/users/register/guest".into()),
            e,
            &[],
        );
    }

    /// D9: this run's live users are counted.
    pub(super) fn count_users(&mut self) {
        self.requires.extend(["data", "where"]);
        let live = self.users.iter().filter(|u| u.id.is_some()).count();
        let mut req = request("GET", "/data/Users/count".into());
        req.query
            .insert("where".into(), "email LIKE '%-{{run}}@fuzz.test'".into());
        self.push("count-users", req, expect_body(json!(live)), &[]);
    }
}
