//! The ticket search's free text through the trigram indexes (FTS5 on SQLite, pg_trgm on
//! PostgreSQL), on both backends: Chinese substrings, replies added later, subject changes,
//! deleted tickets, short terms (matched without the index), case, query syntax characters,
//! and another company's tickets.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::{Session, Tenant};
use crate::tickets::contact_and_company;

/// Creates a ticket as `tenant`'s administrator; returns its ticketId.
async fn create(tenant: &Tenant, contact: &str, ticket: Value) -> String {
    let mut body = json!({"custUserId": contact});
    if let (Some(target), Value::Object(extra)) = (body.as_object_mut(), ticket) {
        target.extend(extra);
    }
    let reply = tenant.admin.post("/api/v1/tickets.json", json!({ "ticket": body })).await;
    reply.assert_status(200);
    reply.body["ticket"]["ticketId"].as_str().expect("ticketId is a string").to_owned()
}

/// The ids a search finds (all of them: one page of up to 5,000).
async fn found(session: &Session, query: &str) -> Vec<String> {
    let path = format!("/api/v1/tickets/search.json?per_page=5000&query={}", urlencoding(query));
    let reply = session.get(&path).await;
    reply.assert_status(200);
    let mut ids: Vec<String> = reply.body["tickets"]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|t| t["ticketId"].as_str().expect("ticketId").to_owned())
        .collect();
    assert_eq!(reply.body["tickets"]["count"].as_u64(), Some(ids.len() as u64), "count of {query:?}");
    ids.sort();
    ids
}

/// Percent-encodes every byte outside the unreserved set.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

backend_tests! {
    async fn free_text_is_found_through_the_trigram_indexes(app) {
        let tenant = app.tenant().await;
        let other = app.tenant().await;
        let (cid, _) = contact_and_company(app, &tenant).await;
        let (other_cid, _) = contact_and_company(app, &other).await;
        let printer = create(&tenant, &cid, json!({"subject": "Printer 无法连接打印", "descript": "驱动程序版本过旧"})).await;
        let toner = create(&tenant, &cid, json!({"subject": "其他", "ticketReply": {"replyMsg": "需要更换硒鼓墨盒"}})).await;
        let later = create(&tenant, &cid, json!({"subject": "网络故障"})).await;
        let syntax = create(&tenant, &cid, json!({"subject": "C++ (x86) \"NEAR\" OR 驱动*"})).await;
        let refund = create(&tenant, &cid, json!({"subject": "退款申请处理"})).await;
        create(&other, &other_cid, json!({"subject": "Printer 无法连接打印", "ticketReply": {"replyMsg": "ZEBRA-9000"}})).await;
        let admin = &tenant.admin;

        // Chinese substrings (no spaces to split on), in the subject and the description.
        assert_eq!(found(admin, "连接打").await, [printer.as_str()]);
        assert_eq!(found(admin, "动程序版").await, [printer.as_str()]);
        // Any case; another company's identical ticket is never found.
        assert_eq!(found(admin, "PRINTER").await, [printer.as_str()]);
        assert_eq!(found(admin, "pRiNt").await, [printer.as_str()]);
        // A first reply, then a reply added later (the index kept in step with the write).
        assert_eq!(found(admin, "更换硒鼓").await, [toner.as_str()]);
        assert!(found(admin, "zebra-9000").await.is_empty(), "only the other company has it");
        let put = json!({"ticket": {"ticketReply": {"replyMsg": "Zebra-9000 型号已停产", "replyType": "2"}}});
        admin.put(&format!("/api/v1/tickets/{later}.json"), put).await.assert_status(200);
        assert_eq!(found(admin, "zebra-9000").await, [later.as_str()], "a term found only in a later note");
        // A changed subject: the new text is found, the old one no longer.
        let put = json!({"ticket": {"subject": "网关掉线"}});
        admin.put(&format!("/api/v1/tickets/{later}.json"), put).await.assert_status(200);
        assert!(found(admin, "网络故障").await.is_empty(), "the old subject");
        assert_eq!(found(admin, "网关掉线").await, [later.as_str()]);
        // The full-text engine's syntax is plain text here.
        assert_eq!(found(admin, "(x86)").await, [syntax.as_str()]);
        assert_eq!(found(admin, "\"NEAR\"").await, [syntax.as_str()], "a quoted term is text");
        assert_eq!(found(admin, "C++").await, [syntax.as_str()]);
        assert_eq!(found(admin, "\"OR 驱动*\"").await, [syntax.as_str()], "OR and * are characters");
        assert!(found(admin, "NOT").await.is_empty());
        // Every word must match; a word and a field term together.
        assert_eq!(found(admin, "printer 驱动程").await, [printer.as_str()]);
        assert!(found(admin, "printer 硒鼓墨").await.is_empty());
        assert_eq!(found(admin, "subject:无法连").await, [printer.as_str()]);
        assert!(found(admin, "subject:驱动程序").await.is_empty(), "the description is not the subject");
        assert_eq!(found(admin, "descript:驱动程序").await, [printer.as_str()]);

        // A deleted ticket is not found, except among the deleted ones.
        assert_eq!(found(admin, "款申请").await, [refund.as_str()]);
        admin.delete(&format!("/api/v1/tickets/{refund}.json")).await.assert_status(200);
        assert!(found(admin, "款申请").await.is_empty());
        assert_eq!(found(admin, "款申请 isDeleted:1").await, [refund.as_str()]);

        // Short terms (1–2 characters) are matched without the index, beside a narrowing term.
        admin.get("/api/v1/tickets/search.json?query=%E7%A1%92").await.assert_status(400);
        assert_eq!(found(admin, "硒 ticketStatus:1").await, [toner.as_str()], "one character, in a reply");
        assert_eq!(found(admin, "连接 ticketStatus:1").await, [printer.as_str()]);
        assert_eq!(found(admin, "++ ticketStatus:1").await, [syntax.as_str()]);
        assert_eq!(found(admin, "PR ticketStatus:1").await, [printer.as_str()], "any case");
        assert_eq!(found(admin, "ZE ticketStatus:1").await, [later.as_str()], "a later note");
        assert_eq!(found(admin, "subject:无法 ticketStatus:1").await, [printer.as_str()]);
        assert!(found(admin, "款申 ticketStatus:1").await.is_empty(), "deleted");
        let all = sorted(vec![printer.clone(), toner.clone(), later.clone(), syntax.clone()]);
        assert_eq!(found(admin, "ticketStatus:1").await, all);
    }
}
