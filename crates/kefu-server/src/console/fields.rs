//! Custom fields (自定义字段) of the company's agents: the definitions of
//! `/api/v1/support_fields…`, listed, created, renamed and deleted by the same use cases
//! (`kefu_app::fields`), which check them. Administrators only.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_app::AppError;
use kefu_app::fields::FieldInput;
use kefu_domain::FieldError;
use kefu_domain::custom_field::{CascadeNode, FieldKind, FieldType, parse_field_key};
use kefu_store::FieldRecord;
use maud::{Markup, html};

use super::csrf::{AdminForm, Fields};
use super::layout::{self, FormErrors, Input, Nav, NoticeQuery, Page, status_of};
use super::session::{ConsoleAdmin, ConsoleUser};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/fields", get(list).post(create))
        .route("/console/fields/{key}", post(update))
        .route("/console/fields/{key}/delete", post(delete))
}

/// The types, as the form offers them.
pub(super) fn type_label(field_type: FieldType) -> &'static str {
    match field_type {
        FieldType::Dropdown => "下拉框",
        FieldType::Text => "单行文本",
        FieldType::Textarea => "多行文本",
        FieldType::Integer => "整数",
        FieldType::Decimal => "小数",
        FieldType::Checkbox => "复选框（是/否）",
        FieldType::Date => "日期",
        FieldType::Regexp => "正则校验文本",
        FieldType::Attachment => "附件",
        FieldType::Multiselect => "多选",
        FieldType::Cascade => "级联选择",
    }
}

const LABELS: [(&str, &str); 11] = [
    ("title", "名称"),
    ("isReadonly", "只读"),
    ("readonly_range", "只读范围"),
    ("readonly_support", "只读的分组或客服"),
    ("columns", "表格列"),
    ("type", "类型"),
    ("required", "必填"),
    ("options", "选项"),
    ("pattern", "正则表达式"),
    ("decimal_places", "小数位数"),
    ("cascade", "级联选项"),
];

pub(super) fn errors_of(error: &AppError) -> FormErrors {
    FormErrors::from_app(error, |api| {
        let short = api.split(['.', '[']).next().unwrap_or(api);
        match LABELS.iter().find(|(key, _)| *key == short) {
            Some((key, label)) => ((*key).to_owned(), (*label).to_owned()),
            None => (api.to_owned(), api.to_owned()),
        }
    })
}

/// The form's fields read as the API reads `{"support_field":{…}}`: options one per line,
/// the cascade as the API's JSON tree.
fn input_of(fields: &Fields, creating: bool) -> FieldInput {
    input_with(fields, creating, |raw| FieldType::parse(raw).map(FieldKind::Basic))
}

/// [`input_of`] with the types an entity's fields may have (`parse_type` reads the form's
/// `type`): the ticket fields' page takes tables, stars and phones too.
pub(super) fn input_with(
    fields: &Fields,
    creating: bool,
    parse_type: fn(&str) -> Result<FieldKind, String>,
) -> FieldInput {
    let mut problems = Vec::new();
    let kind = if creating {
        match parse_type(fields.one("type")) {
            Ok(kind) => Some(kind),
            Err(message) => {
                problems.push(FieldError::new("type", message));
                None
            }
        }
    } else {
        None
    };
    let (field_type, kind) = match kind {
        Some(FieldKind::Basic(field_type)) => (Some(field_type), None),
        other => (None, other),
    };
    let title = fields.get("title").map(str::to_owned);
    if creating && title.as_deref().is_none_or(str::is_empty) {
        problems.push(FieldError::new("title", "is required"));
    }
    let lines: Vec<String> =
        fields.one("options").lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
    let takes_options = matches!(field_type, Some(FieldType::Dropdown | FieldType::Multiselect));
    let options = (takes_options || (!creating && !lines.is_empty())).then_some(lines);
    let pattern = fields.get("pattern").map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned);
    let decimal_places = match fields.get("decimal_places").map(str::trim).filter(|d| !d.is_empty()) {
        Some(raw) => match raw.parse::<u32>() {
            Ok(places) => Some(places),
            Err(_) => {
                problems.push(FieldError::new(
                    "decimal_places",
                    format!("must be a whole number from 1 to 6, got {raw:?}"),
                ));
                None
            }
        },
        None => None,
    };
    let cascade = match fields.get("cascade").map(str::trim).filter(|c| !c.is_empty()) {
        Some(raw) => match serde_json::from_str::<Vec<CascadeNode>>(raw) {
            Ok(tree) => Some(tree),
            Err(_) => {
                problems.push(FieldError::new("cascade", "must be a tree"));
                None
            }
        },
        None => None,
    };
    FieldInput {
        key: None,
        field_type,
        title,
        required: Some(fields.one("required") == "1"),
        options,
        pattern,
        decimal_places,
        cascade,
        kind,
        problems,
        ..FieldInput::default()
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
    let records = match state.app().fields().list(&user.caller()).await {
        Ok(records) => records,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let body = html! {
        p.hint {
            "自定义字段出现在每位客服的资料中（新建和编辑客服的表单里），也随 API 的 "
            code { "custom_fields" } " 读写；可按字段搜索客服。"
        }
        @if records.is_empty() {
            p.empty { "还没有自定义字段。" }
        } @else {
            div.table-wrap {
                table.fields.cards {
                    caption.sr-only { "自定义字段" }
                    thead { tr {
                        th scope="col" { "键" } th scope="col" { "名称" } th scope="col" { "类型" }
                        th scope="col" { "必填" } th scope="col" { "选项" } th scope="col" { "操作" }
                    } }
                    tbody { @for record in &records { (row(user, record)) } }
                }
            }
        }
        (create_form(user, values, errors))
    };
    layout::html(status, Page::new("自定义字段", user, Nav::Fields).notice(notice).render(body))
}

fn options_text(record: &FieldRecord) -> String {
    let settings = &record.definition.settings;
    match record.definition.field_type {
        FieldType::Dropdown | FieldType::Multiselect => settings.options.join("、"),
        FieldType::Regexp => settings.pattern.clone().unwrap_or_default(),
        FieldType::Decimal => format!("{} 位小数", settings.decimal_places.unwrap_or(2)),
        FieldType::Cascade => settings.cascade.iter().map(|n| n.name.clone()).collect::<Vec<_>>().join("、"),
        _ => String::new(),
    }
}

fn row(user: &ConsoleUser, record: &FieldRecord) -> Markup {
    let definition = &record.definition;
    let key = definition.key();
    html! {
        tr data-key=(key) {
            td data-label="键" { code { (key) } }
            (title_cell(user, "/console/fields", &key, &definition.title, definition.required))
            td data-label="类型" { (type_label(definition.field_type)) }
            td data-label="必填" { @if definition.required { "是" } @else { "否" } }
            td.long data-label="选项" { span.wrap { (options_text(record)) } }
            (delete_cell(user, "/console/fields", &key, &format!("删除字段“{}”会同时删除每位客服在该字段的值。确定删除吗？", definition.title)))
        }
    }
}

fn create_form(user: &ConsoleUser, values: &Fields, errors: &FormErrors) -> Markup {
    let chosen = values.one("type");
    html! {
        section #new-field {
            h2 { "新建字段" }
            (errors.summary())
            form.stack method="post" action="/console/fields" novalidate {
                (layout::csrf_input(user))
                (Input::text("title", "名称", values.one("title")).required().placeholder("入职日期").render(errors))
                (type_select(FieldType::ALL.iter().map(|t| (t.wire_name(), type_label(*t))), chosen, errors))
                (settings_inputs(values, errors))
                div.actions { button.primary type="submit" { "创建字段" } }
            }
        }
    }
}

/// `POST /api/v1/support_fields.json`.
async fn create(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let input = input_of(&form.fields, true);
    match state.app().fields().create(&user.caller(), input).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/fields?notice=created")
        }
        Err(error) => render(&state, user, None, &form.fields, &errors_of(&error), status_of(&error)).await,
    }
}

pub(super) fn number(user: &ConsoleUser, raw: &str) -> Result<i64, Response> {
    parse_field_key(raw).map(i64::from).map_err(|_| {
        layout::message_page(StatusCode::NOT_FOUND, Some(user), "字段不存在", "本公司没有这个自定义字段。")
    })
}

/// `PUT /api/v1/support_fields/{key}.json` with the title and `required`.
async fn update(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let number = match number(user, &raw) {
        Ok(number) => number,
        Err(response) => return response,
    };
    let mut input = input_of(&form.fields, false);
    input.options = None;
    match state.app().fields().update(&user.caller(), number, input).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/fields?notice=saved")
        }
        Err(error) => layout::error_page(Some(user), error),
    }
}

/// `DELETE /api/v1/support_fields/{key}.json`.
async fn delete(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let number = match number(user, &raw) {
        Ok(number) => number,
        Err(response) => return response,
    };
    match state.app().fields().delete(&user.caller(), number).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/fields?notice=deleted")
        }
        Err(error) => layout::error_page(Some(user), error),
    }
}

/// The name cell of a definition's row: rename it and set `required`, posted to
/// `{root}/{key}`.
pub(super) fn title_cell(user: &ConsoleUser, root: &str, key: &str, title: &str, required: bool) -> Markup {
    html! {
        td data-label="名称" {
            form.inline method="post" action={ (root) "/" (key) } {
                (layout::csrf_input(user))
                label.sr-only for={ "f-title-" (key) } { (key) " 的名称" }
                input id={ "f-title-" (key) } type="text" name="title" value=(title);
                label.check { input type="checkbox" name="required" value="1" checked[required]; "必填" }
                button type="submit" { "保存" }
            }
        }
    }
}

/// The delete cell of a definition's row, posted to `{root}/{key}/delete` after `confirm`.
pub(super) fn delete_cell(user: &ConsoleUser, root: &str, key: &str, confirm: &str) -> Markup {
    html! {
        td data-label="操作" {
            form.inline method="post" action={ (root) "/" (key) "/delete" } data-confirm=(confirm) {
                (layout::csrf_input(user))
                button.link-button.danger type="submit" { "删除" }
            }
        }
    }
}

/// The type select of a new definition: (wire name, label) pairs.
pub(super) fn type_select<'a>(
    types: impl Iterator<Item = (&'a str, &'a str)>,
    chosen: &str,
    errors: &FormErrors,
) -> Markup {
    html! {
        div.field.invalid[!errors.messages("type").is_empty()] {
            label for="f-type" { "类型" span.req aria-hidden="true" { " *" } }
            (errors.field("type"))
            select #f-type name="type" {
                @for (name, label) in types {
                    option value=(name) selected[chosen == name] { (label) " (" (name) ")" }
                }
            }
        }
    }
}

/// `required` and the settings of the agents' types, as a new definition's form has them.
pub(super) fn settings_inputs(values: &Fields, errors: &FormErrors) -> Markup {
    html! {
        label.check { input type="checkbox" name="required" value="1" checked[values.one("required") == "1"]; "必填" }
        div.field.invalid[!errors.messages("options").is_empty()] {
            label for="f-options" { "选项（下拉框、多选：每行一个）" }
            (errors.field("options"))
            textarea #f-options name="options" rows="3" { (values.one("options")) }
        }
        (Input::text("pattern", "正则表达式（正则校验文本）", values.one("pattern")).placeholder("^[A-Z]{2}\\d{4}$").render(errors))
        (Input::text("decimal_places", "小数位数（小数）", values.one("decimal_places")).inputmode("numeric").placeholder("2").render(errors))
        div.field.invalid[!errors.messages("cascade").is_empty()] {
            label for="f-cascade" { "级联选项（级联选择：JSON）" }
            p.hint { "如 [{\"name\":\"北京市\",\"children\":[{\"name\":\"海淀区\"}]},{\"name\":\"上海市\"}]" }
            (errors.field("cascade"))
            textarea #f-cascade name="cascade" rows="3" { (values.one("cascade")) }
        }
    }
}
