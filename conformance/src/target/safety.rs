//! What a run may do to a target it does not own. Every request passes [`refusal`] before it is
//! sent (with its variables filled in), and every scenario is checked the same way before it
//! starts (with captured values standing for "made by this run"), so a scenario that needs a
//! refused request is skipped with the reason instead of failing half-way.
//!
//! - An emulator the runner started ([`Kind::Owned`]): anything goes.
//! - An emulator it did not start ([`Kind::Emulator`]): the run works in a throwaway app of its
//!   own, so anything in that app goes; control-plane routes that touch every app (reset all,
//!   every clock, all fault rules, the journal, the disk snapshot) and other apps are refused.
//! - Anything else ([`Kind::Real`]): no control plane, and nothing destructive: deleting what the
//!   run did not make (a path without the run token or a value the run created, a bulk delete or
//!   update whose table and where clause lack the run token), deleting or renaming tables and
//!   apps, app-wide settings, logging out every user, registering developer accounts.
//!
//! `--allow-destructive` lifts every refusal.

use serde_json::Value;

/// How a target came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An emulator this runner started in-process.
    Owned,
    /// An emulator someone else started (it answers `/_emulator/health`).
    Emulator,
    /// A Backendless app (anything that is not an emulator).
    Real,
}

impl Kind {
    /// `owned emulator`, `emulator`, `app`.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Owned => "in-process emulator",
            Kind::Emulator => "emulator",
            Kind::Real => "app",
        }
    }
}

/// What a request may touch.
pub struct Scope<'a> {
    /// The target's kind.
    pub kind: Kind,
    /// `--allow-destructive`.
    pub allow_destructive: bool,
    /// The run token every name this run makes carries.
    pub run: &'a str,
    /// The app the run works in.
    pub app_id: &'a str,
    /// Whether a value (an id) was made by this run.
    pub created: &'a dyn Fn(&str) -> bool,
}

/// A request as the guard sees it.
pub struct Planned<'a> {
    /// Upper-case method.
    pub method: &'a str,
    /// `true` for the server root (control plane, console), `false` for the app root.
    pub server: bool,
    /// The path (below the app root, or absolute on the server).
    pub path: &'a str,
    /// The `where` query parameter, if any.
    pub where_query: Option<&'a str>,
    /// The JSON body, if any.
    pub json: Option<&'a Value>,
}

/// Control-plane routes that change every app of an emulator.
const GLOBAL_CONTROL: &[(&str, &str)] = &[
    ("POST", "/_emulator/reset"),
    ("PUT", "/_emulator/clock"),
    ("DELETE", "/_emulator/faults"),
    ("DELETE", "/_emulator/journal"),
    ("POST", "/_emulator/snapshot"),
];

/// Console routes (after `/{appId}/console`) that change app-wide settings.
const APP_SETTINGS: &[&str] = &[
    "/userregistration",
    "/userlogin",
    "/data/config",
    "/userproperties",
    "/security",
    "/application",
];

/// Why `req` must not be sent to this target (`None` = it may be).
pub fn refusal(scope: &Scope, req: &Planned) -> Option<String> {
    if scope.kind == Kind::Owned || scope.allow_destructive {
        return None;
    }
    let path = req.path.split('?').next().unwrap_or(req.path);
    if req.server && path.starts_with("/_emulator") {
        return control_refusal(scope, req, path);
    }
    if scope.kind == Kind::Emulator {
        // Everything else lands in the run's throwaway app, except deleting another app.
        return match console_app(path) {
            Some((app, "/application")) if req.method == "DELETE" && !ours(scope, app) => {
                Some("deletes an app this run did not create".into())
            }
            _ => None,
        };
    }
    real_refusal(scope, req, path)
}

fn ours(scope: &Scope, app: &str) -> bool {
    app.eq_ignore_ascii_case(scope.app_id) || has_run(scope, app) || (scope.created)(app)
}

fn has_run(scope: &Scope, text: &str) -> bool {
    !scope.run.is_empty()
        && text
            .to_ascii_lowercase()
            .contains(&scope.run.to_ascii_lowercase())
}

fn control_refusal(scope: &Scope, req: &Planned, path: &str) -> Option<String> {
    if scope.kind == Kind::Real {
        return Some("calls the emulator control plane, and this target is not an emulator".into());
    }
    if req.method == "GET" {
        return None;
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        ["_emulator", "apps"] => None,
        ["_emulator", "apps", app, ..] if ours(scope, app) => None,
        ["_emulator", "apps", ..] => Some("changes an app this run did not create".into()),
        ["_emulator", "faults"] if req.method == "POST" => {
            let app = req
                .json
                .and_then(|b| b.get("appId"))
                .and_then(Value::as_str);
            match app {
                Some(app) if ours(scope, app) => None,
                _ => Some("plants a fault rule for every app (give it \"appId\")".into()),
            }
        }
        ["_emulator", "faults", id] if req.method == "DELETE" && (scope.created)(id) => None,
        _ if GLOBAL_CONTROL.contains(&(req.method, path)) => {
            Some("changes every app of an emulator this run did not start".into())
        }
        _ => Some("changes an emulator this run did not start".into()),
    }
}

/// `/{app}/console/<rest>` → `(app, "/<rest>")`.
fn console_app(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix('/')?;
    let (app, rest) = rest.split_once('/')?;
    let rest = rest.strip_prefix("console")?;
    (rest.is_empty() || rest.starts_with('/')).then_some((app, rest))
}

fn real_refusal(scope: &Scope, req: &Planned, path: &str) -> Option<String> {
    let write = req.method != "GET";
    let made_by_run = |text: &str| {
        has_run(scope, text) || text.split('/').any(|segment| (scope.created)(segment))
    };
    let where_has_run = req.where_query.is_some_and(|w| has_run(scope, w))
        || req
            .json
            .and_then(|b| b.get("where"))
            .and_then(Value::as_str)
            .is_some_and(|w| has_run(scope, w));
    if req.server {
        if path.starts_with("/console/devreg") && write {
            return Some("registers a developer account".into());
        }
        if let Some((app, rest)) = console_app(path) {
            if rest.starts_with("/userlogin/logout") {
                return Some("logs out every user of the app".into());
            }
            if rest == "/application" && req.method == "DELETE" {
                return (!(scope.created)(app))
                    .then(|| "deletes an app this run did not create".into());
            }
            // An app the run made, or a setting named after the run (a role), is the run's own.
            let own = (scope.created)(app) || has_run(scope, rest);
            if write && !own && APP_SETTINGS.iter().any(|p| rest.starts_with(p)) {
                return Some("changes app-wide settings".into());
            }
            if let Some(table) = rest.strip_prefix("/data/tables/") {
                let name = table.split('/').next().unwrap_or(table);
                let changes = req.method == "DELETE" || (req.method == "PUT" && name == table);
                if changes && !made_by_run(name) {
                    return Some(format!(
                        "changes or deletes table {name}, which this run did not create"
                    ));
                }
            }
        }
    }
    let bulk = path.contains("/data/bulk/");
    let bulk_change = bulk
        && (matches!(req.method, "PUT" | "DELETE")
            || (req.method == "POST" && path.ends_with("/delete")));
    if bulk_change {
        let rest = path.rsplit("/bulk/").next().unwrap_or("");
        let table = rest.split('/').next().unwrap_or(rest);
        if !made_by_run(table) && !where_has_run {
            return Some("a bulk change whose table and where clause lack the run token".into());
        }
        return None;
    }
    if req.method == "DELETE" && !made_by_run(path) && !where_has_run {
        return Some("deletes something this run did not create".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(
        kind: Kind,
        method: &str,
        server: bool,
        path: &str,
        json: Option<Value>,
    ) -> Option<String> {
        let created = |v: &str| v == "MADE-1" || v.contains("{{");
        let scope = Scope {
            kind,
            allow_destructive: false,
            run: "c1run",
            app_id: "APP",
            created: &created,
        };
        let (path, query) = path
            .split_once("?where=")
            .map_or((path, None), |(p, w)| (p, Some(w)));
        refusal(
            &scope,
            &Planned {
                method,
                server,
                path,
                where_query: query,
                json: json.as_ref(),
            },
        )
    }

    #[test]
    fn an_owned_emulator_allows_everything() {
        assert!(check(Kind::Owned, "POST", true, "/_emulator/reset", None).is_none());
        assert!(check(Kind::Owned, "DELETE", false, "/files/everything", None).is_none());
    }

    #[test]
    fn a_foreign_emulator_allows_only_the_runs_apps_and_rules() {
        let e = Kind::Emulator;
        assert!(check(e, "PUT", true, "/_emulator/apps/APP/clock", None).is_none());
        assert!(check(e, "DELETE", true, "/_emulator/apps/MADE-1", None).is_none());
        assert!(check(e, "POST", true, "/_emulator/apps/CONFORM-C1RUN/reset", None).is_none());
        assert!(check(e, "POST", true, "/_emulator/apps/OTHER/reset", None).is_some());
        assert!(check(e, "POST", true, "/_emulator/reset", None).is_some());
        assert!(check(e, "PUT", true, "/_emulator/clock", None).is_some());
        assert!(check(e, "DELETE", true, "/_emulator/faults", None).is_some());
        assert!(check(
            e,
            "POST",
            true,
            "/_emulator/faults",
            Some(json!({"operation": "x"}))
        )
        .is_some());
        assert!(check(
            e,
            "POST",
            true,
            "/_emulator/faults",
            Some(json!({"appId": "APP"}))
        )
        .is_none());
        assert!(check(e, "DELETE", true, "/_emulator/faults/MADE-1", None).is_none());
        assert!(check(e, "DELETE", true, "/_emulator/faults/7", None).is_some());
        assert!(check(e, "GET", true, "/_emulator/journal", None).is_none());
        // The throwaway app is the run's own: even app-wide settings may change.
        assert!(check(e, "DELETE", true, "/APP/console/data/tables/Users", None).is_none());
        assert!(check(e, "DELETE", true, "/OTHER/console/application", None).is_some());
    }

    #[test]
    fn a_real_app_refuses_the_control_plane_and_destruction() {
        let r = Kind::Real;
        assert!(check(r, "GET", true, "/_emulator/health", None).is_some());
        assert!(check(r, "DELETE", false, "/data/Users/MADE-1", None).is_none());
        assert!(check(r, "DELETE", false, "/data/Users/SOMEONE", None).is_some());
        assert!(check(r, "DELETE", false, "/files/conform-c1run", None).is_none());
        assert!(check(r, "DELETE", false, "/files/photos", None).is_some());
        assert!(check(
            r,
            "DELETE",
            false,
            "/data/bulk/Person?where=name%3D'x'",
            None
        )
        .is_some());
        assert!(check(
            r,
            "DELETE",
            false,
            "/data/bulk/Person?where=run%3D'c1run'",
            None
        )
        .is_none());
        let all = json!({"where": "1 = 1"});
        let ours = json!({"where": "run = 'c1run'"});
        assert!(check(r, "POST", false, "/data/bulk/Person/delete", Some(all)).is_some());
        assert!(check(r, "POST", false, "/data/bulk/Person/delete", Some(ours)).is_none());
        assert!(check(r, "POST", false, "/data/bulk/Tc1run/delete", None).is_none());
        assert!(check(r, "PUT", false, "/data/bulk/Person", Some(json!({"n": 1}))).is_some());
        assert!(check(r, "POST", false, "/data/Person", Some(json!({"n": 1}))).is_none());
        assert!(check(r, "DELETE", true, "/APP/console/data/tables/Users", None).is_some());
        assert!(check(r, "PUT", true, "/APP/console/data/tables/Users", None).is_some());
        assert!(check(r, "DELETE", true, "/APP/console/data/tables/Tc1run", None).is_none());
        assert!(check(
            r,
            "PUT",
            true,
            "/APP/console/data/tables/Tc1run/columns/a",
            None
        )
        .is_none());
        assert!(check(r, "PUT", true, "/APP/console/userregistration", None).is_some());
        assert!(check(r, "POST", true, "/APP/console/userlogin/logout/all", None).is_some());
        assert!(check(r, "DELETE", true, "/APP/console/application", None).is_some());
        assert!(check(r, "DELETE", true, "/MADE-1/console/application", None).is_none());
        assert!(check(r, "PUT", true, "/MADE-1/console/application", None).is_none());
        assert!(check(r, "PUT", true, "/APP/console/security/roles/Rc1run", None).is_none());
        assert!(check(r, "PUT", true, "/APP/console/security/roles/Admin", None).is_some());
        assert!(check(r, "POST", true, "/console/devreg", None).is_some());
        assert!(check(r, "POST", true, "/console/home/login", None).is_none());
        // A captured value stands for something the run made.
        assert!(check(r, "DELETE", false, "/data/Users/{{userId}}", None).is_none());
    }

    #[test]
    fn allow_destructive_lifts_every_refusal() {
        let created = |_: &str| false;
        let scope = Scope {
            kind: Kind::Real,
            allow_destructive: true,
            run: "r",
            app_id: "A",
            created: &created,
        };
        let req = Planned {
            method: "DELETE",
            server: false,
            path: "/files/x",
            where_query: None,
            json: None,
        };
        assert!(refusal(&scope, &req).is_none());
    }
}
