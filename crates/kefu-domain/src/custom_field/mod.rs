//! Custom fields (自定义字段): the eleven types of the seed, their definitions (made by
//! administrators), and the checks every value passes on every write. Agents' fields were
//! the first; companies, contacts and tickets have fields on the same engine
//! ([`CustomField`], with its entity kind, the types only tickets have, option ids and
//! read-only ranges).

mod dialect;
mod entity;
mod kind;
mod options;
mod readonly;
mod table;
mod value;

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use crate::limits::{
    MAX_CASCADE_DEPTH, MAX_CASCADE_NODES, MAX_FIELD_OPTIONS, MAX_FIELD_TITLE_CHARS, MAX_OPTION_CHARS, MAX_PATTERN_CHARS,
};
use crate::text::{check_length, check_no_control, check_trimmed};
use crate::{FieldError, Problems};

pub use dialect::ValueDialect;
pub use entity::{CustomField, CustomFieldSettings};
pub use kind::{FieldEntity, FieldKind};
pub use options::{OptionIds, OptionNode};
pub use readonly::ReadOnly;
pub use table::{COLUMN_TYPES, TableColumn, TableSettings};
pub use value::{Attachment, FieldValue, TableRow, check_value};

/// Whether a value sent for a field clears it: `""`, `null` or `[]`.
pub fn is_blank(raw: &serde_json::Value) -> bool {
    match raw {
        serde_json::Value::Null => true,
        serde_json::Value::String(text) => text.is_empty(),
        serde_json::Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// The seed's eleven kinds: 下拉, 单行文本, 多行文本, 正整数, 小数, 复选框, 日期, 正则表达式, 附件,
/// 高级复选框, 级联. Stored (in a table's columns) by their wire names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Dropdown,
    Text,
    Textarea,
    Integer,
    Decimal,
    Checkbox,
    Date,
    Regexp,
    Attachment,
    Multiselect,
    Cascade,
}

impl FieldType {
    pub const ALL: [FieldType; 11] = [
        FieldType::Dropdown,
        FieldType::Text,
        FieldType::Textarea,
        FieldType::Integer,
        FieldType::Decimal,
        FieldType::Checkbox,
        FieldType::Date,
        FieldType::Regexp,
        FieldType::Attachment,
        FieldType::Multiselect,
        FieldType::Cascade,
    ];

    pub fn wire_name(self) -> &'static str {
        match self {
            FieldType::Dropdown => "dropdown",
            FieldType::Text => "text",
            FieldType::Textarea => "textarea",
            FieldType::Integer => "integer",
            FieldType::Decimal => "decimal",
            FieldType::Checkbox => "checkbox",
            FieldType::Date => "date",
            FieldType::Regexp => "regexp",
            FieldType::Attachment => "attachment",
            FieldType::Multiselect => "multiselect",
            FieldType::Cascade => "cascade",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        FieldType::ALL.into_iter().find(|t| t.wire_name() == raw).ok_or_else(|| {
            let names: Vec<_> = FieldType::ALL.iter().map(|t| t.wire_name()).collect();
            format!("must be one of {}, got {raw:?}", names.join(", "))
        })
    }

    fn takes_options(self) -> bool {
        matches!(self, FieldType::Dropdown | FieldType::Multiselect)
    }
}

/// One node of a cascade's option tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CascadeNode {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<CascadeNode>,
}

/// The settings of a definition; only those of its type are set. Stored as JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSettings {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal_places: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cascade: Vec<CascadeNode>,
}

/// A custom field's key: `field_N`, assigned by the server, N in canonical form
/// (`field_01` and `field_+1` are refused as other spellings of `field_1`).
pub fn parse_field_key(raw: &str) -> Result<u32, String> {
    let digits = raw.strip_prefix("field_");
    if let Some(canonical) = digits.and_then(crate::ids::canonical_spelling) {
        return Err(crate::ids::not_canonical(raw, &format!("field_{canonical}")));
    }
    let number = digits.filter(|n| n.bytes().all(|b| b.is_ascii_digit())).and_then(|n| n.parse::<u32>().ok());
    number.filter(|n| *n > 0).ok_or_else(|| format!("must be a custom field key such as field_1, got {raw:?}"))
}

pub fn field_key(number: i64) -> String {
    format!("field_{number}")
}

/// A defined field, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDefinition {
    pub number: i64,
    pub title: String,
    pub field_type: FieldType,
    pub required: bool,
    pub settings: FieldSettings,
}

impl FieldDefinition {
    pub fn key(&self) -> String {
        field_key(self.number)
    }
}

/// Decimal places when a definition gives none: the seed's `"12.00"`.
pub const DEFAULT_DECIMAL_PLACES: u32 = 2;
/// Most decimal places a definition may ask for.
pub const MAX_DECIMAL_PLACES: u32 = 6;

/// Compiles a regexp field's pattern so that it must match a whole value. The `regex`
/// crate runs in linear time, and the size limits refuse patterns whose automaton would be
/// huge, so no value can make matching slow.
pub fn compile_pattern(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build()
        .map_err(|e| format!("is not a valid regular expression: {e}"))
}

/// Checks a definition's title and its type's settings, naming each problem by the member
/// of `support_field` it concerns. Settings of another type are refused, not ignored.
pub fn check_definition(title: &str, field_type: FieldType, settings: &FieldSettings) -> Result<(), Vec<FieldError>> {
    let mut problems = Problems::new();
    problems.check("title", check_length(title, 1, MAX_FIELD_TITLE_CHARS).and_then(|()| check_no_control(title)));
    let misplaced = |types: &str| format!("is only for {types} fields, not {}", field_type.wire_name());

    if field_type.takes_options() {
        problems.check("options", check_options(&settings.options, field_type));
    } else if !settings.options.is_empty() {
        problems.push(FieldError::new("options", misplaced("dropdown and multiselect")));
    }
    match (&settings.pattern, field_type) {
        (Some(pattern), FieldType::Regexp) => {
            let length = check_length(pattern, 1, MAX_PATTERN_CHARS);
            problems.check("pattern", length.and_then(|()| compile_pattern(pattern).map(|_| ())));
        }
        (None, FieldType::Regexp) => problems.push(FieldError::new("pattern", "is required for a regexp field")),
        (Some(_), _) => problems.push(FieldError::new("pattern", misplaced("regexp"))),
        (None, _) => {}
    }
    match (settings.decimal_places, field_type) {
        (Some(places), FieldType::Decimal) if places > MAX_DECIMAL_PLACES => problems
            .push(FieldError::new("decimal_places", format!("must be from 0 to {MAX_DECIMAL_PLACES}, got {places}"))),
        (Some(_), FieldType::Decimal) | (None, _) => {}
        (Some(_), _) => problems.push(FieldError::new("decimal_places", misplaced("decimal"))),
    }
    if field_type == FieldType::Cascade {
        problems.check("cascade", check_cascade(&settings.cascade));
    } else if !settings.cascade.is_empty() {
        problems.push(FieldError::new("cascade", misplaced("cascade")));
    }
    problems.into_result()
}

fn check_option_name(name: &str) -> Result<(), String> {
    check_length(name, 1, MAX_OPTION_CHARS)
        .and_then(|()| check_no_control(name))
        .and_then(|()| check_trimmed(name))
        .map_err(|e| format!("option {name:?} {e}"))
}

fn check_options(options: &[String], field_type: FieldType) -> Result<(), String> {
    if options.is_empty() {
        return Err(format!("is required for a {} field: a list of choices", field_type.wire_name()));
    }
    if options.len() > MAX_FIELD_OPTIONS {
        return Err(format!("must have at most {MAX_FIELD_OPTIONS} choices, got {}", options.len()));
    }
    for (i, option) in options.iter().enumerate() {
        check_option_name(option)?;
        if field_type == FieldType::Multiselect && option.contains(',') {
            return Err(format!("option {option:?} must not contain ',' (multiselect values are comma-separated)"));
        }
        if options[..i].contains(option) {
            return Err(format!("lists {option:?} twice"));
        }
    }
    Ok(())
}

fn check_cascade(roots: &[CascadeNode]) -> Result<(), String> {
    if roots.is_empty() {
        return Err("is required for a cascade field: a tree of {\"name\":…,\"children\":[…]}".to_owned());
    }
    let mut nodes = 0;
    check_level(roots, 1, &mut nodes)
}

fn check_level(level: &[CascadeNode], depth: usize, nodes: &mut usize) -> Result<(), String> {
    if depth > MAX_CASCADE_DEPTH {
        return Err(format!("must be at most {MAX_CASCADE_DEPTH} levels deep"));
    }
    for (i, node) in level.iter().enumerate() {
        *nodes += 1;
        if *nodes > MAX_CASCADE_NODES {
            return Err(format!("must have at most {MAX_CASCADE_NODES} options in all"));
        }
        check_option_name(&node.name)?;
        if level[..i].iter().any(|sibling| sibling.name == node.name) {
            return Err(format!("lists {:?} twice on one level", node.name));
        }
        check_level(&node.children, depth + 1, nodes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> FieldSettings {
        FieldSettings::default()
    }

    #[test]
    fn keys() {
        assert_eq!(parse_field_key("field_3"), Ok(3));
        for bad in ["field_0", "field_03", "field_", "field_x", "3", "Field_3", "field_+1", "field_-1"] {
            assert!(parse_field_key(bad).is_err(), "{bad}");
        }
        for alias in ["field_03", "field_+3"] {
            assert!(parse_field_key(alias).unwrap_err().ends_with("write field_3"), "{alias}");
        }
        assert_eq!(field_key(11), "field_11");
    }

    #[test]
    fn types_by_wire_name() {
        for t in FieldType::ALL {
            assert_eq!(FieldType::parse(t.wire_name()), Ok(t));
        }
        assert!(FieldType::parse("select").unwrap_err().contains("dropdown, text"));
    }

    #[test]
    fn definitions_need_their_settings_and_only_theirs() {
        let dropdown = FieldSettings { options: vec!["a".into(), "b".into()], ..settings() };
        assert!(check_definition("颜色", FieldType::Dropdown, &dropdown).is_ok());
        assert_eq!(check_definition("颜色", FieldType::Dropdown, &settings()).unwrap_err()[0].field, "options");
        assert_eq!(check_definition("颜色", FieldType::Text, &dropdown).unwrap_err()[0].field, "options");
        let dup = FieldSettings { options: vec!["a".into(), "a".into()], ..settings() };
        assert!(check_definition("x", FieldType::Dropdown, &dup).unwrap_err()[0].message.contains("twice"));
        let comma = FieldSettings { options: vec!["a,b".into()], ..settings() };
        assert!(check_definition("x", FieldType::Multiselect, &comma).is_err());
        assert!(check_definition("x", FieldType::Dropdown, &comma).is_ok());
        assert_eq!(check_definition("", FieldType::Text, &settings()).unwrap_err()[0].field, "title");
    }

    #[test]
    fn patterns_compile_or_are_refused() {
        let good = FieldSettings { pattern: Some("go.*d".into()), ..settings() };
        assert!(check_definition("p", FieldType::Regexp, &good).is_ok());
        let bad = FieldSettings { pattern: Some("(unclosed".into()), ..settings() };
        assert!(check_definition("p", FieldType::Regexp, &bad).unwrap_err()[0].message.contains("not a valid regular"));
        assert_eq!(check_definition("p", FieldType::Regexp, &settings()).unwrap_err()[0].field, "pattern");
        let huge = FieldSettings { pattern: Some("(a{1000}){1000}".into()), ..settings() };
        assert!(check_definition("p", FieldType::Regexp, &huge).is_err(), "automaton too large");
        let regex = compile_pattern("go.*d").unwrap();
        assert!(regex.is_match("good") && !regex.is_match("good!"), "whole-value match");
    }

    #[test]
    fn decimal_places_and_cascades() {
        let places = FieldSettings { decimal_places: Some(7), ..settings() };
        assert!(check_definition("d", FieldType::Decimal, &places).is_err());
        assert!(
            check_definition("d", FieldType::Text, &FieldSettings { decimal_places: Some(2), ..settings() }).is_err()
        );
        let leaf = |name: &str| CascadeNode { name: name.into(), children: vec![] };
        let tree = vec![CascadeNode { name: "北京市".into(), children: vec![leaf("丰台区"), leaf("海淀区")] }];
        assert!(check_definition("c", FieldType::Cascade, &FieldSettings { cascade: tree, ..settings() }).is_ok());
        let twins = vec![leaf("a"), leaf("a")];
        assert!(check_definition("c", FieldType::Cascade, &FieldSettings { cascade: twins, ..settings() }).is_err());
        let mut deep = leaf("x");
        for _ in 0..MAX_CASCADE_DEPTH {
            deep = CascadeNode { name: "x".into(), children: vec![deep] };
        }
        assert!(
            check_definition("c", FieldType::Cascade, &FieldSettings { cascade: vec![deep], ..settings() }).is_err()
        );
    }
}
