//! Ticket templates over HTTP on both backends: administrators create, list, change and
//! delete them; every agent reads one, and an unknown id answers the spec's
//! `{"tickettemplate":[]}`; a ticket may use a released template offered to its creator.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::tickets::contact_and_company;

backend_tests! {
    async fn templates_are_defined_by_administrators_and_used_by_tickets(app) {
        let tenant = app.tenant().await;
        let group = tenant.group("售后").await;
        let member = tenant.agent(json!({"groupId": group})).await;
        let outsider = tenant.agent(json!({})).await;
        let created = tenant
            .admin
            .post(
                "/api/v1/tickettemplates.json",
                json!({"tickettemplate": {"ticketTemplateName": "售后维修", "visibleRange": "2", "servicerGroupId": group}}),
            )
            .await;
        created.assert_status(200);
        let template = created.body["tickettemplate"].clone();
        let tid = template["tId"].as_str().expect("tId").to_owned();
        assert_eq!(template["visibleRange"], "2");
        assert_eq!(template["servicerGroupId"], json!(group));
        assert_eq!(template["servicerId"], "");
        assert_eq!(template["isReleased"], "1");
        assert_eq!(template["creatorId"], json!(tenant.admin_id));
        assert_eq!(template["fieldKeys"], "");
        for (member, value) in template.as_object().expect("an object") {
            assert!(value.is_string(), "{member} must be a string");
        }

        // Every agent reads one; unknown ids answer 200 with an empty list (spec).
        let shown = outsider.session.get(&format!("/api/v1/tickettemplates/{tid}.json")).await;
        shown.assert_status(200);
        assert_eq!(shown.body["tickettemplate"]["tId"], json!(tid));
        let unknown = outsider.session.get("/api/v1/tickettemplates/99999999.json").await;
        unknown.assert_status(200);
        assert_eq!(unknown.body, json!({"tickettemplate": []}));
        let list = tenant.admin.get("/api/v1/tickettemplates.json").await;
        assert_eq!(list.body["count"], json!(1));
        outsider.session.get("/api/v1/tickettemplates.json").await.assert_status(403);

        // Tickets: a member of the group may use it, an outsider may not.
        let (cid, _) = contact_and_company(app, &tenant).await;
        let body = |subject: &str| json!({"ticket": {"subject": subject, "custUserId": cid, "ticketTemplateId": tid}});
        let ticket = member.session.post("/api/v1/tickets.json", body("维修")).await;
        ticket.assert_status(200);
        assert_eq!(ticket.body["ticket"]["ticketTemplateId"], json!(tid));
        outsider.session.post("/api/v1/tickets.json", body("维修")).await.assert_error(400, "ticketTemplateId");

        // Bad definitions, a taken name, a draft, a template in use.
        let post = |t: Value| {
            let admin = tenant.admin.clone();
            async move { admin.post("/api/v1/tickettemplates.json", json!({ "tickettemplate": t })).await }
        };
        post(json!({})).await.assert_error(400, "ticketTemplateName");
        post(json!({"ticketTemplateName": "x", "visibleRange": "2"})).await.assert_error(400, "servicerGroupId");
        post(json!({"ticketTemplateName": "x", "visibleRange": "9"})).await.assert_error(400, "visibleRange");
        post(json!({"ticketTemplateName": "x", "fieldKeys": "field_7"})).await.assert_error(400, "fieldKeys");
        // A taken name is an invalid value: the 400 naming the field (issue 21).
        let taken = post(json!({"ticketTemplateName": "售后维修"})).await;
        taken.assert_error(400, "ticketTemplateName");
        assert_eq!(taken.body["errors"][0]["field"], "ticketTemplateName", "{}", taken.text);
        let path = format!("/api/v1/tickettemplates/{tid}.json");
        let draft = tenant.admin.put(&path, json!({"tickettemplate": {"isReleased": "0"}})).await;
        draft.assert_status(200);
        assert_eq!(draft.body["tickettemplate"]["isReleased"], "0");
        assert_eq!(draft.body["tickettemplate"]["visibleRange"], "2", "unchanged");
        tenant.admin.post("/api/v1/tickets.json", body("草稿")).await.assert_error(400, "not released");
        tenant.admin.delete(&path).await.assert_status(409);
        let spare = post(json!({"ticketTemplateName": "备用"})).await;
        let spare = spare.body["tickettemplate"]["tId"].as_str().expect("tId").to_owned();
        tenant.admin.delete(&format!("/api/v1/tickettemplates/{spare}.json")).await.assert_status(200);
        let gone = tenant.admin.get(&format!("/api/v1/tickettemplates/{spare}.json")).await;
        assert_eq!(gone.body, json!({"tickettemplate": []}));
    }

    async fn ticket_fields_are_bare_arrays(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let custom = agent.session.get("/api/v1/tickets/ticket_fields.json").await;
        custom.assert_status(200);
        assert_eq!(custom.body, json!([]), "no custom fields yet: a bare empty array");
        let all = agent.session.get("/api/v1/tickets/ticket_fields2.json").await;
        all.assert_status(200);
        let fields = all.body.as_array().expect("a bare array");
        assert_eq!(fields.len(), 13);
        assert_eq!(fields[0]["key"], "subject");
        assert_eq!(fields[0]["system"], "1");
        assert_eq!(fields[0]["isRequired"], "0", "inverted: required");
        let status = fields.iter().find(|f| f["key"] == "ticketStatus").expect("ticketStatus");
        assert_eq!(status["custom_field_options"].as_array().map(Vec::len), Some(6));
        assert_eq!(status["custom_field_options"][0]["key"], "1");
    }
}

/// Defines a text ticket field through the store (the API's definitions are tested in
/// `ticket_fields.rs`); answers its key.
async fn ticket_field(
    app: &crate::support::TestApp,
    tenant: &crate::support::Tenant,
    title: &str,
    required: bool,
) -> String {
    use kefu_domain::custom_field::{CustomField, CustomFieldSettings, FieldEntity, FieldKind, FieldType};
    let field = CustomField {
        entity: FieldEntity::Ticket,
        number: 0,
        title: title.to_owned(),
        kind: FieldKind::Basic(FieldType::Text),
        required,
        settings: CustomFieldSettings::default(),
    };
    app.store.create_custom_field(tenant.id, &field).await.expect("a ticket field").field.key()
}

backend_tests! {
    async fn field_values_follow_the_template(app) {
        let tenant = app.tenant().await;
        let (cid, _) = contact_and_company(app, &tenant).await;
        let region = ticket_field(app, &tenant, "区域", true).await;
        let other = ticket_field(app, &tenant, "其他", false).await;
        let created = tenant
            .admin
            .post("/api/v1/tickettemplates.json", json!({"tickettemplate": {"ticketTemplateName": "带字段", "fieldKeys": region}}))
            .await;
        created.assert_status(200);
        assert_eq!(created.body["tickettemplate"]["fieldKeys"], json!(region));
        let tid = created.body["tickettemplate"]["tId"].as_str().expect("tId").to_owned();
        let post = |extra: Value| {
            let admin = tenant.admin.clone();
            let mut ticket = json!({"subject": "带字段的工单", "custUserId": cid});
            if let (Some(t), Value::Object(extra)) = (ticket.as_object_mut(), extra) {
                t.extend(extra);
            }
            async move { admin.post("/api/v1/tickets.json", json!({ "ticket": ticket })).await }
        };
        post(json!({"ticketTemplateId": tid})).await.assert_error(400, &format!("custom_fields.{region}"));
        post(json!({"custom_fields": [{"key": region, "value": "华北"}]})).await.assert_error(400, "ticketTemplateId");
        post(json!({"ticketTemplateId": tid, "custom_fields": [{"key": region, "value": "华北"}, {"key": other, "value": "x"}]}))
            .await
            .assert_error(400, "is not a field of template");
        let ok = post(json!({"ticketTemplateId": tid, "custom_fields": [{"key": region, "value": "华北"}]})).await;
        ok.assert_status(200);
        assert_eq!(ok.body["ticket"]["custom_fields"], json!([{"key": region, "value": "华北"}]));
        let id = ok.body["ticket"]["ticketId"].as_str().expect("ticketId").to_owned();

        // The object read back changes nothing; a new value is one history entry.
        let path = format!("/api/v1/tickets/{id}.json");
        let read = tenant.admin.get(&path).await.body["ticket"][0].clone();
        tenant.admin.put(&path, json!({ "ticket": read })).await.assert_status(200);
        let changed = tenant.admin.put(&path, json!({"ticket": {"custom_fields": [{"key": region, "value": "华南"}]}})).await;
        changed.assert_status(200);
        assert_eq!(changed.body["ticket"][0]["custom_fields"][0]["value"], "华南");
        tenant.admin.put(&path, json!({"ticket": {"custom_fields": [{"key": region, "value": ""}]}})).await.assert_status(400);
        let history = tenant.admin.get(&format!("/api/v1/tickets/{id}/history.json")).await;
        let changes: Vec<&Value> =
            history.body["ticket_history"].as_array().unwrap().iter().filter(|e| e["action"] == "change").collect();
        assert_eq!(changes.len(), 1, "{}", history.text);
        assert_eq!(changes[0]["field"], json!(region));
        // Leaving the template drops its values.
        let left = tenant.admin.put(&path, json!({"ticket": {"ticketTemplateId": "0"}})).await;
        left.assert_status(200);
        assert_eq!(left.body["ticket"][0]["custom_fields"], json!([]));
    }
}
