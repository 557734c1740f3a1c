//! `--no-default-features` leaves the emulator and every server crate out of the runner: what
//! `cargo tree -p backendless-conform --no-default-features -e normal` lists holds no axum,
//! socketioxide, argon2, hyper-server or backendless-emulator. (hyper itself stays, with its
//! `server` feature: the `proxy` command listens with it, and reqwest needs hyper anyway.)

use std::process::Command;

const SERVER_CRATES: &[&str] = &[
    "axum",
    "axum-core",
    "socketioxide",
    "argon2",
    "hyper-server",
    "backendless-emulator",
];

/// The crate names `cargo tree` lists for the runner's normal dependencies.
fn tree(default_features: bool) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args([
        "tree",
        "-p",
        "backendless-conform",
        "-e",
        "normal",
        "--prefix",
        "none",
        "--format",
        "{p}",
    ])
    .current_dir(env!("CARGO_MANIFEST_DIR"));
    if !default_features {
        cmd.arg("--no-default-features");
    }
    let out = cmd.output().expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn without_default_features_no_server_crate_is_a_dependency() {
    let lean = tree(false);
    let full = tree(true);

    let pulled: Vec<&&str> = SERVER_CRATES
        .iter()
        .filter(|c| lean.iter().any(|n| n == **c))
        .collect();
    assert!(
        pulled.is_empty(),
        "server crates in the lean build: {pulled:?}"
    );
    assert!(lean.iter().any(|n| n == "reqwest"), "{lean:?}");
    // The check can see them: the default build has the in-process emulator and its server.
    for c in ["backendless-emulator", "axum", "socketioxide", "argon2"] {
        assert!(full.iter().any(|n| n == c), "{c} not in the default tree");
    }
}
