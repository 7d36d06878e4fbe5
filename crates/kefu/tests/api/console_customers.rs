//! The console's customer pages (客户) over HTTP on both backends: companies and contacts
//! through their forms (custom fields, search, paging, a company's contacts), Chinese
//! messages beside the fields, CSRF, the recycle bin, customer groups, an agent's rights
//! against an administrator's, and a 2C account without companies.

use kefu_domain::custom_field::{CustomField, CustomFieldSettings, FieldEntity, FieldKind, FieldSettings, FieldType};
use kefu_domain::customer::CustomerMode;
use serde_json::json;

use crate::backend_tests;
use crate::support::console::Console;
use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD};

fn text_field(entity: FieldEntity, title: &str) -> CustomField {
    CustomField {
        entity,
        number: 0,
        title: title.into(),
        kind: FieldKind::Basic(FieldType::Text),
        required: false,
        settings: CustomFieldSettings::default(),
    }
}

/// A field of `kind`; a dropdown's options 金 and 银.
fn typed_field(entity: FieldEntity, title: &str, kind: FieldType) -> CustomField {
    let options = if kind == FieldType::Dropdown { vec!["金".to_owned(), "银".to_owned()] } else { Vec::new() };
    let base = FieldSettings { options, ..FieldSettings::default() };
    CustomField {
        kind: FieldKind::Basic(kind),
        settings: CustomFieldSettings { base, ..Default::default() },
        ..text_field(entity, title)
    }
}

/// The id after `prefix` in a redirect's location (`/console/companies/7?notice=created`).
fn id_in(location: &str, prefix: &str) -> String {
    let rest = location.strip_prefix(prefix).unwrap_or_default();
    rest.split('?').next().unwrap_or_default().to_owned()
}

backend_tests! {
    async fn companies_and_contacts_go_through_their_forms(app) {
        let tenant = app.tenant().await;
        app.store.create_custom_field(tenant.id, &text_field(FieldEntity::Company, "行业")).await.expect("company field");
        app.store.create_custom_field(tenant.id, &text_field(FieldEntity::Contact, "爱好")).await.expect("contact field");
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;

        let home = console.get("/console/customers").await;
        home.assert_status(303);
        assert_eq!(home.location(), "/console/companies");
        let agents = console.get("/console/agents").await;
        assert!(agents.text.contains("href=\"/console/customers\""), "a navigation entry");
        let empty = console.get("/console/companies").await;
        empty.assert_status(200);
        assert!(empty.text.contains("没有找到公司"));
        let form = console.get("/console/companies/new").await;
        form.assert_status(200);
        assert!(form.text.contains("行业") && form.text.contains("name=\"cf_1\""), "the company fields, not the contact ones");
        assert!(!form.text.contains("爱好"));

        // A bad value is answered in Chinese beside its field, the form kept.
        let refused = console.post("/console/companies", &[("companyName", ""), ("city", "北京"), ("cf_1", "软件")]).await;
        refused.assert_status(400);
        assert!(refused.text.contains("f-companyName-error"), "{}", refused.text);
        assert!(refused.text.contains("不能为空") || refused.text.contains("必填"), "{}", refused.text);
        assert!(refused.text.contains("value=\"北京\"") && refused.text.contains("value=\"软件\""));

        let created = console.post("/console/companies", &[("companyName", "北京网康科技有限公司"), ("city", "北京"), ("tableName", "VIP"), ("cf_1", "软件")]).await;
        created.assert_status(303);
        assert!(created.location().ends_with("?notice=created"), "{}", created.location());
        let uid = id_in(created.location(), "/console/companies/");
        let shown = console.get(created.location()).await;
        shown.assert_status(200);
        assert!(shown.text.contains("已创建") && shown.text.contains("value=\"软件\""));
        let api = tenant.admin.get(&format!("/api/v1/companies/{uid}.json")).await;
        assert_eq!(api.body["company"]["companyName"], "北京网康科技有限公司");
        assert_eq!(api.body["company"]["custom_fields"], json!([{"key": "field_1", "value": "软件"}]));

        let edited = console.post(&format!("/console/companies/{uid}"), &[("companyName", "北京网康科技有限公司"), ("city", "上海"), ("cf_1", "硬件")]).await;
        edited.assert_status(303);
        let api = tenant.admin.get(&format!("/api/v1/companies/{uid}.json")).await;
        assert_eq!((api.body["company"]["city"].as_str(), api.body["company"]["custom_fields"][0]["value"].as_str()), (Some("上海"), Some("硬件")));
        let bad_url = console.post(&format!("/console/companies/{uid}"), &[("companyName", "北京网康科技有限公司"), ("userURL", "a b")]).await;
        bad_url.assert_status(400);
        assert!(bad_url.text.contains("f-userURL-error"), "{}", bad_url.text);

        // Contacts: a bad mobile in Chinese, then one for the company.
        let new_contact = console.get(&format!("/console/contacts/new?company={uid}")).await;
        new_contact.assert_status(200);
        assert!(new_contact.text.contains(&format!("value=\"{uid}\"")) && new_contact.text.contains("爱好"));
        let refused = console.post("/console/contacts", &[("name", "张三"), ("companyId", &uid), ("mobile", "123")]).await;
        refused.assert_status(400);
        assert!(refused.text.contains("f-mobile-error") && refused.text.contains("手机号"), "{}", refused.text);
        let created = console.post("/console/contacts", &[("name", "张三"), ("companyId", &uid), ("mobile", "13039209552"), ("email", "zs@example.com"), ("state", "1"), ("cf_1", "围棋")]).await;
        created.assert_status(303);
        let cid = id_in(created.location(), "/console/contacts/");
        let api = tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await;
        assert_eq!((api.body["user"]["name"].as_str(), api.body["user"]["companyId"].as_str()), (Some("张三"), Some(uid.as_str())));
        assert_eq!(api.body["user"]["custom_fields"], json!([{"key": "field_1", "value": "围棋"}]));
        let company_page = console.get(&format!("/console/companies/{uid}")).await;
        assert!(company_page.text.contains(&format!("/console/contacts/{cid}")) && company_page.text.contains("张三"), "a company's contacts");

        // Search and paging.
        let found = console.get("/console/companies?q=网康").await;
        assert!(found.text.contains("北京网康科技有限公司"));
        assert!(console.get("/console/companies?q=不存在的").await.text.contains("没有找到公司"));
        assert!(console.get("/console/contacts?q=张").await.text.contains(&format!("/console/contacts/{cid}\"")));
        assert!(console.get("/console/contacts?q=13039209552").await.text.contains("张三"));
        assert!(console.get("/console/contacts?q=李").await.text.contains("没有找到联系人"));
        console.get("/console/contacts?q=color:red").await.assert_status(400);
        console.get("/console/contacts?page=0").await.assert_status(400);
        for n in 0..21 {
            tenant.admin.post("/api/v1/companies.json", json!({"company": {"companyName": format!("分页公司{n}")}})).await.assert_status(200);
        }
        let first = console.get("/console/companies").await;
        assert!(first.text.contains("page=2"), "a pager");
        let second = console.get("/console/companies?page=2").await;
        second.assert_status(200);
        assert!(second.text.contains("北京网康科技有限公司"), "the oldest on the second page");

        // The recycle bin: delete, find it there, restore.
        console.post(&format!("/console/contacts/{cid}/delete"), &[]).await.assert_status(303);
        assert!(!console.get("/console/contacts").await.text.contains(&format!("/console/contacts/{cid}\"")));
        let bin = console.get("/console/customers/bin").await;
        bin.assert_status(200);
        assert!(bin.text.contains(&format!("/console/contacts/{cid}/restore")));
        console.post(&format!("/console/companies/{uid}/delete"), &[]).await.assert_status(303);
        assert!(console.get("/console/customers/bin").await.text.contains(&format!("/console/companies/{uid}/restore")));
        let restored = console.post(&format!("/console/companies/{uid}/restore"), &[]).await;
        restored.assert_status(303);
        console.post(&format!("/console/contacts/{cid}/restore"), &[]).await.assert_status(303);
        let bin = console.get("/console/customers/bin").await;
        assert!(bin.text.contains("回收站中没有联系人") && bin.text.contains("回收站中没有公司"));
        assert_eq!(tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await.body["user"]["state"], "1");

        console.get("/console/companies/99999999").await.assert_status(404);
        console.get("/console/contacts/abc").await.assert_status(404);
    }

    async fn an_agent_works_with_customers_but_deletes_nothing(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"name": "坐席"})).await;
        let console = Console::sign_in(&app.base, &agent.account, AGENT_PASSWORD).await;
        let own = console.get(&format!("/console/agents/{}", agent.id)).await;
        assert!(own.text.contains("href=\"/console/customers\""), "agents have the entry too");

        let created = console.post("/console/companies", &[("companyName", "坐席建的公司")]).await;
        created.assert_status(303);
        let uid = id_in(created.location(), "/console/companies/");
        let page = console.get(&format!("/console/companies/{uid}")).await;
        page.assert_status(200);
        assert!(!page.text.contains("/delete"), "no delete button for an agent");
        let contact = console.post("/console/contacts", &[("name", "李四"), ("companyId", &uid), ("mobile", "13039209554")]).await;
        contact.assert_status(303);
        let cid = id_in(contact.location(), "/console/contacts/");
        console.post(&format!("/console/contacts/{cid}"), &[("name", "李四四"), ("companyId", &uid), ("mobile", "13039209554"), ("state", "2")]).await.assert_status(303);

        console.post(&format!("/console/companies/{uid}/delete"), &[]).await.assert_status(403);
        console.post(&format!("/console/contacts/{cid}/delete"), &[]).await.assert_status(403);
        console.get("/console/customers/bin").await.assert_status(403);
        console.post(&format!("/console/contacts/{cid}/restore"), &[]).await.assert_status(403);
        console.post("/console/customer-groups", &[("groupName", "VIP"), ("type", "2")]).await.assert_status(403);
        let groups = console.get("/console/customer-groups").await;
        groups.assert_status(200);
        assert!(!groups.text.contains("新建客户分组") && !groups.text.contains("回收站"));
        assert_eq!(tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await.body["user"]["state"], "2", "still there");
    }

    async fn customer_groups_are_made_renamed_and_deleted(app) {
        let tenant = app.tenant().await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let refused = console.post("/console/customer-groups", &[("groupName", ""), ("type", "1")]).await;
        refused.assert_status(400);
        assert!(refused.text.contains("f-groupName-error"), "{}", refused.text);
        console.post("/console/customer-groups", &[("groupName", "VIP"), ("type", "9")]).await.assert_status(400);
        let created = console.post("/console/customer-groups", &[("groupName", "重点客户"), ("type", "1")]).await;
        created.assert_status(303);
        let list = tenant.admin.get("/api/v1/customergroups.json").await;
        let id = list.body["customergroups"][0]["groupId"].as_str().unwrap_or_default().to_owned();
        let page = console.get("/console/customer-groups").await;
        assert!(page.text.contains("重点客户") && page.text.contains("公司分组"));
        console.post(&format!("/console/customer-groups/{id}"), &[("groupName", "重要客户")]).await.assert_status(303);
        assert!(console.get("/console/customer-groups").await.text.contains("重要客户"));
        console.post(&format!("/console/customer-groups/{id}/delete"), &[]).await.assert_status(303);
        assert!(console.get("/console/customer-groups").await.text.contains("还没有客户分组"));
        console.post(&format!("/console/customer-groups/{id}/delete"), &[]).await.assert_status(404);
    }

    async fn customer_forms_need_the_sessions_csrf_token(app) {
        let tenant = app.tenant().await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        for path in ["/console/companies", "/console/contacts", "/console/customer-groups"] {
            let refused = console.post_raw(path, &[("companyName", "伪造"), ("name", "伪造"), ("groupName", "伪造"), ("type", "2")]).await;
            refused.assert_status(403);
            assert!(refused.text.contains("CSRF"), "{path}");
        }
        assert_eq!(tenant.admin.get("/api/v1/companies.json").await.body["count"], 0);
        assert_eq!(tenant.admin.get("/api/v1/users.json").await.body["count"], 0);
    }

    async fn a_2c_account_has_no_company_pages(app) {
        let tenant = app.tenant().await;
        app.store.set_customer_mode(tenant.id, CustomerMode::Consumer).await.expect("2C");
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        assert_eq!(console.get("/console/customers").await.location(), "/console/contacts");
        let contacts = console.get("/console/contacts").await;
        contacts.assert_status(200);
        assert!(!contacts.text.contains("href=\"/console/companies\""), "no company tab");
        let form = console.get("/console/contacts/new").await;
        assert!(!form.text.contains("name=\"companyId\""), "no company field");
        console.get("/console/companies").await.assert_status(403);
        console.get("/console/companies/new").await.assert_status(403);
        let created = console.post("/console/contacts", &[("name", "王五"), ("mobile", "13039209553")]).await;
        created.assert_status(303);
        assert!(console.get("/console/contacts?q=王五").await.text.contains("王五"));
        let groups = console.get("/console/customer-groups").await;
        assert!(groups.text.contains("<input type=\"hidden\" name=\"type\" value=\"2\">"), "only contact groups in 2C");
        assert!(!groups.text.contains("<option value=\"1\""));
    }
}

backend_tests! {
    /// A deleted contact's page says it is in the bin and offers only restoring: no edit
    /// form, and a save posted anyway leaves it deleted (it used to restore it, the form
    /// always sending `state`).
    async fn a_deleted_contact_offers_only_restoring(app) {
        let tenant = app.tenant().await;
        let company = tenant.admin.post("/api/v1/companies.json", json!({"company": {"companyName": "甲公司"}})).await;
        let uid = company.body["company"]["uId"].as_str().unwrap_or_default().to_owned();
        let contact = tenant.admin.post("/api/v1/users.json", json!({"user": {"name": "张三", "mobile": "13039209552", "companyId": uid}})).await;
        let cid = contact.body["user"]["cId"].as_str().unwrap_or_default().to_owned();
        tenant.admin.delete(&format!("/api/v1/users/{cid}.json")).await.assert_status(200);
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;

        let page = console.get(&format!("/console/contacts/{cid}")).await;
        page.assert_status(200);
        assert!(page.text.contains("回收站"), "{}", page.text);
        assert!(page.text.contains(&format!("action=\"/console/contacts/{cid}/restore\"")), "{}", page.text);
        assert!(!page.text.contains("name=\"mobile\""), "no edit form: {}", page.text);
        assert!(page.text.contains("张三") && page.text.contains("13039209552"), "what it holds is shown");

        let saved = console.post(&format!("/console/contacts/{cid}"), &[("name", "李四"), ("mobile", "13039209552"), ("companyId", &uid), ("state", "1")]).await;
        saved.assert_status(409);
        let api = tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await;
        assert_eq!((api.body["user"]["state"].as_str(), api.body["user"]["name"].as_str()), (Some("3"), Some("张三")), "still deleted, unchanged");

        console.post(&format!("/console/contacts/{cid}/restore"), &[]).await.assert_status(303);
        let restored = console.get(&format!("/console/contacts/{cid}")).await;
        assert!(restored.text.contains("name=\"mobile\""), "live again, the form is back");
    }

    async fn custom_fields_get_inputs_of_their_kind(app) {
        let tenant = app.tenant().await;
        for (title, kind) in [("级别", FieldType::Dropdown), ("签约日期", FieldType::Date), ("人数", FieldType::Integer), ("简介", FieldType::Textarea)] {
            app.store.create_custom_field(tenant.id, &typed_field(FieldEntity::Company, title, kind)).await.expect("company field");
        }
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let form = console.get("/console/companies/new").await;
        form.assert_status(200);
        assert!(form.text.contains("<select id=\"f-cf_1\" name=\"cf_1\"") && form.text.contains("<option value=\"银\">"), "{}", form.text);
        assert!(form.text.contains("type=\"date\" name=\"cf_2\""), "{}", form.text);
        assert!(form.text.contains("name=\"cf_3\" value=\"\" inputmode=\"numeric\""), "{}", form.text);
        assert!(form.text.contains("<textarea id=\"f-cf_4\" name=\"cf_4\""), "{}", form.text);

        // A value outside the options is refused beside its select, which keeps the choices.
        let refused = console.post("/console/companies", &[("companyName", "甲"), ("cf_1", "铜"), ("cf_3", "5")]).await;
        refused.assert_status(400);
        assert!(refused.text.contains("f-cf_1-error") && refused.text.contains("<option value=\"金\">"), "{}", refused.text);
        assert!(refused.text.contains("value=\"5\""), "{}", refused.text);

        let created = console.post("/console/companies", &[("companyName", "甲"), ("cf_1", "银"), ("cf_2", "2024-03-01"), ("cf_4", "第一行\n第二行")]).await;
        created.assert_status(303);
        let shown = console.get(created.location()).await;
        assert!(shown.text.contains("<option value=\"银\" selected>") && shown.text.contains("value=\"2024-03-01\""), "{}", shown.text);
        assert!(shown.text.contains("第一行\n第二行</textarea>"), "{}", shown.text);
        let uid = id_in(created.location(), "/console/companies/");
        let api = tenant.admin.get(&format!("/api/v1/companies/{uid}.json")).await;
        assert_eq!(api.body["company"]["custom_fields"][0], json!({"key": "field_1", "value": "银"}));

        // The contact form ticks contact groups (not company ones); ticking none clears them.
        console.post("/console/customer-groups", &[("groupName", "大客户"), ("type", "1")]).await.assert_status(303);
        console.post("/console/customer-groups", &[("groupName", "VIP"), ("type", "2")]).await.assert_status(303);
        console.post("/console/customer-groups", &[("groupName", "北京"), ("type", "2")]).await.assert_status(303);
        let form = console.get("/console/contacts/new").await;
        assert!(form.text.contains("name=\"userGroup\" value=\"2\"") && form.text.contains("北京"), "{}", form.text);
        assert!(!form.text.contains("大客户"), "{}", form.text);
        let member = [("name", "张三"), ("companyId", uid.as_str()), ("mobile", "13039209552"), ("userGroup", ""), ("userGroup", "2"), ("userGroup", "3")];
        let created = console.post("/console/contacts", &member).await;
        created.assert_status(303);
        let cid = id_in(created.location(), "/console/contacts/");
        let api = tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await;
        assert_eq!(api.body["user"]["userGroup"], "2,3");
        let shown = console.get(&format!("/console/contacts/{cid}")).await;
        assert!(shown.text.contains("value=\"3\" checked"), "{}", shown.text);
        let cleared = [("name", "张三"), ("companyId", uid.as_str()), ("mobile", "13039209552"), ("userGroup", "")];
        console.post(&format!("/console/contacts/{cid}"), &cleared).await.assert_status(303);
        let api = tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await;
        assert_eq!(api.body["user"]["userGroup"], "");
    }
}
