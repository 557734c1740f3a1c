//! In-memory snapshots of apps (`POST /_emulator/apps/{id}/snapshots`): each an app export kept
//! as compact JSON bytes (a parsed `Value` costs many times its text), at most
//! [`Config::max_snapshots`](crate::server::Config) per app.

use parking_lot::Mutex;
use serde_json::Value;

use crate::error::ApiError;

/// Default cap on in-memory snapshots per app.
pub const MAX_SNAPSHOTS_PER_APP: usize = 16;

#[derive(Debug)]
struct Kept {
    app: String,
    id: String,
    export: Vec<u8>,
}

/// Every app's in-memory snapshots.
#[derive(Debug)]
pub struct SnapshotStore {
    kept: Mutex<(u64, Vec<Kept>)>,
    per_app: usize,
}

impl SnapshotStore {
    /// An empty store keeping at most `per_app` snapshots of each app.
    pub fn new(per_app: usize) -> Self {
        SnapshotStore {
            kept: Mutex::new((0, Vec::new())),
            per_app,
        }
    }

    /// Keep a copy of an app's export; its id, or 99105 when the app holds its limit.
    pub fn keep(&self, app: &str, export: &Value) -> Result<String, ApiError> {
        let bytes = serde_json::to_vec(export)
            .map_err(|e| ApiError::templated(99006, &[&e.to_string()]))?;
        let mut g = self.kept.lock();
        if g.1.iter().filter(|k| k.app == app).count() >= self.per_app {
            return Err(ApiError::templated(
                99105,
                &[app, &self.per_app.to_string(), app],
            ));
        }
        // Ids are never reused, so a deleted snapshot's id cannot name a newer one.
        g.0 += 1;
        let id = g.0.to_string();
        g.1.push(Kept {
            app: app.to_string(),
            id: id.clone(),
            export: bytes,
        });
        Ok(id)
    }

    /// Ids of an app's snapshots, oldest first.
    pub fn ids(&self, app: &str) -> Vec<String> {
        let g = self.kept.lock();
        g.1.iter()
            .filter(|k| k.app == app)
            .map(|k| k.id.clone())
            .collect()
    }

    /// An app's snapshot, parsed back into an export.
    pub fn get(&self, app: &str, id: &str) -> Option<Value> {
        let g = self.kept.lock();
        let kept = g.1.iter().find(|k| k.app == app && k.id == id)?;
        serde_json::from_slice(&kept.export).ok()
    }

    /// Drop one snapshot; whether it existed.
    pub fn remove(&self, app: &str, id: &str) -> bool {
        let mut g = self.kept.lock();
        let before = g.1.len();
        g.1.retain(|k| !(k.app == app && k.id == id));
        g.1.len() != before
    }

    /// Drop every snapshot of an app (the app was deleted).
    pub fn remove_app(&self, app: &str) {
        self.kept.lock().1.retain(|k| k.app != app);
    }

    /// Drop every snapshot of every app.
    pub fn clear(&self) {
        self.kept.lock().1.clear();
    }

    /// Bytes held by every snapshot.
    pub fn bytes(&self) -> usize {
        self.kept.lock().1.iter().map(|k| k.export.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn snapshots_are_capped_per_app_deletable_and_ids_never_reused() {
        let store = SnapshotStore::new(2);
        let a1 = store.keep("A", &json!({"n": 1})).expect("a1");
        store.keep("A", &json!({"n": 2})).expect("a2");
        assert_eq!(store.keep("A", &json!({})).expect_err("cap").code, 99105);
        store
            .keep("B", &json!({"n": 3}))
            .expect("other app unaffected");
        assert!(store.remove("A", &a1));
        assert!(!store.remove("A", &a1));
        let a3 = store.keep("A", &json!({"n": 4})).expect("room again");
        assert_ne!(a3, a1);
        assert_eq!(store.get("A", &a3), Some(json!({"n": 4})));
        store.remove_app("A");
        assert!(store.ids("A").is_empty());
        assert_eq!(store.ids("B").len(), 1);
        store.clear();
        assert_eq!(store.bytes(), 0);
    }
}
