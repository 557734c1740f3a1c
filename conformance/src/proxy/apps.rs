//! Which apps and keys the proxied traffic uses, so a recorded request becomes an app-root step
//! with a key kind instead of a URL holding credentials. Learnt from the upstream emulator's
//! control plane when it has one, from `--app-id`/`--api-key`/`--cloud-code-key`, and otherwise
//! from the traffic itself (a path starting with two GUIDs is `/{appId}/{apiKey}/...`).

use serde_json::Value;

use crate::scenario::KeyChoice;
use crate::target::is_guid;

/// One app and its keys.
#[derive(Debug, Clone, Default)]
pub struct App {
    /// Application id.
    pub id: String,
    /// Every key with the kind a step records it as (REST, JS, ... and the Cloud Code key).
    pub keys: Vec<(String, KeyChoice)>,
    /// Whether `keys` is the complete list (from the control plane): another key is invalid.
    pub complete: bool,
    /// The emulator's default app (what `/api/...` addresses).
    pub default: bool,
}

/// The apps known so far.
#[derive(Debug, Clone, Default)]
pub struct Apps {
    apps: Vec<App>,
}

/// Where a request path points.
#[derive(Debug, Clone, PartialEq)]
pub enum Addressed {
    /// `/{appId}/{key}/rest` (or `/api/rest`): the app, the key kind and the path below the root.
    App {
        /// Application id.
        app: String,
        /// Key kind; `None` for a key not known to be the app's or not (the answer decides: a
        /// wrong-credentials error makes it [`KeyChoice::Invalid`]).
        key: Option<KeyChoice>,
        /// Path below the app root.
        rest: String,
    },
    /// Anything else: console, control plane, other absolute paths.
    Server,
}

impl Apps {
    /// Apps from an emulator's `GET /_emulator/apps` answer.
    pub fn from_control_plane(list: &Value) -> Apps {
        let apps = list
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| {
                let keys = a["keys"].as_object()?;
                Some(App {
                    id: a["id"].as_str()?.to_string(),
                    keys: keys
                        .iter()
                        .filter_map(|(kind, v)| {
                            Some((v.as_str()?.to_string(), KeyChoice::of_kind(kind)?))
                        })
                        .collect(),
                    complete: true,
                    default: a["default"].as_bool().unwrap_or(false),
                })
            })
            .collect();
        Apps { apps }
    }

    /// Add (or complete) an app given on the command line.
    pub fn add(&mut self, app: App) {
        match self
            .apps
            .iter_mut()
            .find(|a| a.id.eq_ignore_ascii_case(&app.id))
        {
            Some(known) => {
                for (key, kind) in app.keys {
                    if !known.keys.iter().any(|(k, _)| *k == key) {
                        known.keys.push((key, kind));
                    }
                }
            }
            None => self.apps.push(app),
        }
    }

    /// Remember that `key` is one of the app's (the upstream accepted it; its kind is unknown,
    /// so steps record it as the REST key).
    pub fn learn_key(&mut self, app: &str, key: &str) {
        if let Some(a) = self
            .apps
            .iter_mut()
            .find(|a| a.id.eq_ignore_ascii_case(app))
        {
            if !a.keys.iter().any(|(k, _)| k == key) {
                a.keys.push((key.to_string(), KeyChoice::Rest));
            }
        }
    }

    /// Every app.
    pub fn all(&self) -> &[App] {
        &self.apps
    }

    /// The app with this id.
    pub fn get(&self, id: &str) -> Option<&App> {
        self.apps.iter().find(|a| a.id.eq_ignore_ascii_case(id))
    }

    /// Whether the first segment of a path is an app id this list does not know yet.
    pub fn unknown_app(&self, path: &str) -> bool {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        self.get(first).is_none() && first != "api" && !first.starts_with('_') && first != "console"
    }

    /// Where `path` points; learns apps and keys from GUID-shaped paths.
    pub fn address(&mut self, path: &str) -> Addressed {
        let trimmed = path.trim_start_matches('/');
        let mut parts = trimmed.splitn(3, '/');
        let (first, second) = (parts.next().unwrap_or(""), parts.next());
        let rest = parts.next().map_or(String::new(), |r| format!("/{r}"));
        if first == "api" {
            let app = self.apps.iter().find(|a| a.default).map(|a| a.id.clone());
            let rest = match second {
                Some(s) if rest.is_empty() => format!("/{s}"),
                Some(s) => format!("/{s}{rest}"),
                None => "/".into(),
            };
            return Addressed::App {
                app: app.unwrap_or_else(|| "api".into()),
                key: Some(KeyChoice::Rest),
                rest,
            };
        }
        let Some(key) = second.filter(|k| *k != "console" && !k.is_empty()) else {
            return Addressed::Server;
        };
        let known = self
            .apps
            .iter_mut()
            .find(|a| a.id.eq_ignore_ascii_case(first));
        let app = match known {
            Some(app) => app,
            None if is_guid(first) && is_guid(key) => {
                self.apps.push(App {
                    id: first.to_string(),
                    ..App::default()
                });
                self.apps.last_mut().expect("just pushed")
            }
            None => return Addressed::Server,
        };
        let kind = if let Some((_, kind)) = app.keys.iter().find(|(k, _)| k == key) {
            Some(*kind)
        } else if app.complete {
            Some(KeyChoice::Invalid)
        } else {
            None
        };
        Addressed::App {
            app: app.id.clone(),
            key: kind,
            rest: if rest.is_empty() { "/".into() } else { rest },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const A: &str = "AAAAAAAA-0000-4000-8000-000000000001";
    const K: &str = "BBBBBBBB-0000-4000-8000-000000000002";
    const J: &str = "CCCCCCCC-0000-4000-8000-000000000003";

    #[test]
    fn the_control_plane_names_every_key() {
        let mut apps = Apps::from_control_plane(&json!([
            {"id": "APP", "default": true, "keys": {"REST": "R", "JS": "J", "BL": "B"}}
        ]));
        let at = |apps: &mut Apps, p: &str| apps.address(p);
        assert_eq!(
            at(&mut apps, "/APP/J/users/login"),
            Addressed::App {
                app: "APP".into(),
                key: Some(KeyChoice::Js),
                rest: "/users/login".into()
            }
        );
        assert!(matches!(
            at(&mut apps, "/APP/B/x"),
            Addressed::App {
                key: Some(KeyChoice::CloudCode),
                ..
            }
        ));
        assert!(matches!(
            at(&mut apps, "/APP/WRONG/x"),
            Addressed::App {
                key: Some(KeyChoice::Invalid),
                ..
            }
        ));
        assert!(
            matches!(at(&mut apps, "/api/data/T"), Addressed::App { ref app, .. } if app == "APP")
        );
        assert_eq!(at(&mut apps, "/APP/console/data/tables"), Addressed::Server);
        assert_eq!(
            at(&mut apps, "/_emulator/apps/APP/clock"),
            Addressed::Server
        );
    }

    #[test]
    fn guid_paths_teach_the_app_and_answers_its_keys() {
        let mut apps = Apps::default();
        assert!(matches!(
            apps.address(&format!("/{A}/{K}/data/T")),
            Addressed::App { key: None, .. }
        ));
        apps.learn_key(A, K);
        assert!(matches!(
            apps.address(&format!("/{A}/{K}/data/T")),
            Addressed::App {
                key: Some(KeyChoice::Rest),
                ..
            }
        ));
        assert!(matches!(
            apps.address(&format!("/{A}/{J}/data/T")),
            Addressed::App { key: None, .. }
        ));
        assert_eq!(apps.address("/console/home/login"), Addressed::Server);
        assert!(apps.get(A).is_some());
    }
}
