//! backendless-emulator: an in-memory emulator of the Backendless REST API.
//!
//! Crate map (one concept per module; see `../shared/DESIGN.md`):
//! - [`server`]: the router. URL forms `/{appId}/{apiKey}/...` and `/api/...`, console and control
//!   plane prefixes, CORS, body limit, JSON-only errors.
//! - [`ctx`]: extractors every handler uses (app + key + session, JSON body, query params).
//! - [`error`]: [`ApiError`], the only way an error becomes a response; codes in `specs/errors.json`.
//! - [`apps`]: the registry of apps and their API keys. [`settings`]: per-app console settings.
//! - [`clock`], [`ids`]: time and ids, real or deterministic (`--seed`).
//! - [`query`]: the where-clause language (lexer, parser, printable AST, evaluator).
//! - [`services`]: one folder per Backendless service: users, security, data, transactions, files,
//!   hive, counters, cache, messaging, logging, timers, custom (server code), management (console),
//!   realtime (socket.io), info (`/info`).
//! - [`control`]: the `/_emulator/...` control plane (apps, reset, export, clock, outbox, journal,
//!   snapshots and forks, faults, OpenAPI) and the emulator UI at `/_emulator/ui/`.
//! - [`persistence`]: `--data-dir` snapshots. [`scheduler`]: background delivery of due work.
//!
//! Embedded use: [`Emulator::builder`] starts a server on an ephemeral port and stops it on drop.

pub mod apps;
pub mod clock;
pub mod control;
pub mod ctx;
pub mod error;
pub mod ids;
pub mod password;
pub mod persistence;
pub mod query;
pub mod scheduler;
pub mod server;
pub mod services;
pub mod settings;

mod banner;
mod embedded;

pub use apps::KeyKind;
pub use embedded::{shutdown_signal, Emulator, EmulatorBuilder, StartError};
pub use error::ApiError;

/// README.md's Rust examples compile and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The emulator's version, sent in the `x-backendless-emulator` header of every response.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
