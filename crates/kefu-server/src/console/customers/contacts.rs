//! Contacts (联系人, the API's users): the list and search (`name:`, `mobile:`, `email:`…
//! as the API's search reads them, plain text a name), the create and edit forms with the
//! contact custom fields, and deleting (administrators). In a 2C account the company
//! column and field are absent.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_app::AppError;
use kefu_app::contacts::ContactInput;
use kefu_app::customer_fields::{EntityFields, ValueDialect};
use kefu_domain::agent::FixNumber;
use kefu_domain::customer::CustomerMode;
use kefu_domain::customer::contact::{
    ContactEmail, ContactMobile, ContactName, ContactNote, ContactPatch, ContactQq, ContactState, Position,
    parse_contact_groups,
};
use kefu_domain::customer::search::parse_contact_query;
use kefu_domain::ids::{join_ids, parse_optional_id};
use kefu_domain::tags::Tags;
use kefu_domain::{CompanyId, ContactId, FieldError};
use kefu_store::{ContactRecord, CustomerListFilter, CustomerOrder};
use maud::{Markup, html};

use super::choices::{contact_groups, group_choices};
use super::outcomes::{found, written};
use super::pick::{chosen_company, company_field};
use super::{
    ListQuery, custom_inputs, custom_values, form_errors, member, search_form, stored_custom, submitted_custom, tabs,
};
use crate::console::csrf::{AdminForm, ConsoleForm, Fields};
use crate::console::layout::{self, FormErrors, Input, Nav, Page, pager, status_of};
use crate::console::session::ConsoleUser;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/contacts", get(list).post(create))
        .route("/console/contacts/new", get(new))
        .route("/console/contacts/{id}", get(show).post(update))
        .route("/console/contacts/{id}/delete", post(delete))
}

fn label(api: &str) -> &'static str {
    match api {
        "name" => "姓名",
        "mobile" => "手机",
        "fixnumber" => "固定电话",
        "email" => "邮箱",
        "position" => "职位",
        "QQ" => "QQ",
        "state" => "状态",
        "companyId" => "所属公司",
        "userGroup" => "客户分组",
        "tableName" => "标签",
        "note" => "备注",
        _ => "字段",
    }
}

/// The members this form has: (API name, input type, hint, only in 2B).
const MEMBERS: [(&str, &str, Option<&str>, bool); 9] = [
    ("name", "text", None, false),
    // Rendered as the company picker (`pick.rs`).
    ("companyId", "text", None, true),
    ("mobile", "tel", Some("11 位手机号，如 13039209552"), false),
    ("fixnumber", "tel", Some("如 010-63701717-8280"), false),
    ("email", "email", None, false),
    ("position", "text", None, false),
    ("QQ", "text", None, false),
    ("tableName", "text", Some("多个标签用英文逗号分隔"), false),
    ("note", "text", None, false),
];

fn input(fields: &Fields, definitions: &EntityFields) -> ContactInput {
    let mut problems = Vec::new();
    let patch = ContactPatch {
        name: member(fields, "name", &mut problems, ContactName::parse),
        mobile: member(fields, "mobile", &mut problems, ContactMobile::parse),
        fixnumber: member(fields, "fixnumber", &mut problems, FixNumber::parse),
        email: member(fields, "email", &mut problems, ContactEmail::parse),
        position: member(fields, "position", &mut problems, Position::parse),
        qq: member(fields, "QQ", &mut problems, ContactQq::parse),
        note: member(fields, "note", &mut problems, ContactNote::parse),
        state: member(fields, "state", &mut problems, ContactState::parse),
        company: member(fields, "companyId", &mut problems, |raw| parse_optional_id(raw, CompanyId::parse)).flatten(),
        // Checkboxes: one `userGroup` per ticked group, after an always-sent empty one so
        // that ticking none clears them.
        groups: fields.get("userGroup").and_then(|_| {
            let ids: Vec<&str> = fields.all("userGroup").into_iter().filter(|id| !id.is_empty()).collect();
            parse_contact_groups(&ids.join(","))
                .map_err(|message| problems.push(FieldError::new("userGroup", message)))
                .ok()
        }),
        tags: member(fields, "tableName", &mut problems, Tags::parse),
        ..ContactPatch::default()
    };
    ContactInput { fields: patch, custom_fields: custom_values(fields, definitions), problems }
}

fn values_of(contact: &ContactRecord) -> Vec<(&'static str, String)> {
    vec![
        ("name", contact.name.clone()),
        ("companyId", contact.company.map(|c| c.to_string()).unwrap_or_default()),
        ("mobile", contact.mobile.clone()),
        ("fixnumber", contact.fixnumber.clone()),
        ("email", contact.email.clone()),
        ("position", contact.position.clone()),
        ("QQ", contact.qq.clone()),
        ("tableName", contact.tags.clone()),
        ("userGroup", join_ids(&contact.groups)),
        ("note", contact.note.clone()),
        ("state", if contact.state == ContactState::Left { "2" } else { "1" }.to_owned()),
    ]
}

fn submitted(fields: &Fields) -> Vec<(&'static str, String)> {
    let mut values: Vec<(&'static str, String)> =
        MEMBERS.iter().map(|(name, _, _, _)| (*name, fields.one(name).to_owned())).collect();
    values.push(("state", fields.one("state").to_owned()));
    values
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

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    user: &ConsoleUser,
    contact: Option<&ContactRecord>,
    values: &[(&'static str, String)],
    custom: Option<Vec<(i64, String)>>,
    errors: FormErrors,
    status: StatusCode,
    notice: Option<&str>,
) -> Response {
    let caller = user.caller();
    let contacts = state.app().contacts();
    let loaded = async {
        Ok::<_, AppError>((
            contacts.mode(&caller).await?,
            contacts.fields(&caller).await?,
            contact_groups(state, &caller).await?,
        ))
    };
    let (mode, definitions, groups) = match loaded.await {
        Ok(found) => found,
        Err(error) => return layout::error_page(Some(user), error),
    };
    if let Some(deleted) = contact.filter(|c| c.is_deleted) {
        let shown: Vec<(&str, &str, String)> = values
            .iter()
            .filter(|(name, _)| *name != "state" && (*name != "companyId" || mode != CustomerMode::Consumer))
            .map(|(name, value)| (*name, label(name), value.clone()))
            .collect();
        return super::bin::deleted_contact_page(user, mode, deleted, &shown, notice);
    }
    let custom = custom
        .unwrap_or_else(|| contact.map(|c| stored_custom(&c.custom_fields, &definitions.fields)).unwrap_or_default());
    let action =
        contact.map(|c| format!("/console/contacts/{}", c.id)).unwrap_or_else(|| "/console/contacts".to_owned());
    let title = if contact.is_some() { "编辑联系人" } else { "新建联系人" };
    let value = |name: &str| values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str()).unwrap_or("");
    let state_value = if value("state").is_empty() { "1" } else { value("state") };
    let chosen_company = match mode {
        CustomerMode::Consumer => None,
        _ => chosen_company(state, user, value("companyId")).await,
    };
    let body = html! {
        (tabs(mode, user, "/console/contacts"))
        (errors.summary())
        form.stacked method="post" action=(action) novalidate {
            (layout::csrf_input(user))
            @for (name, kind, hint, business) in MEMBERS {
                @if name == "companyId" {
                    @if mode != CustomerMode::Consumer { (company_field(value(name), chosen_company.as_deref(), &errors)) }
                } @else if !business || mode != CustomerMode::Consumer {
                    @let input = Input::text(name, label(name), value(name)).kind(kind);
                    @let input = match hint { Some(hint) => input.hint(hint), None => input };
                    @if name == "name" { (input.required().render(&errors)) } @else { (input.render(&errors)) }
                }
            }
            div.field {
                label for=(layout::field_id("state")) { "状态" }
                select id=(layout::field_id("state")) name="state" {
                    option value="1" selected[state_value == "1"] { "在职" }
                    option value="2" selected[state_value == "2"] { "离职" }
                }
                (errors.field("state"))
            }
            (group_choices(&groups, value("userGroup"), &errors))
            (custom_inputs(&definitions.fields, &custom, &errors))
            div.actions {
                button.primary type="submit" { @if contact.is_some() { "保存" } @else { "创建" } }
                a href="/console/contacts" { "返回列表" }
            }
        }
        @if let Some(contact) = contact {
            @if user.is_admin {
                section {
                    h2 { "删除" }
                    form method="post" action={ "/console/contacts/" (contact.id) "/delete" } {
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
    layout::message_page(StatusCode::NOT_FOUND, Some(user), "联系人不存在", &format!("没有 cId 为 {raw} 的联系人。"))
}

async fn new(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<ListQuery>) -> Response {
    let company = query.company.as_deref().and_then(|raw| CompanyId::parse(raw).ok());
    let values = vec![("companyId", company.map(|c| c.to_string()).unwrap_or_default())];
    form_page(&state, &user, None, &values, None, FormErrors::default(), StatusCode::OK, None).await
}

async fn refused(
    state: &AppState,
    user: &ConsoleUser,
    contact: Option<&ContactRecord>,
    fields: &Fields,
    error: AppError,
) -> Response {
    if error.code.status() != 400 {
        return layout::error_page(Some(user), error);
    }
    let definitions = match state.app().contacts().fields(&user.caller()).await {
        Ok(d) => d.fields,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let errors = form_errors(&error, &definitions, label);
    let custom = submitted_custom(fields, &definitions);
    form_page(state, user, contact, &submitted(fields), Some(custom), errors, status_of(&error), None).await
}

async fn create(State(state): State<AppState>, form: ConsoleForm) -> Response {
    let user = &form.user;
    let caller = user.caller();
    let contacts = state.app().contacts();
    let result = async {
        let definitions = contacts.fields(&caller).await?;
        contacts.create(&caller, input(&form.fields, &definitions), ValueDialect::OptionText).await
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
    form_page(&state, &user, Some(&contact), &values, None, FormErrors::default(), StatusCode::OK, notice).await
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
        contacts.update(&caller, id, input(&form.fields, &definitions), ValueDialect::OptionText).await
    }
    .await;
    match result {
        Err(error) if error.code.status() == 400 => refused(&state, user, Some(&current), &form.fields, error).await,
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
