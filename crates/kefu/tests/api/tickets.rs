//! Tickets (工单) over HTTP on both backends: create (with a first reply), show as the hosted
//! service answers it (`{id}.json` an array of one, `_v2` an object), the list, a PUT of the
//! whole object read back (numbers, nulls, an empty `replyMsg`), statuses and their
//! timestamps, who sees what, soft delete and restore, replies and history, bad input.
//!
//! Contacts and companies are created through the customers API (`contact_and_company`).

use serde_json::{Value, json};
use sqlx::{AnyConnection, Connection, Executor};

use crate::backend_tests;
use crate::support::{Tenant, TestApp, unique};

/// A company and a live contact in it, in `tenant`; returns the contact's cId.
async fn contact(app: &TestApp, tenant: &Tenant) -> String {
    contact_and_company(app, tenant).await.0
}

/// A company and a live contact in it, in `tenant`, through the customers API; returns
/// (cId, uId).
pub async fn contact_and_company(_app: &TestApp, tenant: &Tenant) -> (String, String) {
    let company =
        tenant.admin.post("/api/v1/companies.json", json!({"company": {"companyName": unique("公司")}})).await;
    company.assert_status(200);
    let company = company.body["company"]["uId"].as_str().expect("uId is a string").to_owned();
    let user = json!({"user": {"name": "张三", "mobile": "13039209552", "companyId": company}});
    let created = tenant.admin.post("/api/v1/users.json", user).await;
    created.assert_status(200);
    let contact = created.body["user"]["cId"].as_str().expect("cId is a string").to_owned();
    (contact, company)
}

fn ticket_path(id: &str) -> String {
    format!("/api/v1/tickets/{id}.json")
}

/// Creates a ticket as `tenant`'s administrator with extra members; returns the ticket.
async fn create(tenant: &Tenant, contact: &str, extra: Value) -> Value {
    let mut ticket = json!({"subject": "打印机无法连接", "custUserId": contact});
    if let (Some(target), Value::Object(extra)) = (ticket.as_object_mut(), extra) {
        target.extend(extra);
    }
    let reply = tenant.admin.post("/api/v1/tickets.json", json!({ "ticket": ticket })).await;
    reply.assert_status(200);
    reply.body["ticket"].clone()
}

fn id_of(ticket: &Value) -> String {
    ticket["ticketId"].as_str().expect("ticketId is a string").to_owned()
}

backend_tests! {
    async fn a_ticket_is_created_shown_listed_and_replied_to(app) {
        let tenant = app.tenant().await;
        let cid = contact(app, &tenant).await;
        // The developer guide's worked example, with a first reply.
        let reply = tenant
            .admin
            .post(
                "/api/v1/tickets.json",
                json!({"ticket": {
                    "subject": "打印机无法连接",
                    "descript": "办公室的打印机连不上",
                    "custUserId": cid,
                    "priorityLevel": 3,
                    "tagList": "打印机,VIP",
                    "ticketReply": {"replyMsg": "已收到，正在处理"}
                }}),
            )
            .await;
        reply.assert_status(200);
        let ticket = reply.body["ticket"].clone();
        let id = id_of(&ticket);
        assert!(reply.header("location").is_some_and(|l| l.ends_with(&ticket_path(&id))));
        for (member, value) in ticket.as_object().expect("an object") {
            let list = ["custom_fields", "tables", "descriptattachments"].contains(&member.as_str());
            assert!(value.is_string() || list, "{member} must be a string, is {value}");
        }
        assert_eq!(ticket["ticketSource"], "7", "API by default");
        assert_eq!(ticket["ticketStatus"], "1", "new without an assignee");
        assert_eq!(ticket["priorityLevel"], "3");
        assert_eq!(ticket["ticketType"], "0");
        assert_eq!(ticket["custUserId"], json!(cid));
        assert_eq!(ticket["createrId"], json!(tenant.admin_id));
        assert_eq!(ticket["createrType"], "0");
        assert_eq!(ticket["servicerUserId"], "0");
        assert_eq!(ticket["tagList"], "打印机,VIP");
        assert_eq!(ticket["openDT"], "");
        assert_eq!(ticket["isDeleted"], "0");
        assert_eq!(ticket["workflow_id"], "0");

        // {id}.json: an array of one (an old Ruby client takes .first); _v2: an object.
        let shown = tenant.admin.get(&ticket_path(&id)).await;
        shown.assert_status(200);
        assert!(shown.body["ticket"].is_array());
        assert_eq!(shown.body["ticket"][0]["ticketId"], json!(id));
        let v2 = tenant.admin.get(&format!("/api/v1/tickets/{id}_v2.json")).await;
        v2.assert_status(200);
        assert_eq!(v2.body["ticket"]["ticketId"], json!(id));
        assert_eq!(v2.body["ticket"]["subject"], "打印机无法连接");

        // The list a real Java client asks for.
        let second = create(&tenant, &cid, json!({})).await;
        let list = tenant.admin.get("/api/v1/tickets.json?updated_order=desc&per_page=100&page=1").await;
        list.assert_status(200);
        assert_eq!(list.body["count"], json!(2));
        assert_eq!(list.body["tickets"][0]["ticketId"], second["ticketId"]);
        assert_eq!(list.body["next_page"], Value::Null);
        let paged = tenant.admin.get("/api/v1/tickets.json?per_page=1").await;
        assert_eq!(paged.body["tickets"][0]["ticketId"], json!(id), "ticketId ascending by default");
        assert!(paged.body["next_page"].as_str().is_some_and(|n| n.contains("page=2")));
        tenant
            .admin
            .get("/api/v1/tickets.json?created_order=asc&updated_order=desc")
            .await
            .assert_error(400, "updated_order");

        // A company's and a contact's tickets.
        let of_contact = tenant.admin.get(&format!("/api/v1/users/{cid}/tickets.json")).await;
        of_contact.assert_status(200);
        assert_eq!(of_contact.body["count"], json!(2));
        tenant.admin.get("/api/v1/users/999999/tickets.json").await.assert_status(404);

        // Replies and history.
        let replies = tenant.admin.get(&format!("/api/v1/tickets/{id}/replies.json")).await;
        replies.assert_status(200);
        assert_eq!(replies.body["count"], json!(1));
        let first = &replies.body["ticket_replies"][0];
        assert_eq!(first["replyMsg"], "已收到，正在处理");
        assert_eq!(first["replyType"], "1");
        assert_eq!(first["replyStatus"], "1");
        assert_eq!(first["replyUserId"], json!(tenant.admin_id));
        let history = tenant.admin.get(&format!("/api/v1/tickets/{id}/history.json")).await;
        history.assert_status(200);
        let actions: Vec<&str> =
            history.body["ticket_history"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
        assert_eq!(actions, ["create", "reply"]);
    }

    async fn a_put_of_the_object_read_back_changes_only_what_changed(app) {
        let tenant = app.tenant().await;
        let cid = contact(app, &tenant).await;
        let id = id_of(&create(&tenant, &cid, json!({})).await);
        let read = tenant.admin.get(&ticket_path(&id)).await;
        let mut ticket = read.body["ticket"][0].clone();
        // A real client: the whole object back, a number, a null, an empty reply.
        ticket["ticketStatus"] = json!(2);
        ticket["priorityLevel"] = Value::Null;
        ticket["ticketReply"] = json!({"replyMsg": ""});
        let put = tenant.admin.put(&ticket_path(&id), json!({ "ticket": ticket })).await;
        put.assert_status(200);
        assert!(put.body["ticket"].is_array(), "the path's shape");
        let after = &put.body["ticket"][0];
        assert_eq!(after["ticketStatus"], "2");
        assert_eq!(after["priorityLevel"], "2", "null leaves it");
        assert_ne!(after["openDT"], "", "entering 2 sets openDT");
        let history = tenant.admin.get(&format!("/api/v1/tickets/{id}/history.json")).await;
        let changes: Vec<(String, String, String)> = history.body["ticket_history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "change")
            .map(|e| (e["field"].as_str().unwrap().into(), e["from"].as_str().unwrap().into(), e["to"].as_str().unwrap().into()))
            .collect();
        assert_eq!(changes, [("ticketStatus".to_owned(), "1".to_owned(), "2".to_owned())]);
        assert_eq!(tenant.admin.get(&format!("/api/v1/tickets/{id}/replies.json")).await.body["count"], json!(0));

        // _v2 answers the object; a reply and a note through PUT.
        let v2 = tenant
            .admin
            .put(
                &format!("/api/v1/tickets/{id}_v2.json"),
                json!({"ticket": {"ticketStatus": "4", "ticketReply": {"replyMsg": "内部备注", "replyType": "2"}}}),
            )
            .await;
        v2.assert_status(200);
        assert_eq!(v2.body["ticket"]["ticketStatus"], "4");
        assert_ne!(v2.body["ticket"]["solveDT"], "");
        let replies = tenant.admin.get(&format!("/api/v1/tickets/{id}/replies.json")).await;
        assert_eq!(replies.body["ticket_replies"][0]["replyType"], "2");
        // Re-opening clears solveDT.
        let reopened = tenant.admin.put(&format!("/api/v1/tickets/{id}_v2.json"), json!({"ticket": {"ticketStatus": "2"}})).await;
        assert_eq!(reopened.body["ticket"]["solveDT"], "");

        // Server-set members sent back changed, and statuses the machine refuses.
        let path = ticket_path(&id);
        tenant.admin.put(&path, json!({"ticket": {"ticketId": "999"}})).await.assert_error(400, "ticketId");
        tenant.admin.put(&path, json!({"ticket": {"ticketStatus": "5"}})).await.assert_error(400, "use 6");
        tenant.admin.put(&path, json!({"ticket": {"ticketStatus": "1"}})).await.assert_error(400, "ticketStatus");
        tenant.admin.put(&path, json!({"ticket": {"bogus": "1"}})).await.assert_error(400, "bogus");
    }

    async fn bad_input_is_refused_naming_the_field(app) {
        let tenant = app.tenant().await;
        let other = app.tenant().await;
        let cid = contact(app, &tenant).await;
        let foreign = contact(app, &other).await;
        let post = |ticket: Value| {
            let admin = tenant.admin.clone();
            async move { admin.post("/api/v1/tickets.json", json!({ "ticket": ticket })).await }
        };
        post(json!({"custUserId": cid})).await.assert_error(400, "subject");
        post(json!({"subject": "x"})).await.assert_error(400, "custUserId");
        post(json!({"subject": "x".repeat(101), "custUserId": cid})).await.assert_error(400, "subject");
        post(json!({"subject": "x", "custUserId": cid, "ticketStatus": "9"})).await.assert_error(400, "ticketStatus");
        post(json!({"subject": "x", "custUserId": foreign})).await.assert_error(400, "custUserId");
        post(json!({"subject": "x", "custUserId": cid, "servicerUserId": "999999"})).await.assert_error(400, "servicerUserId");
        post(json!({"subject": "x", "custUserId": cid, "ccGroupIdList": "999999"})).await.assert_error(400, "ccGroupIdList");
        post(json!({"subject": "x", "custUserId": cid, "ticketTemplateId": "999999"})).await.assert_error(400, "ticketTemplateId");
        let two = post(json!({"custUserId": "x", "priorityLevel": "7"})).await;
        two.assert_status(400);
        assert!(two.body["errors"].as_array().is_some_and(|e| e.len() >= 3), "every problem: {}", two.text);

        // Another tenant's ticket answers as unknown; ids are canonical.
        let id = id_of(&create(&tenant, &cid, json!({})).await);
        let stranger = app.tenant().await;
        stranger.admin.get(&ticket_path(&id)).await.assert_error(404, "no ticket");
        stranger.admin.put(&ticket_path(&id), json!({"ticket": {"subject": "y"}})).await.assert_status(404);
        tenant.admin.get("/api/v1/tickets/abc.json").await.assert_status(404);
        tenant.admin.get(&format!("/api/v1/tickets/0{id}.json")).await.assert_status(400);
    }

    async fn agents_see_their_tickets_and_administrators_restore(app) {
        let tenant = app.tenant().await;
        let cid = contact(app, &tenant).await;
        let group = tenant.group("一线").await;
        let member = tenant.agent(json!({"groupId": group})).await;
        let outsider = tenant.agent(json!({})).await;
        let copied = tenant.agent(json!({})).await;

        // Assigned to an agent: status 2 without asking.
        let assigned = create(&tenant, &cid, json!({"servicerUserId": member.id, "servicerGroupId": group})).await;
        assert_eq!(assigned["ticketStatus"], "2");
        assert_ne!(assigned["openDT"], "");
        let assigned_id = id_of(&assigned);
        let cc = id_of(&create(&tenant, &cid, json!({"ccUserIdList": copied.id})).await);
        let unassigned = id_of(&create(&tenant, &cid, json!({})).await);
        // The assignee must be in the group.
        tenant
            .admin
            .post("/api/v1/tickets.json", json!({"ticket": {"subject": "x", "custUserId": cid, "servicerUserId": outsider.id, "servicerGroupId": group}}))
            .await
            .assert_error(400, "servicerUserId");

        let ids = |reply: &crate::support::Reply| -> Vec<String> {
            reply.body["tickets"].as_array().unwrap().iter().map(|t| t["ticketId"].as_str().unwrap().to_owned()).collect()
        };
        // The list is administrators' (spec); agents read the tickets they are party to.
        member.session.get("/api/v1/tickets.json").await.assert_status(403);
        copied.session.get(&ticket_path(&cc)).await.assert_status(200);
        copied.session.get(&ticket_path(&assigned_id)).await.assert_status(404);
        assert_eq!(tenant.admin.get("/api/v1/tickets.json").await.body["count"], json!(3));
        outsider.session.get(&ticket_path(&assigned_id)).await.assert_error(404, "no ticket");
        outsider.session.get(&ticket_path(&unassigned)).await.assert_status(404);
        outsider.session.get(&format!("/api/v1/tickets/{assigned_id}/history.json")).await.assert_status(404);
        member.session.get(&ticket_path(&assigned_id)).await.assert_status(200);
        copied.session.put(&ticket_path(&cc), json!({"ticket": {"ticketReply": {"replyMsg": "看到了"}}})).await.assert_status(200);
        member.session.get("/api/v1/tickets.json?isDeleted=1").await.assert_status(403);
        member.session.get("/api/v1/users/1/tickets.json").await.assert_status(403);

        // Clearing the assignee with "" (the documented way).
        let cleared = tenant.admin.put(&ticket_path(&assigned_id), json!({"ticket": {"servicerUserId": ""}})).await;
        assert_eq!(cleared.body["ticket"][0]["servicerUserId"], "0");
        // Still the group's.
        member.session.get(&ticket_path(&assigned_id)).await.assert_status(200);

        // Soft delete by a party; only administrators see it then, and restore it.
        let deleted = member.session.delete(&ticket_path(&assigned_id)).await;
        deleted.assert_status(200);
        let gone = &deleted.body["ticket"][0];
        assert_eq!(gone["isDeleted"], "1");
        assert_eq!(gone["deleterId"], json!(member.id));
        assert_ne!(gone["deleteDT"], "");
        member.session.get(&ticket_path(&assigned_id)).await.assert_status(404);
        assert_eq!(tenant.admin.get("/api/v1/tickets.json").await.body["count"], json!(2));
        let bin = tenant.admin.get("/api/v1/tickets.json?isDeleted=1").await;
        assert_eq!(ids(&bin), std::slice::from_ref(&assigned_id));
        tenant.admin.get(&ticket_path(&assigned_id)).await.assert_status(200);
        let restored = tenant.admin.put(&ticket_path(&assigned_id), json!({"ticket": {"isDeleted": "0"}})).await;
        restored.assert_status(200);
        assert_eq!(restored.body["ticket"][0]["isDeleted"], "0");
        assert_eq!(restored.body["ticket"][0]["deleterId"], "0");
        assert_eq!(restored.body["ticket"][0]["deleteDT"], "");
        let history = tenant.admin.get(&format!("/api/v1/tickets/{assigned_id}/history.json")).await;
        let actions: Vec<&str> =
            history.body["ticket_history"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
        assert_eq!(actions, ["create", "change", "delete", "restore"]);
        // An agent cannot restore.
        member.session.delete(&ticket_path(&assigned_id)).await.assert_status(200);
        member.session.put(&ticket_path(&assigned_id), json!({"ticket": {"isDeleted": "0"}})).await.assert_status(404);
    }

    async fn deleting_a_group_unassigns_its_tickets(app) {
        let tenant = app.tenant().await;
        let cid = contact(app, &tenant).await;
        let group = tenant.group("二线").await;
        let id = id_of(&create(&tenant, &cid, json!({"servicerGroupId": group, "ccGroupIdList": group})).await);
        tenant.admin.delete(&format!("/api/v1/supportgroups/{group}.json")).await.assert_status(200);
        let after = tenant.admin.get(&format!("/api/v1/tickets/{id}_v2.json")).await;
        assert_eq!(after.body["ticket"]["servicerGroupId"], "0");
        assert_eq!(after.body["ticket"]["ccGroupIdList"], "");
        // The history names who deleted the group.
        let history = tenant.admin.get(&format!("/api/v1/tickets/{id}/history.json")).await;
        let cleared = history.body["ticket_history"]
            .as_array()
            .expect("a list")
            .iter()
            .find(|e| e["field"] == "servicerGroupId" && e["to"] == "0")
            .cloned()
            .unwrap_or_default();
        assert_eq!(cleared["sId"], json!(tenant.admin_id), "history: {}", history.text);
    }

    async fn the_search_answers_terms_prefixes_and_free_text(app) {
        let tenant = app.tenant().await;
        let (cid, company) = contact_and_company(app, &tenant).await;
        let group = tenant.group("三线").await;
        let member = tenant.agent(json!({"groupId": group})).await;
        let printer = id_of(&create(&tenant, &cid, json!({"subject": "Printer 无法连接", "tagList": "VIP"})).await);
        let mine = id_of(&create(&tenant, &cid, json!({"subject": "登录失败", "servicerGroupId": group, "ticketStatus": "3"})).await);
        let noted = id_of(&create(&tenant, &cid, json!({"subject": "其他", "ticketReply": {"replyMsg": "需要更换硒鼓", "replyType": "2"}})).await);
        let search = |session: crate::support::Session, query: String| async move {
            let reply = session.get(&format!("/api/v1/tickets/search.json?{query}")).await;
            reply.assert_status(200);
            let ids: Vec<String> = reply.body["tickets"]["results"]
                .as_array()
                .expect("results")
                .iter()
                .map(|t| t["ticketId"].as_str().expect("ticketId").to_owned())
                .collect();
            (reply.body["tickets"]["count"].as_u64().unwrap_or(u64::MAX), ids)
        };
        let admin = || tenant.admin.clone();
        // The real client's month-by-month query (this month, no template: servicer none).
        let month = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::get("Asia/Shanghai").unwrap()).strftime("%Y-%m").to_string();
        let (count, ids) = search(admin(), format!("query=createDT:{month}%20ticketTemplateId:0&per_page=5000")).await;
        assert_eq!((count, ids.len()), (3, 3));
        let (_, ids) = search(admin(), "query=createDT:2001-01".into()).await;
        assert!(ids.is_empty());
        let (_, ids) = search(admin(), "query=ticketStatus:3".into()).await;
        assert_eq!(ids, std::slice::from_ref(&mine));
        let (_, ids) = search(admin(), "query=tagList:VIP".into()).await;
        assert_eq!(ids, std::slice::from_ref(&printer));
        let (_, ids) = search(admin(), "query=printer".into()).await;
        assert_eq!(ids, std::slice::from_ref(&printer), "free text, any case");
        let (_, ids) = search(admin(), "query=%E7%A1%92%E9%BC%93%20ticketStatus:1".into()).await;
        assert_eq!(ids, std::slice::from_ref(&noted), "found in a note");
        let (_, ids) = search(admin(), format!("query=companyId:{company}&sort_by=createDT")).await;
        assert_eq!(ids, [noted.clone(), mine.clone(), printer.clone()], "newest first with sort_by");
        let (count, ids) = search(admin(), format!("query=custUserId:{cid}&per_page=1&page=2")).await;
        assert_eq!((count, ids), (3, vec![mine.clone()]));
        // An agent finds only their tickets.
        let (count, ids) = search(member.session.clone(), format!("query=custUserId:{cid}")).await;
        assert_eq!((count, ids), (1, vec![mine.clone()]));
        member.session.get("/api/v1/tickets/search.json?query=isDeleted:1").await.assert_status(403);
        // Bad input.
        tenant.admin.get("/api/v1/tickets/search.json?query=createDT:2025-13").await.assert_error(400, "createDT");
        tenant.admin.get("/api/v1/tickets/search.json?query=ticketStatus:1&per_page=5001").await.assert_error(400, "per_page");
        tenant.admin.get("/api/v1/tickets/search.json?query=ticketStatus:1&sort_by=x").await.assert_error(400, "sort_by");
        tenant.admin.get("/api/v1/tickets/search.json").await.assert_error(400, "query");
        tenant.admin.get("/api/v1/tickets/search.json?query=ab").await.assert_status(400);
    }
}

/// Moves a ticket's `solveDT` `days` back, as if it had been solved then.
async fn backdate_solved(app: &TestApp, id: &str, days: i64) {
    let mut conn = AnyConnection::connect(&app.url).await.expect("connect to the test database");
    let sql = format!("UPDATE tickets SET solved_at = solved_at - {} WHERE id = {id}", days * 86_400_000_000);
    conn.execute(sql.as_str()).await.expect("backdate solveDT");
    let _ = conn.close().await;
}

backend_tests! {
    config = kefu_server::Config { auto_close_interval: std::time::Duration::from_millis(100), ..kefu_server::Config::default() };

    async fn solved_tickets_close_themselves_after_the_companys_days(app) {
        let tenant = app.tenant().await;
        let cid = contact(app, &tenant).await;
        let old = id_of(&create(&tenant, &cid, json!({"ticketStatus": "4"})).await);
        let recent = id_of(&create(&tenant, &cid, json!({"ticketStatus": "4"})).await);
        backdate_solved(app, &old, 4).await;
        // A second instance on the same database scans too (PostgreSQL: row locks decide).
        let second = app.second_instance().await;
        let mut status = String::new();
        for _ in 0..100 {
            let shown = tenant.admin.get(&format!("/api/v1/tickets/{old}_v2.json")).await;
            status = shown.body["ticket"]["ticketStatus"].as_str().unwrap_or_default().to_owned();
            if status == "5" {
                assert_ne!(shown.body["ticket"]["closeDT"], "");
                assert_ne!(shown.body["ticket"]["solveDT"], "", "closing keeps solveDT");
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(status, "5", "the solved ticket closed itself");
        // Two passes later, the recent one is still solved, and the old one closed once.
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        let recent = tenant.admin.get(&format!("/api/v1/tickets/{recent}_v2.json")).await;
        assert_eq!(recent.body["ticket"]["ticketStatus"], "4");
        let history = tenant.admin.get(&format!("/api/v1/tickets/{old}/history.json")).await;
        let closes: Vec<&Value> = history.body["ticket_history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "autoclose")
            .collect();
        assert_eq!(closes.len(), 1, "closed once: {}", history.text);
        assert_eq!(closes[0]["sId"], "0");
        assert_eq!((closes[0]["from"].as_str(), closes[0]["to"].as_str()), (Some("4"), Some("5")));
        second.finish().await;
    }
}

backend_tests! {
    async fn the_client_speaks_tickets(app) {
        use kefu_client::api::{TicketInput, TicketReplyInput, TicketTemplateInput};
        let tenant = app.tenant().await;
        let (cid, _) = contact_and_company(app, &tenant).await;
        let client = kefu_client::Client::basic(&app.base, tenant.admin.account(), crate::support::ADMIN_PASSWORD)
            .expect("a client");
        let tickets = client.tickets();
        let template = tickets
            .create_template(TicketTemplateInput { ticket_template_name: Some(json!("客户端模板")), ..Default::default() })
            .await
            .expect("a template");
        let created = tickets
            .create(TicketInput {
                subject: Some(json!("客户端工单")),
                cust_user_id: Some(json!(cid)),
                ticket_template_id: Some(json!(template.t_id)),
                ticket_reply: Some(TicketReplyInput { reply_msg: Some(json!("第一条")), reply_type: None }),
                ..Default::default()
            })
            .await
            .expect("a ticket");
        let id = created.ticket_id.clone();
        assert_eq!(tickets.show(&id).await.expect("show").map(|t| t.subject), Some("客户端工单".to_owned()));
        let solved = tickets
            .update(&id, TicketInput { ticket_status: Some(json!(4)), ..Default::default() })
            .await
            .expect("update");
        assert_eq!(solved.ticket_status, "4");
        let found = tickets.search(&format!("custUserId:{cid}"), None, Default::default()).await.expect("search");
        assert_eq!(found.tickets.count, 1);
        assert_eq!(tickets.replies(&id, Default::default()).await.expect("replies").count, 1);
        assert!(tickets.history(&id, Default::default()).await.expect("history").count >= 3);
        assert_eq!(tickets.fields(true).await.expect("fields").len(), 13);
        assert!(tickets.template(99_999_999).await.expect("template").is_none());
        let list = tickets.list(&kefu_client::TicketListQuery::default()).await.expect("list");
        assert_eq!(list.count, 1);
        assert_eq!(tickets.delete(&id).await.expect("delete").is_deleted, "1");
    }
}
