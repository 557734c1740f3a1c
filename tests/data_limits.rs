//! Bad input and limits on the data service: nesting bombs, 10 MB bodies, oversized bodies,
//! wrong content types, unknown routes: documented code, non-2xx status, nothing stored.

mod common;

use backendless_emulator::{Emulator, KeyKind};
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn nesting_bombs_and_huge_bodies_are_refused_without_partial_writes() {
    let s = common::start().await;
    let bomb = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    s.post("/data/Bomb")
        .body("application/json", bomb)
        .send()
        .await
        .assert_error(8002, 400);
    let nested = format!(
        "{{\"a\":{}1{}}}",
        "{\"b\":".repeat(5_000),
        "}".repeat(5_000)
    );
    s.post("/data/Bomb")
        .body("application/json", nested)
        .send()
        .await
        .assert_error(8002, 400);
    let ten_mb = json!({"text": "x".repeat(10 * 1024 * 1024)});
    s.post("/data/Big")
        .json(ten_mb)
        .send()
        .await
        .assert_error(1007, 400);
    s.get("/data/Big").send().await.assert_error(1009, 400);
    let too_big = "y".repeat(17 * 1024 * 1024);
    s.post("/data/Big")
        .body("application/json", format!("{{\"t\":\"{too_big}\"}}"))
        .send()
        .await
        .assert_error(99002, 413);
    s.get("/data/Bomb").send().await.assert_error(1009, 400);
}

#[tokio::test]
async fn a_ten_megabyte_json_document_is_stored_whole() {
    let s = common::start().await;
    let items: Vec<String> = (0..100_000).map(|i| format!("item-{i:0>90}")).collect();
    let saved = s
        .post("/data/Blob")
        .json(json!({"doc": {"items": items}}))
        .send()
        .await
        .ok();
    let id = saved["objectId"].as_str().expect("id").to_string();
    let found = s.get(&format!("/data/Blob/{id}")).send().await.ok();
    assert_eq!(
        found["doc"]["items"].as_array().map(Vec::len),
        Some(100_000)
    );
}

#[tokio::test]
async fn wrong_content_types_and_unknown_routes() {
    let s = common::start().await;
    s.post("/data/T")
        .body("text/xml", "<a/>")
        .send()
        .await
        .assert_error(8011, 400);
    s.call(reqwest::Method::PATCH, "/data/T")
        .send()
        .await
        .assert_error(99001, 404);
    s.get("/data/T/a/b/c").send().await.assert_error(99001, 404);
    s.post("/data/T").json(json!({"n": 1})).send().await.ok();
    s.get("/data/T?where=%27unterminated")
        .send()
        .await
        .assert_error(1017, 400);
    let deep_where = format!("{}n = 1{}", "(".repeat(10_000), ")".repeat(10_000));
    s.post("/data/T/find")
        .json(json!({"where": deep_where}))
        .send()
        .await
        .assert_error(1017, 400);
}

#[tokio::test]
async fn relation_depth_bombs_are_capped() {
    let s = common::start().await;
    let ids = s
        .post("/data/bulk/Node")
        .json(serde_json::Value::from(
            (0..12).map(|i| json!({"i": i})).collect::<Vec<_>>(),
        ))
        .send()
        .await
        .ok();
    let ids: Vec<String> = serde_json::from_value(ids).expect("ids");
    for id in &ids {
        s.post(&format!("/data/Node/{id}/next:Node:n"))
            .json(json!(ids))
            .send()
            .await
            .ok();
    }
    let shallow = s
        .get(&format!("/data/Node/{}?relationsDepth=2", ids[0]))
        .send()
        .await
        .ok();
    assert_eq!(shallow["next"].as_array().map(Vec::len), Some(10));
    s.get(&format!(
        "/data/Node/{}?relationsDepth=10&relationsPageSize=12",
        ids[0]
    ))
    .send()
    .await
    .assert_error(8000, 400);
}

/// One HTTP/1 response read off `stream` (its head must give a content-length): status and body.
async fn response(stream: &mut (impl AsyncRead + Unpin)) -> (u16, Value) {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        let n = stream
            .read(&mut byte)
            .await
            .expect("the answer, not a reset");
        assert_eq!(n, 1, "closed before the end of the head: {raw:?}");
        raw.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&raw).to_lowercase();
    let status = head[9..12].parse().expect("status");
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("content-length");
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.expect("the whole body");
    (status, serde_json::from_slice(&body).expect("JSON"))
}

/// A client that sends an over-limit body whole before it reads: the server reads (and drops)
/// the rest of the body, so every byte is accepted, the client reads the 413 rather than a
/// connection reset, and the connection serves the next request.
#[tokio::test]
async fn an_over_limit_body_is_read_to_its_end_so_the_client_gets_the_413() {
    let s = common::start_with(Emulator::builder().seed(7).body_limit(1024 * 1024)).await;
    let path = format!(
        "/{}/{}/data/Big",
        s.emulator.app_id(),
        s.emulator.key(KeyKind::Rest)
    );
    for framing in ["content-length", "chunked"] {
        let path = path.clone();
        let stream = TcpStream::connect(s.emulator.addr())
            .await
            .expect("connect");
        let (mut reader, mut writer) = stream.into_split();
        let body = vec![b'y'; 3 * 1024 * 1024];
        let head = if framing == "chunked" {
            "transfer-encoding: chunked".to_string()
        } else {
            format!("content-length: {}", body.len())
        };
        let sender = tokio::spawn(async move {
            let head = format!(
                "POST {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n{head}\r\n\r\n"
            );
            writer.write_all(head.as_bytes()).await?;
            if framing == "chunked" {
                for chunk in body.chunks(64 * 1024) {
                    writer
                        .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                        .await?;
                    writer.write_all(chunk).await?;
                    writer.write_all(b"\r\n").await?;
                }
                writer.write_all(b"0\r\n\r\n").await?;
            } else {
                writer.write_all(&body).await?;
            }
            std::io::Result::Ok(writer)
        });
        let (status, answer) = response(&mut reader).await;
        assert_eq!(
            (status, answer["code"].as_i64()),
            (413, Some(99002)),
            "{answer}"
        );
        assert!(
            answer["message"]
                .as_str()
                .is_some_and(|m| m.contains("1048576")),
            "{answer}"
        );
        let mut writer = sender
            .await
            .expect("sender task")
            .unwrap_or_else(|e| panic!("{framing}: the server stopped reading the body: {e}"));
        writer
            .write_all(b"GET /_emulator/health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n")
            .await
            .expect("the connection is still open");
        let (status, health) = response(&mut reader).await;
        assert_eq!(status, 200, "{framing}: {health}");
    }
    s.get("/data/Big").send().await.assert_error(1009, 400);
}
