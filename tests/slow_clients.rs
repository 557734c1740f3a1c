//! Connections that would otherwise stay open forever: idle sockets, slowloris headers,
//! trickled bodies, clients that stop reading; the cap on open connections; and the errors hyper
//! answers by itself, which come back as Backendless JSON. Timeouts are set short through the
//! builder and every assertion allows a bound many times longer.

mod common;

use std::time::{Duration, Instant};

use backendless_emulator::Emulator;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Far longer than any timeout set below.
const BOUND: Duration = Duration::from_secs(10);

async fn short_timeouts() -> common::TestServer {
    common::start_with(
        Emulator::builder()
            .seed(2)
            .header_read_timeout(Duration::from_millis(200))
            .idle_timeout(Duration::from_millis(200))
            .body_read_timeout(Duration::from_millis(300)),
    )
    .await
}

async fn connect(s: &common::TestServer) -> TcpStream {
    TcpStream::connect(s.emulator.addr())
        .await
        .expect("connect")
}

/// Read until the server closes the connection; what it sent. Fails after [`BOUND`].
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let read = tokio::time::timeout(BOUND, async {
        let mut buf = [0u8; 8192];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "the connection was still open after {BOUND:?}, having sent {:?}",
        String::from_utf8_lossy(&out[..out.len().min(300)])
    );
    out
}

/// The JSON body of a raw HTTP/1 response.
fn json_body(raw: &[u8]) -> Value {
    let text = String::from_utf8_lossy(raw);
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {text:?}"))
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let s = short_timeouts().await;
    let mut idle = connect(&s).await;
    until_closed(&mut idle).await;
}

#[tokio::test]
async fn a_slowloris_header_is_cut_off() {
    let s = short_timeouts().await;
    let mut slow = connect(&s).await;
    slow.write_all(b"GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .expect("write");
    let started = Instant::now();
    let (mut reader, mut writer) = slow.into_split();
    // A header byte every 50 ms would keep the head incomplete for 50 s.
    let trickle = tokio::spawn(async move {
        for _ in 0..1000 {
            if writer.write_all(b"X").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let mut buf = [0u8; 1024];
    let closed = tokio::time::timeout(BOUND, async {
        loop {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "a trickled header held the connection");
    assert!(started.elapsed() < BOUND);
    trickle.abort();
}

#[tokio::test]
async fn a_trickled_body_gets_408_and_the_connection_closes() {
    let s = short_timeouts().await;
    let mut slow = connect(&s).await;
    let path = format!("/{}/{}/data/T", s.emulator.app_id(), s.emulator.api_key());
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{"
    );
    slow.write_all(head.as_bytes()).await.expect("write");
    let (mut reader, mut writer) = slow.into_split();
    let trickle = tokio::spawn(async move {
        for _ in 0..990 {
            if writer.write_all(b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let mut out = Vec::new();
    let closed = tokio::time::timeout(BOUND, reader.read_to_end(&mut out)).await;
    assert!(closed.is_ok(), "a trickled body held the connection");
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert_eq!(json_body(&out)["code"], 99109);
    trickle.abort();
    // Nothing was stored from the half body.
    s.get("/data/T").send().await.assert_error(1009, 400);
}

#[tokio::test]
async fn a_client_that_stops_reading_its_response_is_dropped() {
    let s = common::start_with(
        Emulator::builder()
            .seed(2)
            .header_read_timeout(Duration::from_secs(60))
            .idle_timeout(Duration::from_millis(200)),
    )
    .await;
    let size = 8 * 1024 * 1024;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(vec![b'z'; size]).file_name("big.bin"),
    );
    let uploaded = s
        .http
        .post(format!("{}/files/big.bin", s.emulator.app_url()))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert!(uploaded.status().is_success());
    // A small receive window, so the server's writes stall once its buffers are full.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(64 * 1024).expect("rcvbuf");
    let mut reader = socket.connect(s.emulator.addr()).await.expect("connect");
    let path = format!(
        "/{}/{}/files/big.bin",
        s.emulator.app_id(),
        s.emulator.api_key()
    );
    reader
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes())
        .await
        .expect("request");
    // Read nothing for a while: many times the idle timeout.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let got = until_closed(&mut reader).await;
    assert!(
        got.len() < size,
        "the whole {size} bytes arrived: the stalled connection was kept"
    );
}

#[tokio::test]
async fn a_request_being_answered_is_not_idle() {
    // A webhook that takes far longer than the idle timeout to answer.
    let hook = axum::Router::new().fallback(|| async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        axum::Json(json!({"late": true}))
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, hook).await });
    let s = short_timeouts().await;
    s.control(reqwest::Method::PUT, "/webhooks")
        .json(json!({"services": {"*": url}}))
        .send()
        .await
        .ok();
    let answer = s.get("/services/Slow/run").send().await.ok();
    assert_eq!(answer, json!({"late": true}));
}

#[tokio::test]
async fn connections_beyond_the_cap_get_503_and_room_frees_up() {
    let s = common::start_with(Emulator::builder().seed(2).max_connections(2)).await;
    let first = connect(&s).await;
    let second = connect(&s).await;
    let url = format!("{}/_emulator/health", s.emulator.base_url());
    let fresh = || reqwest::Client::builder().build().expect("client");
    // The accept loop may not have taken both yet; wait until the cap shows.
    let deadline = Instant::now() + BOUND;
    let refused = loop {
        let reply = fresh().get(&url).send().await.expect("answered");
        if reply.status() == 503 || Instant::now() > deadline {
            break reply;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(refused.status(), 503);
    let body: Value = refused.json().await.expect("JSON");
    assert_eq!(body["code"], 99108);
    drop(first);
    drop(second);
    let deadline = Instant::now() + BOUND;
    loop {
        let reply = fresh().get(&url).send().await.expect("answered");
        if reply.status().is_success() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "closed connections never freed their slots"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn requests_hyper_refuses_by_itself_get_backendless_json() {
    let s = common::start().await;
    let cases: Vec<(Vec<u8>, &str, i64)> = vec![
        (
            b"GET /_emulator/health?a>b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
            "400",
            99111,
        ),
        (
            b"GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad: a\x01b\r\n\r\n".to_vec(),
            "400",
            99111,
        ),
        (
            [b"GET /".as_slice(), &[b'a'; 70_000], b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"].concat(),
            "414",
            99112,
        ),
        (
            // More header fields than hyper parses (100).
            format!(
                "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{}\r\n",
                (0..200).map(|i| format!("X-H{i}: v\r\n")).collect::<String>()
            )
            .into_bytes(),
            "431",
            99113,
        ),
        (
            b"GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: gzip\r\n\r\n".to_vec(),
            "400",
            99111,
        ),
        (b"GARBAGE\r\n\r\n".to_vec(), "400", 99111),
    ];
    for (raw, status, code) in cases {
        let mut stream = connect(&s).await;
        stream.write_all(&raw).await.expect("write");
        let out = until_closed(&mut stream).await;
        let text = String::from_utf8_lossy(&out);
        assert!(text.starts_with(&format!("HTTP/1.1 {status}")), "{text}");
        assert!(text
            .to_ascii_lowercase()
            .contains("content-type: application/json"));
        let body = json_body(&out);
        assert_eq!(body["code"], code, "{text}");
        assert!(body["message"].is_string() && body["errorData"].is_object());
    }
    // The server still answers.
    s.get("/data/T").send().await.assert_error(1009, 400);
}
