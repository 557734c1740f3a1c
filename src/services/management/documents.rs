//! [`ConsoleDocuments`]: the per-app settings documents of the console that only the console
//! reads back (mobile push credentials, landing page, social login parameters, developer
//! options, app info) and the clones started from the app. Saved with the app (export,
//! snapshot, fork, `--data-dir`) and emptied by a reset like the rest of its state.

use std::collections::BTreeMap;

use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::errors;
use crate::apps::ServiceState;
use crate::error::ApiError;

/// The stored documents of one app.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConsoleDocuments {
    inner: RwLock<Documents>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Documents {
    /// Device type (`android`, `ios`, `osx`, ...) → settings id → settings.
    mobile: BTreeMap<String, BTreeMap<String, Value>>,
    /// Named documents: `landingPage`, `socialParams`, `developerOptions`, `appInfo`.
    named: BTreeMap<String, Map<String, Value>>,
    /// Clone process id → `{processId, status, appId, appName}`.
    clones: BTreeMap<String, Value>,
    /// Kept console items by kind (`pdfTemplates`, `integrations`, `cacheControl/{service}`),
    /// then by id.
    items: BTreeMap<String, BTreeMap<String, Value>>,
}

/// How [`ConsoleDocuments::put_item`] treats an item that is (or is not) there already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    /// A new item: 99283 when one has the id.
    Create,
    /// The fields sent change an existing item: 99282 when none has the id.
    Update,
    /// The item is replaced or created.
    Replace,
}

impl ServiceState for ConsoleDocuments {
    const KEY: &'static str = "consoleSettings";
}

/// The fields of a body that must be a JSON object (`null` = no fields).
pub fn object(body: Value) -> Result<Map<String, Value>, ApiError> {
    match body {
        Value::Object(fields) => Ok(fields),
        Value::Null => Ok(Map::new()),
        _ => Err(errors::bad_document("the body must be a JSON object")),
    }
}

impl ConsoleDocuments {
    /// Every mobile settings entry, grouped by device type.
    pub fn mobile(&self) -> Value {
        let inner = self.inner.read();
        let groups: Map<String, Value> = inner
            .mobile
            .iter()
            .map(|(kind, items)| (kind.clone(), Value::from_iter(items.values().cloned())))
            .collect();
        Value::Object(groups)
    }

    /// Store mobile settings of `device_type` under `id` (a new entry when `existing` is false,
    /// else 99262 when there is no such entry); answers the stored entry.
    pub fn put_mobile(
        &self,
        device_type: &str,
        id: &str,
        fields: Map<String, Value>,
        existing: bool,
    ) -> Result<Value, ApiError> {
        let kind = device_type.to_ascii_lowercase();
        let mut inner = self.inner.write();
        let stored = inner.mobile.get(&kind).and_then(|items| items.get(id));
        let mut entry = match stored {
            Some(Value::Object(old)) => old.clone(),
            _ if existing => return Err(errors::mobile_settings_not_found(&kind, id)),
            _ => Map::new(),
        };
        entry.extend(fields);
        entry.insert("id".into(), Value::from(id));
        entry.insert("deviceType".into(), Value::from(kind.to_ascii_uppercase()));
        let entry = Value::Object(entry);
        inner
            .mobile
            .entry(kind)
            .or_default()
            .insert(id.to_string(), entry.clone());
        Ok(entry)
    }

    /// Remove mobile settings; 99262 when there are none with this id.
    pub fn remove_mobile(&self, device_type: &str, id: &str) -> Result<Value, ApiError> {
        let kind = device_type.to_ascii_lowercase();
        let mut inner = self.inner.write();
        let removed = inner
            .mobile
            .get_mut(&kind)
            .and_then(|items| items.remove(id));
        if inner.mobile.get(&kind).is_some_and(BTreeMap::is_empty) {
            inner.mobile.remove(&kind);
        }
        removed.ok_or_else(|| errors::mobile_settings_not_found(&kind, id))
    }

    /// The named document (`{}` until one is saved).
    pub fn named(&self, name: &str) -> Value {
        Value::Object(
            self.inner
                .read()
                .named
                .get(name)
                .cloned()
                .unwrap_or_default(),
        )
    }

    /// Overlay `fields` on the named document; answers the whole document.
    pub fn merge_named(&self, name: &str, fields: Map<String, Value>) -> Value {
        let mut inner = self.inner.write();
        let doc = inner.named.entry(name.to_string()).or_default();
        doc.extend(fields);
        Value::Object(doc.clone())
    }

    /// The kept items of one kind, in id order.
    pub fn items(&self, kind: &str) -> Vec<Value> {
        self.inner
            .read()
            .items
            .get(kind)
            .map(|items| items.values().cloned().collect())
            .unwrap_or_default()
    }

    /// One kept item; 99282 when none of this kind has the id.
    pub fn item(&self, kind: &str, id: &str) -> Result<Value, ApiError> {
        self.inner
            .read()
            .items
            .get(kind)
            .and_then(|items| items.get(id))
            .cloned()
            .ok_or_else(|| errors::item_not_found(kind, id))
    }

    /// Store `fields` as the item `id` of `kind` as `put` says, with `id_field` set to `id`;
    /// answers the stored item.
    pub fn put_item(
        &self,
        kind: &str,
        (id_field, id): (&str, &str),
        fields: Map<String, Value>,
        put: Put,
    ) -> Result<Value, ApiError> {
        let mut inner = self.inner.write();
        let items = inner.items.entry(kind.to_string()).or_default();
        let mut item = match (items.get(id), put) {
            (Some(_), Put::Create) => return Err(errors::item_exists(kind, id)),
            (Some(Value::Object(old)), Put::Update) => old.clone(),
            (None, Put::Update) => return Err(errors::item_not_found(kind, id)),
            _ => Map::new(),
        };
        item.extend(fields);
        item.insert(id_field.into(), Value::from(id));
        let item = Value::Object(item);
        items.insert(id.to_string(), item.clone());
        Ok(item)
    }

    /// Remove a kept item; answers it, or 99282 when none of this kind has the id.
    pub fn remove_item(&self, kind: &str, id: &str) -> Result<Value, ApiError> {
        let mut inner = self.inner.write();
        let removed = inner.items.get_mut(kind).and_then(|items| items.remove(id));
        if inner.items.get(kind).is_some_and(BTreeMap::is_empty) {
            inner.items.remove(kind);
        }
        removed.ok_or_else(|| errors::item_not_found(kind, id))
    }

    /// Remember a clone started from this app.
    pub fn record_clone(&self, process_id: &str, process: Value) {
        self.inner
            .write()
            .clones
            .insert(process_id.to_string(), process);
    }

    /// A clone started from this app; 99263 when there was none with this id.
    pub fn clone_process(&self, process_id: &str) -> Result<Value, ApiError> {
        self.inner
            .read()
            .clones
            .get(process_id)
            .cloned()
            .ok_or_else(|| errors::clone_process_not_found(process_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::services::testing::{loaded, saved};
    use serde_json::json;

    fn fields(v: Value) -> Map<String, Value> {
        object(v).expect("object")
    }

    #[test]
    fn mobile_settings_are_grouped_by_device_type_and_round_trip() {
        let docs = ConsoleDocuments::default();
        docs.put_mobile("ANDROID", "a1", fields(json!({"key": "k"})), false)
            .expect("created");
        let updated = docs
            .put_mobile("android", "a1", fields(json!({"sender": "s"})), true)
            .expect("updated");
        assert_eq!(updated["key"], "k");
        assert_eq!(updated["deviceType"], "ANDROID");
        assert_eq!(
            docs.put_mobile("ios", "x", Map::new(), true)
                .expect_err("missing")
                .code,
            99262
        );
        let back = loaded::<ConsoleDocuments>(&saved(&docs)).expect("loads");
        assert_eq!(back.mobile()["android"][0]["sender"], "s");
        docs.remove_mobile("android", "a1").expect("removed");
        assert_eq!(docs.mobile(), json!({}));
        assert_eq!(
            docs.remove_mobile("android", "a1").expect_err("gone").code,
            99262
        );
    }

    #[test]
    fn kept_items_are_created_once_updated_in_place_and_removed() {
        let docs = ConsoleDocuments::default();
        let key = ("id", "t1");
        docs.put_item(
            "pdfTemplates",
            key,
            fields(json!({"name": "a", "x": 1})),
            Put::Create,
        )
        .expect("created");
        let twice = docs.put_item("pdfTemplates", key, Map::new(), Put::Create);
        assert_eq!(twice.expect_err("exists").code, 99283);
        let updated = docs
            .put_item(
                "pdfTemplates",
                key,
                fields(json!({"name": "b"})),
                Put::Update,
            )
            .expect("updated");
        assert_eq!(updated, json!({"id": "t1", "name": "b", "x": 1}));
        let replaced = docs
            .put_item("pdfTemplates", key, fields(json!({"y": 2})), Put::Replace)
            .expect("replaced");
        assert_eq!(replaced, json!({"id": "t1", "y": 2}));
        assert_eq!(docs.items("integrations"), Vec::<Value>::new());
        let back = loaded::<ConsoleDocuments>(&saved(&docs)).expect("loads");
        assert_eq!(back.item("pdfTemplates", "t1").expect("kept")["y"], 2);
        docs.remove_item("pdfTemplates", "t1").expect("removed");
        assert_eq!(
            docs.item("pdfTemplates", "t1").expect_err("gone").code,
            99282
        );
        let missing = docs.put_item("pdfTemplates", key, Map::new(), Put::Update);
        assert_eq!(missing.expect_err("missing").code, 99282);
    }

    #[test]
    fn named_documents_merge_fields() {
        let docs = ConsoleDocuments::default();
        assert_eq!(docs.named("landingPage"), json!({}));
        docs.merge_named("landingPage", fields(json!({"title": "a", "x": 1})));
        let doc = docs.merge_named("landingPage", fields(json!({"title": "b"})));
        assert_eq!(doc, json!({"title": "b", "x": 1}));
        assert_eq!(object(json!([1])).expect_err("array").code, 8002);
    }
}
