//! Running one scenario on one target: render each request with the scenario's variables, send
//! it, capture, check expectations and the response schema, and keep the normalised transcript.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::cancel::Cancel;
use crate::generated::marks;
use crate::matchers::check;
use crate::normalize::Normalizer;
use crate::operations::describe;
use crate::relations::TimeChecks;
use crate::scenario::vars::{MissingVar, Vars};
use crate::scenario::{Compare, Expect, Phase, Root, Scenario, Step};
use crate::schemas::validate;
use crate::target::{url_path, Body, HttpRequest, Target};

/// One step as it ran, normalised (what diffs and recordings compare).
#[derive(Debug, Clone)]
pub struct StepRecord {
    /// Step name.
    pub step: String,
    /// The documented operation.
    pub operation: String,
    /// `METHOD /normalised/path`.
    pub request: String,
    /// HTTP status (0 when the request could not be sent).
    pub status: u16,
    /// Normalised body.
    pub body: Value,
}

/// A step whose checks failed on one target.
#[derive(Debug, Clone, Serialize)]
pub struct StepFailure {
    /// Step name.
    pub step: String,
    /// The documented operation.
    pub operation: String,
    /// What went wrong (redacted).
    pub messages: Vec<String>,
}

/// A scenario's run on one target.
#[derive(Debug, Clone, Default)]
pub struct SideRun {
    /// Every step, in order.
    pub records: Vec<StepRecord>,
    /// Failed checks.
    pub failures: Vec<StepFailure>,
    /// `(error code, passed)` for every step that expected an error code.
    pub codes: Vec<(u32, bool)>,
    /// Raw answer bodies in step order (never reported: they may hold credentials; the
    /// normaliser's mutation test replays them).
    pub raw: Vec<Value>,
    /// Steps were left out because the run was interrupted.
    pub interrupted: bool,
}

impl SideRun {
    /// The transcript: `{stepName: {operation, request, status, body}}`.
    pub fn transcript(&self) -> Value {
        let mut steps = Map::new();
        for r in &self.records {
            steps.insert(
                r.step.clone(),
                serde_json::json!({"operation": r.operation, "request": r.request, "status": r.status, "body": r.body}),
            );
        }
        Value::Object(steps)
    }
}

/// Run `scenario` on `target` with the run token `run`.
pub async fn run_scenario(scenario: &Scenario, target: &Target, run: &str) -> SideRun {
    run_scenario_until(scenario, target, run, &Cancel::default()).await
}

/// Run `scenario`, skipping the steps left once `cancel` is set, except the teardown, which
/// always runs.
pub async fn run_scenario_until(
    scenario: &Scenario,
    target: &Target,
    run: &str,
    cancel: &Cancel,
) -> SideRun {
    let mut vars = Vars::new(run, target.app_id());
    let norm = Normalizer::new(target.secrets(), run);
    let mut times = TimeChecks::new(target.clock_tolerance());
    times.window(target.clock_now().await);
    let mut side = SideRun::default();
    for (name, template) in &scenario.vars {
        match vars.render(template) {
            Ok(v) => vars.set(name, v),
            Err(e) => side.failures.push(StepFailure {
                step: format!("let {name}"),
                operation: String::new(),
                messages: vec![e.to_string()],
            }),
        }
    }
    let mut state = State { vars, norm, times };
    for (phase, step) in scenario.phases() {
        if cancel.is_cancelled() && phase != Phase::Teardown {
            side.interrupted = true;
            continue;
        }
        run_step(phase, step, target, &mut state, &mut side).await;
    }
    side
}

/// What a scenario carries from step to step on one target.
struct State {
    vars: Vars,
    norm: Normalizer,
    times: TimeChecks,
}

async fn run_step(
    phase: Phase,
    step: &Step,
    target: &Target,
    state: &mut State,
    side: &mut SideRun,
) {
    let State { vars, norm, times } = state;
    if serde_json::to_string(&step.request).is_ok_and(|r| r.contains("{{now")) {
        if let Some(now) = target.clock_now().await {
            vars.set("now", Value::from(now));
            vars.set("nowSeconds", Value::from(now.div_euclid(1000)));
        }
    }
    let rendered = render_request(step, vars);
    // A path that is one captured link (`{{link}}`, an absolute URL from an outbox email) is
    // named after the URL it holds, not after the placeholder.
    let (operation, documented) = match &rendered {
        Ok(r) if step.request.path.starts_with("{{") => describe(&r.method, url_path(&r.path)),
        _ => describe(&step.request.method, &step.request.path),
    };
    let fail = |side: &mut SideRun, norm: &Normalizer, messages: Vec<String>| {
        if !messages.is_empty() {
            side.failures.push(StepFailure {
                step: step.name.clone(),
                operation: operation.clone(),
                messages: messages.iter().map(|m| norm.redact(m)).collect(),
            });
        }
    };
    let request = match rendered {
        Ok(r) => r,
        Err(e) => {
            fail(side, norm, vec![e.to_string()]);
            return;
        }
    };
    let shown_request = format!("{} {}", request.method, norm.string(&request.path));
    let sent = target.send(&request).await;
    let control = request.root == Root::Server && request.path.contains("/_emulator/");
    if control && request.method != "GET" {
        // A control-plane write may move the app's clock: times are compared from here on.
        times.window(target.clock_now().await);
    }
    let answer = match sent {
        Ok(a) => a,
        Err(e) => {
            fail(side, norm, vec![e]);
            side.records.push(StepRecord {
                step: step.name.clone(),
                operation,
                request: shown_request,
                status: 0,
                body: Value::Null,
            });
            return;
        }
    };
    let mut messages = Vec::new();
    for (pointer, var) in &step.capture {
        if let Some(name) = pointer.strip_prefix("header:") {
            match answer.headers.get(&name.to_ascii_lowercase()) {
                Some(v) => vars.set(var, Value::from(v.clone())),
                None => messages.push(format!(
                    "capture header '{name}' → {var}: not in the answer"
                )),
            }
            continue;
        }
        match answer.body.pointer(pointer) {
            Some(v) => vars.set(var, v.clone()),
            None => messages.push(format!("capture '{pointer}' → {var}: not in the answer")),
        }
    }
    match render_expect(&step.expect, vars) {
        Ok(_) if phase == Phase::Teardown => {
            if answer.status >= 500 {
                messages.push(format!("server error {}", answer.status));
            }
        }
        Ok(expect) => {
            let problems = check(&expect, &answer);
            if let Some(code) = expect.error {
                side.codes.push((code, problems.is_empty()));
            }
            messages.extend(problems);
        }
        Err(e) => messages.push(e.to_string()),
    }
    let schema = documented.and_then(|op| op.schema);
    if let Err(e) = validate(schema, answer.status, &answer.body) {
        messages.push(e);
    }
    let found = marks().find(schema.filter(|_| answer.status < 300), &answer.body);
    if let Some(latest) = latest_time(&answer.body, &found) {
        vars.set("time", Value::from(latest));
        vars.set("timeSeconds", Value::from(latest.div_euclid(1000)));
    }
    // The window is the clock of the scenario's app; a server-root call that names no app (the
    // console's `/console/applications`) answers about other apps, whose emulator clocks are
    // their own.
    let own_app = request.root == Root::App || request.path.contains(target.app_id());
    if phase != Phase::Teardown && !control && own_app {
        messages.extend(times.check(request.method != "GET", &answer.body, &found));
    }
    // A status-only step is not normalised unless its expectation needs it: its body is
    // target-specific, and numbering its ids would shift the placeholders of later steps.
    let recorded = step.expect.normalized.as_ref();
    let normalized = (step.compare == Compare::Full || recorded.is_some())
        .then(|| norm.answer(&answer.body, &found));
    if let (Some(expected), Some(got), true) = (recorded, &normalized, phase != Phase::Teardown) {
        messages.extend(crate::diff::diff("", got, expected).into_iter().map(|d| {
            format!(
                "normalised answer differs at '{}': got {}, recorded {}",
                d.path, d.left, d.right
            )
        }));
    }
    fail(side, norm, messages);
    side.raw.push(answer.body.clone());
    side.records.push(StepRecord {
        step: step.name.clone(),
        operation,
        request: shown_request,
        status: answer.status,
        body: match step.compare {
            Compare::Full => normalized.unwrap_or_default(),
            Compare::Status => Value::from("<not compared>"),
        },
    });
}

/// The latest generated time in an answer (what `{{time}}` stands for after it).
pub fn latest_time(
    body: &Value,
    found: &std::collections::BTreeMap<String, crate::generated::Kind>,
) -> Option<i64> {
    found
        .iter()
        .filter(|(_, k)| **k == crate::generated::Kind::Time)
        .filter_map(|(p, _)| body.pointer(p).and_then(Value::as_i64))
        .max()
}

/// A step's request with its variables filled in.
pub fn render_request(step: &Step, vars: &mut Vars) -> Result<HttpRequest, MissingVar> {
    let r = &step.request;
    let mut query = std::collections::BTreeMap::new();
    for (k, v) in &r.query {
        query.insert(k.clone(), vars.render_str(v)?);
    }
    let mut headers = std::collections::BTreeMap::new();
    for (k, v) in &r.headers {
        headers.insert(k.clone(), vars.render_str(v)?);
    }
    let body = if let Some(json) = &r.json {
        Body::Json(vars.render(json)?)
    } else if let Some(text) = &r.text {
        Body::Text(vars.render_str(text)?)
    } else if let Some(encoded) = &r.base64 {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| MissingVar(format!("base64 body: {e}")))?;
        Body::Bytes(bytes)
    } else if let Some(parts) = &r.multipart {
        let mut out = Vec::new();
        for p in parts {
            let mut p = p.clone();
            p.text = vars.render_str(&p.text)?;
            if let Some(f) = &p.filename {
                p.filename = Some(vars.render_str(f)?);
            }
            out.push(p);
        }
        Body::Multipart(out)
    } else {
        Body::Empty
    };
    Ok(HttpRequest {
        method: r.method.to_ascii_uppercase(),
        path: vars.render_str(&r.path)?,
        root: r.root,
        key: r.key,
        query,
        headers,
        body,
    })
}

fn render_expect(e: &Expect, vars: &mut Vars) -> Result<Expect, MissingVar> {
    let mut out = e.clone();
    if let Some(b) = &e.body {
        out.body = Some(vars.render(b)?);
    }
    if let Some(s) = &e.subset {
        out.subset = Some(vars.render(s)?);
    }
    for pattern in out.regex.values_mut() {
        *pattern = vars.render_str(pattern)?;
    }
    for range in out.range.values_mut() {
        for bound in [&mut range.min, &mut range.max].into_iter().flatten() {
            *bound = vars.render(bound)?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::name_of;

    #[test]
    fn a_link_is_named_after_its_path() {
        assert_eq!(
            url_path("http://127.0.0.1:9000/_emulator/apps/A/password-reset/T"),
            "/_emulator/apps/A/password-reset/T"
        );
        assert_eq!(url_path("https://host"), "/");
        assert_eq!(url_path("/users/login"), "/users/login");
        assert_eq!(
            name_of(
                "POST",
                url_path("http://h/_emulator/apps/A/password-reset/T")
            ),
            "control.password-reset"
        );
    }
}
