//! `GET|PUT /api/v1/company.json` (extension): the company's time zone and default agent
//! password, read by every agent and changed by administrators.

use serde_json::json;

use crate::backend_tests;

backend_tests! {
    async fn settings_are_read_and_changed(app) {
        let tenant = app.tenant().await;
        let shown = tenant.admin.get("/api/v1/company.json").await;
        shown.assert_status(200);
        assert_eq!(shown.body["company"]["timeZone"], "Asia/Shanghai");
        assert_eq!(shown.body["company"]["hasDefaultPassword"], "1");
        assert!(shown.body["company"].get("defaultPassword").is_none(), "never shown: {}", shown.text);

        // GET, edit, PUT the whole object back: the read-only members may come back as they are.
        let mut edited = shown.body.clone();
        edited["company"]["timeZone"] = json!("UTC");
        edited["company"]["defaultPassword"] = json!("welcome-utc");
        let changed = tenant.admin.put("/api/v1/company.json", edited).await;
        changed.assert_status(200);
        assert_eq!(changed.body["company"]["timeZone"], "UTC");
        let agent = tenant.agent(json!({})).await;
        let own = agent.session.with_password("welcome-utc").get(&format!("/api/v1/supports/{}.json", agent.id)).await;
        own.assert_status(200);
        let agent_view = agent.session.with_password("welcome-utc").get("/api/v1/company.json").await;
        assert_eq!(agent_view.body["company"]["timeZone"], "UTC", "every agent reads the settings");

        // Every problem at once, each named; nothing changes.
        let refused = tenant
            .admin
            .put(
                "/api/v1/company.json",
                json!({"company": {"timeZone": "Mars/Base", "defaultPassword": "123", "name": "another", "hasDefaultPassword": "0", "x": 1}}),
            )
            .await;
        refused.assert_status(400);
        let fields: Vec<&str> =
            refused.body["errors"].as_array().into_iter().flatten().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["name", "hasDefaultPassword", "timeZone", "defaultPassword", "x"], "{}", refused.text);
        assert_eq!(tenant.admin.get("/api/v1/company.json").await.body["company"]["timeZone"], "UTC");
        tenant.admin.put("/api/v1/company.json", json!({"support": {}})).await.assert_status(400);
        agent
            .session
            .with_password("welcome-utc")
            .put("/api/v1/company.json", json!({"company": {"timeZone": "Asia/Shanghai"}}))
            .await
            .assert_error(403, "administrator");
    }
}
