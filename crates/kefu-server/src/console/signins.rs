//! Sign-ins (签到): the company's check-ins with time, place, coordinates and
//! attachments, filtered by the parameters of `GET /api/v1/signin.json` (by the same rules),
//! paged.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use jiff::tz::TimeZone;
use kefu_app::AppError;
use kefu_app::signins::SignInQuery;
use kefu_domain::limits::DEFAULT_PER_PAGE;
use kefu_domain::paging::PageRequest;
use kefu_domain::search::SortOrder;
use kefu_domain::time::{RangeEnd, parse_range_bound};
use kefu_domain::{AgentId, FieldError, Problems};
use kefu_store::{Page as StorePage, SignInFilter, SignInRecord};
use maud::{Markup, html};
use serde::Deserialize;

use super::layout::{self, FormErrors, Nav, Page, is_web_link, pager, query_string, status_of};
use super::session::{ConsoleAdmin, ConsoleUser};
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

    /// The list this page shows, checked by the rules the API's parameters follow and
    /// named as they are; empty fields of the form mean "not given".
    fn request(&self, zone: &TimeZone) -> Result<SignInQuery, AppError> {
        fn given(value: &Option<String>) -> Option<&str> {
            value.as_deref().map(str::trim).filter(|v| !v.is_empty())
        }
        let mut problems = Problems::new();
        let agent = given(&self.s_id).and_then(|raw| problems.check("sId", AgentId::parse(raw)));
        let from = given(&self.created_start)
            .and_then(|raw| problems.check("created_start", parse_range_bound(raw, zone, RangeEnd::Start)));
        let until = given(&self.created_end)
            .and_then(|raw| problems.check("created_end", parse_range_bound(raw, zone, RangeEnd::End)));
        if from.zip(until).is_some_and(|(from, until)| from >= until) {
            problems.push(FieldError::new("created_end", "must not be before created_start"));
        }
        let order = given(&self.created_order).and_then(|raw| problems.check("created_order", SortOrder::parse(raw)));
        let per_page = given(&self.per_page).unwrap_or(PER_PAGE);
        let page = match PageRequest::parse(given(&self.page), Some(per_page), DEFAULT_PER_PAGE) {
            Ok(page) => Some(page),
            Err((field, message)) => {
                problems.push(FieldError::new(field, message));
                None
            }
        };
        problems.into_result().map_err(AppError::invalid)?;
        let page = page.ok_or_else(AppError::internal)?;
        let filter = SignInFilter { agent, from, until };
        Ok(SignInQuery { filter, order: order.unwrap_or(SortOrder::Asc), page })
    }
}

async fn list(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<ListQuery>,
) -> Response {
    let caller = user.caller();
    let chosen = match query.s_id.as_deref() {
        Some(raw) => super::pickers::chosen_label(&state, &user, raw).await,
        None => None,
    };
    let result = async {
        let request = query.request(&user.zone)?;
        let found = state.app().signins().page(&caller, &request).await?;
        Ok::<_, AppError>((request, found))
    }
    .await;
    let (status, results, errors) = match result {
        Ok((request, found)) => (StatusCode::OK, table(&user, &query, request.page, &found), FormErrors::default()),
        Err(error) => (status_of(&error), html! {}, FormErrors::listed(&error)),
    };
    let body = html! {
        p.actions { a.button href="/console/signins/new" { "我要签到" } }
        (filter_form(&query, chosen.as_deref(), &errors))
        (errors.summary())
        (results)
    };
    layout::html(status, Page::new("签到", &user, Nav::SignIns).render(body))
}

fn filter_form(query: &ListQuery, chosen: Option<&str>, errors: &FormErrors) -> Markup {
    let order = query.created_order.as_deref().unwrap_or("asc");
    html! {
        form.search method="get" action="/console/signins" {
            (super::pickers::agent_field("f-sId", "sId", "客服（留空为全部）", query.s_id.as_deref().unwrap_or(""), chosen, false, errors))
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

fn table(user: &ConsoleUser, query: &ListQuery, page: PageRequest, found: &StorePage<SignInRecord>) -> Markup {
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
        (pager(page, found.total, |n| query.url(n)))
    }
}
