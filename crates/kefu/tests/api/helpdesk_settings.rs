//! `GET|PUT /api/v1/helpdesk_settings.json` over HTTP on both backends: the defaults, who may
//! change them, bad values named, 2B → 2C refused while companies exist, what 2C changes for
//! contacts and companies, the audit entry of a change, and the console's form for them.

use serde_json::json;

use crate::backend_tests;
use crate::support::ADMIN_PASSWORD;
use crate::support::console::Console;
use crate::tickets::contact_and_company;

const PATH: &str = "/api/v1/helpdesk_settings.json";

backend_tests! {
    async fn the_settings_are_read_by_agents_and_changed_by_administrators(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let shown = agent.session.get(PATH).await;
        shown.assert_status(200);
        assert_eq!(shown.body, json!({"helpdesk_settings": {"customerMode": "2B", "autoCloseDays": "3"}}));
        agent.session.put(PATH, json!({"helpdesk_settings": {"autoCloseDays": "1"}})).await.assert_status(403);

        // A number or a string; members left out stay.
        let changed = tenant.admin.put(PATH, json!({"helpdesk_settings": {"autoCloseDays": 7}})).await;
        changed.assert_status(200);
        assert_eq!(changed.body["helpdesk_settings"], json!({"customerMode": "2B", "autoCloseDays": "7"}));
        let off = tenant.admin.put(PATH, json!({"helpdesk_settings": {"autoCloseDays": "0"}})).await;
        assert_eq!(off.body["helpdesk_settings"]["autoCloseDays"], "0", "0 turns it off");
        assert_eq!(agent.session.get(PATH).await.body["helpdesk_settings"]["autoCloseDays"], "0");

        // Every bad member named at once; nothing changed.
        let bad = tenant
            .admin
            .put(PATH, json!({"helpdesk_settings": {"customerMode": "2D", "autoCloseDays": "366", "extra": "1"}}))
            .await;
        bad.assert_status(400);
        let fields: Vec<&str> =
            bad.body["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        for field in ["customerMode", "autoCloseDays", "extra"] {
            assert!(fields.contains(&field), "{field} in {fields:?}");
        }
        tenant.admin.put(PATH, json!({"helpdesk_settings": {"autoCloseDays": "-1"}})).await.assert_error(400, "autoCloseDays");
        assert_eq!(tenant.admin.get(PATH).await.body["helpdesk_settings"]["autoCloseDays"], "0");

        // The change is in the audit log.
        let log = tenant.admin.get("/api/v1/audit_logs.json").await;
        assert!(log.text.contains("helpdesk_settings"), "{}", log.text);
    }

    async fn a_2c_account_has_no_companies(app) {
        let tenant = app.tenant().await;
        contact_and_company(app, &tenant).await;
        let refused = tenant.admin.put(PATH, json!({"helpdesk_settings": {"customerMode": "2C"}})).await;
        refused.assert_error(409, "compan");
        assert_eq!(tenant.admin.get(PATH).await.body["helpdesk_settings"]["customerMode"], "2B");

        let fresh = app.tenant().await;
        let switched = fresh.admin.put(PATH, json!({"helpdesk_settings": {"customerMode": "2C"}})).await;
        switched.assert_status(200);
        assert_eq!(switched.body["helpdesk_settings"]["customerMode"], "2C");
        // In 2C: contacts stand alone, companyId is refused, the company endpoints answer 403.
        let user = fresh.admin.post("/api/v1/users.json", json!({"user": {"name": "王五", "mobile": "13039209554"}})).await;
        user.assert_status(200);
        assert!(user.body["user"].get("companyId").is_none(), "{}", user.text);
        fresh
            .admin
            .post("/api/v1/users.json", json!({"user": {"mobile": "13039209555", "companyId": "1"}}))
            .await
            .assert_error(400, "2C");
        fresh.admin.get("/api/v1/companies.json").await.assert_error(403, "2C");
        // And back: 2C → 2B is always allowed; a new contact then needs its company again.
        let back = fresh.admin.put(PATH, json!({"helpdesk_settings": {"customerMode": "2B"}})).await;
        assert_eq!(back.body["helpdesk_settings"]["customerMode"], "2B");
        fresh.admin.post("/api/v1/users.json", json!({"user": {"mobile": "13039209556"}})).await.assert_error(400, "companyId");
    }

    async fn the_console_changes_them_through_the_same_use_case(app) {
        let tenant = app.tenant().await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let page = console.get("/console/company").await;
        page.assert_status(200);
        assert!(page.text.contains("name=\"customerMode\"") && page.text.contains("name=\"autoCloseDays\""));
        let bad = console.post("/console/company/helpdesk", &[("customerMode", "2D"), ("autoCloseDays", "400")]).await;
        bad.assert_status(400);
        assert!(bad.text.contains("f-customerMode-error") && bad.text.contains("f-autoCloseDays-error"), "{}", bad.text);
        let saved = console.post("/console/company/helpdesk", &[("customerMode", "2C"), ("autoCloseDays", "10")]).await;
        saved.assert_status(303);
        let shown = tenant.admin.get(PATH).await;
        assert_eq!(shown.body["helpdesk_settings"], json!({"customerMode": "2C", "autoCloseDays": "10"}));
        // 2C → 2B, then a company makes 2C impossible: the form says why.
        console.post("/console/company/helpdesk", &[("customerMode", "2B"), ("autoCloseDays", "10")]).await.assert_status(303);
        contact_and_company(app, &tenant).await;
        let refused = console.post("/console/company/helpdesk", &[("customerMode", "2C"), ("autoCloseDays", "")]).await;
        refused.assert_status(409);
        assert_eq!(tenant.admin.get(PATH).await.body["helpdesk_settings"]["customerMode"], "2B");
        let audit = tenant.admin.get("/api/v1/audit_logs.json").await;
        assert!(audit.text.contains("/console/company/helpdesk"), "{}", audit.text);
        // Not for other agents.
        let agent = tenant.agent(json!({})).await;
        let theirs = Console::sign_in(&app.base, &agent.account, crate::support::AGENT_PASSWORD).await;
        theirs.post("/console/company/helpdesk", &[("autoCloseDays", "1")]).await.assert_status(403);
    }
}
