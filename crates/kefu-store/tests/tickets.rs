//! The ticket store on both backends: a create writes the ticket, its lists, tags, values,
//! first reply, history entry and counts in one transaction; an update records one history
//! entry per changed member; replies, soft deletion and restore; the lists by party,
//! status, company and contact; deleting a support group clears it from its tickets.
//! Contacts are inserted with plain SQL (the contacts store is another branch's).
//!
//! PostgreSQL runs when `KEFU_TEST_POSTGRES_URL` is set, and is required when
//! `KEFU_TEST_REQUIRE_POSTGRES=1`.

use kefu_domain::agent::{JobNumber, NewAgent, PassportName};
use kefu_domain::group::GroupName;
use kefu_domain::ticket::history::FieldChange;
use kefu_domain::ticket::{NewReply, ReplyType, StatusTimes};
use kefu_domain::{AgentId, CompanyId, ContactId, GroupId, TenantId};
use kefu_store::{
    NewTenant, NewTicketRow, Store, StoreOptions, TenantAdmin, TicketFields, TicketListFilter, TicketOrder,
    TicketUpdate, Window,
};
use sqlx::{AnyConnection, Connection, Executor};

async fn tenant(store: &Store, login: &str) -> (TenantId, AgentId) {
    let admin = TenantAdmin {
        agent: NewAgent {
            is_admin: true,
            ..NewAgent::new(PassportName::parse(login).expect("login"), JobNumber::parse("1").expect("sNum"))
        },
        password_hash: "not-a-real-hash".to_owned(),
    };
    let new = NewTenant { name: login.to_owned(), time_zone: "UTC".to_owned(), default_password_hash: None };
    let record = store.create_tenant(&new, &admin).await.expect("tenant");
    (record.tenant_id, record.id)
}

/// A company (id) and a contact (id) in it, by plain SQL.
async fn contact(url: &str, tenant: TenantId, admin: AgentId, id: i64) {
    let mut conn = AnyConnection::connect(url).await.expect("connect");
    let company = format!(
        "INSERT INTO companies (id, tenant_id, name, search_name, support_id, website, note, service_charge, \
         service_account, service_password, address, province, city, tags, is_deleted, created_at, updated_at) \
         VALUES ({id}, {}, 'c{id}', 'c{id}', NULL, '', '', '', '', '', '', '', '', '', 0, 1, 1)",
        tenant.0
    );
    conn.execute(company.as_str()).await.expect("company");
    let contact = format!(
        "INSERT INTO contacts (id, tenant_id, company_id, name, search_name, mobile, fixnumber, fixnumber_key, email, \
         email_key, position, qq, note, state, is_default, creator_id, tags, is_deleted, created_at, updated_at) \
         VALUES ({id}, {}, {id}, '张三', '张三', '', '', '', '', '', '', '', '', 1, 0, {}, '', 0, 1, 1)",
        tenant.0, admin.0
    );
    conn.execute(contact.as_str()).await.expect("contact");
    let _ = conn.close().await;
}

fn fields(contact: i64) -> TicketFields {
    TicketFields {
        subject: "打印机无法连接".into(),
        description: "办公室的打印机连不上".into(),
        attachments: "[]".into(),
        ticket_type: 0,
        priority: 2,
        status: 1,
        contact_id: ContactId(contact),
        company_id: Some(CompanyId(contact)),
        servicer_id: None,
        servicer_group_id: None,
        template_id: None,
        tags: vec![],
        times: StatusTimes::default(),
        cc_agents: vec![],
        cc_groups: vec![],
    }
}

fn all() -> Window {
    Window { limit: 100, offset: 0 }
}

async fn check(store: &Store, url: &str) {
    let (t, admin) = tenant(store, "tickets-a").await;
    let (other, other_admin) = tenant(store, "tickets-b").await;
    contact(url, t, admin, 1).await;
    contact(url, other, other_admin, 2).await;
    assert_eq!(store.ticket_contact(t, ContactId(1)).await.unwrap(), Some(Some(CompanyId(1))));
    assert_eq!(store.ticket_contact(t, ContactId(2)).await.unwrap(), None, "another tenant's contact");
    let group = store.create_group(t, &GroupName::parse("一线").unwrap()).await.unwrap();

    // Create: lists, tags, the first reply, the history entry and the counts.
    let new = NewTicketRow {
        fields: TicketFields {
            tags: vec!["打印机".into(), "VIP".into()],
            cc_agents: vec![admin],
            cc_groups: vec![group.id],
            servicer_group_id: Some(group.id),
            ..fields(1)
        },
        source: 7,
        creator: Some(admin),
        values: vec![],
        reply: Some(NewReply { message: "已收到".into(), reply_type: ReplyType::Public }),
    };
    let created = store.create_ticket(t, new).await.expect("create");
    assert_eq!(created.fields.cc_agents, vec![admin]);
    assert_eq!(created.fields.cc_groups, vec![group.id]);
    assert_eq!(created.fields.tags, vec!["打印机".to_owned(), "VIP".to_owned()]);
    assert_eq!(created.creator_type, 0);
    assert_eq!(store.ticket_status_counts(t).await.unwrap(), vec![(1, 1)]);
    let replies = store.recent_ticket_replies(t, created.id, 50).await.unwrap();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].message, "已收到");
    let history = store.ticket_history(t, created.id, all()).await.unwrap();
    let actions: Vec<i64> = history.rows.iter().map(|e| e.action).collect();
    assert_eq!(actions, vec![1, 3], "create, then the reply");
    assert!(store.ticket(other, created.id).await.unwrap().is_none(), "another tenant's id is unknown");

    // Update: the new state, one entry per change, the status count moved; a stale read refused.
    let update = TicketUpdate {
        fields: TicketFields {
            status: 2,
            servicer_id: Some(admin),
            times: StatusTimes { opened_at: Some(5), ..Default::default() },
            cc_agents: vec![],
            ..created.fields.clone()
        },
        values: vec![],
        changes: vec![
            FieldChange { field: "ticketStatus".into(), from: "1".into(), to: "2".into() },
            FieldChange { field: "servicerUserId".into(), from: "0".into(), to: admin.0.to_string() },
        ],
        reply: Some(NewReply { message: "内部备注".into(), reply_type: ReplyType::Internal }),
        actor: admin,
        expected_updated_at: created.updated_at,
    };
    let updated = store.update_ticket(t, created.id, update.clone()).await.expect("update");
    assert_eq!(updated.fields.status, 2);
    assert_eq!(updated.fields.servicer_id, Some(admin));
    assert!(updated.fields.cc_agents.is_empty());
    assert_eq!(updated.fields.times.opened_at, Some(5));
    assert!(updated.updated_at > created.updated_at);
    assert_eq!(store.ticket_status_counts(t).await.unwrap(), vec![(1, 0), (2, 1)]);
    let history = store.ticket_history(t, created.id, all()).await.unwrap();
    let actions: Vec<(i64, String)> = history.rows.iter().map(|e| (e.action, e.field.clone())).collect();
    assert_eq!(
        actions,
        vec![(1, "".into()), (3, "".into()), (2, "ticketStatus".into()), (2, "servicerUserId".into()), (4, "".into())]
    );
    assert!(store.update_ticket(t, created.id, update).await.is_err(), "a stale update");

    // A reply alone.
    let reply = store
        .add_ticket_reply(t, created.id, admin, NewReply { message: "好了".into(), reply_type: ReplyType::Public })
        .await
        .unwrap();
    let page = store.ticket_replies(t, created.id, all()).await.unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(page.rows.last().map(|r| r.id), Some(reply.id));

    // Lists: by party, status, company, contact; deleted ones apart.
    let second = store
        .create_ticket(
            t,
            NewTicketRow { fields: fields(1), source: 7, creator: Some(admin), values: vec![], reply: None },
        )
        .await
        .unwrap();
    let everyone = TicketListFilter::default();
    let page = store.list_tickets(t, &everyone, TicketOrder::Id, false, all()).await.unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.rows[0].id, created.id);
    let page = store.list_tickets(t, &everyone, TicketOrder::Updated, true, all()).await.unwrap();
    assert_eq!(page.rows[0].id, second.id);
    let mine = TicketListFilter { parties: Some((AgentId(999), vec![group.id])), ..Default::default() };
    let page = store.list_tickets(t, &mine, TicketOrder::Id, false, all()).await.unwrap();
    assert_eq!(page.rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![created.id], "by its group");
    let nobody = TicketListFilter { parties: Some((AgentId(999), vec![])), ..Default::default() };
    assert_eq!(store.list_tickets(t, &nobody, TicketOrder::Id, false, all()).await.unwrap().total, 0);
    let status = TicketListFilter { status: Some(1), contact: Some(ContactId(1)), ..Default::default() };
    assert_eq!(store.list_tickets(t, &status, TicketOrder::Id, false, all()).await.unwrap().total, 1);
    let company = TicketListFilter { company: Some(CompanyId(1)), ..Default::default() };
    assert_eq!(store.list_tickets(t, &company, TicketOrder::Status, true, all()).await.unwrap().total, 2);
    assert_eq!(store.list_tickets(other, &everyone, TicketOrder::Id, false, all()).await.unwrap().total, 0);

    // The desk's counts: an administrator's (the counters and the views' indexes) agree with
    // the grouped count over the same tickets read row by row.
    let sums = |rows: &[kefu_store::DeskCounts]| {
        let total = |pick: fn(&kefu_store::DeskCounts) -> u64| rows.iter().map(pick).sum::<u64>();
        let by_status: Vec<(i64, u64)> = rows.iter().filter(|r| r.all > 0).map(|r| (r.status, r.all)).collect();
        (total(|r| r.all), total(|r| r.mine), total(|r| r.my_groups), total(|r| r.unassigned), by_status)
    };
    for (agent, groups) in [(admin, vec![group.id]), (AgentId(999), vec![]), (admin, vec![GroupId(424242)])] {
        let fast = store.ticket_desk_counts(t, &everyone, agent, &groups).await.unwrap();
        let every_row = TicketListFilter { created: (Some(0), None), ..Default::default() };
        let scanned = store.ticket_desk_counts(t, &every_row, agent, &groups).await.unwrap();
        assert_eq!(sums(&fast), sums(&scanned), "{agent:?} {groups:?}");
        assert_eq!(sums(&fast).0, 2);
    }
    let in_group = store.ticket_desk_counts(t, &everyone, admin, &[group.id]).await.unwrap();
    let listed = TicketListFilter { in_groups: Some(vec![group.id]), ..Default::default() };
    assert_eq!(sums(&in_group).2, store.list_tickets(t, &listed, TicketOrder::Id, false, all()).await.unwrap().total);
    let unassigned = TicketListFilter { unassigned: true, ..Default::default() };
    assert_eq!(
        sums(&in_group).3,
        store.list_tickets(t, &unassigned, TicketOrder::Id, false, all()).await.unwrap().total
    );

    // Soft delete and restore.
    let deleted = store.set_ticket_deleted(t, second.id, admin, true).await.unwrap();
    assert!(deleted.is_deleted);
    assert_eq!(deleted.deleter_id, Some(admin));
    assert!(deleted.deleted_at.is_some());
    assert_eq!(store.list_tickets(t, &everyone, TicketOrder::Id, false, all()).await.unwrap().total, 1);
    let bin = TicketListFilter { deleted: true, ..Default::default() };
    assert_eq!(store.list_tickets(t, &bin, TicketOrder::Id, false, all()).await.unwrap().total, 1);
    assert_eq!(store.ticket_status_counts(t).await.unwrap(), vec![(1, 0), (2, 1)]);
    let restored = store.set_ticket_deleted(t, second.id, admin, false).await.unwrap();
    assert!(!restored.is_deleted);
    assert_eq!(restored.deleter_id, None);
    assert_eq!(store.ticket_status_counts(t).await.unwrap(), vec![(1, 1), (2, 1)]);

    // Deleting the group clears it from its tickets, with a history entry; cc lists cascade.
    store.delete_group(t, group.id, admin).await.expect("delete the group");
    let after = store.ticket(t, created.id).await.unwrap().unwrap();
    assert_eq!(after.fields.servicer_group_id, None);
    assert!(after.fields.cc_groups.is_empty());
    let history = store.ticket_history(t, created.id, all()).await.unwrap();
    let last = history.rows.last().unwrap();
    assert_eq!(
        (last.field.as_str(), last.old_value.as_str(), last.new_value.as_str()),
        ("servicerGroupId", &*group.id.0.to_string(), "0")
    );
    let _ = GroupId(0);
}

fn sqlite_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}", dir.path().join("kefu.db").display())
}

#[tokio::test]
async fn tickets_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(&dir);
    let store = Store::connect(&url, &StoreOptions::default()).await.expect("connect");
    store.migrate().await.expect("migrate");
    check(&store, &url).await;
    store.close().await;
}

#[tokio::test]
async fn tickets_on_postgres() {
    let Ok(admin_url) = std::env::var("KEFU_TEST_POSTGRES_URL") else {
        assert_ne!(
            std::env::var("KEFU_TEST_REQUIRE_POSTGRES").as_deref(),
            Ok("1"),
            "KEFU_TEST_POSTGRES_URL is not set"
        );
        eprintln!("KEFU_TEST_POSTGRES_URL is not set: the PostgreSQL ticket store test is SKIPPED");
        return;
    };
    sqlx::any::install_default_drivers();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let name = format!("kefu_t_tickets_{}_{nanos}", std::process::id());
    let mut admin = AnyConnection::connect(&admin_url).await.expect("connect to KEFU_TEST_POSTGRES_URL");
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create a test database");
    let base = admin_url.split('?').next().unwrap_or(&admin_url);
    let host = &base[..base.rfind('/').filter(|i| *i > "postgres://".len()).unwrap_or(base.len())];
    let url = format!("{host}/{name}");
    let store = Store::connect(&url, &StoreOptions::default()).await.expect("connect");
    store.migrate().await.expect("migrate");
    check(&store, &url).await;
    store.close().await;
    let _ = admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await;
    let _ = admin.close().await;
}

/// SQLite indexes a write batch's ticket text once, before its COMMIT (migration 0022):
/// creates committed together with refused ones are all searchable, the refused ones
/// leave nothing in the indexes, and FTS5's own check finds the indexes and the tables
/// alike (nothing missing, nothing extra).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_indexes_the_text_of_its_kept_creates_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(&dir);
    let store = Store::connect(&url, &StoreOptions::default()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let (t, admin) = tenant(&store, "batch-index").await;
    contact(&url, t, admin, 1).await;

    // Concurrent creates queue up and commit in shared batches; every odd one copies an
    // agent that does not exist, so it fails after its ticket and reply were inserted.
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..64_i64 {
        let store = store.clone();
        tasks.spawn(async move {
            let refused = i % 2 == 1;
            let new = NewTicketRow {
                fields: TicketFields {
                    subject: format!("批次工单 {i:02}"),
                    cc_agents: if refused { vec![AgentId(999_999)] } else { vec![] },
                    ..fields(1)
                },
                source: 7,
                creator: Some(admin),
                values: vec![],
                reply: Some(NewReply { message: format!("批次回复 {i:02}"), reply_type: ReplyType::Public }),
            };
            (i, store.create_ticket(t, new).await)
        });
    }
    while let Some(done) = tasks.join_next().await {
        let (i, created) = done.expect("task");
        assert_eq!(created.is_ok(), i % 2 == 0, "create {i}: {:?}", created.map(|c| c.id));
    }

    let mut conn = AnyConnection::connect(&url).await.expect("connect");
    let subjects: Vec<String> = sqlx::query_scalar(
        "SELECT t.subject FROM tickets_search s JOIN tickets t ON t.id = s.rowid \
         WHERE s.subject LIKE '%批次工单%' ORDER BY t.subject",
    )
    .fetch_all(&mut conn)
    .await
    .expect("search the subjects");
    let expected: Vec<String> = (0..64).step_by(2).map(|i| format!("批次工单 {i:02}")).collect();
    assert_eq!(subjects, expected, "the kept creates' subjects, and only those");
    let replies: Vec<String> = sqlx::query_scalar(
        "SELECT r.message FROM ticket_replies_search s JOIN ticket_replies r ON r.id = s.rowid \
         WHERE s.message LIKE '%批次回复%' ORDER BY r.message",
    )
    .fetch_all(&mut conn)
    .await
    .expect("search the replies");
    let expected: Vec<String> = (0..64).step_by(2).map(|i| format!("批次回复 {i:02}")).collect();
    assert_eq!(replies, expected, "the kept creates' replies, and only those");
    for check in [
        "INSERT INTO tickets_search (tickets_search) VALUES ('integrity-check')",
        "INSERT INTO ticket_replies_search (ticket_replies_search) VALUES ('integrity-check')",
    ] {
        conn.execute(check).await.unwrap_or_else(|e| panic!("{check}: {e}"));
    }
    let noted: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM tickets_search_pending) + (SELECT COUNT(*) FROM ticket_replies_search_pending)",
    )
    .fetch_one(&mut conn)
    .await
    .expect("count the notes");
    assert_eq!(noted, 0, "nothing is left noted after a batch");
    let _ = conn.close().await;
    store.close().await;
}

/// A ticket noted for indexing and then edited, or removed, before the batch's indexing
/// pass (here a plain-SQL transaction outside the queue, then `index_noted_text`): the
/// update and delete triggers leave the index alone, and the pass indexes the row as it
/// ends — FTS5 is never told to delete terms it does not have.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn noted_rows_changed_before_indexing_are_indexed_as_they_end() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(&dir);
    let store = Store::connect(&url, &StoreOptions::default()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let (t, admin) = tenant(&store, "noted-rows").await;
    contact(&url, t, admin, 1).await;

    let mut conn = AnyConnection::connect(&url).await.expect("connect");
    let ticket = |id: i64, subject: &str| {
        format!(
            "INSERT INTO tickets (id, tenant_id, subject, description, attachments, source, ticket_type, priority, \
             status, contact_id, company_id, creator_type, tags, created_at, updated_at, is_deleted) \
             VALUES ({id}, {}, '{subject}', '', '[]', 7, 0, 2, 1, 1, 1, 1, '', 1, 1, 0)",
            t.0
        )
    };
    let mut tx = conn.begin().await.expect("begin");
    for statement in [
        ticket(501, "旧的标题"),
        "UPDATE tickets SET subject = '新的标题' WHERE id = 501".to_owned(),
        ticket(502, "删掉的标题"),
        "DELETE FROM tickets WHERE id = 502".to_owned(),
    ] {
        tx.execute(statement.as_str()).await.unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    tx.commit().await.expect("commit");
    store.index_noted_text().await.expect("index the noted rows");

    let found = |pattern: &str| format!("SELECT COUNT(*) FROM tickets_search WHERE subject LIKE '%{pattern}%'");
    for (pattern, expected) in [("新的标题", 1), ("旧的标题", 0), ("删掉的标题", 0)] {
        let n: i64 = sqlx::query_scalar(&found(pattern)).fetch_one(&mut conn).await.expect("search");
        assert_eq!(n, expected, "{pattern}");
    }
    // Edited again once indexed: the update trigger now replaces the index rows.
    conn.execute("UPDATE tickets SET subject = '再改的标题' WHERE id = 501").await.expect("edit again");
    let n: i64 = sqlx::query_scalar(&found("再改的标题")).fetch_one(&mut conn).await.expect("search");
    assert_eq!(n, 1);
    conn.execute("INSERT INTO tickets_search (tickets_search) VALUES ('integrity-check')").await.expect("consistent");
    let _ = conn.close().await;
    store.close().await;
}

/// A bulk load's backlog (here 60,000 tickets copied in by plain SQL) is indexed and then
/// compacted: each text index ends as one segment, which later write batches grow without
/// paying step by step for a half-done merge of the load's segments (docs/performance.md).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_loaded_backlog_is_indexed_then_compacted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(&dir);
    let store = Store::connect(&url, &StoreOptions::default()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let (t, admin) = tenant(&store, "bulk-backlog").await;
    contact(&url, t, admin, 1).await;

    let mut conn = AnyConnection::connect(&url).await.expect("connect");
    let copy = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000) \
         INSERT INTO tickets (id, tenant_id, subject, description, attachments, source, ticket_type, priority, \
         status, contact_id, company_id, creator_type, tags, created_at, updated_at, is_deleted) \
         SELECT 1000 + i, {}, '打印机无法连接 ' || i, '订单 DD' || printf('%08d', i * 48271 % 100000000) || ' 的问题', \
         '[]', 7, 0, 2, 1, 1, 1, 1, '', 1, 1, 0 FROM n",
        t.0
    );
    conn.execute(copy.as_str()).await.expect("copy the tickets in");
    store.index_noted_text().await.expect("index the backlog");

    // The structure record: a 4-byte cookie, then SQLite varints: levels, segments.
    let structure: Vec<u8> = sqlx::query_scalar("SELECT block FROM tickets_search_data WHERE id = 10")
        .fetch_one(&mut conn)
        .await
        .expect("the index's structure record");
    let mut at = 4;
    let mut varint = || {
        let mut value = 0_u64;
        for _ in 0..8 {
            let byte = structure[at];
            at += 1;
            value = (value << 7) | u64::from(byte & 0x7f);
            if byte & 0x80 == 0 {
                break;
            }
        }
        value
    };
    let (_levels, segments) = (varint(), varint());
    assert_eq!(segments, 1, "the index was compacted into one segment");
    let order =
        format!("SELECT COUNT(*) FROM tickets_search WHERE description LIKE '%DD{:08}%'", 5_000 * 48_271 % 100_000_000);
    let found: i64 = sqlx::query_scalar(&order).fetch_one(&mut conn).await.expect("search");
    assert_eq!(found, 1, "every copied ticket is searchable");
    conn.execute("INSERT INTO tickets_search (tickets_search) VALUES ('integrity-check')").await.expect("consistent");
    let _ = conn.close().await;
    store.close().await;
}
