//! Companies (公司) of a 2B account: the list and search (`companyName:`, `city:`… as the
//! API's search reads them, plain text a name), the create and edit forms with the
//! company custom fields, a company's contacts, and deleting (administrators).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_app::AppError;
use kefu_app::companies::CompanyInput;
use kefu_app::customer_fields::{EntityFields, ValueDialect};
use kefu_domain::CompanyId;
use kefu_domain::customer::company::{
    CompanyAddress, CompanyName, CompanyNote, CompanyPatch, Region, Website, parse_company_group,
};
use kefu_domain::customer::search::parse_company_query;
use kefu_domain::tags::Tags;
use kefu_store::{CompanyRecord, CustomerListFilter, CustomerOrder};
use maud::html;

use super::outcomes::{found, written};
use super::{
    ListQuery, custom_inputs, custom_values, form_errors, member, search_form, stored_custom, submitted_custom, tabs,
};
use crate::console::csrf::{AdminForm, ConsoleForm, Fields};
use crate::console::layout::{self, FormErrors, Input, Nav, Page, pager, status_of};
use crate::console::session::ConsoleUser;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/companies", get(list).post(create))
        .route("/console/companies/new", get(new))
        .route("/console/companies/{id}", get(show).post(update))
        .route("/console/companies/{id}/delete", post(delete))
}

/// The label of a company member (API name) in the form.
fn label(api: &str) -> &'static str {
    match api {
        "companyName" => "公司名称",
        "address" => "地址",
        "province" => "省份",
        "city" => "城市",
        "userURL" => "网址",
        "tableName" => "标签",
        "serveNote" => "备注",
        "userGroup" => "客户分组",
        "serviceendtime" => "服务结束日期",
        _ => "字段",
    }
}

/// The members this form has, in order: (API name, widget kind, hint).
const MEMBERS: [(&str, &str, Option<&str>); 8] = [
    ("companyName", "text", None),
    ("address", "text", None),
    ("province", "text", None),
    ("city", "text", None),
    ("userURL", "url", Some("以 http:// 或 https:// 开头")),
    ("tableName", "text", Some("多个标签用英文逗号分隔")),
    ("userGroup", "text", Some("公司类客户分组的 groupId，留空则不属于任何分组")),
    ("serveNote", "text", None),
];

/// The form's members read into the use case's input by the API's parsers (the custom
/// values as text, as the old endpoints read them).
fn input(fields: &Fields, definitions: &EntityFields) -> CompanyInput {
    let mut problems = Vec::new();
    let patch = CompanyPatch {
        name: member(fields, "companyName", &mut problems, CompanyName::parse),
        address: member(fields, "address", &mut problems, CompanyAddress::parse),
        province: member(fields, "province", &mut problems, Region::parse),
        city: member(fields, "city", &mut problems, Region::parse),
        website: member(fields, "userURL", &mut problems, Website::parse),
        tags: member(fields, "tableName", &mut problems, Tags::parse),
        group: member(fields, "userGroup", &mut problems, parse_company_group),
        note: member(fields, "serveNote", &mut problems, CompanyNote::parse),
        ..CompanyPatch::default()
    };
    CompanyInput { fields: patch, custom_fields: custom_values(fields, definitions), problems }
}

fn values_of(company: &CompanyRecord) -> Vec<(&'static str, String)> {
    vec![
        ("companyName", company.name.clone()),
        ("address", company.address.clone()),
        ("province", company.province.clone()),
        ("city", company.city.clone()),
        ("userURL", company.website.clone()),
        ("tableName", company.tags.clone()),
        ("userGroup", company.group.map(|g| g.to_string()).unwrap_or_default()),
        ("serveNote", company.note.clone()),
    ]
}

fn submitted(fields: &Fields) -> Vec<(&'static str, String)> {
    MEMBERS.iter().map(|(name, _, _)| (*name, fields.one(name).to_owned())).collect()
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

/// The create or edit form.
#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    user: &ConsoleUser,
    company: Option<&CompanyRecord>,
    values: &[(&'static str, String)],
    custom: Option<Vec<(i64, String)>>,
    errors: FormErrors,
    status: StatusCode,
    notice: Option<&str>,
) -> Response {
    let caller = user.caller();
    let definitions = match state.app().companies().fields(&caller).await {
        Ok(d) => d,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let custom = custom
        .unwrap_or_else(|| company.map(|c| stored_custom(&c.custom_fields, &definitions.fields)).unwrap_or_default());
    let contacts = match company {
        Some(company) => {
            let page = kefu_domain::paging::PageRequest::new(1, 100);
            match state
                .app()
                .contacts()
                .page(&caller, Some(company.id), &CustomerListFilter::default(), CustomerOrder::IdAscending, page)
                .await
            {
                Ok(found) => Some(found),
                Err(error) => return layout::error_page(Some(user), error),
            }
        }
        None => None,
    };
    let action =
        company.map(|c| format!("/console/companies/{}", c.id)).unwrap_or_else(|| "/console/companies".to_owned());
    let title = if company.is_some() { "编辑公司" } else { "新建公司" };
    let body = html! {
        (tabs(kefu_domain::customer::CustomerMode::Business, user, "/console/companies"))
        (errors.summary())
        @if company.is_some_and(|c| c.is_deleted) {
            p.notice { "这家公司在回收站中。" }
        }
        form.stacked method="post" action=(action) novalidate {
            (layout::csrf_input(user))
            @for (name, kind, hint) in MEMBERS {
                @let value = values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str()).unwrap_or("");
                @let input = Input::text(name, label(name), value).kind(kind);
                @let input = match hint { Some(hint) => input.hint(hint), None => input };
                @if name == "companyName" { (input.required().render(&errors)) } @else { (input.render(&errors)) }
            }
            (custom_inputs(&definitions.fields, &custom, &errors))
            div.actions {
                button.primary type="submit" { @if company.is_some() { "保存" } @else { "创建" } }
                a href="/console/companies" { "返回列表" }
            }
        }
        @if let (Some(company), Some(contacts)) = (company, contacts) {
            section {
                h2 { "联系人" }
                p { a href={ "/console/contacts/new?company=" (company.id) } { "为这家公司新建联系人" } }
                @if contacts.rows.is_empty() {
                    p.empty { "这家公司还没有联系人。" }
                } @else {
                    (super::contacts::table(&contacts.rows, false))
                }
            }
            @if user.is_admin && !company.is_deleted {
                section {
                    h2 { "删除" }
                    form method="post" action={ "/console/companies/" (company.id) "/delete" } {
                        (layout::csrf_input(user))
                        button.danger type="submit" { "移入回收站" }
                    }
                }
            }
        }
    };
    layout::html(status, Page::new(title, user, Nav::Customers).notice(notice).render(body))
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
    form_page(&state, &user, None, &[], None, FormErrors::default(), StatusCode::OK, None).await
}

async fn create(State(state): State<AppState>, form: ConsoleForm) -> Response {
    let user = &form.user;
    let caller = user.caller();
    let companies = state.app().companies();
    let result = async {
        let definitions = companies.fields(&caller).await?;
        let created = companies.create(&caller, input(&form.fields, &definitions), ValueDialect::OptionText).await?;
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
    if error.code.status() != 400 {
        return layout::error_page(Some(user), error);
    }
    let definitions = match state.app().companies().fields(&user.caller()).await {
        Ok(d) => d.fields,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let errors = form_errors(&error, &definitions, label);
    let custom = submitted_custom(fields, &definitions);
    form_page(state, user, company, &submitted(fields), Some(custom), errors, status_of(&error), None).await
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
    form_page(&state, &user, Some(&company), &values, None, FormErrors::default(), StatusCode::OK, notice).await
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
        companies.update(&caller, id, input(&form.fields, &definitions), ValueDialect::OptionText).await
    }
    .await;
    match result {
        Err(error) if error.code.status() == 400 => refused(&state, user, Some(&current), &form.fields, error).await,
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
