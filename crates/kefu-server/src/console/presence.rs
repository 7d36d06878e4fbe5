//! The presence board: per plate (工单 / 在线聊天 / 呼叫中心), who is in which state. The
//! page polls `/console/presence/live` every few seconds — a read of the database, so
//! with several instances every browser sees every change. Administrators set states and
//! the call-center permission from it, by the use cases of `plate_service_state` and
//! `permissions` (the same rules, the same refusals).

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kefu_app::AppError;
use kefu_app::presence::{SetState, plate, state_name};
use kefu_domain::presence::{Module, Permission, Plate, StateList};
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, GroupId};
use kefu_store::{BoardEntry, GroupRecord, RosterFilter};
use maud::{Markup, html};
use serde::{Deserialize, Serialize};

use super::csrf::{AdminForm, ConsoleForm};
use super::layout::{self, Nav, Page, query_string};
use super::session::ConsoleUser;
use crate::http::error::ApiError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/presence", get(board))
        .route("/console/presence/live", get(live))
        .route("/console/presence/{id}", post(set_state))
        .route("/console/presence/{id}/permission", post(set_permission))
}

#[derive(Debug, Default, Deserialize)]
struct BoardQuery {
    plate: Option<String>,
    group: Option<String>,
    agent: Option<String>,
    /// Only the agents in this state (a count's link).
    state: Option<String>,
    page: Option<String>,
    notice: Option<String>,
}

/// Rows of the board per page: the board counts everyone, and shows them a page at a time.
const BOARD_PER_PAGE: usize = kefu_domain::limits::CONSOLE_BOARD_PER_PAGE;

impl BoardQuery {
    fn plate(&self) -> Plate {
        self.plate.as_deref().and_then(|p| Plate::parse(p).ok()).unwrap_or(Plate::Chat)
    }

    fn group(&self) -> Option<GroupId> {
        self.group.as_deref().and_then(|g| GroupId::parse(g).ok())
    }

    /// Administrators see their company (or a group, or one agent); others themselves.
    fn filter(&self, user: &ConsoleUser) -> RosterFilter {
        if !user.is_admin {
            return RosterFilter { agent: Some(user.agent), ..RosterFilter::default() };
        }
        let agent = self.agent.as_deref().and_then(|a| AgentId::parse(a).ok());
        RosterFilter { group: self.group(), agent, include_hidden: false }
    }

    fn state(&self) -> Option<&str> {
        self.state.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }

    /// The page asked for (1 when none or not a page number).
    fn page(&self) -> usize {
        self.page.as_deref().and_then(|p| p.trim().parse::<usize>().ok()).filter(|p| *p >= 1).unwrap_or(1)
    }

    fn url(&self, path: &str, plate: Plate) -> String {
        self.url_with(path, plate, self.state(), self.page())
    }

    /// This view's address with another plate, state filter and page; the first page and
    /// no state filter are left out.
    fn url_with(&self, path: &str, plate: Plate, state: Option<&str>, page: usize) -> String {
        let plate = plate.code().to_string();
        let page = if page > 1 { page.to_string() } else { String::new() };
        let pairs = [
            ("plate", plate.as_str()),
            ("group", self.group.as_deref().unwrap_or("")),
            ("agent", self.agent.as_deref().unwrap_or("")),
            ("state", state.unwrap_or("")),
            ("page", page.as_str()),
        ];
        format!("{path}?{}", query_string(&pairs))
    }
}

/// One page of the board: the counts are of everyone the view holds (all the company's
/// agents, or a group's), the rows those of the state filter on the asked page.
struct BoardPage {
    counts: Vec<(String, usize)>,
    /// Agents in the view (before the state filter).
    everyone: usize,
    /// Agents matching the state filter.
    matching: usize,
    page: usize,
    pages: usize,
    rows: Vec<BoardEntry>,
}

impl BoardPage {
    fn of(board: Vec<BoardEntry>, list: &StateList, query: &BoardQuery) -> Self {
        let counts = counts(&board, list);
        let everyone = board.len();
        let matching: Vec<BoardEntry> = match query.state() {
            Some(state) => board.into_iter().filter(|entry| entry.state == state).collect(),
            None => board,
        };
        let pages = matching.len().div_ceil(BOARD_PER_PAGE).max(1);
        let page = query.page().min(pages);
        let rows = matching.iter().skip((page - 1) * BOARD_PER_PAGE).take(BOARD_PER_PAGE).cloned().collect();
        BoardPage { counts, everyone, matching: matching.len(), page, pages, rows }
    }
}

fn state_class(state: &str) -> &'static str {
    match state {
        kefu_domain::presence::OFFLINE_STATE => "state state-off",
        "在线" => "state state-on",
        _ => "state state-other",
    }
}

fn counts(board: &[BoardEntry], list: &StateList) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in board {
        *counts.entry(entry.state.as_str()).or_default() += 1;
    }
    // In the plate's order; states no longer listed (held before a change) at the end.
    let mut ordered: Vec<(String, usize)> =
        list.names().iter().map(|name| (name.clone(), counts.remove(name.as_str()).unwrap_or(0))).collect();
    ordered.extend(counts.into_iter().map(|(name, n)| (name.to_owned(), n)));
    ordered
}

/// The board of the query's plate and, for the page (`groups`), the groups to filter by.
async fn load(
    state: &AppState,
    user: &ConsoleUser,
    query: &BoardQuery,
    groups: bool,
) -> Result<(Vec<BoardEntry>, StateList, Vec<GroupRecord>), AppError> {
    let caller = user.caller();
    // Everyone the view holds: counted whole, shown a page at a time.
    let (board, list) = state.app().presence().board(&caller, query.plate(), query.filter(user), usize::MAX).await?;
    let groups = if groups && user.is_admin { state.app().groups().all(&caller).await? } else { Vec::new() };
    Ok((board, list, groups))
}

async fn board(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<BoardQuery>) -> Response {
    let (board, list, groups) = match load(&state, &user, &query, true).await {
        Ok(loaded) => loaded,
        Err(error) => return layout::error_page(Some(&user), error),
    };
    let plate = query.plate();
    let shown = BoardPage::of(board, &list, &query);
    let chosen_state = query.state();
    let back = query.url("/console/presence", plate);
    let body = html! {
        nav.tabs aria-label="功能模块" {
            ul {
                @for p in Plate::ALL {
                    li {
                        @if p == plate { a href=(query.url_with("/console/presence", p, None, 1)) aria-current="page" { (p.label()) } }
                        @else { a href=(query.url_with("/console/presence", p, None, 1)) { (p.label()) } }
                    }
                }
            }
        }
        @if user.is_admin { (filter_form(&query, plate, &groups)) }
        ul.counts data-live-counts="" {
            @if user.is_admin {
                li.all[chosen_state.is_none()] {
                    a href=(query.url_with("/console/presence", plate, None, 1)) aria-current=[chosen_state.is_none().then_some("true")] {
                        "全部" " " strong { (shown.everyone) }
                    }
                }
            }
            @for (name, n) in &shown.counts {
                li data-state=(name) {
                    @if user.is_admin {
                        a href=(query.url_with("/console/presence", plate, Some(name), 1))
                            aria-current=[(chosen_state == Some(name.as_str())).then_some("true")] {
                            span { (name) } " " strong { (n) }
                        }
                    } @else {
                        span { (name) } " " strong { (n) }
                    }
                }
            }
        }
        p.live data-live-url=(query.url("/console/presence/live", plate)) aria-live="polite" {
            "每 2 秒自动更新。" span data-live-status="" {}
        }
        @if shown.rows.is_empty() {
            p.empty { @if chosen_state.is_some() { "没有处于该状态的客服。" } @else { "没有客服。" } }
        } @else {
            div.table-wrap {
                table.board.cards {
                    caption.sr-only { (plate.label()) " 客服状态" }
                    thead { tr {
                        @if user.is_admin {
                            th scope="col" { "sId" } th scope="col" { "姓名" } th scope="col" { "登录账号" } th scope="col" { "工号" }
                        }
                        th scope="col" { "状态" } th scope="col" { "变更时间" }
                        @if user.is_admin { th scope="col" { "呼叫中心权限" } }
                        th scope="col" { "设置状态" }
                    } }
                    tbody {
                        @for entry in &shown.rows { (row(&user, entry, plate, &list, &back)) }
                    }
                }
            }
        }
        @if shown.pages > 1 {
            nav.pager aria-label="分页" {
                @if shown.page > 1 { a href=(query.url_with("/console/presence", plate, chosen_state, shown.page - 1)) rel="prev" { "‹ 上一页" } }
                span { "第 " (shown.page) " / " (shown.pages) " 页，共 " (shown.matching) " 位客服" }
                @if shown.page < shown.pages { a href=(query.url_with("/console/presence", plate, chosen_state, shown.page + 1)) rel="next" { "下一页 ›" } }
            }
        }
    };
    let title = if user.is_admin { "在线状态" } else { "我的状态" };
    layout::html(StatusCode::OK, Page::new(title, &user, Nav::Presence).notice(query.notice.as_deref()).render(body))
}

fn filter_form(query: &BoardQuery, plate: Plate, groups: &[GroupRecord]) -> Markup {
    let chosen = query.group();
    html! {
        form.search method="get" action="/console/presence" {
            input type="hidden" name="plate" value=(plate.code());
            div.field {
                label for="f-group" { "分组" }
                select #f-group name="group" {
                    option value="" { "全部客服" }
                    @for group in groups { option value=(group.id) selected[chosen == Some(group.id)] { (group.name) } }
                }
            }
            div.actions { button type="submit" { "筛选" } }
        }
    }
}

fn row(user: &ConsoleUser, entry: &BoardEntry, plate: Plate, list: &StateList, back: &str) -> Markup {
    let agent = &entry.agent;
    let changed = entry.changed_at.map(|at| layout::datetime(at, &user.zone)).unwrap_or_else(|| "—".to_owned());
    let select_id = format!("f-state-{}", agent.id);
    html! {
        tr data-sid=(agent.id) {
            @if user.is_admin {
                td data-label="sId" { (agent.id) }
                td data-label="姓名" { (agent.name) }
                td.long data-label="登录账号" { span.wrap { (agent.passport_name) } }
                td data-label="工号" { (agent.job_number) }
            }
            td data-cell="state" data-label="状态" { span class=(state_class(&entry.state)) { (entry.state) } }
            td.nowrap data-cell="changed" data-label="变更时间" { (changed) }
            @if user.is_admin {
                td data-cell="permission" data-label="呼叫中心权限" {
                    form.inline method="post" action={ "/console/presence/" (agent.id) "/permission" } {
                        (layout::csrf_input(user))
                        input type="hidden" name="back" value=(back);
                        @if entry.call_center.is_on() {
                            span data-permission="0" { "开启" } " "
                            input type="hidden" name="state" value=(Permission::Off.code());
                            button.link-button type="submit" { "关闭" }
                        } @else {
                            span data-permission="1" { "关闭" } " "
                            input type="hidden" name="state" value=(Permission::On.code());
                            button.link-button type="submit" { "开启" }
                        }
                    }
                }
            }
            td data-label="设置状态" {
                form.inline method="post" action={ "/console/presence/" (agent.id) } {
                    (layout::csrf_input(user))
                    input type="hidden" name="back" value=(back);
                    input type="hidden" name="plate" value=(plate.code());
                    label.sr-only for=(select_id) { (agent.name) " 的新状态" }
                    select id=(select_id) name="state" data-state-select="" {
                        @for name in list.names() { option value=(name) selected[*name == entry.state] { (name) } }
                    }
                    button type="submit" { "设置" }
                }
            }
        }
    }
}

/// What the page's script polls: each agent's state, when it changed, the permission,
/// and the counts.
#[derive(Serialize)]
struct Live {
    plate: String,
    agents: Vec<LiveAgent>,
    counts: Vec<LiveCount>,
    updated: String,
}

#[derive(Serialize)]
struct LiveAgent {
    #[serde(rename = "sId")]
    s_id: String,
    state: String,
    changed: String,
    #[serde(rename = "callCenter")]
    call_center: String,
}

#[derive(Serialize)]
struct LiveCount {
    state: String,
    n: usize,
}

async fn live(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<BoardQuery>) -> Response {
    let (board, list, _) = match load(&state, &user, &query, false).await {
        Ok(loaded) => loaded,
        Err(error) => return ApiError::from(error).into_response(),
    };
    let shown = BoardPage::of(board, &list, &query);
    let agents = shown
        .rows
        .iter()
        .map(|entry| LiveAgent {
            s_id: entry.agent.id.to_string(),
            state: entry.state.clone(),
            changed: entry.changed_at.map(|at| layout::datetime(at, &user.zone)).unwrap_or_else(|| "—".to_owned()),
            call_center: entry.call_center.code().to_string(),
        })
        .collect();
    let counts = shown.counts.into_iter().map(|(state, n)| LiveCount { state, n }).collect();
    let now = layout::datetime(now_micros(), &user.zone);
    let updated = now.get(11..).unwrap_or(&now).to_owned();
    Json(Live { plate: query.plate().code().to_string(), agents, counts, updated }).into_response()
}

fn back_to(raw: &str) -> &str {
    if raw.starts_with("/console/presence?") && super::is_console_path(raw) { raw } else { "/console/presence?" }
}

/// The agent of a path; anything that is not an id answers as the API does for an unknown
/// agent (10011 该客服不存在).
fn agent_id(user: &ConsoleUser, raw: &str) -> Result<AgentId, Response> {
    AgentId::parse(raw).map_err(|_| layout::error_page(Some(user), AppError::agent_not_found()))
}

/// `PUT /api/v1/plate_service_state/{sId}.json` with `{"plate":…,"state":…}`; an agent who
/// is not an administrator sets its own state only (the console's 我的状态).
async fn set_state(State(state): State<AppState>, Path(raw): Path<String>, form: ConsoleForm) -> Response {
    let user = &form.user;
    let agent = match agent_id(user, &raw) {
        Ok(agent) => agent,
        Err(response) => return response,
    };
    if !user.is_admin && agent != user.agent {
        return layout::message_page(
            StatusCode::FORBIDDEN,
            Some(user),
            "需要管理员权限",
            "只有管理员可以设置其他客服的状态；您可以设置自己的状态。",
        );
    }
    let fields = &form.fields;
    let command = plate("plate", fields.one("plate"))
        .and_then(|plate| Ok(SetState { plate, state: state_name(fields.one("state"))? }));
    let presence = state.app().presence();
    let result = if user.is_admin {
        presence.set(&user.caller(), agent, command).await
    } else {
        presence.set_own(&user.caller(), command).await
    };
    match result {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect(&format!("{}&notice=state", back_to(fields.one("back"))))
        }
        Err(error) => layout::error_page(Some(user), error),
    }
}

/// `PUT /api/v1/permissions/{sId}.json` with `{"mType":"4","state":…}`. An agent the company
/// does not have answers as on the rest of the board (10011), not with the permissions
/// endpoint's 403.
async fn set_permission(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    AdminForm(form): AdminForm,
) -> Response {
    let user = &form.user;
    let agent = match agent_id(user, &raw) {
        Ok(agent) => agent,
        Err(response) => return response,
    };
    let command = Permission::parse(form.fields.one("state"))
        .map(|permission| (Module::CallCenter, permission))
        .map_err(|message| AppError::field("state", message));
    match state.app().permissions().set(&user.caller(), agent, command).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect(&format!("{}&notice=permission", back_to(form.fields.one("back"))))
        }
        Err(error) if error == AppError::sid_does_not_exist() => {
            layout::error_page(Some(user), AppError::agent_not_found())
        }
        Err(error) => layout::error_page(Some(user), error),
    }
}
