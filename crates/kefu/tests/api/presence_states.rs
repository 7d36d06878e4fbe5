//! `GET|PUT /api/v1/plate_service_states.json` (extension): the tenant's state lists.

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::presence::{get_state, set_state, state_path};
use crate::support::Session;

const PATH: &str = "/api/v1/plate_service_states.json";

fn defaults() -> Value {
    json!({"plate_service_states": {
        "1": ["在线", "忙碌", "离线"],
        "2": ["在线", "忙碌", "离开", "离线"],
        "3": ["在线", "忙碌", "小休", "离线"]
    }})
}

async fn put_lists(admin: &Session, lists: Value) -> crate::support::Reply {
    admin.put(PATH, json!({ "plate_service_states": lists })).await
}

backend_tests! {
    /// A new tenant has the defaults, 在线 and 离线 in every plate.
    async fn defaults_of_a_new_tenant(app) {
        let tenant = app.tenant().await;
        let reply = tenant.admin.get(PATH).await;
        reply.assert_status(200);
        assert_eq!(reply.body, defaults());
    }

    /// A PUT replaces the plates it names, keeps the order given, and leaves the others;
    /// Chinese names round-trip through the list and an agent's state.
    async fn replace_some_plates(app) {
        let tenant = app.tenant().await;
        let lists = json!({"2": ["在线", "午休中", "培训 · 二组", "离线"]});
        let reply = put_lists(&tenant.admin, lists).await;
        reply.assert_status(200);
        let mut expected = defaults();
        expected["plate_service_states"]["2"] = json!(["在线", "午休中", "培训 · 二组", "离线"]);
        assert_eq!(reply.body, expected);
        assert_eq!(tenant.admin.get(PATH).await.body, expected);

        let agent = tenant.agent(json!({})).await;
        set_state(&tenant.admin, &agent.id, "2", "培训 · 二组").await;
        assert_eq!(get_state(&tenant.admin, &agent.id, "2").await, "培训 · 二组");
        let gone = tenant.admin.put(&state_path(&agent.id), json!({"plate_service_state": {"plate": "2", "state": "离开"}})).await;
        assert_eq!(gone.body["code"], "10013", "离开 is no longer a state of plate 2");

        // Reordering (and the seed's own spacing of a PUT body) is fine.
        let body = r#"{"plate_service_states": {"2": ["离线", "培训 · 二组", "午休中", "在线"], "1": ["离线", "在线"]}}"#;
        let reply = tenant.admin.send(Method::PUT, PATH, Some(body.into()), &[("Content-Type", "application/json")]).await;
        reply.assert_status(200);
        assert_eq!(reply.body["plate_service_states"]["2"], json!(["离线", "培训 · 二组", "午休中", "在线"]));
        assert_eq!(reply.body["plate_service_states"]["1"], json!(["离线", "在线"]));
        assert_eq!(reply.body["plate_service_states"]["3"], defaults()["plate_service_states"]["3"]);

        // Another tenant still has the defaults.
        let other = app.tenant().await;
        assert_eq!(other.admin.get(PATH).await.body, defaults());
    }

    /// A state an agent holds cannot be removed; once nobody holds it, it can.
    async fn held_states_cannot_be_removed(app) {
        let tenant = app.tenant().await;
        let one = tenant.agent(json!({})).await;
        let two = tenant.agent(json!({})).await;
        set_state(&tenant.admin, &one.id, "2", "忙碌").await;
        set_state(&tenant.admin, &two.id, "2", "忙碌").await;
        set_state(&tenant.admin, &one.id, "3", "小休").await;

        let reply = put_lists(&tenant.admin, json!({"2": ["在线", "离开", "离线"]})).await;
        reply.assert_status(409);
        let (low, high) = if one.id.len() < two.id.len() || (one.id.len() == two.id.len() && one.id < two.id) {
            (&one.id, &two.id)
        } else {
            (&two.id, &one.id)
        };
        assert_eq!(reply.body, json!({"status": 409, "message": format!(
            "plate 2 (在线聊天): state \"忙碌\" cannot be removed: agents still hold it (sId {low}, {high}); set them to another state first")}));
        assert_eq!(tenant.admin.get(PATH).await.body, defaults(), "nothing changed");

        // Refused as a whole: plate 1 is not changed either.
        let reply = put_lists(&tenant.admin, json!({"1": ["在线", "离线"], "3": ["在线", "离线"]})).await;
        reply.assert_error(409, "plate 3 (呼叫中心): state \"小休\"");
        assert_eq!(tenant.admin.get(PATH).await.body, defaults());

        set_state(&tenant.admin, &one.id, "2", "在线").await;
        set_state(&tenant.admin, &two.id, "2", "离线").await;
        let reply = put_lists(&tenant.admin, json!({"2": ["在线", "离开", "离线"]})).await;
        reply.assert_status(200);
        assert_eq!(reply.body["plate_service_states"]["2"], json!(["在线", "离开", "离线"]));
    }

    /// Agents in the recycle bin still hold their state; deleted ones hold nothing.
    async fn hidden_hold_deleted_do_not(app) {
        let tenant = app.tenant().await;
        let hidden = tenant.agent(json!({})).await;
        let deleted = tenant.agent(json!({})).await;
        set_state(&tenant.admin, &hidden.id, "1", "忙碌").await;
        set_state(&tenant.admin, &deleted.id, "3", "小休").await;
        tenant.admin.put(&format!("/api/v1/servicers/{}.json", hidden.id), json!({"support": {"isStat": "0"}})).await.assert_status(200);
        tenant.admin.delete(&format!("/api/v1/supports/{}.json", deleted.id)).await.assert_status(200);

        put_lists(&tenant.admin, json!({"1": ["在线", "离线"]})).await.assert_error(409, &format!("(sId {})", hidden.id));
        let reply = put_lists(&tenant.admin, json!({"3": ["在线", "离线"]})).await;
        reply.assert_status(200);
        assert_eq!(reply.body["plate_service_states"]["3"], json!(["在线", "离线"]));
    }

    /// Lists are checked whole, every problem named with its place.
    async fn invalid_lists(app) {
        let tenant = app.tenant().await;
        let reply = put_lists(&tenant.admin, json!({"1": ["在线", "在线", ""], "2": "在线", "3": ["离线", 1]})).await;
        reply.assert_status(400);
        let fields: Vec<&str> = reply.body["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, [
            "plate_service_states.1[1]", "plate_service_states.1[2]", "plate_service_states.1",
            "plate_service_states.2", "plate_service_states.3[1]",
        ]);
        assert!(reply.body.get("code").is_none());

        let reply = put_lists(&tenant.admin, json!({"2": ["在线"]})).await;
        assert_eq!(reply.body, json!({"status": 400,
            "message": "plate_service_states.2: must contain \"离线\": it is the offline state, which agents never set read as",
            "errors": [{"field": "plate_service_states.2", "message": "must contain \"离线\": it is the offline state, which agents never set read as"}]}));
        let long = "长".repeat(21);
        put_lists(&tenant.admin, json!({"1": [long, "离线"]})).await.assert_error(400, "plate_service_states.1[0]: must be at most 20 characters, got 21");
        let many: Vec<String> = (0..20).map(|i| format!("状态{i}")).chain(["离线".to_owned()]).collect();
        put_lists(&tenant.admin, json!({"1": many})).await.assert_error(400, "at most 20 states, got 21");
        put_lists(&tenant.admin, json!({"1": [" 在线", "离线"]})).await.assert_error(400, "whitespace");
        put_lists(&tenant.admin, json!({})).await.assert_error(400, "names no plate");
        put_lists(&tenant.admin, json!([])).await.assert_error(400, "must be a JSON object");
        tenant.admin.put(PATH, json!({"states": {}})).await.assert_error(400, "plate_service_states");

        let reply = put_lists(&tenant.admin, json!({"4": ["离线"], "1": ["离线"]})).await;
        assert_eq!(reply.body, json!({"status": 400, "code": "10012", "message": "功能模块输入不正确",
            "errors": [{"field": "plate_service_states", "message": "the keys are plates, 1 (工单), 2 (在线聊天) or 3 (呼叫中心); got \"4\""}]}));
        assert_eq!(tenant.admin.get(PATH).await.body, defaults(), "nothing changed");
    }

    /// Defaults already used by agents (written on first use) can be edited as any list.
    async fn defaults_in_use_then_configured(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        set_state(&tenant.admin, &agent.id, "3", "在线").await;
        let reply = put_lists(&tenant.admin, json!({"3": ["在线", "通话中", "离线"]})).await;
        reply.assert_status(200);
        assert_eq!(reply.body["plate_service_states"]["3"], json!(["在线", "通话中", "离线"]));
        set_state(&tenant.admin, &agent.id, "3", "通话中").await;
        let reply = tenant.admin.put(&state_path(&agent.id), json!({"plate_service_state": {"plate": "3", "state": "小休"}})).await;
        assert_eq!(reply.body["code"], "10013");
        assert_eq!(reply.body["errors"][0]["message"], "\"小休\" is not a state of plate 3 (呼叫中心); its states are 在线, 通话中, 离线");
    }
}
