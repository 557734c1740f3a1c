//! The `data_dir` side of an emulator's life: locking it at start, the periodic snapshot, the
//! final save.

use std::sync::Arc;

use super::{StartError, StopError};
use crate::apps::Shared;
use crate::persistence::lock::{DataDirLock, LockError};
use crate::persistence::DataDir;

/// Write the final snapshot (if there is a data dir) and release the directory.
pub(super) fn save_final(shared: &Shared, data_dir: Option<&DataDir>) -> Result<(), StopError> {
    let Some(data_dir) = data_dir else {
        return Ok(());
    };
    data_dir.save_final(&shared.registry).map_err(|e| {
        StopError(format!(
            "final snapshot to {} failed: {e}; the state since the last snapshot is lost",
            data_dir.path().display()
        ))
    })
}

/// Lock `dir` for this emulator. An embedded emulator of this same process that is still
/// writing its final snapshot gets a few seconds to finish.
pub(super) async fn lock_data_dir(dir: &std::path::Path) -> Result<DataDirLock, StartError> {
    let mut waited = std::time::Duration::ZERO;
    loop {
        match DataDirLock::acquire(dir) {
            Ok(lock) => return Ok(lock),
            Err(LockError::Held(_, holder))
                if DataDirLock::held_by_this_process(&holder)
                    && waited < std::time::Duration::from_secs(5) =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                waited += std::time::Duration::from_millis(20);
            }
            Err(e) => return Err(StartError::DataDir(e)),
        }
    }
}

/// Write the snapshot every `every`, until aborted.
pub(super) async fn save_periodically(
    shared: Shared,
    data_dir: Arc<DataDir>,
    every: std::time::Duration,
) {
    let mut ticker = tokio::time::interval(every.max(std::time::Duration::from_millis(10)));
    ticker.tick().await;
    loop {
        ticker.tick().await;
        let (s, d) = (shared.clone(), data_dir.clone());
        let saved = tokio::task::spawn_blocking(move || d.save(&s.registry)).await;
        match saved {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!("snapshot failed: {e}"),
            Err(e) => tracing::error!("snapshot task failed: {e}"),
        }
    }
}
