//! `POST /api/v1/companies/batch.json` (an extension, for imports): up to 500 companies
//! created all or none, each by the rules of `POST /companies.json`, a problem named by the
//! row's index and field.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::contacts::company;

backend_tests! {
    async fn a_company_batch_creates_every_company_in_order(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let companies: Vec<Value> = (0..30)
            .map(|i| json!({"companyName": format!("批量公司{i}"), "tableName": "导入", "city": "北京"}))
            .collect();
        let reply = agent.session.post("/api/v1/companies/batch.json", json!({ "companies": companies })).await;
        reply.assert_status(200);
        let created = reply.body["companies"].as_array().expect("companies");
        assert_eq!(created.len(), 30);
        assert_eq!(created[0]["companyName"], "批量公司0");
        assert_eq!(created[29]["companyName"], "批量公司29", "in the order sent");
        assert_eq!(created[3]["tableName"], "导入");
        assert_eq!(created[3]["supportId"], json!(agent.id));
        let list = tenant.admin.get("/api/v1/companies.json?per_page=1").await;
        assert_eq!(list.body["count"], json!(30));
        let found = tenant.admin.get("/api/v1/companies/search.json?query=companyName:批量公司17").await;
        assert_eq!(found.body["companies"][0]["companyName"], "批量公司17");
    }

    async fn a_bad_company_refuses_the_whole_batch_naming_it(app) {
        let tenant = app.tenant().await;
        company(&tenant, "甲公司").await;
        let good = json!({"companyName": "乙公司"});
        for (bad, expected) in [
            (json!({"city": "上海"}), "companies[1].companyName: is required"),
            (json!({"companyName": "丙公司", "supportId": "999999"}), "companies[1].supportId"),
            (json!({"companyName": "丙公司", "color": "red"}), "companies[1].color"),
            (json!({"companyName": "乙公司"}), "companies[1].companyName"),
            (json!("not an object"), "companies[1]: must be a JSON object"),
        ] {
            let body = json!({"companies": [good.clone(), bad]});
            tenant.admin.post("/api/v1/companies/batch.json", body).await.assert_error(400, expected);
        }
        // A name another live company has.
        let taken = json!({"companies": [good.clone(), {"companyName": "甲公司"}]});
        tenant.admin.post("/api/v1/companies/batch.json", taken).await.assert_error(409, "甲公司");
        // The batch's size and shape.
        let empty = json!({"companies": []});
        tenant.admin.post("/api/v1/companies/batch.json", empty).await.assert_error(400, "companies: must hold 1 to 500");
        let many: Vec<Value> = (0..501).map(|i| json!({"companyName": format!("公司{i}")})).collect();
        tenant.admin.post("/api/v1/companies/batch.json", json!({ "companies": many })).await.assert_error(400, "companies:");
        tenant.admin.post("/api/v1/companies/batch.json", json!({"company": good})).await.assert_error(400, "company");
        // Nothing was written but the first company.
        assert_eq!(tenant.admin.get("/api/v1/companies.json").await.body["count"], json!(1));
    }
}
