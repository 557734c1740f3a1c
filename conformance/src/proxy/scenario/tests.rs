use super::*;
use crate::proxy::apps::App;
use crate::proxy::captures::var_base;

const APP: &str = "AAAAAAAA-0000-4000-8000-00000000000A";
const REST: &str = "BBBBBBBB-0000-4000-8000-00000000000B";
const JS: &str = "CCCCCCCC-0000-4000-8000-00000000000C";
const USER: &str = "DDDDDDDD-0000-4000-8000-00000000000D";
const TOKEN: &str = "EEEEEEEE-0000-4000-8000-00000000000E";

fn apps() -> Apps {
    let mut apps = Apps::default();
    apps.add(App {
        id: APP.into(),
        keys: vec![(REST.into(), KeyChoice::Rest), (JS.into(), KeyChoice::Js)],
        complete: true,
        default: true,
    });
    apps
}

fn exchange(
    seq: u64,
    method: &str,
    target: &str,
    body: &str,
    status: u16,
    answer: Value,
) -> Exchange {
    Exchange {
        seq,
        started: 0,
        span: (seq * 10, seq * 10 + 5),
        method: method.into(),
        target: target.into(),
        request_headers: if body.is_empty() {
            Vec::new()
        } else {
            vec![("content-type".into(), "application/json".into())]
        },
        request_body: body.as_bytes().to_vec(),
        status,
        response_headers: vec![("content-type".into(), "application/json".into())],
        response_body: answer.to_string().into_bytes(),
    }
}

fn upstream() -> Upstream {
    Upstream {
        base: "http://up.test".into(),
        host: "up.test".into(),
        real: true,
        control_token: Some("CONTROL-SECRET".into()),
    }
}

fn session() -> Vec<Exchange> {
    let user = json!({"objectId": USER, "email": "a@x.test", "created": 5, "___class": "Users"});
    let mut login = user.clone();
    login["user-token"] = Value::from(TOKEN);
    let mut with_token = exchange(
        3,
        "GET",
        &format!("/{APP}/{JS}/data/Users/{USER}?props=email"),
        "",
        200,
        user.clone(),
    );
    with_token
        .request_headers
        .push(("user-token".into(), TOKEN.into()));
    with_token
        .request_headers
        .push(("user-agent".into(), "sdk".into()));
    let mut stale = exchange(
        4,
        "GET",
        &format!("/{APP}/{REST}/users/isvalidusertoken/x"),
        "",
        200,
        json!(true),
    );
    stale
        .request_headers
        .push(("user-token".into(), "OLD-TOKEN-OF-SOMEONE".into()));
    let mut binary = exchange(
        6,
        "PUT",
        &format!("/{APP}/{REST}/files/binary/a.bin"),
        "",
        200,
        json!("http://up.test/f"),
    );
    binary.request_headers = vec![("content-type".into(), "application/octet-stream".into())];
    binary.request_body = vec![0, 159, 146, 150];
    vec![
        exchange(
            1,
            "POST",
            &format!("/{APP}/{REST}/users/register"),
            r#"{"email":"a@x.test","password":"pw"}"#,
            200,
            user,
        ),
        exchange(
            2,
            "POST",
            &format!("/{APP}/{REST}/users/login"),
            r#"{"login":"a@x.test","password":"pw"}"#,
            200,
            login,
        ),
        with_token,
        stale,
        exchange(
            5,
            "PUT",
            &format!("/_emulator/apps/{APP}/clock"),
            r#"{"advance":1000}"#,
            200,
            json!({"now": 9}),
        ),
        binary,
        exchange(
            7,
            "GET",
            "/FFFFFFFF-0000-4000-8000-00000000000F/BBBBBBBB-0000-4000-8000-0000000000FF/data/T",
            "",
            200,
            json!([]),
        ),
        exchange(
            8,
            "GET",
            &format!("/{APP}/00000000-0000-4000-8000-000000000000/users/userclassprops"),
            "",
            400,
            json!({"code": 2002, "message": "wrong", "errorData": {}}),
        ),
        exchange(
            9,
            "GET",
            &format!("/{APP}/{REST}/counters/shop?/list"),
            "",
            200,
            json!(["shop1"]),
        ),
        exchange(
            10,
            "DELETE",
            &format!("/{APP}/{REST}/data/Users/{USER}"),
            "",
            200,
            json!({"deletionTime": 7}),
        ),
        exchange(
            11,
            "GET",
            &format!("/{APP}/{REST}/data/T/{USER}?property=a&property=b"),
            "",
            200,
            json!({}),
        ),
    ]
}

#[test]
fn a_session_becomes_a_replayable_scenario() {
    let r = record(&session(), &mut apps(), &upstream(), "2026-12-02");
    let steps = r.scenario["steps"].as_array().expect("steps");
    assert_eq!(r.left_out, 1, "the other app's request");
    assert_eq!(steps.len(), 10);
    assert_eq!(
        steps[9]["request"]["path"], "/data/T/{{objectId1}}?property=a&property=b",
        "a repeated parameter keeps the query in the path"
    );
    assert_eq!(steps[0]["request"]["path"], "/users/register");
    assert_eq!(steps[0]["capture"]["/objectId"], "objectId1");
    assert_eq!(steps[1]["capture"]["/user-token"], "userToken1");
    let find = &steps[2]["request"];
    assert_eq!(find["path"], "/data/Users/{{objectId1}}");
    assert_eq!(find["key"], "js");
    assert_eq!(find["query"]["props"], "email");
    assert_eq!(find["headers"]["user-token"], "{{userToken1}}");
    assert!(find["headers"].get("user-agent").is_none());
    assert_eq!(steps[3]["request"]["headers"]["user-token"], "<redacted>");
    assert_eq!(steps[4]["request"]["root"], "server");
    assert_eq!(
        steps[4]["request"]["path"],
        "/_emulator/apps/{{appId}}/clock"
    );
    assert_eq!(steps[5]["request"]["base64"], "AJ+Slg==");
    assert_eq!(
        steps[5]["request"]["headers"]["content-type"],
        "application/octet-stream"
    );
    assert_eq!(steps[6]["request"]["key"], "invalid");
    assert_eq!(steps[6]["expect"]["error"], 2002);
    assert_eq!(steps[7]["request"]["path"], "/counters/shop?/list");
    assert_eq!(steps[8]["request"]["path"], "/data/Users/{{objectId1}}");
    assert_eq!(
        steps[8]["expect"]["normalized"],
        json!({"deletionTime": "<time>"})
    );
    assert_eq!(
        steps[2]["expect"]["normalized"]["objectId"], steps[0]["expect"]["normalized"]["objectId"],
        "the same id, the same placeholder"
    );
    assert_eq!(
        r.scenario["provenance"],
        json!({"validated": "2026-12-02", "host": "up.test"})
    );
    assert_eq!(
        r.scenario["requires"],
        json!(["control", "counters", "data", "files", "users"])
    );
}

#[test]
fn the_scenario_loads_and_nothing_written_holds_a_credential() {
    let r = record(&session(), &mut apps(), &upstream(), "2026-12-02");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("session-001.json");
    std::fs::write(&path, r.scenario.to_string()).expect("written");
    crate::scenario::load_file(&path, "proxy/session-001").expect("a valid scenario");
    for text in [r.scenario.to_string(), r.transcript.clone()] {
        for secret in [
            APP,
            REST,
            JS,
            TOKEN,
            "OLD-TOKEN-OF-SOMEONE",
            "CONTROL-SECRET",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert_eq!(
        r.transcript.lines().count(),
        11,
        "every exchange, also the left-out one"
    );
    assert!(r.transcript.contains("\"leftOut\":\"another app\""));
}

#[test]
fn a_request_overlapping_a_write_is_held_to_its_status() {
    let mut exchanges = vec![
        exchange(
            1,
            "PUT",
            &format!("/{APP}/{REST}/counters/c/increment/get"),
            "",
            200,
            json!(1),
        ),
        exchange(
            2,
            "GET",
            &format!("/{APP}/{REST}/counters/c"),
            "",
            200,
            json!(1),
        ),
        exchange(
            3,
            "GET",
            &format!("/{APP}/{REST}/counters/c"),
            "",
            200,
            json!(1),
        ),
    ];
    exchanges[0].span = (0, 100);
    exchanges[1].span = (50, 60);
    exchanges[2].span = (200, 210);

    let r = record(&exchanges, &mut apps(), &upstream(), "2026-12-02");

    let steps = r.scenario["steps"].as_array().expect("steps");
    assert!(
        steps[0].get("compare").is_none(),
        "a write overlapping a read is certain"
    );
    assert_eq!(steps[1]["compare"], "status");
    assert!(steps[1]["expect"].get("normalized").is_none());
    assert_eq!(steps[2]["expect"]["normalized"], 1);
}

#[test]
fn variable_names_come_from_the_field() {
    assert_eq!(var_base("/user-token"), "userToken");
    assert_eq!(var_base("/results/a/objectId"), "objectId");
    assert_eq!(var_base("/0"), "value");
    assert_eq!(var_base("header:auth-key"), "authKey");
}

#[test]
fn an_echoed_secret_is_redacted_in_the_expected_answer_as_in_the_request() {
    let answer = json!({"code": 3064, "message": "Not existing user token - not-a-token. Relogin", "n": [1]});
    let hidden = hide_echoes(answer, &["not-a-token", "ab"]);
    assert_eq!(
        hidden,
        json!({"code": 3064, "message": "Not existing user token - <redacted>. Relogin", "n": [1]})
    );
}

#[test]
fn times_a_request_sends_are_recorded_relative_to_the_servers() {
    let saved = json!({"objectId": USER, "created": 1_796_212_800_000_i64, "___class": "T"});
    let mut later = exchange(
        2,
        "PUT",
        &format!("/{APP}/{REST}/cache/k/expireAt?timestamp=1796212805000"),
        "",
        200,
        Value::Null,
    );
    later.span = (100, 105);
    let mut scheduled = exchange(
        3,
        "POST",
        &format!("/{APP}/{REST}/messaging/default"),
        r#"{"message":"m","publishAt":1796212863000}"#,
        200,
        json!({"status": "scheduled"}),
    );
    scheduled.span = (200, 205);
    scheduled
        .response_headers
        .push(("date".into(), "Wed, 02 Dec 2026 12:01:00 GMT".into()));
    let session = vec![
        exchange(
            1,
            "POST",
            &format!("/{APP}/{REST}/data/T"),
            "{}",
            200,
            saved,
        ),
        later,
        scheduled,
    ];

    let rec = record(&session, &mut apps(), &upstream(), "2026-12-02");

    let steps = rec.scenario["steps"].as_array().expect("steps");
    assert_eq!(steps[1]["request"]["query"]["timestamp"], "{{time+5000}}");
    // No generated time since the save's; the Date header is the real app's clock.
    assert_eq!(steps[2]["request"]["json"]["publishAt"], "{{time+63000}}");
    let mut emulator = upstream();
    emulator.real = false;
    let session: Vec<Exchange> = session.into_iter().skip(2).collect();
    let rec = record(&session, &mut apps(), &upstream(), "2026-12-02");
    assert_eq!(
        rec.scenario["steps"][0]["request"]["json"]["publishAt"],
        "{{now+3000}}"
    );
    let rec = record(&session, &mut apps(), &emulator, "2026-12-02");
    assert_eq!(
        rec.scenario["steps"][0]["request"]["json"]["publishAt"], 1_796_212_863_000_i64,
        "an emulator's Date header is not its apps' clock"
    );
}

#[test]
fn a_refused_token_is_redacted_in_the_request_and_in_the_answer_that_names_it() {
    let mut refused = exchange(
        1,
        "GET",
        &format!("/{APP}/{REST}/data/Users/{USER}"),
        "",
        400,
        json!({"code": 3064, "message": "Not existing user token - not-a-token. Relogin user to update your user token"}),
    );
    refused
        .request_headers
        .push(("user-token".into(), "not-a-token".into()));
    let mut live = exchange(
        2,
        "GET",
        &format!("/{APP}/{REST}/users/me"),
        "",
        200,
        json!({}),
    );
    live.span = (100, 105);
    live.request_headers
        .push(("user-token".into(), "LIVE-TOKEN-123".into()));

    let rec = record(&[refused, live], &mut apps(), &upstream(), "2026-12-02");

    let steps = rec.scenario["steps"].as_array().expect("steps");
    // A refused token may be a real one that expired: never kept, its echo hidden alike.
    assert_eq!(steps[0]["request"]["headers"]["user-token"], "<redacted>");
    assert_eq!(
        steps[0]["expect"]["normalized"]["message"],
        "Not existing user token - <redacted>. Relogin user to update your user token"
    );
    assert_eq!(steps[1]["request"]["headers"]["user-token"], "<redacted>");
}
