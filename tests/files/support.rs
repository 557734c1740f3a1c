//! Helpers of the Files integration tests: multipart bodies, uploads, raw downloads and the
//! redaction of URLs and times for snapshots.

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::TestServer;

/// A multipart/form-data body with one part: `(content type, body)`.
pub(crate) fn multipart(field: &str, file_name: Option<&str>, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----emulator-test-boundary";
    let disposition = match file_name {
        Some(name) => format!("form-data; name=\"{field}\"; filename=\"{name}\""),
        None => format!("form-data; name=\"{field}\""),
    };
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Upload `bytes` to `/files/{path}` (multipart, overwrite) and return the `fileURL`.
pub(crate) async fn upload(server: &TestServer, path: &str, bytes: &[u8]) -> String {
    let (ct, body) = multipart("file", Some("x"), bytes);
    let reply = server
        .post(&format!("/files/{path}?overwrite=true"))
        .body(&ct, body)
        .send()
        .await
        .ok();
    reply["fileURL"].as_str().expect("fileURL").to_string()
}

/// A raw GET: status, content type, bytes.
pub(crate) async fn fetch(server: &TestServer, url: &str) -> (StatusCode, String, Vec<u8>) {
    let resp = server.http.get(url).send().await.expect("sent");
    let status = resp.status();
    let ct = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, ct, resp.bytes().await.expect("body").to_vec())
}

/// The client-API root of the default app (`http://host/{appId}/{restKey}`).
pub(crate) fn root(server: &TestServer) -> String {
    server.emulator.app_url()
}

/// Replace the app's root URL with `[root]` and times with `[time]`, for snapshots.
pub(crate) fn shape(server: &TestServer, value: Value) -> Value {
    let root = root(server);
    fn walk(v: &mut Value, root: &str) {
        match v {
            Value::String(s) => *s = s.replace(root, "[root]"),
            Value::Object(map) => {
                for (k, child) in map.iter_mut() {
                    if matches!(k.as_str(), "createdOn" | "updatedOn") && child.is_number() {
                        *child = Value::String("[time]".into());
                    } else {
                        walk(child, root);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, root)),
            _ => {}
        }
    }
    let mut value = value;
    walk(&mut value, &root);
    value
}

/// Names of a listing reply, sorted.
pub(crate) fn sorted_names(listing: &Value) -> Vec<String> {
    let mut names: Vec<String> = listing
        .as_array()
        .expect("array")
        .iter()
        .map(|i| i["name"].as_str().expect("name").to_string())
        .collect();
    names.sort();
    names
}

/// Run a snapshot assertion of a `tests/files/` module with its snapshot in `tests/snapshots/`.
pub(crate) fn in_snapshots_dir(assertion: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.bind(assertion);
}
