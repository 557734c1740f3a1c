//! Permissions on the data service (security.md §2-§4): the grant/deny endpoints for users and
//! roles, enforcement on every operation, owner policy and global role permissions (set through
//! the control plane), and the refusal codes.

mod common;

use reqwest::Method;
use serde_json::{json, Value};

fn id(v: &Value) -> String {
    v["objectId"].as_str().expect("objectId").to_string()
}

#[tokio::test]
async fn object_and_table_permission_endpoints_validate_their_input() {
    let s = common::start().await;
    let o = s
        .post("/data/Note")
        .json(json!({"t": "a"}))
        .send()
        .await
        .ok();
    let oid = id(&o);
    for access in ["GRANT", "DENY", "grant"] {
        for body in [
            json!({"permission": "FIND", "user": "*"}),
            json!({"permission": "UPDATE", "role": "AuthenticatedUser"}),
            json!({"permission": "REMOVE", "role": "*"}),
        ] {
            let reply = s
                .put(&format!("/data/Note/permissions/{access}/{oid}"))
                .json(body.clone())
                .send()
                .await;
            assert_eq!(reply.status, 200, "{}", reply.body);
            assert_eq!(reply.body, Value::Null);
            s.put(&format!("/data/Note/permissions/{access}"))
                .json(body)
                .send()
                .await
                .ok();
        }
    }
    let put = |path: String, body: Value| s.put(&path).json(body);
    put(
        format!("/data/Note/permissions/GRANT/{oid}"),
        json!({"permission": "FLY", "user": "*"}),
    )
    .send()
    .await
    .assert_error(1024, 400);
    put(
        format!("/data/Note/permissions/MAYBE/{oid}"),
        json!({"permission": "FIND", "user": "*"}),
    )
    .send()
    .await
    .assert_error(1024, 400);
    put(
        format!("/data/Note/permissions/GRANT/{oid}"),
        json!({"permission": "FIND"}),
    )
    .send()
    .await
    .assert_error(1024, 400);
    put(
        format!("/data/Note/permissions/GRANT/{oid}"),
        json!({"permission": "FIND", "role": "Ghosts"}),
    )
    .send()
    .await
    .assert_error(2005, 400);
    put(
        format!("/data/Note/permissions/GRANT/{oid}"),
        json!({"permission": "FIND", "user": "nobody"}),
    )
    .send()
    .await
    .assert_error(1024, 400);
    put(
        "/data/Note/permissions/GRANT/missing".into(),
        json!({"permission": "FIND", "user": "*"}),
    )
    .send()
    .await
    .assert_error(1000, 400);
    put(
        "/data/Nope/permissions/GRANT".into(),
        json!({"permission": "FIND", "user": "*"}),
    )
    .send()
    .await
    .assert_error(1009, 400);
    put(
        "/data/Note/permissions/DENY".into(),
        json!({"permission": "PERMISSION", "role": "RestUser"}),
    )
    .send()
    .await
    .ok();
    put(
        "/data/Note/permissions/GRANT".into(),
        json!({"permission": "FIND", "role": "*"}),
    )
    .send()
    .await
    .assert_error(1023, 400);
}

#[tokio::test]
async fn every_operation_is_refused_with_its_code() {
    let s = common::start().await;
    let o = s
        .post("/data/Doc")
        .json(json!({"t": "a"}))
        .send()
        .await
        .ok();
    let oid = id(&o);
    s.post("/data/Kid").json(json!({"k": 1})).send().await.ok();
    s.post(&format!("/data/Doc/{oid}/kid:Kid:1"))
        .json(json!([]))
        .send()
        .await
        .ok();
    for perm in [
        "ADD",
        "UPDATE",
        "FIND",
        "REMOVE",
        "DESCRIBE",
        "LOAD_RELATIONS",
        "ADD_RELATION",
        "DELETE_RELATION",
        "UPSERT",
    ] {
        s.put("/data/Doc/permissions/DENY")
            .json(json!({"permission": perm, "role": "RestUser"}))
            .send()
            .await
            .ok();
    }
    s.post("/data/Doc")
        .json(json!({"t": "b"}))
        .send()
        .await
        .assert_error(1011, 400);
    s.post("/data/bulk/Doc")
        .json(json!([{"t": "b"}]))
        .send()
        .await
        .assert_error(1011, 400);
    s.put(&format!("/data/Doc/{oid}"))
        .json(json!({"t": "c"}))
        .send()
        .await
        .assert_error(1012, 400);
    s.get(&format!("/data/Doc/{oid}"))
        .send()
        .await
        .assert_error(1013, 400);
    s.get("/data/Doc").send().await.assert_error(1013, 400);
    s.get("/data/Doc/count")
        .send()
        .await
        .assert_error(1013, 400);
    s.delete(&format!("/data/Doc/{oid}"))
        .send()
        .await
        .assert_error(1014, 400);
    s.get("/data/Doc/properties")
        .send()
        .await
        .assert_error(1015, 400);
    s.get(&format!("/data/Doc/{oid}/kid"))
        .send()
        .await
        .assert_error(1134, 400);
    s.put(&format!("/data/Doc/{oid}/kid"))
        .json(json!([]))
        .send()
        .await
        .assert_error(1134, 400);
    s.delete(&format!("/data/Doc/{oid}/kid"))
        .json(json!([]))
        .send()
        .await
        .assert_error(1134, 400);
    s.put("/data/Doc/upsert")
        .json(json!({"objectId": oid}))
        .send()
        .await
        .assert_error(1134, 400);
    // Another key kind is not RestUser: the JS key's requests still pass.
    let js = s
        .call_with_key(
            backendless_emulator::KeyKind::Js,
            Method::GET,
            &format!("/data/Doc/{oid}"),
        )
        .send()
        .await
        .ok();
    assert_eq!(js["t"], "a");
}

#[tokio::test]
async fn denied_objects_are_left_out_of_collection_reads() {
    let s = common::start().await;
    let ids = s
        .post("/data/bulk/Item")
        .json(json!([{"n": 1}, {"n": 2}, {"n": 3}]))
        .send()
        .await
        .ok();
    let hidden = ids[1].as_str().expect("id").to_string();
    s.put(&format!("/data/Item/permissions/DENY/{hidden}"))
        .json(json!({"permission": "FIND", "role": "RestUser"}))
        .send()
        .await
        .ok();
    let page = s.get("/data/Item?sortBy=n").send().await.ok();
    let ns: Vec<i64> = page
        .as_array()
        .expect("a")
        .iter()
        .map(|o| o["n"].as_i64().unwrap_or(0))
        .collect();
    assert_eq!(ns, [1, 3]);
    assert_eq!(s.get("/data/Item/count").send().await.ok(), 2);
    s.get(&format!("/data/Item/{hidden}"))
        .send()
        .await
        .assert_error(1013, 400);
    s.put(&format!("/data/Item/permissions/REVOKE/{hidden}"))
        .json(json!({"permission": "FIND", "role": "RestUser"}))
        .send()
        .await
        .ok();
    assert_eq!(
        s.get("/data/Item/count").send().await.ok(),
        3,
        "REVOKE restores inheritance"
    );
}

#[tokio::test]
async fn owner_policy_lets_users_see_only_their_own_objects() {
    let s = common::start().await;
    let (_, alice) = s.login_new("alice@x.com", "pw").await;
    let (_, bob) = s.login_new("bob@x.com", "pw").await;
    let a = s
        .post("/data/Diary")
        .token(&alice)
        .json(json!({"t": "alice's"}))
        .send()
        .await
        .ok();
    s.post("/data/Diary")
        .token(&bob)
        .json(json!({"t": "bob's"}))
        .send()
        .await
        .ok();
    assert_eq!(a["ownerId"].as_str().map(str::len), Some(36));
    let app = s.emulator.app_id().to_string();
    s.raw(
        Method::PUT,
        &format!("/_emulator/apps/{app}/security/owner-policy"),
    )
    .json(json!({"table": "Diary", "permission": "FIND", "access": "GRANT"}))
    .send()
    .await
    .ok();
    s.put("/data/Diary/permissions/DENY")
        .json(json!({"permission": "FIND", "role": "AuthenticatedUser"}))
        .send()
        .await
        .ok();
    let mine = s.get("/data/Diary").token(&alice).send().await.ok();
    assert_eq!(mine.as_array().map(Vec::len), Some(1));
    assert_eq!(mine[0]["t"], "alice's");
    s.get(&format!("/data/Diary/{}", id(&a)))
        .token(&bob)
        .send()
        .await
        .assert_error(1013, 400);
    s.raw(
        Method::PUT,
        &format!("/_emulator/apps/{app}/security/owner-policy"),
    )
    .json(json!({"table": "Nope", "permission": "FIND", "access": "GRANT"}))
    .send()
    .await
    .assert_error(1009, 400);
    s.raw(
        Method::PUT,
        &format!("/_emulator/apps/{app}/security/global"),
    )
    .json(json!({"role": "NotAuthenticatedUser", "permission": "ADD", "access": "DENY"}))
    .send()
    .await
    .ok();
    s.post("/data/Diary")
        .json(json!({"t": "anon"}))
        .send()
        .await
        .assert_error(1011, 400);
    s.post("/data/Diary")
        .token(&alice)
        .json(json!({"t": "ok"}))
        .send()
        .await
        .ok();
    let state = s
        .raw(Method::GET, &format!("/_emulator/apps/{app}/security"))
        .send()
        .await
        .ok();
    assert_eq!(state["ownerPolicy"]["Diary"]["FIND"], "GRANT");
    s.raw(
        Method::PUT,
        &format!("/_emulator/apps/{app}/security/global"),
    )
    .json(json!({"role": "Nobody", "permission": "ADD", "access": "DENY"}))
    .send()
    .await
    .assert_error(2005, 400);
    s.raw(
        Method::PUT,
        &format!("/_emulator/apps/{app}/security/global"),
    )
    .json(json!({"role": "RestUser", "permission": "ADD", "access": "MAYBE"}))
    .send()
    .await
    .assert_error(1024, 400);
}
