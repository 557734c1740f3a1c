//! Console file routes (management.md §2 FL1-FL4) on the same store as the client API.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{self, Reply, TestServer};
use crate::support::{fetch, in_snapshots_dir, multipart, root, shape, sorted_names, upload};

/// A console call on the default app with the developer's auth key.
async fn console(
    server: &TestServer,
    key: &str,
    method: Method,
    path: &str,
    body: Option<(&str, Vec<u8>)>,
) -> Reply {
    let mut call = server
        .raw(
            method,
            &format!("/{}/console/files/{path}", server.emulator.app_id()),
        )
        .header("auth-key", key);
    if let Some((ct, bytes)) = body {
        call = call.body(ct, bytes);
    }
    call.send().await
}

fn file_json(content: &str) -> Option<(&'static str, Vec<u8>)> {
    Some((
        "application/json",
        serde_json::to_vec(&json!({ "file": content })).expect("json"),
    ))
}

fn text(body: &str) -> Option<(&'static str, Vec<u8>)> {
    Some(("text/plain", body.as_bytes().to_vec()))
}

#[tokio::test]
async fn create_download_exists_and_delete_share_the_client_store() {
    let server = common::start().await;
    let key = server.console_login().await;
    let created = console(
        &server,
        &key,
        Method::POST,
        "create/docs/readme.txt/",
        file_json("hello"),
    )
    .await
    .ok();
    in_snapshots_dir(|| insta::assert_json_snapshot!("console_create", shape(&server, created)));
    console(
        &server,
        &key,
        Method::POST,
        "create/docs/readme.txt/",
        file_json("again"),
    )
    .await
    .assert_error(6018, 400);
    let download = console(&server, &key, Method::GET, "download/docs/readme.txt", None).await;
    assert_eq!(download.body, Value::String("hello".into()));
    assert_eq!(download.headers["content-type"], "text/plain");
    let via_client = fetch(&server, &format!("{}/files/docs/readme.txt", root(&server))).await;
    assert_eq!(via_client.2, b"hello");
    upload(&server, "from-client/x.txt", b"client").await;
    let seen = console(
        &server,
        &key,
        Method::GET,
        "download/from-client/x.txt",
        None,
    )
    .await;
    assert_eq!(seen.body, Value::String("client".into()));
    let exists = console(&server, &key, Method::GET, "exists/docs/readme.txt/", None)
        .await
        .ok();
    assert_eq!(exists, true);
    let deleted = console(&server, &key, Method::DELETE, "docs/", None).await;
    assert_eq!((deleted.status.as_u16(), deleted.body), (200, Value::Null));
    assert_eq!(
        console(&server, &key, Method::GET, "exists/docs/readme.txt/", None)
            .await
            .ok(),
        false
    );
    console(&server, &key, Method::DELETE, "docs/", None)
        .await
        .assert_error(6000, 400);
    console(&server, &key, Method::GET, "download/docs/readme.txt", None)
        .await
        .assert_error(6000, 404);
}

#[tokio::test]
async fn create_directory_rename_move_and_copy() {
    let server = common::start().await;
    let key = server.console_login().await;
    let dir = console(&server, &key, Method::POST, "createdir/work/sub/", None)
        .await
        .ok();
    in_snapshots_dir(|| insta::assert_json_snapshot!("console_createdir", shape(&server, dir)));
    console(
        &server,
        &key,
        Method::POST,
        "create/work/a.txt/",
        file_json("A"),
    )
    .await
    .ok();
    let renamed = console(
        &server,
        &key,
        Method::POST,
        "rename/work/a.txt/",
        text("new%20name.txt"),
    )
    .await
    .ok();
    assert!(renamed
        .as_str()
        .expect("url")
        .ends_with("/files/work/new%20name.txt"));
    let moved = console(
        &server,
        &key,
        Method::POST,
        "move/work/new%20name.txt/",
        text("work/sub"),
    )
    .await
    .ok();
    assert!(moved
        .as_str()
        .expect("url")
        .ends_with("/files/work/sub/new%20name.txt"));
    let copied = console(
        &server,
        &key,
        Method::POST,
        "copy/work/sub/new%20name.txt/",
        text("copies/renamed.txt"),
    )
    .await
    .ok();
    assert!(copied
        .as_str()
        .expect("url")
        .ends_with("/files/copies/renamed.txt"));
    assert_eq!(fetch(&server, copied.as_str().expect("url")).await.2, b"A");
    console(&server, &key, Method::POST, "rename/work/none/", text("x"))
        .await
        .assert_error(6007, 400);
    console(&server, &key, Method::POST, "rename/work/sub/", text(""))
        .await
        .assert_error(6028, 400);
}

#[tokio::test]
async fn directory_view_count_edit_and_upload() {
    let server = common::start().await;
    let key = server.console_login().await;
    for name in ["b.txt", "a.txt"] {
        console(
            &server,
            &key,
            Method::POST,
            &format!("create/view/{name}/"),
            file_json(name),
        )
        .await
        .ok();
    }
    console(&server, &key, Method::POST, "createdir/view/dir/", None)
        .await
        .ok();
    let listing = console(
        &server,
        &key,
        Method::GET,
        "directory/view/view?sortBy=name&sortDirection=desc&pageSize=2",
        None,
    )
    .await
    .ok();
    let names: Vec<&str> = listing
        .as_array()
        .expect("array")
        .iter()
        .map(|i| i["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["dir", "b.txt"]);
    let count = console(
        &server,
        &key,
        Method::GET,
        "directory/view/view/count",
        None,
    )
    .await
    .ok();
    assert_eq!(count, 3);
    let top = console(&server, &key, Method::GET, "directory/view", None)
        .await
        .ok();
    assert_eq!(sorted_names(&top), ["view"]);
    let plain = console(&server, &key, Method::GET, "view/view", None)
        .await
        .ok();
    assert_eq!(sorted_names(&plain), ["a.txt", "b.txt", "dir"]);
    console(
        &server,
        &key,
        Method::POST,
        "edit/view/a.txt/",
        file_json("edited"),
    )
    .await
    .ok();
    let (ct, body) = multipart("file", Some("up.txt"), b"uploaded");
    console(
        &server,
        &key,
        Method::POST,
        "upload/view/a.txt/",
        Some((ct.as_str(), body.clone())),
    )
    .await
    .assert_error(6018, 400);
    console(
        &server,
        &key,
        Method::POST,
        "upload/view/a.txt/?overwrite=true",
        Some((ct.as_str(), body)),
    )
    .await
    .ok();
    let content = console(&server, &key, Method::GET, "download/view/a.txt", None).await;
    assert_eq!(content.body, Value::String("uploaded".into()));
    let raw = console(
        &server,
        &key,
        Method::POST,
        "create/view/raw.txt/",
        text("raw body"),
    )
    .await;
    raw.ok();
    let raw = console(&server, &key, Method::GET, "download/view/raw.txt", None).await;
    assert_eq!(raw.body, Value::String("raw body".into()));
}

#[tokio::test]
async fn console_errors() {
    let server = common::start().await;
    let key = server.console_login().await;
    console(&server, "wrong", Method::GET, "exists/x/", None)
        .await
        .assert_error(99004, 401);
    server
        .raw(Method::GET, "/NO-SUCH-APP/console/files/exists/x/")
        .header("auth-key", &key)
        .send()
        .await
        .assert_error(2002, 400);
    // Zipping what does not exist is the listing's 6000 (tests/console_api.rs zips and unzips).
    console(&server, &key, Method::PUT, "docs?operation=zip", None)
        .await
        .assert_error(6000, 400);
    console(&server, &key, Method::GET, "unknown/x", None)
        .await
        .assert_error(99001, 404);
    console(
        &server,
        &key,
        Method::POST,
        "create/x.txt/",
        Some(("application/json", b"{}".to_vec())),
    )
    .await
    .assert_error(8010, 400);
    console(
        &server,
        &key,
        Method::POST,
        "create/a%5Cb.txt/",
        file_json("x"),
    )
    .await
    .assert_error(6006, 400);
}

#[tokio::test]
async fn client_permissions_do_not_bind_the_console() {
    let server = common::start().await;
    let key = server.console_login().await;
    upload(&server, "locked/f.txt", b"x").await;
    server
        .put("/files/permissions/DENY/locked")
        .json(json!({"permission": "READ", "role": "*"}))
        .send()
        .await
        .ok();
    server
        .get("/files/locked/f.txt")
        .send()
        .await
        .assert_error(4000, 400);
    let content = console(&server, &key, Method::GET, "download/locked/f.txt", None).await;
    assert_eq!(content.body, Value::String("x".into()));
}
