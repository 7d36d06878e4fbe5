//! Companies (公司) of a 2B account: the list and search (`companyName:`, `city:`… as the
//! API's search reads them, plain text a name), creating and editing through the form
//! ([`super::company_form`], with the company's contacts), and deleting (administrators).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_app::AppError;
use kefu_app::customer_fields::ValueDialect;
use kefu_domain::CompanyId;
use kefu_domain::customer::search::parse_company_query;
use kefu_store::{CompanyRecord, CustomerListFilter, CustomerOrder};
use maud::html;

use super::company_form::{form_page, input, label, submitted, values_of};
use super::outcomes::{found, reshown, written};
use super::{FormState, ListQuery, form_errors, search_form, submitted_custom, tabs};
use crate::console::csrf::{AdminForm, ConsoleForm, Fields};
use crate::console::layout::{self, Nav, Page, pager, status_of};
use crate::console::session::ConsoleUser;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/companies", get(list).post(create))
        .route("/console/companies/new", get(new))
        .route("/console/companies/{id}", get(show).post(update))
        .route("/console/companies/{id}/delete", post(delete))
}

async fn list(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<ListQuery>) -> Response {
    let caller = user.caller();
    let companies = state.app().companies();
    let result = async {
        let page = query.page()?;
        let found = if query.text().is_empty() {
            companies
                .page(&caller, &CustomerListFilter::default(), CustomerOrder::Created { descending: true }, page)
                .await?
        } else {
            let term = parse_company_query(query.text(), state.limits().max_query_chars)
                .map_err(|message| AppError::field("query", message))?;
            companies.search(&caller, &term, page).await?
        };
        Ok::<_, AppError>((page, found))
    }
    .await;
    let (page, found) = match result {
        Ok(found) => found,
        Err(error) => return layout::error_page(Some(&user), error),
    };
    let q = query.text().to_owned();
    let body = html! {
        (tabs(kefu_domain::customer::CustomerMode::Business, &user, "/console/companies"))
        p { a.button.primary href="/console/companies/new" { "新建公司" } }
        (search_form("/console/companies", &query, "搜索公司", "公司名称的一部分；或 city:北京、province:…、address:…、tableName:标签、field_N:…"))
        @if found.rows.is_empty() {
            p.empty { "没有找到公司。" }
        } @else {
            div.table-wrap {
                table.cards {
                    thead { tr { th scope="col" { "uId" } th scope="col" { "公司名称" } th scope="col" { "城市" } th scope="col" { "标签" } th scope="col" { "创建时间" } } }
                    tbody {
                        @for company in &found.rows {
                            tr {
                                td data-label="uId" { (company.id) }
                                td data-label="公司名称" { a href={ "/console/companies/" (company.id) } { (company.name) } }
                                td data-label="城市" { (company.province) " " (company.city) }
                                td data-label="标签" { (company.tags) }
                                td.nowrap data-label="创建时间" { (layout::datetime(company.created_at, &user.zone)) }
                            }
                        }
                    }
                }
            }
        }
        (pager(page, found.total, |n| format!("/console/companies?{}", layout::query_string(&[("q", &q), ("page", &n.to_string())]))))
    };
    layout::html(StatusCode::OK, Page::new("公司", &user, Nav::Customers).notice(query.notice.as_deref()).render(body))
}

fn unknown(user: &ConsoleUser, raw: &str) -> Response {
    layout::message_page(StatusCode::NOT_FOUND, Some(user), "公司不存在", &format!("没有 uId 为 {raw} 的公司。"))
}

fn company_id(raw: &str) -> Option<CompanyId> {
    CompanyId::parse(raw).ok()
}

async fn new(State(state): State<AppState>, user: ConsoleUser) -> Response {
    // A 2C account has no companies: the use case's refusal, before any form.
    let first = kefu_domain::paging::PageRequest::new(1, 1);
    let filter = CustomerListFilter::default();
    if let Err(error) = state.app().companies().page(&user.caller(), &filter, CustomerOrder::IdAscending, first).await {
        return layout::error_page(Some(&user), error);
    }
    form_page(&state, &user, None, FormState::shown(Vec::new(), None)).await
}

async fn create(State(state): State<AppState>, form: ConsoleForm) -> Response {
    let user = &form.user;
    let caller = user.caller();
    let companies = state.app().companies();
    let result = async {
        let definitions = companies.fields(&caller).await?;
        let created =
            companies.create(&caller, input(&form.fields, &definitions, None), ValueDialect::OptionText).await?;
        Ok::<_, AppError>(created)
    }
    .await;
    match result {
        Ok(created) => {
            form.audit(&state).await;
            layout::redirect(&format!("/console/companies/{}?notice=created", created.id))
        }
        Err(error) => refused(&state, user, None, &form.fields, error).await,
    }
}

async fn refused(
    state: &AppState,
    user: &ConsoleUser,
    company: Option<&CompanyRecord>,
    fields: &Fields,
    error: AppError,
) -> Response {
    if !reshown(&error) {
        return layout::error_page(Some(user), error);
    }
    let definitions = match state.app().companies().fields(&user.caller()).await {
        Ok(d) => d.fields,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let errors = form_errors(&error, &definitions, label);
    let custom = submitted_custom(fields, &definitions);
    form_page(state, user, company, FormState::refused(submitted(fields), custom, errors, status_of(&error))).await
}

async fn show(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(raw): Path<String>,
    Query(query): Query<ListQuery>,
) -> Response {
    let Some(id) = company_id(&raw) else { return unknown(&user, &raw) };
    let company = match found(&user, state.app().companies().show(&user.caller(), id).await, || unknown(&user, &raw)) {
        Ok(company) => company,
        Err(response) => return response,
    };
    let values = values_of(&company);
    let notice = query.notice.as_deref();
    form_page(&state, &user, Some(&company), FormState::shown(values, notice)).await
}

async fn update(State(state): State<AppState>, Path(raw): Path<String>, form: ConsoleForm) -> Response {
    let user = &form.user;
    let caller = user.caller();
    let Some(id) = company_id(&raw) else { return unknown(user, &raw) };
    let companies = state.app().companies();
    let current = match found(user, companies.show(&caller, id).await, || unknown(user, &raw)) {
        Ok(current) => current,
        Err(response) => return response,
    };
    let result = async {
        let definitions = companies.fields(&caller).await?;
        companies.update(&caller, id, input(&form.fields, &definitions, Some(&current)), ValueDialect::OptionText).await
    }
    .await;
    match result {
        Err(error) if reshown(&error) => refused(&state, user, Some(&current), &form.fields, error).await,
        result => {
            written(&state, &form, result, &format!("/console/companies/{id}?notice=saved"), || unknown(user, &raw))
                .await
        }
    }
}

async fn delete(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let Some(id) = company_id(&raw) else { return unknown(user, &raw) };
    let result = state.app().companies().delete(&user.caller(), id).await;
    written(&state, &form, result, "/console/companies?notice=hidden", || unknown(user, &raw)).await
}
