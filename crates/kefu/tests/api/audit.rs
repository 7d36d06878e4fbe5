//! The audit log: every successful write, who, what, when, from where — never a body.

use serde_json::{Value, json};

use crate::backend_tests;

fn entries(reply: &crate::support::Reply) -> Vec<Value> {
    reply.body["audit_logs"].as_array().cloned().unwrap_or_default()
}

backend_tests! {
    async fn writes_are_recorded_without_their_bodies(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"name": "审计"})).await;
        let path = format!("/api/v1/supports/{}.json", agent.id);
        agent.session.put(&path, json!({"support": {"password": "secret-new-password"}})).await.assert_status(200);
        tenant.admin.put(&path, json!({"support": {"gnder": "9"}})).await.assert_status(400);
        tenant.admin.get(&path).await.assert_status(200);

        let log = tenant.admin.get("/api/v1/audit_logs.json").await;
        log.assert_status(200);
        assert!(!log.text.contains("secret-new-password"), "no bodies, no passwords");
        let all = entries(&log);
        assert_eq!(log.body["count"], json!(2), "two successful writes; reads and failures are not writes: {}", log.text);
        // Newest first.
        assert_eq!(all[0]["method"], "PUT");
        assert_eq!(all[0]["path"], json!(path));
        assert_eq!(all[0]["sId"], json!(agent.id), "the agent changed their own password");
        assert_eq!(all[0]["status"], "200");
        assert_eq!(all[0]["address"], "127.0.0.1");
        assert_eq!(all[1]["method"], "POST");
        assert_eq!(all[1]["path"], "/api/v1/supports.json");
        assert_eq!(all[1]["sId"], json!(tenant.admin_id));
        assert!(all[1]["createDT"].as_str().is_some_and(|t| t.len() == 19));

        let mine = tenant.admin.get(&format!("/api/v1/audit_logs.json?sId={}", agent.id)).await;
        assert_eq!(mine.body["count"], json!(1));
        let oldest = tenant.admin.get("/api/v1/audit_logs.json?created_order=asc&per_page=1").await;
        assert_eq!(entries(&oldest)[0]["method"], "POST");
        assert!(oldest.body["next_page"].as_str().is_some_and(|l| l.contains("created_order=asc") && l.ends_with("page=2")));
        assert_eq!(tenant.admin.get("/api/v1/audit_logs.json?created_end=2000-01-01").await.body["count"], json!(0));
        tenant.admin.get("/api/v1/audit_logs.json?sId=x").await.assert_error(400, "sId");
    }

    async fn the_log_is_per_company_and_for_administrators(app) {
        let a = app.tenant().await;
        let b = app.tenant().await;
        a.group("甲组").await;
        let agent = a.agent(json!({})).await;
        assert_eq!(b.admin.get("/api/v1/audit_logs.json").await.body["count"], json!(0));
        agent.session.get("/api/v1/audit_logs.json").await.assert_status(403);
        let log = a.admin.get("/api/v1/audit_logs.json").await;
        assert_eq!(log.body["count"], json!(2));
        assert_eq!(entries(&log)[1]["path"], "/api/v1/supportgroups.json");
    }
}
