//! The state every service keeps for one app, found by its type, so that the apps floor holds it
//! without knowing any service.
//!
//! Each service puts one value in an app's [`Services`] (`services.get::<CountersState>()`), made
//! with `Default` the first time it is asked for. What is saved in an app's export, and under
//! which key, is a [`ServiceState`]; the [`ServiceSet`] the composition root hands the registry
//! lists them, says which values outlive a reset (the real-time bus), and which set-up runs on
//! every new set of states (the users service installs its Users-table rules in the data store).

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::RwLock;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use super::session::{Session, SessionLookup};
use crate::error::Code;
use crate::settings::LoginSettings;

/// The state of every service of one app.
#[derive(Default)]
pub struct Services {
    by_type: RwLock<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl std::fmt::Debug for Services {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Services")
            .field("states", &self.by_type.read().len())
            .finish()
    }
}

impl Services {
    /// The state of type `T`, made with `Default` the first time.
    pub fn get<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        if let Some(found) = self.existing::<T>() {
            return found;
        }
        let mut by_type = self.by_type.write();
        let entry = by_type
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()));
        // The entry under `TypeId::of::<T>()` always holds a `T`; a miss could only come from a
        // bug here, and then a fresh value is the safe answer.
        entry.clone().downcast::<T>().unwrap_or_default()
    }

    /// Put (or replace) the state of type `T`.
    pub fn put<T: Send + Sync + 'static>(&self, state: T) {
        self.put_arc(Arc::new(state));
    }

    fn put_arc<T: Send + Sync + 'static>(&self, state: Arc<T>) {
        self.by_type.write().insert(TypeId::of::<T>(), state);
    }

    fn existing<T: Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        let found = self.by_type.read().get(&TypeId::of::<T>())?.clone();
        found.downcast::<T>().ok()
    }
}

/// A service's per-app state that is saved in the app's export (and so in snapshots, forks and
/// `--data-dir`): serde writes it under [`ServiceState::KEY`] and reads it back.
pub trait ServiceState: Serialize + DeserializeOwned + Default + Send + Sync + 'static {
    /// Its key in the `services` object of an export (`"data"`, `"users"`, ...).
    const KEY: &'static str;

    /// Check or rebuild what serde cannot (indexes, validated paths) after a load; the error
    /// says what is wrong.
    fn loaded(self) -> Result<Self, String> {
        Ok(self)
    }

    /// An independent copy for a fork. By default a save and load round trip; a state whose
    /// collections share structure overrides it to copy in O(1).
    fn forked(&self) -> Result<Self, String> {
        serde_json::from_value::<Self>(serde_json::to_value(self).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?
            .loaded()
    }
}

/// Why an app's saved state could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The part that failed: a service key (`"users"`), `"settings"` or `"format"`.
    pub part: String,
    /// What is wrong with it.
    pub reason: String,
}

impl LoadError {
    /// A load error of `part`.
    pub fn new(part: &str, reason: impl std::fmt::Display) -> Self {
        LoadError {
            part: part.to_string(),
            reason: reason.to_string(),
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.part, self.reason)
    }
}

impl std::error::Error for LoadError {}

impl From<LoadError> for crate::error::ApiError {
    /// A state sent to the control plane that does not load is a bad request body (8002).
    fn from(e: LoadError) -> Self {
        crate::error::ApiError::templated(Code::UNPARSABLE_REQUEST, &[&e.to_string()])
    }
}

type SaveFn = fn(&Services) -> Value;
type LoadFn = fn(&Services, Value) -> Result<(), String>;
type KeepFn = fn(&Services, &Services);
type ForkFn = fn(&Services, &Services) -> Result<(), String>;

/// What the apps floor knows of the services: which states are saved and under which key, which
/// survive a reset, and the set-up every new set of states gets. Built once by the composition
/// root (`services::catalogue()`).
#[derive(Default)]
pub struct ServiceSet {
    saved: Vec<(&'static str, SaveFn, LoadFn, ForkFn)>,
    kept: Vec<KeepFn>,
    setup: Vec<fn(&Services)>,
    sessions: Option<SessionLookup>,
}

impl std::fmt::Debug for ServiceSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = self.saved.iter().map(|(key, ..)| *key).collect();
        f.debug_struct("ServiceSet").field("saved", &keys).finish()
    }
}

impl ServiceSet {
    /// An empty set.
    pub fn new() -> Self {
        ServiceSet::default()
    }

    /// `T` is saved in exports, in the order of these calls.
    pub fn saved<T: ServiceState>(mut self) -> Self {
        self.saved.push((T::KEY, save::<T>, load::<T>, fork::<T>));
        self
    }

    /// `T` is not saved and survives a reset or an import (the same value stays).
    pub fn kept<T: Default + Send + Sync + 'static>(mut self) -> Self {
        self.kept.push(keep::<T>);
        self
    }

    /// Who a `user-token` belongs to is answered by `lookup` (the users service's).
    pub fn sessions(mut self, lookup: SessionLookup) -> Self {
        self.sessions = Some(lookup);
        self
    }

    /// The session of `token` at `now` (3064 when unknown, expired, or no service keeps sessions).
    pub fn session(
        &self,
        services: &Services,
        token: &str,
        now: i64,
        login: &LoginSettings,
    ) -> Result<Session, crate::error::ApiError> {
        match self.sessions {
            Some(lookup) => lookup(services, token, now, login),
            None => Err(crate::error::ApiError::templated(
                Code::UNKNOWN_USER_TOKEN,
                &[token],
            )),
        }
    }

    /// `setup` runs on every new set of states, fresh or loaded.
    pub fn setup(mut self, setup: fn(&Services)) -> Self {
        self.setup.push(setup);
        self
    }

    /// The states of a new (or reset) app; `previous` gives the values that are kept.
    pub fn fresh(&self, previous: Option<&Services>) -> Services {
        let services = Services::default();
        self.finish(&services, previous);
        services
    }

    /// Every saved state as one JSON object.
    pub fn save(&self, services: &Services) -> Value {
        let mut out = Map::new();
        for (key, save, ..) in &self.saved {
            out.insert(key.to_string(), save(services));
        }
        Value::Object(out)
    }

    /// The states [`ServiceSet::save`] wrote (a missing or `null` key = that service empty).
    pub fn load(&self, saved: &Value, previous: Option<&Services>) -> Result<Services, LoadError> {
        let services = Services::default();
        for (key, _, load, _) in &self.saved {
            let value = saved.get(key).cloned().unwrap_or(Value::Null);
            load(&services, value).map_err(|e| LoadError::new(key, e))?;
        }
        self.finish(&services, previous);
        Ok(services)
    }

    /// A copy of the saved states of `source` (what [`ServiceSet::save`] then
    /// [`ServiceSet::load`] would give, without the JSON in between).
    pub fn fork(
        &self,
        source: &Services,
        previous: Option<&Services>,
    ) -> Result<Services, LoadError> {
        let services = Services::default();
        for (key, _, _, fork) in &self.saved {
            fork(source, &services).map_err(|e| LoadError::new(key, e))?;
        }
        self.finish(&services, previous);
        Ok(services)
    }

    fn finish(&self, services: &Services, previous: Option<&Services>) {
        if let Some(previous) = previous {
            for keep in &self.kept {
                keep(previous, services);
            }
        }
        for setup in &self.setup {
            setup(services);
        }
    }
}

fn save<T: ServiceState>(services: &Services) -> Value {
    // Our states serialise to JSON without fail (string keys, no non-finite floats); `null`
    // would load back as an empty state.
    serde_json::to_value(&*services.get::<T>()).unwrap_or(Value::Null)
}

fn load<T: ServiceState>(services: &Services, value: Value) -> Result<(), String> {
    let state = match value {
        Value::Null => T::default(),
        value => serde_json::from_value::<T>(value)
            .map_err(|e| e.to_string())?
            .loaded()?,
    };
    services.put(state);
    Ok(())
}

fn fork<T: ServiceState>(from: &Services, to: &Services) -> Result<(), String> {
    to.put(from.get::<T>().forked()?);
    Ok(())
}

fn keep<T: Default + Send + Sync + 'static>(from: &Services, to: &Services) {
    to.put_arc(from.get::<T>());
}

/// Save and load a state the way exports do, for the services' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::ServiceState;

    /// The state as its export writes it.
    pub(crate) fn saved<T: ServiceState>(state: &T) -> serde_json::Value {
        serde_json::to_value(state).unwrap_or_default()
    }

    /// A state loaded back from `saved`, as an import would.
    pub(crate) fn loaded<T: ServiceState>(saved: &serde_json::Value) -> Result<T, String> {
        serde_json::from_value::<T>(saved.clone())
            .map_err(|e| e.to_string())?
            .loaded()
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
    struct Count(u32);

    impl ServiceState for Count {
        const KEY: &'static str = "count";
        fn loaded(self) -> Result<Self, String> {
            if self.0 > 100 {
                return Err(format!("{} is too many", self.0));
            }
            Ok(self)
        }
    }

    #[derive(Debug, Default)]
    struct Bus(parking_lot::Mutex<u32>);

    fn bump(services: &Services) {
        *services.get::<Bus>().0.lock() += 1;
    }

    #[test]
    fn states_are_made_once_and_found_by_type() {
        let services = Services::default();
        assert_eq!(*services.get::<Count>(), Count(0));
        services.put(Count(3));
        assert_eq!(*services.get::<Count>(), Count(3));
        assert!(Arc::ptr_eq(&services.get::<Bus>(), &services.get::<Bus>()));
    }

    #[test]
    fn saved_states_round_trip_and_kept_ones_survive() {
        let set = ServiceSet::new().saved::<Count>().kept::<Bus>().setup(bump);
        let first = set.fresh(None);
        first.put(Count(7));
        let saved = set.save(&first);
        assert_eq!(saved, serde_json::json!({"count": 7}));
        let second = set.load(&saved, Some(&first)).expect("loaded");
        assert_eq!(*second.get::<Count>(), Count(7));
        assert!(Arc::ptr_eq(&first.get::<Bus>(), &second.get::<Bus>()));
        assert_eq!(*second.get::<Bus>().0.lock(), 2, "set-up ran on both");
        let empty = set.load(&serde_json::json!({}), None).expect("empty");
        assert_eq!(*empty.get::<Count>(), Count(0));
    }

    #[test]
    fn a_fork_copies_saved_states_and_keeps_the_kept_ones() {
        let set = ServiceSet::new().saved::<Count>().kept::<Bus>();
        let first = set.fresh(None);
        first.put(Count(4));
        let copy = set.fork(&first, Some(&first)).expect("forked");
        assert_eq!(*copy.get::<Count>(), Count(4));
        assert!(!Arc::ptr_eq(&first.get::<Count>(), &copy.get::<Count>()));
        assert!(Arc::ptr_eq(&first.get::<Bus>(), &copy.get::<Bus>()));
        let err = set.fork(
            &{
                let s = set.fresh(None);
                s.put(Count(500));
                s
            },
            None,
        );
        assert_eq!(err.expect_err("too many").part, "count");
    }

    #[test]
    fn a_bad_state_names_its_service() {
        let set = ServiceSet::new().saved::<Count>();
        let err = set
            .load(&serde_json::json!({"count": "x"}), None)
            .expect_err("not a number");
        assert_eq!(err.part, "count");
        let err = set
            .load(&serde_json::json!({"count": 500}), None)
            .expect_err("too many");
        assert_eq!(err.to_string(), "count: 500 is too many");
    }
}
