//! Ticket custom fields defined over HTTP on both backends (administrators), listed in
//! `ticket_fields.json`, attached to templates and detached when deleted; and the read-only
//! ranges: the agents of a field's range cannot change its value, administrators can.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::Tenant;
use crate::tickets::contact_and_company;

const FIELDS: &str = "/api/v1/tickets/ticket_fields.json";

/// Defines a ticket field as the administrator; answers its key.
async fn define(tenant: &Tenant, field: Value) -> String {
    let created = tenant.admin.post(FIELDS, json!({ "ticket_field": field })).await;
    created.assert_status(200);
    created.body["ticket_field"]["key"].as_str().expect("key").to_owned()
}

/// A template with these fields attached, offered to every agent; answers its tId.
async fn template_with(tenant: &Tenant, name: &str, keys: &str) -> String {
    let body = json!({"tickettemplate": {"ticketTemplateName": name, "fieldKeys": keys}});
    let created = tenant.admin.post("/api/v1/tickettemplates.json", body).await;
    created.assert_status(200);
    created.body["tickettemplate"]["tId"].as_str().expect("tId").to_owned()
}

backend_tests! {
    async fn administrators_define_ticket_fields(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let created = tenant
            .admin
            .post(FIELDS, json!({"ticket_field": {"title": "故障类型", "type": "dropdown", "options": ["硬件", "软件"], "required": "1"}}))
            .await;
        created.assert_status(200);
        let field = created.body["ticket_field"].clone();
        let key = field["key"].as_str().expect("key").to_owned();
        assert_eq!(field["type"], "1");
        assert_eq!(field["isRequired"], "0", "inverted: required");
        assert_eq!(field["custom_field_options"][1]["value"], "软件");
        assert!(field["url"].as_str().unwrap_or_default().ends_with(&format!("/api/v1/tickets/ticket_fields/{key}.json")));

        // The types only tickets have, by name or by the hosted code.
        let table = tenant
            .admin
            .post(FIELDS, json!({"ticket_field": {"title": "配件", "type": "11", "columns": [
                {"title": "型号", "type": "text", "required": "1"}, {"title": "数量", "type": "integer"}]}}))
            .await;
        table.assert_status(200);
        let columns = table.body["ticket_field"]["custom_field_table"].clone();
        assert_eq!(columns[0]["key"], "field_1");
        assert_eq!(columns[1]["key"], "field_2");
        assert_eq!(columns[0]["isRequired"], "0");
        let stars = define(&tenant, json!({"title": "满意度", "type": "stars"})).await;

        // Every agent reads them; only administrators define them.
        let listed = agent.session.get(FIELDS).await;
        listed.assert_status(200);
        assert_eq!(listed.body.as_array().map(Vec::len), Some(3), "{}", listed.text);
        let all = agent.session.get("/api/v1/tickets/ticket_fields2.json").await;
        assert_eq!(all.body.as_array().map(Vec::len), Some(16));
        agent.session.post(FIELDS, json!({"ticket_field": {"title": "x", "type": "text"}})).await.assert_status(403);

        // Refusals name the member.
        let post = |field: Value| {
            let admin = tenant.admin.clone();
            async move { admin.post(FIELDS, json!({ "ticket_field": field })).await }
        };
        post(json!({"title": "x"})).await.assert_error(400, "type");
        post(json!({"title": "x", "type": "15"})).await.assert_error(400, "product table");
        post(json!({"title": "x", "type": "table"})).await.assert_error(400, "columns");
        post(json!({"title": "x", "type": "table", "columns": [{"title": "附件", "type": "attachment"}]}))
            .await
            .assert_error(400, "columns[0]");
        post(json!({"title": "x", "type": "text", "isReadonly": "1", "readonly_range": "4"})).await.assert_error(400, "readonly_range");
        post(json!({"title": "x", "type": "text", "colour": "red"})).await.assert_error(400, "colour");

        // Changes: the title and columns change, the type does not; a kept column keeps its key.
        let table_key = table.body["ticket_field"]["key"].as_str().expect("key").to_owned();
        let path = format!("/api/v1/tickets/ticket_fields/{table_key}.json");
        let changed = tenant
            .admin
            .put(&path, json!({"ticket_field": {"title": "更换配件", "columns": [
                {"key": "field_2", "title": "数量", "type": "integer"}, {"title": "备注", "type": "text"}]}}))
            .await;
        changed.assert_status(200);
        assert_eq!(changed.body["ticket_field"]["name"], "更换配件");
        let keys: Vec<&str> = changed.body["ticket_field"]["custom_field_table"]
            .as_array()
            .expect("columns")
            .iter()
            .filter_map(|c| c["key"].as_str())
            .collect();
        assert_eq!(keys, ["field_2", "field_3"], "a removed column's key is not given again");
        tenant.admin.put(&path, json!({"ticket_field": {"type": "text"}})).await.assert_error(400, "type");
        agent.session.put(&path, json!({"ticket_field": {"title": "y"}})).await.assert_status(403);
        tenant.admin.put("/api/v1/tickets/ticket_fields/field_99.json", json!({"ticket_field": {"title": "y"}})).await.assert_status(404);

        // Deleting a field a template has detaches it from the template.
        let tid = template_with(&tenant, "售后", &format!("{key},{stars}")).await;
        let deleted = tenant.admin.delete(&format!("/api/v1/tickets/ticket_fields/{key}.json")).await;
        deleted.assert_status(200);
        assert_eq!(deleted.body["ticket_field"]["key"], json!(key));
        let template = tenant.admin.get(&format!("/api/v1/tickettemplates/{tid}.json")).await;
        assert_eq!(template.body["tickettemplate"]["fieldKeys"], json!(stars));
        assert_eq!(agent.session.get(FIELDS).await.body.as_array().map(Vec::len), Some(2));
    }

    async fn read_only_fields_refuse_the_agents_of_their_range(app) {
        let tenant = app.tenant().await;
        let group = tenant.group("一线").await;
        let member = tenant.agent(json!({"groupId": group})).await;
        let named = tenant.agent(json!({})).await;
        let free = tenant.agent(json!({})).await;
        let everyone = define(&tenant, json!({"title": "结算金额", "type": "text", "isReadonly": "1", "readonly_range": "1"})).await;
        let by_group =
            define(&tenant, json!({"title": "质检", "type": "text", "isReadonly": "1", "readonly_range": "2", "readonly_support": group}))
                .await;
        let by_agent = define(
            &tenant,
            json!({"title": "审核", "type": "text", "isReadonly": "1", "readonly_range": "3", "readonly_support": named.id}),
        )
        .await;
        let listed = tenant.admin.get(FIELDS).await;
        let group_field = listed.body.as_array().expect("array").iter().find(|f| f["key"] == json!(by_group)).cloned();
        let group_field = group_field.expect("the group's field");
        assert_eq!((group_field["isReadonly"].clone(), group_field["readonly_range"].clone()), (json!("1"), json!("2")));
        assert_eq!(group_field["readonly_support"], json!(group));

        let tid = template_with(&tenant, "结算", &format!("{everyone},{by_group},{by_agent}")).await;
        let (cid, _) = contact_and_company(app, &tenant).await;
        let values = json!([{"key": everyone, "value": "100"}, {"key": by_group, "value": "合格"}, {"key": by_agent, "value": "通过"}]);
        // Administrators always may write them.
        let created = tenant
            .admin
            .post("/api/v1/tickets.json", json!({"ticket": {"subject": "结算单", "custUserId": cid, "ticketTemplateId": tid,
                "ccUserIdList": format!("{},{},{}", member.id, named.id, free.id), "custom_fields": values}}))
            .await;
        created.assert_status(200);
        let id = created.body["ticket"]["ticketId"].as_str().expect("ticketId").to_owned();
        let path = format!("/api/v1/tickets/{id}.json");
        let set = |key: &str, value: &str| json!({"ticket": {"custom_fields": [{"key": key, "value": value}]}});

        // Range 1: every agent is refused, naming the field.
        free.session.put(&path, set(&everyone, "1")).await.assert_error(400, &format!("custom_fields.{everyone}"));
        // Range 2: the group's members are refused, others are not.
        member.session.put(&path, set(&by_group, "不合格")).await.assert_error(400, &format!("custom_fields.{by_group}"));
        free.session.put(&path, set(&by_group, "不合格")).await.assert_status(200);
        // Range 3: the named agents are refused, others are not.
        named.session.put(&path, set(&by_agent, "驳回")).await.assert_error(400, &format!("custom_fields.{by_agent}"));
        member.session.put(&path, set(&by_agent, "驳回")).await.assert_status(200);
        // The object read back (values unchanged) is no change; administrators change anything.
        let read = named.session.get(&path).await.body["ticket"][0].clone();
        named.session.put(&path, json!({ "ticket": read })).await.assert_status(200);
        tenant.admin.put(&path, set(&everyone, "200")).await.assert_status(200);
        let shown = tenant.admin.get(&path).await;
        let value_of = |key: &str| {
            shown.body["ticket"][0]["custom_fields"].as_array().and_then(|values| {
                values.iter().find(|v| v["key"] == json!(key)).map(|v| v["value"].clone())
            })
        };
        assert_eq!(value_of(&everyone), Some(json!("200")));
        assert_eq!(value_of(&by_group), Some(json!("不合格")));
        assert_eq!(value_of(&by_agent), Some(json!("驳回")));
        // An agent creating a ticket with a read-only value is refused too.
        let refused = free
            .session
            .post("/api/v1/tickets.json", json!({"ticket": {"subject": "x", "custUserId": cid, "ticketTemplateId": tid,
                "servicerUserId": free.id, "custom_fields": [{"key": everyone, "value": "5"}]}}))
            .await;
        refused.assert_error(400, &format!("custom_fields.{everyone}"));
    }

    async fn the_client_defines_ticket_fields(app) {
        use kefu_client::api::{SupportFieldInput, TicketFieldExtras, TicketFieldInput};
        let tenant = app.tenant().await;
        let client = kefu_client::Client::basic(&app.base, tenant.admin.account(), crate::support::ADMIN_PASSWORD)
            .expect("a client");
        let tickets = client.tickets();
        let read_only = TicketFieldExtras { is_readonly: Some("1".into()), readonly_range: Some("1".into()), ..Default::default() };
        let created = tickets
            .create_field(TicketFieldInput { base: SupportFieldInput::new("电话", "phone"), extras: read_only })
            .await
            .expect("a field");
        assert_eq!((created.field_type.as_str(), created.is_readonly.as_str()), ("17", "1"));
        let renamed = SupportFieldInput { title: Some("联系电话".into()), ..Default::default() };
        let changed = tickets
            .update_field(&created.key, TicketFieldInput { base: renamed, ..Default::default() })
            .await
            .expect("a change");
        assert_eq!((changed.name.as_str(), changed.readonly_range.as_str()), ("联系电话", "1"), "the range stays");
        assert_eq!(tickets.delete_field(&created.key).await.expect("deleted").key, created.key);
        assert!(tickets.fields(false).await.expect("fields").is_empty());
        let refused = tickets.create_field(TicketFieldInput::default()).await.expect_err("no title, no type");
        assert!(refused.to_string().contains("title"), "{refused}");
    }

    async fn a_read_only_range_names_only_the_companys_agents_and_groups(app) {
        let tenant = app.tenant().await;
        let group = tenant.group("一线").await;
        let outsider = app.tenant().await;
        let foreign_group = outsider.group("别家").await;
        let foreign_agent = outsider.agent(json!({})).await;
        let post = |field: Value| {
            let admin = tenant.admin.clone();
            async move { admin.post(FIELDS, json!({ "ticket_field": field })).await }
        };
        let ranged = |range: &str, support: &str| json!({"title": "审核", "type": "text", "isReadonly": "1", "readonly_range": range, "readonly_support": support});
        post(ranged("3", &foreign_agent.id)).await.assert_error(400, "readonly_support");
        post(ranged("3", "99999999")).await.assert_error(400, "no agent 99999999");
        post(ranged("2", &foreign_group)).await.assert_error(400, "readonly_support");
        let key = define(&tenant, ranged("2", &group)).await;
        let path = format!("/api/v1/tickets/ticket_fields/{key}.json");
        let change = |range: &str, support: &str| json!({"ticket_field": {"isReadonly": "1", "readonly_range": range, "readonly_support": support}});
        tenant.admin.put(&path, change("3", &foreign_agent.id)).await.assert_error(400, "readonly_support");
        tenant.admin.put(&path, change("2", &format!("{group},{foreign_group}"))).await.assert_error(400, &format!("no support group {foreign_group}"));
        let kept = tenant.admin.get(FIELDS).await;
        assert_eq!(kept.body[0]["readonly_support"], json!(group), "nothing changed");
        tenant.admin.put(&path, change("3", &tenant.admin_id)).await.assert_status(200);
    }
}
