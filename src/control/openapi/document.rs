//! Building the OpenAPI 3.1 document from the catalogue: one path item per served path, one
//! operation per (path, method). Entries sharing both (F4-F7 are all `GET /files/{path}`, told
//! apart by query parameters) become one operation that lists them in `x-emulator-operations`.

use serde_json::{json, Map, Value};

use super::catalogue::{
    component_schema, entries, Auth, Entry, Root, Status, REQUEST_SCHEMAS, RESPONSE_SCHEMAS,
};

/// Component-name prefix of request schemas (`request.login`); response schemas keep their stem.
const REQUEST_PREFIX: &str = "request.";

const DESCRIPTION: &str = "Every documented operation of the Backendless REST API (the spec files \
users.md, data.md, transactions.md, files.md, hive.md, counters-cache.md, messaging.md, realtime.md, \
management.md) plus the emulator's own control plane (`/_emulator/...`), generated from \
`specs/operations.json` and the JSON Schemas in `specs/responses/` and `specs/requests/`.\n\n\
Client-API paths are under `/{appId}/{apiKey}`; the same paths also answer under `/api` for the \
default app with its REST key. Console (`/console/...`, `/{appId}/console/...`) and control-plane \
paths are absolute.\n\n\
`x-emulator-status` says how much of each operation the emulator serves: `implemented`; `partial` \
(the description says what is missing); `unsupported` (also marked `deprecated: true`: the route \
exists and answers error 99000 \"... is not supported by the emulator\"); `pending` (not served by \
this build yet: answers 99001 until the service lands). `x-backendless-spec` names the spec \
section. Operations sharing a method and path (e.g. download, listing, count and exists on \
`GET /files/{path}`) are one OpenAPI operation listing each in `x-emulator-operations`. Every error \
is `{\"code\", \"message\", \"errorData\"}` with a non-2xx status.";

/// The document without `servers` (the public URL is known per request).
pub(crate) fn build() -> Result<Value, String> {
    let entries = entries()?;
    let mut paths = Map::new();
    let mut tags: Vec<&str> = Vec::new();
    for group in groups(&entries) {
        let first = group[0];
        if !tags.contains(&first.service.as_str()) {
            tags.push(&first.service);
        }
        let item = paths
            .entry(first.full_path())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(item) = item {
            item.insert(first.method.to_ascii_lowercase(), operation(&group));
        }
    }
    Ok(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Backendless REST API (backendless-emulator)",
            "version": crate::version::VERSION,
            "description": DESCRIPTION,
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [],
        "tags": tags.iter().map(|t| json!({"name": t})).collect::<Vec<_>>(),
        "paths": paths,
        "components": components()?,
    }))
}

/// Entries grouped by (full path, method), in catalogue order.
fn groups(entries: &[Entry]) -> Vec<Vec<&Entry>> {
    let mut out: Vec<(String, Vec<&Entry>)> = Vec::new();
    for e in entries {
        let key = format!("{} {}", e.method, e.full_path());
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, group)) => group.push(e),
            None => out.push((key, vec![e])),
        }
    }
    out.into_iter().map(|(_, g)| g).collect()
}

/// One status for a merged operation: the shared one, else `partial`.
fn group_status(group: &[&Entry]) -> Status {
    let first = group[0].status;
    if group.iter().all(|e| e.status == first) {
        first
    } else {
        Status::Partial
    }
}

fn operation(group: &[&Entry]) -> Value {
    let first = group[0];
    let status = group_status(group);
    let mut op = Map::new();
    op.insert("operationId".into(), json!(first.id));
    let summaries: Vec<&str> = group.iter().map(|e| e.summary.as_str()).collect();
    op.insert("summary".into(), json!(summaries.join(" / ")));
    op.insert("description".into(), json!(description(group, status)));
    op.insert("tags".into(), json!([first.service]));
    op.insert("parameters".into(), Value::Array(parameters(group)));
    if let Some(body) = request_body(group) {
        op.insert("requestBody".into(), body);
    }
    op.insert("responses".into(), responses(group));
    if status == Status::Unsupported {
        op.insert("deprecated".into(), json!(true));
    }
    op.insert("x-emulator-status".into(), json!(status.as_str()));
    let mut specs: Vec<&str> = Vec::new();
    for spec in group.iter().filter_map(|e| e.spec.as_deref()) {
        if !specs.contains(&spec) {
            specs.push(spec);
        }
    }
    if !specs.is_empty() {
        op.insert("x-backendless-spec".into(), json!(specs));
    }
    if group.len() > 1 {
        let listed: Vec<Value> = group
            .iter()
            .map(|e| {
                let mut listed = json!({"id": e.id, "spec": e.spec,
                                        "status": e.status.as_str(), "summary": e.summary});
                if let Some(note) = &e.note {
                    listed["note"] = json!(note);
                }
                listed
            })
            .collect();
        op.insert("x-emulator-operations".into(), Value::Array(listed));
    }
    Value::Object(op)
}

fn description(group: &[&Entry], status: Status) -> String {
    let mut lines: Vec<String> = Vec::new();
    for e in group {
        let spec = e
            .spec
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        let note = match (group.len(), &e.note) {
            (n, Some(note)) if n > 1 => format!(" [{}: {note}]", e.status.as_str()),
            _ => String::new(),
        };
        lines.push(format!("- {}{spec}{note}", e.summary));
    }
    let note = match group {
        [only] => only
            .note
            .as_deref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default(),
        _ => String::new(),
    };
    lines.push(String::new());
    lines.push(match status {
        Status::Implemented => "Emulator: implemented.".to_string(),
        Status::Partial => format!("Emulator: partial{note}."),
        Status::Unsupported => format!("Emulator: not supported, answers 99000{note}."),
        Status::Pending => {
            "Emulator: not served by this build yet (answers 99001 until the service lands)."
                .to_string()
        }
    });
    if group.iter().any(|e| e.auth.contains(&Auth::CloudCode)) {
        lines.push("Needs the CloudCode (BL) API key in the URL.".to_string());
    }
    lines.join("\n")
}

fn parameters(group: &[&Entry]) -> Vec<Value> {
    let first = group[0];
    let mut params = Vec::new();
    for name in first.path_params() {
        let mut values: Vec<&str> = Vec::new();
        for e in group {
            for v in e
                .path_params
                .get(&name)
                .map(|p| &p.values[..])
                .unwrap_or(&[])
            {
                if !values.contains(&v.as_str()) {
                    values.push(v);
                }
            }
        }
        let mut schema = json!({"type": "string"});
        if !values.is_empty() {
            schema["enum"] = json!(values);
        }
        let mut param = json!({"name": name, "in": "path", "required": true, "schema": schema});
        let described = match name.as_str() {
            "appId" => Some("Application id"),
            "apiKey" if first.root == Root::App => {
                Some("An API key of the app; its kind (REST, JS, CloudCode, ...) is a role of the caller")
            }
            _ if first.multi_segment.as_deref() == Some(name.as_str()) => {
                Some("A path of several segments: may contain '/'")
            }
            _ => None,
        };
        if let Some(d) = described {
            param["description"] = json!(d);
        }
        params.push(param);
    }
    if first.root == Root::App {
        let required = group.iter().all(|e| e.auth.contains(&Auth::UserToken));
        params.push(json!({
            "name": "user-token", "in": "header", "required": required,
            "schema": {"type": "string"},
            "description": "Session token from a login: the request runs as that user",
        }));
    }
    if group.iter().any(|e| e.auth.contains(&Auth::DeveloperKey)) {
        params.push(json!({
            "name": "auth-key", "in": "header", "required": true,
            "schema": {"type": "string"},
            "description": "Developer key from POST /console/home/login (its auth-key response header)",
        }));
    }
    let mut query: Vec<&str> = Vec::new();
    for q in group.iter().flat_map(|e| e.query.iter()) {
        if !query.contains(&q.as_str()) {
            query.push(q);
        }
    }
    for q in query {
        params.push(
            json!({"name": q, "in": "query", "required": false, "schema": {"type": "string"}}),
        );
    }
    params
}

/// One schema, or `anyOf` several.
fn any_of(mut schemas: Vec<Value>) -> Value {
    if schemas.len() == 1 {
        schemas.remove(0)
    } else {
        json!({"anyOf": schemas})
    }
}

fn media_schema(media_type: &str) -> Value {
    if media_type.starts_with("multipart/") {
        json!({"type": "object", "properties": {
            "file": {"type": "string", "contentMediaType": "application/octet-stream"}}})
    } else {
        json!({"type": "string", "contentMediaType": media_type})
    }
}

fn request_body(group: &[&Entry]) -> Option<Value> {
    let mut stems: Vec<&str> = Vec::new();
    for stem in group.iter().filter_map(|e| e.request.as_deref()) {
        if !stems.contains(&stem) {
            stems.push(stem);
        }
    }
    let mut content = Map::new();
    if !stems.is_empty() {
        let refs = stems
            .iter()
            .map(|s| json!({"$ref": format!("#/components/schemas/{REQUEST_PREFIX}{s}")}))
            .collect();
        content.insert("application/json".into(), json!({"schema": any_of(refs)}));
    }
    for media_type in group.iter().filter_map(|e| e.request_type.as_deref()) {
        content.insert(
            media_type.into(),
            json!({"schema": media_schema(media_type)}),
        );
    }
    if content.is_empty() {
        return None;
    }
    let required = group
        .iter()
        .all(|e| e.request.is_some() || e.request_type.is_some());
    Some(json!({"required": required, "content": content}))
}

fn responses(group: &[&Entry]) -> Value {
    let mut ok = Map::new();
    if group.iter().all(|e| empty(e)) {
        ok.insert("description".into(), json!("Empty body"));
    } else {
        let description = if group.iter().any(|e| empty(e)) {
            "Success (some of these operations answer an empty body)"
        } else {
            "Success"
        };
        ok.insert("description".into(), json!(description));
        let mut content = Map::new();
        let answers_json = group.iter().any(|e| !empty(e) && e.response_type.is_none());
        if answers_json {
            let any_json = group
                .iter()
                .any(|e| e.response.is_none() && e.response_type.is_none());
            let mut refs: Vec<Value> = Vec::new();
            for stem in group.iter().filter_map(|e| e.response.as_deref()) {
                let r = json!({"$ref": format!("#/components/schemas/{stem}")});
                if stem != "empty" && !refs.contains(&r) {
                    refs.push(r);
                }
            }
            let schema = if any_json || refs.is_empty() {
                json!({})
            } else {
                any_of(refs)
            };
            content.insert("application/json".into(), json!({"schema": schema}));
        }
        for media_type in group.iter().filter_map(|e| e.response_type.as_deref()) {
            content.insert(
                media_type.into(),
                json!({"schema": media_schema(media_type)}),
            );
        }
        ok.insert("content".into(), Value::Object(content));
    }
    json!({"200": ok, "default": {"$ref": "#/components/responses/Error"}})
}

/// Whether an entry answers an empty body.
fn empty(e: &Entry) -> bool {
    e.response.as_deref() == Some("empty")
}

fn components() -> Result<Value, String> {
    let mut schemas = Map::new();
    for (stem, text) in RESPONSE_SCHEMAS {
        let schema = component_schema(text, "").map_err(|e| format!("responses/{stem}: {e}"))?;
        schemas.insert((*stem).to_string(), schema);
    }
    for (stem, text) in REQUEST_SCHEMAS {
        let schema =
            component_schema(text, REQUEST_PREFIX).map_err(|e| format!("requests/{stem}: {e}"))?;
        schemas.insert(format!("{REQUEST_PREFIX}{stem}"), schema);
    }
    Ok(json!({
        "schemas": schemas,
        "responses": {
            "Error": {
                "description": "A Backendless error (codes in specs/errors.json)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/error"}}},
            },
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        build().expect("the embedded catalogue builds")
    }

    #[test]
    fn shared_method_and_path_become_one_operation() {
        let doc = doc();
        let get = &doc["paths"]["/{appId}/{apiKey}/files/{path}"]["get"];
        assert_eq!(get["operationId"], "files.download");
        let ids: Vec<&str> = get["x-emulator-operations"]
            .as_array()
            .map(|a| a.iter().filter_map(|o| o["id"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(
            ids,
            [
                "files.download",
                "files.listing",
                "files.count",
                "files.exists"
            ]
        );
        let login = &doc["paths"]["/{appId}/{apiKey}/users/login"]["post"];
        assert_eq!(
            login["x-backendless-spec"],
            json!(["users.md U2", "users.md U3"])
        );
    }

    #[test]
    fn unsupported_operations_are_deprecated_and_say_99000() {
        let doc = doc();
        let op = &doc["paths"]["/{appId}/{apiKey}/users/oauth/{provider}/login"]["post"];
        assert_eq!(op["deprecated"], true);
        assert_eq!(op["x-emulator-status"], "unsupported");
        assert!(op["description"]
            .as_str()
            .is_some_and(|d| d.contains("99000")));
        let ok = &doc["paths"]["/{appId}/{apiKey}/users/register"]["post"];
        assert_eq!(ok.get("deprecated"), None);
        assert_eq!(ok["x-emulator-status"], "implemented");
    }

    #[test]
    fn headers_follow_root_and_auth() {
        let doc = doc();
        let header = |op: &Value, name: &str| {
            op["parameters"]
                .as_array()
                .and_then(|ps| ps.iter().find(|p| p["name"] == name && p["in"] == "header"))
                .map(|p| p["required"].clone())
        };
        let verify = &doc["paths"]["/{appId}/{apiKey}/users/verifypassowrd"]["post"];
        assert_eq!(header(verify, "user-token"), Some(json!(true)));
        let logout = &doc["paths"]["/{appId}/{apiKey}/users/logout"]["get"];
        assert_eq!(header(logout, "user-token"), Some(json!(false)));
        let find = &doc["paths"]["/{appId}/{apiKey}/users/{objectId}"]["get"];
        assert_eq!(header(find, "user-token"), Some(json!(false)));
        let roles = &doc["paths"]["/{appId}/console/security/roles"]["get"];
        assert_eq!(header(roles, "auth-key"), Some(json!(true)));
        assert_eq!(header(roles, "user-token"), None);
    }

    #[test]
    fn responses_reference_schemas_and_the_error() {
        let doc = doc();
        let register = &doc["paths"]["/{appId}/{apiKey}/users/register"]["post"];
        assert_eq!(
            register["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/user"
        );
        assert_eq!(
            register["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/request.user-register"
        );
        assert_eq!(
            doc["components"]["schemas"]["objects"]["items"]["$ref"],
            "#/components/schemas/object"
        );
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                assert_eq!(
                    op["responses"]["default"]["$ref"], "#/components/responses/Error",
                    "{method} {path}"
                );
            }
        }
    }
}
