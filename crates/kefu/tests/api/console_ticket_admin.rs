//! The console's 工单设置 pages over HTTP on both backends: ticket fields and ticket
//! templates created, edited and deleted through their forms (and seen by the API), the
//! refusals in Chinese beside their fields, and agents refused; a field's page editing its
//! options, columns and read-only range (ids checked against the company).

use serde_json::json;

use crate::backend_tests;
use crate::support::console::Console;
use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD};

/// The id after `prefix` in a redirect's location (`/console/ticket-templates/7?notice=…`).
fn id_in(location: &str, prefix: &str) -> String {
    let rest = location.strip_prefix(prefix).unwrap_or_default();
    rest.split('?').next().unwrap_or_default().to_owned()
}

backend_tests! {
    async fn ticket_fields_and_templates_go_through_their_forms(app) {
        let tenant = app.tenant().await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let agents = console.get("/console/agents").await;
        assert!(agents.text.contains("href=\"/console/ticket-templates\""), "a navigation entry");

        // Ticket fields: a refusal in Chinese, then a dropdown, a table and a read-only field.
        let empty = console.get("/console/ticket-fields").await;
        empty.assert_status(200);
        assert!(empty.text.contains("还没有工单字段"));
        let refused = console.post("/console/ticket-fields", &[("title", ""), ("type", "text")]).await;
        refused.assert_status(400);
        assert!(refused.text.contains("f-title-error"), "{}", refused.text);
        assert!(refused.text.contains("必填") || refused.text.contains("不能为空"), "in Chinese: {}", refused.text);
        let no_columns = console.post("/console/ticket-fields", &[("title", "配件"), ("type", "table")]).await;
        no_columns.assert_status(400);
        assert!(no_columns.text.contains("f-columns-error") && no_columns.text.contains("表格字段需要"), "{}", no_columns.text);
        let created = console
            .post("/console/ticket-fields", &[("title", "故障类型"), ("type", "dropdown"), ("options", "硬件\n软件"), ("required", "1")])
            .await;
        created.assert_status(303);
        assert_eq!(created.location(), "/console/ticket-fields?notice=created");
        console
            .post("/console/ticket-fields", &[("title", "配件"), ("type", "table"), ("columns", "型号,text,必填\n数量,integer")])
            .await
            .assert_status(303);
        console
            .post("/console/ticket-fields", &[("title", "结算金额"), ("type", "text"), ("readonly_range", "1")])
            .await
            .assert_status(303);
        let fields = tenant.admin.get("/api/v1/tickets/ticket_fields.json").await;
        let fields = fields.body.as_array().expect("a bare array").clone();
        assert_eq!(fields.len(), 3);
        assert_eq!((fields[0]["name"].as_str(), fields[0]["type"].as_str(), fields[0]["isRequired"].as_str()), (Some("故障类型"), Some("1"), Some("0")));
        assert_eq!(fields[1]["custom_field_table"][1]["name"], "数量");
        assert_eq!((fields[2]["isReadonly"].as_str(), fields[2]["readonly_range"].as_str()), (Some("1"), Some("1")));
        let renamed = console.post("/console/ticket-fields/field_1", &[("title", "故障分类"), ("required", "1")]).await;
        renamed.assert_status(303);
        let page = console.get("/console/ticket-fields").await;
        assert!(page.text.contains("value=\"故障分类\"") && page.text.contains("表格") && page.text.contains("所有客服"));

        // Templates: a refusal in Chinese, then one with two fields, edited, deleted.
        let form = console.get("/console/ticket-templates/new").await;
        form.assert_status(200);
        assert!(form.text.contains("value=\"field_1\"") && form.text.contains("故障分类"), "the fields to choose from");
        let refused = console
            .post("/console/ticket-templates", &[("ticketTemplateName", "售后"), ("visibleRange", "2"), ("servicerGroupId", ""), ("isReleased", "1")])
            .await;
        refused.assert_status(400);
        assert!(refused.text.contains("f-servicerGroupId-error") && refused.text.contains("请填写可用的分组"), "{}", refused.text);
        assert!(refused.text.contains("value=\"售后\""), "the form keeps what was typed");
        let created = console
            .post("/console/ticket-templates", &[("ticketTemplateName", "售后维修"), ("ticketTemplateDescription", "上门维修"),
                ("visibleRange", "1"), ("isReleased", "1"), ("fieldKeys", "field_1"), ("fieldKeys", "field_2")])
            .await;
        created.assert_status(303);
        let tid = id_in(created.location(), "/console/ticket-templates/");
        let shown = console.get(created.location()).await;
        shown.assert_status(200);
        assert!(shown.text.contains("已创建") && shown.text.contains("value=\"field_2\" checked"), "{}", shown.text);
        let api = tenant.admin.get(&format!("/api/v1/tickettemplates/{tid}.json")).await;
        assert_eq!(api.body["tickettemplate"]["fieldKeys"], "field_1,field_2");
        assert_eq!(api.body["tickettemplate"]["ticketTemplateDescription"], "上门维修");
        let edit = console.get(&format!("/console/ticket-templates/{tid}")).await;
        edit.assert_status(200);
        assert!(edit.text.contains("value=\"售后维修\""), "{}", edit.text);
        let taken = console
            .post("/console/ticket-templates", &[("ticketTemplateName", "售后维修"), ("visibleRange", "1"), ("isReleased", "1")])
            .await;
        // A taken name is an invalid value (400 beside the field), as the API answers it.
        taken.assert_status(400);
        assert!(taken.text.contains("同名的工单模板"), "{}", taken.text);
        let edited = console
            .post(&format!("/console/ticket-templates/{tid}"), &[("ticketTemplateName", "售后维修"), ("visibleRange", "1"),
                ("isReleased", "0"), ("fieldKeys", "field_3")])
            .await;
        edited.assert_status(303);
        let api = tenant.admin.get(&format!("/api/v1/tickettemplates/{tid}.json")).await;
        assert_eq!((api.body["tickettemplate"]["fieldKeys"].as_str(), api.body["tickettemplate"]["isReleased"].as_str()), (Some("field_3"), Some("0")));
        let list = console.get("/console/ticket-templates").await;
        assert!(list.text.contains("售后维修") && list.text.contains("草稿") && list.text.contains("结算金额"));

        // Deleting a field leaves the template; deleting the template.
        console.post("/console/ticket-fields/field_3/delete", &[]).await.assert_status(303);
        let api = tenant.admin.get(&format!("/api/v1/tickettemplates/{tid}.json")).await;
        assert_eq!(api.body["tickettemplate"]["fieldKeys"], "");
        console.post(&format!("/console/ticket-templates/{tid}/delete"), &[]).await.assert_status(303);
        let gone = tenant.admin.get(&format!("/api/v1/tickettemplates/{tid}.json")).await;
        assert_eq!(gone.body, json!({"tickettemplate": []}));
        console.get(&format!("/console/ticket-templates/{tid}")).await.assert_status(404);
    }

    async fn agents_are_refused_the_ticket_settings(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let console = Console::sign_in(&app.base, &agent.account, AGENT_PASSWORD).await;
        let home = console.get(&format!("/console/agents/{}", agent.id)).await;
        assert!(!home.text.contains("/console/ticket-templates"), "no navigation entry for agents");
        for page in ["/console/ticket-templates", "/console/ticket-templates/new", "/console/ticket-fields"] {
            console.get(page).await.assert_status(403);
        }
        console.post("/console/ticket-fields", &[("title", "x"), ("type", "text")]).await.assert_status(403);
        console.post("/console/ticket-templates", &[("ticketTemplateName", "x"), ("visibleRange", "1")]).await.assert_status(403);
        assert_eq!(tenant.admin.get("/api/v1/tickets/ticket_fields.json").await.body, json!([]));
    }
}

backend_tests! {
    async fn a_ticket_fields_page_edits_its_options_columns_and_read_only_range(app) {
        let tenant = app.tenant().await;
        let group = tenant.group("质检组").await;
        let outsider = app.tenant().await;
        let foreign_group = outsider.group("别家的组").await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let create = |fields: &'static [(&'static str, &'static str)]| {
            let console = &console;
            async move {
                console.post("/console/ticket-fields", fields).await.assert_status(303);
            }
        };
        create(&[("title", "故障类型"), ("type", "dropdown"), ("options", "硬件\n软件")]).await;
        create(&[("title", "配件"), ("type", "table"), ("columns", "型号,text,必填\n数量,integer")]).await;
        let list = console.get("/console/ticket-fields").await;
        assert!(list.text.contains("href=\"/console/ticket-fields/field_1\""), "{}", list.text);
        let page = console.get("/console/ticket-fields/field_1").await;
        page.assert_status(200);
        assert!(page.text.contains(">硬件\n软件</textarea>") && page.text.contains("name=\"readonly_range\""), "{}", page.text);
        console.get("/console/ticket-fields/field_99").await.assert_status(404);
        console.get("/console/ticket-fields/nonsense").await.assert_status(404);

        // Options and the read-only range of a dropdown.
        let saved = console.post("/console/ticket-fields/field_1", &[("settings", "1"), ("title", "故障类型"), ("options", "硬件\n软件\n网络"), ("readonly_range", "2"), ("readonly_support", &group)]).await;
        saved.assert_status(303);
        assert_eq!(saved.location(), "/console/ticket-fields/field_1?notice=saved");
        let api = tenant.admin.get("/api/v1/tickets/ticket_fields.json").await;
        let field = api.body[0].clone();
        assert_eq!((field["isReadonly"].as_str(), field["readonly_range"].as_str(), field["readonly_support"].as_str()), (Some("1"), Some("2"), Some(group.as_str())));
        assert!(field.to_string().contains("网络"), "{field}");

        // Another company's group, or an unknown agent, is a problem beside the range.
        for (range, support) in [("2", foreign_group.as_str()), ("3", "99999999")] {
            let refused = console.post("/console/ticket-fields/field_1", &[("settings", "1"), ("title", "故障类型"), ("options", "硬件"), ("readonly_range", range), ("readonly_support", support)]).await;
            refused.assert_status(400);
            assert!(refused.text.contains("f-readonly_support-error") && refused.text.contains(&format!("value=\"{support}\"")), "{}", refused.text);
        }
        assert_eq!(tenant.admin.get("/api/v1/tickets/ticket_fields.json").await.body[0]["readonly_support"], group.as_str(), "nothing changed");
        let bad_create = console.post("/console/ticket-fields", &[("title", "审核"), ("type", "text"), ("readonly_range", "3"), ("readonly_support", "99999999")]).await;
        bad_create.assert_status(400);
        assert!(bad_create.text.contains("f-readonly_support-error"), "{}", bad_create.text);

        // A table's columns: a kept title keeps its column's key, a new line adds one.
        let before = tenant.admin.get("/api/v1/tickets/ticket_fields.json").await.body[1]["custom_field_table"].clone();
        let columns = console.post("/console/ticket-fields/field_2", &[("settings", "1"), ("title", "配件"), ("columns", "型号,text,必填\n序列号,text"), ("readonly_range", "")]).await;
        columns.assert_status(303);
        let after = tenant.admin.get("/api/v1/tickets/ticket_fields.json").await.body[1]["custom_field_table"].clone();
        assert_eq!(after.as_array().map(Vec::len), Some(2), "{after}");
        assert_eq!((after[0]["name"].clone(), after[0]["key"].clone()), (before[0]["name"].clone(), before[0]["key"].clone()), "{before} {after}");
        assert_eq!(after[1]["name"], "序列号");
        assert_ne!(after[1]["key"], before[1]["key"], "a removed column's key is never given again");
        let bad_columns = console.post("/console/ticket-fields/field_2", &[("settings", "1"), ("title", "配件"), ("columns", "型号,colour")]).await;
        bad_columns.assert_status(400);
        assert!(bad_columns.text.contains("f-columns-error"), "{}", bad_columns.text);

        // Agents may not.
        let agent = tenant.agent(json!({})).await;
        let desk = Console::sign_in(&app.base, &agent.account, AGENT_PASSWORD).await;
        desk.get("/console/ticket-fields/field_1").await.assert_status(403);
    }
}
