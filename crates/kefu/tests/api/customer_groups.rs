//! Customer groups (客户分组, `/api/v1/customergroups…`) over HTTP on both backends: types,
//! names unique per type, memberships of companies and contacts, deletion emptying them.

use serde_json::json;

use crate::backend_tests;
use crate::contacts::{company, contact};

backend_tests! {
    async fn customer_groups_hold_companies_or_contacts(app) {
        let tenant = app.tenant().await;
        let other = app.tenant().await;
        let created = tenant.admin.post("/api/v1/customergroups.json", json!({"customergroup": {"groupName": "大客户", "type": "1"}})).await;
        created.assert_status(200);
        let companies = created.body["customergroup"]["groupId"].as_str().unwrap_or_default().to_owned();
        assert_eq!(created.body["customergroup"]["type"], "1");
        let contacts_group = tenant.admin.post("/api/v1/customergroups.json", json!({"customergroup": {"groupName": "大客户", "type": "2"}})).await;
        contacts_group.assert_status(200);
        let contacts = contacts_group.body["customergroup"]["groupId"].as_str().unwrap_or_default().to_owned();
        tenant
            .admin
            .post("/api/v1/customergroups.json", json!({"customergroup": {"groupName": "大客户", "type": "2"}}))
            .await
            .assert_error(409, "groupName");
        for (body, expected) in [
            (json!({"groupName": "x"}), "type: is required"),
            (json!({"groupName": "x", "type": "3"}), "type:"),
            (json!({"groupName": "", "type": "1"}), "groupName:"),
            (json!({"groupName": "x", "type": "1", "color": "red"}), "color: unknown field"),
        ] {
            tenant.admin.post("/api/v1/customergroups.json", json!({ "customergroup": body })).await.assert_error(400, expected);
        }
        let agent = tenant.agent(json!({})).await;
        agent
            .session
            .post("/api/v1/customergroups.json", json!({"customergroup": {"groupName": "y", "type": "1"}}))
            .await
            .assert_status(403);
        let list = agent.session.get("/api/v1/customergroups.json").await;
        assert_eq!(list.body["count"], json!(2));
        assert_eq!(list.body["customergroups"][1]["groupId"], json!(contacts));
        let many = agent.session.get(&format!("/api/v1/customergroups/show_many.json?ids={contacts},{companies}")).await;
        assert_eq!(many.body["customergroups"][0]["groupId"], json!(contacts));
        other.admin.get(&format!("/api/v1/customergroups/{companies}.json")).await.assert_error(404, "no customer group");

        // Members of the right type only.
        let uid = company(&tenant, "甲公司").await;
        tenant
            .admin
            .put(&format!("/api/v1/companies/{uid}.json"), json!({"company": {"userGroup": contacts}}))
            .await
            .assert_error(400, "userGroup");
        let changed = tenant.admin.put(&format!("/api/v1/companies/{uid}.json"), json!({"company": {"userGroup": companies}})).await;
        assert_eq!(changed.body["company"]["userGroup"], json!(companies));
        tenant
            .admin
            .post("/api/v1/users.json", json!({"user": {"mobile": "13039209552", "companyId": uid, "userGroup": companies}}))
            .await
            .assert_error(400, "userGroup");
        let user = contact(&tenant, json!({"mobile": "13039209552", "companyId": uid, "userGroup": contacts})).await;
        assert_eq!(user["userGroup"], json!(contacts));

        let path = format!("/api/v1/customergroups/{companies}.json");
        tenant.admin.put(&path, json!({"customergroup": {"groupName": "重点", "type": "2"}})).await.assert_error(400, "type");
        let renamed = tenant.admin.put(&path, json!({"customergroup": {"groupName": "重点"}})).await;
        assert_eq!(renamed.body["customergroup"]["groupName"], "重点");
        let deleted = tenant.admin.delete(&path).await;
        assert_eq!(deleted.body["customergroup"]["groupName"], "重点", "as it was");
        let after = tenant.admin.get(&format!("/api/v1/companies/{uid}.json")).await;
        assert_eq!(after.body["company"]["userGroup"], "0");
        tenant.admin.delete(&format!("/api/v1/customergroups/{contacts}.json")).await.assert_status(200);
        let cid = user["cId"].as_str().unwrap_or_default();
        assert_eq!(tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await.body["user"]["userGroup"], "");
    }
}
