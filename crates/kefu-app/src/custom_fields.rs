//! Custom field values as a request sends them, checked against the company's definitions:
//! what every write of an entity with custom fields does (agents now; companies, contacts
//! and tickets next).

use std::collections::HashMap;
use std::sync::Arc;

use kefu_domain::custom_field::{FieldDefinition, FieldValue, check_value, compile_pattern, is_blank};
use kefu_domain::{FieldError, TenantId};
use regex::Regex;
use serde_json::Value;

use crate::{App, AppError};

/// One `{"key":"field_N","value":…}` as sent: the edge has checked its shape (a key that is
/// a field key, a value present); whether field N exists and takes this value is checked
/// here. `""`, `null` and `[]` clear the field.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomValue {
    pub number: i64,
    pub value: Value,
}

/// A problem with one custom field value, named `custom_fields.field_N`.
pub fn value_problem(number: i64, message: impl Into<String>) -> FieldError {
    FieldError::new(format!("custom_fields.field_{number}"), message)
}

/// A tenant's definitions with their patterns compiled.
pub struct FieldContext {
    pub definitions: Vec<FieldDefinition>,
    patterns: HashMap<i64, Arc<Regex>>,
}

impl FieldContext {
    pub(crate) async fn load(app: &App, tenant: TenantId) -> Result<Self, AppError> {
        let definitions: Vec<FieldDefinition> =
            app.store().field_definitions(tenant).await?.into_iter().map(|r| r.definition).collect();
        let mut patterns = HashMap::new();
        for definition in &definitions {
            if let Some(regex) = definition.settings.pattern.as_deref().and_then(|p| app.pattern(p)) {
                patterns.insert(definition.number, regex);
            }
        }
        Ok(FieldContext { definitions, patterns })
    }

    pub fn definition(&self, number: i64) -> Option<&FieldDefinition> {
        self.definitions.iter().find(|d| d.number == number)
    }

    fn pattern(&self, number: i64) -> Option<&Regex> {
        self.patterns.get(&number).map(Arc::as_ref)
    }

    /// The values to write, by field number (None clears), and every problem. On creation
    /// every required field must get a value and nothing is cleared; on an update the
    /// values are merged by key, and a required field cannot be cleared.
    pub fn check(&self, sent: Vec<CustomValue>, creating: bool) -> (Vec<(i64, Option<FieldValue>)>, Vec<FieldError>) {
        let mut values: Vec<(i64, Option<FieldValue>)> = Vec::new();
        let mut problems = Vec::new();
        for CustomValue { number, value } in sent {
            match self.value(number, &value, creating) {
                Ok(_) if values.iter().any(|(n, _)| *n == number) => {
                    problems.push(value_problem(number, "is given twice"));
                }
                Ok(checked) => values.push((number, checked)),
                Err(message) => problems.push(value_problem(number, message)),
            }
        }
        if creating {
            for definition in self.definitions.iter().filter(|d| d.required) {
                let given = values.iter().any(|(n, v)| *n == definition.number && v.is_some());
                let reported = problems.iter().any(|p| p.field == format!("custom_fields.{}", definition.key()));
                if !given && !reported {
                    problems.push(value_problem(definition.number, format!("is required ({})", definition.title)));
                }
            }
            values.retain(|(_, value)| value.is_some());
        }
        (values, problems)
    }
}

impl FieldContext {
    /// One value checked against field `number`'s definition; None clears the field.
    fn value(&self, number: i64, value: &Value, creating: bool) -> Result<Option<FieldValue>, String> {
        let Some(definition) = self.definition(number) else {
            return Err("no such custom field is defined for this company".to_owned());
        };
        if is_blank(value) {
            if definition.required && !creating {
                return Err("is required and cannot be cleared".to_owned());
            }
            return Ok(None);
        }
        check_value(definition, self.pattern(number), value).map(Some)
    }
}

impl App {
    /// A custom field's pattern, compiled once per process; one that no longer compiles
    /// matches nothing.
    fn pattern(&self, pattern: &str) -> Option<Arc<Regex>> {
        if let Some(regex) = self.0.patterns.get(pattern) {
            return Some(regex);
        }
        let regex = Arc::new(compile_pattern(pattern).ok()?);
        self.0.patterns.insert(pattern.to_owned(), regex.clone());
        Some(regex)
    }
}

#[cfg(test)]
mod tests {
    use kefu_domain::custom_field::{FieldSettings, FieldType};
    use serde_json::json;

    use super::*;

    fn context() -> FieldContext {
        let definition = |number, required| FieldDefinition {
            number,
            title: format!("f{number}"),
            field_type: FieldType::Text,
            required,
            settings: FieldSettings::default(),
        };
        FieldContext { definitions: vec![definition(1, true), definition(2, false)], patterns: HashMap::new() }
    }

    fn value(number: i64, value: serde_json::Value) -> CustomValue {
        CustomValue { number, value }
    }

    fn fields(problems: &[FieldError]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    #[test]
    fn a_new_agent_gets_every_required_field() {
        let (values, problems) = context().check(vec![value(2, json!("x"))], true);
        assert_eq!(values.len(), 1);
        assert_eq!(fields(&problems), ["custom_fields.field_1"]);
        assert_eq!(problems[0].message, "is required (f1)");
    }

    #[test]
    fn a_change_merges_clears_and_refuses() {
        let sent = vec![value(2, json!("")), value(1, json!(null)), value(9, json!("x")), value(2, json!("again"))];
        let (values, problems) = context().check(sent, false);
        assert_eq!(values, [(2, None)], "an optional field is cleared");
        assert_eq!(fields(&problems), ["custom_fields.field_1", "custom_fields.field_9", "custom_fields.field_2"]);
        assert_eq!(problems[0].message, "is required and cannot be cleared");
        assert_eq!(problems[2].message, "is given twice");
    }
}
