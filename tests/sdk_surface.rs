//! Every HTTP request the official clients send (specs/sdk-surface/: the JS SDK's 206 request
//! templates, the console SDK's 828 routes) reaches a handler: each answer is real behaviour or
//! the honest 99000 naming the feature, never an unknown route, a routing artefact or a 5xx.
//! The per-service table is printed (`cargo test --test sdk_surface -- --nocapture`).

mod common;

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{json, Value};

/// What an answer says about the route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    /// 2xx: the request did its job.
    Ok,
    /// A handler answered with an error of its own rules (a bad placeholder value, a missing row).
    Refused,
    /// 99000 naming the feature.
    Unsupported,
    /// 99001, a bare 404, or 2002 "wrong application info" for a console path.
    Unknown,
    /// An error that is an artefact of routing (a route segment read as a name).
    Misleading,
    /// 5xx.
    Server,
}

/// Ids and names the prerequisites created, by placeholder name.
struct Values(BTreeMap<&'static str, String>);

impl Values {
    fn fill(&self, template: &str) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let Some(end) = rest[start..].find('}') else {
                break;
            };
            let name = &rest[start + 1..start + end];
            let name = name.rsplit('.').next().unwrap_or(name);
            out.push_str(self.0.get(name).map_or("x1", String::as_str));
            rest = &rest[start + end + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// Literal segments of a template (`table-views`, `count`): an error naming one of them as a
/// table, key or file is the route being misread.
fn literal_segments(template: &str) -> Vec<&str> {
    template
        .split('/')
        .filter(|s| !s.is_empty() && !s.contains('{') && s.len() > 3)
        .filter(|s| !["console", "data", "api", "app"].contains(s))
        .collect()
}

fn classify(template: &str, console: bool, status: u16, body: &Value) -> Class {
    if status >= 500 {
        return Class::Server;
    }
    if (200..300).contains(&status) {
        return Class::Ok;
    }
    let code = body["code"].as_i64().unwrap_or(-1);
    let message = body["message"].as_str().unwrap_or_default();
    match code {
        99000 => return Class::Unsupported,
        99001 | -1 if status == 404 || code == 99001 => return Class::Unknown,
        2002 if console => return Class::Unknown,
        1040 => return Class::Misleading,
        _ => {}
    }
    let quoted = |s: &str| {
        message.contains(&format!("'{s}'"))
            || message.contains(&format!("\"{s}\""))
            || message.contains(&format!(": {s}"))
    };
    if literal_segments(template).iter().any(|s| quoted(s)) {
        return Class::Misleading;
    }
    Class::Refused
}

#[derive(Default)]
struct Row {
    counts: [usize; 6],
}

fn table(title: &str, rows: &BTreeMap<String, Row>) -> String {
    let mut out = format!(
        "\n{title}\n{:<22} {:>5} {:>5} {:>7} {:>7} {:>7} {:>7} {:>5}\n",
        "service", "total", "ok", "refused", "unsupp", "unknown", "mislead", "5xx"
    );
    let mut total = Row::default();
    for (name, row) in rows {
        let n: usize = row.counts.iter().sum();
        out.push_str(&format!("{name:<22} {n:>5}"));
        for (i, c) in row.counts.iter().enumerate() {
            total.counts[i] += c;
            let width = if i == 0 { 5 } else { 7 };
            out.push_str(&format!(" {c:>width$}"));
        }
        out.push('\n');
    }
    let n: usize = total.counts.iter().sum();
    out.push_str(&format!("{:<22} {n:>5}", "TOTAL"));
    for (i, c) in total.counts.iter().enumerate() {
        let width = if i == 0 { 5 } else { 7 };
        out.push_str(&format!(" {c:>width$}"));
    }
    out.push('\n');
    out
}

fn load(name: &str) -> Value {
    let path = format!("{}/specs/sdk-surface/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("surface list")).expect("json")
}

fn method(m: &str) -> Method {
    Method::from_bytes(m.as_bytes()).expect("method")
}

/// Prerequisites: a table with a record, a user, a hive key, a counter, a file, a channel message.
async fn prerequisites(s: &common::TestServer) -> Values {
    let (user, _) = s.login_new("surface@example.com", "secret1").await;
    let person = s
        .post("/data/Person")
        .json(json!({"name": "Ann", "age": 3}))
        .send()
        .await
        .ok();
    s.put("/hive/h1/key-value/k1")
        .json(json!({"value": "v"}))
        .send()
        .await;
    s.put("/counters/c1/increment/get").send().await.ok();
    s.put("/cache/k1").json(json!("v")).send().await;
    s.post("/files/dir/a.txt")
        .body("text/plain", "hello")
        .send()
        .await;
    s.post("/messaging/default")
        .json(json!({"message": "hi"}))
        .send()
        .await;
    let app = s.emulator.app_id().to_string();
    let record = person["objectId"].as_str().expect("id").to_string();
    let user_id = user["objectId"].as_str().expect("id").to_string();
    let mut v = BTreeMap::new();
    for (k, val) in [
        ("appId", app.as_str()),
        ("table", "Person"),
        ("tableName", "Person"),
        ("tableId", "Person"),
        ("objectId", record.as_str()),
        ("recordId", record.as_str()),
        ("userId", user_id.as_str()),
        ("hiveName", "h1"),
        ("key", "k1"),
        ("keyName", "k1"),
        ("storeType", "key-value"),
        ("counterName", "c1"),
        ("pattern", "c*"),
        ("columnName", "name"),
        ("field", "name"),
        ("relationName", "friends"),
        ("filePath", "dir/a.txt"),
        ("path", "dir"),
        ("fileName", "a.txt"),
        ("channelName", "default"),
        ("channelId", "default"),
        ("roleId", "AuthenticatedUser"),
        ("roleName", "AuthenticatedUser"),
        ("mode", "DEBUG"),
        ("deviceType", "ANDROID"),
        ("permissionType", "FIND"),
        ("socialType", "facebook"),
        ("providerCode", "googleplus"),
        ("identity", "surface@example.com"),
        ("index", "0"),
        ("value", "1"),
    ] {
        v.insert(k, val.to_string());
    }
    Values(v)
}

#[tokio::test]
async fn every_request_of_the_official_clients_reaches_a_handler() {
    let s = common::start().await;
    let values = prerequisites(&s).await;
    let auth = s.console_login().await;
    let mut bad = Vec::new();
    let mut console_rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut js_rows: BTreeMap<String, Row> = BTreeMap::new();

    let js = load("js-sdk-requests.json");
    for r in js["http"].as_array().expect("http") {
        let template = r["path"].as_str().expect("path");
        let m = method(r["method"].as_str().expect("method"));
        let mut call = s.call(m.clone(), &values.fill(template));
        if !r["example_body"].is_null() {
            call = call.json(r["example_body"].clone());
        } else if [Method::POST, Method::PUT, Method::PATCH].contains(&m) {
            call = call.json(json!({}));
        }
        let reply = call.send().await;
        let class = classify(template, false, reply.status.as_u16(), &reply.body);
        let service = r["service"].as_str().unwrap_or("?").to_string();
        js_rows.entry(service).or_default().counts[class as usize] += 1;
        if class >= Class::Unknown {
            bad.push(format!(
                "js {m} {template}: {} {}",
                reply.status, reply.body
            ));
        }
    }

    let console = load("console-sdk-requests.json");
    let routes = console["routes"].as_array().expect("routes");
    let extra = console["test_only_routes"]
        .as_array()
        .expect("test-only routes");
    let mut served = 0;
    let mut unsupported = Vec::new();
    // What ends the app or the developer's session goes last.
    let last = |r: &&Value| {
        let path = r["path"].as_str().unwrap_or_default();
        let m = r["method"].as_str().unwrap_or_default();
        (m == "DELETE" && path.ends_with("/console/application"))
            || path.ends_with("/home/logout")
            || path.contains("developer-suicide")
            || path.ends_with("/appreset")
    };
    // Among those, the reset first: it needs the app that the delete ends.
    let mut closing: Vec<&Value> = routes.iter().chain(extra).filter(|r| last(r)).collect();
    closing.sort_by_key(|r| {
        !r["path"]
            .as_str()
            .unwrap_or_default()
            .ends_with("/appreset")
    });
    let ordered: Vec<&Value> = routes
        .iter()
        .chain(extra)
        .filter(|r| !last(r))
        .chain(closing)
        .collect();
    for r in ordered {
        let template = r["path"].as_str().expect("path");
        let m = method(r["method"].as_str().expect("method"));
        let mut call = s
            .raw(m.clone(), &values.fill(template))
            .header("auth-key", &auth);
        if [Method::POST, Method::PUT, Method::PATCH].contains(&m) {
            call = call.json(json!({}));
        }
        let reply = call.send().await;
        let class = classify(template, true, reply.status.as_u16(), &reply.body);
        let area = r["area"].as_str().unwrap_or("?").to_string();
        console_rows.entry(area.clone()).or_default().counts[class as usize] += 1;
        if class <= Class::Refused {
            served += 1;
        }
        if class == Class::Unsupported {
            unsupported.push(format!("{area:<22} {m} {template}"));
        }
        if class >= Class::Unknown {
            bad.push(format!(
                "console {m} {template}: {} {}",
                reply.status, reply.body
            ));
        }
    }
    println!("{}", table("JS SDK (backendless 8.0.0)", &js_rows));
    println!(
        "{}",
        table("Console SDK (backendless-console-sdk 3.0.0)", &console_rows)
    );
    println!("console routes served: {served}");
    println!("console routes answering 99000:");
    for line in &unsupported {
        println!("  {line}");
    }
    for line in &bad {
        println!("{line}");
    }
    assert!(bad.is_empty(), "{} requests unanswered", bad.len());
    // Issue 10's goal: at least 300 console routes served (kept items, the community profile,
    // generated API docs, export and enforced developer permissions brought it there).
    assert!(served >= 300, "console routes served: {served}");
}
