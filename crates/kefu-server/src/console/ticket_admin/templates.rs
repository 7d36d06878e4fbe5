//! 工单模板: the ticket templates, listed, created, edited and deleted through
//! `app.ticket_templates()` (the API's `/api/v1/tickettemplates…`). The form names its
//! fields as the API names its members and is read by the use case's own reader
//! (`TemplateInput::read`); the attached fields are checkboxes of the ticket fields.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_api::ErrorCode;
use kefu_app::AppError;
use kefu_app::ticket_templates::TemplateInput;
use kefu_domain::custom_field::{CustomField, field_key};
use kefu_domain::ids::join_ids;
use kefu_domain::paging::PageRequest;
use kefu_domain::ticket::template::{Audience, parse_template_fields};
use kefu_domain::{FieldError, TemplateId};
use kefu_store::TemplateRecord;
use maud::{Markup, html};

use super::tabs;
use crate::console::csrf::{AdminForm, Fields};
use crate::console::layout::{self, FormErrors, Input, Nav, NoticeQuery, Page, pager, status_of};
use crate::console::members::FormMembers;
use crate::console::session::{ConsoleAdmin, ConsoleUser};
use crate::state::AppState;

const PAGE: &str = "/console/ticket-templates";
const PER_PAGE: u64 = 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/console/ticket-templates/new", get(new))
        .route("/console/ticket-templates/{id}", get(edit).post(update))
        .route("/console/ticket-templates/{id}/delete", post(delete))
}

const LABELS: [(&str, &str); 6] = [
    ("ticketTemplateName", "名称"),
    ("ticketTemplateDescription", "描述"),
    ("visibleRange", "可用范围"),
    ("servicerGroupId", "可用的分组"),
    ("servicerId", "可用的客服"),
    ("fieldKeys", "字段"),
];

fn errors_of(error: &AppError) -> FormErrors {
    FormErrors::from_app(error, |api| match LABELS.iter().find(|(key, _)| *key == api) {
        Some((key, label)) => ((*key).to_owned(), (*label).to_owned()),
        None => (api.to_owned(), api.to_owned()),
    })
}

fn range_label(audience: &Audience) -> String {
    match audience {
        Audience::Everyone => "所有客服".to_owned(),
        Audience::Groups(groups) => format!("分组 {}", join_ids(groups)),
        Audience::Agents(agents) => format!("客服 {}", join_ids(agents)),
        Audience::Creator => "仅创建者".to_owned(),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct ListQuery {
    page: Option<String>,
    notice: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<ListQuery>,
) -> Response {
    let caller = user.caller();
    let result = async {
        let per_page = PER_PAGE.to_string();
        let page = PageRequest::parse(query.page.as_deref().filter(|p| !p.is_empty()), Some(&per_page), PER_PAGE)
            .map_err(|(field, message)| AppError::field(field, message))?;
        let found = state.app().ticket_templates().page(&caller, page).await?;
        let fields = state.app().tickets().fields(&caller).await?;
        Ok::<_, AppError>((page, found, fields))
    }
    .await;
    let (page, found, fields) = match result {
        Ok(found) => found,
        Err(error) => return layout::error_page(Some(&user), error),
    };
    let title_of = |number: &i64| {
        fields.iter().find(|f| f.number == *number).map_or_else(|| field_key(*number), |f| f.title.clone())
    };
    let body = html! {
        (tabs(PAGE))
        p { a.button.primary href="/console/ticket-templates/new" { "新建模板" } }
        @if found.rows.is_empty() {
            p.empty { "还没有工单模板。" }
        } @else {
            div.table-wrap {
                table.cards {
                    caption.sr-only { "工单模板" }
                    thead { tr {
                        th scope="col" { "tId" } th scope="col" { "名称" } th scope="col" { "可用范围" }
                        th scope="col" { "发布" } th scope="col" { "字段" } th scope="col" { "创建时间" }
                    } }
                    tbody { @for template in &found.rows {
                        tr {
                            td data-label="tId" { (template.id) }
                            td data-label="名称" { a href={ "/console/ticket-templates/" (template.id) } { (template.name) } }
                            td data-label="可用范围" { (range_label(&template.audience)) }
                            td data-label="发布" { @if template.released { "已发布" } @else { "草稿" } }
                            td.long data-label="字段" { span.wrap { (template.fields.iter().map(title_of).collect::<Vec<_>>().join("、")) } }
                            td.nowrap data-label="创建时间" { (layout::datetime(template.created_at, &user.zone)) }
                        }
                    } }
                }
            }
        }
        (pager(page, found.total, |n| format!("{PAGE}?page={n}")))
    };
    layout::html(
        StatusCode::OK,
        Page::new("工单模板", &user, Nav::TicketAdmin).notice(query.notice.as_deref()).render(body),
    )
}

/// A template's form values: as stored, or as sent back by a refused submit.
fn values_of(template: &TemplateRecord) -> Fields {
    let (groups, agents) = match &template.audience {
        Audience::Groups(groups) => (join_ids(groups), String::new()),
        Audience::Agents(agents) => (String::new(), join_ids(agents)),
        _ => (String::new(), String::new()),
    };
    let mut pairs = vec![
        ("ticketTemplateName".to_owned(), template.name.clone()),
        ("ticketTemplateDescription".to_owned(), template.description.clone()),
        ("visibleRange".to_owned(), template.audience.range().to_string()),
        ("servicerGroupId".to_owned(), groups),
        ("servicerId".to_owned(), agents),
        ("isReleased".to_owned(), if template.released { "1" } else { "0" }.to_owned()),
    ];
    pairs.extend(template.fields.iter().map(|n| ("fieldKeys".to_owned(), field_key(*n))));
    Fields::from_pairs(pairs)
}

async fn new(State(state): State<AppState>, ConsoleAdmin(user): ConsoleAdmin) -> Response {
    form_page(&state, &user, FormPage::default(), &Fields::default(), &FormErrors::default(), StatusCode::OK).await
}

async fn edit(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let Ok(id) = TemplateId::parse(&raw) else { return unknown(&user, &raw) };
    match state.app().ticket_templates().show(&user.caller(), id).await {
        Ok(Some(template)) => {
            let values = values_of(&template);
            let page = FormPage { id: Some(id), notice: query.notice.as_deref() };
            form_page(&state, &user, page, &values, &FormErrors::default(), StatusCode::OK).await
        }
        Ok(None) => unknown(&user, &raw),
        Err(error) => layout::error_page(Some(&user), error),
    }
}

/// Which template a form page is for (None: a new one) and the notice it shows.
#[derive(Clone, Copy, Default)]
struct FormPage<'a> {
    id: Option<TemplateId>,
    notice: Option<&'a str>,
}

impl FormPage<'_> {
    fn of(id: TemplateId) -> Self {
        FormPage { id: Some(id), notice: None }
    }
}

async fn form_page(
    state: &AppState,
    user: &ConsoleUser,
    FormPage { id, notice }: FormPage<'_>,
    values: &Fields,
    errors: &FormErrors,
    status: StatusCode,
) -> Response {
    let fields = match state.app().tickets().fields(&user.caller()).await {
        Ok(fields) => fields,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let action = id.map_or_else(|| PAGE.to_owned(), |id| format!("{PAGE}/{id}"));
    let title = if id.is_some() { "编辑工单模板" } else { "新建工单模板" };
    let body = html! {
        (tabs(PAGE))
        (errors.summary())
        form.stack method="post" action=(action) novalidate {
            (layout::csrf_input(user))
            (Input::text("ticketTemplateName", "名称", values.one("ticketTemplateName")).required().placeholder("售后维修").render(errors))
            (Input::text("ticketTemplateDescription", "描述", values.one("ticketTemplateDescription")).render(errors))
            (choice("visibleRange", "可用范围", values.one("visibleRange"), &[("1", "所有客服"), ("2", "以下分组的成员"), ("3", "以下客服"), ("4", "仅创建者")], errors))
            (Input::text("servicerGroupId", "可用的分组（范围为分组时：groupId，逗号分隔）", values.one("servicerGroupId")).render(errors))
            (Input::text("servicerId", "可用的客服（范围为客服时：sId，逗号分隔）", values.one("servicerId")).render(errors))
            (choice("isReleased", "发布", values.one("isReleased"), &[("1", "已发布（可用于工单）"), ("0", "草稿")], errors))
            (field_choices(&fields, &values.all("fieldKeys"), errors))
            div.actions { button.primary type="submit" { "保存模板" } a href=(PAGE) { "返回列表" } }
        }
        @if let Some(id) = id {
            form.inline method="post" action={ (PAGE) "/" (id) "/delete" } data-confirm="确定删除这个模板吗？已被工单使用的模板不能删除（可改为草稿）。" {
                (layout::csrf_input(user))
                button.link-button.danger type="submit" { "删除模板" }
            }
        }
    };
    layout::html(status, Page::new(title, user, Nav::TicketAdmin).notice(notice).render(body))
}

fn choice(name: &str, label: &str, chosen: &str, options: &[(&str, &str)], errors: &FormErrors) -> Markup {
    html! {
        div.field.invalid[!errors.messages(name).is_empty()] {
            label for=(layout::field_id(name)) { (label) }
            (errors.field(name))
            select id=(layout::field_id(name)) name=(name) {
                @for (value, text) in options { option value=(value) selected[chosen == *value] { (text) } }
            }
        }
    }
}

/// The ticket fields as checkboxes (`fieldKeys`), in key order.
fn field_choices(fields: &[CustomField], chosen: &[&str], errors: &FormErrors) -> Markup {
    html! {
        fieldset.field.invalid[!errors.messages("fieldKeys").is_empty()] id=(layout::field_id("fieldKeys")) {
            legend { "字段" }
            (errors.field("fieldKeys"))
            @if fields.is_empty() {
                p.hint { "还没有工单字段：" a href="/console/ticket-fields" { "先定义工单字段" } "。" }
            }
            @for field in fields {
                label.check {
                    input type="checkbox" name="fieldKeys" value=(field.key()) checked[chosen.contains(&field.key().as_str())];
                    (field.title) " (" (field.key()) ")"
                }
            }
        }
    }
}

/// The form read by the use case's reader; the checked fields joined as `fieldKeys` is.
fn input_of(fields: &Fields) -> TemplateInput {
    let mut members = FormMembers::new(fields);
    let mut input = TemplateInput::read(&mut members);
    let mut problems = members.into_problems();
    match parse_template_fields(&fields.all("fieldKeys").join(",")) {
        Ok(keys) => input.fields = Some(keys),
        Err(message) => problems.push(FieldError::new("fieldKeys", message)),
    }
    input.problems = problems;
    input
}

async fn create(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    match state.app().ticket_templates().create(&user.caller(), input_of(&form.fields)).await {
        Ok(template) => {
            form.audit(&state).await;
            layout::redirect(&format!("{PAGE}/{}?notice=created", template.id))
        }
        Err(error) => {
            form_page(&state, user, FormPage::default(), &form.fields, &errors_of(&error), status_of(&error)).await
        }
    }
}

async fn update(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let Ok(id) = TemplateId::parse(&raw) else { return unknown(user, &raw) };
    match state.app().ticket_templates().update(&user.caller(), id, input_of(&form.fields)).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect(&format!("{PAGE}?notice=saved"))
        }
        Err(error) if error.code == ErrorCode::NotFound => unknown(user, &raw),
        Err(error) => {
            form_page(&state, user, FormPage::of(id), &form.fields, &errors_of(&error), status_of(&error)).await
        }
    }
}

async fn delete(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let Ok(id) = TemplateId::parse(&raw) else { return unknown(user, &raw) };
    match state.app().ticket_templates().delete(&user.caller(), id).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect(&format!("{PAGE}?notice=deleted"))
        }
        Err(error) if error.code == ErrorCode::NotFound => unknown(user, &raw),
        Err(error) => layout::error_page(Some(user), error),
    }
}

fn unknown(user: &ConsoleUser, raw: &str) -> Response {
    layout::message_page(
        StatusCode::NOT_FOUND,
        Some(user),
        "工单模板不存在",
        &format!("没有 tId 为 {raw} 的工单模板。"),
    )
}
