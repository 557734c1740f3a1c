//! backendless-emulator: an in-memory emulator of the Backendless REST API.
//!
//! Crate map, floor by floor (each imports only the floors below it):
//! 1. core: [`error`] ([`ApiError`], named codes), [`ids`], [`clock`], [`settings`], [`password`],
//!    [`nesting`] (how deep accepted JSON and the emulator's own documents may nest),
//!    [`extract`] (request extractors, the `json` and `empty` answers), [`query`] (the where-clause
//!    language), [`version`].
//! 2. [`apps`]: registry, `App`, URL forms, per-app service state by type, `Ctx`, `Shared`.
//! 3. [`services`]: one folder per Backendless service; `services::catalogue()` lists their state.
//! 4. [`control`] (the `/_emulator/...` control plane and the emulator UI at `/_emulator/ui/`),
//!    [`persistence`] (`--data-dir`), [`scheduler`] (background delivery of due work).
//! 5. [`server`]: the one router, the control-plane guard (origin, host, token), the accept loop
//!    with its timeouts and connection cap.
//! 6. `embedded` ([`Emulator`], its start-up banner) and `main`.
//!
//! Embedded use: [`Emulator::builder`] starts a server on an ephemeral port and stops it on drop.

pub mod apps;
pub mod clock;
pub mod control;
pub mod error;
pub mod extract;
pub mod ids;
pub mod nesting;
pub mod password;
pub mod persistence;
pub mod query;
pub mod scheduler;
pub mod server;
pub mod services;
pub mod settings;
pub mod version;

mod banner;
mod embedded;

pub use apps::KeyKind;
pub use embedded::{shutdown_signal, Emulator, EmulatorBuilder, StartError, StopError};
pub use error::ApiError;
pub use version::VERSION;

/// README.md's Rust examples compile and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
