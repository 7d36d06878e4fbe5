//! Companies (公司, `/api/v1/companies…`) over HTTP on both backends: every field and its
//! rule, unique live names, soft deletion and restoring, lists, search, show_many, and
//! other accounts' ids answered as unknown.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::contacts::{company, urlencode};

backend_tests! {
    async fn companies_are_created_changed_and_listed(app) {
        let tenant = app.tenant().await;
        let group = tenant.group("售后组").await;
        let created = tenant.admin.post("/api/v1/companies.json", json!({"company": {
            "companyName": "北京网康科技有限公司", "servicestarttime": "2017-01-01", "serviceendtime": "2018-01-01 00:00:00",
            "userURL": "www.example.com", "serveNote": "备注\n第二行", "serviceCharge": "-30.00", "serviceaccount": "acc",
            "servicepassword": "secret", "address": "丰台区", "province": "北京", "city": "北京", "tableName": "VIP,北京",
            "service_groupid": group, "uId": "ignored"
        }})).await;
        created.assert_status(200);
        let body = &created.body["company"];
        let uid = body["uId"].as_str().unwrap_or_default().to_owned();
        assert_eq!(body["serviceendtime"], "2018-01-01");
        assert_eq!(body["servicepassword"], "secret", "returned as entered");
        assert_eq!((body["status"].as_str(), body["userGroup"].as_str()), (Some("1"), Some("0")));
        assert_eq!(body["supportId"], json!(tenant.admin_id));
        assert_eq!(body["service_groupid"], json!(group));

        let agent = tenant.agent(json!({})).await;
        let path = format!("/api/v1/companies/{uid}.json");
        let changed = agent.session.put(&path, json!({"company": {"city": "上海", "serviceendtime": ""}})).await;
        changed.assert_status(200);
        assert_eq!((changed.body["company"]["city"].as_str(), changed.body["company"]["serviceendtime"].as_str()), (Some("上海"), Some("")));
        agent.session.put(&path, json!({"company": {"serviceendtime": "2016-01-01"}})).await.assert_error(400, "serviceendtime");

        let second = company(&tenant, "上海某某有限公司").await;
        let list = agent.session.get("/api/v1/companies.json").await;
        assert_eq!(list.body["count"], json!(2));
        assert_eq!(list.body["companies"][0]["uId"], json!(uid));
        let ordered = agent.session.get("/api/v1/companies.json?updated_order=desc&per_page=1").await;
        assert_eq!(ordered.body["companies"][0]["uId"], json!(second));
        assert!(ordered.body["next_page"].is_string());
        let many = agent.session.get(&format!("/api/v1/companies/show_many.json?ids={second},{uid}")).await;
        assert_eq!(many.body["companies"][0]["uId"], json!(second));
        let found = agent.session.get(&format!("/api/v1/companies/search.json?query={}", urlencode("网康"))).await;
        assert_eq!(found.body["count"], "1");
        let found = agent.session.get(&format!("/api/v1/companies/search.json?query={}", urlencode("tableName:VIP"))).await;
        assert_eq!(found.body["companies"][0]["uId"], json!(uid));
        agent.session.get("/api/v1/companies/search.json?query=color:red").await.assert_error(400, "query");
    }

    async fn bad_companies_are_refused_naming_the_field(app) {
        let tenant = app.tenant().await;
        let other = app.tenant().await;
        company(&tenant, "重名公司").await;
        tenant
            .admin
            .post("/api/v1/companies.json", json!({"company": {"companyName": "重名公司"}}))
            .await
            .assert_error(409, "companyName");
        for (fields, expected) in [
            (json!({}), "companyName: is required"),
            (json!({"companyName": ""}), "companyName:"),
            (json!({"companyName": "a", "serviceCharge": "1.234"}), "serviceCharge:"),
            (json!({"companyName": "a", "servicestarttime": "2018-01-01", "serviceendtime": "2017-01-01"}), "serviceendtime:"),
            (json!({"companyName": "a", "userURL": "a b"}), "userURL:"),
            (json!({"companyName": "a", "userGroup": "999"}), "userGroup:"),
            (json!({"companyName": "a", "status": "3"}), "status:"),
            (json!({"companyName": "a", "supportId": "999999"}), "supportId:"),
            (json!({"companyName": "a", "color": "red"}), "color: unknown field"),
        ] {
            tenant.admin.post("/api/v1/companies.json", json!({ "company": fields.clone() })).await.assert_error(400, expected);
        }
        let uid = company(&other, "别家公司").await;
        tenant.admin.get(&format!("/api/v1/companies/{uid}.json")).await.assert_error(404, "no company");
        tenant.admin.get(&format!("/api/v1/companies/{uid}/users.json")).await.assert_status(404);
        tenant.admin.get("/api/v1/companies/07.json").await.assert_status(400);
    }

    async fn companies_are_deleted_softly_and_restored(app) {
        let tenant = app.tenant().await;
        let uid = company(&tenant, "甲公司").await;
        let path = format!("/api/v1/companies/{uid}.json");
        let agent = tenant.agent(json!({})).await;
        agent.session.delete(&path).await.assert_status(403);
        agent.session.put(&path, json!({"company": {"status": "2"}})).await.assert_status(403);
        let deleted = tenant.admin.delete(&path).await;
        deleted.assert_status(200);
        assert_eq!(deleted.body["company"]["status"], "1", "answered as it was");
        assert_eq!(tenant.admin.get("/api/v1/companies.json").await.body["count"], json!(0));
        let all = tenant.admin.get("/api/v1/companies.json?deStat=1").await;
        assert_eq!(all.body["companies"][0]["status"], "2");
        agent.session.get(&path).await.assert_status(404);
        // The name is free while it is deleted; restoring waits until it is free again.
        let taker = company(&tenant, "甲公司").await;
        tenant.admin.put(&path, json!({"company": {"status": "1"}})).await.assert_error(409, "companyName");
        tenant.admin.put(&format!("/api/v1/companies/{taker}.json"), json!({"company": {"companyName": "乙公司"}})).await.assert_status(200);
        let restored = tenant.admin.put(&path, json!({"company": {"status": "1"}})).await;
        restored.assert_status(200);
        assert_eq!(restored.body["company"]["status"], "1");
        assert_eq!(tenant.admin.get("/api/v1/companies.json").await.body["count"], json!(2));
        let _: Value = restored.body.clone();
    }
}
