//! Behaviours the official JS SDK (`backendless@8.0.0`) relies on, each from the SDK source line
//! named in its test (the README's Fidelity section lists them).

mod common;

use reqwest::Method;
use serde_json::{json, Value};

/// `src/commerce/index.js` and `src/automations/index.js` (URLs from `src/urls.js`): every call
/// reaches a handler and answers 99000 naming the feature, not an unknown route.
#[tokio::test]
async fn commerce_and_automations_answer_99000_naming_the_feature() {
    let s = common::start().await;
    let calls = [
        (
            Method::GET,
            "/commerce/googleplay/validate/pkg/inapp/prod/purchases/tok",
            "Commerce",
        ),
        (
            Method::GET,
            "/commerce/googleplay/pkg/subscription/sub/purchases/tok",
            "Commerce",
        ),
        (
            Method::POST,
            "/commerce/googleplay/pkg/subscription/sub/purchases/tok/cancel",
            "Commerce",
        ),
        (
            Method::POST,
            "/automation/flow/activate-by-name",
            "Automations",
        ),
        (
            Method::POST,
            "/automation/flow/trigger/activate-by-name",
            "Automations",
        ),
        (Method::POST, "/automation/flow/f1/activate", "Automations"),
        (
            Method::POST,
            "/automation/flow/f1/trigger/t1/activate",
            "Automations",
        ),
        (
            Method::GET,
            "/automation/flow/execution-context/e1",
            "Automations",
        ),
    ];
    for (method, path, feature) in calls {
        let reply = s
            .call(method.clone(), path)
            .json(serde_json::json!({}))
            .send()
            .await;
        reply.assert_error(99000, 400);
        let message = reply.body["message"].as_str().unwrap_or_default();
        assert!(message.starts_with(feature), "{method} {path}: {message}");
    }
}

/// `src/messaging/helpers/email-envelope.js` `toJSON` sends `EmailEnvelope.setQuery` as
/// `criteria`: the template goes to the emails of the Users it selects, instead of `addresses`;
/// a bad clause answers the find's own error.
#[tokio::test]
async fn templated_email_criteria_selects_the_recipients_among_users() {
    let s = common::start().await;
    for (email, name) in [
        ("ann@x.io", "ann"),
        ("bob@x.io", "bob"),
        ("cid@x.io", "cid"),
    ] {
        s.post("/users/register")
            .json(json!({"email": email, "password": "pw", "name": name}))
            .send()
            .await
            .ok();
    }
    s.control(Method::PUT, "/email-templates/news")
        .json(json!({"subject": "News for {who}", "textmessage": "Hello"}))
        .send()
        .await
        .ok();
    let status = s
        .post("/emailtemplate/send")
        .json(json!({"template-name": "news", "criteria": "name != 'cid'",
            "addresses": ["ignored@x.io"], "bcc-addresses": ["audit@x.io"],
            "uniqueEmails": false, "template-values": {"who": "members"}}))
        .send()
        .await
        .ok();
    assert_eq!(status["status"], json!("scheduled"));
    let sent: Vec<Value> = s
        .outbox()
        .await
        .into_iter()
        .filter(|m| m["subject"] == json!("News for members"))
        .collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["to"], json!(["ann@x.io", "bob@x.io"]));
    assert_eq!(sent[0]["data"]["bcc"], json!(["audit@x.io"]));
    s.post("/emailtemplate/send")
        .json(json!({"template-name": "news", "criteria": "nickname = 'x'"}))
        .send()
        .await
        .assert_error(1017, 400);
    s.post("/emailtemplate/send")
        .json(json!({"template-name": "news", "criteria": 7}))
        .send()
        .await
        .assert_error(8002, 400);
}
