//! Custom field values: each type's check, and the canonical form a value is kept in.

use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{DEFAULT_DECIMAL_PLACES, FieldDefinition, FieldSettings, FieldType};
use crate::limits::{
    MAX_ATTACHMENTS_PER_FIELD, MAX_DECIMAL_INTEGER_DIGITS, MAX_INTEGER_DIGITS, MAX_TEXT_FIELD_CHARS, MAX_TEXTAREA_CHARS,
};
use crate::signin::parse_file_name;
use crate::text::check_length;
use crate::time::parse_date;
use crate::weburl::WebUrl;

/// One file of an attachment field: `{"fileName":"file1.org","fileUrl":"https://…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    #[serde(rename = "fileName")]
    pub file_name: String,
    #[serde(rename = "fileUrl")]
    pub file_url: String,
}

/// A checked value: text for most types, a path of names for a cascade, files for an
/// attachment field, rows for a table field (tickets only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Text(String),
    Path(Vec<String>),
    Attachments(Vec<Attachment>),
    Rows(Vec<TableRow>),
}

/// One row of a table field: its `rowId` and its non-empty cells by column number, in
/// column order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub row_id: u32,
    pub cells: Vec<(u32, String)>,
}

impl FieldValue {
    /// The wire form, as the seed shows it.
    pub fn to_json(&self) -> Value {
        match self {
            FieldValue::Text(text) => Value::String(text.clone()),
            FieldValue::Path(names) => Value::from(names.clone()),
            FieldValue::Attachments(files) => serde_json::to_value(files).unwrap_or(Value::Null),
            FieldValue::Rows(rows) => Value::from(
                rows.iter()
                    .map(|row| {
                        let mut object = serde_json::Map::new();
                        for (column, text) in &row.cells {
                            object.insert(super::field_key(i64::from(*column)), Value::from(text.as_str()));
                        }
                        object.insert("rowId".to_owned(), Value::from(row.row_id));
                        Value::Object(object)
                    })
                    .collect::<Vec<_>>(),
            ),
        }
    }

    /// What a search matches against: lower-cased, lists joined.
    pub fn search_text(&self) -> String {
        match self {
            FieldValue::Text(text) => text.to_lowercase(),
            FieldValue::Path(names) => names.join("/").to_lowercase(),
            FieldValue::Attachments(files) => {
                files.iter().map(|f| f.file_name.as_str()).collect::<Vec<_>>().join(",").to_lowercase()
            }
            FieldValue::Rows(rows) => rows
                .iter()
                .flat_map(|row| row.cells.iter().map(|(_, text)| text.as_str()))
                .collect::<Vec<_>>()
                .join(",")
                .to_lowercase(),
        }
    }
}

/// Checks `raw` against the field's definition. `pattern` is the compiled pattern of a
/// regexp field. The error says what was expected.
pub fn check_value(definition: &FieldDefinition, pattern: Option<&Regex>, raw: &Value) -> Result<FieldValue, String> {
    check_typed(definition.field_type, &definition.settings, pattern, raw)
}

/// [`check_value`] for a type and its settings: what the definitions of every entity kind
/// (and a table field's columns) share.
pub(crate) fn check_typed(
    field_type: FieldType,
    settings: &FieldSettings,
    pattern: Option<&Regex>,
    raw: &Value,
) -> Result<FieldValue, String> {
    match field_type {
        FieldType::Dropdown => {
            let text = scalar(raw)?;
            if settings.options.contains(&text) {
                Ok(FieldValue::Text(text))
            } else {
                Err(format!("must be one of {}, got {text:?}", settings.options.join(", ")))
            }
        }
        FieldType::Text => {
            let text = scalar(raw)?;
            check_length(&text, 1, MAX_TEXT_FIELD_CHARS)?;
            if text.chars().any(char::is_control) {
                return Err("must be a single line (no line breaks or control characters)".to_owned());
            }
            Ok(FieldValue::Text(text))
        }
        FieldType::Textarea => {
            let text = scalar(raw)?;
            check_length(&text, 1, MAX_TEXTAREA_CHARS)?;
            if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
                return Err("must not contain control characters other than line breaks and tabs".to_owned());
            }
            Ok(FieldValue::Text(text))
        }
        FieldType::Integer => {
            let text = scalar(raw)?;
            let digits_only = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
            if !digits_only || text.starts_with('0') || text.len() > MAX_INTEGER_DIGITS {
                return Err(format!(
                    "must be a positive whole number (digits only, no leading zeros, at most {MAX_INTEGER_DIGITS} digits), got {text:?}"
                ));
            }
            Ok(FieldValue::Text(text))
        }
        FieldType::Decimal => {
            let places = settings.decimal_places.unwrap_or(DEFAULT_DECIMAL_PLACES);
            decimal(&scalar(raw)?, places).map(FieldValue::Text)
        }
        FieldType::Checkbox => match scalar(raw)?.as_str() {
            text @ ("是" | "否") => Ok(FieldValue::Text(text.to_owned())),
            other => Err(format!("must be \"是\" (checked) or \"否\" (unchecked), got {other:?}")),
        },
        FieldType::Date => {
            let text = scalar(raw)?;
            parse_date(&text)?;
            Ok(FieldValue::Text(text))
        }
        FieldType::Regexp => {
            let text = scalar(raw)?;
            check_length(&text, 1, MAX_TEXT_FIELD_CHARS)?;
            let pattern_text = settings.pattern.as_deref().unwrap_or("");
            match pattern {
                Some(regex) if regex.is_match(&text) => Ok(FieldValue::Text(text)),
                _ => Err(format!("must match the pattern {pattern_text:?}, got {text:?}")),
            }
        }
        FieldType::Attachment => attachments(raw).map(FieldValue::Attachments),
        FieldType::Multiselect => {
            let text = scalar(raw)?;
            let chosen: Vec<&str> = text.split(',').collect();
            for (i, choice) in chosen.iter().enumerate() {
                if !settings.options.iter().any(|o| o == choice) {
                    return Err(format!(
                        "must be comma-separated choices among {}; {choice:?} is not one",
                        settings.options.join(", ")
                    ));
                }
                if chosen[..i].contains(choice) {
                    return Err(format!("lists {choice:?} twice"));
                }
            }
            Ok(FieldValue::Text(text))
        }
        FieldType::Cascade => cascade_path(settings, raw).map(FieldValue::Path),
    }
}

/// Strings as they are; numbers in their JSON spelling.
pub(crate) fn scalar(raw: &Value) -> Result<String, String> {
    match raw {
        Value::String(text) => Ok(text.clone()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(format!("must be a string, got {}", kind(other))),
    }
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A decimal with at most `places` fraction digits, written with exactly `places` (the
/// seed shows `"12.00"`).
fn decimal(text: &str, places: u32) -> Result<String, String> {
    let bad = || format!("must be a number with at most {places} decimal places, such as \"12.00\", got {text:?}");
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || (unsigned.contains('.') && fraction.is_empty()) {
        return Err(bad());
    }
    if fraction.len() > places as usize || whole.len() > MAX_DECIMAL_INTEGER_DIGITS {
        return Err(bad());
    }
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let sign = if text.starts_with('-') && (whole != "0" || fraction.bytes().any(|b| b != b'0')) { "-" } else { "" };
    let padded = format!("{fraction:0<width$}", width = places as usize);
    Ok(if places == 0 { format!("{sign}{whole}") } else { format!("{sign}{whole}.{padded}") })
}

fn attachments(raw: &Value) -> Result<Vec<Attachment>, String> {
    let shape = "must be a list of {\"fileName\":…,\"fileUrl\":…}";
    let Value::Array(items) = raw else { return Err(format!("{shape}, got {}", kind(raw))) };
    if items.is_empty() || items.len() > MAX_ATTACHMENTS_PER_FIELD {
        return Err(format!("must hold 1 to {MAX_ATTACHMENTS_PER_FIELD} files, got {}", items.len()));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let file: Attachment =
                serde_json::from_value(item.clone()).map_err(|_| format!("file {}: {shape}", i + 1))?;
            check_file_name(&file.file_name).map_err(|e| format!("file {}: fileName {e}", i + 1))?;
            WebUrl::parse(&file.file_url).map_err(|e| format!("file {}: fileUrl {e}", i + 1))?;
            Ok(file)
        })
        .collect()
}

/// A name with an extension (the seed: "命名需要有后缀"), e.g. `file1.org`.
fn check_file_name(name: &str) -> Result<(), String> {
    parse_file_name(name)?;
    let has_extension = name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && (1..=10).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric())
    });
    if !has_extension || name.contains(['/', '\\']) {
        return Err(format!("must be a file name with an extension such as \"file1.jpg\", got {name:?}"));
    }
    Ok(())
}

fn cascade_path(settings: &FieldSettings, raw: &Value) -> Result<Vec<String>, String> {
    let shape = "must be a list of option names from the top of the tree, such as [\"北京市\",\"丰台区\"]";
    let Value::Array(items) = raw else { return Err(format!("{shape}, got {}", kind(raw))) };
    if items.is_empty() {
        return Err(shape.to_owned());
    }
    let mut level = settings.cascade.as_slice();
    let mut path = Vec::new();
    for item in items {
        let Value::String(name) = item else { return Err(shape.to_owned()) };
        let Some(node) = level.iter().find(|node| &node.name == name) else {
            let choices: Vec<&str> = level.iter().map(|node| node.name.as_str()).collect();
            return Err(if choices.is_empty() {
                format!("{:?} goes deeper than the option tree", name)
            } else {
                format!("{name:?} is not an option here; after {path:?} the options are {}", choices.join(", "))
            });
        };
        path.push(name.clone());
        level = &node.children;
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::{CascadeNode, FieldSettings, compile_pattern};
    use super::*;

    fn definition(field_type: FieldType, settings: FieldSettings) -> FieldDefinition {
        FieldDefinition { number: 1, title: "t".into(), field_type, required: false, settings }
    }

    fn check(field_type: FieldType, settings: FieldSettings, raw: Value) -> Result<Value, String> {
        let def = definition(field_type, settings);
        let regex = def.settings.pattern.as_deref().map(|p| compile_pattern(p).unwrap());
        check_value(&def, regex.as_ref(), &raw).map(|v| v.to_json())
    }

    #[test]
    fn decimals_are_written_with_their_places() {
        assert_eq!(decimal("12", 2), Ok("12.00".into()));
        assert_eq!(decimal("12.00", 2), Ok("12.00".into()));
        assert_eq!(decimal("12.5", 2), Ok("12.50".into()));
        assert_eq!(decimal("-0.5", 2), Ok("-0.50".into()));
        assert_eq!(decimal("-0", 2), Ok("0.00".into()));
        assert_eq!(decimal("007.1", 1), Ok("7.1".into()));
        assert_eq!(decimal("3", 0), Ok("3".into()));
        for bad in ["12.345", "1e3", "12.", ".5", "abc", "", "-", "1.2.3", "1,5"] {
            assert!(decimal(bad, 2).is_err(), "{bad}");
        }
    }

    #[test]
    fn each_type_accepts_and_refuses() {
        let options = FieldSettings { options: vec!["苹果".into(), "香蕉".into()], ..Default::default() };
        assert_eq!(check(FieldType::Dropdown, options.clone(), json!("苹果")), Ok(json!("苹果")));
        assert!(check(FieldType::Dropdown, options.clone(), json!("梨")).unwrap_err().contains("苹果, 香蕉"));
        assert_eq!(check(FieldType::Multiselect, options.clone(), json!("苹果,香蕉")), Ok(json!("苹果,香蕉")));
        assert!(check(FieldType::Multiselect, options.clone(), json!("苹果,苹果")).is_err());
        assert!(check(FieldType::Multiselect, options, json!("苹果,")).is_err());

        let none = FieldSettings::default;
        assert!(check(FieldType::Text, none(), json!("a\nb")).is_err());
        assert_eq!(check(FieldType::Textarea, none(), json!("a\nb")), Ok(json!("a\nb")));
        assert_eq!(check(FieldType::Integer, none(), json!(5)), Ok(json!("5")));
        for bad in [json!("0"), json!("-1"), json!("05"), json!("1.5"), json!(true)] {
            assert!(check(FieldType::Integer, none(), bad.clone()).is_err(), "{bad}");
        }
        assert_eq!(check(FieldType::Checkbox, none(), json!("否")), Ok(json!("否")));
        assert!(check(FieldType::Checkbox, none(), json!("yes")).is_err());
        assert_eq!(check(FieldType::Date, none(), json!("2023-02-12")), Ok(json!("2023-02-12")));
        assert!(check(FieldType::Date, none(), json!("2023-02-30")).is_err());

        let pattern = FieldSettings { pattern: Some("go.*d".into()), ..Default::default() };
        assert_eq!(check(FieldType::Regexp, pattern.clone(), json!("go.*d")), Ok(json!("go.*d")));
        assert!(check(FieldType::Regexp, pattern, json!("bad")).unwrap_err().contains("must match the pattern"));
    }

    #[test]
    fn attachments_and_cascades() {
        let none = FieldSettings::default;
        let files = json!([{"fileName": "file1.org", "fileUrl": "https://huixing.org"}]);
        assert_eq!(check(FieldType::Attachment, none(), files.clone()), Ok(files));
        assert!(
            check(FieldType::Attachment, none(), json!([{"fileName": "noext", "fileUrl": "https://a.b"}])).is_err()
        );
        assert!(check(FieldType::Attachment, none(), json!([{"fileName": "a.txt", "fileUrl": "ftp://a.b"}])).is_err());
        assert!(
            check(FieldType::Attachment, none(), json!([{"fileName": "a.txt", "fileUrl": "https://a", "x": 1}]))
                .is_err()
        );
        assert!(check(FieldType::Attachment, none(), json!([])).is_err());
        let many: Vec<Value> = (0..=MAX_ATTACHMENTS_PER_FIELD)
            .map(|i| json!({"fileName": format!("{i}.jpg"), "fileUrl": "https://a.b"}))
            .collect();
        assert!(check(FieldType::Attachment, none(), Value::from(many)).is_err());

        let leaf = |name: &str| CascadeNode { name: name.into(), children: vec![] };
        let tree = FieldSettings {
            cascade: vec![CascadeNode {
                name: "北京市".into(),
                children: vec![CascadeNode { name: "丰台区".into(), children: vec![leaf("丰科万达")] }],
            }],
            ..Default::default()
        };
        let path = json!(["北京市", "丰台区", "丰科万达"]);
        assert_eq!(check(FieldType::Cascade, tree.clone(), path.clone()), Ok(path));
        assert!(check(FieldType::Cascade, tree.clone(), json!(["丰台区"])).unwrap_err().contains("北京市"));
        assert!(check(FieldType::Cascade, tree.clone(), json!(["北京市", "丰台区", "丰科万达", "更深"])).is_err());
        assert!(check(FieldType::Cascade, tree, json!("北京市")).is_err());
    }
}
