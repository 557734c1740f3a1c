//! One emulator per `--data-dir`: an exclusive OS lock on `DIR/emulator.lock`, held for the
//! life of the server and released by the OS when the process ends (even on `kill -9`, so no
//! stale lock is left behind). The file names the holder, so a second start can say who it is.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Name of the lock file inside the data directory.
pub const LOCK_FILE: &str = "emulator.lock";

/// The held lock; dropping it releases the directory.
#[derive(Debug)]
pub struct DataDirLock {
    file: File,
    path: PathBuf,
}

/// Why a data directory cannot be used.
#[derive(Debug)]
pub enum LockError {
    /// The directory cannot be created or written.
    Unusable(PathBuf, std::io::Error),
    /// Another emulator holds it; the text names the holder.
    Held(PathBuf, String),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Unusable(dir, e) => write!(
                f,
                "cannot use data dir {}: {e}; choose a directory this user can write",
                dir.display()
            ),
            LockError::Held(dir, holder) => write!(
                f,
                "data dir {} is in use by another emulator ({holder}); stop it or choose another --data-dir",
                dir.display()
            ),
        }
    }
}

impl std::error::Error for LockError {}

impl DataDirLock {
    /// Create `dir` if needed, prove it writable and lock it.
    pub fn acquire(dir: &Path) -> Result<DataDirLock, LockError> {
        let unusable = |e| LockError::Unusable(dir.to_path_buf(), e);
        fs::create_dir_all(dir).map_err(unusable)?;
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(unusable)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let holder = if holder.is_empty() {
                    "holder unknown".to_string()
                } else {
                    holder.to_string()
                };
                return Err(LockError::Held(dir.to_path_buf(), holder));
            }
            Err(fs::TryLockError::Error(e)) => return Err(unusable(e)),
        }
        let mut lock = DataDirLock { file, path };
        lock.describe(None).map_err(unusable)?;
        Ok(lock)
    }

    /// Record who holds the lock (`pid 123, http://127.0.0.1:9000`).
    pub fn describe(&mut self, url: Option<&str>) -> std::io::Result<()> {
        let mut text = format!("pid {}", std::process::id());
        if let Some(url) = url {
            text.push_str(&format!(", {url}"));
        }
        self.file.set_len(0)?;
        self.file.seek(SeekFrom::Start(0))?;
        self.file.write_all(text.as_bytes())?;
        self.file.sync_all()
    }

    /// Whether the holder named in a [`LockError::Held`] is this very process (an embedded
    /// emulator on the same directory that is still shutting down).
    pub fn held_by_this_process(holder: &str) -> bool {
        holder
            .strip_prefix("pid ")
            .and_then(|rest| rest.split(',').next())
            .is_some_and(|pid| pid.trim() == std::process::id().to_string())
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_directory_names_the_first_holder() {
        let dir = std::env::temp_dir().join(format!("bl-emu-lock-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let mut first = DataDirLock::acquire(&dir).expect("first");
        first
            .describe(Some("http://127.0.0.1:1"))
            .expect("described");
        let err = DataDirLock::acquire(&dir).expect_err("second");
        let text = err.to_string();
        assert!(
            text.contains("in use") && text.contains("http://127.0.0.1:1"),
            "{text}"
        );
        let LockError::Held(_, holder) = err else {
            panic!("not held: {text}");
        };
        assert!(DataDirLock::held_by_this_process(&holder));
        drop(first);
        DataDirLock::acquire(&dir).expect("free again");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_directory_that_cannot_exist_is_unusable() {
        let file = std::env::temp_dir().join(format!("bl-emu-lock-file-{}", std::process::id()));
        fs::write(&file, b"x").expect("file");
        let err = DataDirLock::acquire(&file.join("sub")).expect_err("under a file");
        assert!(matches!(err, LockError::Unusable(..)), "{err}");
        let _ = fs::remove_file(&file);
    }
}
