//! Contact and ticket list pages found from the maintained per-block counts
//! (`contact_id_counts`, `ticket_id_counts`): in a tenant whose ids span two blocks of
//! 1,024, with rows deleted between them, every page is exactly its slice of the list.

use kefu_domain::customer::contact::{ContactName, NewContact};
use kefu_domain::ticket::status::StatusTimes;
use kefu_domain::ticket::{NewReply, ReplyType, TicketStatus};
use kefu_domain::{AgentId, ContactId, TenantId};
use kefu_store::{
    CustomerListFilter, CustomerOrder, NewTicketRow, Store, TicketFields, TicketListFilter, TicketOrder, Window,
};

use crate::backend_tests;
use crate::support::Session;

const ROWS: usize = 1_100;
const PER_PAGE: usize = 97;

/// Creates `count` rows with `create`, 32 in flight (the store's own writes, which the
/// write queue commits together).
async fn created<F, Fut>(count: usize, create: F) -> Vec<i64>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = i64> + Send + 'static,
{
    let mut ids = Vec::with_capacity(count);
    for start in (0..count).step_by(32) {
        let tasks: Vec<_> = (start..count.min(start + 32)).map(|i| tokio::spawn(create(i))).collect();
        for task in tasks {
            ids.push(task.await.expect("created"));
        }
    }
    ids
}

/// Every page of `path` (per_page 97) holds its slice of `expected`, and counts it all.
async fn pages_match(session: &Session, path: &str, list: &str, id: &str, expected: &[i64]) {
    for page in 1..=expected.len().div_ceil(PER_PAGE) + 1 {
        let reply = session.get(&format!("{path}per_page={PER_PAGE}&page={page}")).await;
        reply.assert_status(200);
        assert_eq!(reply.body["count"].as_u64(), Some(expected.len() as u64), "count of {path}");
        let rows = reply.body[list].as_array().cloned().unwrap_or_default();
        let ids: Vec<i64> = rows.iter().map(|r| r[id].as_str().and_then(|id| id.parse().ok()).unwrap_or(-1)).collect();
        let from = ((page - 1) * PER_PAGE).min(expected.len());
        assert_eq!(ids, expected[from..(page * PER_PAGE).min(expected.len())], "page {page} of {path}");
    }
}

fn ticket(tenant: TenantId, creator: AgentId, contact: ContactId, status: TicketStatus) -> NewTicketRow {
    let now = kefu_domain::time::now_micros();
    NewTicketRow {
        fields: TicketFields {
            subject: format!("{tenant:?}"),
            description: String::new(),
            attachments: "[]".to_owned(),
            ticket_type: 0,
            priority: 2,
            status: status.code(),
            contact_id: contact,
            company_id: None,
            servicer_id: None,
            servicer_group_id: None,
            template_id: None,
            tags: Vec::new(),
            times: StatusTimes::on_create(status, now),
            cc_agents: Vec::new(),
            cc_groups: Vec::new(),
        },
        source: 7,
        creator: Some(creator),
        values: Vec::new(),
        reply: Some(NewReply { message: "收到".to_owned(), reply_type: ReplyType::Public }),
    }
}

backend_tests! {
    async fn contact_and_ticket_pages_across_blocks_of_ids_are_exact(app) {
        let tenant = app.tenant().await;
        let admin = AgentId(tenant.admin_id.parse().expect("admin sId"));
        let store: Store = app.store.clone();
        let (t, s) = (tenant.id, store.clone());
        let contacts = created(ROWS, move |i| {
            let store = s.clone();
            let contact = NewContact { name: ContactName::parse(&format!("页{i}")).expect("name"), ..NewContact::default() };
            async move { store.create_contact(t, admin, &contact).await.expect("contact").id.0 }
        })
        .await;
        // Deleted over the API, so the counts are kept by the real path: every 9th.
        let mut deleted = Vec::new();
        for (i, id) in contacts.iter().enumerate().filter(|(i, _)| i % 9 == 4) {
            tenant.admin.delete(&format!("/api/v1/users/{id}.json")).await.assert_status(200);
            deleted.push((i, *id));
        }
        deleted.sort_unstable_by_key(|(_, id)| *id);
        let mut live: Vec<i64> = contacts.iter().copied().filter(|id| !deleted.iter().any(|(_, d)| d == id)).collect();
        live.sort_unstable();
        assert!(live[0] / 1024 != live[live.len() - 1] / 1024, "the contacts span two blocks");
        pages_match(&tenant.admin, "/api/v1/users.json?", "users", "cId", &live).await;
        let mut every = contacts.clone();
        every.sort_unstable();
        pages_match(&tenant.admin, "/api/v1/users.json?deStat=1&", "users", "cId", &every).await;
        // The recycle bin (only the deleted ones), through the store.
        let bin = CustomerListFilter { only_deleted: true, ..CustomerListFilter::default() };
        let window = Window { limit: 5, offset: 3 };
        let page = store.list_contacts(t, None, &bin, CustomerOrder::IdAscending, window).await.expect("bin");
        let expected: Vec<i64> = deleted.iter().skip(3).take(5).map(|(_, id)| *id).collect();
        assert_eq!(page.rows.iter().map(|c| c.id.0).collect::<Vec<_>>(), expected);
        assert_eq!(page.total, deleted.len() as u64);

        // Tickets: every 5th open (status 2), every 13th deleted.
        let s = store.clone();
        let contact = ContactId(live[0]);
        let tickets = created(ROWS, move |i| {
            let store = s.clone();
            let status = if i % 5 == 0 { TicketStatus::Open } else { TicketStatus::New };
            async move { store.create_ticket(t, ticket(t, admin, contact, status)).await.expect("ticket").id.0 }
        })
        .await;
        let mut gone = Vec::new();
        for id in tickets.iter().step_by(13) {
            tenant.admin.delete(&format!("/api/v1/tickets/{id}.json")).await.assert_status(200);
            gone.push(*id);
        }
        gone.sort_unstable();
        let mut kept: Vec<i64> = tickets.iter().copied().filter(|id| !gone.contains(id)).collect();
        kept.sort_unstable();
        pages_match(&tenant.admin, "/api/v1/tickets.json?", "tickets", "ticketId", &kept).await;
        pages_match(&tenant.admin, "/api/v1/tickets.json?isDeleted=1&", "tickets", "ticketId", &gone).await;
        // One status, either direction, through the store.
        let mut open: Vec<i64> =
            tickets.iter().enumerate().filter(|(i, id)| i % 5 == 0 && !gone.contains(id)).map(|(_, id)| *id).collect();
        open.sort_unstable();
        let filter = TicketListFilter { status: Some(2), ..TicketListFilter::default() };
        for (descending, expected) in [(false, open.clone()), (true, open.iter().rev().copied().collect())] {
            for offset in (0..=expected.len()).step_by(7) {
                let window = Window { limit: 7, offset: offset as u64 };
                let page = store.list_tickets(t, &filter, TicketOrder::Id, descending, window).await.expect("list");
                let ids: Vec<i64> = page.rows.iter().map(|r| r.id.0).collect();
                assert_eq!(ids, expected[offset..(offset + 7).min(expected.len())], "from {offset}, desc {descending}");
                assert_eq!(page.total, expected.len() as u64);
            }
        }
    }
}
