//! `kefu-bench-load-tickets --database URL`: fills a kefu database with the customers and
//! tickets benchmark's data set. Row 0 of each kind (company, contact, ticket with its first
//! reply and history) and the templates are written through the store's own writes; the
//! other rows are copies of those made with set-based SQL ([`kefu_bench::bulk`]), differing in
//! the columns below, numbered `seed id + i`. The loader then recounts the per-block counts
//! and checks counts and sample rows against the texts below:
//!
//! - one tenant ("tickets-admin") with `AGENTS` agents, `COMPANIES` companies and `CONTACTS`
//!   contacts (a company each, round robin), each with a mobile, a landline and an e-mail;
//! - `TEMPLATES` released ticket templates;
//! - `TICKETS` tickets, each created with a first reply; the `REPLIES - TICKETS` replies
//!   more go 49 each to the first tickets (by id), which then have the 50 a ticket's page shows.
//!
//! Sizes come from the environment (defaults: the full scale). It prints `KEY=VALUE`
//! lines that `bench/tickets` reads.

use std::time::Instant;

use anyhow::{Result, anyhow};
use kefu_bench::bulk::{Bulk, Dialect, choose, text};
use kefu_domain::customer::company::{CompanyName, NewCompany};
use kefu_domain::customer::contact::{ContactEmail, ContactMobile, ContactName, NewContact, email_key, fixnumber_key};
use kefu_domain::ticket::history::HistoryAction;
use kefu_domain::ticket::reply::{NewReply, ReplyType};
use kefu_domain::ticket::status::StatusTimes;
use kefu_domain::ticket::template::Audience;
use kefu_domain::{AgentId, CompanyId, ContactId, TemplateId, TenantId};
use kefu_store::{NewTicketRow, Store, StoreOptions, TemplateRow, TicketFields, Window};
use sqlx::Executor;

const PRODUCTS: [&str; 10] =
    ["打印机", "路由器", "笔记本", "显示器", "扫描仪", "投影仪", "交换机", "服务器", "手机", "平板"];
const PROBLEMS: [&str; 10] = [
    "无法连接",
    "无法开机",
    "屏幕闪烁",
    "速度很慢",
    "频繁死机",
    "没有声音",
    "驱动报错",
    "电池故障",
    "网络中断",
    "登录失败",
];
fn size(name: &str, default: i64) -> i64 {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let database = std::env::args()
        .skip_while(|a| a != "--database")
        .nth(1)
        .ok_or_else(|| anyhow!("usage: kefu-bench-load-tickets --database URL"))?;
    let sizes = Sizes {
        companies: size("COMPANIES", 100_000),
        contacts: size("CONTACTS", 1_000_000),
        templates: size("TEMPLATES", 200),
        tickets: size("TICKETS", 1_000_000),
        replies: size("REPLIES", 5_000_000),
    };
    anyhow::ensure!(
        sizes.companies >= 1 && sizes.contacts >= 1 && sizes.templates >= 1 && sizes.tickets >= 1,
        "COMPANIES, CONTACTS, TEMPLATES and TICKETS must be at least 1"
    );
    let store = Store::connect(&database, &StoreOptions::default()).await?;
    store.migrate().await?;
    let started = Instant::now();
    let admin = kefu_bench::create_tenant(&store, "tickets-admin").await?;
    let tenant = admin.tenant_id;
    kefu_bench::load_agents(&store, tenant, "t", size("AGENTS", 100) as usize).await?;
    let seeds = write_seeds(&store, tenant, admin.id, sizes.templates).await?;
    store.close().await;
    eprintln!("seeds written through the store in {:?}", started.elapsed());

    let mut bulk = Bulk::connect(&database).await?;
    let indexed = ["companies", "contacts", "tickets", "ticket_replies", "ticket_events"];
    let indexes = bulk.drop_indexes(&indexed).await?;
    multiply(&mut bulk, tenant.0, &seeds, &sizes).await?;
    let step = Instant::now();
    bulk.recreate_indexes(&indexes).await?;
    if !indexes.is_empty() {
        eprintln!("{} indexes recreated in {:?}", indexes.len(), step.elapsed());
    }
    touch_replied_tickets(&mut bulk, tenant.0, &seeds, &sizes).await?;
    verify(&mut bulk, tenant.0, &seeds, &sizes).await?;
    bulk.finish(&["companies", "contacts", "tickets", "ticket_replies"]).await?;

    println!("ADMIN_ACCOUNT=tickets-admin");
    println!("ADMIN_PASSWORD={}", kefu_bench::ADMIN_PASSWORD);
    println!("CONTACTS={}", sizes.contacts);
    println!("TICKETS={}", sizes.tickets);
    println!("FIRST_TICKET={}", seeds.ticket);
    println!("FIRST_TEMPLATE={}", seeds.template);
    println!("TEMPLATES={}", sizes.templates);
    println!("FULL_TICKETS={}", sizes.extra_replies() / 49);
    println!("A_CONTACT={}", seeds.contact);
    println!("LOAD_SECONDS={}", started.elapsed().as_secs());
    Ok(())
}

struct Sizes {
    companies: i64,
    contacts: i64,
    templates: i64,
    tickets: i64,
    replies: i64,
}

impl Sizes {
    /// The replies beyond each ticket's first: 49 each to the first tickets by id, which
    /// then have the 50 a ticket's page shows.
    fn extra_replies(&self) -> i64 {
        (self.replies - self.tickets).max(0)
    }
}

/// The ids of row 0 of each kind, written through the store; row i of the data set has id
/// `seed + i` (the bulk copies number them so).
struct Seeds {
    company: i64,
    contact: i64,
    template: i64,
    ticket: i64,
    reply: i64,
    created_event: i64,
    replied_event: i64,
}

async fn write_seeds(store: &Store, tenant: TenantId, admin: AgentId, templates: i64) -> Result<Seeds> {
    let name = CompanyName::parse(&company_name(0)).map_err(|e| anyhow!(e))?;
    let company = store.create_company(tenant, admin, &NewCompany::new(name)).await?.id;
    let contact = store.create_contact(tenant, admin, &contact(0, Some(company))?).await?.id;
    // Templates one after another, so template k has id first + k as the scenarios assume.
    let mut template_ids = Vec::new();
    for k in 0..templates {
        let row = TemplateRow {
            name: format!("模板{k:03}"),
            description: String::new(),
            audience: Audience::Everyone,
            released: true,
            fields: Vec::new(),
        };
        template_ids.push(store.create_ticket_template(tenant, admin, row).await?.id);
    }
    let ticket = store
        .create_ticket(tenant, new_ticket(0, admin, contact, Some(company), template_ids.first().copied()))
        .await?;
    let replies = store.recent_ticket_replies(tenant, ticket.id, 1).await?;
    let reply = replies.first().ok_or_else(|| anyhow!("the seed ticket has no reply"))?.id.0;
    let events = store.ticket_history(tenant, ticket.id, Window { limit: 10, offset: 0 }).await?.rows;
    let event = |action: HistoryAction| {
        events
            .iter()
            .find(|e| e.action == action.code())
            .map(|e| e.id)
            .ok_or_else(|| anyhow!("no seed event {action:?}"))
    };
    Ok(Seeds {
        company: company.0,
        contact: contact.0,
        template: template_ids.first().map_or(0, |t| t.0),
        ticket: ticket.id.0,
        reply,
        created_event: event(HistoryAction::Created)?,
        replied_event: event(HistoryAction::Replied)?,
    })
}

/// Rows 1.. of each kind, copied from the seeds by [`Bulk::multiply`], and the per-block
/// counts recounted.
async fn multiply(bulk: &mut Bulk, tenant: i64, seeds: &Seeds, sizes: &Sizes) -> Result<()> {
    let d = bulk.dialect;
    let step = Instant::now();
    let name = company_name_sql(d, "i");
    let set = [("id", format!("{} + i", seeds.company)), ("name", name.clone()), ("search_name", name)];
    bulk.multiply("companies", seeds.company, 1, sizes.companies, &set).await?;
    eprintln!("{} companies in {:?}", sizes.companies, step.elapsed());

    let step = Instant::now();
    let name = format!("'客户' || {}", d.pad("i", 7));
    let fixnumber_digits = format!("'0106' || {}", d.pad("i", 7));
    let email = "'c' || CAST(i AS TEXT) || '@example.com'".to_owned();
    let set = [
        ("id", format!("{} + i", seeds.contact)),
        ("company_id", format!("{} + i % {}", seeds.company, sizes.companies)),
        ("name", name.clone()),
        ("search_name", name),
        ("mobile", format!("'139' || {}", d.pad("i", 8))),
        ("fixnumber", format!("'010-6' || {}", d.pad("i", 7))),
        ("fixnumber_key", fixnumber_digits),
        ("email", email.clone()),
        ("email_key", email),
        ("created_at", "seed.created_at + i".to_owned()),
        ("updated_at", "seed.updated_at + i".to_owned()),
    ];
    bulk.multiply("contacts", seeds.contact, 1, sizes.contacts, &set).await?;
    bulk.recount_blocks("contact_id_counts", "contacts", tenant, "is_deleted").await?;
    eprintln!("{} contacts in {:?}", sizes.contacts, step.elapsed());

    let step = Instant::now();
    let contact_index = format!("(i % {})", sizes.contacts);
    let (opened, waiting, solved, closed) = ("opened_at", "waiting_at", "solved_at", "closed_at");
    let mut set = vec![
        ("id", format!("{} + i", seeds.ticket)),
        ("subject", format!("{} || {}", choose("i", &PRODUCTS), choose("i / 10", &PROBLEMS))),
        (
            "description",
            format!("{} || {} || {}", text(DESCRIPTION.0), d.pad(&order_number_sql("i"), 8), text(DESCRIPTION.1)),
        ),
        ("contact_id", format!("{} + {contact_index}", seeds.contact)),
        ("company_id", format!("{} + {contact_index} % {}", seeds.company, sizes.companies)),
        ("template_id", format!("{} + i % {}", seeds.template, sizes.templates)),
    ];
    // Every instant moves with the row (an instant the ticket has not reached stays NULL).
    for column in ["created_at", "updated_at", opened, waiting, solved, closed] {
        set.push((column, format!("seed.{column} + i")));
    }
    bulk.multiply("tickets", seeds.ticket, 1, sizes.tickets, &set).await?;
    bulk.recount_blocks("ticket_id_counts", "tickets", tenant, "status, is_deleted").await?;
    let set = [("ticket_id", format!("{} + i", seeds.ticket)), ("created_at", "seed.created_at + i".to_owned())];
    bulk.multiply("ticket_events", seeds.created_event, 1, sizes.tickets, &set).await?;
    eprintln!("{} tickets in {:?}", sizes.tickets, step.elapsed());

    // Reply r (0.. the tickets: each ticket's first; then the extra ones, 49 a ticket).
    let step = Instant::now();
    let (first, extra) = (sizes.tickets, sizes.extra_replies());
    let ticket_of = format!("{} + (CASE WHEN i < {first} THEN i ELSE (i - {first}) / 49 END)", seeds.ticket);
    let set = [
        ("id", format!("{} + i", seeds.reply)),
        ("ticket_id", ticket_of.clone()),
        ("message", format!("{} || CAST(i AS TEXT) || {}", text(REPLY_TEXT.0), text(REPLY_TEXT.1))),
        ("created_at", "seed.created_at + i".to_owned()),
    ];
    bulk.multiply("ticket_replies", seeds.reply, 1, first + extra, &set).await?;
    let set = [
        ("ticket_id", ticket_of),
        ("new_value", format!("CAST({} + i AS TEXT)", seeds.reply)),
        ("created_at", "seed.created_at + i".to_owned()),
    ];
    bulk.multiply("ticket_events", seeds.replied_event, 1, first + extra, &set).await?;
    eprintln!("{} replies in {:?}", first + extra, step.elapsed());
    Ok(())
}

/// Adding a reply touches its ticket: the tickets with extra replies were updated last by
/// their last reply. (After the indexes are back: it reads each ticket's replies.)
async fn touch_replied_tickets(bulk: &mut Bulk, tenant: i64, seeds: &Seeds, sizes: &Sizes) -> Result<()> {
    let touched = seeds.ticket + (sizes.extra_replies() + 48) / 49;
    bulk.conn
        .execute(
            format!(
                "UPDATE tickets SET updated_at = (SELECT MAX(r.created_at) FROM ticket_replies r \
                 WHERE r.tenant_id = tickets.tenant_id AND r.ticket_id = tickets.id) \
                 WHERE tenant_id = {tenant} AND id < {touched}"
            )
            .as_str(),
        )
        .await?;
    Ok(())
}

/// The loaded rows against the SQL counts and against the texts the Rust functions give:
/// a few rows of each kind (first, second, middle, last) and every count.
async fn verify(bulk: &mut Bulk, tenant: i64, seeds: &Seeds, sizes: &Sizes) -> Result<()> {
    let count = |table: &str| format!("SELECT COUNT(*) FROM {table} WHERE tenant_id = {tenant}");
    let sum =
        |table: &str| format!("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM {table} WHERE tenant_id = {tenant}");
    for (table, counts, expected) in [
        ("companies", None, sizes.companies),
        ("contacts", Some("contact_id_counts"), sizes.contacts),
        ("tickets", Some("ticket_id_counts"), sizes.tickets),
        ("ticket_replies", None, sizes.tickets + sizes.extra_replies()),
        ("ticket_events", None, 2 * sizes.tickets + sizes.extra_replies()),
    ] {
        let rows = bulk.scalar(&count(table)).await?;
        anyhow::ensure!(rows == expected, "{table}: {rows} rows, expected {expected}");
        if let Some(counts) = counts {
            let counted = bulk.scalar(&sum(counts)).await?;
            anyhow::ensure!(counted == expected, "{counts}: {counted}, expected {expected}");
        }
    }
    let samples = |n: i64| [0, 1.min(n - 1), n / 2, n - 1];
    for i in samples(sizes.contacts) {
        let got = bulk
            .text_columns(
                &format!(
                    "SELECT name, search_name, mobile, fixnumber, fixnumber_key, email, email_key, \
                     CAST(company_id AS TEXT) AS company FROM contacts WHERE id = {}",
                    seeds.contact + i
                ),
                &["name", "search_name", "mobile", "fixnumber", "fixnumber_key", "email", "email_key", "company"],
            )
            .await?;
        let c = contact(i as usize, None)?;
        let (fixnumber, email) = (c.fixnumber.as_str(), c.email.as_str());
        let company = (seeds.company + i % sizes.companies).to_string();
        let expected = [
            c.name.as_str(),
            c.name.as_str(),
            c.mobile.as_str(),
            fixnumber,
            &fixnumber_key(fixnumber),
            email,
            &email_key(email),
            &company,
        ];
        anyhow::ensure!(got == expected, "contact {i}: {got:?}, expected {expected:?}");
    }
    for i in samples(sizes.companies) {
        let got = bulk
            .text_columns(&format!("SELECT name FROM companies WHERE id = {}", seeds.company + i), &["name"])
            .await?;
        anyhow::ensure!(got == [company_name(i as usize)], "company {i}: {got:?}");
    }
    for i in samples(sizes.tickets) {
        let sql = format!("SELECT subject, description FROM tickets WHERE id = {}", seeds.ticket + i);
        let got = bulk.text_columns(&sql, &["subject", "description"]).await?;
        let expected = new_ticket(i as usize, AgentId(0), ContactId(0), None, None);
        anyhow::ensure!(got == [expected.fields.subject, expected.fields.description], "ticket {i}: {got:?}");
    }
    for r in samples(sizes.tickets + sizes.extra_replies()) {
        let sql = format!("SELECT message FROM ticket_replies WHERE id = {}", seeds.reply + r);
        let got = bulk.text_columns(&sql, &["message"]).await?;
        anyhow::ensure!(got == [reply_text(r as usize)], "reply {r}: {got:?}");
    }
    eprintln!("verified: counts, per-block counts and sample rows");
    Ok(())
}

/// Contact i: 客户0000042 (names share the 客户 prefix: a substring search must use the
/// digits), mobile 139 + i, landline 010-6 + i, e-mail ci@example.com.
fn contact(i: usize, company: Option<CompanyId>) -> Result<NewContact> {
    Ok(NewContact {
        name: ContactName::parse(&format!("客户{i:07}")).map_err(|e| anyhow!(e))?,
        mobile: ContactMobile::parse(&format!("139{i:08}")).map_err(|e| anyhow!(e))?,
        fixnumber: kefu_domain::agent::FixNumber::parse(&format!("010-6{i:07}")).map_err(|e| anyhow!(e))?,
        email: ContactEmail::parse(&format!("c{i}@example.com")).map_err(|e| anyhow!(e))?,
        company,
        ..NewContact::default()
    })
}

/// Ticket i: a product and a problem (100 combinations) in the subject, an order number
/// unique to it (DD and 8 digits) in the description.
fn new_ticket(
    i: usize,
    creator: AgentId,
    contact: ContactId,
    company: Option<CompanyId>,
    template: Option<TemplateId>,
) -> NewTicketRow {
    let now = kefu_domain::time::now_micros();
    NewTicketRow {
        fields: TicketFields {
            subject: format!("{}{}", PRODUCTS[i % 10], PROBLEMS[(i / 10) % 10]),
            description: format!("{}{:08}{}", DESCRIPTION.0, order_number(i), DESCRIPTION.1),
            attachments: "[]".to_owned(),
            ticket_type: 0,
            priority: 2,
            status: 1,
            contact_id: contact,
            company_id: company,
            servicer_id: None,
            servicer_group_id: None,
            template_id: template,
            tags: Vec::new(),
            times: StatusTimes::on_create(kefu_domain::ticket::codes::TicketStatus::New, now),
            cc_agents: Vec::new(),
            cc_groups: Vec::new(),
        },
        source: 7,
        creator: Some(creator),
        values: Vec::new(),
        reply: Some(NewReply { message: reply_text(i), reply_type: ReplyType::Public }),
    }
}

/// The order number of ticket i (a permutation of 0..10^8 for i < 10^8).
pub fn order_number(i: usize) -> u64 {
    (i as u64).wrapping_mul(48_271) % 100_000_000
}

/// [`order_number`] in SQL.
fn order_number_sql(i: &str) -> String {
    format!("(({i}) * 48271) % 100000000")
}

/// A ticket's description: these around its order number.
const DESCRIPTION: (&str, &str) = ("客户反映设备出现问题，订单号 DD", "，请尽快处理。");
/// Reply r's text: these around r.
const REPLY_TEXT: (&str, &str) = ("您好，我们已收到您的反馈（第", "条回复），工程师会在24小时内联系您。");

fn reply_text(r: usize) -> String {
    format!("{}{r}{}", REPLY_TEXT.0, REPLY_TEXT.1)
}

/// Company i: 打印机贸易有限公司000042 (the product by i).
fn company_name(i: usize) -> String {
    format!("{}{COMPANY_WORDS}{i:06}", PRODUCTS[i % 10])
}

/// [`company_name`] in SQL.
fn company_name_sql(d: Dialect, i: &str) -> String {
    format!("{} || {} || {}", choose(i, &PRODUCTS), text(COMPANY_WORDS), d.pad(i, 6))
}

const COMPANY_WORDS: &str = "贸易有限公司";
