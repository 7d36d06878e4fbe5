//! Sign-ins (签到): the company's check-ins with time, place, coordinates and
//! attachments, filtered by the parameters of `GET /api/v1/signin.json` (read by its own
//! parser), paged.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use kefu_domain::limits::CONSOLE_ROSTER_LIMIT;
use kefu_store::{Page as StorePage, RosterEntry, RosterFilter, SignInRecord, Window};
use maud::{Markup, html};
use serde::Deserialize;

use super::layout::{self, FormErrors, Nav, Page, is_web_link, pager, query_string};
use super::session::{ConsoleAdmin, ConsoleUser};
use crate::api::signins::ensure_agent_known;
use crate::api::signins::input::{ListRequest, list_request};
use crate::http::error::ApiError;
use crate::http::extract::QueryParams;
use crate::state::AppState;

const PER_PAGE: &str = "20";

pub fn routes() -> Router<AppState> {
    Router::new().route("/console/signins", get(list))
}

/// The API's own parameter names.
#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    #[serde(rename = "sId")]
    s_id: Option<String>,
    created_start: Option<String>,
    created_end: Option<String>,
    created_order: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

impl ListQuery {
    fn pairs(&self) -> Vec<(&'static str, &str)> {
        fn get(v: &Option<String>) -> &str {
            v.as_deref().unwrap_or("").trim()
        }
        vec![
            ("sId", get(&self.s_id)),
            ("created_start", get(&self.created_start)),
            ("created_end", get(&self.created_end)),
            ("created_order", get(&self.created_order)),
            ("per_page", get(&self.per_page)),
            ("page", get(&self.page)),
        ]
    }

    fn url(&self, page: u64) -> String {
        let page = page.to_string();
        let mut pairs = self.pairs();
        pairs.retain(|(k, _)| *k != "page");
        pairs.push(("page", &page));
        format!("/console/signins?{}", query_string(&pairs))
    }

    /// Checked by the API's parser; empty fields of the form mean "not given".
    fn request(&self, user: &ConsoleUser) -> Result<ListRequest, ApiError> {
        let mut pairs: Vec<(String, String)> = self
            .pairs()
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        if !pairs.iter().any(|(k, _)| k == "per_page") {
            pairs.push(("per_page".into(), PER_PAGE.into()));
        }
        list_request(&QueryParams::from_pairs(pairs), &user.zone)
    }
}

async fn list(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<ListQuery>,
) -> Response {
    let agents = match state
        .store()
        .roster(user.tenant, RosterFilter { include_hidden: true, ..RosterFilter::default() }, CONSOLE_ROSTER_LIMIT)
        .await
    {
        Ok(agents) => agents,
        Err(error) => return layout::error_page(Some(&user), error.into()),
    };
    let result = async {
        let request = query.request(&user)?;
        ensure_agent_known(&state, user.tenant, request.filter.agent, "sId").await?;
        let window = Window::from(request.page);
        let found = state.store().list_signins(user.tenant, &request.filter, request.order, window).await?;
        Ok::<_, ApiError>((request, found))
    }
    .await;
    let (status, results, errors) = match result {
        Ok((request, found)) => (StatusCode::OK, table(&user, &query, &request, &found), FormErrors::default()),
        Err(error) => {
            let status = StatusCode::from_u16(error.code.status()).unwrap_or(StatusCode::BAD_REQUEST);
            (status, html! {}, FormErrors::from_api(&error, |f| (f.to_owned(), f.to_owned())))
        }
    };
    let body = html! {
        (filter_form(&query, &agents))
        (errors.summary())
        (results)
    };
    layout::html(status, Page::new("签到", &user, Nav::SignIns).render(body))
}

fn filter_form(query: &ListQuery, agents: &[RosterEntry]) -> Markup {
    let chosen = query.s_id.as_deref().unwrap_or("");
    let order = query.created_order.as_deref().unwrap_or("asc");
    html! {
        form.search method="get" action="/console/signins" {
            div.field {
                label for="f-sId" { "客服" }
                select #f-sId name="sId" {
                    option value="" { "全部客服" }
                    @for agent in agents {
                        option value=(agent.id) selected[chosen == agent.id.to_string()] {
                            (super::schedules::agent_label(agent))
                        }
                    }
                }
            }
            div.field {
                label for="f-created_start" { "开始日期" }
                input #f-created_start type="date" name="created_start" value=(query.created_start.as_deref().unwrap_or(""));
            }
            div.field {
                label for="f-created_end" { "结束日期" }
                input #f-created_end type="date" name="created_end" value=(query.created_end.as_deref().unwrap_or(""));
            }
            div.field {
                label for="f-created_order" { "顺序" }
                select #f-created_order name="created_order" {
                    option value="asc" selected[order == "asc"] { "从早到晚" }
                    option value="desc" selected[order == "desc"] { "从晚到早" }
                }
            }
            div.actions { button type="submit" { "筛选" } a href="/console/signins" { "清除" } }
        }
    }
}

fn table(user: &ConsoleUser, query: &ListQuery, request: &ListRequest, found: &StorePage<SignInRecord>) -> Markup {
    html! {
        @if found.rows.is_empty() {
            p.empty { "没有符合条件的签到。" }
        } @else {
            div.table-wrap {
                table.signins {
                    caption.sr-only { "签到记录" }
                    thead { tr {
                        th scope="col" { "签到时间" } th scope="col" { "客服" } th scope="col" { "地点" }
                        th scope="col" { "坐标" } th scope="col" { "备注" } th scope="col" { "标签" } th scope="col" { "附件" }
                    } }
                    tbody {
                        @for record in &found.rows {
                            tr {
                                td.nowrap { (layout::datetime(record.checkin_at, &user.zone)) }
                                td { (record.agent_name) br; span.hint { (record.job_number) } }
                                td { (record.address) br; span.hint { (record.landmark) } }
                                td.nowrap { "纬度 " (record.latitude) br; "经度 " (record.longitude) }
                                td { (record.remark.as_deref().unwrap_or("")) }
                                td { @for tag in &record.tags { span.tag { (tag) } " " } }
                                td {
                                    ul.files {
                                        @for file in &record.attachments {
                                            li {
                                                @if is_web_link(&file.file_url) {
                                                    a href=(file.file_url) rel="noopener noreferrer" target="_blank" { (file.file_name) }
                                                } @else { (file.file_name) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        (pager(request.page, found.total, |n| query.url(n)))
    }
}
