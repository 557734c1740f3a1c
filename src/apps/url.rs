//! The URL forms of the emulator (README "URL forms"), told apart from the path alone.
//!
//! [`AppUrl::parse`] looks nothing up: it is the one place that knows how a request path names
//! an app, and the router, the request journal, fault rules and "upload from URL" all use it.
//! [`crate::apps::AppRegistry::client_api`] then resolves the client-API forms against the apps.

/// Where the router mounts the client API: a resolved `/{appId}/{apiKey}/{rest}` or `/api/{rest}`
/// request is routed as `{CLIENT_API}/{rest}`. No outside path reaches it unresolved, since
/// [`AppUrl::parse`] reads `/_client/x/...` as an app id and a key.
pub const CLIENT_API: &str = "/_client";

/// What a request path addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppUrl<'a> {
    /// `/_emulator/...`: the control plane.
    Control,
    /// `/console/...` (`app_id` none) or `/{appId}/console/...`: the developer console.
    Console {
        /// The app named before `/console`, if any.
        app_id: Option<&'a str>,
    },
    /// `/{appId}` or `/{appId}/` with an `EIO=` query: a socket.io connection (realtime.md §2).
    EngineIo {
        /// The app whose real-time clients connect.
        app_id: &'a str,
    },
    /// `/{appId}/{apiKey}/{rest}`: an app's client API.
    Keyed {
        /// The app id segment.
        app_id: &'a str,
        /// The API key segment.
        api_key: &'a str,
        /// The service path after the key, without its leading `/` (`users/login`).
        rest: &'a str,
    },
    /// `/api/{rest}`: the default app's client API (REST key) or, when `rest` starts with an
    /// app id and one of its keys, the Backendless Pro form `/api/{appId}/{apiKey}/{rest}`.
    Api {
        /// Everything after `/api/`.
        rest: &'a str,
    },
    /// Any other path (`/`, `/favicon.ico`).
    Other,
}

impl<'a> AppUrl<'a> {
    /// Classify a path, with or without its `?query` (a `#fragment` is ignored too).
    pub fn parse(path_and_query: &'a str) -> Self {
        let (path, query) = match path_and_query.split_once('?') {
            Some((path, query)) => (path, query),
            None => (path_and_query, ""),
        };
        let path = path.split('#').next().unwrap_or("");
        let query = query.split('#').next().unwrap_or("");
        let trimmed = path.strip_prefix('/').unwrap_or(path);
        let mut parts = trimmed.splitn(3, '/');
        let first = parts.next().unwrap_or("");
        let second = parts.next();
        let rest = parts.next().unwrap_or("");
        match (first, second) {
            ("", _) => AppUrl::Other,
            ("_emulator", _) => AppUrl::Control,
            ("console", _) => AppUrl::Console { app_id: None },
            // The console's node server and menu, reached under `/api` by the console SDK.
            ("api", Some("app" | "node-server" | "gamification" | "console")) => {
                AppUrl::Console { app_id: None }
            }
            ("api", _) => AppUrl::Api {
                rest: trimmed.split_once('/').map_or("", |(_, r)| r),
            },
            (app_id, None | Some("")) if rest.is_empty() && is_engine_io(query) => {
                AppUrl::EngineIo { app_id }
            }
            (app_id, Some("console" | "billing")) => AppUrl::Console {
                app_id: Some(app_id),
            },
            (app_id, Some("service")) if rest.starts_with("billing/") => AppUrl::Console {
                app_id: Some(app_id),
            },
            (app_id, Some(api_key)) if !api_key.is_empty() => AppUrl::Keyed {
                app_id,
                api_key,
                rest,
            },
            _ => AppUrl::Other,
        }
    }

    /// For `/api/{rest}`: the app id, key and service path `rest` would name in the Pro form.
    pub fn pro_form(&self) -> Option<(&'a str, &'a str, &'a str)> {
        let AppUrl::Api { rest } = *self else {
            return None;
        };
        let mut parts = rest.splitn(3, '/');
        match (parts.next(), parts.next()) {
            (Some(app_id), Some(api_key)) if !app_id.is_empty() && !api_key.is_empty() => {
                Some((app_id, api_key, parts.next().unwrap_or("")))
            }
            _ => None,
        }
    }
}

fn is_engine_io(query: &str) -> bool {
    query.split('&').any(|pair| pair.starts_with("EIO="))
}

#[cfg(test)]
mod tests {
    use super::AppUrl::{self, *};

    #[test]
    fn every_url_form_is_told_apart() {
        let cases = [
            (
                "/APP/KEY/users/login",
                Keyed {
                    app_id: "APP",
                    api_key: "KEY",
                    rest: "users/login",
                },
            ),
            (
                "/APP/KEY/users/login?x=1",
                Keyed {
                    app_id: "APP",
                    api_key: "KEY",
                    rest: "users/login",
                },
            ),
            (
                "/APP/KEY",
                Keyed {
                    app_id: "APP",
                    api_key: "KEY",
                    rest: "",
                },
            ),
            (
                "/APP/KEY/",
                Keyed {
                    app_id: "APP",
                    api_key: "KEY",
                    rest: "",
                },
            ),
            (
                "/api/users/login",
                Api {
                    rest: "users/login",
                },
            ),
            ("/api", Api { rest: "" }),
            ("/console/home/login", Console { app_id: None }),
            (
                "/APP/console/appsettings",
                Console {
                    app_id: Some("APP"),
                },
            ),
            ("/_emulator/health", Control),
            ("/api/app/APP/automation/flow", Console { app_id: None }),
            ("/api/node-server/manage/x", Console { app_id: None }),
            (
                "/APP/billing/limits/hive",
                Console {
                    app_id: Some("APP"),
                },
            ),
            (
                "/APP/service/billing/usage",
                Console {
                    app_id: Some("APP"),
                },
            ),
            ("/APP?EIO=4&transport=polling", EngineIo { app_id: "APP" }),
            (
                "/APP/?EIO=3&transport=websocket",
                EngineIo { app_id: "APP" },
            ),
            (
                "/APP/KEY?EIO=4",
                Keyed {
                    app_id: "APP",
                    api_key: "KEY",
                    rest: "",
                },
            ),
            ("/APP", Other),
            ("/APP/", Other),
            ("/", Other),
            ("", Other),
            ("/favicon.ico", Other),
        ];
        for (path, form) in cases {
            assert_eq!(AppUrl::parse(path), form, "{path}");
        }
    }

    #[test]
    fn the_pro_form_is_a_candidate_of_api_urls_only() {
        assert_eq!(
            AppUrl::parse("/api/APP/KEY/data/T").pro_form(),
            Some(("APP", "KEY", "data/T"))
        );
        assert_eq!(
            AppUrl::parse("/api/APP/KEY").pro_form(),
            Some(("APP", "KEY", ""))
        );
        assert_eq!(AppUrl::parse("/api/info").pro_form(), None);
        assert_eq!(AppUrl::parse("/APP/KEY/data/T").pro_form(), None);
    }

    #[test]
    fn fragments_are_ignored() {
        assert_eq!(
            AppUrl::parse("/APP/KEY/files/a.txt#top"),
            Keyed {
                app_id: "APP",
                api_key: "KEY",
                rest: "files/a.txt"
            }
        );
    }
}
