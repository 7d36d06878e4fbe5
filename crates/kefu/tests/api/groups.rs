//! Support groups: the kefu extension that makes `groupId` refer to something real.

use serde_json::{Value, json};

use crate::backend_tests;

backend_tests! {
    async fn groups_are_created_listed_renamed_and_deleted(app) {
        let tenant = app.tenant().await;
        let created = tenant.admin.post("/api/v1/supportgroups.json", json!({"supportgroup": {"sgName": "售后组"}})).await;
        created.assert_status(200);
        let group = &created.body["supportgroup"];
        let id = group["groupId"].as_str().unwrap_or_default().to_owned();
        assert_eq!(group["sgName"], "售后组");
        assert!(group.get("name").is_none(), "the hosted name only");
        assert!(group["createDT"].is_string());

        let list = tenant.admin.get("/api/v1/supportgroups.json").await;
        assert_eq!(list.body["count"], json!(1));
        assert_eq!(list.body["supportgroups"][0]["groupId"], json!(id));
        assert_eq!(list.body["next_page"], Value::Null);

        let path = format!("/api/v1/supportgroups/{id}.json");
        let renamed = tenant.admin.put(&path, json!({"supportgroup": {"sgName": "售前组"}})).await;
        renamed.assert_status(200);
        assert_eq!(renamed.body["supportgroup"]["sgName"], "售前组");
        assert_eq!(tenant.admin.get(&path).await.body["supportgroup"]["sgName"], "售前组");

        let deleted = tenant.admin.delete(&path).await;
        deleted.assert_status(200);
        assert_eq!(deleted.body["supportgroup"]["sgName"], "售前组", "as it was");
        tenant.admin.get(&path).await.assert_error(404, &format!("no support group with groupId {id}"));
        tenant.admin.delete(&path).await.assert_status(404);
    }

    async fn deleting_a_group_takes_it_out_of_agents(app) {
        let tenant = app.tenant().await;
        let keep = tenant.group("留下").await;
        let gone = tenant.group("解散").await;
        let both = tenant.agent(json!({"groupId": format!("{keep},{gone}")})).await;
        let only_gone = tenant.agent(json!({"groupId": gone})).await;
        tenant.admin.delete(&format!("/api/v1/supportgroups/{gone}.json")).await.assert_status(200);

        let after = tenant.admin.get(&format!("/api/v1/supports/{}.json", both.id)).await;
        assert_eq!(after.body["support"]["groupId"], json!(keep));
        let after = tenant.admin.get(&format!("/api/v1/supports/{}.json", only_gone.id)).await;
        assert_eq!(after.body["support"]["groupId"], "");
        // The deleted id can no longer be assigned.
        tenant
            .admin
            .put(&format!("/api/v1/supports/{}.json", both.id), json!({"support": {"groupId": gone}}))
            .await
            .assert_error(400, "no support group");
    }

    async fn group_names_are_checked(app) {
        let tenant = app.tenant().await;
        tenant.group("重复").await;
        tenant
            .admin
            .post("/api/v1/supportgroups.json", json!({"supportgroup": {"sgName": "重复"}}))
            .await
            .assert_error(409, "already named \"重复\"");
        for (body, expected) in [
            (json!({"supportgroup": {"sgName": ""}}), "sgName: must not be empty"),
            (json!({"supportgroup": {"sgName": "x".repeat(65)}}), "sgName: must be at most 64 characters"),
            (json!({"supportgroup": {}}), "sgName: is required"),
            (json!({"supportgroup": {"sgName": "a", "color": "red"}}), "color: unknown field"),
            (json!({"group": {"name": "a"}}), "group: unknown member"),
        ] {
            tenant.admin.post("/api/v1/supportgroups.json", body).await.assert_error(400, expected);
        }
    }

    async fn group_lists_page(app) {
        let tenant = app.tenant().await;
        for i in 0..5 {
            tenant.group(&format!("组{i}")).await;
        }
        let first = tenant.admin.get("/api/v1/supportgroups.json?per_page=2").await;
        assert_eq!(first.body["count"], json!(5));
        assert_eq!(first.body["next_page"], json!(format!("{}/api/v1/supportgroups.json?per_page=2&page=2", app.base)));
        let last = tenant.admin.get("/api/v1/supportgroups.json?per_page=2&page=3").await;
        assert_eq!(last.body["supportgroups"].as_array().map(Vec::len), Some(1));
        assert_eq!(last.body["next_page"], Value::Null);
        tenant.admin.get("/api/v1/supportgroups.json?per_page=500").await.assert_error(400, "per_page");
    }
}
