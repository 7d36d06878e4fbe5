//! Custom field definitions (自定义字段) of agents, a kefu extension: administrators list,
//! define, change and remove them. Removing one removes every agent's value of it.

use kefu_domain::FieldError;
use kefu_domain::custom_field::{
    CascadeNode, DEFAULT_DECIMAL_PLACES, FieldDefinition, FieldKind, FieldSettings, FieldType, ReadOnly, TableColumn,
    check_definition,
};
use kefu_store::{FieldChanges, FieldRecord};

use crate::error::OrNotFound;
use crate::{App, AppError, Caller};

/// The definition use cases: `app.fields()`.
pub struct Fields<'a>(&'a App);

impl App {
    pub fn fields(&self) -> Fields<'_> {
        Fields(self)
    }
}

/// A definition to create, or the changes to one, as an edge read it: what was sent and
/// parsed. On a change, what is left out stays as it is; `key` and `type` may be sent back
/// only unchanged.
#[derive(Debug, Default)]
pub struct FieldInput {
    pub key: Option<String>,
    pub field_type: Option<FieldType>,
    pub title: Option<String>,
    pub required: Option<bool>,
    pub options: Option<Vec<String>>,
    pub pattern: Option<String>,
    pub decimal_places: Option<u32>,
    pub cascade: Option<Vec<CascadeNode>>,
    /// Ticket fields only (their edge alone reads these): a type beyond the agents' eleven
    /// (`table`, `stars`, `phone`; then `field_type` is None), the read-only range and a
    /// table's columns (a column without a number is new).
    pub kind: Option<FieldKind>,
    pub readonly: Option<ReadOnly>,
    pub columns: Option<Vec<TableColumn>>,
    pub problems: Vec<FieldError>,
}

impl FieldInput {
    /// The definition this input makes of `current` (None: a new one), checked by the
    /// domain's rules; every problem at once.
    fn apply(self, current: Option<&FieldDefinition>) -> Result<(FieldType, FieldChanges), AppError> {
        let mut problems = Vec::new();
        if let (Some(sent), Some(def)) = (&self.key, current)
            && *sent != def.key()
        {
            problems.push(FieldError::new("key", "cannot be changed"));
        }
        let field_type = match (self.field_type, current) {
            (Some(sent), Some(def)) if sent != def.field_type => {
                problems.push(FieldError::new("type", "cannot be changed: remove the field and define a new one"));
                None
            }
            (_, Some(def)) => Some(def.field_type),
            (sent, None) => sent,
        };
        problems.extend(self.problems);
        AppError::check(problems)?;
        let title = self.title.or_else(|| current.map(|d| d.title.clone()));
        // No problem, so what creation requires was sent.
        let (Some(field_type), Some(title)) = (field_type, title) else { return Err(AppError::internal()) };
        let required = self.required.or(current.map(|d| d.required)).unwrap_or(false);
        let mut settings: FieldSettings = current.map(|d| d.settings.clone()).unwrap_or_default();
        if let Some(options) = self.options {
            settings.options = options;
        }
        if let Some(pattern) = self.pattern {
            settings.pattern = Some(pattern);
        }
        if let Some(places) = self.decimal_places {
            settings.decimal_places = Some(places);
        }
        if let Some(cascade) = self.cascade {
            settings.cascade = cascade;
        }
        if field_type == FieldType::Decimal && settings.decimal_places.is_none() {
            settings.decimal_places = Some(DEFAULT_DECIMAL_PLACES);
        }
        check_definition(&title, field_type, &settings).map_err(AppError::invalid)?;
        Ok((field_type, FieldChanges { title, required, settings }))
    }
}

impl Fields<'_> {
    /// Every definition of the company, by key.
    pub async fn list(&self, caller: &Caller) -> Result<Vec<FieldRecord>, AppError> {
        caller.require_admin()?;
        Ok(self.0.store().field_definitions(caller.tenant).await?)
    }

    pub async fn show(&self, caller: &Caller, number: i64) -> Result<FieldRecord, AppError> {
        caller.require_admin()?;
        self.0.store().field_definition(caller.tenant, number).await?.ok_or_else(|| AppError::no_field(number))
    }

    /// Defines a field; the store assigns its key.
    pub async fn create(&self, caller: &Caller, input: FieldInput) -> Result<FieldRecord, AppError> {
        caller.require_admin()?;
        let (field_type, changes) = input.apply(None)?;
        Ok(self.0.store().create_field(caller.tenant, field_type, &changes).await?)
    }

    /// Changes a definition (never its type), checked against it as stored.
    pub async fn update(&self, caller: &Caller, number: i64, input: FieldInput) -> Result<FieldRecord, AppError> {
        let current = self.show(caller, number).await?;
        let (_, changes) = input.apply(Some(&current.definition))?;
        self.0.store().update_field(caller.tenant, number, &changes).await.or_not_found(|| AppError::no_field(number))
    }

    /// Removes a definition and every agent's value of it; answers it as it was.
    pub async fn delete(&self, caller: &Caller, number: i64) -> Result<FieldRecord, AppError> {
        caller.require_admin()?;
        self.0.store().delete_field(caller.tenant, number).await.or_not_found(|| AppError::no_field(number))
    }
}
