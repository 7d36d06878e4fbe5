//! A ticket field's page (工单字段 › one field): its title and `required`, and what could
//! once be set only on creation — a dropdown's or multi-select's options, a table's
//! columns, the read-only range — saved through the update use case of
//! `PUT /api/v1/tickets/ticket_fields/{key}.json`. A column line whose title is a stored
//! column's keeps that column (its number, so the tickets' values of it, and its settings
//! when the type is unchanged); other lines are new columns; a column left out is removed.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kefu_domain::custom_field::{CustomField, FieldEntity, FieldKind, FieldType, ReadOnly, TableColumn};
use kefu_domain::ids::join_ids;
use maud::html;

use super::fields::{columns_of, kind_label, parse_kind, readonly_inputs, readonly_of};
use super::tabs;
use crate::console::csrf::{ConsoleForm, Fields};
use crate::console::fields::{errors_of, input_with, number};
use crate::console::layout::{self, FormErrors, Input, Nav, NoticeQuery, Page, status_of};
use crate::console::session::{ConsoleAdmin, ConsoleUser};
use crate::state::AppState;

/// The hidden field that tells the page's form from the list row's (title and `required`).
const FULL_FORM: &str = "settings";

pub fn is_full(fields: &Fields) -> bool {
    fields.one(FULL_FORM) == "1"
}

fn takes_options(field: &CustomField) -> bool {
    matches!(field.kind, FieldKind::Basic(FieldType::Dropdown | FieldType::Multiselect))
}

/// The field `field_N`, or the console's not-found page.
async fn load(state: &AppState, user: &ConsoleUser, raw: &str) -> Result<CustomField, Response> {
    load_number(state, user, number(user, raw)?).await
}

async fn load_number(state: &AppState, user: &ConsoleUser, number: i64) -> Result<CustomField, Response> {
    let fields = state.app().tickets().fields(&user.caller()).await.map_err(|e| layout::error_page(Some(user), e))?;
    fields.into_iter().find(|f| f.number == number).ok_or_else(|| {
        layout::message_page(StatusCode::NOT_FOUND, Some(user), "字段不存在", "本公司没有这个工单字段。")
    })
}

/// The stored definition as the form's values.
fn stored_values(field: &CustomField) -> Fields {
    let columns = field.settings.table.as_ref().map(|t| t.columns.as_slice()).unwrap_or_default();
    let lines: Vec<String> = columns
        .iter()
        .map(|c| {
            let required = if c.required { ",必填" } else { "" };
            format!("{},{}{required}", c.title, c.field_type.wire_name())
        })
        .collect();
    let (range, support) = match &field.settings.readonly {
        ReadOnly::Editable => ("", String::new()),
        ReadOnly::Everyone => ("1", String::new()),
        ReadOnly::Groups(groups) => ("2", join_ids(groups)),
        ReadOnly::Agents(agents) => ("3", join_ids(agents)),
    };
    Fields::from_pairs(vec![
        ("title".to_owned(), field.title.clone()),
        ("required".to_owned(), if field.required { "1" } else { "" }.to_owned()),
        ("options".to_owned(), field.settings.base.options.join("\n")),
        ("columns".to_owned(), lines.join("\n")),
        ("readonly_range".to_owned(), range.to_owned()),
        ("readonly_support".to_owned(), support),
    ])
}

pub async fn show(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Path(raw): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    match load(&state, &user, &raw).await {
        Ok(field) => {
            let values = stored_values(&field);
            render(&user, &field, &values, &FormErrors::default(), StatusCode::OK, query.notice.as_deref())
        }
        Err(response) => response,
    }
}

fn render(
    user: &ConsoleUser,
    field: &CustomField,
    values: &Fields,
    errors: &FormErrors,
    status: StatusCode,
    notice: Option<&str>,
) -> Response {
    let key = field.key();
    let title = format!("工单字段 {}", field.title);
    let body = html! {
        (tabs("/console/ticket-fields"))
        p { a href="/console/ticket-fields" { "‹ 返回工单字段" } }
        p { "键 " code { (key) } " · 类型 " (kind_label(field.kind)) "（类型不能修改）" }
        (errors.summary())
        form.stack method="post" action={ "/console/ticket-fields/" (key) } novalidate {
            (layout::csrf_input(user))
            input type="hidden" name=(FULL_FORM) value="1";
            (Input::text("title", "名称", values.one("title")).required().render(errors))
            label.check { input type="checkbox" name="required" value="1" checked[values.one("required") == "1"]; "必填" }
            @if takes_options(field) {
                div.field.invalid[!errors.messages("options").is_empty()] {
                    label for="f-options" { "选项（每行一个）" }
                    (errors.field("options"))
                    textarea #f-options name="options" rows="5" { (values.one("options")) }
                }
            }
            @if field.kind == FieldKind::Table {
                div.field.invalid[!errors.messages("columns").is_empty()] {
                    label for="f-columns" { "表格列（每行一列，“标题,类型[,必填]”）" }
                    p.hint { "标题不变的列保留其数据；删去的行会删除该列。" }
                    (errors.field("columns"))
                    textarea #f-columns name="columns" rows="5" { (values.one("columns")) }
                }
            }
            (readonly_inputs(values, errors))
            div.actions { button.primary type="submit" { "保存字段" } a href="/console/ticket-fields" { "返回列表" } }
        }
    };
    layout::html(status, Page::new(&title, user, Nav::TicketAdmin).notice(notice).render(body))
}

/// Gives the form's columns the stored columns' numbers (and settings) by title.
fn keep_stored(columns: &mut [TableColumn], field: &CustomField) {
    let stored = field.settings.table.as_ref().map(|t| t.columns.as_slice()).unwrap_or_default();
    for column in columns.iter_mut() {
        if let Some(old) = stored.iter().find(|old| old.title == column.title) {
            column.number = old.number;
            if old.field_type == column.field_type {
                column.settings = old.settings.clone();
            }
        }
    }
}

/// Saves the page's form; a refusal shows it again with the problems beside the fields.
pub async fn update(state: &AppState, form: &ConsoleForm, number: i64) -> Response {
    let user = &form.user;
    let field = match load_number(state, user, number).await {
        Ok(field) => field,
        Err(response) => return response,
    };
    let fields = &form.fields;
    let mut input = input_with(fields, false, parse_kind);
    if !takes_options(&field) {
        input.options = None;
    }
    if field.kind == FieldKind::Table {
        input.columns = columns_of(fields.one("columns"), &mut input.problems).map(|mut columns| {
            keep_stored(&mut columns, &field);
            columns
        });
    }
    input.readonly = readonly_of(fields, &mut input.problems);
    match state.app().customer_fields().update(&user.caller(), FieldEntity::Ticket, number, input).await {
        Ok(saved) => {
            form.audit(state).await;
            layout::redirect(&format!("/console/ticket-fields/{}?notice=saved", saved.key()))
        }
        Err(error) if error.code.status() == 400 => {
            render(user, &field, fields, &errors_of(&error), status_of(&error), None)
        }
        Err(error) => layout::error_page(Some(user), error),
    }
}
