//! backendless-conform: replays JSON scenarios against the emulator or a real Backendless app over
//! HTTP only, diffs two targets after normalisation, records and verifies transcripts, and
//! generates scenarios with proptest (`fuzz`) whose failures shrink to regression files.
//!
//! Crate map:
//! - [`cli`]: the command line (`run`, `record`, `verify`, `fuzz`), exit codes, report files.
//! - [`scenario`]: the scenario format (`specs/scenario.schema.json`), loading, `{{variables}}`.
//! - [`target`]: a target over HTTP (or an in-process emulator), service probing, sending.
//! - [`exec`]: one scenario on one target → checks + normalised transcript.
//! - [`matchers`]: expectations (status, error code, exact, subset, type, regex, length, absent).
//! - [`schemas`]: every answer against its JSON Schema in `specs/responses/`.
//! - [`specs`]: `specs/operations.json`, `specs/errors.json` and the response schemas, compiled in.
//! - [`operations`]: the documented operations, for naming, parity and schema choice.
//! - [`generated`]: which answer fields are server-generated, from the schemas' `x-generated`.
//! - [`normalize`]: placeholders for generated values, identical rules on both sides.
//! - [`relations`]: generated times checked by relation (window, order, identity), not value.
//! - [`diff`]: structural JSON diff. [`divergences`]: known, expiring differences.
//! - [`run`]: corpus runs, recordings. [`report`]: JSON, JUnit, terminal, tables.
//! - [`fuzz`]: the proptest model of the API, generation, shrinking, regression files.
//! - [`proxy`]: a recording reverse proxy: real traffic → scenario files and transcripts.
//! - [`dryrun`]: `run --dry-run`. [`cancel`]: Ctrl-C.
//! - [`progress`]: a bar (terminal) or plain lines on stderr for long commands.

pub mod cancel;
pub mod cli;
pub mod diff;
pub mod divergences;
pub mod dryrun;
pub mod exec;
pub mod fuzz;
pub mod generated;
pub mod matchers;
pub mod normalize;
pub mod operations;
pub mod progress;
pub mod proxy;
pub mod relations;
pub mod report;
pub mod run;
pub mod scenario;
pub mod schemas;
pub mod specs;
pub mod target;
