//! Response validation: every answer is checked against its JSON Schema in `specs/responses/`
//! (errors against `error`, successes against the schema of their operation).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::operations::identify;

/// Every response schema, compiled in (name, JSON).
const SCHEMAS: &[(&str, &str)] = &[
    (
        "boolean",
        include_str!("../../specs/responses/boolean.schema.json"),
    ),
    (
        "confirmation-url",
        include_str!("../../specs/responses/confirmation-url.schema.json"),
    ),
    (
        "console-app",
        include_str!("../../specs/responses/console-app.schema.json"),
    ),
    (
        "console-appsettings",
        include_str!("../../specs/responses/console-appsettings.schema.json"),
    ),
    (
        "control-app",
        include_str!("../../specs/responses/control-app.schema.json"),
    ),
    (
        "control-clock",
        include_str!("../../specs/responses/control-clock.schema.json"),
    ),
    (
        "control-health",
        include_str!("../../specs/responses/control-health.schema.json"),
    ),
    (
        "deletion",
        include_str!("../../specs/responses/deletion.schema.json"),
    ),
    (
        "empty",
        include_str!("../../specs/responses/empty.schema.json"),
    ),
    (
        "error",
        include_str!("../../specs/responses/error.schema.json"),
    ),
    (
        "message-status",
        include_str!("../../specs/responses/message-status.schema.json"),
    ),
    (
        "number",
        include_str!("../../specs/responses/number.schema.json"),
    ),
    (
        "object",
        include_str!("../../specs/responses/object.schema.json"),
    ),
    (
        "objects",
        include_str!("../../specs/responses/objects.schema.json"),
    ),
    (
        "properties",
        include_str!("../../specs/responses/properties.schema.json"),
    ),
    (
        "string",
        include_str!("../../specs/responses/string.schema.json"),
    ),
    (
        "strings",
        include_str!("../../specs/responses/strings.schema.json"),
    ),
    (
        "user",
        include_str!("../../specs/responses/user.schema.json"),
    ),
    (
        "user-session",
        include_str!("../../specs/responses/user-session.schema.json"),
    ),
    (
        "user-property",
        include_str!("../../specs/responses/user-property.schema.json"),
    ),
    (
        "users",
        include_str!("../../specs/responses/users.schema.json"),
    ),
    (
        "valid",
        include_str!("../../specs/responses/valid.schema.json"),
    ),
];

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

/// Check an answer; `Ok(None)` when no schema applies, `Ok(Some(name))` when it matched.
pub fn validate(
    method: &str,
    path: &str,
    status: u16,
    body: &Value,
) -> Result<Option<&'static str>, String> {
    let name = if (200..300).contains(&status) {
        match identify(method, path).and_then(|op| op.schema) {
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
    fn every_schema_file_and_every_operation_schema_is_compiled_in() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/responses");
        let known: Vec<&str> = names().collect();
        for entry in std::fs::read_dir(dir).expect("specs/responses") {
            let file = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            let name = file.trim_end_matches(".schema.json");
            assert!(known.contains(&name), "{file} is not in SCHEMAS");
        }
        for op in crate::operations::operations() {
            if let Some(schema) = op.schema {
                assert!(known.contains(&schema), "{}: no schema {schema}", op.id);
            }
        }
    }

    #[test]
    fn users_are_checked_and_passwords_refused() {
        let user = json!({"objectId": "A", "___class": "Users", "created": 1, "email": "a@b.c"});
        assert_eq!(validate("GET", "/users/A", 200, &user), Ok(Some("user")));
        let leaky = json!({"objectId": "A", "___class": "Users", "created": 1, "password": "x"});
        assert!(validate("GET", "/users/A", 200, &leaky).is_err());
        let arr = json!([user]);
        assert_eq!(
            validate("GET", "/users/role/R", 200, &arr),
            Ok(Some("users"))
        );
    }

    #[test]
    fn errors_must_have_code_and_message() {
        assert!(validate(
            "GET",
            "/x",
            400,
            &json!({"code": 1, "message": "m", "errorData": {}})
        )
        .is_ok());
        assert!(validate("GET", "/x", 400, &json!({"message": "m"})).is_err());
    }
}
