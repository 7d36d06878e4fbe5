//! The presence board: per plate (工单 / 在线聊天 / 呼叫中心), who is in which state. The
//! page polls `/console/presence/live` every few seconds — a read of the database, so
//! with several instances every browser sees every change. Administrators set states and
//! the call-center permission from it, by the rules of `plate_service_state` and
//! `permissions` (the same parser, the same store calls, the same refusals).

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kefu_api::ErrorCode;
use kefu_domain::limits::CONSOLE_ROSTER_LIMIT;
use kefu_domain::presence::{Module, Permission, Plate, StateList};
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, GroupId};
use kefu_store::{BoardEntry, GroupRecord, RosterFilter, SetPresence};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::csrf::AdminForm;
use super::layout::{self, Nav, Page, query_string};
use super::session::ConsoleUser;
use crate::api::presence::input::{agent_not_found, set_command, state_not_configured};
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
    notice: Option<String>,
}

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

    fn url(&self, path: &str, plate: Plate) -> String {
        let plate = plate.code().to_string();
        let pairs = [
            ("plate", plate.as_str()),
            ("group", self.group.as_deref().unwrap_or("")),
            ("agent", self.agent.as_deref().unwrap_or("")),
        ];
        format!("{path}?{}", query_string(&pairs))
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

async fn load(
    state: &AppState,
    user: &ConsoleUser,
    query: &BoardQuery,
) -> Result<(Vec<BoardEntry>, StateList, Vec<GroupRecord>), ApiError> {
    let plate = query.plate();
    let board = state.store().presence_board(user.tenant, plate, query.filter(user), CONSOLE_ROSTER_LIMIT + 1).await?;
    let list =
        state.store().plate_states(user.tenant).await?.remove(&plate).unwrap_or_else(|| StateList::defaults(plate));
    let groups = if user.is_admin { state.store().all_groups(user.tenant).await? } else { Vec::new() };
    Ok((board, list, groups))
}

async fn board(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<BoardQuery>) -> Response {
    let (mut board, list, groups) = match load(&state, &user, &query).await {
        Ok(loaded) => loaded,
        Err(error) => return layout::error_page(Some(&user), error),
    };
    let plate = query.plate();
    let truncated = board.len() > CONSOLE_ROSTER_LIMIT;
    board.truncate(CONSOLE_ROSTER_LIMIT);
    let back = query.url("/console/presence", plate);
    let body = html! {
        nav.tabs aria-label="功能模块" {
            ul {
                @for p in Plate::ALL {
                    li {
                        @if p == plate { a href=(query.url("/console/presence", p)) aria-current="page" { (p.label()) } }
                        @else { a href=(query.url("/console/presence", p)) { (p.label()) } }
                    }
                }
            }
        }
        @if user.is_admin { (filter_form(&query, plate, &groups)) }
        ul.counts data-live-counts="" {
            @for (name, n) in counts(&board, &list) {
                li data-state=(name) { span { (name) } " " strong { (n) } }
            }
        }
        p.live data-live-url=(query.url("/console/presence/live", plate)) aria-live="polite" {
            "每 2 秒自动更新。" span data-live-status="" {}
        }
        @if truncated { p.notice { "只显示前 " (CONSOLE_ROSTER_LIMIT) " 位客服；请按分组筛选。" } }
        @if board.is_empty() {
            p.empty { "没有客服。" }
        } @else {
            div.table-wrap {
                table.board {
                    caption.sr-only { (plate.label()) " 客服状态" }
                    thead { tr {
                        @if user.is_admin {
                            th scope="col" { "sId" } th scope="col" { "姓名" } th scope="col" { "登录账号" } th scope="col" { "工号" }
                        }
                        th scope="col" { "状态" } th scope="col" { "变更时间" }
                        @if user.is_admin { th scope="col" { "呼叫中心权限" } th scope="col" { "设置状态" } }
                    } }
                    tbody {
                        @for entry in &board { (row(&user, entry, plate, &list, &back)) }
                    }
                }
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
                td { (agent.id) }
                td { (agent.name) }
                td { (agent.passport_name) }
                td { (agent.job_number) }
            }
            td data-cell="state" { span class=(state_class(&entry.state)) { (entry.state) } }
            td.nowrap data-cell="changed" { (changed) }
            @if user.is_admin {
                td data-cell="permission" {
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
                td {
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
}

/// What the page's script polls: each agent's state, when it changed, the permission,
/// and the counts.
async fn live(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<BoardQuery>) -> Response {
    let (mut board, list, _) = match load(&state, &user, &query).await {
        Ok(loaded) => loaded,
        Err(error) => return error.into_response(),
    };
    board.truncate(CONSOLE_ROSTER_LIMIT);
    let agents: Vec<Value> = board
        .iter()
        .map(|entry| {
            json!({
                "sId": entry.agent.id.to_string(),
                "state": entry.state,
                "changed": entry.changed_at.map(|at| layout::datetime(at, &user.zone)).unwrap_or_else(|| "—".to_owned()),
                "callCenter": entry.call_center.code().to_string(),
            })
        })
        .collect();
    let counts: Vec<Value> =
        counts(&board, &list).into_iter().map(|(state, n)| json!({"state": state, "n": n})).collect();
    let now = layout::datetime(now_micros(), &user.zone);
    Json(json!({
        "plate": query.plate().code().to_string(),
        "agents": agents,
        "counts": counts,
        "updated": now.get(11..).unwrap_or(&now),
    }))
    .into_response()
}

fn back_to(raw: &str) -> &str {
    if raw.starts_with("/console/presence?") && super::is_console_path(raw) { raw } else { "/console/presence?" }
}

/// The agent of a path, when the company has it; anything else answers as the API does
/// for an unknown agent (10011 该客服不存在).
async fn known_agent(state: &AppState, user: &ConsoleUser, raw: &str) -> Result<AgentId, Response> {
    let missing = || layout::error_page(Some(user), agent_not_found());
    let agent = AgentId::parse(raw).map_err(|_| missing())?;
    match state.store().agent_exists(user.tenant, agent).await {
        Ok(true) => Ok(agent),
        Ok(false) => Err(missing()),
        Err(error) => Err(layout::error_page(Some(user), error.into())),
    }
}

/// `PUT /api/v1/plate_service_state/{sId}.json` with `{"plate":…,"state":…}`.
async fn set_state(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let agent = match known_agent(&state, user, &raw).await {
        Ok(agent) => agent,
        Err(response) => return response,
    };
    let mut members = Map::new();
    members.insert("plate".into(), Value::from(form.fields.one("plate")));
    members.insert("state".into(), Value::from(form.fields.one("state")));
    let result = async {
        let command = set_command(members, agent)?;
        match state.store().set_presence(user.tenant, agent, command.plate, &command.state, user.agent).await? {
            SetPresence::Set { .. } => Ok(()),
            SetPresence::UnknownAgent => Err(agent_not_found()),
            SetPresence::UnknownState(list) => Err(state_not_configured(command.plate, &command.state, &list)),
            SetPresence::Refused(refusal) => {
                Err(ApiError::new(ErrorCode::Conflict, refusal.message(agent, &command.state)))
            }
        }
    }
    .await;
    match result {
        Ok(()) => {
            form.audit(&state).await;
            layout::redirect(&format!("{}&notice=state", back_to(form.fields.one("back"))))
        }
        Err(error) => layout::error_page(Some(user), error),
    }
}

/// `PUT /api/v1/permissions/{sId}.json` with `{"mType":"4","state":…}`.
async fn set_permission(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    AdminForm(form): AdminForm,
) -> Response {
    let user = &form.user;
    let agent = match known_agent(&state, user, &raw).await {
        Ok(agent) => agent,
        Err(response) => return response,
    };
    let result = async {
        let permission = Permission::parse(form.fields.one("state")).map_err(|m| ApiError::field("state", m))?;
        let known =
            state.store().set_permission(user.tenant, agent, Module::CallCenter, permission, user.agent).await?;
        if known { Ok(()) } else { Err(agent_not_found()) }
    }
    .await;
    match result {
        Ok(()) => {
            form.audit(&state).await;
            layout::redirect(&format!("{}&notice=permission", back_to(form.fields.one("back"))))
        }
        Err(error) => layout::error_page(Some(user), error),
    }
}
