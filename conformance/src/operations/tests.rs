use super::*;

/// A request path matching `template`: parameters become `p0`, `p1`, ..., a `{..}` two segments.
fn sample(template: &str) -> String {
    segments(template)
        .iter()
        .enumerate()
        .map(|(i, s)| match *s {
            "{..}" => "p/q".to_string(),
            s if s.starts_with('{') => format!("p{i}"),
            s => s.to_string(),
        })
        .fold(String::new(), |path, s| path + "/" + &s)
}

#[test]
fn the_catalogue_loads() {
    let ops = load().expect("specs/operations.json loads");
    assert!(ops.iter().filter(|o| o.status != "group").count() > 300);
}

#[test]
fn specific_templates_win_over_general_ones() {
    assert_eq!(
        name_of("POST", "/users/register/guest"),
        "users.register-guest (U4)"
    );
    assert_eq!(
        name_of("PUT", "/users/ABC/status"),
        "users.set-status (U15)"
    );
    assert_eq!(name_of("PUT", "/users/ABC"), "users.update (U8)");
    assert_eq!(
        name_of("GET", "/data/Person/properties"),
        "data.describe (D20)"
    );
    assert_eq!(
        name_of("GET", "/data/Person/X1?props=a"),
        "data.find-by-id (D4)"
    );
    assert_eq!(
        name_of("PUT", "/files/append/a/b.txt"),
        "files.append (F14-F17)"
    );
    assert_eq!(
        name_of("GET", "/hive/h/key-value/keys"),
        "hive.key-value",
        "general key listing, not K1 on a key named 'keys'"
    );
    assert_eq!(
        identify("GET", "/hive/h/list/keys").map(|o| o.name),
        Some("hive.keys")
    );
    assert_eq!(
        identify("GET", "/a1/console/files/directory/view/d/e/count").map(|o| o.name),
        Some("files.console-directory-count")
    );
}

#[test]
fn unknown_requests_get_a_readable_name() {
    assert_eq!(name_of("GET", "/nope/x/y"), "GET /nope/x (undocumented)");
}

#[test]
fn every_operation_is_reachable_by_its_own_template() {
    for op in operations().iter().filter(|o| o.status != "group") {
        let path = sample(op.template);
        let found = identify(op.method, &path).map(|o| (o.method, o.template));
        assert_eq!(
            found,
            Some((op.method, op.template)),
            "{} {path} ({})",
            op.method,
            op.name
        );
    }
}

#[test]
fn report_groups_keep_naming_what_they_named() {
    // DELETE /hive/{h}/key-value is G2 (delete keys) in the catalogue, no longer "K2/K4".
    let renamed = [("DELETE", "/hive/{h}/key-value")];
    for (name, method, template) in REPORT_GROUPS {
        let methods = match *method {
            "*" => vec!["GET", "POST", "PUT", "DELETE"],
            m => vec![m],
        };
        for m in methods {
            if renamed.contains(&(m, template)) {
                continue;
            }
            assert_eq!(name_of(m, &sample(template)), *name, "{m} {template}");
        }
    }
}

#[test]
fn recorded_transcripts_keep_their_operation_names() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/recorded");
    let mut checked = 0;
    let mut dirs = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixtures/recorded is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("fixture is readable");
            let value: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
            for (step, rec) in value["steps"].as_object().into_iter().flatten() {
                let (Some(request), Some(recorded)) =
                    (rec["request"].as_str(), rec["operation"].as_str())
                else {
                    continue;
                };
                let (method, target) = request.split_once(' ').unwrap_or((request, ""));
                if !target.starts_with('/') {
                    continue; // a normalised absolute link (`<url:1>`), named from the raw URL
                }
                assert_eq!(
                    name_of(method, target),
                    recorded,
                    "{}: step {step} ({request})",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "only {checked} recorded steps found");
}
