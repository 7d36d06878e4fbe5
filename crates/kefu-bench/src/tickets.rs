//! `kefu-bench-load-tickets --database URL`: fills a kefu database with the customers and
//! tickets benchmark's data set, straight through the store's own writes (each row in the
//! transaction the API would use, many in flight so the write queue commits them together):
//!
//! - one tenant ("tickets-admin") with `AGENTS` agents, `COMPANIES` companies and `CONTACTS`
//!   contacts (a company each, round robin), each with a mobile, a landline and an e-mail;
//! - `TEMPLATES` released ticket templates;
//! - `TICKETS` tickets, each created with a first reply; the `REPLIES - TICKETS` replies
//!   more go 49 each to the first tickets (by id), which then have the 50 a ticket's page shows.
//!
//! Sizes come from the environment (defaults: the full scale). It prints `KEY=VALUE`
//! lines that `bench/tickets` reads.

use std::future::Future;
use std::time::Instant;

use anyhow::{Result, anyhow};
use kefu_domain::customer::company::{CompanyName, NewCompany};
use kefu_domain::customer::contact::{ContactEmail, ContactMobile, ContactName, NewContact};
use kefu_domain::ticket::reply::{NewReply, ReplyType};
use kefu_domain::ticket::status::StatusTimes;
use kefu_domain::ticket::template::Audience;
use kefu_domain::{AgentId, CompanyId, ContactId, TemplateId, TicketId};
use kefu_store::{NewTicketRow, Store, StoreOptions, TemplateRow, TicketFields};

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
/// How many writes are in flight at once.
const IN_FLIGHT: usize = 256;

fn size(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let database = std::env::args()
        .skip_while(|a| a != "--database")
        .nth(1)
        .ok_or_else(|| anyhow!("usage: kefu-bench-load-tickets --database URL"))?;
    let (agents, companies, contacts) = (size("AGENTS", 100), size("COMPANIES", 100_000), size("CONTACTS", 1_000_000));
    let (templates, tickets, replies) =
        (size("TEMPLATES", 200), size("TICKETS", 1_000_000), size("REPLIES", 5_000_000));
    let store = Store::connect(&database, &StoreOptions::default()).await?;
    store.migrate().await?;
    let started = Instant::now();
    let admin = kefu_bench::create_tenant(&store, "tickets-admin").await?;
    let tenant = admin.tenant_id;
    kefu_bench::load_agents(&store, tenant, "t", agents).await?;

    let company_ids = in_parallel(companies, |i| {
        let store = store.clone();
        async move {
            let name =
                CompanyName::parse(&format!("{}贸易有限公司{i:06}", PRODUCTS[i % 10])).map_err(|e| anyhow!(e))?;
            Ok(store.create_company(tenant, admin.id, &NewCompany::new(name)).await?.id)
        }
    })
    .await?;
    eprintln!("{companies} companies loaded in {:?}", started.elapsed());
    let contacts_started = Instant::now();
    let contact_ids = in_parallel(contacts, |i| {
        let (store, company) = (store.clone(), company_ids.get(i % companies.max(1)).copied());
        async move { Ok((store.create_contact(tenant, admin.id, &contact(i, company)?).await?.id, company)) }
    })
    .await?;
    eprintln!("{contacts} contacts loaded in {:?}", contacts_started.elapsed());

    let template_ids = in_parallel(templates, |i| {
        let store = store.clone();
        async move {
            let row = TemplateRow {
                name: format!("模板{i:03}"),
                description: String::new(),
                audience: Audience::Everyone,
                released: true,
                fields: Vec::new(),
            };
            Ok(store.create_ticket_template(tenant, admin.id, row).await?.id)
        }
    })
    .await?;
    let tickets_started = Instant::now();
    let ticket_ids = in_parallel(tickets, |i| {
        let store = store.clone();
        let (contact, company) = contact_ids.get(i % contacts.max(1)).copied().unwrap_or((ContactId(0), None));
        let template = template_ids.get(i % templates.max(1)).copied();
        async move { Ok(store.create_ticket(tenant, new_ticket(i, admin.id, contact, company, template)).await?.id) }
    })
    .await?;
    eprintln!("{tickets} tickets loaded in {:?}", tickets_started.elapsed());
    let replies_started = Instant::now();
    // The replies beyond the first go 49 each to the first tickets: those have 50, what a
    // ticket's page shows.
    let more = replies.saturating_sub(tickets);
    let mut by_id = ticket_ids.clone();
    by_id.sort_unstable_by_key(|id| id.0);
    in_parallel(more, |i| {
        let (store, ticket) = (store.clone(), by_id.get(i / 49).copied().unwrap_or(TicketId(0)));
        async move {
            let reply = NewReply { message: reply_text(tickets + i), reply_type: ReplyType::Public };
            store.add_ticket_reply(tenant, ticket, admin.id, reply).await?;
            Ok(())
        }
    })
    .await?;
    eprintln!("{more} more replies loaded in {:?}", replies_started.elapsed());
    store.close().await;

    println!("ADMIN_ACCOUNT=tickets-admin");
    println!("ADMIN_PASSWORD={}", kefu_bench::ADMIN_PASSWORD);
    println!("CONTACTS={contacts}");
    println!("TICKETS={tickets}");
    println!("FIRST_TICKET={}", by_id.first().map_or(0, |id| id.0));
    println!("FIRST_TEMPLATE={}", template_ids.first().map_or(0, |id| id.0));
    println!("TEMPLATES={templates}");
    println!("FULL_TICKETS={}", more / 49);
    println!("A_CONTACT={}", contact_ids.first().map_or(0, |c| c.0.0));
    println!("LOAD_SECONDS={}", started.elapsed().as_secs());
    Ok(())
}

/// Runs `make(0..count)` with `IN_FLIGHT` at a time; the results in index order.
async fn in_parallel<T, F, Fut>(count: usize, make: F) -> Result<Vec<T>>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Result<T>> + Send + 'static,
{
    let mut results = Vec::with_capacity(count);
    for start in (0..count).step_by(IN_FLIGHT) {
        let tasks: Vec<_> = (start..count.min(start + IN_FLIGHT)).map(|i| tokio::spawn(make(i))).collect();
        for task in tasks {
            results.push(task.await??);
        }
    }
    Ok(results)
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
            description: format!("客户反映设备出现问题，订单号 DD{:08}，请尽快处理。", order_number(i)),
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

fn reply_text(i: usize) -> String {
    format!("您好，我们已收到您的反馈（第{i}条回复），工程师会在24小时内联系您。")
}
