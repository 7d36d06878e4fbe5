//! `PUT /api/v1/permissions/{sId}.json` (the seed), `GET` (extension), and the rule that
//! an agent without the call center is offline there.

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::presence::{get_state, history_path, set_state, state_path};
use crate::support::Session;

fn path(id: &str) -> String {
    format!("/api/v1/permissions/{id}.json")
}

/// The seed's answer for an unknown sId, whole.
fn no_such_sid() -> Value {
    json!({"status": 403, "message": "The sId does not exist"})
}

async fn set_permission(admin: &Session, id: &str, state: &str) {
    let reply = admin.put(&path(id), json!({"permission": {"mType": "4", "state": state}})).await;
    reply.assert_status(200);
    assert_eq!(reply.body, json!({"permission": {"sId": id, "mType": "4", "state": state}}));
}

backend_tests! {
    /// `curl …/api/v1/permissions/3232.json -H "Content-Type: application/json"
    /// -d '{"permission": {"mType": "4","state":"0" }}' -v -u … -X PUT`
    async fn put_example(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let body = r#"{"permission": {"mType": "4","state":"0" }}"#;
        let reply = tenant.admin.send(Method::PUT, &path(&agent.id), Some(body.into()), &[("Content-Type", "application/json")]).await;
        reply.assert_status(200);
        assert_eq!(reply.body, json!({"permission": {"sId": agent.id, "mType": "4", "state": "0"}}));
    }

    /// The seed's 403 for an unknown sId — also for deleted agents, other tenants'
    /// agents and ids that are not numbers, on PUT and GET alike.
    async fn unknown_sids_answer_403(app) {
        let tenant = app.tenant().await;
        let other = app.tenant().await;
        let foreign = other.agent(json!({})).await;
        let deleted = tenant.agent(json!({})).await;
        tenant.admin.delete(&format!("/api/v1/supports/{}.json", deleted.id)).await.assert_status(200);
        let body = json!({"permission": {"mType": "4", "state": "1"}});
        for id in ["999999", "abc", "0", foreign.id.as_str(), deleted.id.as_str()] {
            let put = tenant.admin.put(&path(id), body.clone()).await;
            assert_eq!((put.status, &put.body), (403, &no_such_sid()), "PUT {id}");
            let get = tenant.admin.get(&path(id)).await;
            assert_eq!((get.status, &get.body), (403, &no_such_sid()), "GET {id}");
            // The sId is checked before the body.
            let bad = tenant.admin.put(&path(id), json!({"permission": {"mType": "9"}})).await;
            assert_eq!((bad.status, &bad.body), (403, &no_such_sid()), "bad body {id}");
        }
        let mine = other.admin.get(&path(&foreign.id)).await;
        assert_eq!(mine.body["permissions"][0]["state"], "0", "the other tenant's agent was not touched");
    }

    /// GET lists every module permission; never set means on ("0").
    async fn read_permissions(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let reply = tenant.admin.get(&path(&agent.id)).await;
        reply.assert_status(200);
        assert_eq!(reply.body, json!({"permissions": [{"sId": agent.id, "mType": "4", "state": "0"}]}));
        set_permission(&tenant.admin, &agent.id, "1").await;
        let reply = tenant.admin.get(&path(&agent.id)).await;
        assert_eq!(reply.body, json!({"permissions": [{"sId": agent.id, "mType": "4", "state": "1"}]}));
        set_permission(&tenant.admin, &agent.id, "0").await;
        assert_eq!(tenant.admin.get(&path(&agent.id)).await.body["permissions"][0]["state"], "0");
    }

    /// Other module types and states are refused with the field named; numbers are fine.
    async fn invalid_permissions(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let p = path(&agent.id);
        let reply = tenant.admin.put(&p, json!({"permission": {"mType": "3", "state": "0"}})).await;
        assert_eq!(reply.body, json!({"status": 400,
            "message": "mType: must be \"4\" (呼叫中心, the call center): no other module has a permission, got \"3\"",
            "errors": [{"field": "mType", "message": "must be \"4\" (呼叫中心, the call center): no other module has a permission, got \"3\""}]}));
        tenant.admin.put(&p, json!({"permission": {"mType": "4", "state": "2"}})).await
            .assert_error(400, "state: must be \"0\" (on) or \"1\" (off), got \"2\"");
        let both = tenant.admin.put(&p, json!({"permission": {}})).await;
        both.assert_error(400, "2 problems: mType: is required; state: is required");
        tenant.admin.put(&p, json!({"permission": {"mType": "4", "state": "0", "plate": "3"}})).await
            .assert_error(400, "plate: unknown field; the fields are mType, state");
        tenant.admin.put(&p, json!({"permission": {"sId": "1", "mType": "4", "state": "0"}})).await
            .assert_error(400, "sId");
        tenant.admin.put(&p, json!({"mType": "4", "state": "0"})).await.assert_error(400, "permission");
        tenant.admin.put(&p, json!({"permission": {"mType": 4.0, "state": "0"}})).await.assert_error(400, "mType");

        let id: i64 = agent.id.parse().expect("numeric sId");
        let reply = tenant.admin.put(&p, json!({"permission": {"sId": id, "mType": 4, "state": 1}})).await;
        reply.assert_status(200);
        assert_eq!(reply.body, json!({"permission": {"sId": agent.id, "mType": "4", "state": "1"}}));
    }

    /// Administrators only.
    async fn agents_are_refused(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let forbidden = json!({"status": 403, "message": "this operation requires an administrator"});
        let reply = agent.session.put(&path(&agent.id), json!({"permission": {"mType": "4", "state": "0"}})).await;
        assert_eq!((reply.status, &reply.body), (403, &forbidden));
        let reply = agent.session.get(&path(&agent.id)).await;
        assert_eq!((reply.status, &reply.body), (403, &forbidden));
    }

    /// Call center off: plate 3 can only be 离线; the other plates are not affected.
    async fn permission_off_keeps_the_call_center_offline(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        set_permission(&tenant.admin, &agent.id, "1").await;
        let refused = tenant.admin.put(&state_path(&agent.id), json!({"plate_service_state": {"plate": "3", "state": "在线"}})).await;
        refused.assert_status(409);
        assert_eq!(refused.body, json!({"status": 409, "message": format!(
            "agent sId {0} has its call-center permission off (mType 4, state 1), so its plate 3 (呼叫中心) state can only be \"离线\", not \"在线\": turn it on with PUT /api/v1/permissions/{0}.json first", agent.id)}));
        set_state(&tenant.admin, &agent.id, "3", "离线").await;
        set_state(&tenant.admin, &agent.id, "1", "在线").await;
        set_state(&tenant.admin, &agent.id, "2", "忙碌").await;
        assert_eq!(get_state(&tenant.admin, &agent.id, "3").await, "离线");

        set_permission(&tenant.admin, &agent.id, "0").await;
        set_state(&tenant.admin, &agent.id, "3", "在线").await;
    }

    /// Turning the call center off puts an agent that is online there offline, and the
    /// history says so (set by the administrator who turned it off).
    async fn permission_off_forces_offline(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        set_state(&tenant.admin, &agent.id, "3", "小休").await;
        set_state(&tenant.admin, &agent.id, "2", "在线").await;
        set_permission(&tenant.admin, &agent.id, "1").await;
        assert_eq!(get_state(&tenant.admin, &agent.id, "3").await, "离线");
        assert_eq!(get_state(&tenant.admin, &agent.id, "2").await, "在线", "chat is not affected");

        let reply = tenant.admin.get(&format!("{}?plate=3", history_path(&agent.id))).await;
        let history = reply.body["plate_service_state_history"].as_array().expect("history");
        assert_eq!(history.len(), 2, "{}", reply.text);
        assert_eq!((&history[1]["from"], &history[1]["to"]), (&json!("小休"), &json!("离线")));
        assert_eq!(history[1]["setBy"], json!(tenant.admin_id));

        // Off again, or off for an agent never set: nothing more is recorded.
        set_permission(&tenant.admin, &agent.id, "1").await;
        let fresh = tenant.agent(json!({})).await;
        set_permission(&tenant.admin, &fresh.id, "1").await;
        assert_eq!(tenant.admin.get(&history_path(&agent.id)).await.body["count"], json!(3));
        assert_eq!(tenant.admin.get(&history_path(&fresh.id)).await.body["count"], json!(0));
    }
}
