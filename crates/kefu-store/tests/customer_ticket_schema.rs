//! The customers (0020) and tickets (0021) migrations on both backends: they apply, and the
//! rules the schema itself enforces hold — tenants cannot be mixed, group types cannot be
//! mixed, one default contact per company, live company names unique, a ticket's creator
//! known, Requestid unique, support-group deletion cascading where it should — and the
//! search indexes answer. Then `kefu copy` moves a SQLite database holding every new table
//! into PostgreSQL. The store has no Rust code for these tables yet: raw SQL drives them.
//!
//! PostgreSQL runs when `KEFU_TEST_POSTGRES_URL` is set (a fresh database per test), and is
//! required when `KEFU_TEST_REQUIRE_POSTGRES=1`.

use kefu_domain::agent::{JobNumber, NewAgent, PassportName};
use kefu_domain::{AgentId, TenantId};
use kefu_store::{CopyProgress, NewTenant, Store, StoreOptions, TenantAdmin};
use sqlx::{AnyConnection, Connection, Executor, Row};

struct Tenant {
    id: TenantId,
    admin: AgentId,
}

async fn tenant(store: &Store, login: &str) -> Tenant {
    let admin = TenantAdmin {
        agent: NewAgent {
            is_admin: true,
            ..NewAgent::new(PassportName::parse(login).expect("login"), JobNumber::parse("1").expect("sNum"))
        },
        password_hash: "not-a-real-hash".to_owned(),
    };
    let new = NewTenant { name: login.to_owned(), time_zone: "UTC".to_owned(), default_password_hash: None };
    let record = store.create_tenant(&new, &admin).await.expect("tenant");
    Tenant { id: record.tenant_id, admin: record.id }
}

/// A statement's parameter.
#[derive(Clone, Copy)]
enum P<'a> {
    I(i64),
    T(&'a str),
    Null,
}

impl From<i64> for P<'_> {
    fn from(value: i64) -> Self {
        P::I(value)
    }
}

fn bind<'q>(sql: &'q str, params: &[P<'q>]) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut query = sqlx::query(sql);
    for p in params {
        query = match *p {
            P::I(value) => query.bind(value),
            P::T(text) => query.bind(text),
            P::Null => query.bind(Option::<i64>::None),
        };
    }
    query
}

/// Runs a statement; Err is the database's refusal.
async fn run(conn: &mut AnyConnection, sql: &str, params: &[P<'_>]) -> Result<u64, String> {
    bind(sql, params).execute(&mut *conn).await.map(|done| done.rows_affected()).map_err(|e| e.to_string())
}

/// Runs a statement the schema must refuse, and checks it was a constraint that refused
/// it (not, say, a typo in the statement).
async fn refused(conn: &mut AnyConnection, sql: &str, params: &[P<'_>], what: &str) {
    match run(conn, sql, params).await {
        Ok(_) => panic!("{what}: accepted"),
        Err(e) => assert!(e.contains("constraint"), "{what}: refused for another reason: {e}"),
    }
}

async fn count(conn: &mut AnyConnection, sql: &str, params: &[P<'_>]) -> i64 {
    let query = bind(sql, params);
    let row = query.fetch_one(&mut *conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    row.try_get::<i64, _>(0).expect("a count")
}

/// id, tenant, name, supportId, is_deleted.
const COMPANY: &str = "INSERT INTO companies (id, tenant_id, name, search_name, support_id, website, note, \
    service_charge, service_account, service_password, address, province, city, tags, is_deleted, created_at, \
    updated_at) VALUES ($1, $2, $3, $3, $4, '', '', '', '', '', '', '', '', '', $5, 1, 1)";

/// id, tenant, company, is_default, creator, is_deleted.
const CONTACT: &str = "INSERT INTO contacts (id, tenant_id, company_id, name, search_name, mobile, fixnumber, \
    fixnumber_key, email, email_key, position, qq, note, state, is_default, creator_id, tags, is_deleted, created_at, \
    updated_at) VALUES ($1, $2, $3, '张三', 'zhang san 张三', '13039209552', '', '', '', '', '', '', '', 1, $4, $5, '', \
    $6, 1, 1)";

/// id, tenant, contact, company, creator_type, creator_agent_id, servicer_group_id, template.
const TICKET: &str = "INSERT INTO tickets (id, tenant_id, subject, description, attachments, source, ticket_type, \
    priority, status, contact_id, company_id, creator_type, creator_agent_id, servicer_group_id, template_id, tags, \
    created_at, updated_at, is_deleted) VALUES ($1, $2, 'Printer will not connect', '打印机无法连接到网络', '[]', 7, 0, \
    2, 1, $3, $4, $5, $6, $7, $8, '', 1, 1, 0)";

/// Every rule of the schema, on one migrated database. Returns having left rows in every
/// new table (for the copy).
async fn check_schema(store: &Store, url: &str) {
    use P::{I, Null, T};
    let a = tenant(store, "schema-a").await;
    let b = tenant(store, "schema-b").await;
    let (ta, tb, aa, ab) = (I(a.id.0), I(b.id.0), I(a.admin.0), I(b.admin.0));
    let mut conn = AnyConnection::connect(url).await.expect("connect");
    if store.backend() == kefu_store::Backend::Sqlite {
        conn.execute("PRAGMA foreign_keys = ON").await.expect("foreign keys");
    }
    let c = &mut conn;

    // Companies: another tenant's agent as supportId is refused; names unique among live ones.
    refused(c, COMPANY, &[I(1), ta, T("网康"), ab, I(0)], "another tenant's supportId").await;
    run(c, COMPANY, &[I(1), ta, T("网康"), aa, I(0)]).await.expect("company");
    refused(c, COMPANY, &[I(2), ta, T("网康"), aa, I(0)], "a live name twice").await;
    run(c, COMPANY, &[I(2), ta, T("网康"), aa, I(1)]).await.expect("a deleted twin");
    run(c, COMPANY, &[I(3), tb, T("网康"), ab, I(0)]).await.expect("the same name in another tenant");

    // Contacts: another tenant's company is refused; one default contact per company.
    refused(c, CONTACT, &[I(1), tb, I(1), I(0), ab, I(0)], "another tenant's company").await;
    run(c, CONTACT, &[I(1), ta, I(1), I(1), aa, I(0)]).await.expect("the default contact");
    refused(c, CONTACT, &[I(2), ta, I(1), I(1), aa, I(0)], "a second default").await;
    run(c, CONTACT, &[I(2), ta, I(1), I(0), aa, I(0)]).await.expect("another contact");
    run(c, CONTACT, &[I(3), ta, I(1), I(1), aa, I(1)]).await.expect("a deleted default does not count");
    let remote = "INSERT INTO contact_unique_ids VALUES ($1, $2, 0, 'wx_1', '微信')";
    run(c, remote, &[ta, I(1)]).await.expect("a remote id");
    refused(c, remote, &[ta, I(2)], "remote ids are unique in a tenant").await;
    run(c, "INSERT INTO contact_tags VALUES ($1, 1, 'VIP')", &[ta]).await.expect("tag");
    run(c, "INSERT INTO company_tags VALUES ($1, 1, 'VIP')", &[ta]).await.expect("tag");
    run(c, "INSERT INTO contact_id_counts VALUES ($1, 0, 0, 2)", &[ta]).await.expect("count");

    // Customer groups: a contact group cannot hold a company, nor the reverse.
    let group = "INSERT INTO customer_groups (id, tenant_id, name, group_type, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, 1)";
    run(c, group, &[I(1), ta, T("重点公司"), I(1)]).await.expect("a company group");
    run(c, group, &[I(2), ta, T("重点联系人"), I(2)]).await.expect("a contact group");
    refused(c, group, &[I(3), ta, T("x"), I(3)], "type 3").await;
    let company_member = "INSERT INTO company_group_members (tenant_id, company_id, group_id) VALUES ($1, 1, $2)";
    let contact_member = "INSERT INTO contact_group_members (tenant_id, contact_id, group_id) VALUES ($1, 1, $2)";
    refused(c, company_member, &[ta, I(2)], "a company in a contact group").await;
    refused(c, contact_member, &[ta, I(1)], "a contact in a company group").await;
    run(c, company_member, &[ta, I(1)]).await.expect("a company member");
    run(c, contact_member, &[ta, I(2)]).await.expect("a contact member");

    // Custom fields of companies and contacts.
    let field = "VALUES ($1, 1, '级别', 'dropdown', 0, '{\"options\":[\"高\"]}', 1, 1)";
    run(c, &format!("INSERT INTO company_fields {field}"), &[ta]).await.expect("a company field");
    run(c, &format!("INSERT INTO contact_fields {field}"), &[ta]).await.expect("a contact field");
    run(c, "INSERT INTO company_field_values VALUES ($1, 1, 1, '\"高\"', '高')", &[ta]).await.expect("a value");
    run(c, "INSERT INTO contact_field_values VALUES ($1, 1, 1, '\"高\"', '高')", &[ta]).await.expect("a value");
    let undefined = "INSERT INTO contact_field_values VALUES ($1, 1, 2, '\"x\"', 'x')";
    refused(c, undefined, &[ta], "a value of an undefined field").await;

    // Support groups serving companies and copied on tickets; a template and its field.
    let support_group =
        "INSERT INTO support_groups (id, tenant_id, name, created_at, updated_at) VALUES ($1, $2, $3, 1, 1)";
    run(c, support_group, &[I(100), ta, T("售后组")]).await.expect("a support group");
    run(c, support_group, &[I(101), ta, T("待删组")]).await.expect("a support group");
    run(c, "INSERT INTO company_service_groups VALUES ($1, 1, 101)", &[ta]).await.expect("a service group");
    let template = "INSERT INTO ticket_templates (id, tenant_id, name, description, visible_range, is_released, \
        creator_id, created_at, updated_at) VALUES (4, $1, '售后维修', '', 2, 1, $2, 1, 1)";
    run(c, template, &[ta, aa]).await.expect("a template");
    run(c, "INSERT INTO ticket_template_groups VALUES ($1, 4, 101)", &[ta]).await.expect("its group");
    run(c, "INSERT INTO ticket_fields VALUES ($1, 1, '型号', 'text', 1, '{}', 1, 1)", &[ta]).await.expect("a field");
    run(c, "INSERT INTO ticket_template_fields VALUES ($1, 4, 1, 0)", &[ta]).await.expect("attached");

    // Tickets: an agent's ticket names its agent; contact and company are the tenant's.
    refused(c, TICKET, &[I(1), ta, I(1), I(1), I(0), Null, I(100), I(4)], "no creator").await;
    run(c, TICKET, &[I(1), ta, I(1), I(1), I(1), Null, I(100), I(4)]).await.expect("a customer's ticket");
    run(c, TICKET, &[I(2), ta, I(1), I(1), I(0), aa, I(100), I(4)]).await.expect("an agent's ticket");
    refused(c, TICKET, &[I(3), tb, I(1), I(1), I(0), ab, Null, Null], "another tenant's contact").await;
    run(c, "INSERT INTO ticket_cc_groups VALUES ($1, 2, 101)", &[ta]).await.expect("a copied group");
    run(c, "INSERT INTO ticket_cc_agents VALUES ($1, 2, $2)", &[ta, aa]).await.expect("a copied agent");
    run(c, "INSERT INTO ticket_tags VALUES ($1, 2, '打印机')", &[ta]).await.expect("a ticket tag");
    run(c, "INSERT INTO ticket_field_values VALUES ($1, 2, 1, '\"A1\"', 'a1')", &[ta]).await.expect("a value");
    run(c, "INSERT INTO ticket_id_counts VALUES ($1, 0, 1, 0, 2)", &[ta]).await.expect("a count");
    let reply = "INSERT INTO ticket_replies (id, tenant_id, ticket_id, author_id, reply_type, reply_status, message, \
        created_at) VALUES (1, $1, 2, $2, 1, 1, 'Please RESTART the print spooler', 1)";
    run(c, reply, &[ta, aa]).await.expect("a reply");
    let event = "INSERT INTO ticket_events (id, tenant_id, ticket_id, actor_id, action, field, old_value, new_value, \
        created_at) VALUES (1, $1, 2, NULL, 7, 'ticketStatus', '4', '5', 1)";
    run(c, event, &[ta]).await.expect("an auto-close entry has no actor");

    // A support group copied on a ticket, serving a company or seeing a template goes with
    // those links…
    run(c, "DELETE FROM support_groups WHERE tenant_id = $1 AND id = 101", &[ta]).await.expect("delete a group");
    for table in ["ticket_cc_groups", "company_service_groups", "ticket_template_groups"] {
        let left = count(c, &format!("SELECT COUNT(*) FROM {table} WHERE tenant_id = $1"), &[ta]).await;
        assert_eq!(left, 0, "{table}");
    }
    // …but one that tickets are assigned to stays until they are moved off it.
    refused(c, "DELETE FROM support_groups WHERE tenant_id = $1 AND id = 100", &[ta], "an assigned group").await;

    // Requestid: one row per tenant and id.
    let request = "INSERT INTO request_ids (tenant_id, request_id, agent_id, method, path, request_hash, created_at) \
        VALUES ($1, 'r-1', $2, 'POST', '/api/v1/tickets.json', 'h', 1)";
    run(c, request, &[ta, aa]).await.expect("a request id");
    refused(c, request, &[ta, aa], "an id seen twice").await;
    run(c, request, &[tb, ab]).await.expect("the same id in another tenant");

    // The search indexes answer substring queries (each backend's own form), once the
    // ticket text inserted by plain SQL is indexed (on SQLite the write queue does that per
    // batch, migration 0022).
    store.index_noted_text().await.expect("index the noted text");
    let (names, texts, replies) = match store.backend() {
        kefu_store::Backend::Sqlite => (
            "SELECT COUNT(*) FROM contacts WHERE id IN (SELECT rowid FROM contacts_search WHERE search_name LIKE '%ang sa%')",
            "SELECT COUNT(*) FROM tickets WHERE id IN (SELECT rowid FROM tickets_search WHERE description LIKE '%无法连接%')",
            "SELECT COUNT(*) FROM ticket_replies WHERE id IN \
             (SELECT rowid FROM ticket_replies_search WHERE message LIKE '%restart the print%')",
        ),
        kefu_store::Backend::Postgres => (
            "SELECT COUNT(*) FROM contacts WHERE search_name LIKE '%ang sa%'",
            "SELECT COUNT(*) FROM tickets WHERE lower(description) LIKE '%无法连接%'",
            "SELECT COUNT(*) FROM ticket_replies WHERE lower(message) LIKE '%restart the print%'",
        ),
    };
    assert_eq!(count(c, names, &[]).await, 3, "contact names");
    assert_eq!(count(c, texts, &[]).await, 2, "ticket descriptions");
    assert_eq!(count(c, replies, &[]).await, 1, "replies, case-insensitively");
    let _ = conn.close().await;
}

fn sqlite_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}", dir.path().join("kefu.db").display())
}

#[tokio::test]
async fn the_schema_holds_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(&dir);
    let store = Store::connect(&url, &StoreOptions::default()).await.expect("connect");
    store.migrate().await.expect("migrate");
    check_schema(&store, &url).await;
    store.close().await;
}

/// A fresh database on the server `KEFU_TEST_POSTGRES_URL` names, dropped afterwards.
struct PgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl PgDatabase {
    async fn create() -> Option<PgDatabase> {
        let Ok(admin_url) = std::env::var("KEFU_TEST_POSTGRES_URL") else {
            assert_ne!(
                std::env::var("KEFU_TEST_REQUIRE_POSTGRES").as_deref(),
                Ok("1"),
                "KEFU_TEST_REQUIRE_POSTGRES=1 but KEFU_TEST_POSTGRES_URL is not set"
            );
            eprintln!("KEFU_TEST_POSTGRES_URL is not set: the PostgreSQL schema test is SKIPPED");
            return None;
        };
        sqlx::any::install_default_drivers();
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let name = format!("kefu_t_schema_{}_{nanos}", std::process::id());
        let mut admin = AnyConnection::connect(&admin_url).await.expect("connect to KEFU_TEST_POSTGRES_URL");
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create a test database");
        let _ = admin.close().await;
        let base = admin_url.split('?').next().unwrap_or(&admin_url);
        let host = &base[..base.rfind('/').filter(|i| *i > "postgres://".len()).unwrap_or(base.len())];
        let url = format!("{host}/{name}");
        Some(PgDatabase { admin_url, name, url })
    }

    async fn drop(self) {
        if let Ok(mut admin) = AnyConnection::connect(&self.admin_url).await {
            let _ = admin.execute(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name).as_str()).await;
            let _ = admin.close().await;
        }
    }
}

#[tokio::test]
async fn the_schema_holds_on_postgres() {
    let Some(db) = PgDatabase::create().await else { return };
    let store = Store::connect(&db.url, &StoreOptions::default()).await.expect("connect");
    store.migrate().await.expect("migrate");
    check_schema(&store, &db.url).await;
    store.close().await;
    db.drop().await;
}

struct Quiet;

impl CopyProgress for Quiet {
    fn table_started(&mut self, _: &str, _: u64) {}
    fn rows_copied(&mut self, _: &str, _: u64) {}
    fn table_finished(&mut self, _: &str) {}
}

/// `kefu copy` moves every new table (and skips the FTS5 tables PostgreSQL does not have).
#[tokio::test]
async fn copy_moves_the_new_tables_to_postgres() {
    let Some(db) = PgDatabase::create().await else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(&dir);
    let source = Store::connect(&url, &StoreOptions::default()).await.expect("connect");
    source.migrate().await.expect("migrate");
    check_schema(&source, &url).await;
    let target = Store::connect(&db.url, &StoreOptions::default()).await.expect("connect");
    target.migrate().await.expect("migrate");
    let report = source.copy_into(&target, &mut Quiet).await.expect("copy");
    for table in
        ["companies", "contacts", "contact_unique_ids", "tickets", "ticket_replies", "ticket_events", "request_ids"]
    {
        let copied = report.iter().find(|t| t.table == table).unwrap_or_else(|| panic!("{table} not copied"));
        assert!(copied.source_rows > 0 && copied.source_rows == copied.target_rows, "{copied:?}");
    }
    assert!(report.iter().all(|t| t.source_rows == t.target_rows), "{report:?}");
    source.close().await;
    target.close().await;
    db.drop().await;
}
