//! `kefu tickets list|show|create|reply|search`: the real binary against a real server, on
//! SQLite and on PostgreSQL, checked through `kefu-client`.

use kefu_api::{CompanyFields, UserInput};
use serde_json::Value;

use crate::customers_cli::Installation;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tickets_are_listed_shown_created_replied_to_and_searched() {
    for kefu in Installation::both().await {
        let company = CompanyFields { company_name: Some("北京网康".into()), ..CompanyFields::default() };
        let company = kefu.client().companies().create(&company).await.expect("a company").u_id;
        let contact = UserInput {
            name: Some("张三".into()),
            mobile: Some("13039209552".into()),
            company_id: Some(company),
            ..UserInput::default()
        };
        let cid = kefu.client().contacts().create(&contact).await.expect("a contact").c_id;

        let created = kefu.ok(&format!(
            "tickets create --subject 打印机无法连接 --contact {cid} --description 三楼 --priority 3 --json"
        ));
        let created: Value = serde_json::from_str(&created).expect("JSON");
        let id = created["ticket"]["ticketId"].as_str().expect("ticketId").to_owned();
        assert_eq!(created["ticket"]["priorityLevel"], "3");
        let table = kefu.ok(&format!("tickets create --subject 网络断开 --contact {cid}"));
        assert!(table.contains("网络断开") && table.contains("新建"), "{table}");

        // Replies and notes; show lists them.
        assert!(
            kefu.ok(&format!("tickets reply {id} --message 已派人处理"))
                .contains(&format!("reply added to ticket {id}"))
        );
        kefu.ok(&format!("tickets reply {id} --message 内部记录 --note"));
        let shown = kefu.ok(&format!("tickets show {id}"));
        assert!(shown.contains("打印机无法连接") && shown.contains("三楼") && shown.contains("高"), "{shown}");
        assert!(shown.contains("已派人处理") && shown.contains("内部备注"), "{shown}");
        let shown: Value = serde_json::from_str(&kefu.ok(&format!("tickets show {id} --json"))).expect("JSON");
        assert_eq!(shown["ticket_replies"].as_array().map(Vec::len), Some(2));
        let replies = kefu.client().tickets().replies(&id, Default::default()).await.expect("replies");
        assert_eq!(replies.ticket_replies[1].reply_type, "2", "the note is a note");

        // The list, paged and ordered; the search with the API's query.
        let listed = kefu.ok("tickets list");
        assert!(listed.contains("打印机无法连接") && listed.contains("2 tickets"), "{listed}");
        let page: Value =
            serde_json::from_str(&kefu.ok("tickets list --sort created --order desc --per-page 1 --json"))
                .expect("JSON");
        assert_eq!(page["tickets"][0]["subject"], "网络断开");
        assert_eq!(page["count"], 2);
        let found = kefu.ok("tickets search subject:打印机");
        assert!(
            found.contains("打印机无法连接") && !found.contains("网络断开") && found.contains("1 ticket found"),
            "{found}"
        );
        let found: Value =
            serde_json::from_str(&kefu.ok("tickets search priorityLevel:3,2 --per-page 1 --json")).expect("JSON");
        assert_eq!(
            (found["tickets"]["count"].as_u64(), found["tickets"]["results"].as_array().map(Vec::len)),
            (Some(2), Some(1))
        );

        // The API's refusals, as it says them.
        let refused = kefu.fails("tickets create --subject 坏 --contact 99999999");
        assert!(refused.contains("custUserId"), "{refused}");
        let refused = kefu.fails("tickets search createDT:2025-13");
        assert!(refused.contains("the month must be 01 to 12"), "{refused}");
        let refused = kefu.fails(&format!("tickets create --subject x --contact {cid} --field nothing"));
        assert!(refused.contains("field_N=value"), "{refused}");
        assert!(kefu.fails("tickets show 99999999").contains("99999999"));
        kefu.stop().await;
    }
}
