//! The tenant's custom fields on the agent form: one widget per type, and the form's
//! values read back as the values the API's `custom_fields` carries, which the use case
//! checks against the definitions. A value of "" clears a field, as in the API.

use kefu_app::custom_fields::CustomValue;
use kefu_domain::custom_field::{Attachment, CascadeNode, FieldDefinition, FieldType};
use kefu_domain::limits::MAX_ATTACHMENTS_PER_FIELD;
use maud::{Markup, html};
use serde_json::Value;

use crate::console::csrf::Fields;
use crate::console::layout::{FormErrors, described_by, field_id, is_web_link};

/// The hidden field listing which custom fields the form showed.
pub const SHOWN: &str = "_cf";

/// The form field of custom field N.
pub fn form_name(number: i64) -> String {
    format!("cf_{number}")
}

/// The API's field name `custom_fields.field_N` → the form field, if it is one.
pub fn form_field(api_field: &str) -> Option<String> {
    let key = api_field.strip_prefix("custom_fields.")?;
    let number = kefu_domain::custom_field::parse_field_key(key).ok()?;
    Some(form_name(i64::from(number)))
}

/// The values of the custom fields the form showed. Numbers the tenant no longer defines
/// are read too: the use case says what is wrong with them.
pub fn read(fields: &Fields, definitions: &[FieldDefinition]) -> Vec<CustomValue> {
    let mut entries = Vec::new();
    for raw in fields.all(SHOWN) {
        let Ok(number) = raw.parse::<i64>() else { continue };
        let field_type = definitions.iter().find(|d| d.number == number).map(|d| d.field_type);
        entries.push(CustomValue { number, value: form_value(fields, &form_name(number), field_type) });
    }
    entries
}

/// The value the form sends for field `name` of `field_type`, as its widget sends it: a
/// checkbox's last value (after its hidden 否), a multiselect's ticked options joined by
/// commas (none: "", which clears), a cascade's JSON path, an attachment's name and link
/// pairs; anything else (or an unknown field) its one value.
pub fn form_value(fields: &Fields, name: &str, field_type: Option<FieldType>) -> Value {
    match field_type {
        Some(FieldType::Checkbox) => Value::from(fields.last(name).unwrap_or("")),
        Some(FieldType::Multiselect) => Value::from(fields.all(name).join(",")),
        Some(FieldType::Cascade) => cascade_value(fields.one(name)),
        Some(FieldType::Attachment) => attachments(fields, name),
        _ => Value::from(fields.one(name)),
    }
}

/// A cascade option's value is its path as a JSON list.
fn cascade_value(raw: &str) -> Value {
    if raw.is_empty() {
        return Value::from("");
    }
    match serde_json::from_str::<Value>(raw) {
        Ok(path @ Value::Array(_)) => path,
        _ => Value::from(raw),
    }
}

fn attachments(fields: &Fields, name: &str) -> Value {
    let names = fields.all(&format!("{name}_name"));
    let urls = fields.all(&format!("{name}_url"));
    let files: Vec<Attachment> = names
        .iter()
        .zip(urls.iter())
        .filter(|(n, u)| !n.is_empty() || !u.is_empty())
        .map(|(n, u)| Attachment { file_name: (*n).to_owned(), file_url: (*u).to_owned() })
        .collect();
    if files.is_empty() { Value::from("") } else { serde_json::to_value(files).unwrap_or_else(|_| Value::from("")) }
}

/// A value as text for inputs: strings as they are.
fn text(value: Option<&Value>) -> &str {
    value.and_then(Value::as_str).unwrap_or("")
}

/// Every path of a cascade tree from the top, in tree order.
fn cascade_paths(nodes: &[CascadeNode], prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    for node in nodes {
        prefix.push(node.name.clone());
        out.push(prefix.clone());
        cascade_paths(&node.children, prefix, out);
        prefix.pop();
    }
}

/// The widget of one custom field, with its current (or submitted) value.
pub fn widget(definition: &FieldDefinition, value: Option<&Value>, errors: &FormErrors) -> Markup {
    let name = form_name(definition.number);
    let id = field_id(&name);
    let invalid = !errors.messages(&name).is_empty();
    let settings = &definition.settings;
    let hint: Option<String> = match definition.field_type {
        FieldType::Regexp => Some(format!("须完整匹配正则表达式 {}", settings.pattern.as_deref().unwrap_or(""))),
        FieldType::Decimal => Some(format!(
            "数字，最多 {} 位小数",
            settings.decimal_places.unwrap_or(kefu_domain::custom_field::DEFAULT_DECIMAL_PLACES)
        )),
        FieldType::Integer => Some("正整数".to_owned()),
        FieldType::Attachment => {
            Some(format!("每行一个文件：文件名（带扩展名）和 http(s) 链接，最多 {MAX_ATTACHMENTS_PER_FIELD} 个"))
        }
        _ => None,
    };
    let described = described_by(&name, hint.is_some(), invalid);
    let label = html! {
        (definition.title)
        @if definition.required { span.req aria-hidden="true" { " *" } }
        " " span.key { "(" (definition.key()) ")" }
    };
    let required = definition.required.then_some("true");
    let invalid_attr = invalid.then_some("true");
    let hint_markup = html! { @if let Some(hint) = &hint { p.hint id={ (id) "-hint" } { (hint) } } };
    let control = match definition.field_type {
        FieldType::Dropdown => html! {
            label for=(id) { (label) }
            (hint_markup) (errors.field(&name))
            select id=(id) name=(name) aria-required=[required] aria-invalid=[invalid_attr] aria-describedby=[described] {
                option value="" { "（未选择）" }
                @for option in &settings.options {
                    option value=(option) selected[text(value) == option] { (option) }
                }
            }
        },
        FieldType::Textarea => html! {
            label for=(id) { (label) }
            (hint_markup) (errors.field(&name))
            textarea id=(id) name=(name) rows="3" aria-required=[required] aria-invalid=[invalid_attr]
                aria-describedby=[described] { (text(value)) }
        },
        FieldType::Checkbox => html! {
            (errors.field(&name))
            input type="hidden" name=(name) value="否";
            label.check for=(id) {
                input id=(id) type="checkbox" name=(name) value="是" checked[text(value) == "是"]
                    aria-invalid=[invalid_attr] aria-describedby=[described];
                " " (label)
            }
        },
        FieldType::Multiselect => {
            let chosen: Vec<&str> = text(value).split(',').collect();
            html! {
                fieldset.choices id=(id) aria-describedby=[described] {
                    legend { (label) }
                    (hint_markup) (errors.field(&name))
                    @for (i, option) in settings.options.iter().enumerate() {
                        label.check {
                            input type="checkbox" name=(name) value=(option) id={ (id) "-" (i) }
                                checked[chosen.contains(&option.as_str())];
                            " " (option)
                        }
                    }
                }
            }
        }
        FieldType::Cascade => {
            let mut paths = Vec::new();
            cascade_paths(&settings.cascade, &mut Vec::new(), &mut paths);
            let current: Vec<String> =
                value.and_then(|v| serde_json::from_value::<Vec<String>>(v.clone()).ok()).unwrap_or_default();
            html! {
                div.cascade data-cascade="" {
                    label for=(id) { (label) }
                    (hint_markup) (errors.field(&name))
                    select id=(id) name=(name) aria-required=[required] aria-invalid=[invalid_attr] aria-describedby=[described] {
                        option value="" { "（未选择）" }
                        @for path in &paths {
                            option value=(Value::from(path.clone()).to_string()) selected[*path == current] { (path.join(" / ")) }
                        }
                    }
                }
            }
        }
        FieldType::Attachment => {
            let files: Vec<(String, String)> = value
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .map(|f| {
                            let get = |k: &str| f.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
                            (get("fileName"), get("fileUrl"))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let blanks = if files.len() < MAX_ATTACHMENTS_PER_FIELD { 1 } else { 0 };
            let rows = files.iter().cloned().chain(std::iter::repeat_n((String::new(), String::new()), blanks));
            html! {
                fieldset.attachments id=(id) aria-describedby=[described] {
                    legend { (label) }
                    (hint_markup) (errors.field(&name))
                    @for (i, (file_name, file_url)) in rows.enumerate() {
                        div.attachment-row {
                            label { span.sr-only { "第 " (i + 1) " 个文件的" } "文件名"
                                input type="text" name={ (name) "_name" } value=(file_name); }
                            label { span.sr-only { "第 " (i + 1) " 个文件的" } "链接"
                                input type="url" name={ (name) "_url" } value=(file_url) inputmode="url"; }
                            @if is_web_link(&file_url) {
                                a href=(file_url) rel="noopener noreferrer" target="_blank" { "打开" }
                            }
                        }
                    }
                }
            }
        }
        FieldType::Date => html! {
            label for=(id) { (label) }
            (hint_markup) (errors.field(&name))
            input id=(id) type="date" name=(name) value=(text(value)) aria-required=[required]
                aria-invalid=[invalid_attr] aria-describedby=[described];
        },
        FieldType::Integer | FieldType::Decimal | FieldType::Text | FieldType::Regexp => {
            let mode = match definition.field_type {
                FieldType::Integer => Some("numeric"),
                FieldType::Decimal => Some("decimal"),
                _ => None,
            };
            html! {
                label for=(id) { (label) }
                (hint_markup) (errors.field(&name))
                input id=(id) type="text" name=(name) value=(text(value)) inputmode=[mode] aria-required=[required]
                    aria-invalid=[invalid_attr] aria-describedby=[described];
            }
        }
    };
    html! {
        div.field.invalid[invalid] {
            input type="hidden" name=(SHOWN) value=(definition.number);
            (control)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_become_api_entries() {
        use kefu_domain::custom_field::FieldSettings;
        let def = |number, field_type| FieldDefinition {
            number,
            title: "t".into(),
            field_type,
            required: false,
            settings: FieldSettings::default(),
        };
        let definitions = vec![
            def(1, FieldType::Checkbox),
            def(2, FieldType::Multiselect),
            def(3, FieldType::Cascade),
            def(4, FieldType::Attachment),
            def(5, FieldType::Text),
        ];
        let body = "_cf=1&cf_1=%E5%90%A6&cf_1=%E6%98%AF&_cf=2&cf_2=a&cf_2=b&_cf=3&cf_3=%5B%22x%22%2C%22y%22%5D\
                    &_cf=4&cf_4_name=a.jpg&cf_4_url=https%3A%2F%2Fa.b&cf_4_name=&cf_4_url=&_cf=5&cf_5=hi&_cf=9&cf_9=z";
        let entries: Vec<(i64, Value)> =
            read(&Fields::parse(body.as_bytes()), &definitions).into_iter().map(|v| (v.number, v.value)).collect();
        assert_eq!(
            entries,
            [
                (1, Value::from("是")),
                (2, Value::from("a,b")),
                (3, Value::from(vec!["x", "y"])),
                (4, serde_json::from_str(r#"[{"fileName":"a.jpg","fileUrl":"https://a.b"}]"#).expect("JSON")),
                (5, Value::from("hi")),
                (9, Value::from("z")),
            ]
        );
        assert_eq!(form_field("custom_fields.field_12").as_deref(), Some("cf_12"));
        assert_eq!(form_field("custom_fields[0]"), None);
    }
}
