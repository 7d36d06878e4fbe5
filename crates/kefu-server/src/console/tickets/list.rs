//! 工单: the desk's views with their counts (我的工单, 我的组, 未分配, 全部, and one per
//! status) and a page of the chosen view — subject, contact, status, priority, assignee
//! and last update in the company's zone — as cards on a phone.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use kefu_app::AppError;
use kefu_app::tickets::{DeskNames, DeskOverview};
use kefu_domain::paging::PageRequest;
use kefu_domain::ticket::DeskView;
use kefu_store::TicketRecord;
use maud::{Markup, html};
use serde::Deserialize;

use super::{priority_label, status_label};
use crate::console::layout::{self, Nav, Page, pager};
use crate::console::session::ConsoleUser;
use crate::state::AppState;

/// Tickets a page of a view shows.
pub const PER_PAGE: u64 = 20;

pub fn routes() -> Router<AppState> {
    Router::new().route("/console/tickets", get(list))
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    view: Option<String>,
    page: Option<String>,
    pub notice: Option<String>,
}

impl ListQuery {
    fn view(&self) -> Result<DeskView, AppError> {
        DeskView::parse(self.view.as_deref().unwrap_or("")).map_err(|message| AppError::field("view", message))
    }

    pub fn page(&self) -> Result<PageRequest, AppError> {
        let per_page = PER_PAGE.to_string();
        PageRequest::parse(self.page.as_deref().filter(|p| !p.is_empty()), Some(&per_page), PER_PAGE)
            .map_err(|(field, message)| AppError::field(field, message))
    }
}

fn view_link(view: DeskView) -> String {
    format!("/console/tickets?view={}", view.key())
}

/// The views as tabs, each with its count (`active` the one shown; None: 已删除, the
/// administrators' last tab).
pub fn views(user: &ConsoleUser, overview: &DeskOverview, active: Option<DeskView>) -> Markup {
    html! {
        nav.tabs.desk-views aria-label="工单视图" {
            ul {
                @for (view, count) in &overview.counts {
                    li {
                        @let text = html! { (view.label()) " " span.count data-view=(view.key()) { (count) } };
                        a href=(view_link(*view)) aria-current=[(active == Some(*view)).then_some("page")] { (text) }
                    }
                }
                @if user.is_admin {
                    li { a href="/console/tickets/deleted" aria-current=[active.is_none().then_some("page")] { "已删除" } }
                }
            }
        }
    }
}

/// The table of a page of tickets (cards at phone width).
pub fn table(user: &ConsoleUser, rows: &[TicketRecord], names: &DeskNames) -> Markup {
    html! {
        div.table-wrap {
            table.cards {
                thead {
                    tr {
                        th scope="col" { "编号" } th scope="col" { "标题" } th scope="col" { "联系人" }
                        th scope="col" { "状态" } th scope="col" { "优先级" } th scope="col" { "受理客服" }
                        th scope="col" { "更新时间" }
                    }
                }
                tbody {
                    @for ticket in rows {
                        @let contact = names.contacts.get(&ticket.fields.contact_id).cloned().unwrap_or_else(|| ticket.fields.contact_id.to_string());
                        tr {
                            td data-label="编号" { (ticket.id) }
                            td data-label="标题" { a href={ "/console/tickets/" (ticket.id) } { (ticket.fields.subject) } }
                            td data-label="联系人" { (contact) }
                            td data-label="状态" { span.status data-status=(ticket.fields.status) { (status_label(ticket.fields.status)) } }
                            td data-label="优先级" { (priority_label(ticket.fields.priority)) }
                            td data-label="受理客服" {
                                @match ticket.fields.servicer_id {
                                    Some(agent) => { (names.agents.get(&agent).cloned().unwrap_or_else(|| agent.to_string())) }
                                    None => { span.muted { "未分配" } }
                                }
                            }
                            td data-label="更新时间" { (layout::datetime(ticket.updated_at, &user.zone)) }
                        }
                    }
                }
            }
        }
    }
}

async fn list(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<ListQuery>) -> Response {
    let caller = user.caller();
    let tickets = state.app().tickets();
    let result = async {
        let view = query.view()?;
        let page = query.page()?;
        let overview = tickets.desk_overview(&caller).await?;
        let found = tickets.desk_page(&caller, view, page).await?;
        let names = tickets.desk_names(&caller, &found.rows, &[]).await?;
        Ok::<_, AppError>((view, page, overview, found, names))
    }
    .await;
    let (view, page, overview, found, names) = match result {
        Ok(found) => found,
        Err(error) => return layout::error_page(Some(&user), error),
    };
    let key = view.key();
    let body = html! {
        p { a.button.primary href="/console/tickets/new" { "新建工单" } }
        (views(&user, &overview, Some(view)))
        h2 { (view.label()) }
        @if found.rows.is_empty() {
            p.empty { "这个视图中没有工单。" }
        } @else {
            (table(&user, &found.rows, &names))
        }
        (pager(page, found.total, |n| format!("/console/tickets?{}", layout::query_string(&[("view", &key), ("page", &n.to_string())]))))
    };
    layout::html(StatusCode::OK, Page::new("工单", &user, Nav::Tickets).notice(query.notice.as_deref()).render(body))
}
