//! Bad input at every documented operation (specs/operations.json): malformed JSON, wrong JSON
//! types, nesting bombs, odd path segments and hostile query strings never produce a 5xx, a
//! dropped connection or a non-JSON error, and never corrupt what is stored.

mod common;

use reqwest::Method;
use serde_json::{json, Value};

/// Bodies that are wrong in different ways.
fn bad_bodies() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("application/json", b"{\"a\": ".to_vec()),
        ("application/json", b"[1, 2, ".to_vec()),
        ("application/json", b"null".to_vec()),
        (
            "application/json",
            b"12345678901234567890123456789".to_vec(),
        ),
        ("application/json", b"\"just a string\"".to_vec()),
        (
            "application/json",
            br#"{"objectId": 5, "password": [1], "where": {}, "value": {"deep": [[[[]]]]}}"#
                .to_vec(),
        ),
        ("application/json", "[".repeat(5000).into_bytes()),
        ("application/json", vec![0xff, 0xfe, 0x00, 0x41]),
        ("text/plain", b"%%% not base64 %%%".to_vec()),
        ("application/xml", b"<x/>".to_vec()),
    ]
}

/// Path parameter values that are wrong in different ways.
const ODD_SEGMENTS: [&str; 6] = [
    "x",
    "%00",
    "..%2F..",
    "%E2%98%83",
    "a%20b",
    "123456789012345678901234567890",
];

fn fill(path: &str, value: &str, app: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map(|e| start + e)
            .unwrap_or(rest.len() - 1);
        let name = &rest[start + 1..end];
        out.push_str(
            if name == "appId" || name == "id" && path.starts_with("/_emulator") {
                app
            } else {
                value
            },
        );
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_documented_operation_answers_5xx_to_bad_input() {
    let s = common::start().await;
    let key = s.console_login().await;
    let user = s.register("keep@example.com", "pw").await;
    let ops: Vec<Value> =
        serde_json::from_str(include_str!("../specs/operations.json")).expect("operations.json");
    let app = s.emulator.app_id().to_string();
    let mut failures = Vec::new();
    let mut sent = 0;
    for op in &ops {
        let method =
            Method::from_bytes(op["method"].as_str().unwrap_or("GET").as_bytes()).expect("method");
        let template = op["path"].as_str().unwrap_or("/");
        // Operations that end the console session or wipe the app would hide everything after them.
        let id = op["id"].as_str().unwrap_or("");
        let destructive = [
            "console.logout",
            "console.delete-app",
            "control.delete-app",
            "control.app-delete",
        ]
        .contains(&id)
            || template.contains("/reset")
            || template.ends_with("/appreset")
            || template.contains("/import")
            || template.contains("/restore");
        // An event stream never ends; tests/openapi.rs checks its head.
        let endless = op["responseType"] == "text/event-stream";
        if destructive || endless {
            continue;
        }
        for (i, segment) in ODD_SEGMENTS.iter().enumerate() {
            let path = fill(template, segment, &app);
            let query = if i % 2 == 0 {
                "?where=((((&pageSize=-5&offset=abc&props=%27&sortBy=%00"
            } else {
                ""
            };
            for (ct, body) in bad_bodies().into_iter().skip(i % 3).step_by(3) {
                let call = if op["root"] == "server" {
                    s.raw(method.clone(), &format!("{path}{query}"))
                } else {
                    s.call(method.clone(), &format!("{path}{query}"))
                };
                let reply = call.header("auth-key", &key).body(ct, body).send().await;
                sent += 1;
                let status = reply.status.as_u16();
                let json_error =
                    reply.body.get("code").is_some() && reply.body.get("message").is_some();
                if status >= 500 && status != 502 || (status >= 400 && !json_error) {
                    failures.push(format!(
                        "{} {path}{query} [{ct}] → {status} {}",
                        op["method"], reply.body
                    ));
                }
            }
        }
    }
    assert!(sent > 1500, "only {sent} requests sent");
    assert!(
        failures.is_empty(),
        "{} bad answers:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The console session survived, and nothing stored was corrupted: the first user still logs in.
    let account = s
        .raw(Method::GET, "/console/home/myaccount")
        .header("auth-key", &key)
        .send()
        .await
        .ok();
    assert_eq!(account["authKey"], key.as_str());
    let login = s
        .post("/users/login")
        .json(json!({"login": "keep@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    assert_eq!(login["objectId"], user["objectId"]);
}
