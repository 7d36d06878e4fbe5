//! Values of every entity kind's fields, in the two dialects of the hosted API: the old
//! endpoints send and answer a choice as its text, the `_v2` ones as its option id. Values
//! are kept as text either way (a renamed option does not rewrite stored values, as for
//! agents); ids are resolved on the way in and looked up on the way out.

use regex::Regex;
use serde_json::Value;

use super::entity::CustomField;
use super::kind::FieldKind;
use super::options::OptionIds;
use super::value::{FieldValue, check_typed, scalar};
use super::{FieldType, is_blank};
use crate::agent::{FixNumber, Mobile};
use crate::limits::MAX_STARS;

/// How choices travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueDialect {
    /// The old endpoints (`/users/{id}.json`, `/tickets/{id}.json`): option text.
    OptionText,
    /// The `_v2` endpoints: option ids.
    OptionIds,
}

impl CustomField {
    /// Checks a value sent for this field. A choice is read in the dialect's form first and
    /// in the other one second, so a client that reads `_v2` and writes to an old endpoint
    /// (or the reverse) is understood; an option whose text is another option's id is
    /// therefore read as the dialect says. `pattern` is [`CustomField::compile`]'s.
    pub fn check_value(
        &self,
        pattern: Option<&Regex>,
        raw: &Value,
        dialect: ValueDialect,
    ) -> Result<FieldValue, String> {
        let ids = || self.option_ids();
        match self.kind {
            FieldKind::Basic(FieldType::Dropdown) => {
                let text = resolve_choice(&ids(), &[], &scalar(raw)?, dialect);
                check_typed(FieldType::Dropdown, &self.settings.base, None, &Value::String(text))
            }
            FieldKind::Basic(FieldType::Multiselect) => {
                let ids = ids();
                let items: Vec<String> = match raw {
                    Value::Array(items) => items.iter().map(scalar).collect::<Result<_, _>>()?,
                    other => scalar(other)?.split(',').map(str::to_owned).collect(),
                };
                let texts: Vec<String> = items.iter().map(|item| resolve_choice(&ids, &[], item, dialect)).collect();
                check_typed(FieldType::Multiselect, &self.settings.base, None, &Value::String(texts.join(",")))
            }
            FieldKind::Basic(FieldType::Cascade) => {
                let Value::Array(items) = raw else {
                    return check_typed(FieldType::Cascade, &self.settings.base, None, raw);
                };
                let ids = ids();
                let mut path: Vec<String> = Vec::new();
                for item in items {
                    let item = scalar(item).map_err(|_| "must be a list of option names or ids".to_owned())?;
                    let name = resolve_choice(&ids, &path, &item, dialect);
                    path.push(name);
                }
                check_typed(FieldType::Cascade, &self.settings.base, None, &Value::from(path))
            }
            FieldKind::Basic(field_type) => check_typed(field_type, &self.settings.base, pattern, raw),
            FieldKind::Table => match &self.settings.table {
                Some(table) => table.check_rows(raw).map(FieldValue::Rows),
                None => Err("has no columns defined".to_owned()),
            },
            FieldKind::Stars => {
                let text = scalar(raw)?;
                match text.parse::<u32>() {
                    Ok(stars) if (1..=MAX_STARS).contains(&stars) && text.len() == 1 => Ok(FieldValue::Text(text)),
                    _ => Err(format!("must be a number of stars from 1 to {MAX_STARS}, got {text:?}")),
                }
            }
            FieldKind::Phone => {
                let text = scalar(raw)?;
                if text.is_empty() || (Mobile::parse(&text).is_err() && FixNumber::parse(&text).is_err()) {
                    return Err(format!(
                        "must be a mobile number (13039209552, +441234567) or a landline (010-63701717-8280), got {text:?}"
                    ));
                }
                Ok(FieldValue::Text(text))
            }
        }
    }

    /// Whether `raw` clears the field (`""`, `null`, `[]`), as for agents.
    pub fn clears(raw: &Value) -> bool {
        is_blank(raw)
    }

    /// The wire form of a stored value in a dialect: choices as ids for `_v2` (a choice
    /// removed from the definition since keeps its text, having no id), as text otherwise.
    pub fn render(&self, value: &FieldValue, dialect: ValueDialect) -> Value {
        if dialect == ValueDialect::OptionText || !self.kind.has_option_ids() {
            return value.to_json();
        }
        let ids = self.option_ids();
        let id_or_text = |path: &[&str]| match ids.id_of(path) {
            Some(id) => id.to_string(),
            None => path.last().copied().unwrap_or("").to_owned(),
        };
        match (self.kind, value) {
            (FieldKind::Basic(FieldType::Dropdown), FieldValue::Text(text)) => Value::from(id_or_text(&[text])),
            (FieldKind::Basic(FieldType::Multiselect), FieldValue::Text(text)) => {
                Value::from(text.split(',').map(|choice| id_or_text(&[choice])).collect::<Vec<_>>().join(","))
            }
            (FieldKind::Basic(FieldType::Cascade), FieldValue::Path(names)) => {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                Value::from((1..=names.len()).map(|depth| id_or_text(&names[..depth])).collect::<Vec<_>>())
            }
            _ => value.to_json(),
        }
    }
}

/// The text of the choice `item` names under `parent` (the path chosen so far, empty for a
/// dropdown): by id first in the ids dialect, by text first in the text dialect. An item
/// that is neither is returned as it is, for the type's check to refuse with its message.
fn resolve_choice(ids: &OptionIds, parent: &[String], item: &str, dialect: ValueDialect) -> String {
    let by_text = || {
        let mut path: Vec<&str> = parent.iter().map(String::as_str).collect();
        path.push(item);
        ids.id_of(&path).map(|_| item.to_owned())
    };
    let by_id = || {
        let id = item.parse::<u32>().ok().filter(|_| !item.starts_with(['0', '+']))?;
        let path = ids.path_of(id)?;
        let (last, above) = path.split_last()?;
        (above.len() == parent.len() && above.iter().zip(parent).all(|(a, b)| *a == b)).then(|| (*last).to_owned())
    };
    let found = match dialect {
        ValueDialect::OptionIds => by_id().or_else(by_text),
        ValueDialect::OptionText => by_text().or_else(by_id),
    };
    found.unwrap_or_else(|| item.to_owned())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::entity::CustomFieldSettings;
    use super::super::kind::FieldEntity;
    use super::super::{CascadeNode, FieldSettings};
    use super::*;

    fn field(kind: FieldKind, base: FieldSettings) -> CustomField {
        let option_ids = OptionIds::default().reassign(&base);
        CustomField {
            entity: FieldEntity::Ticket,
            number: 1,
            title: "t".into(),
            kind,
            required: false,
            settings: CustomFieldSettings { base, option_ids, ..Default::default() },
        }
    }

    fn fruit() -> CustomField {
        // Option "2" is a text that is also another option's id: the dialect decides.
        let base = FieldSettings { options: vec!["苹果".into(), "香蕉".into(), "2".into()], ..Default::default() };
        field(FieldKind::Basic(FieldType::Dropdown), base)
    }

    fn places() -> CustomField {
        let leaf = |name: &str| CascadeNode { name: name.into(), children: vec![] };
        let base = FieldSettings {
            cascade: vec![CascadeNode {
                name: "北京市".into(), children: vec![leaf("丰台区"), leaf("海淀区")]
            }],
            ..Default::default()
        };
        field(FieldKind::Basic(FieldType::Cascade), base)
    }

    #[test]
    fn dropdowns_in_both_dialects() {
        let f = fruit();
        let text = |raw: Value, d| f.check_value(None, &raw, d).map(|v| v.to_json());
        assert_eq!(text(json!("苹果"), ValueDialect::OptionText), Ok(json!("苹果")));
        assert_eq!(text(json!("1"), ValueDialect::OptionIds), Ok(json!("苹果")));
        assert_eq!(text(json!(1), ValueDialect::OptionIds), Ok(json!("苹果")));
        assert_eq!(text(json!("苹果"), ValueDialect::OptionIds), Ok(json!("苹果")), "text understood on _v2 too");
        assert_eq!(text(json!("1"), ValueDialect::OptionText), Ok(json!("苹果")), "an id understood on the old ones");
        assert_eq!(text(json!("2"), ValueDialect::OptionText), Ok(json!("2")), "the text wins on the old endpoints");
        assert_eq!(text(json!("2"), ValueDialect::OptionIds), Ok(json!("香蕉")), "the id wins on _v2");
        assert!(text(json!("9"), ValueDialect::OptionIds).unwrap_err().contains("must be one of"));
        assert!(text(json!("01"), ValueDialect::OptionIds).is_err());

        let stored = FieldValue::Text("香蕉".into());
        assert_eq!(f.render(&stored, ValueDialect::OptionIds), json!("2"));
        assert_eq!(f.render(&stored, ValueDialect::OptionText), json!("香蕉"));
        assert_eq!(f.render(&FieldValue::Text("已删除".into()), ValueDialect::OptionIds), json!("已删除"));
    }

    #[test]
    fn multiselects_and_cascades_in_both_dialects() {
        let base = FieldSettings { options: vec!["苹果".into(), "香蕉".into()], ..Default::default() };
        let multi = field(FieldKind::Basic(FieldType::Multiselect), base);
        let check = |raw: Value| multi.check_value(None, &raw, ValueDialect::OptionIds).map(|v| v.to_json());
        assert_eq!(check(json!("2,1")), Ok(json!("香蕉,苹果")));
        assert_eq!(check(json!(["1", 2])), Ok(json!("苹果,香蕉")));
        assert!(check(json!("1,1")).unwrap_err().contains("twice"));
        assert_eq!(multi.render(&FieldValue::Text("香蕉,苹果".into()), ValueDialect::OptionIds), json!("2,1"));

        let cascade = places();
        let check = |raw: Value, d| cascade.check_value(None, &raw, d).map(|v| v.to_json());
        assert_eq!(check(json!(["1", "3"]), ValueDialect::OptionIds), Ok(json!(["北京市", "海淀区"])));
        assert_eq!(check(json!([1, "海淀区"]), ValueDialect::OptionIds), Ok(json!(["北京市", "海淀区"])));
        assert_eq!(check(json!(["北京市", "丰台区"]), ValueDialect::OptionText), Ok(json!(["北京市", "丰台区"])));
        assert!(check(json!(["2"]), ValueDialect::OptionIds).is_err(), "2 is not a top-level node");
        assert!(check(json!("北京市"), ValueDialect::OptionText).is_err());
        let stored = FieldValue::Path(vec!["北京市".into(), "丰台区".into()]);
        assert_eq!(cascade.render(&stored, ValueDialect::OptionIds), json!(["1", "2"]));
        assert_eq!(cascade.render(&stored, ValueDialect::OptionText), json!(["北京市", "丰台区"]));
    }

    #[test]
    fn stars_and_phones() {
        let stars = field(FieldKind::Stars, FieldSettings::default());
        let phone = field(FieldKind::Phone, FieldSettings::default());
        let check =
            |f: &CustomField, raw: Value| f.check_value(None, &raw, ValueDialect::OptionText).map(|v| v.to_json());
        assert_eq!(check(&stars, json!(5)), Ok(json!("5")));
        assert_eq!(check(&stars, json!("1")), Ok(json!("1")));
        for bad in [json!(0), json!(6), json!("05"), json!("3.0"), json!(""), json!(true)] {
            assert!(check(&stars, bad.clone()).is_err(), "{bad}");
        }
        assert_eq!(check(&phone, json!("13039209552")), Ok(json!("13039209552")));
        assert_eq!(check(&phone, json!("010-63701717-8280")), Ok(json!("010-63701717-8280")));
        for bad in [json!(""), json!("call me"), json!(12)] {
            assert!(check(&phone, bad.clone()).is_err(), "{bad}");
        }
    }

    #[test]
    fn basic_types_keep_the_agents_rules() {
        let text = field(FieldKind::Basic(FieldType::Text), FieldSettings::default());
        assert!(text.check_value(None, &json!("a\nb"), ValueDialect::OptionIds).is_err());
        let integer = field(FieldKind::Basic(FieldType::Integer), FieldSettings::default());
        assert_eq!(integer.check_value(None, &json!(7), ValueDialect::OptionText), Ok(FieldValue::Text("7".into())));
        assert!(
            CustomField::clears(&json!("")) && CustomField::clears(&json!(null)) && CustomField::clears(&json!([]))
        );
        assert!(!CustomField::clears(&json!("x")));
    }
}
