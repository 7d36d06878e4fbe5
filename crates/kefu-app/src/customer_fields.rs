//! Custom values of companies and contacts (and tickets next), checked against the
//! tenant's definitions of that kind in the endpoint's dialect (`_v2`: option ids), and
//! rendered back the same way.

use kefu_domain::custom_field::{CustomField, FieldEntity, FieldValue, field_key, is_blank};
use kefu_domain::{FieldError, TenantId};
use regex::Regex;
use serde_json::Value;

pub use kefu_domain::custom_field::ValueDialect;

use crate::custom_fields::{CustomValue, value_problem};
use crate::{App, AppError};

/// A tenant's definitions of one kind, with their patterns compiled.
pub struct EntityFields {
    pub fields: Vec<CustomField>,
    patterns: Vec<(i64, Regex)>,
}

impl EntityFields {
    pub async fn load(app: &App, tenant: TenantId, entity: FieldEntity) -> Result<Self, AppError> {
        let fields: Vec<CustomField> =
            app.store().custom_fields(tenant, entity).await?.into_iter().map(|r| r.field).collect();
        // A stored pattern that no longer compiles matches nothing (as for agents).
        let patterns = fields.iter().filter_map(|f| Some((f.number, f.compile().ok()??))).collect();
        Ok(EntityFields { fields, patterns })
    }

    fn field(&self, number: i64) -> Option<&CustomField> {
        self.fields.iter().find(|f| f.number == number)
    }

    /// The values to write (None clears) and every problem, as for agents: on creation
    /// every required field needs a value; on an update a required one cannot be cleared.
    pub fn check(
        &self,
        sent: Vec<CustomValue>,
        creating: bool,
        dialect: ValueDialect,
    ) -> (Vec<(i64, Option<FieldValue>)>, Vec<FieldError>) {
        let mut values: Vec<(i64, Option<FieldValue>)> = Vec::new();
        let mut problems = Vec::new();
        for CustomValue { number, value } in sent {
            let checked = match self.field(number) {
                None => Err("no such custom field is defined for this company".to_owned()),
                Some(field) if is_blank(&value) => {
                    if field.required && !creating {
                        Err("is required and cannot be cleared".to_owned())
                    } else {
                        Ok(None)
                    }
                }
                Some(field) => {
                    let pattern = self.patterns.iter().find(|(n, _)| *n == number).map(|(_, r)| r);
                    field.check_value(pattern, &value, dialect).map(Some)
                }
            };
            match checked {
                Ok(_) if values.iter().any(|(n, _)| *n == number) => {
                    problems.push(value_problem(number, "is given twice"))
                }
                Ok(checked) => values.push((number, checked)),
                Err(message) => problems.push(value_problem(number, message)),
            }
        }
        if creating {
            for field in self.fields.iter().filter(|f| f.required) {
                let given = values.iter().any(|(n, v)| *n == field.number && v.is_some());
                let reported = problems.iter().any(|p| p.field == format!("custom_fields.{}", field.key()));
                if !given && !reported {
                    problems.push(value_problem(field.number, format!("is required ({})", field.title)));
                }
            }
            values.retain(|(_, value)| value.is_some());
        }
        (values, problems)
    }

    /// Stored values (field number, JSON text) in the dialect's wire form.
    pub fn render(&self, stored: &[(i64, String)], dialect: ValueDialect) -> Vec<(String, Value)> {
        stored
            .iter()
            .map(|(number, json)| {
                let value: Value = serde_json::from_str(json).unwrap_or_else(|_| Value::String(json.clone()));
                let rendered = match (self.field(*number), &value) {
                    (Some(field), Value::String(text)) if field.kind.has_option_ids() => {
                        field.render(&FieldValue::Text(text.clone()), dialect)
                    }
                    (Some(field), Value::Array(items)) if field.kind.has_option_ids() => {
                        let path: Vec<String> = items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect();
                        field.render(&FieldValue::Path(path), dialect)
                    }
                    _ => value,
                };
                (field_key(*number), rendered)
            })
            .collect()
    }
}
