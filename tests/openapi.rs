//! `GET /_emulator/openapi.json` and `specs/operations.json` against the emulator itself:
//! the document validates as OpenAPI 3.1 and declares every path parameter; every catalogued
//! route answers as its status says (implemented/partial: never 99001 "Unknown REST endpoint",
//! unsupported: 99000); every route in the source has a catalogue entry.
//!
//! `tests/openapi/oas-3.1.schema.json` is the official OpenAPI 3.1 meta-schema
//! (https://spec.openapis.org/oas/3.1/schema/2022-10-07, Apache-2.0, as shipped in the PyPI
//! package openapi-spec-validator 0.9.0), vendored because nothing is downloaded at test time.

mod common;

use std::collections::{BTreeMap, HashSet};

use backendless_emulator::KeyKind;
use reqwest::Method;
use serde_json::{json, Value};

const CATALOGUE: &str = include_str!("../specs/operations.json");
const OAS_31_SCHEMA: &str = include_str!("openapi/oas-3.1.schema.json");

fn catalogue() -> Vec<Value> {
    serde_json::from_str(CATALOGUE).expect("specs/operations.json is a JSON array")
}

fn text<'a>(op: &'a Value, key: &str) -> &'a str {
    op[key].as_str().unwrap_or("")
}

async fn served_document() -> (common::TestServer, Value) {
    let server = common::start().await;
    let reply = server
        .raw(Method::GET, "/_emulator/openapi.json")
        .send()
        .await;
    let doc = reply.ok();
    (server, doc)
}

#[tokio::test]
async fn the_document_validates_against_the_openapi_31_meta_schema() {
    let (server, doc) = served_document().await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], server.emulator.base_url());
    let meta: Value = serde_json::from_str(OAS_31_SCHEMA).expect("meta-schema is JSON");
    let validator = jsonschema::validator_for(&meta).expect("the meta-schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The meta-schema can fail: a document without `info` is refused.
    let mut broken = doc.clone();
    broken.as_object_mut().map(|d| d.remove("info"));
    assert!(!validator.is_valid(&broken));
}

#[tokio::test]
async fn every_path_parameter_is_declared_and_every_reference_resolves() {
    let (_server, doc) = served_document().await;
    let mut operation_ids = HashSet::new();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let in_path: Vec<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        for (method, op) in item.as_object().expect("path item") {
            operations += 1;
            let id = op["operationId"].as_str().expect("operationId");
            assert!(
                operation_ids.insert(id.to_string()),
                "duplicate operationId {id}"
            );
            let params = op["parameters"].as_array().expect("parameters");
            let declared: Vec<&str> = params
                .iter()
                .filter(|p| p["in"] == "path")
                .map(|p| {
                    assert_eq!(
                        p["required"], true,
                        "{method} {path}: path parameters are required"
                    );
                    p["name"].as_str().expect("name")
                })
                .collect();
            assert_eq!(declared, in_path, "{method} {path}");
            let status = op["x-emulator-status"].as_str().expect("x-emulator-status");
            assert_eq!(
                op["deprecated"] == true,
                status == "unsupported",
                "{method} {path}"
            );
        }
    }
    assert!(operations > 200, "{operations} operations");
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    for r in refs {
        let pointer = r.strip_prefix('#').expect("local reference");
        assert!(doc.pointer(pointer).is_some(), "unresolved $ref {r}");
    }
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::String(s) if k == "$ref" => out.push(s.clone()),
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Request paths for an entry: parameters get dummy values (the default app for `appId`/`id`,
/// `0` for a list index, every enum value, a two-segment file path for a multi-segment one).
fn concrete_paths(op: &Value, app_id: &str) -> Vec<String> {
    let mut paths = vec![String::new()];
    for segment in text(op, "path").split('/').filter(|s| !s.is_empty()) {
        let values: Vec<String> = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'))
        {
            None => vec![segment.to_string()],
            Some("appId" | "id") => vec![app_id.to_string()],
            Some("index") => vec!["0".to_string()],
            Some(name) if op["multiSegment"] == name => vec!["dir/file.txt".to_string()],
            Some(name) => match op["pathParams"][name]["enum"].as_array() {
                Some(values) => values
                    .iter()
                    .filter_map(|v| v.as_str())
                    .map(str::to_string)
                    .collect(),
                None => vec!["x1".to_string()],
            },
        };
        paths = paths
            .iter()
            .flat_map(|p| values.iter().map(move |v| format!("{p}/{v}")))
            .collect();
    }
    paths
}

#[tokio::test]
async fn every_catalogued_route_answers_as_its_status_says() {
    let server = common::start().await;
    let auth_key = server.console_login().await;
    let app_id = server.emulator.app_id().to_string();
    let mut ops = catalogue();
    // These end the console session or delete the app the others run against.
    let last = ["console.logout", "console.delete-app", "control.app-delete"];
    ops.sort_by_key(|op| last.iter().position(|id| op["id"] == *id));
    let mut failures = Vec::new();
    let mut checked: BTreeMap<String, usize> = BTreeMap::new();
    for op in &ops {
        let status = text(op, "status");
        if status == "pending" {
            continue; // built on another branch; some paths already hit a neighbour's route
        }
        let method = Method::from_bytes(text(op, "method").as_bytes()).expect("method");
        let cloud_code = op["auth"]
            .as_array()
            .is_some_and(|a| a.contains(&json!("cloud-code")));
        let mut paths = concrete_paths(op, &app_id);
        if op["id"] == "control.remove-fault" {
            // Removing an unknown rule answers 99001 by design: remove one that exists.
            let rule = json!({"operation": "GET /never/sent", "error": {"code": 3003}});
            let added = server
                .raw(Method::POST, "/_emulator/faults")
                .json(rule)
                .send()
                .await;
            paths = vec![format!("/_emulator/faults/{}", added.ok()["id"])];
        }
        for path in paths {
            let call = match text(op, "root") {
                "app" => {
                    let kind = if cloud_code {
                        KeyKind::Bl
                    } else {
                        KeyKind::Rest
                    };
                    server.call_with_key(kind, method.clone(), &path)
                }
                _ => server
                    .raw(method.clone(), &path)
                    .header("auth-key", &auth_key),
            };
            let call = match method.as_str() {
                "POST" | "PUT" | "PATCH" => call.json(json!({})),
                _ => call,
            };
            if op["responseType"] == "text/event-stream" {
                // An event stream never ends: check its head, not its body.
                let url = format!("{}{path}", server.emulator.base_url());
                let head = server.http.get(url).send().await.expect("stream opens");
                let kind = head.headers().get("content-type").cloned();
                if !head.status().is_success()
                    || kind.is_none_or(|k| k.as_bytes() != b"text/event-stream")
                {
                    failures.push(format!("{}: {path} is no event stream", text(op, "id")));
                }
                *checked.entry(status.to_string()).or_default() += 1;
                continue;
            }
            let reply = call.send().await;
            let code = reply.code();
            let wrong = match status {
                "unsupported" => code != 99000,
                "partial" => code == 99001,
                _ => code == 99001 || code == 99000,
            };
            if wrong {
                failures.push(format!(
                    "{} ({status}): {method} {path} answered {} {}",
                    text(op, "id"),
                    reply.status,
                    reply.body
                ));
            }
            *checked.entry(status.to_string()).or_default() += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked["implemented"] > 200, "{checked:?}");
    assert!(checked["unsupported"] >= 10, "{checked:?}");
}

/// Every `.route("...")` path in `src/`, with `let base = "..."` substituted in `format!` paths.
fn source_routes() -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("source is readable");
            // Route prefixes held in `let base = "..."` or `const NAME: &str = "..."`.
            let mut names: Vec<(String, String)> = Vec::new();
            if let Some(base) = source
                .split("let base = \"")
                .nth(1)
                .and_then(|s| s.split('"').next())
            {
                names.push(("base".into(), base.into()));
            }
            for decl in source.split("const ").skip(1) {
                if let Some((name, rest)) = decl.split_once(": &str = \"") {
                    if let Some(value) = rest.split('"').next() {
                        names.push((name.trim().to_string(), value.to_string()));
                    }
                }
            }
            for call in source.split(".route(").skip(1) {
                let arg = call.trim_start();
                let bare = names.iter().find(|(n, _)| {
                    arg.strip_prefix(n.as_str())
                        .is_some_and(|r| r.starts_with(',') || r.starts_with(')'))
                });
                let route = if let Some(rest) = arg.strip_prefix('"') {
                    rest.split('"').next().unwrap_or("").to_string()
                } else if let Some(rest) = arg.strip_prefix("&format!(\"") {
                    let mut template = rest.split('"').next().unwrap_or("").to_string();
                    for (n, v) in &names {
                        template = template.replace(&format!("{{{n}}}"), v);
                    }
                    template.replace("{{", "{").replace("}}", "}")
                } else if let Some((_, value)) = bare {
                    value.clone()
                } else {
                    panic!("{}: unreadable route argument {:.40}", path.display(), arg)
                };
                found.push((path.display().to_string(), route));
            }
        }
    }
    found
}

/// Segments with parameters as `{}` and multi-segment ones as `{*}`; no empty segments.
fn shape(path: &str, multi: Option<&str>) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) if name.starts_with('*') || Some(name) == multi => "{*}".to_string(),
                Some(_) => "{}".to_string(),
                None => s.to_string(),
            },
        )
        .collect()
}

/// Whether a served route can answer the catalogued path: its `{}` stands for any one segment,
/// its `{*}` for the rest; a literal must be the same literal.
fn route_covers(route: &[String], entry: &[String]) -> bool {
    match (route.split_first(), entry.split_first()) {
        (None, None) => true,
        (Some((r, _)), _) if r == "{*}" => !entry.is_empty(),
        (Some((r, rest)), Some((e, erest))) => {
            e != "{*}" && (r == "{}" || r == e) && route_covers(rest, erest)
        }
        _ => false,
    }
}

#[test]
fn every_route_in_the_source_has_a_catalogue_entry() {
    let entries: Vec<(String, Vec<String>)> = catalogue()
        .iter()
        .map(|op| {
            let multi = op["multiSegment"].as_str();
            (text(op, "id").to_string(), shape(text(op, "path"), multi))
        })
        .collect();
    let routes = source_routes();
    assert!(routes.len() > 100, "{} routes found", routes.len());
    let missing: Vec<String> = routes
        .iter()
        .filter(|(_, route)| {
            let route = shape(route, None);
            !entries.iter().any(|(_, e)| route_covers(&route, e))
        })
        .map(|(file, route)| format!("{file}: {route}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without an entry:\n{}",
        missing.join("\n")
    );
}
