//! Files throughput: an in-process emulator, a few concurrent HTTP clients uploading (multipart)
//! and downloading 1 MiB files, and as a baseline in the same run the rate of a trivial
//! `GET /_emulator/health`. Prints MB/s, requests/s and the ratios to the baseline.
//!
//! Run: `cargo bench --bench files`.

use std::time::{Duration, Instant};

use backendless_emulator::Emulator;

const CLIENTS: usize = 4;
const FILE_BYTES: usize = 1024 * 1024;
const FILES_PER_CLIENT: usize = 8;
const TRANSFERS_PER_CLIENT: usize = 40;
const HEALTH_PER_CLIENT: usize = 2_000;

/// What one phase measured.
struct Figure {
    requests: usize,
    bytes: usize,
    elapsed: Duration,
}

impl Figure {
    fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    fn mb_per_second(&self) -> f64 {
        self.bytes as f64 / (1024.0 * 1024.0) / self.elapsed.as_secs_f64()
    }
}

/// Run `per_client` requests on each of `CLIENTS` tasks; `op(client, i)` returns bytes moved.
async fn run<F, Fut>(per_client: usize, op: F) -> Figure
where
    F: Fn(usize, usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = usize> + Send,
{
    let start = Instant::now();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let op = op.clone();
            tokio::spawn(async move {
                let mut bytes = 0;
                for i in 0..per_client {
                    bytes += op(c, i).await;
                }
                bytes
            })
        })
        .collect();
    let mut bytes = 0;
    for t in tasks {
        bytes += t.await.expect("client task");
    }
    Figure {
        requests: CLIENTS * per_client,
        bytes,
        elapsed: start.elapsed(),
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(bench());
}

async fn bench() {
    let emulator = Emulator::builder().start().await.expect("emulator starts");
    let health_url = format!("{}/_emulator/health", emulator.base_url());
    let files_url = format!("{}/files/bench", emulator.app_url());
    let http = reqwest::Client::new();
    let payload: &'static [u8] = Box::leak(vec![7u8; FILE_BYTES].into_boxed_slice());

    let health = {
        let (http, url) = (http.clone(), health_url.clone());
        move |_, _| {
            let (http, url) = (http.clone(), url.clone());
            async move {
                let resp = http.get(&url).send().await.expect("health");
                assert!(resp.status().is_success());
                resp.bytes().await.expect("body").len()
            }
        }
    };
    let upload = {
        let (http, url) = (http.clone(), files_url.clone());
        move |c: usize, i: usize| {
            let (http, url) = (http.clone(), url.clone());
            async move {
                let part = reqwest::multipart::Part::bytes(payload).file_name("f.bin");
                let form = reqwest::multipart::Form::new().part("file", part);
                let name = format!("{url}/c{c}/f{}.bin?overwrite=true", i % FILES_PER_CLIENT);
                let resp = http
                    .post(&name)
                    .multipart(form)
                    .send()
                    .await
                    .expect("upload");
                assert!(resp.status().is_success(), "upload: {}", resp.status());
                FILE_BYTES
            }
        }
    };
    let download = {
        let (http, url) = (http.clone(), files_url.clone());
        move |c: usize, i: usize| {
            let (http, url) = (http.clone(), url.clone());
            async move {
                let name = format!("{url}/c{c}/f{}.bin", i % FILES_PER_CLIENT);
                let resp = http.get(&name).send().await.expect("download");
                assert!(resp.status().is_success(), "download: {}", resp.status());
                resp.bytes().await.expect("body").len()
            }
        }
    };

    // Warm up connections and fill every file once.
    run(50, health.clone()).await;
    run(FILES_PER_CLIENT, upload.clone()).await;

    let baseline = run(HEALTH_PER_CLIENT, health).await;
    let up = run(TRANSFERS_PER_CLIENT, upload).await;
    let down = run(TRANSFERS_PER_CLIENT, download).await;
    assert_eq!(down.bytes, CLIENTS * TRANSFERS_PER_CLIENT * FILE_BYTES);

    println!(
        "files bench: {CLIENTS} concurrent clients, {} KiB files",
        FILE_BYTES / 1024
    );
    println!(
        "  baseline GET /_emulator/health: {:>9.0} req/s ({} requests in {:.2?})",
        baseline.per_second(),
        baseline.requests,
        baseline.elapsed
    );
    for (name, f) in [("upload (multipart POST)", &up), ("download (GET)", &down)] {
        println!(
            "  {name:<24} {:>8.1} MB/s {:>8.1} req/s ({} files in {:.2?}), {:.3}x the health rate",
            f.mb_per_second(),
            f.per_second(),
            f.requests,
            f.elapsed,
            f.per_second() / baseline.per_second()
        );
    }
    println!(
        "  download/upload throughput ratio: {:.2}",
        down.mb_per_second() / up.mb_per_second()
    );
    emulator.stop().await;
}
