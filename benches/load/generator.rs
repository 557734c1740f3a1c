//! A wrk-like load generator: keep-alive HTTP/1.1 connections that each write one pre-built
//! request, read the whole answer (Content-Length or chunked), and record the latency.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What one series of requests measured.
pub(crate) struct Outcome {
    /// Answered requests per second (any status).
    pub per_second: f64,
    /// 99th percentile latency in milliseconds.
    pub p99_ms: f64,
    /// Answers with a 2xx status.
    pub ok: u64,
    /// Answers with another status.
    pub failed: u64,
}

/// The bytes of a `GET path`.
pub(crate) fn get_request(addr: SocketAddr, path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nhost: {addr}\r\naccept: application/json\r\n\r\n").into_bytes()
}

/// The bytes of a `POST path` with a JSON body.
pub(crate) fn post_request(addr: SocketAddr, path: &str, body: &[u8]) -> Vec<u8> {
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    request
}

/// `conns` connections send `requests` round-robin for `window`.
pub(crate) async fn run(
    addr: SocketAddr,
    requests: Vec<Vec<u8>>,
    conns: usize,
    window: Duration,
) -> Outcome {
    let requests = Arc::new(requests);
    let started = Instant::now();
    let deadline = started + window;
    let mut tasks = Vec::new();
    for c in 0..conns {
        let requests = requests.clone();
        tasks.push(tokio::spawn(async move {
            connection(addr, &requests, c, deadline).await
        }));
    }
    let mut histogram = Histogram::<u64>::new(3).expect("histogram");
    let (mut ok, mut failed) = (0, 0);
    for task in tasks {
        let (h, o, f) = task.await.expect("connection task");
        histogram.add(h).expect("same bounds");
        ok += o;
        failed += f;
    }
    Outcome {
        per_second: (ok + failed) as f64 / started.elapsed().as_secs_f64(),
        p99_ms: histogram.value_at_quantile(0.99) as f64 / 1e3,
        ok,
        failed,
    }
}

async fn connection(
    addr: SocketAddr,
    requests: &[Vec<u8>],
    offset: usize,
    deadline: Instant,
) -> (Histogram<u64>, u64, u64) {
    let mut histogram = Histogram::<u64>::new(3).expect("histogram");
    let (mut ok, mut failed) = (0, 0);
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut i = offset;
    while Instant::now() < deadline {
        let request = &requests[i % requests.len()];
        i += 1;
        let sent = Instant::now();
        stream.write_all(request).await.expect("write");
        let status = read_response(&mut stream, &mut buf).await;
        histogram
            .record(sent.elapsed().as_micros() as u64)
            .expect("latency in range");
        if (200..300).contains(&status) {
            ok += 1;
        } else {
            failed += 1;
        }
    }
    (histogram, ok, failed)
}

/// Read one whole answer; its status code. Leftover bytes stay in `buf`.
async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> u16 {
    let head_end = loop {
        if let Some(end) = find(buf, b"\r\n\r\n") {
            break end + 4;
        }
        fill(stream, buf).await;
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let end = match length {
        Some(n) => {
            while buf.len() < head_end + n {
                fill(stream, buf).await;
            }
            head_end + n
        }
        None if head.contains("transfer-encoding: chunked") => loop {
            if let Some(end) = find(&buf[head_end..], b"0\r\n\r\n") {
                break head_end + end + 5;
            }
            fill(stream, buf).await;
        },
        None => head_end,
    };
    buf.drain(..end);
    status
}

async fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) {
    let mut chunk = [0u8; 16 * 1024];
    let n = stream.read(&mut chunk).await.expect("read");
    assert!(n > 0, "server closed the connection");
    buf.extend_from_slice(&chunk[..n]);
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
