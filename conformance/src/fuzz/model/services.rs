//! The model's counters, hive keys and files.

use serde_json::{json, Value};

use super::{expect_body, expect_error, request, to_json, Model};
use crate::fuzz::ops::Scalar;
use crate::scenario::{Expect, Part};

impl Model {
    pub(super) fn ensure_hive(&mut self) {
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

    /// C7: add and get the new value.
    pub(super) fn counter_add(&mut self, c: usize, by: i64) {
        self.requires.insert("counters");
        let v = self.counters.entry(c).or_insert(0);
        *v += by;
        let want = *v;
        let mut req = request(
            "PUT",
            format!("/counters/fz{c}-{{{{run}}}}/incrementby/get"),
        );
        req.query.insert("value".into(), by.to_string());
        self.push("counter-add", req, expect_body(json!(want)), &[]);
    }

    /// C1: the current value (0 when never set).
    pub(super) fn counter_get(&mut self, c: usize) {
        self.requires.insert("counters");
        let want = self.counters.get(&c).copied().unwrap_or(0);
        self.push(
            "counter-get",
            request("GET", format!("/counters/fz{c}-{{{{run}}}}")),
            expect_body(json!(want)),
            &[],
        );
    }

    /// C9: back to 0.
    pub(super) fn counter_reset(&mut self, c: usize) {
        self.requires.insert("counters");
        self.counters.insert(c, 0);
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

    /// K3: set a key.
    pub(super) fn hive_set(&mut self, k: usize, v: &Scalar) {
        self.ensure_hive();
        let mut req = request("PUT", format!("/hive/fz{{{{run}}}}/key-value/k{k}"));
        req.json = Some(json!({"value": to_json(v)}));
        self.hive.insert(k, v.clone());
        self.push("hive-set", req, expect_body(json!(true)), &[]);
    }

    /// K1: read a key (null when never set).
    pub(super) fn hive_get(&mut self, k: usize) {
        self.ensure_hive();
        let want = self.hive.get(&k).map_or(Value::Null, to_json);
        self.push(
            "hive-get",
            request("GET", format!("/hive/fz{{{{run}}}}/key-value/k{k}")),
            expect_body(want),
            &[],
        );
    }

    /// F1: upload with overwrite.
    pub(super) fn file_save(&mut self, f: usize, text: &str) {
        self.requires.insert("files");
        let mut req = request("POST", format!("/files/fz-{{{{run}}}}/f{f}.txt"));
        req.query.insert("overwrite".into(), "true".into());
        req.multipart = Some(vec![Part {
            name: "file".into(),
            filename: Some(format!("f{f}.txt")),
            text: text.to_string(),
            content_type: Some("text/plain".into()),
        }]);
        self.files.insert(f, text.to_string());
        let mut e = Expect::default();
        e.types.insert("/fileURL".into(), "string".into());
        self.push("file-save", req, e, &[]);
    }

    /// F4: download what was saved.
    pub(super) fn file_read(&mut self, f: usize) {
        let Some(text) = self.files.get(&f).cloned() else {
            return;
        };
        self.push(
            "file-read",
            request("GET", format!("/files/fz-{{{{run}}}}/f{f}.txt")),
            expect_body(json!(text)),
            &[],
        );
    }

    /// F9: delete (6000 when missing).
    pub(super) fn file_delete(&mut self, f: usize) {
        self.requires.insert("files");
        let e = match self.files.remove(&f) {
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
