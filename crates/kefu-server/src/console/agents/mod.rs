//! Agents (客服): the table (the API's search and list parameters, paging, sorting, the
//! recycle bin), hide/restore, delete with confirmation, and the create/edit forms.

/// The custom-field widgets, shared with the customers' forms.
pub(super) mod custom;
mod form;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_api::ErrorCode;
use kefu_app::AppError;
use kefu_app::agents::AgentQuery;
use kefu_domain::agent::AgentStatus;
use kefu_domain::custom_field::FieldDefinition;
use kefu_domain::limits::DEFAULT_PER_PAGE;
use kefu_domain::paging::PageRequest;
use kefu_domain::search::{SearchQuery, SortKey, SortOrder};
use kefu_domain::{AgentId, FieldError, GroupId, Problems};
use kefu_store::{AgentListFilter, AgentOrder, AgentRecord, GroupRecord, Page as StorePage};
use maud::{Markup, html};
use serde::Deserialize;

use crate::console::csrf::AdminForm;
use crate::console::layout::{self, FormErrors, Nav, Page, pager, query_string, status_of};
use crate::console::session::{ConsoleAdmin, ConsoleUser};
use crate::state::AppState;

/// Rows per page unless the address says otherwise.
const PER_PAGE: &str = "20";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/agents", get(list).post(form::create))
        .route("/console/agents/new", get(form::new_form))
        .route("/console/agents/{id}", get(form::edit_form).post(form::update))
        .route("/console/agents/{id}/visibility", post(set_visibility))
        .route("/console/agents/{id}/delete", get(confirm_delete).post(delete))
}

/// The table's address: the API's own parameter names, plus `field` (which field the
/// search text is for) and `sort_by=sId`.
#[derive(Debug, Default, Clone, Deserialize)]
struct ListQuery {
    query: Option<String>,
    field: Option<String>,
    #[serde(rename = "isStat")]
    is_stat: Option<String>,
    sort_by: Option<String>,
    sort_order: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    notice: Option<String>,
}

impl ListQuery {
    fn text(&self) -> &str {
        self.query.as_deref().map_or("", str::trim)
    }

    /// "1" (active, the default), "0" (recycle bin) or "all".
    fn status(&self) -> &str {
        self.is_stat.as_deref().filter(|s| !s.is_empty()).unwrap_or("1")
    }

    fn sort_by(&self) -> &str {
        self.sort_by.as_deref().filter(|s| !s.is_empty()).unwrap_or("sId")
    }

    fn sort_order(&self) -> &str {
        self.sort_order.as_deref().filter(|s| !s.is_empty()).unwrap_or("asc")
    }

    /// This table's address with some parameters replaced.
    fn url(&self, overrides: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(&str, &str)> = vec![
            ("query", self.text()),
            ("field", self.field.as_deref().unwrap_or("")),
            ("isStat", self.status()),
            ("sort_by", self.sort_by()),
            ("sort_order", self.sort_order()),
            ("per_page", self.per_page.as_deref().unwrap_or("")),
            ("page", self.page.as_deref().unwrap_or("")),
        ];
        for (key, value) in overrides {
            match pairs.iter_mut().find(|(k, _)| k == key) {
                Some(pair) => pair.1 = value,
                None => pairs.push((key, value)),
            }
        }
        format!("/console/agents?{}", query_string(&pairs))
    }

    /// The list or search this table shows, checked by the rules the API's parameters
    /// follow and named as they are, so that a refusal reads as the API's.
    fn request(&self, max_query_chars: usize) -> Result<AgentQuery, AppError> {
        let mut problems = Problems::new();
        let search = if self.text().is_empty() {
            None
        } else {
            let field = self.field.as_deref().unwrap_or("");
            let query = if field.is_empty() { self.text().to_owned() } else { format!("{field}:{}", self.text()) };
            problems.check("query", SearchQuery::parse_within(&query, max_query_chars))
        };
        let status = match self.status() {
            "all" => None,
            status => problems.check("isStat", AgentStatus::parse_visibility(status)),
        };
        let per_page = self.per_page.as_deref().filter(|p| !p.is_empty()).unwrap_or(PER_PAGE);
        let page = match PageRequest::parse(
            self.page.as_deref().filter(|p| !p.is_empty()),
            Some(per_page),
            DEFAULT_PER_PAGE,
        ) {
            Ok(page) => Some(page),
            Err((field, message)) => {
                problems.push(FieldError::new(field, message));
                None
            }
        };
        // Any list may be sorted by sId or by the search's sort_by keys.
        let key = match self.sort_by() {
            "sId" => Some(SortKey::Id),
            other => problems.check("sort_by", SortKey::parse_search(other)),
        };
        let direction = problems.check("sort_order", SortOrder::parse(self.sort_order()));
        problems.into_result().map_err(AppError::invalid)?;
        let (Some(page), Some(key), Some(direction)) = (page, key, direction) else { return Err(AppError::internal()) };
        let filter = AgentListFilter { created_from: None, created_until: None, status, search };
        Ok(AgentQuery { filter, order: AgentOrder { key, direction }, page })
    }
}

async fn list(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<ListQuery>,
) -> Response {
    let caller = user.caller();
    let loaded = async {
        let definitions = state.app().agents().field_definitions(&caller).await?;
        let groups = state.app().groups().all(&caller).await?;
        Ok::<_, AppError>((definitions, groups))
    }
    .await;
    let (definitions, groups) = match loaded {
        Ok(loaded) => loaded,
        Err(error) => return layout::error_page(Some(&user), error),
    };
    let result = async {
        let request = query.request(state.limits().max_query_chars)?;
        let found = state.app().agents().page(&caller, &request).await?;
        Ok::<_, AppError>((request, found))
    }
    .await;
    let (status, table, errors) = match result {
        Ok((request, found)) => {
            (StatusCode::OK, table(&user, &query, request.page, &found, &groups), FormErrors::default())
        }
        Err(error) => (status_of(&error), html! {}, FormErrors::listed(&error)),
    };
    let body = html! {
        p.actions { a.button.primary href="/console/agents/new" { "新建客服" } }
        (tabs(&query))
        (search_form(&query, &definitions))
        (errors.summary())
        (table)
    };
    let title = if query.status() == "0" { "客服 · 回收站" } else { "客服" };
    layout::html(status, Page::new(title, &user, Nav::Agents).notice(query.notice.as_deref()).render(body))
}

fn tabs(query: &ListQuery) -> Markup {
    let tab = |value: &str, label: &str| {
        let url = query.url(&[("isStat", value), ("page", "")]);
        html! {
            li { @if query.status() == value { a href=(url) aria-current="page" { (label) } } @else { a href=(url) { (label) } } }
        }
    };
    html! {
        nav.tabs aria-label="客服状态" {
            ul { (tab("1", "在职客服")) (tab("0", "回收站")) (tab("all", "全部")) }
        }
    }
}

fn search_form(query: &ListQuery, definitions: &[FieldDefinition]) -> Markup {
    let field = query.field.as_deref().unwrap_or("");
    let built_in =
        [("", "全部字段"), ("name", "姓名"), ("sPassportName", "登录账号"), ("sNum", "工号"), ("mobile", "手机")];
    html! {
        form.search method="get" action="/console/agents" role="search" {
            input type="hidden" name="isStat" value=(query.status());
            div.field {
                label for="f-field" { "搜索字段" }
                select #f-field name="field" {
                    @for (value, label) in built_in { option value=(value) selected[field == value] { (label) } }
                    @for definition in definitions {
                        option value=(definition.key()) selected[field == definition.key()] { (definition.title) }
                    }
                }
            }
            div.field {
                label for="f-query" { "包含文字" }
                input #f-query type="search" name="query" value=(query.text());
            }
            div.actions {
                button type="submit" { "搜索" }
                @if !query.text().is_empty() { a href=(query.url(&[("query", ""), ("field", ""), ("page", "")])) { "清除" } }
            }
        }
    }
}

fn sort_header(query: &ListQuery, key: &str, label: &str) -> Markup {
    let active = query.sort_by() == key;
    let next = if active && query.sort_order() == "asc" { "desc" } else { "asc" };
    let aria = active.then(|| if query.sort_order() == "asc" { "ascending" } else { "descending" });
    let arrow = match (active, query.sort_order()) {
        (false, _) => "",
        (true, "asc") => " ▲",
        (true, _) => " ▼",
    };
    html! {
        th scope="col" aria-sort=[aria] {
            a href=(query.url(&[("sort_by", key), ("sort_order", next), ("page", "")])) { (label) (arrow) }
        }
    }
}

/// The agent's groups by name (by id where a group is gone), for the table and the form.
fn group_names(ids: &[GroupId], groups: &[GroupRecord]) -> String {
    let names: Vec<String> = ids
        .iter()
        .map(|id| groups.iter().find(|g| g.id == *id).map_or_else(|| id.to_string(), |g| g.name.clone()))
        .collect();
    names.join("、")
}

fn table(
    user: &ConsoleUser,
    query: &ListQuery,
    page: PageRequest,
    found: &StorePage<AgentRecord>,
    groups: &[GroupRecord],
) -> Markup {
    let back = query.url(&[]);
    html! {
        @if found.rows.is_empty() {
            p.empty { "没有符合条件的客服。" }
        } @else {
            div.table-wrap {
                table.agents.cards {
                    caption.sr-only { "客服列表" }
                    thead { tr {
                        (sort_header(query, "sId", "sId"))
                        th scope="col" { "姓名" }
                        th scope="col" { "登录账号" }
                        th scope="col" { "工号" }
                        th scope="col" { "手机" }
                        th scope="col" { "邮箱" }
                        th scope="col" { "分组" }
                        th scope="col" { "角色" }
                        th scope="col" { "状态" }
                        (sort_header(query, "createDT", "创建时间"))
                        (sort_header(query, "updateDT", "更新时间"))
                        th scope="col" { "操作" }
                    } }
                    tbody {
                        @for agent in &found.rows {
                            tr data-sid=(agent.id) {
                                td data-label="sId" { (agent.id) }
                                td.name data-label="姓名" { a href={ "/console/agents/" (agent.id) } { (agent.name) } }
                                td.long data-label="登录账号" { span.wrap { (agent.passport_name) } }
                                td data-label="工号" { (agent.job_number) }
                                td data-label="手机" { (agent.mobile) }
                                td.long data-label="邮箱" { span.wrap { (agent.email) } }
                                td data-label="分组" { (group_names(&agent.groups, groups)) }
                                td.nowrap data-label="角色" { @if agent.is_admin { "管理员" } @else { "客服" } }
                                td.nowrap data-label="状态" { @if agent.status.code() == 1 { "正常" } @else { "回收站" } }
                                td data-label="创建时间" { (layout::datetime(agent.created_at, &user.zone)) }
                                td data-label="更新时间" { (layout::datetime(agent.updated_at, &user.zone)) }
                                td.row-actions data-label="操作" { (row_actions(user, agent, &back)) }
                            }
                        }
                    }
                }
            }
        }
        (pager(page, found.total, |n| query.url(&[("page", &n.to_string())])))
    }
}

fn row_actions(user: &ConsoleUser, agent: &AgentRecord, back: &str) -> Markup {
    let hidden = agent.status.code() == 0;
    html! {
        a href={ "/console/agents/" (agent.id) } { "编辑" }
        form.inline method="post" action={ "/console/agents/" (agent.id) "/visibility" } {
            (layout::csrf_input(user))
            input type="hidden" name="back" value=(back);
            input type="hidden" name="isStat" value=(if hidden { "1" } else { "0" });
            button.link-button type="submit" { @if hidden { "恢复" } @else { "移入回收站" } }
        }
        a.danger href={ "/console/agents/" (agent.id) "/delete" } { "删除" }
    }
}

/// The page for an sId the administrator's company does not have.
fn unknown_page(user: &ConsoleUser, raw: &str) -> Response {
    layout::message_page(StatusCode::NOT_FOUND, Some(user), "客服不存在", &format!("没有 sId 为 {raw} 的客服。"))
}

/// The id a path names (else the unknown agent's page).
fn agent_id(user: &ConsoleUser, raw: &str) -> Result<AgentId, Response> {
    AgentId::parse(raw).map_err(|_| unknown_page(user, raw))
}

/// The agent a path names, among the administrator's company's (else unknown).
async fn agent_or_404(state: &AppState, user: &ConsoleUser, raw: &str) -> Result<AgentRecord, Response> {
    match state.app().agents().show(&user.caller(), agent_id(user, raw)?).await {
        Ok(agent) => Ok(agent),
        Err(error) if error.code == ErrorCode::NotFound => Err(unknown_page(user, raw)),
        Err(error) => Err(layout::error_page(Some(user), error)),
    }
}

/// Back to the table the action was taken from, if it is one.
fn back_to(raw: &str) -> String {
    if raw.starts_with("/console/agents?") && crate::console::is_console_path(raw) {
        raw.to_owned()
    } else {
        "/console/agents?".to_owned()
    }
}

/// `isStat` 0 hides in the recycle bin, 1 restores: `PUT /api/v1/servicers/{sId}.json`.
async fn set_visibility(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    AdminForm(form): AdminForm,
) -> Response {
    let user = &form.user;
    let id = match agent_id(user, &raw) {
        Ok(id) => id,
        Err(response) => return response,
    };
    let result = async {
        let status =
            AgentStatus::parse_visibility(form.fields.one("isStat")).map_err(|m| AppError::field("isStat", m))?;
        state.app().agents().set_visibility(&user.caller(), id, status).await
    }
    .await;
    match result {
        Ok(updated) => {
            form.audit(&state).await;
            let notice = if updated.status.code() == 0 { "hidden" } else { "restored" };
            let back = back_to(form.fields.one("back"));
            layout::redirect(&format!("{back}&notice={notice}"))
        }
        Err(error) if error.code == ErrorCode::NotFound => unknown_page(user, &raw),
        Err(error) => layout::error_page(Some(user), error),
    }
}

async fn confirm_delete(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Path(raw): Path<String>,
) -> Response {
    let agent = match agent_or_404(&state, &user, &raw).await {
        Ok(agent) => agent,
        Err(response) => return response,
    };
    let body = html! {
        div.confirm {
            p {
                "确定要删除客服 " strong { (agent.name) } "（登录账号 " (agent.passport_name) "，sId " (agent.id) "）吗？"
            }
            p { "删除后不能恢复；其登录账号和工号可以再分配给新客服。若只是暂时停用，请改为移入回收站。" }
            form method="post" action={ "/console/agents/" (agent.id) "/delete" } {
                (layout::csrf_input(&user))
                div.actions {
                    button.danger type="submit" { "确认删除" }
                    a href="/console/agents" { "取消" }
                }
            }
        }
    };
    layout::html(StatusCode::OK, Page::new("删除客服", &user, Nav::Agents).render(body))
}

/// `DELETE /api/v1/supports/{sId}.json`.
async fn delete(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let id = match agent_id(user, &raw) {
        Ok(id) => id,
        Err(response) => return response,
    };
    match state.app().agents().delete(&user.caller(), id).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/agents?notice=deleted")
        }
        Err(error) if error.code == ErrorCode::NotFound => unknown_page(user, &raw),
        Err(error) => layout::error_page(Some(user), error),
    }
}
