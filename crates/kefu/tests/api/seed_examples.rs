//! Every curl example of the seed's agent section, sent as the seed sends it (method,
//! path, headers, body), and the answer checked against the seed's shape.

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::unique;

/// The fields of an agent in the seed's responses, in order.
const SUPPORT_FIELDS: [&str; 13] = [
    "sId",
    "url",
    "sPassportName",
    "groupId",
    "sNum",
    "name",
    "gnder",
    "email",
    "fixnumber",
    "mobile",
    "QQ",
    "isAdmin",
    "createDT",
];

/// Every field the seed shows, numbers as strings, datetimes as `YYYY-MM-DD HH:MM:SS`.
#[track_caller]
fn assert_support_shape(support: &Value) {
    for field in SUPPORT_FIELDS {
        assert!(support[field].is_string(), "{field} should be a string in {support}");
    }
    assert!(support["custom_fields"].is_array(), "custom_fields in {support}");
    assert!(support.get("password").is_none(), "no password in {support}");
    let created = support["createDT"].as_str().unwrap_or_default();
    assert_eq!(created.len(), 19, "createDT {created:?}");
    assert_eq!(&created[4..5], "-");
    assert_eq!(&created[10..11], " ");
}

backend_tests! {
    /// `curl https://…/api/v1/supports.json -v -u {account}:{password}`
    async fn list_example(app) {
        let tenant = app.tenant().await;
        tenant.agent(json!({"name": "张三"})).await;
        let reply = tenant.admin.get("/api/v1/supports.json").await;
        reply.assert_status(200);
        let supports = reply.body["supports"].as_array().expect("supports");
        assert_eq!(supports.len(), 2);
        assert_eq!(reply.body["count"], json!(2));
        assert_eq!(reply.body["next_page"], Value::Null);
        assert_eq!(reply.body["previous_page"], Value::Null);
        supports.iter().for_each(assert_support_shape);
        assert_eq!(supports[1]["name"], "张三");
    }

    /// `curl https://…/api/v1/supports/{id}.json -v -u {account}:{password}`
    async fn show_example(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"name": "管理员", "mobile": "13039209552"})).await;
        let reply = tenant.admin.get(&format!("/api/v1/supports/{}.json", agent.id)).await;
        reply.assert_status(200);
        let support = &reply.body["support"];
        assert_support_shape(support);
        assert_eq!(support["sId"], json!(agent.id));
        assert_eq!(support["url"], json!(format!("{}/api/v1/supports/{}.json", app.base, agent.id)));
        assert_eq!(support["mobile"], "13039209552");
        assert_eq!(support["custom_fields"], json!([]));
    }

    /// `curl https://…/api/v1/supports/show_many.json?ids=1,2,3 -v -u …`
    async fn show_many_example(app) {
        let tenant = app.tenant().await;
        let one = tenant.agent(json!({"name": "张三"})).await;
        let two = tenant.agent(json!({"name": "李四"})).await;
        let path = format!("/api/v1/supports/show_many.json?ids={},{},{}", one.id, two.id, tenant.admin_id);
        let reply = tenant.admin.get(&path).await;
        reply.assert_status(200);
        let names: Vec<&str> =
            reply.body["supports"].as_array().expect("supports").iter().filter_map(|s| s["name"].as_str()).collect();
        assert_eq!(names.len(), 3);
        assert_eq!(&names[..2], ["张三", "李四"]);
    }

    /// The seed's POST: `-H "Content-Type: application/json" -X POST -d '{"support":{…}}'`,
    /// with the seed's own field values (its group ids replaced by this tenant's groups;
    /// the custom fields need definitions and are covered with the custom-fields module).
    async fn create_example(app) {
        let tenant = app.tenant().await;
        let groups = [tenant.group("售后组").await, tenant.group("售前组").await];
        let body = json!({
            "support": {
                "sPassportName": unique("1303920"),
                "groupId": groups.join(","),
                "sNum": "001",
                "name": "管理员",
                "gnder": "1",
                "email": "",
                "fixnumber": "",
                "mobile": "13039209552",
                "QQ": "",
                "isAdmin": "1"
            }
        });
        let reply = tenant.admin.post("/api/v1/supports.json", body.clone()).await;
        reply.assert_status(200);
        let support = &reply.body["support"];
        assert_support_shape(support);
        let id = support["sId"].as_str().expect("sId");
        assert_eq!(reply.header("location"), Some(format!("{}/api/v1/supports/{id}.json", app.base).as_str()));
        for field in ["sPassportName", "groupId", "sNum", "name", "gnder", "email", "fixnumber", "mobile", "QQ", "isAdmin"] {
            assert_eq!(support[field], body["support"][field], "{field}");
        }
        assert_eq!(support["isStat"], "1");
    }

    /// `-X PUT -d '{"support": {"name": "张三"}}'`
    async fn update_example(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"name": "旧名字", "mobile": "13039209552"})).await;
        let reply = tenant.admin.put(&format!("/api/v1/supports/{}.json", agent.id), json!({"support": {"name": "张三"}})).await;
        reply.assert_status(200);
        assert_eq!(reply.body["support"]["name"], "张三");
        assert_eq!(reply.body["support"]["mobile"], "13039209552", "other fields unchanged");
        let again = tenant.admin.get(&format!("/api/v1/supports/{}.json", agent.id)).await;
        assert_eq!(again.body["support"]["name"], "张三");
    }

    /// `-H "Content-Type: application/json" -X DELETE`, answered with the agent as it was.
    async fn delete_example(app) {
        let tenant = app.tenant().await;
        let group = tenant.group("二线").await;
        let agent = tenant.agent(json!({"name": "卢园", "mobile": "15506843512", "groupId": group})).await;
        let path = format!("/api/v1/supports/{}.json", agent.id);
        let reply = tenant.admin.send(Method::DELETE, &path, None, &[("Content-Type", "application/json")]).await;
        reply.assert_status(200);
        assert_support_shape(&reply.body["support"]);
        assert_eq!(reply.body["support"]["name"], "卢园");
        assert_eq!(reply.body["support"]["groupId"], json!(group));
        assert_eq!(reply.body["support"]["isStat"], "1", "as it was");
        tenant.admin.get(&path).await.assert_status(404);
    }

    /// `search.json?query=sPassportName:ademi -H "Content-Type: application/json" -X GET`
    async fn search_example(app) {
        let tenant = app.tenant().await;
        let login = unique("ademi");
        tenant.agent(json!({"sPassportName": login, "name": "刘经理", "gnder": "2", "mobile": "13076869445"})).await;
        tenant.agent(json!({"name": "别人"})).await;
        let path = format!("/api/v1/supportgroups/supports/search.json?query=sPassportName:{login}");
        let reply = tenant.admin.send(Method::GET, &path, None, &[("Content-Type", "application/json")]).await;
        reply.assert_status(200);
        assert_eq!(reply.body["count"], json!("1"), "count is a string, as the seed shows");
        assert_eq!(reply.body["previous_page"], json!(""));
        assert_eq!(reply.body["next_page"], json!(""));
        let found = &reply.body["supports"][0];
        assert_support_shape(found);
        assert_eq!(found["name"], "刘经理");
        assert_eq!(found["gnder"], "2");
    }

    /// The seed sends this one with plain `curl -d` (no JSON Content-Type):
    /// `-X PUT -d '{"support": {"isStat": "1"}}'`.
    async fn servicers_example(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let path = format!("/api/v1/servicers/{}.json", agent.id);
        let form = [("Content-Type", "application/x-www-form-urlencoded")];
        let hide = tenant.admin.send(Method::PUT, &path, Some(r#"{"support": {"isStat": "0"}}"#.into()), &form).await;
        hide.assert_status(200);
        assert_eq!(hide.body, json!({"support": {"sId": agent.id, "isStat": "0"}}));
        let restore = tenant.admin.send(Method::PUT, &path, Some(r#"{"support": {"isStat": "1"}}"#.into()), &form).await;
        restore.assert_status(200);
        assert_eq!(restore.body, json!({"support": {"sId": agent.id, "isStat": "1"}}));
    }
}
