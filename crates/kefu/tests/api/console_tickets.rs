//! The agent's desk (工单) in the console over HTTP on both backends: the views and their
//! counts for an administrator and for an agent (who sees only theirs), a ticket's page
//! with replies and internal notes, the reply, note, assign, properties and custom field
//! forms (recorded in the history; problems in Chinese beside their fields), new tickets
//! with an existing or a new contact, the contact picker, CSRF, and a foreign ticket.
//! [`edit`]: the subject and description, delete and restore, paging, the cc pickers.

mod edit;

use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::console::Console;
use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD, Tenant};
use crate::tickets::contact_and_company;

/// Creates a ticket through the API as the administrator; returns its id.
pub(super) async fn ticket(tenant: &Tenant, contact: &str, extra: Value) -> String {
    let mut ticket = json!({"subject": "打印机无法连接", "custUserId": contact});
    if let (Some(target), Value::Object(extra)) = (ticket.as_object_mut(), extra) {
        target.extend(extra);
    }
    let created = tenant.admin.post("/api/v1/tickets.json", json!({ "ticket": ticket })).await;
    created.assert_status(200);
    created.body["ticket"]["ticketId"].as_str().expect("ticketId").to_owned()
}

/// The count a view's tab shows.
fn count(page: &str, view: &str) -> u64 {
    let marker = format!("data-view=\"{view}\">");
    let start = page.find(&marker).unwrap_or_else(|| panic!("no tab {view}: {page}")) + marker.len();
    let end = page[start..].find('<').expect("the count ends") + start;
    page[start..end].parse().expect("a number")
}

pub(super) fn links_to(page: &str, id: &str) -> bool {
    page.contains(&format!("href=\"/console/tickets/{id}\""))
}

/// The id after `prefix` in a redirect's location.
fn id_in(location: &str, prefix: &str) -> String {
    location.strip_prefix(prefix).unwrap_or_default().split('?').next().unwrap_or_default().to_owned()
}

backend_tests! {
    async fn views_and_counts_for_an_administrator_and_an_agent(app) {
        let tenant = app.tenant().await;
        let group = tenant.group("一线").await;
        let member = tenant.agent(json!({"name": "组员", "groupId": group})).await;
        let outsider = tenant.agent(json!({"name": "外人"})).await;
        let (cid, _) = contact_and_company(app, &tenant).await;
        let mine = ticket(&tenant, &cid, json!({"servicerUserId": member.id, "ticketStatus": "3"})).await;
        let grouped = ticket(&tenant, &cid, json!({"servicerGroupId": group})).await;
        let nobody = ticket(&tenant, &cid, json!({})).await;
        let foreign = ticket(&tenant, &cid, json!({"servicerUserId": outsider.id})).await;

        let admin = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let all = admin.get("/console/tickets?view=all").await;
        all.assert_status(200);
        assert!(all.text.contains("href=\"/console/tickets\""), "a navigation entry");
        for id in [&mine, &grouped, &nobody, &foreign] {
            assert!(links_to(&all.text, id), "{id} in 全部");
        }
        assert_eq!(
            [count(&all.text, "all"), count(&all.text, "mine"), count(&all.text, "unassigned"), count(&all.text, "status-3"), count(&all.text, "status-1")],
            [4, 0, 2, 1, 2]
        );
        assert!(all.text.contains("组员") && all.text.contains("张三") && all.text.contains("未分配"), "assignee and contact by name");
        let unassigned = admin.get("/console/tickets?view=unassigned").await;
        assert!(links_to(&unassigned.text, &grouped) && links_to(&unassigned.text, &nobody) && !links_to(&unassigned.text, &mine));
        admin.get("/console/tickets?view=deleted").await.assert_status(400);
        admin.get("/console/tickets?page=0").await.assert_status(400);

        // The agent: their ticket and their group's, nothing else.
        let desk = Console::sign_in(&app.base, &member.account, AGENT_PASSWORD).await;
        let start = desk.get("/console/tickets").await;
        start.assert_status(200);
        assert!(links_to(&start.text, &mine) && !links_to(&start.text, &grouped), "我的工单 first");
        assert_eq!(
            [count(&start.text, "mine"), count(&start.text, "groups"), count(&start.text, "unassigned"), count(&start.text, "all"), count(&start.text, "status-3")],
            [1, 1, 1, 2, 1]
        );
        let everything = desk.get("/console/tickets?view=all").await;
        assert!(links_to(&everything.text, &mine) && links_to(&everything.text, &grouped));
        assert!(!links_to(&everything.text, &nobody) && !links_to(&everything.text, &foreign), "only what the agent may see");
        let groups = desk.get("/console/tickets?view=groups").await;
        assert!(links_to(&groups.text, &grouped) && !links_to(&groups.text, &mine));
        let refused = desk.get(&format!("/console/tickets/{foreign}")).await;
        refused.assert_status(404);
        assert!(refused.text.contains("工单不存在"));
        assert!(!refused.text.contains("打印机无法连接"));
        desk.post(&format!("/console/tickets/{foreign}/reply"), &[("replyMsg", "偷偷回复")]).await.assert_status(404);
        desk.get("/console/tickets/99999999").await.assert_status(404);
        desk.get("/console/tickets/abc").await.assert_status(404);
    }

    async fn a_ticket_page_shows_the_talk_and_takes_replies_notes_and_changes(app) {
        let tenant = app.tenant().await;
        let member = tenant.agent(json!({"name": "坐席甲"})).await;
        let other = tenant.agent(json!({"name": "坐席乙"})).await;
        let (cid, _) = contact_and_company(app, &tenant).await;
        let id = ticket(&tenant, &cid, json!({"servicerUserId": member.id, "description": "无法打印", "ticketReply": {"replyMsg": "请重启打印机"}})).await;
        let path = format!("/api/v1/tickets/{id}.json");
        tenant.admin.put(&path, json!({"ticket": {"ticketReply": {"replyMsg": "客户是 VIP", "replyType": "2"}}})).await.assert_status(200);

        let desk = Console::sign_in(&app.base, &member.account, AGENT_PASSWORD).await;
        let page = desk.get(&format!("/console/tickets/{id}")).await;
        page.assert_status(200);
        assert!(page.text.contains("无法打印") && page.text.contains("请重启打印机") && page.text.contains("客户是 VIP"));
        let note_at = page.text.find("客户是 VIP").expect("the note");
        let item = &page.text[page.text[..note_at].rfind("<li").expect("its item")..note_at];
        assert!(item.contains("internal") && item.contains("内部备注"), "a note is marked: {item}");
        assert!(page.text.find("请重启打印机") < Some(note_at), "replies in order");

        // Reply and note through the forms.
        let replied = desk.post(&format!("/console/tickets/{id}/reply"), &[("replyMsg", "已为您远程修复")]).await;
        replied.assert_status(303);
        assert_eq!(replied.location(), format!("/console/tickets/{id}?notice=replied"));
        let noted = desk.post(&format!("/console/tickets/{id}/note"), &[("noteMsg", "驱动版本过旧")]).await;
        noted.assert_status(303);
        let replies = tenant.admin.get(&format!("/api/v1/tickets/{id}/replies.json")).await;
        let last: Vec<(&str, &str)> = replies.body["ticket_replies"].as_array().expect("replies").iter()
            .map(|r| (r["replyMsg"].as_str().unwrap_or(""), r["replyType"].as_str().unwrap_or(""))).collect();
        assert_eq!(&last[last.len() - 2..], &[("已为您远程修复", "1"), ("驱动版本过旧", "2")]);
        let page = desk.get(&format!("/console/tickets/{id}?notice=replied")).await;
        assert!(page.text.contains("回复已添加") && page.text.contains("已为您远程修复") && page.text.contains("驱动版本过旧"));
        let empty = desk.post(&format!("/console/tickets/{id}/reply"), &[("replyMsg", "  ")]).await;
        empty.assert_status(400);
        assert!(empty.text.contains("f-replyMsg-error") && empty.text.contains("不能为空"), "{}", empty.text);

        // Properties and assignment, recorded in the history.
        let changed = desk.post(&format!("/console/tickets/{id}/properties"), &[
            ("ticketStatus", "3"), ("priorityLevel", "3"), ("ticketType", "1"), ("tagList", "VIP,打印"), ("ccUserIdList", &other.id), ("ccGroupIdList", ""),
        ]).await;
        changed.assert_status(303);
        let api = tenant.admin.get(&path).await;
        let t = &api.body["ticket"][0];
        assert_eq!((t["ticketStatus"].as_str(), t["priorityLevel"].as_str(), t["tagList"].as_str(), t["ccUserIdList"].as_str()), (Some("3"), Some("3"), Some("VIP,打印"), Some(other.id.as_str())));
        let back = desk.post(&format!("/console/tickets/{id}/properties"), &[("ticketStatus", "1"), ("priorityLevel", "3"), ("ticketType", "1"), ("tagList", "VIP"), ("ccUserIdList", ""), ("ccGroupIdList", "")]).await;
        back.assert_status(400);
        assert!(back.text.contains("f-ticketStatus-error") && back.text.contains("不能回到“新建”"), "{}", back.text);
        assert!(back.text.contains("value=\"VIP\""), "the refused form keeps its values");
        assert_eq!(tenant.admin.get(&path).await.body["ticket"][0]["tagList"], "VIP,打印", "nothing changed");
        let bad = desk.post(&format!("/console/tickets/{id}/assign"), &[("servicerUserId", "99999999"), ("servicerGroupId", "")]).await;
        bad.assert_status(400);
        assert!(bad.text.contains("f-servicerUserId-error") && bad.text.contains("该客服不存在"), "{}", bad.text);
        let assigned = desk.post(&format!("/console/tickets/{id}/assign"), &[("servicerUserId", &other.id), ("servicerGroupId", "")]).await;
        assigned.assert_status(303);
        assert_eq!(tenant.admin.get(&path).await.body["ticket"][0]["servicerUserId"], other.id.as_str());
        let history = tenant.admin.get(&format!("/api/v1/tickets/{id}/history.json")).await;
        let fields: Vec<&str> = history.body["ticket_history"].as_array().expect("history").iter().filter_map(|e| e["field"].as_str()).collect();
        assert!(fields.contains(&"ticketStatus") && fields.contains(&"servicerUserId") && fields.contains(&"tagList"), "{fields:?}");
        let admin = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let page = admin.get(&format!("/console/tickets/{id}")).await;
        page.assert_status(200);
        assert!(page.text.contains("等待回复") && page.text.contains("坐席乙"), "the history in words");
        assert!(page.text.contains("受理客服") && page.text.contains("坐席甲"));

        // Without the token nothing happens.
        let forged = desk.post_raw(&format!("/console/tickets/{id}/reply"), &[("replyMsg", "伪造")]).await;
        forged.assert_status(403);
        let replies = tenant.admin.get(&format!("/api/v1/tickets/{id}/replies.json")).await;
        assert!(!replies.text.contains("伪造"));
        // The ticket now belongs to 坐席乙 and copies him: 坐席甲 no longer sees it.
        desk.get(&format!("/console/tickets/{id}")).await.assert_status(404);
    }

    async fn template_fields_are_checked_and_explained_in_chinese(app) {
        use kefu_domain::custom_field::{CustomField, CustomFieldSettings, FieldEntity, FieldKind, FieldType};
        let tenant = app.tenant().await;
        let (cid, _) = contact_and_company(app, &tenant).await;
        let field = CustomField { entity: FieldEntity::Ticket, number: 0, title: "区域".into(), kind: FieldKind::Basic(FieldType::Text), required: true, settings: CustomFieldSettings::default() };
        let key = app.store.create_custom_field(tenant.id, &field).await.expect("a ticket field").field.key();
        let name = key.replace("field_", "cf_");
        let template = tenant.admin.post("/api/v1/tickettemplates.json", json!({"tickettemplate": {"ticketTemplateName": "报修", "fieldKeys": key}})).await;
        template.assert_status(200);
        let tid = template.body["tickettemplate"]["tId"].as_str().expect("tId").to_owned();
        let id = ticket(&tenant, &cid, json!({"ticketTemplateId": tid, "custom_fields": [{"key": key, "value": "华北"}]})).await;

        let admin = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let page = admin.get(&format!("/console/tickets/{id}")).await;
        assert!(page.text.contains("区域") && page.text.contains(&format!("name=\"{name}\"")) && page.text.contains("value=\"华北\""));
        let refused = admin.post(&format!("/console/tickets/{id}/fields"), &[("ticketTemplateId", &tid), (&name, "")]).await;
        refused.assert_status(400);
        assert!(refused.text.contains(&format!("f-{name}-error")), "{}", refused.text);
        assert!(refused.text.contains("模板要求填写") || refused.text.contains("必填"), "{}", refused.text);
        let saved = admin.post(&format!("/console/tickets/{id}/fields"), &[("ticketTemplateId", &tid), (&name, "华南")]).await;
        saved.assert_status(303);
        let api = tenant.admin.get(&format!("/api/v1/tickets/{id}.json")).await;
        assert_eq!(api.body["ticket"][0]["custom_fields"], json!([{"key": key, "value": "华南"}]));

        // Assigning and clearing the assignee (an empty picker clears, as the API's "0").
        let assign = format!("/console/tickets/{id}/assign");
        admin.post(&assign, &[("servicerUserId", &tenant.admin_id), ("servicerGroupId", "")]).await.assert_status(303);
        assert_eq!(tenant.admin.get(&format!("/api/v1/tickets/{id}.json")).await.body["ticket"][0]["servicerUserId"], tenant.admin_id.as_str());
        admin.post(&assign, &[("servicerUserId", ""), ("servicerGroupId", "")]).await.assert_status(303);
        assert_eq!(tenant.admin.get(&format!("/api/v1/tickets/{id}.json")).await.body["ticket"][0]["servicerUserId"], "0");
        assert!(admin.get(&format!("/console/tickets/{id}")).await.text.contains("未分配"));

        // The new ticket form lists the template's fields once it is chosen.
        let form = admin.get(&format!("/console/tickets/new?template={tid}")).await;
        assert!(form.text.contains(&format!("name=\"{name}\"")) && form.text.contains("name=\"ticketTemplateId\""));
        let missing = admin.post("/console/tickets", &[("subject", "缺字段"), ("custUserId", &cid), ("ticketTemplateId", &tid), (&name, "")]).await;
        missing.assert_status(400);
        assert!(missing.text.contains(&format!("f-{name}-error")), "{}", missing.text);
    }

    async fn new_tickets_for_an_existing_or_a_new_contact(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"name": "坐席"})).await;
        let (cid, uid) = contact_and_company(app, &tenant).await;
        let desk = Console::sign_in(&app.base, &agent.account, AGENT_PASSWORD).await;
        let form = desk.get("/console/tickets/new").await;
        form.assert_status(200);
        assert!(form.text.contains(&format!("value=\"{}\"", agent.id)), "the creator is the default assignee");

        let picked = desk.get("/console/contacts/pick?q=张三").await;
        picked.assert_status(200);
        assert!(picked.text.contains(&format!("\"cId\":\"{cid}\"")), "{}", picked.text);

        let created = desk.post("/console/tickets", &[("subject", "无法登录"), ("descript", "密码正确也无法登录"), ("custUserId", &cid), ("priorityLevel", "4"), ("ticketType", "2"), ("servicerUserId", &agent.id)]).await;
        created.assert_status(303);
        let id = id_in(created.location(), "/console/tickets/");
        let api = tenant.admin.get(&format!("/api/v1/tickets/{id}.json")).await;
        let t = &api.body["ticket"][0];
        assert_eq!((t["custUserId"].as_str(), t["servicerUserId"].as_str(), t["priorityLevel"].as_str(), t["descript"].as_str()), (Some(cid.as_str()), Some(agent.id.as_str()), Some("4"), Some("密码正确也无法登录")));
        assert!(desk.get(created.location()).await.text.contains("已创建"));

        // A new contact in the same submit.
        let with_contact = desk.post("/console/tickets", &[("subject", "新客户来电"), ("custUserId", ""), ("contact.name", "李四"), ("contact.mobile", "13800138000"), ("contact.companyId", &uid), ("servicerUserId", &agent.id)]).await;
        with_contact.assert_status(303);
        let id = id_in(with_contact.location(), "/console/tickets/");
        let api = tenant.admin.get(&format!("/api/v1/tickets/{id}.json")).await;
        let new_cid = api.body["ticket"][0]["custUserId"].as_str().expect("custUserId").to_owned();
        assert_ne!(new_cid, cid);
        assert_eq!(tenant.admin.get(&format!("/api/v1/users/{new_cid}.json")).await.body["user"]["name"], "李四");

        // A refused ticket makes no contact; a bad contact member is named beside its field.
        let refused = desk.post("/console/tickets", &[("subject", ""), ("contact.name", "王五"), ("contact.mobile", "13900139000"), ("contact.companyId", &uid)]).await;
        refused.assert_status(400);
        assert!(refused.text.contains("f-subject-error") && refused.text.contains("value=\"王五\""), "{}", refused.text);
        assert!(desk.get("/console/contacts?q=王五").await.text.contains("没有找到联系人"), "no half-created contact");
        let bad_mobile = desk.post("/console/tickets", &[("subject", "号码错误"), ("contact.name", "赵六"), ("contact.mobile", "123"), ("contact.companyId", &uid)]).await;
        bad_mobile.assert_status(400);
        assert!(bad_mobile.text.contains("f-contact-mobile-error") && bad_mobile.text.contains("手机号"), "{}", bad_mobile.text);
        let neither = desk.post("/console/tickets", &[("subject", "没有联系人"), ("custUserId", "")]).await;
        neither.assert_status(400);
        assert!(neither.text.contains("f-custUserId-error"), "{}", neither.text);
        let forged = desk.post_raw("/console/tickets", &[("subject", "伪造"), ("custUserId", &cid)]).await;
        forged.assert_status(403);
    }
}
