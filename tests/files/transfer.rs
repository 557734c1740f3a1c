//! Copy, move, rename (F11-F13), append (F14-F17) and upload from a URL (F2).

use serde_json::{json, Value};

use crate::common;
use crate::support::{fetch, in_snapshots_dir, multipart, root, shape, upload};

#[tokio::test]
async fn copy_move_and_rename_answer_the_new_url() {
    let server = common::start().await;
    upload(&server, "cmr/a.txt", b"content").await;
    let copied = server
        .put("/files/copy")
        .json(json!({"sourcePath": "/cmr/a.txt", "targetPath": "/cmr/copies"}))
        .send()
        .await
        .ok();
    in_snapshots_dir(|| insta::assert_json_snapshot!("copy", shape(&server, copied.clone())));
    assert_eq!(
        fetch(&server, copied.as_str().expect("url")).await.2,
        b"content"
    );
    let moved = server
        .put("/files/move")
        .json(json!({"sourcePath": "/cmr/copies", "targetPath": "/cmr/moved"}))
        .send()
        .await
        .ok();
    assert!(moved
        .as_str()
        .expect("url")
        .ends_with("/files/cmr/moved/copies"));
    let renamed = server
        .put("/files/rename")
        .json(json!({"oldPathName": "/cmr/moved/copies/a.txt", "newName": "b.txt"}))
        .send()
        .await
        .ok();
    in_snapshots_dir(|| insta::assert_json_snapshot!("rename", shape(&server, renamed)));
    let tree = server.get("/files/cmr?sub=true").send().await.ok();
    let paths: Vec<&str> = tree
        .as_array()
        .expect("array")
        .iter()
        .map(|i| i["url"].as_str().expect("url"))
        .collect();
    assert_eq!(paths, ["cmr/a.txt", "cmr/moved/copies/b.txt"]);
}

#[tokio::test]
async fn copy_move_rename_errors() {
    let server = common::start().await;
    upload(&server, "e/a.txt", b"x").await;
    upload(&server, "e/t/a.txt", b"x").await;
    let put = |path: &'static str, body: Value| {
        let server = &server;
        async move { server.put(path).json(body).send().await }
    };
    for op in ["/files/copy", "/files/move"] {
        put(op, json!({"sourcePath": "/e/none", "targetPath": "/x"}))
            .await
            .assert_error(6007, 400);
        put(op, json!({"sourcePath": "/e/a.txt", "targetPath": "/e/t"}))
            .await
            .assert_error(6018, 400);
        put(op, json!({"targetPath": "/x"}))
            .await
            .assert_error(8010, 400);
        put(op, json!({"sourcePath": null, "targetPath": "/x"}))
            .await
            .assert_error(6028, 400);
        put(op, json!({"sourcePath": "/e", "targetPath": "/e/t"}))
            .await
            .assert_error(99062, 400);
        put(op, json!({"sourcePath": "/e/a:b", "targetPath": "/x"}))
            .await
            .assert_error(6006, 400);
    }
    put(
        "/files/rename",
        json!({"oldPathName": "/e/none", "newName": "b"}),
    )
    .await
    .assert_error(6007, 400);
    put(
        "/files/rename",
        json!({"oldPathName": "/e/a.txt", "newName": "t"}),
    )
    .await
    .assert_error(6018, 400);
    put(
        "/files/rename",
        json!({"oldPathName": "/e/a.txt", "newName": "x/y"}),
    )
    .await
    .assert_error(6006, 400);
    put("/files/rename", json!({"oldPathName": "/e/a.txt"}))
        .await
        .assert_error(8010, 400);
    server
        .put("/files/rename")
        .body("application/xml", "<a/>")
        .send()
        .await
        .assert_error(8011, 400);
    server
        .put("/files/copy")
        .body("application/json", "{not json")
        .send()
        .await
        .assert_error(8002, 400);
}

#[tokio::test]
async fn append_concatenates_in_every_form() {
    let server = common::start().await;
    let (ct, body) = multipart("file", Some("log.txt"), b"aaa");
    let first = server
        .post("/files/append/logs/log.txt")
        .body(&ct, body)
        .send()
        .await
        .ok();
    in_snapshots_dir(|| {
        insta::assert_json_snapshot!("append_multipart", shape(&server, first.clone()))
    });
    let second = server
        .put("/files/append/binary/logs/log.txt")
        .body("text/plain", "YmJi")
        .send()
        .await
        .ok();
    in_snapshots_dir(|| {
        insta::assert_json_snapshot!("append_base64", shape(&server, second.clone()))
    });
    let third = server
        .put("/files/append/logs/log.txt")
        .body("text/plain", "ccc")
        .send()
        .await
        .ok();
    assert_eq!(second, third);
    assert_eq!(first["fileURL"], third);
    let url = third.as_str().expect("url");
    assert_eq!(fetch(&server, url).await.2, b"aaabbbccc");
    let from_url = server
        .post("/files/append/logs/log.txt")
        .json(json!({"url": url}))
        .send()
        .await
        .ok();
    assert_eq!(from_url["fileURL"], third);
    assert_eq!(fetch(&server, url).await.2, b"aaabbbcccaaabbbccc");
    server
        .put("/files/append/logs")
        .body("text/plain", "x")
        .send()
        .await
        .assert_error(6018, 400);
}

#[tokio::test]
async fn upload_from_url_copies_files_of_this_app_only() {
    let server = common::start().await;
    let source = upload(&server, "src/a.png", b"png").await;
    let reply = server
        .post("/files/dst/b.png")
        .json(json!({"url": source}))
        .send()
        .await
        .ok();
    assert!(reply["fileURL"]
        .as_str()
        .expect("url")
        .ends_with("/files/dst/b.png"));
    assert_eq!(
        fetch(&server, reply["fileURL"].as_str().expect("url"))
            .await
            .2,
        b"png"
    );
    server
        .post("/files/dst/c.png")
        .json(json!({"url": "https://example.com/c.png"}))
        .send()
        .await
        .assert_error(99000, 400);
    server
        .post("/files/dst/d.png")
        .json(json!({"url": format!("{}/files/src/none.png", root(&server))}))
        .send()
        .await
        .assert_error(6000, 400);
    server
        .post("/files/dst/e.png")
        .json(json!({"link": "x"}))
        .send()
        .await
        .assert_error(8010, 400);
}
