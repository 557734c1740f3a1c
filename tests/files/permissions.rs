//! File permissions (files.md §2 F18) enforced on every operation, and the store's size limits.

use serde_json::{json, Value};

use crate::common::{self, TestServer};
use crate::support::{in_snapshots_dir, multipart, sorted_names, upload};

async fn set(server: &TestServer, kind: &str, path: &str, body: Value) -> common::Reply {
    server
        .put(&format!("/files/permissions/{kind}/{path}"))
        .json(body)
        .send()
        .await
}

/// A logged-in user: (objectId, user-token).
async fn user(server: &TestServer, email: &str) -> (String, String) {
    let (user, token) = server.login_new(email, "pw").await;
    (user["objectId"].as_str().expect("id").to_string(), token)
}

#[tokio::test]
async fn a_user_denied_read_gets_4000_on_download_listing_count_and_exists() {
    let server = common::start().await;
    let (id, token) = user(&server, "reader@example.com").await;
    upload(&server, "acl/secret.txt", b"s").await;
    upload(&server, "acl/open.txt", b"o").await;
    let granted = set(
        &server,
        "DENY",
        "acl%2Fsecret.txt",
        json!({"permission": "READ", "user": id}),
    )
    .await
    .ok();
    in_snapshots_dir(|| insta::assert_json_snapshot!(granted));
    server
        .get("/files/acl/secret.txt")
        .token(&token)
        .send()
        .await
        .assert_error(4000, 400);
    server
        .get("/files/acl/secret.txt?action=exists")
        .token(&token)
        .send()
        .await
        .assert_error(4000, 400);
    let listing = server.get("/files/acl").token(&token).send().await.ok();
    assert_eq!(sorted_names(&listing), ["open.txt"]);
    let count = server
        .get("/files/acl?action=count&pattern=*&sub=false&countDirectories=false")
        .token(&token)
        .send()
        .await
        .ok();
    assert_eq!(count, 1);
    server.get("/files/acl/secret.txt").send().await.ok();

    set(
        &server,
        "DENY",
        "acl",
        json!({"permission": "READ", "user": id}),
    )
    .await
    .ok();
    server
        .get("/files/acl")
        .token(&token)
        .send()
        .await
        .assert_error(4000, 400);
    server
        .put("/files/copy")
        .token(&token)
        .json(json!({"sourcePath": "/acl/open.txt", "targetPath": "/elsewhere"}))
        .send()
        .await
        .assert_error(4000, 400);
}

#[tokio::test]
async fn a_user_denied_write_gets_4000_on_every_write() {
    let server = common::start().await;
    let (id, token) = user(&server, "writer@example.com").await;
    upload(&server, "w/f.txt", b"x").await;
    set(
        &server,
        "deny",
        "w",
        json!({"permission": "WRITE", "user": id}),
    )
    .await
    .ok();
    let (ct, body) = multipart("file", Some("n.txt"), b"x");
    server
        .post("/files/w/n.txt")
        .token(&token)
        .body(&ct, body)
        .send()
        .await
        .assert_error(4000, 400);
    server
        .put("/files/binary/w/f.txt?overwrite=true")
        .token(&token)
        .body("text/plain", "eA==")
        .send()
        .await
        .assert_error(4000, 400);
    server
        .put("/files/append/w/f.txt")
        .token(&token)
        .body("text/plain", "more")
        .send()
        .await
        .assert_error(4000, 400);
    server
        .post("/files/w/sub/")
        .token(&token)
        .send()
        .await
        .assert_error(4000, 400);
    server
        .put("/files/copy")
        .token(&token)
        .json(json!({"sourcePath": "/w/f.txt", "targetPath": "/w/copies"}))
        .send()
        .await
        .assert_error(4000, 400);
    server
        .put("/files/append/w/f.txt")
        .body("text/plain", "anonymous may")
        .send()
        .await
        .ok();
}

#[tokio::test]
async fn a_user_denied_delete_gets_4000_on_delete_and_move() {
    let server = common::start().await;
    let (id, token) = user(&server, "deleter@example.com").await;
    upload(&server, "dd/keep/f.txt", b"x").await;
    set(
        &server,
        "DENY",
        "dd%2Fkeep%2Ff.txt",
        json!({"permission": "DELETE", "user": id}),
    )
    .await
    .ok();
    for path in ["/files/dd/keep/f.txt", "/files/dd"] {
        server
            .delete(path)
            .token(&token)
            .send()
            .await
            .assert_error(4000, 400);
    }
    server
        .put("/files/move")
        .token(&token)
        .json(json!({"sourcePath": "/dd/keep", "targetPath": "/moved"}))
        .send()
        .await
        .assert_error(4000, 400);
    server
        .put("/files/rename")
        .token(&token)
        .json(json!({"oldPathName": "/dd/keep/f.txt", "newName": "g.txt"}))
        .send()
        .await
        .assert_error(4000, 400);
    assert_eq!(server.delete("/files/dd").send().await.ok(), 3);
}

#[tokio::test]
async fn role_and_wildcard_entries_and_user_grants_over_role_denies() {
    let server = common::start().await;
    let (id, token) = user(&server, "roles@example.com").await;
    let (_, other) = user(&server, "other@example.com").await;
    let url = upload(&server, "r/f.txt", b"x").await;
    set(
        &server,
        "DENY",
        "r",
        json!({"permission": "READ", "role": "AuthenticatedUser"}),
    )
    .await
    .ok();
    server
        .get("/files/r/f.txt")
        .token(&other)
        .send()
        .await
        .assert_error(4000, 400);
    server.get("/files/r/f.txt").send().await.ok();
    set(
        &server,
        "GRANT",
        "r/f.txt",
        json!({"permission": "READ", "user": id}),
    )
    .await
    .ok();
    server.get("/files/r/f.txt").token(&token).send().await.ok();
    set(
        &server,
        "DENY",
        "r",
        json!({"permission": "READ", "user": "*"}),
    )
    .await
    .ok();
    let anonymous = server.http.get(&url).send().await.expect("sent");
    assert_eq!(anonymous.status(), 400);
    let body: serde_json::Value = anonymous.json().await.expect("a JSON error");
    assert_eq!(body["code"], 4000, "{body}");
    server.get("/files/r/f.txt").token(&token).send().await.ok();
}

#[tokio::test]
async fn permission_call_errors() {
    let server = common::start().await;
    upload(&server, "pe/f.txt", b"x").await;
    set(&server, "DENY", "pe/f.txt", json!({"user": "*"}))
        .await
        .assert_error(8010, 400);
    set(&server, "DENY", "pe/f.txt", json!({"permission": "READ"}))
        .await
        .assert_error(8010, 400);
    set(
        &server,
        "DENY",
        "pe/f.txt",
        json!({"permission": "FIND", "user": "*"}),
    )
    .await
    .assert_error(1024, 400);
    set(
        &server,
        "ALLOW",
        "pe/f.txt",
        json!({"permission": "READ", "user": "*"}),
    )
    .await
    .assert_error(1024, 400);
    set(
        &server,
        "GRANT",
        "pe/none.txt",
        json!({"permission": "READ", "user": "*"}),
    )
    .await
    .assert_error(6000, 400);
}

#[tokio::test]
async fn one_file_cannot_grow_beyond_the_per_file_limit() {
    let server = common::start().await;
    let chunk = vec![b'a'; 5 * 1024 * 1024];
    for _ in 0..3 {
        server
            .put("/files/append/big/grow.txt")
            .body("text/plain", chunk.clone())
            .send()
            .await
            .ok();
    }
    let reply = server
        .put("/files/append/big/grow.txt")
        .body("text/plain", chunk)
        .send()
        .await;
    reply.assert_error(99060, 400);
    in_snapshots_dir(|| insta::assert_json_snapshot!(reply.body));
    let size = server.get("/files/big").send().await.ok()[0]["size"].clone();
    assert_eq!(size, 15 * 1024 * 1024, "the refused append changed nothing");
}

#[tokio::test]
async fn an_app_cannot_store_more_than_the_per_app_limit() {
    let server = common::start().await;
    upload(&server, "quota/big.bin", &vec![1u8; 15 * 1024 * 1024]).await;
    for i in 0..16 {
        server
            .put("/files/copy")
            .json(json!({"sourcePath": "/quota/big.bin", "targetPath": format!("/quota/c{i}")}))
            .send()
            .await
            .ok();
    }
    server
        .put("/files/copy")
        .json(json!({"sourcePath": "/quota/big.bin", "targetPath": "/quota/c16"}))
        .send()
        .await
        .assert_error(99061, 400);
    assert_eq!(
        server
            .get("/files/quota/c16?action=exists")
            .send()
            .await
            .ok(),
        false
    );
    let (ct, body) = multipart("file", Some("x"), &vec![0u8; 17 * 1024 * 1024]);
    server
        .post("/files/quota/too-big.bin")
        .body(&ct, body)
        .send()
        .await
        .assert_error(99002, 413);
}
