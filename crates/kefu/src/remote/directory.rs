//! What the server knows that agent values are checked against: the company's support
//! groups (by id and by name) and its custom field definitions.

use std::collections::BTreeMap;

use anyhow::Result;
use kefu_api::{SupportField, SupportGroup};
use kefu_client::Client;
use kefu_domain::custom_field::{
    CascadeNode, FieldDefinition, FieldSettings, FieldType, check_value, compile_pattern, parse_field_key,
};
use regex::Regex;
use serde_json::Value;

/// How a groups cell names its groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupNaming {
    /// The API's `groupId`: ids only, exactly as the API takes them.
    Ids,
    /// 分组: names, or ids where no group has that name.
    Names,
}

/// One group of a cell: an existing group's id, or a name to create (`--create-groups`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupRef {
    Id(String),
    New(String),
}

/// A custom field definition, ready to check values with.
pub struct CustomField {
    pub wire: SupportField,
    definition: Option<FieldDefinition>,
    pattern: Option<Regex>,
}

pub struct Directory {
    pub groups: Vec<SupportGroup>,
    pub fields: Vec<CustomField>,
}

impl Directory {
    pub async fn load(client: &Client) -> Result<Directory> {
        let groups = client.groups().list_all().await?;
        let fields = client.fields().list().await?.into_iter().map(CustomField::new).collect();
        Ok(Directory { groups, fields })
    }

    /// A group's name, for display.
    pub fn group_name(&self, id: &str) -> Option<&str> {
        self.groups.iter().find(|g| g.group_id == id).map(|g| g.name.as_str())
    }

    /// `groupId` as names, comma-separated (ids of unknown groups as they are).
    pub fn group_names(&self, group_id: &str) -> String {
        group_id
            .split(',')
            .filter(|id| !id.is_empty())
            .map(|id| self.group_name(id).unwrap_or(id))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The groups a cell names. Tokens are separated by `,`, `，`, `、`, `;` or `；`.
    pub fn resolve_groups(
        &self,
        raw: &str,
        naming: GroupNaming,
        create_missing: bool,
    ) -> Result<Vec<GroupRef>, String> {
        // A name may itself hold a separator: the whole cell naming one group wins.
        if naming == GroupNaming::Names
            && let Some(group) = self.groups.iter().find(|g| g.name == raw.trim())
        {
            return Ok(vec![GroupRef::Id(group.group_id.clone())]);
        }
        let mut refs: Vec<GroupRef> = Vec::new();
        let mut unknown: Vec<&str> = Vec::new();
        for token in raw.split([',', '，', '、', ';', '；']).map(str::trim).filter(|t| !t.is_empty()) {
            let by_id = || self.groups.iter().find(|g| g.group_id == token);
            let by_name = || self.groups.iter().find(|g| g.name == token);
            let found = match naming {
                GroupNaming::Ids => by_id(),
                GroupNaming::Names => by_name().or_else(by_id),
            };
            let group = match found {
                Some(group) => GroupRef::Id(group.group_id.clone()),
                None if create_missing && naming == GroupNaming::Names => GroupRef::New(token.to_owned()),
                None => {
                    unknown.push(token);
                    continue;
                }
            };
            if refs.contains(&group) {
                return Err(format!("names the group {token:?} twice"));
            }
            refs.push(group);
        }
        match unknown.as_slice() {
            [] => Ok(refs),
            _ => {
                let what = if naming == GroupNaming::Ids { "group id" } else { "support group" };
                let hint = if naming == GroupNaming::Names { " (--create-groups creates missing groups)" } else { "" };
                Err(format!("no {what} {} in this company{hint}", unknown.join(", ")))
            }
        }
    }

    /// The custom field a column or flag names: `field_N`, or a definition's title.
    pub fn field(&self, key_or_title: &str) -> Option<&CustomField> {
        self.fields.iter().find(|f| f.wire.key == key_or_title).or_else(|| {
            if parse_field_key(key_or_title).is_ok() {
                return None;
            }
            self.fields.iter().find(|f| f.wire.title == key_or_title)
        })
    }
}

impl CustomField {
    fn new(wire: SupportField) -> CustomField {
        let definition = definition(&wire);
        let pattern = wire.pattern.as_deref().and_then(|p| compile_pattern(p).ok());
        CustomField { wire, definition, pattern }
    }

    pub fn required(&self) -> bool {
        self.wire.required == "1"
    }

    /// A cell's text as the value the API takes: JSON for text that starts with `[`,
    /// `a/b/c` as a cascade's path, else the text itself; then checked as the server
    /// checks it.
    pub fn value(&self, raw: &str) -> Result<Value, String> {
        let value = if raw.trim_start().starts_with('[') {
            serde_json::from_str(raw).map_err(|e| format!("is not a JSON list: {e}"))?
        } else if self.wire.field_type == "cascade" {
            Value::from(raw.split('/').map(str::trim).collect::<Vec<_>>())
        } else {
            Value::String(raw.to_owned())
        };
        // A definition of a type this build does not know is left to the server.
        if let Some(definition) = &self.definition {
            check_value(definition, self.pattern.as_ref(), &value)?;
        }
        Ok(value)
    }
}

/// The domain's definition of a field the API described; None if it cannot be rebuilt.
fn definition(wire: &SupportField) -> Option<FieldDefinition> {
    let cascade: Vec<CascadeNode> = match &wire.cascade {
        Some(tree) => serde_json::from_value(tree.clone()).ok()?,
        None => Vec::new(),
    };
    Some(FieldDefinition {
        number: i64::from(parse_field_key(&wire.key).ok()?),
        title: wire.title.clone(),
        field_type: FieldType::parse(&wire.field_type).ok()?,
        required: wire.required == "1",
        settings: FieldSettings {
            options: wire.options.clone().unwrap_or_default(),
            pattern: wire.pattern.clone(),
            decimal_places: wire.decimal_places,
            cascade,
        },
    })
}

/// A custom value as a cell: text as it is, lists as JSON (which import reads back).
pub fn cell_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Group names to create, in the order first named.
pub fn new_group_names<'a>(rows: impl IntoIterator<Item = &'a Vec<GroupRef>>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for refs in rows {
        for group in refs {
            if let GroupRef::New(name) = group
                && !names.contains(name)
            {
                names.push(name.clone());
            }
        }
    }
    names
}

/// `groupId` for the API, once new groups have ids.
pub fn group_ids(refs: &[GroupRef], created: &BTreeMap<String, String>) -> String {
    let mut ids: Vec<u64> = refs
        .iter()
        .filter_map(|group| match group {
            GroupRef::Id(id) => id.parse().ok(),
            GroupRef::New(name) => created.get(name).and_then(|id| id.parse().ok()),
        })
        .collect();
    ids.sort_unstable();
    ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",")
}
