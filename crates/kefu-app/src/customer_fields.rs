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
    /// No definitions: enough to render records that have no values.
    pub fn none() -> Self {
        EntityFields { fields: Vec::new(), patterns: Vec::new() }
    }

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

/// Defining custom fields of companies, contacts and tickets (administrators), with the
/// agents' definition input (and, for tickets, their extra types, columns and read-only
/// range): `app.customer_fields()`.
pub struct CustomerFields<'a>(&'a App);

impl App {
    pub fn customer_fields(&self) -> CustomerFields<'_> {
        CustomerFields(self)
    }
}

impl CustomerFields<'_> {
    /// The definition `input` makes of `current` (None: a new one), checked.
    fn apply(
        entity: FieldEntity,
        input: crate::fields::FieldInput,
        current: Option<&CustomField>,
    ) -> Result<CustomField, AppError> {
        use kefu_domain::custom_field::{DEFAULT_DECIMAL_PLACES, FieldKind, FieldType, TableSettings};
        let mut problems = Vec::new();
        if let (Some(sent), Some(field)) = (&input.key, current)
            && *sent != field.key()
        {
            problems.push(FieldError::new("key", "cannot be changed"));
        }
        let kind = match (input.kind.or(input.field_type.map(FieldKind::Basic)), current) {
            (Some(sent), Some(field)) if sent != field.kind => {
                problems.push(FieldError::new("type", "cannot be changed: remove the field and define a new one"));
                None
            }
            (_, Some(field)) => Some(field.kind),
            (sent, None) => sent,
        };
        problems.extend(input.problems);
        AppError::check(problems)?;
        let title = input.title.or_else(|| current.map(|f| f.title.clone()));
        let (Some(kind), Some(title)) = (kind, title) else { return Err(AppError::internal()) };
        let mut settings = current.map(|f| f.settings.clone()).unwrap_or_default();
        if let Some(options) = input.options {
            settings.base.options = options;
        }
        if let Some(pattern) = input.pattern {
            settings.base.pattern = Some(pattern);
        }
        if let Some(places) = input.decimal_places {
            settings.base.decimal_places = Some(places);
        }
        if let Some(cascade) = input.cascade {
            settings.base.cascade = cascade;
        }
        if kind == FieldKind::Basic(FieldType::Decimal) && settings.base.decimal_places.is_none() {
            settings.base.decimal_places = Some(DEFAULT_DECIMAL_PLACES);
        }
        if let Some(readonly) = input.readonly {
            settings.readonly = readonly;
        }
        if let Some(columns) = input.columns {
            // Numbered before the check (which wants every column numbered), after every
            // number the table ever used: a removed column's key is never given again.
            let last = settings.table.as_ref().map_or(0, |t| t.last_column);
            let mut table = TableSettings { columns, last_column: last };
            table.number_new_columns(last);
            settings.table = Some(table);
        }
        let field = CustomField {
            entity,
            number: current.map_or(0, |f| f.number),
            title,
            kind,
            required: input.required.or(current.map(|f| f.required)).unwrap_or(false),
            settings,
        };
        field.check_definition().map_err(AppError::invalid)?;
        Ok(field)
    }

    pub async fn create(
        &self,
        caller: &crate::Caller,
        entity: FieldEntity,
        input: crate::fields::FieldInput,
    ) -> Result<CustomField, AppError> {
        caller.require_admin()?;
        let field = Self::apply(entity, input, None)?;
        crate::known::check_readonly(self.0, caller.tenant, &field.settings.readonly).await?;
        Ok(self.0.store().create_custom_field(caller.tenant, &field).await?.field)
    }

    pub async fn update(
        &self,
        caller: &crate::Caller,
        entity: FieldEntity,
        number: i64,
        input: crate::fields::FieldInput,
    ) -> Result<CustomField, AppError> {
        caller.require_admin()?;
        let store = self.0.store();
        let current =
            store.custom_field(caller.tenant, entity, number).await?.ok_or_else(|| AppError::no_field(number))?;
        let field = Self::apply(entity, input, Some(&current.field))?;
        crate::known::check_readonly(self.0, caller.tenant, &field.settings.readonly).await?;
        use crate::error::OrNotFound;
        Ok(store.update_custom_field(caller.tenant, &field).await.or_not_found(|| AppError::no_field(number))?.field)
    }

    /// Removes a definition and every value of it; answers it as it was.
    pub async fn delete(
        &self,
        caller: &crate::Caller,
        entity: FieldEntity,
        number: i64,
    ) -> Result<CustomField, AppError> {
        caller.require_admin()?;
        use crate::error::OrNotFound;
        let store = self.0.store();
        Ok(store
            .delete_custom_field(caller.tenant, entity, number)
            .await
            .or_not_found(|| AppError::no_field(number))?
            .field)
    }
}
