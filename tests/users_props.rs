//! proptest: random property maps round-trip through register → find → update → find.

mod common;

use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// A JSON value of one of the types dynamic schema infers.
fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[a-zA-Z0-9 _.@-]{0,40}".prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        (-1.0e6f64..1.0e6).prop_map(|f| json!(f)),
    ]
}

/// A value of the same JSON type as `like`.
fn same_type(like: &Value) -> BoxedStrategy<Value> {
    match like {
        Value::String(_) => "[a-z]{0,20}".prop_map(Value::from).boxed(),
        Value::Bool(_) => any::<bool>().prop_map(Value::from).boxed(),
        Value::Number(n) if n.is_f64() => (-1.0e6f64..1.0e6).prop_map(|f| json!(f)).boxed(),
        _ => any::<i32>().prop_map(Value::from).boxed(),
    }
}

fn props() -> impl Strategy<Value = (Vec<(String, Value)>, Vec<Value>)> {
    prop::collection::btree_map("[a-z][a-zA-Z0-9]{0,12}", value(), 0..8).prop_flat_map(|m| {
        let pairs: Vec<(String, Value)> = m.into_iter().collect();
        let updates: Vec<BoxedStrategy<Value>> = pairs.iter().map(|(_, v)| same_type(v)).collect();
        (Just(pairs), updates)
    })
}

fn assert_subset(expected: &Map<String, Value>, actual: &Value) -> Result<(), TestCaseError> {
    for (k, v) in expected {
        let got = &actual[k];
        let same = match (v.as_f64(), got.as_f64()) {
            (Some(a), Some(b)) if v.is_f64() => (a - b).abs() < 1e-9,
            _ => got == v,
        };
        prop_assert!(same, "{k}: sent {v}, got {got}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_properties_round_trip((pairs, updates) in props()) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async {
            let s = common::start().await;
            // Prefix every key so no random name collides with a built-in Users column.
            let sent: Map<String, Value> = pairs.iter().map(|(k, v)| (format!("p_{k}"), v.clone())).collect();
            let mut body = sent.clone();
            body.insert("email".into(), json!("prop@example.com"));
            body.insert("password".into(), json!("pw"));
            let user = s.post("/users/register").json(Value::Object(body)).send().await.ok();
            assert_subset(&sent, &user)?;
            let id = user["objectId"].as_str().unwrap_or_default().to_string();
            let found = s.get(&format!("/data/Users/{id}")).send().await.ok();
            assert_subset(&sent, &found)?;
            prop_assert!(found.get("password").is_none());

            let changed: Map<String, Value> =
                pairs.iter().zip(updates).map(|((k, _), v)| (format!("p_{k}"), v)).collect();
            let login = s.post("/users/login").json(json!({"login": "prop@example.com", "password": "pw"})).send().await.ok();
            let token = login["user-token"].as_str().unwrap_or_default().to_string();
            let updated = s.put(&format!("/users/{id}")).token(&token).json(Value::Object(changed.clone())).send().await.ok();
            assert_subset(&changed, &updated)?;
            let found = s.get(&format!("/users/{id}")).send().await.ok();
            assert_subset(&changed, &found)?;
            Ok(())
        })?;
    }
}
