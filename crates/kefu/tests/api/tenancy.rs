//! Two tenants on one server: nothing of one can be read, changed, searched or guessed
//! from the other, on any endpoint.

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::support::unique;

backend_tests! {
    async fn another_tenants_ids_answer_as_unknown_ones(app) {
        let a = app.tenant().await;
        let b = app.tenant().await;
        let agent = a.agent(json!({"name": "甲公司的人", "mobile": "13900000001"})).await;
        let group = a.group("甲组").await;
        let unknown = "99999999";

        let cases: Vec<(Method, String, Option<serde_json::Value>, String)> = vec![
            (Method::GET, format!("/api/v1/supports/{}.json", agent.id), None, format!("/api/v1/supports/{unknown}.json")),
            (Method::PUT, format!("/api/v1/supports/{}.json", agent.id), Some(json!({"support": {"name": "x"}})), format!("/api/v1/supports/{unknown}.json")),
            (Method::DELETE, format!("/api/v1/supports/{}.json", agent.id), None, format!("/api/v1/supports/{unknown}.json")),
            (Method::PUT, format!("/api/v1/servicers/{}.json", agent.id), Some(json!({"support": {"isStat": "0"}})), format!("/api/v1/servicers/{unknown}.json")),
            (Method::GET, format!("/api/v1/supportgroups/{group}.json"), None, format!("/api/v1/supportgroups/{unknown}.json")),
            (Method::PUT, format!("/api/v1/supportgroups/{group}.json"), Some(json!({"supportgroup": {"sgName": "x"}})), format!("/api/v1/supportgroups/{unknown}.json")),
            (Method::DELETE, format!("/api/v1/supportgroups/{group}.json"), None, format!("/api/v1/supportgroups/{unknown}.json")),
        ];
        for (method, foreign, body, missing) in cases {
            let headers = [("Content-Type", "application/json")];
            let theirs = b.admin.send(method.clone(), &foreign, body.as_ref().map(|v| v.to_string()), &headers).await;
            let nobodys = b.admin.send(method.clone(), &missing, body.as_ref().map(|v| v.to_string()), &headers).await;
            theirs.assert_status(404);
            nobodys.assert_status(404);
            let normalise = |text: &str, id: &str| text.replace(&format!(" {id}"), " ID");
            let id_of = |path: &str| path.rsplit('/').next().unwrap_or("").trim_end_matches(".json").to_owned();
            assert_eq!(
                normalise(&theirs.text, &id_of(&foreign)),
                normalise(&nobodys.text, &id_of(&missing)),
                "{method} {foreign}: same answer as an unknown id"
            );
        }

        // Lists, show_many and search of B never see A's agent.
        let list = b.admin.get("/api/v1/supports.json").await;
        assert_eq!(list.body["count"], json!(1));
        assert!(!list.text.contains("甲公司的人"));
        let many = b.admin.get(&format!("/api/v1/supports/show_many.json?ids={},{}", agent.id, a.admin_id)).await;
        assert_eq!(many.body["supports"], json!([]));
        for query in ["name:甲公司", "mobile:139000", &format!("sPassportName:{}", agent.account), "甲公司"] {
            let found = b.admin.get(&format!("/api/v1/supportgroups/supports/search.json?query={query}")).await;
            assert_eq!(found.body["count"], "0", "{query}");
        }
        let groups = b.admin.get("/api/v1/supportgroups.json").await;
        assert_eq!(groups.body["count"], json!(0));

        // B cannot put its agents into A's groups.
        b.admin
            .post("/api/v1/supports.json", json!({"support": {"sPassportName": unique("b"), "sNum": "b1", "groupId": group}}))
            .await
            .assert_error(400, &format!("no support group {group} in this company"));

        // And A's agent is untouched.
        let still = a.admin.get(&format!("/api/v1/supports/{}.json", agent.id)).await;
        assert_eq!(still.body["support"]["name"], "甲公司的人");
        assert_eq!(still.body["support"]["isStat"], "1");
        a.admin.get(&format!("/api/v1/supportgroups/{group}.json")).await.assert_status(200);
    }

    async fn job_numbers_are_per_tenant_and_logins_global(app) {
        let a = app.tenant().await;
        let b = app.tenant().await;
        let in_a = a.agent(json!({"sNum": "001"})).await;
        b.agent(json!({"sNum": "001"})).await;
        b.admin
            .post("/api/v1/supports.json", json!({"support": {"sPassportName": in_a.account, "sNum": "002"}}))
            .await
            .assert_error(409, "sPassportName");
    }

    async fn agents_only_see_their_own_company(app) {
        let a = app.tenant().await;
        let b = app.tenant().await;
        let in_a = a.agent(json!({})).await;
        let in_b = b.agent(json!({})).await;
        in_b.session.get(&format!("/api/v1/supports/{}.json", in_a.id)).await.assert_status(404);
        in_b.session
            .put(&format!("/api/v1/supports/{}.json", in_a.id), json!({"support": {"name": "x"}}))
            .await
            .assert_status(404);
        in_b.session.get(&format!("/api/v1/supports/{}.json", in_b.id)).await.assert_status(200);
    }
}
