//! Agents (客服): the table (the API's search and list parameters, paging, sorting, the
//! recycle bin), hide/restore, delete with confirmation, and the create/edit forms.

mod custom;
mod form;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_domain::Problems;
use kefu_domain::custom_field::FieldDefinition;
use kefu_domain::search::{SearchField, SortKey, SortOrder};
use kefu_domain::{AgentId, GroupId};
use kefu_store::{AgentRecord, GroupRecord, Page as StorePage, Window};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::api::agents::input::visibility;
use crate::api::agents::params::{ListRequest, list_request, search_request};
use crate::console::csrf::AdminForm;
use crate::console::layout::{self, FormErrors, Nav, Page, pager, query_string};
use crate::console::session::{ConsoleAdmin, ConsoleUser};
use crate::http::error::ApiError;
use crate::http::extract::QueryParams;
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

    /// The API's list or search request for this table.
    fn request(&self, user: &ConsoleUser, max_query_chars: usize) -> Result<ListRequest, ApiError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let searching = !self.text().is_empty();
        if searching {
            let field = self.field.as_deref().unwrap_or("");
            let query = if field.is_empty() { self.text().to_owned() } else { format!("{field}:{}", self.text()) };
            pairs.push(("query".into(), query));
        }
        if self.status() != "all" {
            pairs.push(("isStat".into(), self.status().into()));
        }
        if let Some(page) = self.page.as_deref().filter(|p| !p.is_empty()) {
            pairs.push(("page".into(), page.into()));
        }
        let per_page = self.per_page.as_deref().filter(|p| !p.is_empty()).unwrap_or(PER_PAGE);
        pairs.push(("per_page".into(), per_page.into()));
        let params = QueryParams::from_pairs(pairs);
        let mut request = if searching {
            search_request(&params, &user.zone, max_query_chars)?
        } else {
            list_request(&params, &user.zone)?
        };
        // Any list may be sorted by sId or by the search's sort_by keys.
        let mut problems = Problems::new();
        let key = match self.sort_by() {
            "sId" => Some(SortKey::Id),
            other => problems.check("sort_by", SortKey::parse_search(other)),
        };
        let direction = problems.check("sort_order", SortOrder::parse(self.sort_order()));
        problems.into_result().map_err(ApiError::invalid)?;
        if let (Some(key), Some(direction)) = (key, direction) {
            request.order = kefu_store::AgentOrder { key, direction };
        }
        Ok(request)
    }
}

async fn list(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<ListQuery>,
) -> Response {
    let loaded = async {
        let definitions: Vec<FieldDefinition> =
            state.store().field_definitions(user.tenant).await?.into_iter().map(|r| r.definition).collect();
        let groups = state.store().all_groups(user.tenant).await?;
        Ok::<_, ApiError>((definitions, groups))
    }
    .await;
    let (definitions, groups) = match loaded {
        Ok(loaded) => loaded,
        Err(error) => return layout::error_page(Some(&user), error),
    };
    let result = async {
        let request = query.request(&user, state.limits().max_query_chars)?;
        if let Some(SearchField::Custom(number)) = request.filter.search.as_ref().and_then(|s| s.field)
            && !definitions.iter().any(|d| d.number == number)
        {
            return Err(ApiError::field(
                "query",
                format!("no custom field field_{number} is defined for this company"),
            ));
        }
        let window = Window::from(request.page);
        let found = state.store().list_agents(user.tenant, &request.filter, request.order, window).await?;
        Ok((request, found))
    }
    .await;
    let (status, table, errors) = match result {
        Ok((request, found)) => {
            (StatusCode::OK, table(&user, &query, &request, &found, &groups), FormErrors::default())
        }
        Err(error) => {
            let status = StatusCode::from_u16(error.code.status()).unwrap_or(StatusCode::BAD_REQUEST);
            (status, html! {}, FormErrors::from_api(&error, |f| (f.to_owned(), f.to_owned())))
        }
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
    request: &ListRequest,
    found: &StorePage<AgentRecord>,
    groups: &[GroupRecord],
) -> Markup {
    let back = query.url(&[]);
    html! {
        @if found.rows.is_empty() {
            p.empty { "没有符合条件的客服。" }
        } @else {
            div.table-wrap {
                table.agents {
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
                                td { (agent.id) }
                                td.name { a href={ "/console/agents/" (agent.id) } { (agent.name) } }
                                td { (agent.passport_name) }
                                td { (agent.job_number) }
                                td { (agent.mobile) }
                                td { (agent.email) }
                                td { (group_names(&agent.groups, groups)) }
                                td.nowrap { @if agent.is_admin { "管理员" } @else { "客服" } }
                                td.nowrap { @if agent.status.code() == 1 { "正常" } @else { "回收站" } }
                                td { (layout::datetime(agent.created_at, &user.zone)) }
                                td { (layout::datetime(agent.updated_at, &user.zone)) }
                                td.row-actions { (row_actions(user, agent, &back)) }
                            }
                        }
                    }
                }
            }
        }
        (pager(request.page, found.total, |n| query.url(&[("page", &n.to_string())])))
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

/// The agent a path names, among the administrator's company's (else unknown).
async fn agent_or_404(state: &AppState, user: &ConsoleUser, raw: &str) -> Result<AgentRecord, Response> {
    let unknown = || {
        layout::message_page(StatusCode::NOT_FOUND, Some(user), "客服不存在", &format!("没有 sId 为 {raw} 的客服。"))
    };
    let id = AgentId::parse(raw).map_err(|_| unknown())?;
    match state.store().agent(user.tenant, id).await {
        Ok(Some(agent)) => Ok(agent),
        Ok(None) => Err(unknown()),
        Err(error) => Err(layout::error_page(Some(user), error.into())),
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
    let agent = match agent_or_404(&state, user, &raw).await {
        Ok(agent) => agent,
        Err(response) => return response,
    };
    let mut members = Map::new();
    members.insert("isStat".into(), Value::from(form.fields.one("isStat")));
    let result = async {
        let status = visibility(members)?;
        state
            .store()
            .set_agent_status(user.tenant, agent.id, status)
            .await
            .map_err(|e| ApiError::from_store(e, || format!("no agent with sId {}", agent.id)))
    }
    .await;
    match result {
        Ok(updated) => {
            form.audit(&state).await;
            let notice = if updated.status.code() == 0 { "hidden" } else { "restored" };
            let back = back_to(form.fields.one("back"));
            layout::redirect(&format!("{back}&notice={notice}"))
        }
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
    let agent = match agent_or_404(&state, user, &raw).await {
        Ok(agent) => agent,
        Err(response) => return response,
    };
    match state.store().delete_agent(user.tenant, agent.id).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/agents?notice=deleted")
        }
        Err(error) => {
            layout::error_page(Some(user), ApiError::from_store(error, || format!("no agent with sId {}", agent.id)))
        }
    }
}
