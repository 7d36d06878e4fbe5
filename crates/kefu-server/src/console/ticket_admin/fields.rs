//! 工单字段: the ticket custom fields, listed, created, renamed and deleted through
//! `app.customer_fields()` with `FieldEntity::Ticket` (the API's
//! `/api/v1/tickets/ticket_fields…`). The form is the agents' custom-field form
//! (`console::fields::input_with`) with the types only tickets have, a table's columns (one a
//! line: `标题,类型[,必填]`) and the read-only range; each field's own page
//! ([`super::field_page`]) changes these later.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_domain::FieldError;
use kefu_domain::custom_field::{CustomField, FieldEntity, FieldKind, FieldSettings, FieldType, ReadOnly, TableColumn};
use kefu_domain::ids::join_ids;
use maud::{Markup, html};

use super::tabs;
use crate::console::csrf::{AdminForm, Fields};
use crate::console::fields::{
    delete_cell, errors_of, input_with, number, settings_inputs, title_cell, type_label, type_select,
};
use crate::console::layout::{self, FormErrors, Input, Nav, NoticeQuery, Page, status_of};
use crate::console::session::{ConsoleAdmin, ConsoleUser};
use crate::state::AppState;

const PAGE: &str = "/console/ticket-fields";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/console/ticket-fields/{key}", get(super::field_page::show).post(update))
        .route("/console/ticket-fields/{key}/delete", post(delete))
}

pub(super) fn kind_label(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Basic(field_type) => type_label(field_type),
        FieldKind::Table => "表格",
        FieldKind::Stars => "星级评分",
        FieldKind::Phone => "电话",
    }
}

fn readonly_label(readonly: &ReadOnly) -> String {
    match readonly {
        ReadOnly::Editable => "否".to_owned(),
        ReadOnly::Everyone => "所有客服（管理员除外）".to_owned(),
        ReadOnly::Groups(groups) => format!("分组 {}", join_ids(groups)),
        ReadOnly::Agents(agents) => format!("客服 {}", join_ids(agents)),
    }
}

/// The form's `type`: kefu's name of any ticket field type.
pub(super) fn parse_kind(raw: &str) -> Result<FieldKind, String> {
    FieldKind::parse(raw)
}

/// A table's columns, one a line: `标题,类型` or `标题,类型,必填` (类型 as the API names it).
pub(super) fn columns_of(text: &str, problems: &mut Vec<FieldError>) -> Option<Vec<TableColumn>> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        return None;
    }
    let mut columns = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let parts: Vec<&str> = line.split([',', '，']).map(str::trim).collect();
        let (title, kind) = (parts.first().copied().unwrap_or(""), parts.get(1).copied().unwrap_or(""));
        match FieldType::parse(kind) {
            Ok(field_type) => columns.push(TableColumn {
                number: 0,
                title: title.to_owned(),
                field_type,
                required: parts.get(2).is_some_and(|r| *r == "必填" || *r == "1"),
                settings: FieldSettings::default(),
            }),
            Err(message) => problems.push(FieldError::new(format!("columns[{i}].type"), message)),
        }
    }
    Some(columns)
}

/// The read-only range of the form: `readonly_range` "" (editable), 1, 2 or 3 with the ids
/// of `readonly_support`.
pub(super) fn readonly_of(fields: &Fields, problems: &mut Vec<FieldError>) -> Option<ReadOnly> {
    let range = fields.one("readonly_range");
    let flag = if range.is_empty() { "0" } else { "1" };
    match ReadOnly::parse(flag, range, fields.one("readonly_support")) {
        Ok(readonly) => Some(readonly),
        Err((member, message)) => {
            problems.push(FieldError::new(member, message));
            None
        }
    }
}

async fn list(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<NoticeQuery>,
) -> Response {
    render(&state, &user, query.notice.as_deref(), &Fields::default(), &FormErrors::default(), StatusCode::OK).await
}

async fn render(
    state: &AppState,
    user: &ConsoleUser,
    notice: Option<&str>,
    values: &Fields,
    errors: &FormErrors,
    status: StatusCode,
) -> Response {
    let fields = match state.app().tickets().fields(&user.caller()).await {
        Ok(fields) => fields,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let body = html! {
        (tabs(PAGE))
        p.hint { "工单字段挂在工单模板上（在模板里勾选），随 API 的 " code { "custom_fields" } " 读写。只读字段只有管理员和只读范围以外的客服能修改。" }
        @if fields.is_empty() {
            p.empty { "还没有工单字段。" }
        } @else {
            div.table-wrap {
                table.fields.cards {
                    caption.sr-only { "工单字段" }
                    thead { tr {
                        th scope="col" { "键" } th scope="col" { "名称" } th scope="col" { "类型" }
                        th scope="col" { "必填" } th scope="col" { "只读" } th scope="col" { "选项或列" } th scope="col" { "操作" }
                    } }
                    tbody { @for field in &fields { (row(user, field)) } }
                }
            }
        }
        (create_form(user, values, errors))
    };
    layout::html(status, Page::new("工单字段", user, Nav::TicketAdmin).notice(notice).render(body))
}

fn settings_text(field: &CustomField) -> String {
    let settings = &field.settings;
    match (&settings.table, field.kind) {
        (Some(table), FieldKind::Table) => table
            .columns
            .iter()
            .map(|c| format!("{}（{}）", c.title, type_label(c.field_type)))
            .collect::<Vec<_>>()
            .join("、"),
        (_, FieldKind::Basic(FieldType::Dropdown | FieldType::Multiselect)) => settings.base.options.join("、"),
        (_, FieldKind::Basic(FieldType::Cascade)) => {
            settings.base.cascade.iter().map(|n| n.name.clone()).collect::<Vec<_>>().join("、")
        }
        (_, FieldKind::Basic(FieldType::Regexp)) => settings.base.pattern.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

fn row(user: &ConsoleUser, field: &CustomField) -> Markup {
    let key = field.key();
    html! {
        tr data-key=(key) {
            td data-label="键" { a href={ (PAGE) "/" (key) } title="编辑选项、表格列和只读范围" { code { (key) } } }
            (title_cell(user, PAGE, &key, &field.title, field.required))
            td data-label="类型" { (kind_label(field.kind)) }
            td data-label="必填" { @if field.required { "是" } @else { "否" } }
            td data-label="只读" { (readonly_label(&field.settings.readonly)) }
            td.long data-label="选项或列" { span.wrap { (settings_text(field)) } }
            (delete_cell(user, PAGE, &key, &format!("删除字段“{}”会同时删除每张工单在该字段的值，并把它从工单模板中移除。确定删除吗？", field.title)))
        }
    }
}

fn create_form(user: &ConsoleUser, values: &Fields, errors: &FormErrors) -> Markup {
    let chosen = values.one("type");
    html! {
        section #new-field {
            h2 { "新建工单字段" }
            (errors.summary())
            form.stack method="post" action=(PAGE) novalidate {
                (layout::csrf_input(user))
                (Input::text("title", "名称", values.one("title")).required().placeholder("故障类型").render(errors))
                (type_select(FieldEntity::Ticket.kinds().into_iter().map(|k| (k.wire_name(), kind_label(k))), chosen, errors))
                (settings_inputs(values, errors))
                div.field.invalid[!errors.messages("columns").is_empty()] {
                    label for="f-columns" { "表格列（表格：每行一列，“标题,类型[,必填]”，类型为 dropdown、text、textarea、integer、decimal、checkbox、date）" }
                    (errors.field("columns"))
                    textarea #f-columns name="columns" rows="3" placeholder="型号,text,必填" { (values.one("columns")) }
                }
                (readonly_inputs(values, errors))
                div.actions { button.primary type="submit" { "创建字段" } }
            }
        }
    }
}

/// The read-only range: a select of `readonly_range` and the ids of `readonly_support`.
pub(super) fn readonly_inputs(values: &Fields, errors: &FormErrors) -> Markup {
    let range = values.one("readonly_range");
    html! {
        div.field.invalid[!errors.messages("readonly_range").is_empty() || !errors.messages("readonly_support").is_empty()] {
            label for="f-readonly_range" { "只读范围" }
            (errors.field("readonly_range"))
            (errors.field("readonly_support"))
            select #f-readonly_range name="readonly_range" {
                option value="" selected[range.is_empty()] { "不只读" }
                option value="1" selected[range == "1"] { "所有客服（管理员除外）" }
                option value="2" selected[range == "2"] { "以下分组的成员" }
                option value="3" selected[range == "3"] { "以下客服" }
            }
        }
        (Input::text("readonly_support", "只读的分组或客服（groupId 或 sId，逗号分隔）", values.one("readonly_support")).render(errors))
    }
}

/// `POST /api/v1/tickets/ticket_fields.json`.
async fn create(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let mut input = input_with(&form.fields, true, parse_kind);
    input.columns = columns_of(form.fields.one("columns"), &mut input.problems);
    input.readonly = readonly_of(&form.fields, &mut input.problems);
    match state.app().customer_fields().create(&user.caller(), FieldEntity::Ticket, input).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/ticket-fields?notice=created")
        }
        Err(error) => render(&state, user, None, &form.fields, &errors_of(&error), status_of(&error)).await,
    }
}

/// `PUT /api/v1/tickets/ticket_fields/{key}.json`: the title and `required` from the
/// list's row, or everything from the field's page ([`super::field_page`]).
async fn update(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let number = match number(user, &raw) {
        Ok(number) => number,
        Err(response) => return response,
    };
    if super::field_page::is_full(&form.fields) {
        return super::field_page::update(&state, &form, number).await;
    }
    let mut input = input_with(&form.fields, false, parse_kind);
    input.options = None;
    match state.app().customer_fields().update(&user.caller(), FieldEntity::Ticket, number, input).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/ticket-fields?notice=saved")
        }
        Err(error) => layout::error_page(Some(user), error),
    }
}

/// `DELETE /api/v1/tickets/ticket_fields/{key}.json` (the field leaves its templates too).
async fn delete(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let number = match number(user, &raw) {
        Ok(number) => number,
        Err(response) => return response,
    };
    match state.app().customer_fields().delete(&user.caller(), FieldEntity::Ticket, number).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/ticket-fields?notice=deleted")
        }
        Err(error) => layout::error_page(Some(user), error),
    }
}
