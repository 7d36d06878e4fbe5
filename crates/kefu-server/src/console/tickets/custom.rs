//! A template's custom fields on the ticket forms: one input per field, by its type (a
//! dropdown a select of its options, a checkbox 是/否, a date a date input, stars 1–5…),
//! named `cf_N` and read back as text — the old endpoints' dialect, options by their text —
//! for the ticket use case to check against the template. Tables and attachments have no
//! form here (the API sets them); they are shown and left unchanged.

use kefu_domain::custom_field::{CustomField, FieldKind, FieldType};
use maud::{Markup, html};

use crate::console::customers::{custom_name, custom_text};
use crate::console::layout::{self, FormErrors, Input};

/// The form field of custom field N.
pub fn name(number: i64) -> String {
    custom_name(number)
}

/// Whether the console edits this kind of field (tables and attachments it only shows).
fn editable(field: &CustomField) -> bool {
    !matches!(field.kind, FieldKind::Table | FieldKind::Basic(FieldType::Attachment))
}

/// The fields of a template, in its order, that the company defines.
pub fn of_template<'a>(definitions: &'a [CustomField], numbers: &[i64]) -> Vec<&'a CustomField> {
    numbers.iter().filter_map(|n| definitions.iter().find(|f| f.number == *n)).collect()
}

/// The value a field's input shows: what was submitted (a refused form), else the stored
/// value as text.
fn shown(stored: &[(i64, String)], submitted: Option<&crate::console::csrf::Fields>, number: i64) -> String {
    match submitted.and_then(|f| f.get(&name(number))) {
        Some(value) => value.to_owned(),
        None => custom_text(stored, number),
    }
}

/// The inputs of `fields`, with their values and problems.
pub fn inputs(
    fields: &[&CustomField],
    stored: &[(i64, String)],
    submitted: Option<&crate::console::csrf::Fields>,
    errors: &FormErrors,
) -> Markup {
    html! {
        @for field in fields {
            @let value = shown(stored, submitted, field.number);
            @if editable(field) {
                (input(field, &value, errors))
            } @else {
                div.field {
                    span.label { (field.title) }
                    p.hint { "此类字段（表格、附件）请通过 API 填写，这里只显示。" }
                    p { @if value.is_empty() { "—" } @else { (value) } }
                }
            }
        }
    }
}

fn input(field: &CustomField, value: &str, errors: &FormErrors) -> Markup {
    let name = name(field.number);
    let choices: Option<Vec<String>> = match &field.kind {
        FieldKind::Basic(FieldType::Dropdown) => Some(field.settings.base.options.clone()),
        FieldKind::Basic(FieldType::Checkbox) => Some(vec!["是".to_owned(), "否".to_owned()]),
        FieldKind::Stars => Some((1..=5).map(|n| n.to_string()).collect()),
        _ => None,
    };
    if let Some(choices) = choices {
        let choices: Vec<(String, String)> = choices.into_iter().map(|c| (c.clone(), c)).collect();
        return select(&name, &field.title, field.required, value, &choices, Some("（不填）"), errors);
    }
    let (kind, hint, mode) = match &field.kind {
        FieldKind::Basic(FieldType::Date) => ("date", None, None),
        FieldKind::Basic(FieldType::Integer) => ("text", Some("整数"), Some("numeric")),
        FieldKind::Basic(FieldType::Decimal) => ("text", Some("数字，可带小数"), Some("decimal")),
        FieldKind::Basic(FieldType::Multiselect) => ("text", Some("可多选：选项文字用英文逗号分隔"), None),
        FieldKind::Basic(FieldType::Cascade) => ("text", Some("各级选项，如 [\"北京\",\"海淀\"]"), None),
        FieldKind::Phone => ("tel", Some("手机号或固定电话"), None),
        _ => ("text", None, None),
    };
    if field.kind == FieldKind::Basic(FieldType::Textarea) {
        return textarea(&name, &field.title, value, field.required, errors);
    }
    let mut input = Input::text(&name, &field.title, value).kind(kind);
    if let Some(hint) = hint {
        input = input.hint(hint);
    }
    if let Some(mode) = mode {
        input = input.inputmode(mode);
    }
    if field.required { input.required().render(errors) } else { input.render(errors) }
}

/// Codes and their labels as a select's choices.
pub fn codes<'a>(labelled: impl Iterator<Item = (i64, &'a str)>) -> Vec<(String, String)> {
    labelled.map(|(code, text)| (code.to_string(), text.to_owned())).collect()
}

/// A labelled select: `choices` as (value, text), `blank` an empty first choice's text.
pub fn select(
    name: &str,
    label: &str,
    required: bool,
    value: &str,
    choices: &[(String, String)],
    blank: Option<&str>,
    errors: &FormErrors,
) -> Markup {
    let id = layout::field_id(name);
    let invalid = !errors.messages(name).is_empty();
    html! {
        div.field.invalid[invalid] {
            label for=(id) { (label) @if required { span.req aria-hidden="true" { " *" } } }
            (errors.field(name))
            select id=(id) name=(name) aria-invalid=[invalid.then_some("true")]
                aria-describedby=[layout::described_by(name, false, invalid)] {
                @if let Some(blank) = blank { option value="" selected[value.is_empty()] { (blank) } }
                @for (choice, text) in choices {
                    option value=(choice) selected[choice == value] { (text) }
                }
            }
        }
    }
}

/// A labelled multi-line input with its error messages.
pub fn textarea(name: &str, label: &str, value: &str, required: bool, errors: &FormErrors) -> Markup {
    let id = layout::field_id(name);
    let invalid = !errors.messages(name).is_empty();
    html! {
        div.field.invalid[invalid] {
            label for=(id) { (label) @if required { span.req aria-hidden="true" { " *" } } }
            (errors.field(name))
            textarea id=(id) name=(name) rows="4" aria-required=[required.then_some("true")]
                aria-invalid=[invalid.then_some("true")]
                aria-describedby=[layout::described_by(name, false, invalid)] { (value) }
        }
    }
}
