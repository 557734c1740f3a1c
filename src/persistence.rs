//! `--data-dir`: the whole state of every app survives a restart.
//!
//! One versioned JSON snapshot (`state.json`) holds every app's identity, settings and service
//! state (the same export the control plane serves). It is written atomically — temp file,
//! fsync, rename, fsync of the directory — so a crash at any moment leaves the previous good
//! snapshot in place. A corrupt snapshot, or one written by a newer format, stops start-up with
//! a message naming the file; it is never silently replaced.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::apps::{AppMeta, AppRegistry};
use crate::error::ApiError;

pub mod lock;

/// Version of the snapshot file format.
pub const SNAPSHOT_FORMAT: u64 = 1;
/// Name of the snapshot file inside the data directory.
pub const SNAPSHOT_FILE: &str = "state.json";

/// The contents of `state.json`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// [`SNAPSHOT_FORMAT`] of the writer.
    pub format: u64,
    /// Emulator version of the writer.
    pub version: String,
    /// Id of the default app.
    pub default_app: String,
    /// Every app: identity plus its export.
    pub apps: Vec<AppSnapshot>,
}

/// One app inside a [`Snapshot`].
#[derive(Debug, Serialize, Deserialize)]
pub struct AppSnapshot {
    /// Id, name, keys.
    pub meta: AppMeta,
    /// [`crate::apps::App::export`] output.
    pub export: Value,
}

/// Why a snapshot could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read.
    Io(PathBuf, std::io::Error),
    /// The file is not a valid snapshot.
    Corrupt(PathBuf, String),
    /// The file was written by a newer emulator.
    Newer(PathBuf, u64),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(p, e) => write!(f, "cannot read snapshot {}: {e}", p.display()),
            LoadError::Corrupt(p, e) => write!(
                f,
                "snapshot {} is corrupt ({e}); move it away or fix it, it was not replaced",
                p.display()
            ),
            LoadError::Newer(p, v) => write!(
                f,
                "snapshot {} has format {v}, newer than this emulator's {SNAPSHOT_FORMAT}; upgrade the emulator",
                p.display()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// The snapshot of every app in a registry.
pub fn capture(registry: &AppRegistry) -> Snapshot {
    Snapshot {
        format: SNAPSHOT_FORMAT,
        version: crate::version::VERSION.to_string(),
        default_app: registry.default_app().map(|a| a.id()).unwrap_or_default(),
        apps: registry
            .list()
            .iter()
            .map(|a| AppSnapshot {
                meta: a.meta(),
                export: a.export(),
            })
            .collect(),
    }
}

/// Serialises writers: the periodic saver, `POST /_emulator/snapshot` and the final save share
/// one temp file, and two interleaved writers could rename a half-written file into place.
static SAVING: parking_lot::Mutex<()> = parking_lot::Mutex::new(());

/// Write a snapshot of `registry` into `dir` atomically.
pub fn save(registry: &AppRegistry, dir: &Path) -> std::io::Result<()> {
    let _one_writer = SAVING.lock();
    let snapshot = capture(registry);
    let bytes = serde_json::to_vec(&snapshot).map_err(std::io::Error::other)?;
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!("{SNAPSHOT_FILE}.tmp"));
    {
        let mut file = File::create(&tmp)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
    }
    fs::rename(&tmp, dir.join(SNAPSHOT_FILE))?;
    // The rename itself must reach the disk, or a crash could resurrect the old directory entry.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Read `dir/state.json`; `Ok(None)` when there is none yet.
pub fn load(dir: &Path) -> Result<Option<Snapshot>, LoadError> {
    let path = dir.join(SNAPSHOT_FILE);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(LoadError::Io(path, e)),
    };
    let value: Value =
        crate::nesting::parse_document(&bytes).map_err(|e| LoadError::Corrupt(path.clone(), e))?;
    let format = value.get("format").and_then(Value::as_u64).unwrap_or(0);
    if format > SNAPSHOT_FORMAT {
        return Err(LoadError::Newer(path, format));
    }
    serde_json::from_value(value)
        .map(Some)
        .map_err(|e| LoadError::Corrupt(path, e.to_string()))
}

/// The `--data-dir` of one emulator: every save of that emulator goes through it, and after its
/// final save it writes nothing more, so a stopped emulator never overwrites the snapshot of a
/// successor started on the same directory.
///
/// It holds the directory's [`lock::DataDirLock`] until that final save: a second emulator on
/// the same directory cannot start meanwhile, and can as soon as the first has written its last.
#[derive(Debug)]
pub struct DataDir {
    dir: PathBuf,
    closed: parking_lot::Mutex<bool>,
    lock: parking_lot::Mutex<Option<lock::DataDirLock>>,
}

impl DataDir {
    /// Saves into `dir`, without locking it (tests of the saving itself).
    pub fn new(dir: PathBuf) -> Self {
        DataDir {
            dir,
            closed: parking_lot::Mutex::new(false),
            lock: parking_lot::Mutex::new(None),
        }
    }

    /// Saves into `dir`, which this emulator holds locked until its final save.
    pub fn locked(dir: PathBuf, lock: lock::DataDirLock) -> Self {
        DataDir {
            dir,
            closed: parking_lot::Mutex::new(false),
            lock: parking_lot::Mutex::new(Some(lock)),
        }
    }

    /// Record the holder's URL in the lock file.
    pub fn describe_holder(&self, url: &str) -> std::io::Result<()> {
        match self.lock.lock().as_mut() {
            Some(lock) => lock.describe(Some(url)),
            None => Ok(()),
        }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Write the snapshot now (nothing once [`DataDir::save_final`] has run).
    pub fn save(&self, registry: &AppRegistry) -> std::io::Result<()> {
        let closed = self.closed.lock();
        if *closed {
            return Ok(());
        }
        save(registry, &self.dir)
    }

    /// Write the last snapshot and release the directory; a save in progress finishes first,
    /// later ones do nothing.
    pub fn save_final(&self, registry: &AppRegistry) -> std::io::Result<()> {
        let mut closed = self.closed.lock();
        if *closed {
            return Ok(());
        }
        *closed = true;
        let saved = save(registry, &self.dir);
        self.lock.lock().take();
        saved
    }
}

/// Recreate every app of a snapshot in an empty registry.
pub fn restore(registry: &AppRegistry, snapshot: &Snapshot) -> Result<(), ApiError> {
    for app in &snapshot.apps {
        let restored = registry.restore(app.meta.clone())?;
        restored.import(&app.export)?;
    }
    if !snapshot.default_app.is_empty() {
        registry.set_default(&snapshot.default_app)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::{Determinism, NewApp};

    #[test]
    fn save_load_restore_round_trips_and_refuses_bad_files() {
        let dir = std::env::temp_dir().join(format!("bl-emu-persist-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let reg = AppRegistry::new(
            Determinism { seed: Some(5) },
            std::sync::Arc::new(crate::services::catalogue()),
        );
        let app = reg
            .create(NewApp {
                id: Some("A".into()),
                api_key: Some("K".into()),
                ..NewApp::default()
            })
            .expect("app");
        app.settings.write().login.failed_logins_lock = 4;
        save(&reg, &dir).expect("saved");
        let snapshot = load(&dir).expect("loads").expect("exists");
        let fresh = AppRegistry::new(
            Determinism::default(),
            std::sync::Arc::new(crate::services::catalogue()),
        );
        restore(&fresh, &snapshot).expect("restored");
        let back = fresh.app("A").expect("app back");
        assert_eq!(back.meta(), app.meta());
        assert_eq!(back.settings.read().login.failed_logins_lock, 4);
        assert!(fresh.resolve("A", "K").is_ok());

        fs::write(dir.join(SNAPSHOT_FILE), b"{not json").expect("write");
        assert!(matches!(load(&dir), Err(LoadError::Corrupt(..))));
        fs::write(dir.join(SNAPSHOT_FILE), br#"{"format": 99}"#).expect("write");
        let err = load(&dir).expect_err("newer");
        assert!(err.to_string().contains("state.json"));
        let _ = fs::remove_dir_all(&dir);
    }
}
