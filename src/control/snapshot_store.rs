//! In-memory snapshots of apps (`POST /_emulator/apps/{id}/snapshots`): each an app's state
//! frozen by [`App::freeze`] (it shares unchanged rows with the app, so taking one costs
//! O(tables) and its memory is only what the app changed since), at most
//! [`Config::max_snapshots`](crate::server::Config) per app. A snapshot belongs to one app
//! instance: once that app is deleted its snapshots are dropped (at the next snapshot call), and
//! an app created later under the same id does not inherit them.

use std::sync::{Arc, Weak};

use parking_lot::Mutex;

use crate::apps::{App, Frozen};
use crate::error::{ApiError, Code};

/// Default cap on in-memory snapshots per app.
pub const MAX_SNAPSHOTS_PER_APP: usize = 16;

#[derive(Debug)]
struct Kept {
    owner: Weak<App>,
    id: String,
    state: Arc<Frozen>,
}

impl Kept {
    fn of(&self, app: &Arc<App>) -> bool {
        self.owner.as_ptr() == Arc::as_ptr(app)
    }
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

    /// Keep a frozen state of an app; its id, or 99105 when the app holds its limit.
    pub fn keep(&self, app: &Arc<App>, state: Frozen) -> Result<String, ApiError> {
        let mut g = self.kept.lock();
        g.1.retain(|k| k.owner.strong_count() > 0);
        if g.1.iter().filter(|k| k.of(app)).count() >= self.per_app {
            let id = app.id();
            return Err(ApiError::templated(
                Code::SNAPSHOT_LIMIT,
                &[&id, &self.per_app.to_string(), &id],
            ));
        }
        // Ids are never reused, so a deleted snapshot's id cannot name a newer one.
        g.0 += 1;
        let id = g.0.to_string();
        g.1.push(Kept {
            owner: Arc::downgrade(app),
            id: id.clone(),
            state: Arc::new(state),
        });
        Ok(id)
    }

    /// Ids of an app's snapshots, oldest first.
    pub fn ids(&self, app: &Arc<App>) -> Vec<String> {
        let g = self.kept.lock();
        g.1.iter()
            .filter(|k| k.of(app))
            .map(|k| k.id.clone())
            .collect()
    }

    /// An app's snapshot.
    pub fn get(&self, app: &Arc<App>, id: &str) -> Option<Arc<Frozen>> {
        let g = self.kept.lock();
        let kept = g.1.iter().find(|k| k.of(app) && k.id == id)?;
        Some(kept.state.clone())
    }

    /// Drop one snapshot; whether it existed.
    pub fn remove(&self, app: &Arc<App>, id: &str) -> bool {
        let mut g = self.kept.lock();
        let before = g.1.len();
        g.1.retain(|k| !(k.of(app) && k.id == id));
        g.1.len() != before
    }

    /// Drop every snapshot of every app.
    pub fn clear(&self) {
        self.kept.lock().1.clear();
    }

    /// Number of snapshots of apps that still exist.
    pub fn len(&self) -> usize {
        let mut g = self.kept.lock();
        g.1.retain(|k| k.owner.strong_count() > 0);
        g.1.len()
    }

    /// Whether no app that still exists has a snapshot.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::{AppRegistry, Determinism, NewApp};

    #[test]
    fn snapshots_are_capped_per_app_deletable_and_die_with_their_app() {
        let registry = AppRegistry::new(Determinism { seed: Some(1) }, Default::default());
        let new_app = |id: &str| {
            registry
                .create(NewApp {
                    id: Some(id.into()),
                    ..NewApp::default()
                })
                .expect("app")
        };
        let (a, b) = (new_app("A"), new_app("B"));
        let store = SnapshotStore::new(2);
        let frozen = |app: &Arc<App>| app.freeze().expect("frozen");
        let a1 = store.keep(&a, frozen(&a)).expect("a1");
        store.keep(&a, frozen(&a)).expect("a2");
        assert_eq!(store.keep(&a, frozen(&a)).expect_err("cap").code, 99105);
        store.keep(&b, frozen(&b)).expect("other app unaffected");
        assert!(store.remove(&a, &a1));
        assert!(!store.remove(&a, &a1));
        let a3 = store.keep(&a, frozen(&a)).expect("room again");
        assert_ne!(a3, a1);
        assert!(store.get(&a, &a3).is_some());
        assert!(store.get(&a, &a1).is_none());
        registry.delete("A").expect("deleted");
        drop(a);
        let again = new_app("A");
        assert!(
            store.ids(&again).is_empty(),
            "a new app inherited snapshots"
        );
        assert_eq!(store.len(), 1, "A's snapshots outlived it");
        store.clear();
        assert!(store.is_empty());
    }
}
