//! Files service through the front door (files.md §2): every client endpoint's success shape and
//! error codes. Permissions, limits and the console routes live in `tests/files/`.

mod common;
#[path = "files/console.rs"]
mod console;
#[path = "files/permissions.rs"]
mod permissions;
#[path = "files/support.rs"]
mod support;
#[path = "files/transfer.rs"]
mod transfer;

use serde_json::Value;
use support::{fetch, multipart, root, shape, sorted_names, upload};

#[tokio::test]
async fn multipart_upload_answers_a_file_url_that_downloads_with_a_plain_get() {
    let server = common::start().await;
    let (ct, body) = multipart("file", Some("test.txt"), b"hello files");
    let reply = server
        .post("/files/test-upload/test.txt")
        .body(&ct, body)
        .send()
        .await
        .ok();
    insta::assert_json_snapshot!(shape(&server, reply.clone()));
    let url = reply["fileURL"].as_str().expect("url");
    assert!(url.ends_with("/files/test-upload/test.txt"));
    let (status, content_type, bytes) = fetch(&server, url).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/plain");
    assert_eq!(bytes, b"hello files");
    let api_form = format!(
        "{}/api/files/test-upload/test.txt",
        server.emulator.base_url()
    );
    assert_eq!(fetch(&server, &api_form).await.2, b"hello files");
}

#[tokio::test]
async fn the_js_sdk_buffer_form_without_file_name_uploads_too() {
    let server = common::start().await;
    let (ct, body) = multipart("file", None, &[0, 1, 2, 255]);
    server
        .post("/files//bin/data.bin")
        .body(&ct, body)
        .send()
        .await
        .ok();
    let (_, content_type, bytes) =
        fetch(&server, &format!("{}/files/bin/data.bin", root(&server))).await;
    assert_eq!(bytes, [0, 1, 2, 255]);
    assert_eq!(content_type, "application/octet-stream");
    let (ct, body) = multipart("other", None, b"x");
    server
        .post("/files/bin/none.txt")
        .body(&ct, body)
        .send()
        .await
        .assert_error(6028, 400);
}

#[tokio::test]
async fn upload_onto_an_existing_file_needs_overwrite() {
    let server = common::start().await;
    upload(&server, "d/f.txt", b"one").await;
    let (ct, body) = multipart("file", Some("f.txt"), b"two");
    server
        .post("/files/d/f.txt")
        .body(&ct, body.clone())
        .send()
        .await
        .assert_error(6018, 400);
    server
        .post("/files/d/f.txt?overwrite=false")
        .body(&ct, body.clone())
        .send()
        .await
        .assert_error(6018, 400);
    server
        .post("/files/d?overwrite=true")
        .body(&ct, body.clone())
        .send()
        .await
        .assert_error(6018, 400);
    server
        .post("/files/d/f.txt?overwrite=true")
        .body(&ct, body)
        .send()
        .await
        .ok();
    let (_, _, bytes) = fetch(&server, &format!("{}/files/d/f.txt", root(&server))).await;
    assert_eq!(bytes, b"two");
}

#[tokio::test]
async fn save_base64_answers_a_bare_url_string() {
    let server = common::start().await;
    let reply = server
        .put("/files/binary/save-test/testFile")
        .body("text/plain", "dGVzdENvbnRlbnQ=")
        .send()
        .await
        .ok();
    insta::assert_json_snapshot!(shape(&server, reply.clone()));
    let (_, _, bytes) = fetch(&server, reply.as_str().expect("string")).await;
    assert_eq!(bytes, b"testContent");
    server
        .put("/files/binary/save-test/testFile")
        .body("text/plain", "eA==")
        .send()
        .await
        .assert_error(6018, 400);
    server
        .put("/files/binary/save-test/testFile?overwrite=true")
        .body("text/plain", "eA==")
        .send()
        .await
        .ok();
    server
        .put("/files/binary/save-test/bad")
        .body("text/plain", "not base64!")
        .send()
        .await
        .assert_error(8002, 400);
}

#[tokio::test]
async fn download_serves_types_ranges_and_404_for_missing_files() {
    let server = common::start().await;
    let url = upload(&server, "web/index.html", b"<h1>hi</h1>").await;
    let (status, ct, _) = fetch(&server, &url).await;
    assert_eq!((status.as_u16(), ct.as_str()), (200, "text/html"));
    let partial = server
        .http
        .get(&url)
        .header("range", "bytes=4-5")
        .send()
        .await
        .expect("sent");
    assert_eq!(partial.status(), 206);
    assert_eq!(partial.headers()["content-range"], "bytes 4-5/11");
    assert_eq!(partial.bytes().await.expect("body").as_ref(), b"hi");
    server
        .get("/files/web/missing.html")
        .send()
        .await
        .assert_error(6000, 404);
}

#[tokio::test]
async fn listing_items_have_the_file_info_fields() {
    let server = common::start().await;
    for f in [
        "listing-test/index.html",
        "listing-test/users.html",
        "listing-test/logo.png",
    ] {
        upload(&server, f, b"12345").await;
    }
    upload(&server, "listing-test/subdir/one-more.html", b"123").await;
    let listing = server.get("/files/listing-test").send().await.ok();
    insta::assert_json_snapshot!(shape(&server, listing.clone()));
    assert_eq!(
        sorted_names(&listing),
        ["index.html", "logo.png", "subdir", "users.html"]
    );
    let html = server
        .get("/files/listing-test?pattern=*.html&sub=true")
        .send()
        .await
        .ok();
    assert_eq!(
        sorted_names(&html),
        ["index.html", "one-more.html", "users.html"]
    );
    let page = server
        .get("/files/listing-test/?sub=true&pagesize=3&offset=1")
        .send()
        .await
        .ok();
    assert_eq!(page.as_array().map(Vec::len), Some(3));
    let root_listing = server.get("/files/").send().await.ok();
    assert_eq!(sorted_names(&root_listing), ["listing-test"]);
    server
        .get("/files/listing-test?pagesize=x")
        .send()
        .await
        .assert_error(1005, 400);
    server
        .get("/files/listing-test?offset=-1")
        .send()
        .await
        .assert_error(1004, 400);
    server
        .get("/files/listing-test?pattern=regex:(")
        .send()
        .await
        .assert_error(8002, 400);
    server
        .get("/files/nope")
        .send()
        .await
        .assert_error(6000, 404);
}

#[tokio::test]
async fn count_follows_the_sdk_e2e_tree() {
    let server = common::start().await;
    for f in [
        "count/index.html",
        "count/users.html",
        "count/logo.png",
        "count/subdir-1/one-more-1.html",
        "count/subdir-2/one-more-2.html",
    ] {
        upload(&server, f, b"x").await;
    }
    let count = |q: &'static str| {
        let server = &server;
        async move {
            server
                .get(&format!("/files/count?action=count&{q}"))
                .send()
                .await
                .ok()
        }
    };
    let all = count("pattern=*&sub=false&countDirectories=false").await;
    insta::assert_json_snapshot!(all);
    assert_eq!(
        count("pattern=*.html&sub=false&countDirectories=false").await,
        2
    );
    assert_eq!(
        count("pattern=*.html&sub=true&countDirectories=false").await,
        4
    );
    assert_eq!(count("pattern=*&sub=false&countDirectories=true").await, 5);
    assert_eq!(
        count("pattern=regex:.*-[0-9]&sub=true&countDirectories=true").await,
        2
    );
    server
        .get("/files/count?action=zip")
        .send()
        .await
        .assert_error(99000, 400);
}

#[tokio::test]
async fn exists_is_true_for_files_and_directories_empty_or_not() {
    let server = common::start().await;
    upload(&server, "ex/full/f.txt", b"x").await;
    server.post("/files/ex/empty/").send().await.ok();
    let exists = |p: &'static str| {
        let server = &server;
        async move {
            server
                .get(&format!("/files/{p}?action=exists"))
                .send()
                .await
                .ok()
        }
    };
    let yes = exists("ex/full/f.txt").await;
    insta::assert_json_snapshot!(yes);
    assert_eq!(exists("ex/empty").await, true);
    assert_eq!(exists("ex/full").await, true);
    assert_eq!(exists("ex/missing").await, false);
}

#[tokio::test]
async fn create_directory_with_or_without_trailing_slash() {
    let server = common::start().await;
    let reply = server.post("/files/dirs/js/").send().await;
    assert_eq!(
        (reply.status.as_u16(), reply.body.clone()),
        (200, Value::Null)
    );
    server.post("/files/dirs/swift").send().await.ok();
    server.post("/files/dirs/js/").send().await.ok();
    let listing = server.get("/files/dirs").send().await.ok();
    assert_eq!(sorted_names(&listing), ["js", "swift"]);
    upload(&server, "dirs/file.txt", b"x").await;
    server
        .post("/files/dirs/file.txt/")
        .send()
        .await
        .assert_error(6018, 400);
    server
        .post("/files/dirs/raw.txt")
        .body("application/octet-stream", "raw")
        .send()
        .await
        .assert_error(6028, 400);
}

#[tokio::test]
async fn delete_files_and_directories_recursively() {
    let server = common::start().await;
    upload(&server, "del/a.txt", b"x").await;
    upload(&server, "del/sub/b.txt", b"x").await;
    let one = server.delete("/files//del/a.txt").send().await.ok();
    insta::assert_json_snapshot!(one);
    assert_eq!(server.delete("/files/del").send().await.ok(), 3);
    server
        .delete("/files/del")
        .send()
        .await
        .assert_error(6000, 400);
    server
        .delete("/files/")
        .send()
        .await
        .assert_error(6028, 400);
    let absolute = upload(&server, "abs/c.txt", b"x").await;
    server.http.delete(&absolute).send().await.expect("sent");
    assert_eq!(
        server
            .get("/files/abs/c.txt?action=exists")
            .send()
            .await
            .ok(),
        false
    );
}

#[tokio::test]
async fn prohibited_symbols_are_6006() {
    let server = common::start().await;
    let (ct, body) = multipart("file", Some("x"), b"x");
    for bad in [
        "/files/a%5Cb/x.txt",
        "/files/a/..%2F..%2Fx",
        "/files/%FF.txt",
        "/files/a%3Cb",
    ] {
        server
            .post(bad)
            .body(&ct, body.clone())
            .send()
            .await
            .assert_error(6006, 400);
    }
    server
        .get("/files/a%7Cb")
        .send()
        .await
        .assert_error(6006, 400);
}

#[tokio::test]
async fn files_survive_export_and_import() {
    let server = common::start().await;
    upload(&server, "keep/me.bin", &[9, 8, 7]).await;
    let app = server.emulator.app_id().to_string();
    let export = server
        .raw(
            reqwest::Method::GET,
            &format!("/_emulator/apps/{app}/export"),
        )
        .send()
        .await
        .ok();
    assert!(export["services"]["files"]["files"].is_array());
    server
        .raw(
            reqwest::Method::POST,
            &format!("/_emulator/apps/{app}/reset"),
        )
        .send()
        .await
        .ok();
    server
        .get("/files/keep/me.bin")
        .send()
        .await
        .assert_error(6000, 404);
    server
        .raw(
            reqwest::Method::POST,
            &format!("/_emulator/apps/{app}/import"),
        )
        .json(export)
        .send()
        .await
        .ok();
    let (_, _, bytes) = fetch(&server, &format!("{}/files/keep/me.bin", root(&server))).await;
    assert_eq!(bytes, [9, 8, 7]);
}
