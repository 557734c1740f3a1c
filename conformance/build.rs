//! Embeds every `specs/responses/*.schema.json` so the runner needs no file at run time and no
//! hand-kept list of schema names (a new schema file is picked up by the next build).

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/responses");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut stems: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".schema.json")?.to_string();
            Some((stem, e.path().display().to_string()))
        })
        .collect();
    stems.sort();
    let mut out = String::from("&[\n");
    for (stem, path) in &stems {
        println!("cargo:rerun-if-changed={path}");
        let _ = writeln!(out, "    ({stem:?}, include_str!({path:?})),");
    }
    out.push_str("]\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()))
        .join("response_schemas.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
