//! The custom fields of companies and contacts on their forms (and the reader the ticket
//! forms share): the agents' widget for each of the eleven basic types — checkboxes for a
//! multiselect's options, a select for a dropdown or a cascade's paths, name and link rows
//! for attachments — stars as a select of 1 to 5, a phone number as a `tel` input, and a
//! table as its JSON rows. Values are read back as the old API endpoints take them
//! (options by their text); "" clears a value.

use kefu_app::custom_fields::CustomValue;
use kefu_app::customer_fields::EntityFields;
use kefu_domain::custom_field::{CustomField, FieldDefinition, FieldKind, FieldSettings, FieldType};
use kefu_domain::limits::MAX_STARS;
use maud::{Markup, html};
use serde_json::Value;

use crate::console::agents::custom::{SHOWN, form_value, widget};
use crate::console::csrf::Fields;
use crate::console::layout::{FormErrors, Input};

/// The form field of custom field N.
pub fn custom_name(number: i64) -> String {
    crate::console::agents::custom::form_name(number)
}

/// The value a form sent for `field`, None when the form did not have it: a field is on
/// the form when its widget listed it (`_cf`, which a multiselect with nothing ticked
/// needs) or when it sent a value under its name.
fn sent_value(fields: &Fields, field: &CustomField) -> Option<Value> {
    let name = custom_name(field.number);
    let number = field.number.to_string();
    let single = fields.get(&name);
    if single.is_none() && !fields.all(SHOWN).contains(&number.as_str()) {
        return None;
    }
    Some(match field.kind {
        // One text for an attachment (a form without its rows): as a JSON list, as tables.
        FieldKind::Basic(FieldType::Attachment) if single.is_some() => list_or_text(fields.one(&name)),
        FieldKind::Basic(field_type) => form_value(fields, &name, Some(field_type)),
        FieldKind::Table => list_or_text(fields.one(&name)),
        FieldKind::Stars | FieldKind::Phone => Value::from(fields.one(&name)),
    })
}

/// A JSON list as the list; any other text as it is.
fn list_or_text(raw: &str) -> Value {
    match serde_json::from_str::<Value>(raw) {
        Ok(list @ Value::Array(_)) => list,
        _ => Value::from(raw),
    }
}

/// A value as the text its input shows: text as it is, lists as JSON.
fn shown_text(value: Value) -> String {
    match value {
        Value::String(text) => text,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The custom values a form sent (the fields it had).
pub fn custom_values(fields: &Fields, definitions: &EntityFields) -> Vec<CustomValue> {
    definitions
        .fields
        .iter()
        .filter_map(|f| Some(CustomValue { number: f.number, value: sent_value(fields, f)? }))
        .collect()
}

/// A stored custom value as the text its input shows.
pub fn custom_text(stored: &[(i64, String)], number: i64) -> String {
    let Some((_, json)) = stored.iter().find(|(n, _)| *n == number) else { return String::new() };
    serde_json::from_str::<Value>(json).map_or_else(|_| json.clone(), shown_text)
}

/// The submitted custom values, to show again in a refused form.
pub fn submitted_custom(fields: &Fields, definitions: &[CustomField]) -> Vec<(i64, String)> {
    definitions.iter().map(|f| (f.number, sent_value(fields, f).map(shown_text).unwrap_or_default())).collect()
}

/// The stored custom values as input texts.
pub fn stored_custom(stored: &[(i64, String)], definitions: &[CustomField]) -> Vec<(i64, String)> {
    definitions.iter().map(|f| (f.number, custom_text(stored, f.number))).collect()
}

/// The inputs of the account's custom fields of one kind.
pub fn custom_inputs(definitions: &[CustomField], values: &[(i64, String)], errors: &FormErrors) -> Markup {
    html! {
        @if !definitions.is_empty() {
            fieldset {
                legend { "自定义字段" }
                @for field in definitions {
                    @let value = values.iter().find(|(n, _)| *n == field.number).map(|(_, v)| v.as_str()).unwrap_or("");
                    (custom_input(field, value, errors))
                }
            }
        }
    }
}

/// One field's input with its value (as text; lists as JSON).
pub fn custom_input(field: &CustomField, value: &str, errors: &FormErrors) -> Markup {
    let definition = |field_type, settings| FieldDefinition {
        number: field.number,
        title: field.title.clone(),
        field_type,
        required: field.required,
        settings,
    };
    let name = custom_name(field.number);
    match field.kind {
        FieldKind::Basic(field_type) => {
            widget(&definition(field_type, field.settings.base.clone()), Some(&list_or_text(value)), errors)
        }
        // A select of 1…5: a dropdown whose options are the numbers of stars.
        FieldKind::Stars => {
            let stars =
                FieldSettings { options: (1..=MAX_STARS).map(|n| n.to_string()).collect(), ..Default::default() };
            widget(&definition(FieldType::Dropdown, stars), Some(&Value::from(value)), errors)
        }
        FieldKind::Phone => {
            let input = Input::text(&name, &field.title, value)
                .kind("tel")
                .hint("手机号（如 13039209552）或固定电话（如 010-63701717-8280）");
            if field.required { input.required().render(errors) } else { input.render(errors) }
        }
        FieldKind::Table => {
            let input = Input::text(&name, &field.title, value)
                .hint("表格的行，JSON 列表：每行一个对象，列的键为 field_N，如 [{\"field_1\":\"型号A\"}]；留空清除");
            if field.required { input.required().render(errors) } else { input.render(errors) }
        }
    }
}

#[cfg(test)]
mod tests {
    use kefu_domain::custom_field::{CustomFieldSettings, FieldEntity};

    use super::*;

    fn field(number: i64, kind: FieldKind) -> CustomField {
        CustomField {
            entity: FieldEntity::Ticket,
            number,
            title: format!("f{number}"),
            kind,
            required: false,
            settings: CustomFieldSettings::default(),
        }
    }

    #[test]
    fn each_kind_is_read_as_its_input_sends_it() {
        let multi = field(1, FieldKind::Basic(FieldType::Multiselect));
        let check = field(2, FieldKind::Basic(FieldType::Checkbox));
        let stars = field(3, FieldKind::Stars);
        let table = field(4, FieldKind::Table);
        let absent = field(5, FieldKind::Basic(FieldType::Text));
        let files = field(6, FieldKind::Basic(FieldType::Attachment));
        let definitions = [multi, check, stars, table, absent, files];
        let read = |body: &str| submitted_custom(&Fields::parse(body.as_bytes()), &definitions);
        let body = "_cf=1&cf_1=a&cf_1=b&_cf=2&cf_2=%E5%90%A6&cf_2=%E6%98%AF&cf_3=4&cf_4=%5B%7B%22field_1%22%3A%22x%22%7D%5D\
                    &cf_6_name=a.jpg&cf_6_url=https%3A%2F%2Fa.b&_cf=6";
        assert_eq!(
            read(body),
            [
                (1, "a,b".to_owned()),
                (2, "是".to_owned()),
                (3, "4".to_owned()),
                (4, r#"[{"field_1":"x"}]"#.to_owned()),
                (5, String::new()),
                (6, r#"[{"fileName":"a.jpg","fileUrl":"https://a.b"}]"#.to_owned()),
            ]
        );
        // Nothing ticked clears a multiselect the form had; a field it did not have is left out.
        assert_eq!(read("_cf=1")[0], (1, String::new()));
        let fields = Fields::parse(b"_cf=1");
        let values: Vec<i64> = definitions.iter().filter_map(|f| sent_value(&fields, f).map(|_| f.number)).collect();
        assert_eq!(values, [1]);
        // A form with one text for a multiselect (the ticket forms) reads as before.
        assert_eq!(read("cf_1=a%2Cb")[0], (1, "a,b".to_owned()));
    }
}
