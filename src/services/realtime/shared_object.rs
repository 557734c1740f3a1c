//! The data of remote shared objects (`Backendless.SharedObject.connect(name)`): per app, named
//! maps of keys to JSON values that RT clients read and write with `RSO_GET`, `RSO_SET` and
//! `RSO_CLEAR` (see [`super::rso`]). They live in memory only, like RT connections: an export or
//! snapshot does not carry them, a reset empties them.

use std::collections::BTreeMap;

use parking_lot::Mutex;
use serde_json::{Map, Value};

use crate::error::{ApiError, Code};

/// Most shared objects one app holds.
pub const MAX_OBJECTS: usize = 1_000;
/// Most keys one shared object holds.
pub const MAX_KEYS: usize = 10_000;

/// 99280: a shared object limit would be exceeded.
fn limit(detail: &str) -> ApiError {
    ApiError::templated(Code::SHARED_OBJECT_LIMIT, &[detail])
}

/// Every shared object of one app.
#[derive(Debug, Default)]
pub struct SharedObjects {
    objects: Mutex<BTreeMap<String, Map<String, Value>>>,
}

impl SharedObjects {
    /// The value of one key (`null` when unset).
    pub fn get(&self, name: &str, key: &str) -> Value {
        self.objects
            .lock()
            .get(name)
            .and_then(|o| o.get(key))
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// Every key of an object with its value (`{}` for an object never written).
    pub fn all(&self, name: &str) -> Map<String, Value> {
        self.objects.lock().get(name).cloned().unwrap_or_default()
    }

    /// Set one key; within [`MAX_OBJECTS`] and [`MAX_KEYS`].
    pub fn set(&self, name: &str, key: &str, data: Value) -> Result<(), ApiError> {
        let mut objects = self.objects.lock();
        if !objects.contains_key(name) && objects.len() >= MAX_OBJECTS {
            return Err(limit(&format!(
                "an app holds at most {MAX_OBJECTS} objects"
            )));
        }
        let object = objects.entry(name.to_string()).or_default();
        if !object.contains_key(key) && object.len() >= MAX_KEYS {
            return Err(limit(&format!("an object holds at most {MAX_KEYS} keys")));
        }
        object.insert(key.to_string(), data);
        Ok(())
    }

    /// Remove every key of an object.
    pub fn clear(&self, name: &str) {
        self.objects.lock().remove(name);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn keys_are_set_read_and_cleared_per_object() {
        let s = SharedObjects::default();
        assert_eq!(s.get("game", "score"), Value::Null);
        s.set("game", "score", json!(3)).expect("set");
        s.set("game", "board", json!({"a": [1, 2]})).expect("set");
        s.set("other", "score", json!(9)).expect("set");
        assert_eq!(s.get("game", "score"), json!(3));
        assert_eq!(
            Value::Object(s.all("game")),
            json!({"board": {"a": [1, 2]}, "score": 3})
        );
        s.clear("game");
        assert!(s.all("game").is_empty());
        assert_eq!(s.get("other", "score"), json!(9));
    }

    #[test]
    fn limits_answer_99280_and_keep_what_is_stored() {
        let s = SharedObjects::default();
        for i in 0..MAX_KEYS {
            s.set("big", &format!("k{i}"), json!(i))
                .expect("within the limit");
        }
        s.set("big", "k0", json!("overwrite"))
            .expect("existing key");
        assert_eq!(
            s.set("big", "one-more", json!(1))
                .expect_err("over the limit")
                .code,
            99280
        );
        assert_eq!(s.all("big").len(), MAX_KEYS);
        for i in 1..MAX_OBJECTS {
            s.set(&format!("o{i}"), "k", json!(i))
                .expect("within the limit");
        }
        assert_eq!(
            s.set("new", "k", json!(1)).expect_err("too many").code,
            99280
        );
    }
}
