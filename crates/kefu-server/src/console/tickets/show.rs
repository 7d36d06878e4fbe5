//! A ticket's page: its fields, the conversation (the description, then the replies in
//! order, internal notes marked 内部备注), the history (who changed what), and the forms
//! of [`super::actions`]; a long conversation and history are paged ([`Paging`]). A deleted
//! ticket's page shows no forms but restoring ([`super::bin`]). A refused form is shown
//! again here with its problems beside its fields, in Chinese.

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
use kefu_store::{GroupRecord, RECENT_REPLIES, ReplyRecord, TemplateRecord, TicketEventRecord};
use maud::{Markup, html};
use serde::Deserialize;

use super::{custom, label, priority_label, status_label, type_label};
use crate::console::csrf::Fields;
use crate::console::layout::{self, FormErrors, Nav, Page};
use crate::console::session::ConsoleUser;
use crate::state::AppState;

/// History entries a page of a ticket's history shows (the oldest first).
const HISTORY_SHOWN: u64 = 100;

/// Which part of a long conversation and history a ticket's page shows: `replies` a page
/// of [`RECENT_REPLIES`] replies counted from the oldest (None: the most recent ones, as
/// the page opens), `history` a page of [`HISTORY_SHOWN`] entries.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    replies: Option<PageRequest>,
    history: PageRequest,
}

impl Default for Paging {
    fn default() -> Self {
        Paging { replies: None, history: PageRequest::new(1, HISTORY_SHOWN) }
    }
}

#[derive(Debug, Default, Deserialize)]
struct ShowQuery {
    notice: Option<String>,
    replies: Option<String>,
    history: Option<String>,
}

impl ShowQuery {
    fn paging(&self) -> Result<Paging, AppError> {
        let page = |key: &'static str, raw: &str, per_page: u64| {
            PageRequest::parse(Some(raw), None, per_page).map_err(|(_, message)| AppError::field(key, message))
        };
        Ok(Paging {
            replies: self.replies.as_deref().map(|raw| page("replies", raw, RECENT_REPLIES)).transpose()?,
            history: page("history", self.history.as_deref().unwrap_or("1"), HISTORY_SHOWN)?,
        })
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/console/tickets/{id}", get(show))
}

/// Everything a ticket's page shows, loaded through the use cases.
pub struct TicketPage {
    view: TicketView,
    paging: Paging,
    /// The replies shown: the most recent, or the page asked for.
    replies: Vec<ReplyRecord>,
    replies_total: u64,
    history: Vec<TicketEventRecord>,
    history_total: u64,
    names: DeskNames,
    groups: Vec<GroupRecord>,
    templates: Vec<TemplateRecord>,
    definitions: Vec<CustomField>,
}

impl TicketPage {
    pub async fn load(state: &AppState, user: &ConsoleUser, id: TicketId) -> Result<TicketPage, AppError> {
        Self::load_part(state, user, id, Paging::default()).await
    }

    async fn load_part(
        state: &AppState,
        user: &ConsoleUser,
        id: TicketId,
        paging: Paging,
    ) -> Result<TicketPage, AppError> {
        let caller = user.caller();
        let app = state.app();
        let tickets = app.tickets();
        let view = tickets.show(&caller, id).await?;
        let (replies, replies_total) = match paging.replies {
            Some(page) => {
                let found = tickets.replies(&caller, id, page).await?;
                (found.rows, found.total)
            }
            // Only a full recent window can have earlier replies: count them then.
            None if view.replies.len() as u64 >= RECENT_REPLIES => {
                (view.replies.clone(), tickets.replies(&caller, id, PageRequest::new(1, 1)).await?.total)
            }
            None => (view.replies.clone(), view.replies.len() as u64),
        };
        let history = tickets.history(&caller, id, paging.history).await?;
        let mut actors: Vec<AgentId> = replies.iter().filter_map(|r| r.author_id).collect();
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
            paging,
            replies,
            replies_total,
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
    Query(query): Query<ShowQuery>,
) -> Response {
    let Some(id) = super::ticket_id(&raw) else { return super::unknown(&user, &raw) };
    let paging = match query.paging() {
        Ok(paging) => paging,
        Err(error) => return layout::error_page(Some(&user), error),
    };
    match TicketPage::load_part(&state, &user, id, paging).await {
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
                // A deleted ticket is only read (and restored): no forms change it.
                @if !ticket.is_deleted { (super::actions::reply_forms(user, ticket.id, submitted, errors)) }
                (history(user, page))
            }
            div.desk-side {
                @if !ticket.is_deleted { (super::actions::side_forms(user, page, submitted, errors)) }
                (super::bin::section(user, ticket))
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
    let (earlier, later) = page.reply_neighbours();
    html! {
        section aria-labelledby="talk-h" {
            h2 #talk-h { "对话" }
            @if let Some(earlier) = earlier {
                p.more { a href=(page.link(Some(earlier), page.paging.history.page, "talk-h")) rel="prev" { "‹ 更早的回复" } }
            }
            ol.conversation {
                @if earlier.is_none() {
                    li.message {
                        p.meta { "描述 · " (layout::datetime(t.created_at, &user.zone)) }
                        div.text { @if t.fields.description.is_empty() { "（无描述）" } @else { (t.fields.description) } }
                    }
                }
                @for reply in &page.replies {
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
            @if page.paging.replies.is_some() {
                p.more {
                    @if let Some(later) = later {
                        a href=(page.link(Some(later), page.paging.history.page, "talk-h")) rel="next" { "较新的回复 ›" } " · "
                    }
                    a href=(page.link(None, page.paging.history.page, "talk-h")) { "最新的回复" }
                }
            }
            p.hint { "共 " (page.replies_total) " 条回复。" }
        }
    }
}

fn history(user: &ConsoleUser, page: &TicketPage) -> Markup {
    let shown = page.paging.history;
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
            @if shown.has_previous() || shown.has_next(page.history_total) {
                @let replies = page.paging.replies.map(|r| r.page);
                p.more {
                    @if shown.has_previous() {
                        a href=(page.link(replies, shown.page - 1, "history-h")) rel="prev" { "‹ 较早的历史" } " "
                    }
                    span { "第 " (shown.offset() + 1) "–" (shown.offset() + page.history.len() as u64) " 条，共 " (page.history_total) " 条" }
                    @if shown.has_next(page.history_total) {
                        " " a href=(page.link(replies, shown.page + 1, "history-h")) rel="next" { "更多历史 ›" }
                    }
                }
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

impl TicketPage {
    /// The page's address showing reply page `replies` (None: the most recent) and history
    /// page `history`, at `anchor`.
    fn link(&self, replies: Option<u64>, history: u64, anchor: &str) -> String {
        let replies = replies.map(|n| n.to_string()).unwrap_or_default();
        let history = if history > 1 { history.to_string() } else { String::new() };
        let query = layout::query_string(&[("replies", &replies), ("history", &history)]);
        let separator = if query.is_empty() { "" } else { "?" };
        format!("/console/tickets/{}{separator}{query}#{anchor}", self.view.ticket.id)
    }

    /// The reply pages before and after the replies shown, if there are such replies.
    fn reply_neighbours(&self) -> (Option<u64>, Option<u64>) {
        match self.paging.replies {
            Some(page) => {
                (page.has_previous().then(|| page.page - 1), page.has_next(self.replies_total).then(|| page.page + 1))
            }
            None => {
                // The most recent replies: the earlier ones end on the page holding the one
                // before the first shown.
                let before = self.replies_total.saturating_sub(self.replies.len() as u64);
                ((before > 0).then(|| before.div_ceil(RECENT_REPLIES)), None)
            }
        }
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
