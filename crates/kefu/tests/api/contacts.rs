//! Contacts (联系人, `/api/v1/users…` and the `_v2` twins): every rule of issue 20 over
//! HTTP on both backends — a mobile or a landline, the company of a 2B contact (live, this
//! account's), one default contact per company, tags, remote ids, `supportId` an agent of
//! the account, soft deletion with `deStat` and restoring, other accounts' ids answered as
//! unknown, custom values in both dialects, bad values named.

use kefu_domain::custom_field::{CustomField, CustomFieldSettings, FieldEntity, FieldKind, FieldSettings, FieldType};
use kefu_domain::customer::CustomerMode;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::Tenant;

/// Creates a company through the API and answers its uId.
pub async fn company(tenant: &Tenant, name: &str) -> String {
    let reply = tenant.admin.post("/api/v1/companies.json", json!({"company": {"companyName": name}})).await;
    reply.assert_status(200);
    reply.body["company"]["uId"].as_str().expect("uId").to_owned()
}

/// Creates a contact through the API and answers its body.
pub async fn contact(tenant: &Tenant, fields: Value) -> Value {
    let reply = tenant.admin.post("/api/v1/users.json", json!({ "user": fields })).await;
    reply.assert_status(200);
    reply.body["user"].clone()
}

fn id(user: &Value) -> String {
    user["cId"].as_str().expect("cId").to_owned()
}

backend_tests! {
    async fn contacts_are_created_shown_and_listed(app) {
        let tenant = app.tenant().await;
        let uid = company(&tenant, "北京网康科技有限公司").await;
        let created = tenant.admin.post("/api/v1/users.json", json!({"user": {
            "name": "张三", "mobile": "13039209552", "fixnumber": "010-63701717", "email": "Zhang@Example.com",
            "position": "经理", "QQ": "12345", "note": "第一行\n第二行", "companyId": uid, "uniqueId": "wx_1",
            "default": "1", "tableName": "VIP，老客户", "cId": "ignored", "createDT": "ignored"
        }})).await;
        created.assert_status(200);
        let user = &created.body["user"];
        let cid = id(user);
        assert_eq!(user["companyId"], json!(uid));
        assert_eq!(user["supportId"], json!(tenant.admin_id), "the creator by default");
        assert_eq!(user["createrId"], json!(tenant.admin_id));
        assert_eq!((user["default"].as_str(), user["state"].as_str()), (Some("1"), Some("1")));
        assert_eq!(user["tableName"], "VIP,老客户");
        assert_eq!(user["uniqueId"], "wx_1");
        assert!(user.get("uniqueIds").is_none());
        assert!(user["url"].as_str().unwrap_or_default().ends_with(&format!("/api/v1/users/{cid}.json")));

        let shown = tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await;
        shown.assert_status(200);
        assert_eq!(shown.body["user"]["name"], "张三");
        let v2 = tenant.admin.get(&format!("/api/v1/users_v2/{cid}.json")).await;
        assert_eq!(v2.body["user"]["uniqueIds"], json!([{"uniqueId": "wx_1", "note": ""}]));
        assert!(v2.body["user"].get("uniqueId").is_none());

        // Any agent reads and creates contacts.
        let agent = tenant.agent(json!({})).await;
        let second = agent.session.post("/api/v1/users_v2.json", json!({"user": {
            "fixnumber": "010-12345678", "companyId": uid, "default": "1",
            "uniqueIds": [{"uniqueId": "crm-2", "note": "CRM"}]
        }})).await;
        second.assert_status(200);
        assert_eq!(second.body["user"]["createrId"], json!(agent.id));
        assert_eq!(second.body["user"]["name"], "", "a contact may have no name yet");
        // One default contact per company.
        assert_eq!(tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await.body["user"]["default"], "0");

        let list = agent.session.get("/api/v1/users.json").await;
        list.assert_status(200);
        assert_eq!(list.body["count"], json!(2));
        assert_eq!(list.body["users"][0]["cId"], json!(cid));
        assert_eq!(list.body["next_page"], Value::Null);
        let paged = agent.session.get("/api/v1/users.json?per_page=1&created_order=desc").await;
        assert_eq!(paged.body["users"][0]["cId"], second.body["user"]["cId"]);
        assert!(paged.body["next_page"].as_str().unwrap_or_default().contains("created_order=desc"));
        let of_company = agent.session.get(&format!("/api/v1/companies/{uid}/users.json")).await;
        of_company.assert_status(200);
        assert_eq!(of_company.body["count"], json!(2));
        let many = agent.session.get(&format!("/api/v1/users/show_many.json?ids={},{cid}", id(&second.body["user"]))).await;
        assert_eq!(many.body["users"][1]["cId"], json!(cid), "in the order asked");

        // Changes.
        let path = format!("/api/v1/users/{cid}.json");
        let changed = agent.session.put(&path, json!({"user": {"position": "总监", "tableName": "", "uniqueId": ""}})).await;
        changed.assert_status(200);
        assert_eq!((changed.body["user"]["position"].as_str(), changed.body["user"]["tableName"].as_str()), (Some("总监"), Some("")));
        assert_eq!(changed.body["user"]["uniqueId"], "");
        agent.session.put(&path, json!({"user": {"mobile": "", "fixnumber": ""}})).await.assert_error(400, "mobile");
    }

    async fn bad_contacts_are_refused_naming_the_field(app) {
        let tenant = app.tenant().await;
        let other = app.tenant().await;
        let uid = company(&tenant, "甲公司").await;
        let foreign = company(&other, "乙公司").await;
        let foreign_agent = other.agent(json!({})).await;
        for (fields, expected) in [
            (json!({"name": "无电话", "companyId": uid}), "mobile: a contact needs a mobile number or a landline"),
            (json!({"mobile": "13039209552"}), "companyId: is required"),
            (json!({"mobile": "123", "companyId": uid}), "mobile:"),
            (json!({"mobile": "13039209552", "companyId": uid, "email": "not-an-address"}), "email:"),
            (json!({"mobile": "13039209552", "companyId": uid, "QQ": "0123"}), "QQ:"),
            (json!({"mobile": "13039209552", "companyId": uid, "state": "3"}), "state:"),
            (json!({"mobile": "13039209552", "companyId": uid, "default": "yes"}), "default:"),
            (json!({"mobile": "13039209552", "companyId": foreign}), "companyId: no company"),
            (json!({"mobile": "13039209552", "companyId": "07"}), "companyId:"),
            (json!({"mobile": "13039209552", "companyId": uid, "supportId": foreign_agent.id}), "supportId: no active agent"),
            (json!({"mobile": "13039209552", "companyId": uid, "userGroup": "999"}), "userGroup: no customer group"),
            (json!({"mobile": "13039209552", "companyId": uid, "tableName": "x".repeat(33)}), "tableName:"),
            (json!({"mobile": "13039209552", "companyId": uid, "name": " 空格"}), "name:"),
            (json!({"mobile": "13039209552", "companyId": uid, "color": "red"}), "color: unknown field"),
            (json!({"mobile": "13039209552", "companyId": uid, "custom_fields": [{"key": "field_9", "value": "x"}]}), "custom_fields.field_9"),
        ] {
            tenant.admin.post("/api/v1/users.json", json!({ "user": fields.clone() })).await.assert_error(400, expected);
        }
        // Nothing half written.
        assert_eq!(tenant.admin.get("/api/v1/users.json").await.body["count"], json!(0));

        contact(&tenant, json!({"mobile": "13039209552", "companyId": uid, "uniqueId": "wx_1"})).await;
        tenant
            .admin
            .post("/api/v1/users.json", json!({"user": {"mobile": "13039209553", "companyId": uid, "uniqueId": "wx_1"}}))
            .await
            .assert_error(409, "uniqueId");
        // A deleted company takes no new contact.
        tenant.admin.delete(&format!("/api/v1/companies/{uid}.json")).await.assert_status(200);
        tenant
            .admin
            .post("/api/v1/users.json", json!({"user": {"mobile": "13039209554", "companyId": uid}}))
            .await
            .assert_error(400, "companyId: company");
    }

    async fn contacts_are_deleted_softly_and_restored(app) {
        let tenant = app.tenant().await;
        let other = app.tenant().await;
        let uid = company(&tenant, "甲公司").await;
        let user = contact(&tenant, json!({"mobile": "13039209552", "companyId": uid, "state": "2"})).await;
        let cid = id(&user);
        let path = format!("/api/v1/users/{cid}.json");
        let agent = tenant.agent(json!({})).await;
        agent.session.delete(&path).await.assert_status(403);
        other.admin.get(&path).await.assert_error(404, "no contact");
        other.admin.delete(&path).await.assert_status(404);
        other.admin.put(&path, json!({"user": {"name": "x"}})).await.assert_status(404);

        let deleted = tenant.admin.delete(&path).await;
        deleted.assert_status(200);
        assert_eq!(deleted.body["user"]["state"], "2", "answered as it was");
        assert_eq!(tenant.admin.get("/api/v1/users.json").await.body["count"], json!(0));
        let with_deleted = tenant.admin.get("/api/v1/users.json?deStat=1").await;
        assert_eq!(with_deleted.body["count"], json!(1));
        assert_eq!(with_deleted.body["users"][0]["state"], "3");
        agent.session.get(&path).await.assert_status(404);
        tenant.admin.get(&path).await.assert_status(200);
        let many = tenant.admin.get(&format!("/api/v1/users/show_many.json?ids={cid}")).await;
        assert_eq!(many.body["users"], json!([]));
        let found = tenant.admin.get("/api/v1/users/search.json?query=mobile:13039209552").await;
        assert_eq!(found.body["count"], "0");

        agent.session.put(&path, json!({"user": {"state": "1"}})).await.assert_status(404);
        tenant.admin.put(&path, json!({"user": {"name": "x"}})).await.assert_error(400, "state");
        let restored = tenant.admin.put(&path, json!({"user": {"state": "1"}})).await;
        restored.assert_status(200);
        assert_eq!(restored.body["user"]["state"], "1");
        assert_eq!(tenant.admin.get("/api/v1/users.json").await.body["count"], json!(1));
        tenant.admin.get("/api/v1/users.json?deStat=2").await.assert_error(400, "deStat");
        tenant.admin.get("/api/v1/users.json?created_order=asc&updated_order=asc").await.assert_error(400, "updated_order");
    }

    async fn contacts_are_searched(app) {
        let tenant = app.tenant().await;
        let other = app.tenant().await;
        let uid = company(&tenant, "甲公司").await;
        let zhang = id(&contact(&tenant, json!({"name": "张三丰", "mobile": "13039209552", "fixnumber": "010-63701717",
            "email": "Zhang@Example.com", "companyId": uid, "tableName": "VIP", "uniqueId": "wx_9"})).await);
        let li = id(&contact(&tenant, json!({"name": "李四", "mobile": "13039209553", "companyId": uid})).await);
        contact(&other, json!({"name": "张三丰", "mobile": "13039209552", "companyId": company(&other, "丙").await})).await;
        for (query, expected) in [
            ("mobile:13039209552", vec![zhang.clone()]),
            ("fixnumber:01063701717", vec![zhang.clone()]),
            ("email:zhang@example.com", vec![zhang.clone()]),
            ("name:三丰", vec![zhang.clone()]),
            ("张三", vec![zhang.clone()]),
            ("13039209553", vec![li.clone()]),
            ("uniqueId:wx_9", vec![zhang.clone()]),
            ("tableName:VIP", vec![zhang.clone()]),
            (&format!("companyId:{uid}"), vec![zhang.clone(), li.clone()]),
        ] {
            let reply = tenant.admin.get(&format!("/api/v1/users/search.json?query={}", urlencode(query))).await;
            reply.assert_status(200);
            let found: Vec<String> = reply.body["users"].as_array().map(|users| users.iter().map(id).collect()).unwrap_or_default();
            assert_eq!(found, expected, "{query}");
            assert_eq!(reply.body["count"], json!(expected.len().to_string()));
            assert_eq!(reply.body["next_page"], "");
        }
        tenant.admin.get("/api/v1/users/search.json?query=color:red").await.assert_error(400, "query");
        tenant.admin.get("/api/v1/users/search.json").await.assert_error(400, "query");
    }

    async fn custom_values_travel_as_text_or_option_ids(app) {
        let tenant = app.tenant().await;
        let field = CustomField {
            entity: FieldEntity::Contact,
            number: 0,
            title: "级别".into(),
            kind: FieldKind::Basic(FieldType::Dropdown),
            required: false,
            settings: CustomFieldSettings {
                base: FieldSettings { options: vec!["金".into(), "银".into()], ..Default::default() },
                ..Default::default()
            },
        };
        app.store.create_custom_field(tenant.id, &field).await.expect("define a contact field");
        let uid = company(&tenant, "甲公司").await;
        let created = tenant.admin.post("/api/v1/users_v2.json", json!({"user": {"mobile": "13039209552", "companyId": uid,
            "custom_fields": [{"key": "field_1", "value": "2"}]}})).await;
        created.assert_status(200);
        assert_eq!(created.body["user"]["custom_fields"], json!([{"key": "field_1", "value": "2"}]));
        let cid = id(&created.body["user"]);
        let definitions = tenant.admin.get("/api/v1/users/user_fields.json").await;
        definitions.assert_status(200);
        assert_eq!(definitions.body[0]["key"], "field_1");
        assert_eq!((definitions.body[0]["type"].as_str(), definitions.body[0]["isRequired"].as_str()), (Some("1"), Some("1")));
        assert_eq!(definitions.body[0]["custom_field_options"], json!([{"key": "1", "value": "金"}, {"key": "2", "value": "银"}]));
        assert_eq!(tenant.admin.get("/api/v1/companies/company_fields.json").await.body, json!([]));
        let old = tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await;
        assert_eq!(old.body["user"]["custom_fields"], json!([{"key": "field_1", "value": "银"}]));
        tenant
            .admin
            .put(&format!("/api/v1/users/{cid}.json"), json!({"user": {"custom_fields": [{"key": "field_1", "value": "铜"}]}}))
            .await
            .assert_error(400, "custom_fields.field_1");
        // Companies' field_1 is not contacts' field_1.
        tenant
            .admin
            .post("/api/v1/companies.json", json!({"company": {"companyName": "乙", "custom_fields": [{"key": "field_1", "value": "金"}]}}))
            .await
            .assert_error(400, "custom_fields.field_1");
    }

    async fn a_2c_account_has_contacts_without_companies(app) {
        let tenant = app.tenant().await;
        app.store.set_customer_mode(tenant.id, CustomerMode::Consumer).await.expect("2C");
        let user = contact(&tenant, json!({"mobile": "13039209552"})).await;
        assert!(user.get("companyId").is_none(), "no companyId in 2C: {user}");
        tenant
            .admin
            .post("/api/v1/users.json", json!({"user": {"mobile": "13039209553", "companyId": "1"}}))
            .await
            .assert_error(400, "2C");
        tenant.admin.get("/api/v1/companies.json").await.assert_error(403, "2C");
        tenant
            .admin
            .post("/api/v1/companies.json", json!({"company": {"companyName": "甲"}}))
            .await
            .assert_error(403, "2C");
    }
}

/// Percent-encodes a query value (every byte but ASCII letters and digits).
pub fn urlencode(raw: &str) -> String {
    raw.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}
