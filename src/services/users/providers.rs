//! The app's login-provider configuration as the console keeps it: OAuth 1 and OAuth 2
//! providers (made from a template or by hand), the Auth0 settings and Auth0's scope-to-role
//! bindings (`backendless-console-sdk` `src/users.js`). Stored per app and saved with it; the
//! emulator performs no OAuth login itself (users.md U21-U24 answer 99000), so these are the
//! settings a test sets up and reads back.

use std::collections::BTreeMap;

use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::errors;
use crate::apps::ServiceState;
use crate::error::ApiError;
use crate::ids::IdGen;

/// OAuth 1 or OAuth 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// OAuth 1.0a (Twitter).
    OAuth1,
    /// OAuth 2.
    OAuth2,
}

impl Protocol {
    /// The URL segment (`oauth1`, `oauth2`).
    pub fn parse(segment: &str) -> Option<Protocol> {
        match segment {
            "oauth1" => Some(Protocol::OAuth1),
            "oauth2" => Some(Protocol::OAuth2),
            _ => None,
        }
    }
}

/// One configured provider: its id and code, and every other field as the console sent it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Provider {
    /// Stable id.
    pub id: String,
    /// The provider code used in login URLs (`google`, `twitter`).
    pub provider_code: String,
    /// Display name.
    pub name: String,
    /// Every other field (client id and secret, URLs, scope, fields mapping, ...).
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

impl Provider {
    /// The object the console reads.
    pub fn to_json(&self) -> Value {
        let mut o = self.fields.clone();
        o.insert("id".into(), Value::from(self.id.clone()));
        o.insert(
            "providerCode".into(),
            Value::from(self.provider_code.clone()),
        );
        o.insert("code".into(), Value::from(self.provider_code.clone()));
        o.insert("name".into(), Value::from(self.name.clone()));
        Value::Object(o)
    }
}

/// One Auth0 scope-to-role binding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Binding {
    /// Stable id.
    pub id: String,
    /// The Auth0 scope.
    pub scope: String,
    /// The role a user with the scope gets.
    pub role_name: String,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Data {
    oauth1: BTreeMap<String, Provider>,
    oauth2: BTreeMap<String, Provider>,
    auth0: Map<String, Value>,
    bindings: BTreeMap<String, Binding>,
}

/// Login-provider settings of one app.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProvidersState {
    inner: RwLock<Data>,
}

impl ServiceState for ProvidersState {
    const KEY: &'static str = "providers";
}

/// Fields the console may not overwrite.
const FIXED: [&str; 4] = ["id", "providerCode", "code", "name"];

/// A provider template: its code, name and the provider's public endpoints.
fn templates(protocol: Protocol) -> Vec<Value> {
    match protocol {
        Protocol::OAuth1 => vec![json!({
            "code": "twitter", "name": "Twitter",
            "requestTokenUrl": "https://api.twitter.com/oauth/request_token",
            "authorizationUrl": "https://api.twitter.com/oauth/authenticate",
            "accessTokenUrl": "https://api.twitter.com/oauth/access_token",
        })],
        Protocol::OAuth2 => vec![
            json!({"code": "google", "name": "Google",
                "authorizationUrl": "https://accounts.google.com/o/oauth2/v2/auth",
                "accessTokenUrl": "https://oauth2.googleapis.com/token",
                "userInfoUrl": "https://openidconnect.googleapis.com/v1/userinfo",
                "scope": "openid email profile"}),
            json!({"code": "facebook", "name": "Facebook",
                "authorizationUrl": "https://www.facebook.com/dialog/oauth",
                "accessTokenUrl": "https://graph.facebook.com/oauth/access_token",
                "userInfoUrl": "https://graph.facebook.com/me",
                "scope": "email public_profile"}),
            json!({"code": "github", "name": "GitHub",
                "authorizationUrl": "https://github.com/login/oauth/authorize",
                "accessTokenUrl": "https://github.com/login/oauth/access_token",
                "userInfoUrl": "https://api.github.com/user",
                "scope": "read:user user:email"}),
            json!({"code": "linkedin", "name": "LinkedIn",
                "authorizationUrl": "https://www.linkedin.com/oauth/v2/authorization",
                "accessTokenUrl": "https://www.linkedin.com/oauth/v2/accessToken",
                "userInfoUrl": "https://api.linkedin.com/v2/userinfo",
                "scope": "openid profile email"}),
            json!({"code": "microsoft", "name": "Microsoft",
                "authorizationUrl": "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
                "accessTokenUrl": "https://login.microsoftonline.com/common/oauth2/v2.0/token",
                "userInfoUrl": "https://graph.microsoft.com/oidc/userinfo",
                "scope": "openid email profile"}),
        ],
    }
}

fn text<'a>(body: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn other_fields(body: &Value) -> Map<String, Value> {
    body.as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, _)| !FIXED.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

impl Data {
    fn providers(&mut self, protocol: Protocol) -> &mut BTreeMap<String, Provider> {
        match protocol {
            Protocol::OAuth1 => &mut self.oauth1,
            Protocol::OAuth2 => &mut self.oauth2,
        }
    }
}

impl ProvidersState {
    /// The templates a provider can be made from.
    pub fn templates(&self, protocol: Protocol) -> Vec<Value> {
        templates(protocol)
    }

    /// Every configured provider of a protocol, by id.
    pub fn list(&self, protocol: Protocol) -> Vec<Provider> {
        self.inner
            .write()
            .providers(protocol)
            .values()
            .cloned()
            .collect()
    }

    /// A provider by id or code (99252 otherwise).
    pub fn find(&self, protocol: Protocol, id_or_code: &str) -> Result<Provider, ApiError> {
        self.inner
            .write()
            .providers(protocol)
            .values()
            .find(|p| p.id == id_or_code || p.provider_code == id_or_code)
            .cloned()
            .ok_or_else(|| errors::provider_not_found(id_or_code))
    }

    /// A new provider from a body naming its `name` (and `providerCode`, else the lower-cased
    /// name); 8010 without a name, 99255 when the code is taken.
    pub fn create(
        &self,
        protocol: Protocol,
        body: &Value,
        ids: &IdGen,
    ) -> Result<Provider, ApiError> {
        let name =
            text(body, &["name", "providerName"]).ok_or_else(|| ApiError::missing_field("name"))?;
        let code = text(body, &["providerCode", "code"])
            .map(str::to_string)
            .unwrap_or_else(|| name.to_lowercase().replace(' ', "-"));
        self.insert(protocol, code, name.to_string(), other_fields(body), ids)
    }

    /// A new provider from a template (`templateCode`, `template` or `code` in the body), the
    /// body's other fields (client id and secret, ...) over the template's (8010 / 99253).
    pub fn create_from_template(
        &self,
        protocol: Protocol,
        body: &Value,
        ids: &IdGen,
    ) -> Result<Provider, ApiError> {
        let wanted = text(body, &["templateCode", "template", "code", "providerCode"])
            .ok_or_else(|| ApiError::missing_field("templateCode"))?;
        let template = templates(protocol)
            .into_iter()
            .find(|t| {
                t["code"]
                    .as_str()
                    .is_some_and(|c| c.eq_ignore_ascii_case(wanted))
            })
            .ok_or_else(|| errors::template_not_found(wanted))?;
        let mut fields = other_fields(&template);
        fields.remove("template");
        for (k, v) in other_fields(body) {
            if !["templateCode", "template"].contains(&k.as_str()) {
                fields.insert(k, v);
            }
        }
        let code = template["code"].as_str().unwrap_or(wanted).to_string();
        let name = text(body, &["name"])
            .or(template["name"].as_str())
            .unwrap_or(wanted)
            .to_string();
        self.insert(protocol, code, name, fields, ids)
    }

    fn insert(
        &self,
        protocol: Protocol,
        code: String,
        name: String,
        mut fields: Map<String, Value>,
        ids: &IdGen,
    ) -> Result<Provider, ApiError> {
        let mut d = self.inner.write();
        let providers = d.providers(protocol);
        if providers.values().any(|p| p.provider_code == code) {
            return Err(errors::provider_exists(&code));
        }
        fields.entry("enabled").or_insert(Value::Bool(true));
        let provider = Provider {
            id: ids.guid(),
            provider_code: code,
            name,
            fields,
        };
        providers.insert(provider.id.clone(), provider.clone());
        Ok(provider)
    }

    /// Change a provider: the body's fields over the stored ones (the id stays; a new name is
    /// taken; 99252 when it does not exist).
    pub fn update(
        &self,
        protocol: Protocol,
        id_or_code: &str,
        body: &Value,
    ) -> Result<Provider, ApiError> {
        let mut d = self.inner.write();
        let provider = d
            .providers(protocol)
            .values_mut()
            .find(|p| p.id == id_or_code || p.provider_code == id_or_code)
            .ok_or_else(|| errors::provider_not_found(id_or_code))?;
        if let Some(name) = text(body, &["name"]) {
            provider.name = name.to_string();
        }
        for (k, v) in other_fields(body) {
            provider.fields.insert(k, v);
        }
        Ok(provider.clone())
    }

    /// Remove a provider (99252 when it does not exist).
    pub fn remove(&self, protocol: Protocol, id_or_code: &str) -> Result<Provider, ApiError> {
        let found = self.find(protocol, id_or_code)?;
        self.inner.write().providers(protocol).remove(&found.id);
        Ok(found)
    }

    /// The Auth0 settings (`enabled: false` and empty fields until set).
    pub fn auth0(&self) -> Value {
        let mut config = Map::new();
        for key in ["domain", "clientId", "clientSecret", "audience"] {
            config.insert(key.into(), Value::Null);
        }
        config.insert("enabled".into(), Value::Bool(false));
        for (k, v) in &self.inner.read().auth0 {
            config.insert(k.clone(), v.clone());
        }
        Value::Object(config)
    }

    /// Merge the body's fields into the Auth0 settings (8002 unless it is an object).
    pub fn set_auth0(&self, body: &Value) -> Result<Value, ApiError> {
        let Value::Object(fields) = body else {
            return Err(ApiError::unparsable(
                "the Auth0 configuration must be a JSON object",
            ));
        };
        {
            let mut d = self.inner.write();
            for (k, v) in fields {
                d.auth0.insert(k.clone(), v.clone());
            }
        }
        Ok(self.auth0())
    }

    /// Every scope-to-role binding.
    pub fn bindings(&self) -> Vec<Binding> {
        self.inner.read().bindings.values().cloned().collect()
    }

    /// Add a binding of `scope` to the role `role_name` (the caller checked the role).
    pub fn add_binding(&self, scope: &str, role_name: &str, ids: &IdGen) -> Binding {
        let binding = Binding {
            id: ids.guid(),
            scope: scope.to_string(),
            role_name: role_name.to_string(),
        };
        self.inner
            .write()
            .bindings
            .insert(binding.id.clone(), binding.clone());
        binding
    }

    /// Change a binding's scope and/or role (99254 when it does not exist).
    pub fn update_binding(
        &self,
        id: &str,
        scope: Option<&str>,
        role_name: Option<&str>,
    ) -> Result<Binding, ApiError> {
        let mut d = self.inner.write();
        let binding = d
            .bindings
            .get_mut(id)
            .ok_or_else(|| errors::binding_not_found(id))?;
        if let Some(scope) = scope {
            binding.scope = scope.to_string();
        }
        if let Some(role) = role_name {
            binding.role_name = role.to_string();
        }
        Ok(binding.clone())
    }

    /// Remove a binding (99254 when it does not exist).
    pub fn remove_binding(&self, id: &str) -> Result<Binding, ApiError> {
        self.inner
            .write()
            .bindings
            .remove(id)
            .ok_or_else(|| errors::binding_not_found(id))
    }

    /// Forget a deleted role's bindings.
    pub fn forget_role(&self, role_name: &str) {
        self.inner
            .write()
            .bindings
            .retain(|_, b| b.role_name != role_name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::services::testing::{loaded, saved};

    #[test]
    fn providers_are_made_from_templates_changed_and_removed() {
        let ids = IdGen::seeded(3);
        let s = ProvidersState::default();
        let google = s
            .create_from_template(
                Protocol::OAuth2,
                &json!({"templateCode": "google", "clientId": "c1"}),
                &ids,
            )
            .expect("made");
        assert_eq!(google.provider_code, "google");
        assert_eq!(google.fields["clientId"], "c1");
        assert!(google.fields["authorizationUrl"].is_string());
        let again =
            s.create_from_template(Protocol::OAuth2, &json!({"templateCode": "google"}), &ids);
        assert_eq!(again.expect_err("taken").code, 99255);
        let unknown =
            s.create_from_template(Protocol::OAuth1, &json!({"templateCode": "google"}), &ids);
        assert_eq!(unknown.expect_err("no such template").code, 99253);
        let changed = s
            .update(
                Protocol::OAuth2,
                &google.id,
                &json!({"clientSecret": "s", "id": "other"}),
            )
            .expect("changed");
        assert_eq!(changed.id, google.id);
        assert_eq!(changed.fields["clientSecret"], "s");
        let back: ProvidersState = loaded(&saved(&s)).expect("loads");
        assert_eq!(
            back.find(Protocol::OAuth2, "google").expect("kept"),
            changed
        );
        s.remove(Protocol::OAuth2, "google").expect("removed");
        assert_eq!(
            s.find(Protocol::OAuth2, &google.id).expect_err("gone").code,
            99252
        );
        assert!(s.list(Protocol::OAuth1).is_empty());
    }

    #[test]
    fn auth0_settings_merge_and_bindings_follow_their_role() {
        let ids = IdGen::seeded(4);
        let s = ProvidersState::default();
        assert_eq!(s.auth0()["enabled"], false);
        let set = s
            .set_auth0(&json!({"domain": "x.auth0.com", "enabled": true}))
            .expect("set");
        assert_eq!(set["domain"], "x.auth0.com");
        assert!(s.set_auth0(&json!([1])).is_err());
        let b = s.add_binding("read:all", "Editors", &ids);
        assert_eq!(
            s.update_binding(&b.id, Some("write:all"), None)
                .expect("changed")
                .scope,
            "write:all"
        );
        s.forget_role("Editors");
        assert!(s.bindings().is_empty());
        assert_eq!(s.remove_binding(&b.id).expect_err("gone").code, 99254);
    }
}
