use super::*;
use crate::report::Validation;

fn report(date: &str, target: &str, kind: &str, login: Tally) -> Report {
    let mut r = Report::new(vec![target.into()]);
    r.date = date.into();
    r.validated.push(Validation {
        target: target.into(),
        kind: kind.into(),
        operations: BTreeMap::from([("users.login (U2/U3)".to_string(), login)]),
        codes: BTreeMap::from([(
            3003,
            Tally {
                steps: 2,
                passed: 2,
            },
        )]),
    });
    r
}

#[test]
fn the_latest_run_per_target_fills_the_cell() {
    let reports = [
        report(
            "2026-11-01",
            "api.backendless.com",
            "app",
            Tally {
                steps: 4,
                passed: 4,
            },
        ),
        report(
            "2026-12-01",
            "api.backendless.com",
            "app",
            Tally {
                steps: 4,
                passed: 3,
            },
        ),
        report(
            "2026-12-02",
            "emulator",
            "in-process emulator",
            Tally {
                steps: 4,
                passed: 4,
            },
        ),
    ];

    let page = build(&reports, &[]);
    let text = markdown(&page);

    let login = text
        .lines()
        .find(|l| l.starts_with("| users.login (U2/U3) |"))
        .expect("row");
    assert!(login.contains("✗ 3/4 · 2026-12-01"), "{login}");
    assert!(login.contains("✓ 4/4 · 2026-12-02"), "{login}");
    assert!(text.contains("| 3003 |"), "every documented code has a row");
    assert!(text
        .lines()
        .any(|l| l.starts_with("| users.register (U1) |") && l.contains("—")));
    assert!(text.contains("api.backendless.com (app): 0 operations validated, 1 with failures"));
    let page_html = html(&page);
    assert!(
        page_html.contains("<td class=\"bad\">✗ 3/4 · 2026-12-01</td>"),
        "{page_html}"
    );
}

#[test]
fn a_validated_scenario_vouches_for_its_operations() {
    let scenario: Scenario = serde_json::from_value(serde_json::json!({
        "name": "users/login-success",
        "provenance": {"validated": "2026-10-10", "host": "eu.backendless.com"},
        "steps": [{"name": "login", "request": {"method": "POST", "path": "/users/login"}}]
    }))
    .expect("scenario");

    let text = markdown(&build(&[], &[scenario]));

    let login = text
        .lines()
        .find(|l| l.starts_with("| users.login (U2/U3) |"))
        .expect("row");
    assert!(
        login.contains("✓ 2026-10-10 (scenario provenance)"),
        "{login}"
    );
    assert!(text.contains("| users/login-success | validated 2026-10-10 on eu.backendless.com |"));
}
