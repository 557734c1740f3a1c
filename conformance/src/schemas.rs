//! Response validation: every answer is checked against its JSON Schema in `specs/responses/`
//! (errors against `error`, successes against the schema of their operation).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

/// Every response schema (name, JSON), compiled in from `specs/responses/`.
const SCHEMAS: &[(&str, &str)] = crate::specs::RESPONSE_SCHEMAS;

const BASE: &str = "https://backendless-emulator.local/specs/responses/";

fn validators() -> &'static HashMap<&'static str, Result<jsonschema::Validator, String>> {
    static V: OnceLock<HashMap<&'static str, Result<jsonschema::Validator, String>>> =
        OnceLock::new();
    V.get_or_init(|| {
        let parsed: Vec<(&str, Result<Value, String>)> = SCHEMAS
            .iter()
            .map(|(n, text)| {
                (
                    *n,
                    serde_json::from_str::<Value>(text).map_err(|e| e.to_string()),
                )
            })
            .collect();
        let mut options = jsonschema::options();
        for (name, value) in &parsed {
            if let Ok(v) = value {
                if let Ok(resource) = jsonschema::Resource::from_contents(v.clone()) {
                    options.with_resource(format!("{BASE}{name}.schema.json"), resource);
                }
            }
        }
        parsed
            .into_iter()
            .map(|(name, value)| {
                let built = value.and_then(|v| options.build(&v).map_err(|e| e.to_string()));
                (name, built)
            })
            .collect()
    })
}

/// The schema names, for tests.
pub fn names() -> impl Iterator<Item = &'static str> {
    SCHEMAS.iter().map(|(n, _)| *n)
}

/// Check an answer against the success schema of its operation (`schema`, none = not checked)
/// or, when it is an error, the error schema; `Ok(Some(name))` names the schema that matched.
pub fn validate(
    schema: Option<&'static str>,
    status: u16,
    body: &Value,
) -> Result<Option<&'static str>, String> {
    let name = if (200..300).contains(&status) {
        match schema {
            Some(n) => n,
            None => return Ok(None),
        }
    } else {
        "error"
    };
    let validator = match validators().get(name) {
        Some(Ok(v)) => v,
        Some(Err(e)) => return Err(format!("schema {name} does not compile: {e}")),
        None => return Err(format!("no schema named {name}")),
    };
    match validator.iter_errors(body).next() {
        None => Ok(Some(name)),
        Some(e) => Err(format!(
            "answer does not match specs/responses/{name}.schema.json at '{}': {e}",
            e.instance_path
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::identify;
    use serde_json::json;

    #[test]
    fn every_schema_compiles() {
        for name in names() {
            assert!(
                matches!(validators().get(name), Some(Ok(_))),
                "{name}: {:?}",
                validators().get(name).map(|r| r.as_ref().err())
            );
        }
    }

    #[test]
    fn users_are_checked_and_passwords_refused() {
        let user = json!({"objectId": "A", "___class": "Users", "created": 1, "email": "a@b.c"});
        let schema_of = |m, p| identify(m, p).and_then(|op| op.schema);
        assert_eq!(
            validate(schema_of("GET", "/users/A"), 200, &user),
            Ok(Some("user"))
        );
        let leaky = json!({"objectId": "A", "___class": "Users", "created": 1, "password": "x"});
        assert!(validate(schema_of("GET", "/users/A"), 200, &leaky).is_err());
        let arr = json!([user]);
        assert_eq!(
            validate(schema_of("GET", "/users/role/R"), 200, &arr),
            Ok(Some("users"))
        );
    }

    #[test]
    fn errors_must_have_code_and_message() {
        assert!(validate(
            None,
            400,
            &json!({"code": 1, "message": "m", "errorData": {}})
        )
        .is_ok());
        assert!(validate(None, 400, &json!({"message": "m"})).is_err());
    }
}
