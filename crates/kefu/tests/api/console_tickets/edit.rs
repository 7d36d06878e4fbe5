//! A ticket's page over HTTP on both backends: editing the subject and the description
//! (problems beside the fields), deleting (an agent) and restoring (an administrator, from
//! the deleted ticket's page; 已删除 lists it meanwhile), and the paging of a long
//! conversation and history.

use serde_json::json;

use super::{links_to, ticket};
use crate::backend_tests;
use crate::support::console::Console;
use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD};
use crate::tickets::contact_and_company;

backend_tests! {
    async fn the_subject_and_description_are_edited_and_tickets_deleted_and_restored(app) {
        let tenant = app.tenant().await;
        let member = tenant.agent(json!({"name": "坐席甲"})).await;
        let (cid, _) = contact_and_company(app, &tenant).await;
        let id = ticket(&tenant, &cid, json!({"servicerUserId": member.id, "description": "无法打印"})).await;
        let path = format!("/api/v1/tickets/{id}.json");
        let desk = Console::sign_in(&app.base, &member.account, AGENT_PASSWORD).await;
        let page = desk.get(&format!("/console/tickets/{id}")).await;
        assert!(page.text.contains(&format!("action=\"/console/tickets/{id}/content\"")) && page.text.contains("标题与描述"));
        assert!(page.text.contains(&format!("action=\"/console/tickets/{id}/delete\"")), "an agent may delete what they see");
        assert!(!page.text.contains("/console/tickets/deleted"), "已删除 is the administrators'");

        let long = "长".repeat(101);
        let refused = desk.post(&format!("/console/tickets/{id}/content"), &[("subject", &long), ("descript", "改了")]).await;
        refused.assert_status(400);
        assert!(refused.text.contains("f-subject-error") && refused.text.contains(">改了</textarea>"), "{}", refused.text);
        assert_eq!(tenant.admin.get(&path).await.body["ticket"][0]["subject"], "打印机无法连接", "nothing changed");
        desk.post(&format!("/console/tickets/{id}/content"), &[("subject", ""), ("descript", "")]).await.assert_status(400);
        let saved = desk.post(&format!("/console/tickets/{id}/content"), &[("subject", "打印机脱机"), ("descript", "重启后仍脱机")]).await;
        saved.assert_status(303);
        let api = tenant.admin.get(&path).await;
        assert_eq!((api.body["ticket"][0]["subject"].as_str(), api.body["ticket"][0]["descript"].as_str()), (Some("打印机脱机"), Some("重启后仍脱机")));
        assert!(desk.get(saved.location()).await.text.contains("把 <em>标题</em>"), "the history names the change");

        // The agent deletes it and no longer sees it; the administrator restores it.
        desk.post_raw(&format!("/console/tickets/{id}/delete"), &[]).await.assert_status(403);
        let deleted = desk.post(&format!("/console/tickets/{id}/delete"), &[]).await;
        deleted.assert_status(303);
        assert_eq!(deleted.location(), "/console/tickets?notice=deleted");
        desk.get(&format!("/console/tickets/{id}")).await.assert_status(404);
        desk.get("/console/tickets/deleted").await.assert_status(403);
        let admin = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let views = admin.get("/console/tickets?view=all").await;
        assert!(views.text.contains("href=\"/console/tickets/deleted\"") && !links_to(&views.text, &id));
        let bin = admin.get("/console/tickets/deleted").await;
        bin.assert_status(200);
        assert!(links_to(&bin.text, &id) && bin.text.contains("打印机脱机"), "{}", bin.text);
        let shown = admin.get(&format!("/console/tickets/{id}")).await;
        shown.assert_status(200);
        assert!(shown.text.contains("这个工单已删除") && shown.text.contains(&format!("action=\"/console/tickets/{id}/restore\"")));
        assert!(!shown.text.contains(&format!("action=\"/console/tickets/{id}/reply\"")), "a deleted ticket is only read");
        desk.post(&format!("/console/tickets/{id}/restore"), &[]).await.assert_status(403);
        let restored = admin.post(&format!("/console/tickets/{id}/restore"), &[]).await;
        restored.assert_status(303);
        assert_eq!(restored.location(), format!("/console/tickets/{id}?notice=restored"));
        assert!(!links_to(&admin.get("/console/tickets/deleted").await.text, &id));
        assert_eq!(tenant.admin.get(&path).await.body["ticket"][0]["subject"], "打印机脱机");
        desk.get(&format!("/console/tickets/{id}")).await.assert_status(200);
        let history = admin.get(&format!("/console/tickets/{id}")).await;
        assert!(history.text.contains("删除了工单") && history.text.contains("恢复了工单"));
        admin.post("/console/tickets/99999999/restore", &[]).await.assert_status(404);
        admin.post("/console/tickets/99999999/delete", &[]).await.assert_status(404);
    }

    async fn earlier_replies_and_more_history_are_reached_by_pages(app) {
        let tenant = app.tenant().await;
        let (cid, _) = contact_and_company(app, &tenant).await;
        let id = ticket(&tenant, &cid, json!({"description": "最初的描述"})).await;
        let path = format!("/api/v1/tickets/{id}.json");
        for n in 1..=105 {
            let reply = json!({"ticket": {"ticketReply": {"replyMsg": format!("第{n}条回复。")}}});
            tenant.admin.put(&path, reply).await.assert_status(200);
        }
        let admin = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let page = admin.get(&format!("/console/tickets/{id}")).await;
        page.assert_status(200);
        assert!(page.text.contains("第105条回复。") && page.text.contains("第56条回复。") && !page.text.contains("第55条回复。"));
        assert!(!page.text.contains("描述 · "), "the description starts the conversation, on its first page");
        assert!(page.text.contains("共 105 条回复"));
        let earlier = format!("/console/tickets/{id}?replies=2#talk-h");
        assert!(page.text.contains(&format!("href=\"{earlier}\"")), "{}", page.text);
        let second = admin.get(&earlier).await;
        assert!(second.text.contains("第51条回复。") && second.text.contains("第100条回复。") && !second.text.contains("第101条回复。"));
        assert!(second.text.contains(&format!("href=\"/console/tickets/{id}?replies=1#talk-h\"")));
        assert!(second.text.contains(&format!("href=\"/console/tickets/{id}?replies=3#talk-h\"")));
        let first = admin.get(&format!("/console/tickets/{id}?replies=1")).await;
        assert!(first.text.contains("描述 · ") && first.text.contains("第1条回复。") && !first.text.contains("第51条回复。"));

        // 106 entries (created, then 105 replies): the second page of history has 6.
        let more = format!("/console/tickets/{id}?history=2#history-h");
        assert!(page.text.contains(&format!("href=\"{more}\"")) && page.text.contains("共 106 条"), "{}", page.text);
        let rest = admin.get(&format!("/console/tickets/{id}?replies=2&history=2")).await;
        rest.assert_status(200);
        assert_eq!(rest.text.matches("添加了回复").count(), 6, "{}", rest.text);
        assert!(rest.text.contains(&format!("href=\"/console/tickets/{id}?replies=2#history-h\"")), "back keeps the reply page");
        admin.get(&format!("/console/tickets/{id}?replies=0")).await.assert_status(400);
        admin.get(&format!("/console/tickets/{id}?history=x")).await.assert_status(400);
    }
}

backend_tests! {
    async fn cc_agents_are_picked_and_cc_groups_ticked(app) {
        let tenant = app.tenant().await;
        let group = tenant.group("二线").await;
        let copied = tenant.agent(json!({"name": "抄送甲"})).await;
        let (cid, _) = contact_and_company(app, &tenant).await;
        let id = ticket(&tenant, &cid, json!({})).await;
        let path = format!("/api/v1/tickets/{id}.json");
        let admin = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let page = admin.get(&format!("/console/tickets/{id}")).await;
        assert!(page.text.contains("data-agent-picker=\"/console/agents/pick\"") && page.text.contains("name=\"ccUserIdAdd\""));
        assert!(page.text.contains(&format!("name=\"ccGroupIdList\" value=\"{group}\"")), "a checkbox per group");
        let properties = format!("/console/tickets/{id}/properties");
        let base = [("ticketStatus", "1"), ("priorityLevel", "2"), ("ticketType", "0"), ("tagList", "")];
        let with = |extra: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
            base.iter().chain(extra).map(|(k, v)| (*k, (*v).to_owned())).collect()
        };
        let send = |fields: Vec<(&'static str, String)>| {
            let admin = &admin;
            let properties = properties.clone();
            async move {
                let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                admin.post(&properties, &pairs).await
            }
        };
        let unknown = send(with(&[("ccUserIdList", ""), ("ccUserIdAdd", "99999999"), ("ccGroupIdList", "")])).await;
        unknown.assert_status(400);
        assert!(unknown.text.contains("f-ccUserIdList-error"), "{}", unknown.text);
        send(with(&[("ccUserIdList", ""), ("ccUserIdAdd", &copied.id), ("ccGroupIdList", ""), ("ccGroupIdList", &group)])).await.assert_status(303);
        let t = tenant.admin.get(&path).await.body["ticket"][0].clone();
        assert_eq!((t["ccUserIdList"].as_str(), t["ccGroupIdList"].as_str()), (Some(copied.id.as_str()), Some(group.as_str())));
        let page = admin.get(&format!("/console/tickets/{id}")).await;
        assert!(page.text.contains(&format!("name=\"ccUserIdList\" value=\"{}\" checked", copied.id)) && page.text.contains("抄送甲"), "{}", page.text);
        assert!(page.text.contains(&format!("name=\"ccGroupIdList\" value=\"{group}\" checked")));
        // Nothing ticked clears both lists.
        send(with(&[("ccUserIdList", ""), ("ccUserIdAdd", ""), ("ccGroupIdList", "")])).await.assert_status(303);
        let t = tenant.admin.get(&path).await.body["ticket"][0].clone();
        assert_eq!((t["ccUserIdList"].as_str(), t["ccGroupIdList"].as_str()), (Some(""), Some("")));
    }
}
