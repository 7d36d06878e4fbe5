//! Custom fields of every entity kind (agents, companies, contacts, tickets) on one engine:
//! a definition is the agents' definition plus its kind of record, the extra types
//! tickets have, stable option ids and a read-only range.

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::kind::{FieldEntity, FieldKind};
use super::options::{OptionIds, OptionNode};
use super::readonly::ReadOnly;
use super::table::TableSettings;
use super::{FieldDefinition, FieldSettings, FieldType, check_definition, compile_pattern, field_key};
use crate::limits::MAX_FIELD_TITLE_CHARS;
use crate::text::{check_length, check_no_control};
use crate::{FieldError, Problems};

/// A definition's settings as stored (one JSON text). The agents' settings are its flat
/// members, so an agent field's stored settings read as these with nothing else set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomFieldSettings {
    #[serde(flatten)]
    pub base: FieldSettings,
    /// Ids of the choices of a dropdown, multiselect or cascade (see `options.rs`).
    #[serde(default, skip_serializing_if = "OptionIds::is_empty")]
    pub option_ids: OptionIds,
    /// The columns of a table field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<TableSettings>,
    #[serde(default, skip_serializing_if = "ReadOnly::is_editable")]
    pub readonly: ReadOnly,
}

impl CustomFieldSettings {
    /// The settings a definition shown by the API describes — its choices with their ids
    /// (`custom_field_options`), a regexp's pattern, a decimal's places — so that a client
    /// (the CLI's import) checks values exactly as the server will.
    pub fn described(
        kind: FieldKind,
        options: &[OptionNode],
        pattern: Option<String>,
        decimal_places: Option<u32>,
    ) -> Self {
        let (option_ids, mut base) = if kind.has_option_ids() {
            OptionIds::from_tree(options, kind == FieldKind::Basic(FieldType::Cascade))
        } else {
            Default::default()
        };
        base.pattern = pattern;
        base.decimal_places = decimal_places;
        CustomFieldSettings { base, option_ids, ..Default::default() }
    }
}

/// A defined field of any entity kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomField {
    pub entity: FieldEntity,
    /// N of its key `field_N`, unique per tenant and entity kind.
    pub number: i64,
    pub title: String,
    pub kind: FieldKind,
    pub required: bool,
    pub settings: CustomFieldSettings,
}

impl CustomField {
    pub fn key(&self) -> String {
        field_key(self.number)
    }

    /// An agent's field (the engine's first entity kind) in this form.
    pub fn from_agent(definition: FieldDefinition) -> Self {
        CustomField {
            entity: FieldEntity::Agent,
            number: definition.number,
            title: definition.title,
            kind: FieldKind::Basic(definition.field_type),
            required: definition.required,
            settings: CustomFieldSettings { base: definition.settings, ..Default::default() },
        }
    }

    /// The choices with their ids, for `custom_field_options`.
    pub fn option_tree(&self) -> Vec<OptionNode> {
        if !self.kind.has_option_ids() {
            return Vec::new();
        }
        self.option_ids().tree(&self.settings.base)
    }

    /// The ids in effect (numbered in list order for a definition stored without any).
    pub fn option_ids(&self) -> OptionIds {
        OptionIds::effective(&self.settings.option_ids, &self.settings.base)
    }

    /// The compiled pattern of a regexp field, which value checks need.
    pub fn compile(&self) -> Result<Option<Regex>, String> {
        match (self.kind, &self.settings.base.pattern) {
            (FieldKind::Basic(FieldType::Regexp), Some(pattern)) => compile_pattern(pattern).map(Some),
            _ => Ok(None),
        }
    }

    /// Checks a definition before it is stored: the kind is one this entity has, the
    /// title, and the settings of the kind (and only those), each problem naming its member.
    pub fn check_definition(&self) -> Result<(), Vec<FieldError>> {
        if !self.entity.allows(self.kind) {
            let allowed: Vec<String> =
                self.entity.kinds().iter().map(|k| format!("{} {}", k.code(), k.wire_name())).collect();
            return Err(vec![FieldError::new(
                "type",
                format!(
                    "a {} field cannot be of type {} ({}); its types are {}",
                    self.entity.name(),
                    self.kind.wire_name(),
                    self.kind.code(),
                    allowed.join(", ")
                ),
            )]);
        }
        let mut problems = Problems::new();
        match self.kind {
            FieldKind::Basic(field_type) => {
                if let Err(errors) = check_definition(&self.title, field_type, &self.settings.base) {
                    errors.into_iter().for_each(|e| problems.push(e));
                }
                if self.settings.table.is_some() {
                    problems.push(FieldError::new("columns", "are only for table fields"));
                }
            }
            FieldKind::Table | FieldKind::Stars | FieldKind::Phone => {
                problems.check(
                    "title",
                    check_length(&self.title, 1, MAX_FIELD_TITLE_CHARS).and_then(|()| check_no_control(&self.title)),
                );
                self.refuse_basic_settings(&mut problems);
                match (&self.settings.table, self.kind) {
                    (Some(table), FieldKind::Table) => {
                        if let Err(errors) = table.check() {
                            errors.into_iter().for_each(|e| problems.push(e));
                        }
                    }
                    (None, FieldKind::Table) => {
                        problems.push(FieldError::new("columns", "are required for a table field"))
                    }
                    (Some(_), _) => problems.push(FieldError::new("columns", "are only for table fields")),
                    (None, _) => {}
                }
            }
        }
        problems.into_result()
    }

    fn refuse_basic_settings(&self, problems: &mut Problems) {
        let base = &self.settings.base;
        let misplaced =
            |member: &str| FieldError::new(member, format!("is not a setting of a {} field", self.kind.wire_name()));
        if !base.options.is_empty() {
            problems.push(misplaced("options"));
        }
        if base.pattern.is_some() {
            problems.push(misplaced("pattern"));
        }
        if base.decimal_places.is_some() {
            problems.push(misplaced("decimal_places"));
        }
        if !base.cascade.is_empty() {
            problems.push(misplaced("cascade"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::TableColumn;
    use super::*;

    fn field(entity: FieldEntity, kind: FieldKind) -> CustomField {
        CustomField {
            entity,
            number: 1,
            title: "字段".into(),
            kind,
            required: false,
            settings: CustomFieldSettings::default(),
        }
    }

    fn columns() -> TableSettings {
        let column = TableColumn {
            number: 1,
            title: "型号".into(),
            field_type: FieldType::Text,
            required: false,
            settings: FieldSettings::default(),
        };
        TableSettings { columns: vec![column], last_column: 1 }
    }

    #[test]
    fn each_entity_takes_its_kinds() {
        assert!(field(FieldEntity::Ticket, FieldKind::Stars).check_definition().is_ok());
        assert!(field(FieldEntity::Ticket, FieldKind::Phone).check_definition().is_ok());
        let err = field(FieldEntity::Contact, FieldKind::Stars).check_definition().unwrap_err();
        assert_eq!(err[0].field, "type");
        assert!(err[0].message.contains("a contact field cannot be of type stars (13)"), "{}", err[0].message);
        assert!(field(FieldEntity::Company, FieldKind::Basic(FieldType::Text)).check_definition().is_ok());
    }

    #[test]
    fn table_fields_need_columns_and_nothing_else() {
        let mut table = field(FieldEntity::Ticket, FieldKind::Table);
        assert_eq!(table.check_definition().unwrap_err()[0].field, "columns");
        table.settings.table = Some(columns());
        assert!(table.check_definition().is_ok());
        table.settings.base.options = vec!["a".into()];
        assert_eq!(table.check_definition().unwrap_err()[0].field, "options");

        let mut text = field(FieldEntity::Ticket, FieldKind::Basic(FieldType::Text));
        text.settings.table = Some(columns());
        assert_eq!(text.check_definition().unwrap_err()[0].field, "columns");
        let mut stars = field(FieldEntity::Ticket, FieldKind::Stars);
        stars.settings.base.decimal_places = Some(2);
        assert_eq!(stars.check_definition().unwrap_err()[0].field, "decimal_places");
        stars.settings.base.decimal_places = None;
        stars.title = String::new();
        assert_eq!(stars.check_definition().unwrap_err()[0].field, "title");
    }

    #[test]
    fn agent_definitions_carry_over() {
        let agent = FieldDefinition {
            number: 3,
            title: "级别".into(),
            field_type: FieldType::Dropdown,
            required: true,
            settings: FieldSettings { options: vec!["初级".into(), "高级".into()], ..Default::default() },
        };
        let field = CustomField::from_agent(agent);
        assert_eq!(field.key(), "field_3");
        assert_eq!(field.kind.code(), 1);
        let tree = field.option_tree();
        assert_eq!((tree[0].id, tree[0].text.as_str(), tree[1].id), (1, "初级", 2));
    }

    #[test]
    fn settings_are_stored_flat_and_read_back() {
        let mut settings = CustomFieldSettings {
            base: FieldSettings { options: vec!["a".into()], ..Default::default() },
            ..Default::default()
        };
        settings.option_ids = settings.option_ids.reassign(&settings.base);
        let json = serde_json::to_string(&settings).unwrap();
        assert_eq!(json, r#"{"options":["a"],"option_ids":{"ids":{"a":1},"last":1}}"#);
        assert_eq!(serde_json::from_str::<CustomFieldSettings>(&json).unwrap(), settings);
        // An agent field's stored settings read as these.
        let agent: CustomFieldSettings = serde_json::from_str(r#"{"options":["x","y"]}"#).unwrap();
        assert_eq!(agent.base.options, vec!["x", "y"]);
        assert!(agent.option_ids.is_empty() && agent.table.is_none() && agent.readonly.is_editable());
    }
}
