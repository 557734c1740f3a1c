//! Behaviours the official JS SDK (`backendless@8.0.0`) relies on, each from the SDK source line
//! named in its test (the README's Fidelity section lists them).

mod common;

use reqwest::Method;

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
