//! `kefu tickets list|show|create|reply|search`: tickets (工单) on a running server through
//! `kefu-client`, tables for people and the API's objects with `--json`. The server checks
//! everything; its refusal is printed as it says it.

use anyhow::{Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use kefu_api::{CustomFieldValue, Ticket, TicketInput, TicketReplyInput};
use kefu_client::{Client, PageQuery, TicketListQuery};
use serde_json::{Value, json};

use super::args::{Connection, OrderArg, PageArgs};
use super::table::{grid, record};
use super::{connect, print_json};

#[derive(Args, Debug)]
pub struct TicketsArgs {
    #[command(flatten)]
    pub connection: Connection,
    #[command(subcommand)]
    pub command: TicketsCommand,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum SortArg {
    Created,
    Updated,
    Status,
}

#[derive(Subcommand, Debug)]
pub enum TicketsCommand {
    /// The company's tickets (administrators), one page.
    List {
        /// Created on or after (a day, 2025-01-05, or a datetime), in the company's zone.
        #[arg(long)]
        created_start: Option<String>,
        #[arg(long)]
        created_end: Option<String>,
        #[arg(long)]
        updated_start: Option<String>,
        #[arg(long)]
        updated_end: Option<String>,
        /// Order by creation, update or status (default: by id).
        #[arg(long, value_enum)]
        sort: Option<SortArg>,
        #[arg(long, value_enum, default_value = "asc")]
        order: OrderArg,
        /// Deleted tickets only.
        #[arg(long)]
        deleted: bool,
        #[command(flatten)]
        page: PageArgs,
    },
    /// One ticket with its replies and notes.
    Show { id: String },
    /// Create a ticket for a contact.
    Create {
        #[arg(long)]
        subject: String,
        /// The contact (cId) the ticket is for.
        #[arg(long)]
        contact: String,
        #[arg(long)]
        description: Option<String>,
        /// A released template (tId); needed for custom field values.
        #[arg(long)]
        template: Option<String>,
        /// 1 low, 2 normal, 3 high, 4 urgent.
        #[arg(long)]
        priority: Option<String>,
        /// The agent (sId) it is assigned to.
        #[arg(long)]
        assignee: Option<String>,
        /// A custom value, `field_N=value` (repeatable).
        #[arg(long = "field", value_name = "KEY=VALUE")]
        fields: Vec<String>,
    },
    /// Add a reply (or, with --note, an internal note) to a ticket.
    Reply {
        id: String,
        #[arg(long, short)]
        message: String,
        /// An internal note, which customers never see.
        #[arg(long)]
        note: bool,
    },
    /// Search tickets with the API's query (`ticketStatus:1,2 subject:退款`…).
    Search {
        query: String,
        #[arg(long)]
        page: Option<u64>,
        /// At most 5000.
        #[arg(long)]
        per_page: Option<u64>,
    },
}

pub async fn run(args: TicketsArgs) -> Result<()> {
    let client = connect(&args.connection)?;
    let json = args.connection.json;
    match args.command {
        TicketsCommand::List { created_start, created_end, updated_start, updated_end, sort, order, deleted, page } => {
            let query = TicketListQuery {
                created_start,
                created_end,
                updated_start,
                updated_end,
                order: sort.map(|sort| (sort_key(sort), direction(order))),
                deleted,
                page: PageQuery { page: page.page, per_page: page.per_page },
            };
            let list = client.tickets().list(&query).await?;
            if json {
                return print_json(&list);
            }
            println!("{}", tickets_table(&list.tickets));
            println!("{}", crate::count(list.count, "ticket", "tickets"));
            Ok(())
        }
        TicketsCommand::Show { id } => show(&client, &id, json).await,
        TicketsCommand::Create { subject, contact, description, template, priority, assignee, fields } => {
            let input = TicketInput {
                subject: Some(json!(subject)),
                cust_user_id: Some(json!(contact)),
                description: description.map(Value::from),
                ticket_template_id: template.map(Value::from),
                priority_level: priority.map(Value::from),
                servicer_user_id: assignee.map(Value::from),
                custom_fields: custom_values(&fields)?,
                ..TicketInput::default()
            };
            let ticket = client.tickets().create(input).await?;
            if json {
                return print_json(&json!({ "ticket": ticket }));
            }
            println!("{}", ticket_table(&ticket));
            Ok(())
        }
        TicketsCommand::Reply { id, message, note } => {
            let reply = TicketReplyInput {
                reply_msg: Some(json!(message)),
                reply_type: Some(json!(if note { "2" } else { "1" })),
            };
            let ticket = client
                .tickets()
                .update(&id, TicketInput { ticket_reply: Some(reply), ..TicketInput::default() })
                .await?;
            if json {
                return print_json(&json!({ "ticket": ticket }));
            }
            println!("{} added to ticket {}", if note { "note" } else { "reply" }, ticket.ticket_id);
            Ok(())
        }
        TicketsCommand::Search { query, page, per_page } => {
            let found = client.tickets().search(&query, None, PageQuery { page, per_page }).await?;
            if json {
                return print_json(&found);
            }
            println!("{}", tickets_table(&found.tickets.results));
            println!("{}", crate::count(found.tickets.count, "ticket found", "tickets found"));
            Ok(())
        }
    }
}

fn sort_key(sort: SortArg) -> &'static str {
    match sort {
        SortArg::Created => "created_order",
        SortArg::Updated => "updated_order",
        SortArg::Status => "status_order",
    }
}

fn direction(order: OrderArg) -> &'static str {
    match order {
        OrderArg::Asc => "asc",
        OrderArg::Desc => "desc",
    }
}

/// `field_N=value` pairs as the API's `custom_fields` list.
fn custom_values(pairs: &[String]) -> Result<Option<Value>> {
    if pairs.is_empty() {
        return Ok(None);
    }
    let mut values = Vec::new();
    for pair in pairs {
        let Some((key, value)) = pair.split_once('=') else {
            bail!("--field {pair:?}: give it as field_N=value");
        };
        values.push(json!({"key": key.trim(), "value": value}));
    }
    Ok(Some(Value::Array(values)))
}

async fn show(client: &Client, id: &str, json: bool) -> Result<()> {
    let Some(ticket) = client.tickets().show(id).await? else { bail!("no ticket {id}") };
    let mut replies = Vec::new();
    for page in 1.. {
        let list = client.tickets().replies(id, PageQuery { page: Some(page), per_page: Some(100) }).await?;
        let done = list.next_page.is_none() || list.ticket_replies.is_empty();
        replies.extend(list.ticket_replies);
        if done {
            break;
        }
    }
    if json {
        return print_json(&json!({ "ticket": ticket, "ticket_replies": replies }));
    }
    println!("{}", ticket_table(&ticket));
    if !replies.is_empty() {
        let rows = replies.iter().map(|r| {
            let kind = if r.reply_type == "2" { "内部备注" } else { "回复" };
            vec![
                r.ticket_reply_id.clone(),
                r.reply_dt.clone(),
                r.reply_user_id.clone(),
                kind.to_owned(),
                r.reply_msg.clone(),
            ]
        });
        println!("{}", grid(&["编号", "时间", "客服", "类型", "内容"], rows));
    }
    Ok(())
}

fn status_label(code: &str) -> &str {
    match code {
        "1" => "新建",
        "2" => "处理中",
        "3" => "等待回复",
        "4" => "已解决",
        "5" => "自动关闭",
        "6" => "已关闭",
        other => other,
    }
}

fn priority_label(code: &str) -> &str {
    match code {
        "1" => "低",
        "2" => "普通",
        "3" => "高",
        "4" => "紧急",
        other => other,
    }
}

fn tickets_table(tickets: &[Ticket]) -> comfy_table::Table {
    let headers = ["ticketId", "主题", "状态", "优先级", "联系人", "处理人", "创建时间"];
    grid(
        &headers,
        tickets.iter().map(|t| {
            vec![
                t.ticket_id.clone(),
                t.subject.clone(),
                status_label(&t.ticket_status).to_owned(),
                priority_label(&t.priority_level).to_owned(),
                t.cust_user_id.clone(),
                t.servicer_user_id.clone(),
                t.create_dt.clone(),
            ]
        }),
    )
}

fn values_text(values: &[CustomFieldValue]) -> Vec<(String, String)> {
    values.iter().map(|v| (v.key.clone(), super::directory::cell_of(&v.value))).collect()
}

fn ticket_table(t: &Ticket) -> comfy_table::Table {
    let mut pairs: Vec<(String, String)> = [
        ("ticketId", t.ticket_id.as_str()),
        ("主题", &t.subject),
        ("描述", &t.descript),
        ("状态", status_label(&t.ticket_status)),
        ("优先级", priority_label(&t.priority_level)),
        ("联系人", &t.cust_user_id),
        ("处理人", &t.servicer_user_id),
        ("处理组", &t.servicer_group_id),
        ("模板", &t.ticket_template_id),
        ("标签", &t.tag_list),
        ("创建时间", &t.create_dt),
        ("更新时间", &t.update_dt),
    ]
    .into_iter()
    .map(|(label, value)| (label.to_owned(), value.to_owned()))
    .collect();
    pairs.extend(values_text(&t.custom_fields));
    record(pairs)
}
