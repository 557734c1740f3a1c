//! `run --dry-run`: every request a run would send, scenario by scenario, with the skip reasons,
//! sending nothing but one `GET /_emulator/health` per target (to learn whether it is an
//! emulator, which decides what is skipped). Credentials show as `<appId>`, `<apiKey>`, ...;
//! values a step would capture show as `{{name}}`.

use std::fmt::Write;

use crate::cli::targets::Targets;
use crate::exec::render_request;
use crate::run::skip_reason;
use crate::scenario::vars::Vars;
use crate::scenario::Scenario;
use crate::target::{Body, Kind, Target};

/// The plan of a run of `scenarios` on the targets, as text.
pub async fn plan(scenarios: &[Scenario], targets: &Targets, run: &str) -> Result<String, String> {
    let mut planned = vec![Target::planned(&targets.left(run)).await?];
    if let Some(spec) = targets.right(run) {
        planned.push(Target::planned(&spec).await?);
    }
    let mut out = String::new();
    let mut sent = 0;
    for target in &planned {
        let _ = writeln!(
            out,
            "target {} ({}), run token {run}",
            target.label,
            target.kind.label()
        );
        if target.kind == Kind::Emulator {
            let _ = writeln!(
                out,
                "  POST {}/_emulator/apps {{\"name\":\"conform-{run}\"}}  (the run's throwaway app)",
                target.shown_base()
            );
            sent += 1;
        }
        let mut skipped = 0;
        for scenario in scenarios {
            if let Some(reason) = skip_reason(scenario, target) {
                let _ = writeln!(out, "SKIP {}: {reason}", scenario.name);
                skipped += 1;
                continue;
            }
            let _ = writeln!(out, "scenario {}", scenario.name);
            let mut vars = Vars::lenient(run, target.app_id());
            for (name, template) in &scenario.vars {
                if let Ok(v) = vars.render(template) {
                    vars.set(name, v);
                }
            }
            for (phase, step) in scenario.phases() {
                let Ok(request) = render_request(step, &mut vars) else {
                    continue;
                };
                let mut line = format!(
                    "  {phase:?} {}: {} {}",
                    step.name,
                    request.method,
                    target.shown_url(&request)
                );
                if !request.query.is_empty() {
                    let query: Vec<String> = request
                        .query
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect();
                    let _ = write!(line, "?{}", query.join("&"));
                }
                match &request.body {
                    Body::Empty => {}
                    Body::Json(v) => {
                        let _ = write!(line, " {}", target.redact(&v.to_string()));
                    }
                    Body::Text(t) => {
                        let _ = write!(line, " (text, {} bytes)", t.len());
                    }
                    Body::Bytes(b) => {
                        let _ = write!(line, " (bytes, {})", b.len());
                    }
                    Body::Multipart(parts) => {
                        let _ = write!(line, " (multipart, {} parts)", parts.len());
                    }
                }
                let _ = writeln!(out, "{line}");
                sent += 1;
            }
        }
        if target.kind == Kind::Emulator {
            let _ = writeln!(
                out,
                "  DELETE {}/_emulator/apps/<appId>  (the throwaway app)",
                target.shown_base()
            );
            sent += 1;
        }
        let _ = writeln!(
            out,
            "{} scenarios would run on {}, {skipped} skipped",
            scenarios.len() - skipped,
            target.label
        );
    }
    let _ = writeln!(out, "dry run: {sent} requests planned, none sent");
    Ok(out)
}
