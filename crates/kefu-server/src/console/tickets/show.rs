//! A ticket's page: its fields, the conversation (the description, then the replies in
//! order, internal notes marked 内部备注), the history (who changed what), and the forms
//! of [`super::actions`]. A refused form is shown again here with its problems beside its
//! fields, in Chinese.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use kefu_app::AppError;
use kefu_app::tickets::{DeskNames, TicketView};
use kefu_domain::custom_field::CustomField;
use kefu_domain::paging::PageRequest;
use kefu_domain::ticket::ReplyType;
use kefu_domain::ticket::history::HistoryAction;
use kefu_domain::{AgentId, TicketId};
use kefu_store::{GroupRecord, TemplateRecord, TicketEventRecord};
use maud::{Markup, html};

use super::{custom, label, priority_label, status_label, type_label};
use crate::console::csrf::Fields;
use crate::console::layout::{self, FormErrors, Nav, NoticeQuery, Page};
use crate::console::session::ConsoleUser;
use crate::state::AppState;

/// History entries a ticket's page shows (the oldest first).
const HISTORY_SHOWN: u64 = 100;

pub fn routes() -> Router<AppState> {
    Router::new().route("/console/tickets/{id}", get(show))
}

/// Everything a ticket's page shows, loaded through the use cases.
pub struct TicketPage {
    view: TicketView,
    history: Vec<TicketEventRecord>,
    history_total: u64,
    names: DeskNames,
    groups: Vec<GroupRecord>,
    templates: Vec<TemplateRecord>,
    definitions: Vec<CustomField>,
}

impl TicketPage {
    pub async fn load(state: &AppState, user: &ConsoleUser, id: TicketId) -> Result<TicketPage, AppError> {
        let caller = user.caller();
        let app = state.app();
        let tickets = app.tickets();
        let view = tickets.show(&caller, id).await?;
        let history = tickets.history(&caller, id, PageRequest::new(1, HISTORY_SHOWN)).await?;
        let mut actors: Vec<AgentId> = view.replies.iter().filter_map(|r| r.author_id).collect();
        actors.extend(history.rows.iter().filter_map(|e| e.actor_id));
        let names = tickets.desk_names(&caller, std::slice::from_ref(&view.ticket), &actors).await?;
        let mut templates = app.ticket_templates().usable(&caller).await?;
        if let Some(current) = view.ticket.fields.template_id
            && !templates.iter().any(|t| t.id == current)
            && let Some(found) = app.ticket_templates().show(&caller, current).await?
        {
            templates.push(found);
        }
        Ok(TicketPage {
            history: history.rows,
            history_total: history.total,
            names,
            groups: app.groups().all(&caller).await?,
            templates,
            definitions: tickets.fields(&caller).await?,
            view,
        })
    }

    /// The titles of the company's ticket fields (for naming their problems).
    pub fn titles(&self) -> Vec<(i64, String)> {
        self.definitions.iter().map(|f| (f.number, f.title.clone())).collect()
    }

    fn agent(&self, id: Option<AgentId>) -> String {
        match id {
            Some(agent) => self.names.agents.get(&agent).cloned().unwrap_or_else(|| format!("客服 {agent}")),
            None => "系统".to_owned(),
        }
    }

    fn group(&self, id: kefu_domain::GroupId) -> String {
        self.groups.iter().find(|g| g.id == id).map_or_else(|| id.to_string(), |g| g.name.clone())
    }
}

async fn show(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(raw): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let Some(id) = super::ticket_id(&raw) else { return super::unknown(&user, &raw) };
    match TicketPage::load(&state, &user, id).await {
        Ok(page) => render(&user, &page, None, &FormErrors::default(), StatusCode::OK, query.notice.as_deref()),
        Err(error) => super::failed(&user, &raw, error),
    }
}

/// The page, with a refused form's values (`submitted`) and problems.
pub fn render(
    user: &ConsoleUser,
    page: &TicketPage,
    submitted: Option<&Fields>,
    errors: &FormErrors,
    status: StatusCode,
    notice: Option<&str>,
) -> Response {
    let ticket = &page.view.ticket;
    let title = format!("工单 #{} {}", ticket.id, ticket.fields.subject);
    let body = html! {
        p { a href="/console/tickets" { "‹ 返回工单列表" } }
        (errors.summary())
        @if ticket.is_deleted { p.notice { "这个工单已删除。" } }
        div.desk-ticket {
            div.desk-main {
                (facts(user, page))
                (conversation(user, page))
                (super::actions::reply_forms(user, ticket.id, submitted, errors))
                (history(user, page))
            }
            div.desk-side {
                (super::actions::side_forms(user, page, submitted, errors))
            }
        }
    };
    layout::html(status, Page::new(&title, user, Nav::Tickets).notice(notice).render(body))
}

fn facts(user: &ConsoleUser, page: &TicketPage) -> Markup {
    let t = &page.view.ticket;
    let f = &t.fields;
    let contact = page.names.contacts.get(&f.contact_id).cloned().unwrap_or_else(|| f.contact_id.to_string());
    html! {
        section aria-labelledby="facts-h" {
            h2 #facts-h { "工单信息" }
            dl.facts {
                dt { "状态" } dd { span.status data-status=(f.status) { (status_label(f.status)) } }
                dt { "优先级" } dd { (priority_label(f.priority)) }
                dt { "类型" } dd { (type_label(f.ticket_type)) }
                dt { "联系人" } dd { a href={ "/console/contacts/" (f.contact_id) } { (contact) } }
                dt { "受理客服" } dd { @if f.servicer_id.is_some() { (page.agent(f.servicer_id)) } @else { "未分配" } }
                dt { "受理分组" } dd { @match f.servicer_group_id { Some(g) => { (page.group(g)) } None => { "—" } } }
                dt { "抄送" } dd {
                    @for agent in &f.cc_agents { span.chip { (page.agent(Some(*agent))) } " " }
                    @for group in &f.cc_groups { span.chip { (page.group(*group)) } " " }
                    @if f.cc_agents.is_empty() && f.cc_groups.is_empty() { "—" }
                }
                dt { "标签" } dd { @if f.tags.is_empty() { "—" } @else { (f.tags.join("，")) } }
                dt { "创建" } dd { (layout::datetime(t.created_at, &user.zone)) " · " (page.agent(t.creator_agent_id)) }
                dt { "更新" } dd { (layout::datetime(t.updated_at, &user.zone)) }
            }
        }
    }
}

fn conversation(user: &ConsoleUser, page: &TicketPage) -> Markup {
    let t = &page.view.ticket;
    html! {
        section aria-labelledby="talk-h" {
            h2 #talk-h { "对话" }
            ol.conversation {
                li.message {
                    p.meta { "描述 · " (layout::datetime(t.created_at, &user.zone)) }
                    div.text { @if t.fields.description.is_empty() { "（无描述）" } @else { (t.fields.description) } }
                }
                @for reply in &page.view.replies {
                    @let internal = ReplyType::from_code(reply.reply_type) == ReplyType::Internal;
                    li.message.internal[internal] data-reply=(reply.id) {
                        p.meta {
                            @if internal { strong.badge { "内部备注" } " · " }
                            (page.agent(reply.author_id)) " · " (layout::datetime(reply.created_at, &user.zone))
                        }
                        div.text { (reply.message) }
                    }
                }
            }
            @if page.view.replies.len() as u64 >= kefu_store::RECENT_REPLIES {
                p.hint { "只显示最近 " (kefu_store::RECENT_REPLIES) " 条回复。" }
            }
        }
    }
}

fn history(user: &ConsoleUser, page: &TicketPage) -> Markup {
    html! {
        section aria-labelledby="history-h" {
            h2 #history-h { "历史" }
            ol.history {
                @for event in &page.history {
                    li {
                        span.when { (layout::datetime(event.created_at, &user.zone)) } " "
                        strong { (page.agent(event.actor_id)) } " "
                        (describe(page, event))
                    }
                }
            }
            @if page.history_total > page.history.len() as u64 {
                p.hint { "只显示最早的 " (page.history.len()) " 条，共 " (page.history_total) " 条。" }
            }
        }
    }
}

/// One history entry in words: "把 状态 从 新建 改为 处理中".
fn describe(page: &TicketPage, event: &TicketEventRecord) -> Markup {
    let shown = |value: &str| -> String {
        if value.is_empty() || value == "0" {
            return "（空）".to_owned();
        }
        let code = value.parse::<i64>().unwrap_or(0);
        match event.field.as_str() {
            "ticketStatus" => status_label(code).to_owned(),
            "priorityLevel" => priority_label(code).to_owned(),
            "ticketType" => type_label(code).to_owned(),
            "servicerUserId" => page.agent(Some(AgentId(code))),
            _ => value.to_owned(),
        }
    };
    match HistoryAction::from_code(event.action) {
        Some(HistoryAction::Created) => html! { "创建了工单" },
        Some(HistoryAction::Changed) => html! {
            "把 " em { (field_title(page, &event.field)) } " 从 " (shown(&event.old_value)) " 改为 " (shown(&event.new_value))
        },
        Some(HistoryAction::Replied) => html! { "添加了回复" },
        Some(HistoryAction::Noted) => html! { "添加了内部备注" },
        Some(HistoryAction::Deleted) => html! { "删除了工单" },
        Some(HistoryAction::Restored) => html! { "恢复了工单" },
        Some(HistoryAction::ClosedAutomatically) => html! { "自动关闭了工单" },
        None => html! { (event.field) },
    }
}

fn field_title(page: &TicketPage, member: &str) -> String {
    if let Ok(number) = kefu_domain::custom_field::parse_field_key(member) {
        let number = i64::from(number);
        if let Some(field) = page.definitions.iter().find(|f| f.number == number) {
            return field.title.clone();
        }
    }
    match label(member) {
        "字段" => member.to_owned(),
        known => known.to_owned(),
    }
}

/// What the side forms need of the page.
impl TicketPage {
    pub fn ticket(&self) -> &kefu_store::TicketRecord {
        &self.view.ticket
    }

    pub fn groups(&self) -> &[GroupRecord] {
        &self.groups
    }

    pub fn templates(&self) -> &[TemplateRecord] {
        &self.templates
    }

    pub fn agent_name(&self, id: AgentId) -> String {
        self.agent(Some(id))
    }

    /// The template's fields the page edits.
    pub fn template_fields(&self) -> Vec<&CustomField> {
        let numbers = self
            .ticket()
            .fields
            .template_id
            .and_then(|id| self.templates.iter().find(|t| t.id == id))
            .map(|t| t.fields.clone())
            .unwrap_or_default();
        custom::of_template(&self.definitions, &numbers)
    }
}
