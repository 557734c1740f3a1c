//! Mutation test of the normaliser: run the corpus on an emulator, then plant a difference in
//! every leaf of every raw answer, one at a time, and prove the diff of the two normalised
//! transcripts finds it. Each rule may hide only what it documents: a generated value's *value*
//! (a timestamp's number, which GUID a fresh id is). Changing a leaf's type, a non-generated
//! value, or which earlier id a later id refers to must always show. Which leaves are generated
//! comes from the schemas' marks, like the normaliser's.

mod common;

use backendless_conform::diff::diff;
use backendless_conform::diff::escape;
use backendless_conform::exec::run_scenario;
use backendless_conform::generated::{marks, Kind};
use backendless_conform::normalize::Normalizer;
use serde_json::Value;

fn leaves(v: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, v)| leaves(v, format!("{path}/{}", escape(k)), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| leaves(v, format!("{path}/{i}"), out)),
        other => out.push((path, other.clone())),
    }
}

fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.chars().enumerate().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// The mutations a leaf must not survive: a type change; for values that no rule generates, a
/// value change; for ids and tokens, pointing at another id of the same transcript.
fn mutations(kind: Option<Kind>, v: &Value, other_id: Option<&str>) -> Vec<Value> {
    let mut out = vec![match v {
        Value::String(_) => Value::from(7),
        Value::Null => Value::from("planted"),
        Value::Bool(_) | Value::Number(_) => Value::from("planted"),
        _ => Value::Null,
    }];
    let generated_id =
        matches!(kind, Some(Kind::Id | Kind::Token)) || v.as_str().is_some_and(is_guid);
    match v {
        _ if generated_id => {
            let raw = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            if let Some(o) = other_id.filter(|o| !o.eq_ignore_ascii_case(&raw)) {
                out.push(Value::from(o));
            }
        }
        _ if kind == Some(Kind::Time) => {}
        Value::Bool(b) => out.push(Value::Bool(!b)),
        Value::Number(n) => out.push(Value::from(n.as_f64().unwrap_or(0.0) + 1.0)),
        Value::String(s) if !s.starts_with("http") => out.push(Value::from(format!("{s}-planted"))),
        _ => {}
    }
    out
}

fn normalise(bodies: &[Value], secrets: &[(String, &'static str)]) -> Value {
    let mut n = Normalizer::new(secrets.to_vec(), "ctestm");
    Value::Array(bodies.iter().map(|b| n.value(b)).collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_rule_hides_a_planted_difference() {
    let target = common::emulator().await;
    let secrets = target.secrets();
    let mut checked = 0;
    for scenario in common::corpus().iter().filter(|s| s.service() == "users") {
        let side = run_scenario(scenario, &target, "ctestm").await;
        let base = normalise(&side.raw, &secrets);
        assert!(
            diff("", &base, &normalise(&side.raw, &secrets)).is_empty(),
            "normalising is deterministic"
        );
        let mut all = Vec::new();
        side.raw
            .iter()
            .for_each(|b| leaves(b, String::new(), &mut all));
        let ids: Vec<String> = all
            .iter()
            .filter_map(|(_, v)| v.as_str().filter(|s| is_guid(s)).map(str::to_string))
            .collect();
        for (i, body) in side.raw.iter().enumerate() {
            let kinds = marks().find(None, body);
            let mut found = Vec::new();
            leaves(body, String::new(), &mut found);
            for (path, value) in found {
                let other = value
                    .as_str()
                    .and_then(|s| ids.iter().find(|o| !o.eq_ignore_ascii_case(s)))
                    .map(String::as_str);
                for planted in mutations(kinds.get(&path).copied(), &value, other) {
                    let mut raw = side.raw.clone();
                    match raw[i].pointer_mut(&path) {
                        Some(slot) => *slot = planted.clone(),
                        None => raw[i] = planted.clone(),
                    }
                    let found = diff("", &base, &normalise(&raw, &secrets));
                    assert!(
                        !found.is_empty(),
                        "{}: step {i} {path}: {value} → {planted} was hidden",
                        scenario.name
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} mutations");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_across_steps_survives_normalisation() {
    let target = common::emulator().await;
    let secrets = target.secrets();
    let scenario = common::corpus()
        .into_iter()
        .find(|s| s.name == "users/login-success")
        .expect("scenario");
    let side = run_scenario(&scenario, &target, "ctestm").await;
    let base = normalise(&side.raw, &secrets);
    // The login answer's objectId is the registered user's: point it at a new id instead.
    let mut raw = side.raw.clone();
    let login = raw
        .iter_mut()
        .find(|b| b.get("user-token").is_some())
        .expect("login answer");
    login["objectId"] = Value::from("AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE");

    let found = diff("", &base, &normalise(&raw, &secrets));

    assert!(
        found.iter().any(|d| d.path.ends_with("/objectId")),
        "{found:?}"
    );
}
