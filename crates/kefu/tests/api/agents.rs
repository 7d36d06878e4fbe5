//! The agent resource's behaviour beyond the seed's examples: defaults, partial updates,
//! hiding, deleting, the last administrator.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::{AGENT_PASSWORD, unique};

fn path(id: &str) -> String {
    format!("/api/v1/supports/{id}.json")
}

backend_tests! {
    async fn create_applies_the_seeds_defaults(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        assert_eq!(agent.body["gnder"], "1", "default 1 (female)");
        assert_eq!(agent.body["isAdmin"], "0");
        assert_eq!(agent.body["isStat"], "1");
        assert_eq!(agent.body["groupId"], "");
        for field in ["name", "email", "fixnumber", "mobile", "QQ"] {
            assert_eq!(agent.body[field], "", "{field}");
        }
        // The default agent password applies.
        agent.session.get(&path(&agent.id)).await.assert_status(200);
    }

    async fn numbers_are_accepted_for_numeric_fields(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"gnder": 2, "isAdmin": 0, "sNum": 7001, "mobile": 13039209552_u64})).await;
        assert_eq!(agent.body["gnder"], "2");
        assert_eq!(agent.body["sNum"], "7001");
        assert_eq!(agent.body["mobile"], "13039209552");
    }

    async fn an_explicit_password_replaces_the_default(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"password": "own-secret"})).await;
        agent.session.get(&path(&agent.id)).await.assert_status(200);
        agent.session.with_password(AGENT_PASSWORD).get(&path(&agent.id)).await.assert_status(401);
    }

    async fn updates_are_partial_and_bump_update_dt_only(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"name": "王五", "email": "w@example.com", "QQ": "601100987"})).await;
        let reply = tenant.admin.put(&path(&agent.id), json!({"support": {"mobile": "13800138000", "gnder": "2"}})).await;
        reply.assert_status(200);
        let updated = &reply.body["support"];
        assert_eq!(updated["mobile"], "13800138000");
        assert_eq!(updated["gnder"], "2");
        assert_eq!(updated["name"], "王五");
        assert_eq!(updated["email"], "w@example.com");
        assert_eq!(updated["QQ"], "601100987");
        assert_eq!(updated["createDT"], agent.body["createDT"]);
        // Clearing a text field with "".
        let cleared = tenant.admin.put(&path(&agent.id), json!({"support": {"email": ""}})).await;
        assert_eq!(cleared.body["support"]["email"], "");
    }

    async fn the_whole_object_can_be_sent_back(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"name": "赵六"})).await;
        let mut support = tenant.admin.get(&path(&agent.id)).await.body["support"].clone();
        support["name"] = json!("赵六六");
        let reply = tenant.admin.put(&path(&agent.id), json!({ "support": support })).await;
        reply.assert_status(200);
        assert_eq!(reply.body["support"]["name"], "赵六六");
    }

    async fn identity_fields_cannot_change(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        for (field, value) in [
            ("sPassportName", json!("someone-else")),
            ("sId", json!("999999")),
            ("createDT", json!("2001-01-01 00:00:00")),
            ("isStat", json!("0")),
        ] {
            let reply = tenant.admin.put(&path(&agent.id), json!({"support": { field: value }})).await;
            reply.assert_error(400, &format!("{field}: cannot be changed"));
            assert_eq!(reply.body["errors"][0]["field"], json!(field));
        }
        let unchanged = tenant.admin.get(&path(&agent.id)).await;
        assert_eq!(unchanged.body["support"]["sPassportName"], json!(agent.account));
    }

    async fn changing_a_password_takes_effect_at_once(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        // Authenticate a few times so the verification is remembered.
        for _ in 0..3 {
            agent.session.get(&path(&agent.id)).await.assert_status(200);
        }
        let reply = agent.session.put(&path(&agent.id), json!({"support": {"password": "brand-new-pw"}})).await;
        reply.assert_status(200);
        assert!(reply.body["support"].get("password").is_none());
        agent.session.get(&path(&agent.id)).await.assert_error(401, "invalid account or password");
        let renewed = agent.session.with_password("brand-new-pw");
        renewed.get(&path(&agent.id)).await.assert_status(200);
        // And back: the old remembered verification must not come back to life.
        tenant.admin.put(&path(&agent.id), json!({"support": {"password": AGENT_PASSWORD}})).await.assert_status(200);
        renewed.get(&path(&agent.id)).await.assert_status(401);
        agent.session.get(&path(&agent.id)).await.assert_status(200);
    }

    async fn hidden_agents_cannot_sign_in_and_show_in_the_recycle_bin(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"name": "回收站"})).await;
        agent.session.get(&path(&agent.id)).await.assert_status(200);
        let servicer = format!("/api/v1/servicers/{}.json", agent.id);
        tenant.admin.put(&servicer, json!({"support": {"isStat": "0"}})).await.assert_status(200);
        agent.session.get(&path(&agent.id)).await.assert_status(401);

        let shown = tenant.admin.get(&path(&agent.id)).await;
        assert_eq!(shown.body["support"]["isStat"], "0");
        let bin = tenant.admin.get("/api/v1/supports.json?isStat=0").await;
        assert_eq!(bin.body["count"], json!(1));
        assert_eq!(bin.body["supports"][0]["sId"], json!(agent.id));
        let active = tenant.admin.get("/api/v1/supports.json?isStat=1").await;
        assert_eq!(active.body["count"], json!(1), "only the administrator");

        tenant.admin.put(&servicer, json!({"support": {"isStat": 1}})).await.assert_status(200);
        agent.session.get(&path(&agent.id)).await.assert_status(200);
    }

    async fn servicers_refuses_other_values(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let servicer = format!("/api/v1/servicers/{}.json", agent.id);
        tenant.admin.put(&servicer, json!({"support": {"isStat": "2"}})).await.assert_error(400, "isStat");
        tenant.admin.put(&servicer, json!({"support": {}})).await.assert_error(400, "isStat: is required");
        tenant.admin.put(&servicer, json!({"support": {"isStat": "1", "name": "x"}})).await.assert_error(400, "name: unknown field");
        tenant.admin.put("/api/v1/servicers/99999999.json", json!({"support": {"isStat": "1"}})).await.assert_status(404);
    }

    async fn deleted_agents_are_gone_and_free_their_login(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"name": "将被删除", "sNum": "D-1"})).await;
        tenant.admin.delete(&path(&agent.id)).await.assert_status(200);

        tenant.admin.get(&path(&agent.id)).await.assert_error(404, &format!("no agent with sId {}", agent.id));
        tenant.admin.delete(&path(&agent.id)).await.assert_status(404);
        tenant.admin.put(&path(&agent.id), json!({"support": {"name": "x"}})).await.assert_status(404);
        tenant.admin.put(&format!("/api/v1/servicers/{}.json", agent.id), json!({"support": {"isStat": "1"}})).await.assert_status(404);
        agent.session.get(&path(&agent.id)).await.assert_status(401);

        let list = tenant.admin.get("/api/v1/supports.json").await;
        assert!(!list.text.contains(&agent.account), "not listed");
        let many = tenant.admin.get(&format!("/api/v1/supports/show_many.json?ids={}", agent.id)).await;
        assert_eq!(many.body["supports"], json!([]));
        let search = tenant.admin.get("/api/v1/supportgroups/supports/search.json?query=name:将被删除").await;
        assert_eq!(search.body["count"], "0");

        // Its login and job number can be given to someone new.
        let again = tenant.agent(json!({"sPassportName": agent.account, "sNum": "D-1"})).await;
        assert_ne!(again.id, agent.id);
    }

    async fn the_last_administrator_stays(app) {
        let tenant = app.tenant().await;
        let admin_path = path(&tenant.admin_id);
        tenant.admin.put(&admin_path, json!({"support": {"isAdmin": "0"}})).await.assert_error(409, "last active administrator");
        tenant.admin.put(&format!("/api/v1/servicers/{}.json", tenant.admin_id), json!({"support": {"isStat": "0"}}))
            .await
            .assert_error(409, "last active administrator");
        tenant.admin.delete(&admin_path).await.assert_error(409, "last active administrator");

        // A hidden administrator does not count as the company's administrator.
        let second = tenant.agent(json!({"isAdmin": "1"})).await;
        tenant.admin.put(&format!("/api/v1/servicers/{}.json", second.id), json!({"support": {"isStat": "0"}})).await.assert_status(200);
        tenant.admin.delete(&admin_path).await.assert_error(409, "last active administrator");

        // With another active administrator, the first may step down.
        tenant.admin.put(&format!("/api/v1/servicers/{}.json", second.id), json!({"support": {"isStat": "1"}})).await.assert_status(200);
        let demoted = tenant.admin.put(&admin_path, json!({"support": {"isAdmin": "0"}})).await;
        demoted.assert_status(200);
        assert_eq!(demoted.body["support"]["isAdmin"], "0");
        // …and is now refused the administrator's endpoints.
        tenant.admin.get("/api/v1/supports.json").await.assert_status(403);
        second.session.get("/api/v1/supports.json").await.assert_status(200);
        second.session.delete(&path(&second.id)).await.assert_error(409, "last active administrator");
    }

    async fn groups_can_be_changed_and_cleared(app) {
        let tenant = app.tenant().await;
        let a = tenant.group("A组").await;
        let b = tenant.group("B组").await;
        let agent = tenant.agent(json!({"groupId": format!("{b},{a}")})).await;
        let sorted = if a.parse::<u64>().unwrap_or(0) < b.parse::<u64>().unwrap_or(0) { format!("{a},{b}") } else { format!("{b},{a}") };
        assert_eq!(agent.body["groupId"], json!(sorted), "ascending");
        let reply = tenant.admin.put(&path(&agent.id), json!({"support": {"groupId": a.parse::<u64>().unwrap_or(0)}})).await;
        assert_eq!(reply.body["support"]["groupId"], json!(a));
        let cleared = tenant.admin.put(&path(&agent.id), json!({"support": {"groupId": ""}})).await;
        assert_eq!(cleared.body["support"]["groupId"], "");
    }

    async fn timestamps_follow_the_tenant_time_zone(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let shanghai = agent.body["createDT"].as_str().unwrap_or_default().to_owned();
        app.store.set_time_zone(tenant.id, "UTC").await.expect("set the zone");
        // Any new request reads the zone afresh.
        let reply = tenant.admin.get(&path(&agent.id)).await;
        let utc = reply.body["support"]["createDT"].as_str().unwrap_or_default().to_owned();
        assert_ne!(shanghai, utc);
        let hour = |s: &str| s[11..13].parse::<i64>().unwrap_or(-1);
        assert_eq!((hour(&shanghai) - hour(&utc)).rem_euclid(24), 8, "{shanghai} vs {utc}");
    }

    async fn unknown_group_ids_are_refused(app) {
        let tenant = app.tenant().await;
        let reply = tenant
            .admin
            .post("/api/v1/supports.json", json!({"support": {"sPassportName": unique("g"), "sNum": "G1", "groupId": "99999"}}))
            .await;
        reply.assert_error(400, "groupId: no support group 99999 in this company");
        assert_eq!(reply.body["errors"][0]["field"], "groupId");
        let none = tenant.admin.get("/api/v1/supports.json").await;
        assert_eq!(none.body["count"], Value::from(1), "nothing was created");
    }
}
