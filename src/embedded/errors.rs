//! Why an emulator could not start, or could not save its state when it stopped.

/// Why an emulator could not start.
#[derive(Debug)]
pub enum StartError {
    /// The address could not be bound.
    Bind(String, std::io::Error),
    /// The default app could not be created (a pinned id or key is invalid).
    DefaultApp(crate::error::ApiError),
    /// The `data_dir` cannot be written or another emulator holds it.
    DataDir(crate::persistence::lock::LockError),
    /// The `data_dir` snapshot is unreadable, corrupt or too new.
    Snapshot(String),
    /// The export given to [`super::EmulatorBuilder::import`] was refused.
    Import(crate::apps::LoadError),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Bind(addr, e) => {
                write!(f, "cannot listen on {addr}: {e}")?;
                match e.kind() {
                    std::io::ErrorKind::AddrInUse => write!(
                        f,
                        "; another process holds this port: stop it, choose another --port, or --port 0 for any free one"
                    ),
                    std::io::ErrorKind::PermissionDenied => write!(
                        f,
                        "; ports below 1024 need privileges: choose another --port (or --port 0)"
                    ),
                    std::io::ErrorKind::AddrNotAvailable => {
                        write!(f, "; --host must be an address of this machine")
                    }
                    _ => Ok(()),
                }
            }
            StartError::DefaultApp(e) => {
                write!(f, "cannot create the default app: {}", e.message)
            }
            StartError::DataDir(e) => write!(f, "{e}"),
            StartError::Snapshot(e) => write!(f, "{e}"),
            StartError::Import(e) => write!(f, "cannot import the export: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// The state could not be saved when the emulator stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopError(pub String);

impl std::fmt::Display for StopError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StopError {}
