//! `GET|PUT /api/v1/plate_service_state/{sId}.json` (the seed), its coded errors, and the
//! history of changes (extension).

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::{Session, Tenant};

pub fn state_path(id: &str) -> String {
    format!("/api/v1/plate_service_state/{id}.json")
}

pub fn history_path(id: &str) -> String {
    format!("/api/v1/plate_service_state/{id}/history.json")
}

/// Sets a state and checks the seed's answer.
pub async fn set_state(admin: &Session, id: &str, plate: &str, state: &str) {
    let reply = admin.put(&state_path(id), json!({"plate_service_state": {"plate": plate, "state": state}})).await;
    reply.assert_status(200);
    assert_eq!(reply.body, json!({"plate_service_state": {"sId": id, "plate": plate, "state": state}}));
}

pub async fn get_state(admin: &Session, id: &str, plate: &str) -> String {
    let reply = admin.get(&format!("{}?plate={plate}", state_path(id))).await;
    reply.assert_status(200);
    reply.body["plate_service_state"]["state"].as_str().expect("state").to_owned()
}

/// The whole 10011 body.
pub fn agent_not_found() -> Value {
    json!({"status": 404, "code": "10011", "message": "该客服不存在"})
}

/// `(plate, from, to)` of each recorded change, in order.
async fn changes(admin: &Session, path: &str) -> Vec<(String, String, String)> {
    let reply = admin.get(path).await;
    reply.assert_status(200);
    reply.body["plate_service_state_history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|c| {
            let field = |name: &str| c[name].as_str().unwrap_or_default().to_owned();
            (field("plate"), field("from"), field("to"))
        })
        .collect()
}

fn change(plate: &str, from: &str, to: &str) -> (String, String, String) {
    (plate.to_owned(), from.to_owned(), to.to_owned())
}

/// Another tenant with an agent, and an agent deleted from this tenant.
async fn foreign_and_deleted(app: &crate::support::TestApp, tenant: &Tenant) -> (Tenant, String, String) {
    let other = app.tenant().await;
    let foreign = other.agent(json!({})).await;
    let deleted = tenant.agent(json!({})).await;
    tenant.admin.delete(&format!("/api/v1/supports/{}.json", deleted.id)).await.assert_status(200);
    (other, foreign.id, deleted.id)
}

backend_tests! {
    /// `curl -X GET -v -u {account}:{password} https://…/api/v1/plate_service_state/356789.json?plate=2`
    /// — an agent never set reads as 离线.
    async fn get_example(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let reply = tenant.admin.send(Method::GET, &format!("{}?plate=2", state_path(&agent.id)), None, &[]).await;
        reply.assert_status(200);
        assert_eq!(reply.body, json!({"plate_service_state": {"sId": agent.id, "plate": "2", "state": "离线"}}));
    }

    /// The seed's PUT, byte for byte: `-H "Content-Type:application/json" -d '{…}' -X PUT`.
    async fn put_example(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let body = "{\n\"plate_service_state\":{\n\"plate\":\"1\",\n\"state\":\"在线\"\n}\n}";
        let reply = tenant.admin.send(Method::PUT, &state_path(&agent.id), Some(body.into()), &[("Content-Type", "application/json")]).await;
        reply.assert_status(200);
        assert_eq!(reply.body, json!({"plate_service_state": {"sId": agent.id, "plate": "1", "state": "在线"}}));
        assert_eq!(get_state(&tenant.admin, &agent.id, "1").await, "在线");
        assert_eq!(get_state(&tenant.admin, &agent.id, "2").await, "离线", "plates are independent");
    }

    /// 10011 for unknown, non-numeric, deleted and other tenants' agents — all the same.
    async fn unknown_agents_answer_10011(app) {
        let tenant = app.tenant().await;
        let (other, foreign, deleted) = foreign_and_deleted(app, &tenant).await;
        let set = json!({"plate_service_state": {"plate": "1", "state": "在线"}});
        for id in ["999999", "abc", "0", foreign.as_str(), deleted.as_str()] {
            let get = tenant.admin.get(&format!("{}?plate=1", state_path(id))).await;
            get.assert_status(404);
            assert_eq!(get.body, agent_not_found(), "GET {id}");
            let put = tenant.admin.put(&state_path(id), set.clone()).await;
            put.assert_status(404);
            assert_eq!(put.body, agent_not_found(), "PUT {id}");
            let history = tenant.admin.get(&history_path(id)).await;
            assert_eq!((history.status, &history.body), (404, &agent_not_found()), "history {id}");
            // The agent is checked first: a bad plate does not reveal anything.
            let bad = tenant.admin.get(&format!("{}?plate=9", state_path(id))).await;
            assert_eq!((bad.status, &bad.body), (404, &agent_not_found()), "GET {id} plate 9");
            let bad = tenant.admin.put(&state_path(id), json!({"plate_service_state": {"state": "x"}})).await;
            assert_eq!((bad.status, &bad.body), (404, &agent_not_found()), "PUT {id} no plate");
        }
        // The other tenant's agent was not touched.
        assert_eq!(get_state(&other.admin, &foreign, "1").await, "离线");
        assert!(changes(&other.admin, &history_path(&foreign)).await.is_empty());
    }

    /// 10012: plate missing, out of range, or not a number — on GET and PUT.
    async fn bad_plates_answer_10012(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let missing = tenant.admin.get(&state_path(&agent.id)).await;
        missing.assert_status(400);
        assert_eq!(missing.body, json!({
            "status": 400, "code": "10012", "message": "功能模块输入不正确",
            "errors": [{"field": "plate", "message": "is required: 1 (工单), 2 (在线聊天) or 3 (呼叫中心), e.g. ?plate=2"}]
        }));
        let four = tenant.admin.get(&format!("{}?plate=4", state_path(&agent.id))).await;
        assert_eq!(four.body, json!({
            "status": 400, "code": "10012", "message": "功能模块输入不正确",
            "errors": [{"field": "plate", "message": "must be 1 (工单), 2 (在线聊天) or 3 (呼叫中心), got \"4\""}]
        }));
        for query in ["plate=0", "plate=", "plate=abc", "plate=1&plate=2", "plate=%E5%B7%A5%E5%8D%95"] {
            let reply = tenant.admin.get(&format!("{}?{query}", state_path(&agent.id))).await;
            reply.assert_error(400, "功能模块输入不正确");
            assert_eq!(reply.body["code"], "10012", "{query}");
        }
        for plate in [json!("4"), json!(0), json!(1.5), json!(true), json!(null), json!(["1"])] {
            let reply = tenant.admin.put(&state_path(&agent.id), json!({"plate_service_state": {"plate": plate, "state": "在线"}})).await;
            reply.assert_error(400, "功能模块输入不正确");
            assert_eq!(reply.body["code"], "10012", "{plate}");
            assert_eq!(reply.body["errors"][0]["field"], "plate");
        }
        let reply = tenant.admin.put(&state_path(&agent.id), json!({"plate_service_state": {"state": "在线"}})).await;
        assert_eq!(reply.body, json!({
            "status": 400, "code": "10012", "message": "功能模块输入不正确",
            "errors": [{"field": "plate", "message": "is required: 1 (工单), 2 (在线聊天) or 3 (呼叫中心)"}]
        }));
        // A bad plate is reported before a bad state.
        let both = tenant.admin.put(&state_path(&agent.id), json!({"plate_service_state": {"plate": "7", "state": "开会"}})).await;
        assert_eq!(both.body["code"], "10012");
    }

    /// 10013: a state the plate's list does not hold (or no state at all).
    async fn unknown_states_answer_10013(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let reply = tenant.admin.put(&state_path(&agent.id), json!({"plate_service_state": {"plate": "1", "state": "开会"}})).await;
        reply.assert_status(400);
        assert_eq!(reply.body, json!({
            "status": 400, "code": "10013", "message": "输入的客服状态在后台无匹配值",
            "errors": [{"field": "state", "message": "\"开会\" is not a state of plate 1 (工单); its states are 在线, 忙碌, 离线"}]
        }));
        // 离开 is a state of plate 2, not of plate 1.
        set_state(&tenant.admin, &agent.id, "2", "离开").await;
        let reply = tenant.admin.put(&state_path(&agent.id), json!({"plate_service_state": {"plate": "1", "state": "离开"}})).await;
        assert_eq!(reply.body["code"], "10013");
        for state in [json!(""), json!(" 在线"), json!("在线\n"), json!(null), json!(false), json!("x".repeat(21))] {
            let reply = tenant.admin.put(&state_path(&agent.id), json!({"plate_service_state": {"plate": "1", "state": state}})).await;
            reply.assert_error(400, "输入的客服状态在后台无匹配值");
            assert_eq!(reply.body["code"], "10013", "{state}");
        }
        let missing = tenant.admin.put(&state_path(&agent.id), json!({"plate_service_state": {"plate": "1"}})).await;
        assert_eq!(missing.body["code"], "10013");
        assert_eq!(missing.body["errors"][0]["field"], "state");
        assert_eq!(get_state(&tenant.admin, &agent.id, "1").await, "离线", "nothing was set");
    }

    /// Numbers as strings, accept both; `sId` may be sent back if it matches; other
    /// members and malformed bodies are a plain 400.
    async fn body_forms(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let path = state_path(&agent.id);
        let reply = tenant.admin.put(&path, json!({"plate_service_state": {"plate": 3, "state": "小休"}})).await;
        reply.assert_status(200);
        assert_eq!(reply.body["plate_service_state"]["plate"], "3");
        let id_number: i64 = agent.id.parse().expect("numeric sId");
        let echo = json!({"plate_service_state": {"sId": id_number, "plate": "3", "state": "在线"}});
        tenant.admin.put(&path, echo).await.assert_status(200);
        let wrong = tenant.admin.put(&path, json!({"plate_service_state": {"sId": "1", "plate": "3", "state": "在线"}})).await;
        wrong.assert_error(400, "sId");
        assert!(wrong.body.get("code").is_none(), "{}", wrong.text);
        let extra = tenant.admin.put(&path, json!({"plate_service_state": {"plate": "3", "state": "在线", "since": "now"}})).await;
        extra.assert_error(400, "since: unknown field");
        tenant.admin.put(&path, json!({"plate": "3", "state": "在线"})).await.assert_error(400, "plate_service_state");
        let malformed = tenant.admin.send(Method::PUT, &path, Some("{\"plate_service_state\":".into()), &[("Content-Type", "application/json")]).await;
        malformed.assert_error(400, "malformed JSON");
        let text = tenant.admin.send(Method::PUT, &path, Some("plate=1".into()), &[("Content-Type", "text/plain")]).await;
        text.assert_error(415, "Content-Type");
        tenant.admin.delete(&path).await.assert_error(405, "not allowed");
    }

    /// Hidden agents (recycle bin) are known: readable, and only ever 离线.
    async fn hidden_agents_can_only_be_offline(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        set_state(&tenant.admin, &agent.id, "2", "在线").await;
        let servicers = format!("/api/v1/servicers/{}.json", agent.id);
        tenant.admin.put(&servicers, json!({"support": {"isStat": "0"}})).await.assert_status(200);
        assert_eq!(get_state(&tenant.admin, &agent.id, "2").await, "在线");
        let refused = tenant.admin.put(&state_path(&agent.id), json!({"plate_service_state": {"plate": "1", "state": "忙碌"}})).await;
        refused.assert_status(409);
        assert_eq!(refused.body, json!({"status": 409, "message": format!(
            "agent sId {0} is in the recycle bin (isStat 0) and can only be \"离线\", not \"忙碌\": restore it with PUT /api/v1/servicers/{0}.json first", agent.id)}));
        set_state(&tenant.admin, &agent.id, "2", "离线").await;
        tenant.admin.put(&servicers, json!({"support": {"isStat": "1"}})).await.assert_status(200);
        set_state(&tenant.admin, &agent.id, "1", "忙碌").await;
    }

    /// Administrators only: agents get 403, whoever they ask about (themselves included).
    async fn agents_are_refused(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let forbidden = json!({"status": 403, "message": "this operation requires an administrator"});
        let me = &agent.session;
        let set = json!({"plate_service_state": {"plate": "1", "state": "在线"}});
        for reply in [
            me.get(&format!("{}?plate=1", state_path(&agent.id))).await,
            me.put(&state_path(&agent.id), set.clone()).await,
            me.put(&state_path("999999"), set).await,
            me.get(&history_path(&agent.id)).await,
            me.get("/api/v1/plate_service_states.json").await,
            me.put("/api/v1/plate_service_states.json", json!({"plate_service_states": {"1": ["离线"]}})).await,
        ] {
            reply.assert_status(403);
            assert_eq!(reply.body, forbidden);
        }
        app.anonymous().get(&format!("{}?plate=1", state_path(&agent.id))).await.assert_status(401);
        assert_eq!(get_state(&tenant.admin, &agent.id, "1").await, "离线");
    }

    /// Every change is recorded in order, with who made it; setting the current state
    /// again records nothing.
    async fn history_records_changes_in_order(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        for (plate, state) in [("2", "在线"), ("2", "忙碌"), ("1", "在线"), ("2", "忙碌"), ("2", "离开"), ("2", "离线")] {
            set_state(&tenant.admin, &agent.id, plate, state).await;
        }
        let all = changes(&tenant.admin, &history_path(&agent.id)).await;
        assert_eq!(all, [
            change("2", "离线", "在线"),
            change("2", "在线", "忙碌"),
            change("1", "离线", "在线"),
            change("2", "忙碌", "离开"),
            change("2", "离开", "离线"),
        ]);
        let chat = changes(&tenant.admin, &format!("{}?plate=2", history_path(&agent.id))).await;
        assert_eq!(chat.len(), 4);
        assert!(chat.iter().all(|(plate, _, _)| plate == "2"));

        let reply = tenant.admin.get(&history_path(&agent.id)).await;
        assert_eq!(reply.body["count"], json!(5));
        assert_eq!(reply.body["next_page"], Value::Null);
        assert_eq!(reply.body["previous_page"], Value::Null);
        let first = &reply.body["plate_service_state_history"][0];
        assert_eq!(first["sId"], json!(agent.id));
        assert_eq!(first["setBy"], json!(tenant.admin_id));
        assert_eq!(first["createDT"].as_str().map(str::len), Some(19), "{first}");
        assert!(first["id"].is_string());

        let bad = tenant.admin.get(&format!("{}?plate=5", history_path(&agent.id))).await;
        assert_eq!(bad.body["code"], "10012");
        tenant.admin.get(&format!("{}?per_page=0", history_path(&agent.id))).await.assert_error(400, "per_page");
    }

    /// A long history, followed page by page through `next_page` to the end.
    async fn history_pages_to_the_end(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let states = ["在线", "忙碌", "小休", "离线"];
        let mut expected = Vec::new();
        let mut previous = "离线";
        for i in 0..11 {
            let state = states[i % states.len()];
            set_state(&tenant.admin, &agent.id, "3", state).await;
            expected.push(change("3", previous, state));
            previous = state;
        }
        set_state(&tenant.admin, &agent.id, "1", "在线").await;

        let mut seen = Vec::new();
        let mut next = Some(format!("{}?plate=3&per_page=4", history_path(&agent.id)));
        let mut pages = 0;
        while let Some(url) = next {
            let reply = tenant.admin.get(&url).await;
            reply.assert_status(200);
            assert_eq!(reply.body["count"], json!(11), "{url}");
            assert_eq!(reply.body["previous_page"].is_string(), pages > 0, "{url}");
            let page = reply.body["plate_service_state_history"].as_array().expect("history");
            assert!(page.len() <= 4);
            for c in page {
                let field = |name: &str| c[name].as_str().unwrap_or_default().to_owned();
                seen.push((field("plate"), field("from"), field("to")));
            }
            next = reply.body["next_page"].as_str().map(str::to_owned);
            if let Some(link) = &next {
                assert!(link.starts_with(&app.base) && link.contains("plate=3"), "{link}");
            }
            pages += 1;
        }
        assert_eq!(pages, 3);
        assert_eq!(seen, expected);
    }
}
