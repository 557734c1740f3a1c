//! [`TemplateStore`]: the one store of named templates, generic over the template kind (issue
//! 12). Email templates, push templates and the console's push button and channel templates are
//! each a [`TemplateKind`]; the store holds them by name and answers the kind's own error for a
//! name it does not hold. It serialises as a plain `{name: template}` object, so exports keep
//! the shape they had when each kind had its own map.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// A kind of template a [`TemplateStore`] holds.
pub trait TemplateKind: Clone + Serialize + DeserializeOwned {
    /// The kind's name in messages (`Email`, `Push`, ...).
    const KIND: &'static str;

    /// The kind's error for a name the store does not hold.
    fn not_found(name: &str) -> ApiError;

    /// Give the template the name it is stored under.
    fn set_name(&mut self, name: &str);
}

/// Templates of one kind, by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent, bound = "T: TemplateKind")]
pub struct TemplateStore<T: TemplateKind> {
    by_name: BTreeMap<String, T>,
}

impl<T: TemplateKind> Default for TemplateStore<T> {
    fn default() -> Self {
        TemplateStore {
            by_name: BTreeMap::new(),
        }
    }
}

impl<T: TemplateKind> TemplateStore<T> {
    /// Every template, by name order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.by_name.values()
    }

    /// The template called `name`, or the kind's not-found error.
    pub fn find(&self, name: &str) -> Result<&T, ApiError> {
        self.by_name.get(name).ok_or_else(|| T::not_found(name))
    }

    /// Whether a template is called `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// Store `template` under `name`, replacing any template of that name.
    pub fn put(&mut self, name: &str, mut template: T) -> &T {
        template.set_name(name);
        self.by_name.insert(name.to_string(), template);
        &self.by_name[name]
    }

    /// Store a new template; 99272 if the name is taken.
    pub fn create(&mut self, name: &str, template: T) -> Result<&T, ApiError> {
        if self.contains(name) {
            return Err(super::errors::template_exists(T::KIND, name));
        }
        Ok(self.put(name, template))
    }

    /// Replace the template called `old`, possibly under a new name (a rename); the kind's
    /// not-found error if there is none, 99272 if the new name is another template's.
    pub fn update(&mut self, old: &str, new: &str, template: T) -> Result<&T, ApiError> {
        self.find(old)?;
        if old != new && self.contains(new) {
            return Err(super::errors::template_exists(T::KIND, new));
        }
        self.by_name.remove(old);
        Ok(self.put(new, template))
    }

    /// Remove the template called `name`; the kind's not-found error if there is none.
    pub fn remove(&mut self, name: &str) -> Result<T, ApiError> {
        self.by_name.remove(name).ok_or_else(|| T::not_found(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::messaging::model::{EmailTemplate, PushTemplate};
    use serde_json::json;

    fn email(subject: &str) -> EmailTemplate {
        EmailTemplate {
            subject: subject.into(),
            ..EmailTemplate::default()
        }
    }

    #[test]
    fn one_store_answers_each_kinds_own_errors() {
        let mut emails = TemplateStore::<EmailTemplate>::default();
        let mut pushes = TemplateStore::<PushTemplate>::default();
        assert_eq!(emails.find("a").expect_err("none").code, 24002);
        assert_eq!(pushes.remove("a").expect_err("none").code, 99021);
        emails.create("a", email("s")).expect("created");
        assert_eq!(emails.find("a").expect("found").name, "a");
        assert_eq!(
            emails.create("a", email("t")).expect_err("taken").code,
            99272
        );
        pushes.put("p", PushTemplate::default());
        assert_eq!(pushes.iter().count(), 1);
    }

    #[test]
    fn update_renames_and_refuses_to_overwrite_another() {
        let mut store = TemplateStore::<EmailTemplate>::default();
        store.put("a", email("1"));
        store.put("b", email("2"));
        assert_eq!(
            store
                .update("a", "b", email("x"))
                .expect_err("b taken")
                .code,
            99272
        );
        store.update("a", "c", email("3")).expect("renamed");
        assert!(!store.contains("a"));
        assert_eq!(store.find("c").expect("c").subject, "3");
        assert_eq!(
            store.update("zz", "zz", email("x")).expect_err("none").code,
            24002
        );
    }

    #[test]
    fn serialises_as_a_plain_object_by_name() {
        let mut store = TemplateStore::<EmailTemplate>::default();
        store.put("w", email("s"));
        let saved = serde_json::to_value(&store).expect("saves");
        assert_eq!(saved["w"]["subject"], json!("s"));
        let back: TemplateStore<EmailTemplate> = serde_json::from_value(saved).expect("loads");
        assert_eq!(back, store);
    }
}
