//! Contacts (联系人, the API's users): the list and search (`name:`, `mobile:`, `email:`…
//! as the API's search reads them, plain text a name), creating and editing through the
//! form ([`super::contact_form`]), and deleting (administrators). In a 2C account the company
//! column and field are absent.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_app::AppError;
use kefu_app::customer_fields::ValueDialect;
use kefu_domain::customer::CustomerMode;
use kefu_domain::customer::search::parse_contact_query;
use kefu_domain::{CompanyId, ContactId};
use kefu_store::{ContactRecord, CustomerListFilter, CustomerOrder};
use maud::{Markup, html};

use super::contact_form::{form_page, input, label, submitted, values_of};
use super::outcomes::{found, reshown, written};
use super::{FormState, ListQuery, form_errors, search_form, submitted_custom, tabs};
use crate::console::csrf::{AdminForm, ConsoleForm, Fields};
use crate::console::layout::{self, Nav, Page, pager, status_of};
use crate::console::session::ConsoleUser;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/contacts", get(list).post(create))
        .route("/console/contacts/new", get(new))
        .route("/console/contacts/{id}", get(show).post(update))
        .route("/console/contacts/{id}/delete", post(delete))
}

/// A table of contacts (the list, a company's contacts, the recycle bin).
pub fn table(rows: &[ContactRecord], with_company: bool) -> Markup {
    html! {
        div.table-wrap {
            table.cards {
                thead {
                    tr {
                        th scope="col" { "cId" } th scope="col" { "姓名" }
                        @if with_company { th scope="col" { "公司 uId" } }
                        th scope="col" { "手机" } th scope="col" { "邮箱" } th scope="col" { "职位" }
                    }
                }
                tbody {
                    @for contact in rows {
                        tr {
                            td data-label="cId" { (contact.id) }
                            td data-label="姓名" { a href={ "/console/contacts/" (contact.id) } { (contact.name) } }
                            @if with_company {
                                td data-label="公司 uId" {
                                    @if let Some(company) = contact.company { a href={ "/console/companies/" (company) } { (company) } }
                                }
                            }
                            td data-label="手机" { (contact.mobile) }
                            td data-label="邮箱" { (contact.email) }
                            td data-label="职位" { (contact.position) }
                        }
                    }
                }
            }
        }
    }
}

async fn list(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<ListQuery>) -> Response {
    let caller = user.caller();
    let contacts = state.app().contacts();
    let result = async {
        let mode = contacts.mode(&caller).await?;
        let page = query.page()?;
        let found = if query.text().is_empty() {
            let order = CustomerOrder::Created { descending: true };
            contacts.page(&caller, None, &CustomerListFilter::default(), order, page).await?
        } else {
            // As the API's search reads it: a bare value is a name, mobile, landline or e-mail.
            let term = parse_contact_query(query.text(), state.limits().max_query_chars)
                .map_err(|message| AppError::field("query", message))?;
            contacts.search(&caller, &term, page).await?
        };
        Ok::<_, AppError>((mode, page, found))
    }
    .await;
    let (mode, page, found) = match result {
        Ok(found) => found,
        Err(error) => return layout::error_page(Some(&user), error),
    };
    let q = query.text().to_owned();
    let body = html! {
        (tabs(mode, &user, "/console/contacts"))
        p { a.button.primary href="/console/contacts/new" { "新建联系人" } }
        (search_form("/console/contacts", &query, "搜索联系人", "姓名的一部分，或完整的手机、电话、邮箱；或 mobile:手机号、email:邮箱、QQ:号码、fixnumber:电话、field_N:…"))
        @if found.rows.is_empty() {
            p.empty { "没有找到联系人。" }
        } @else {
            (table(&found.rows, mode != CustomerMode::Consumer))
        }
        (pager(page, found.total, |n| format!("/console/contacts?{}", layout::query_string(&[("q", &q), ("page", &n.to_string())]))))
    };
    layout::html(
        StatusCode::OK,
        Page::new("联系人", &user, Nav::Customers).notice(query.notice.as_deref()).render(body),
    )
}

fn unknown(user: &ConsoleUser, raw: &str) -> Response {
    layout::message_page(StatusCode::NOT_FOUND, Some(user), "联系人不存在", &format!("没有 cId 为 {raw} 的联系人。"))
}

async fn new(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<ListQuery>) -> Response {
    let company = query.company.as_deref().and_then(|raw| CompanyId::parse(raw).ok());
    let values = vec![("companyId", company.map(|c| c.to_string()).unwrap_or_default())];
    form_page(&state, &user, None, FormState::shown(values, None)).await
}

async fn refused(
    state: &AppState,
    user: &ConsoleUser,
    contact: Option<&ContactRecord>,
    fields: &Fields,
    error: AppError,
) -> Response {
    if !reshown(&error) {
        return layout::error_page(Some(user), error);
    }
    let definitions = match state.app().contacts().fields(&user.caller()).await {
        Ok(d) => d.fields,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let errors = form_errors(&error, &definitions, label);
    let custom = submitted_custom(fields, &definitions);
    form_page(state, user, contact, FormState::refused(submitted(fields), custom, errors, status_of(&error))).await
}

async fn create(State(state): State<AppState>, form: ConsoleForm) -> Response {
    let user = &form.user;
    let caller = user.caller();
    let contacts = state.app().contacts();
    let result = async {
        let definitions = contacts.fields(&caller).await?;
        contacts.create(&caller, input(&form.fields, &definitions, None), ValueDialect::OptionText).await
    }
    .await;
    match result {
        Ok(created) => {
            form.audit(&state).await;
            layout::redirect(&format!("/console/contacts/{}?notice=created", created.id))
        }
        Err(error) => refused(&state, user, None, &form.fields, error).await,
    }
}

fn contact_id(raw: &str) -> Option<ContactId> {
    ContactId::parse(raw).ok()
}

async fn show(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(raw): Path<String>,
    Query(query): Query<ListQuery>,
) -> Response {
    let Some(id) = contact_id(&raw) else { return unknown(&user, &raw) };
    let contact = match found(&user, state.app().contacts().show(&user.caller(), id).await, || unknown(&user, &raw)) {
        Ok(contact) => contact,
        Err(response) => return response,
    };
    let values = values_of(&contact);
    let notice = query.notice.as_deref();
    form_page(&state, &user, Some(&contact), FormState::shown(values, notice)).await
}

async fn update(State(state): State<AppState>, Path(raw): Path<String>, form: ConsoleForm) -> Response {
    let user = &form.user;
    let caller = user.caller();
    let Some(id) = contact_id(&raw) else { return unknown(user, &raw) };
    let contacts = state.app().contacts();
    let current = match found(user, contacts.show(&caller, id).await, || unknown(user, &raw)) {
        Ok(current) => current,
        Err(response) => return response,
    };
    if current.is_deleted {
        return super::bin::contact_in_bin(user, id);
    }
    let result = async {
        let definitions = contacts.fields(&caller).await?;
        contacts.update(&caller, id, input(&form.fields, &definitions, Some(&current)), ValueDialect::OptionText).await
    }
    .await;
    match result {
        Err(error) if reshown(&error) => refused(&state, user, Some(&current), &form.fields, error).await,
        result => {
            written(&state, &form, result, &format!("/console/contacts/{id}?notice=saved"), || unknown(user, &raw))
                .await
        }
    }
}

async fn delete(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let Some(id) = contact_id(&raw) else { return unknown(user, &raw) };
    let result = state.app().contacts().delete(&user.caller(), id).await;
    written(&state, &form, result, "/console/contacts?notice=hidden", || unknown(user, &raw)).await
}
