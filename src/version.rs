//! The emulator's version (core floor: the server, the control plane and the snapshots send it).

/// The emulator's version, sent in the `x-backendless-emulator` header of every response.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
