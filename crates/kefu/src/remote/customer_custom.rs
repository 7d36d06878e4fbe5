//! Companies' and contacts' custom fields as columns of `kefu customers import|export`, as
//! the agents' ones: headed by the field's title (Chinese headers) or its key `field_N`
//! (API headers). A cell travels as the API takes the value — the option's text for a
//! dropdown, a JSON list or `a/b` for a cascade. Each definition the API describes is
//! rebuilt as the custom-field engine's own, so every cell is checked with the server's
//! rules before anything is sent; a refusal that still comes back names its column
//! (`custom_fields.field_N` turned back into the sheet's header).

use std::collections::HashMap;

use anyhow::Result;
use kefu_api::{CustomFieldDefinition, CustomFieldValue, FieldOption};
use kefu_client::Client;
use kefu_domain::custom_field::{
    CustomField, CustomFieldSettings, FieldEntity, FieldKind, OptionNode, ValueDialect, parse_field_key,
};
use regex::Regex;
use serde_json::Value;

use super::customer_sheet::{Col, column_for, known_headers};
use super::customers::Kind;
use super::directory::cell_of;

/// The wire's type code of a cascade field.
const CASCADE: &str = "18";

/// One column of a customers' sheet: a built-in member or a custom field.
pub enum SheetColumn<'c> {
    Fixed(&'c Col),
    Custom(&'c CustomFieldDefinition),
}

impl SheetColumn<'_> {
    /// The API member (or `field_N`) the column fills; empty for an ignored one.
    pub fn api(&self) -> &str {
        match self {
            SheetColumn::Fixed(col) => col.api,
            SheetColumn::Custom(field) => &field.key,
        }
    }
}

/// A definition as the engine checks values with it, and its compiled pattern.
struct Engine {
    field: CustomField,
    pattern: Option<Regex>,
}

/// The custom (not system) field definitions of companies or of contacts.
pub struct CustomColumns {
    pub fields: Vec<CustomFieldDefinition>,
    /// By key; a definition this build cannot rebuild (a type it does not know) is left
    /// to the server.
    engines: HashMap<String, Engine>,
}

impl CustomColumns {
    pub async fn load(client: &Client, kind: Kind) -> Result<CustomColumns> {
        let (all, entity) = match kind {
            Kind::Companies => (client.companies().fields().await?, FieldEntity::Company),
            Kind::Contacts => (client.contacts().fields().await?, FieldEntity::Contact),
        };
        Ok(CustomColumns::new(all.into_iter().filter(|f| f.system == "0").collect(), entity))
    }

    fn new(fields: Vec<CustomFieldDefinition>, entity: FieldEntity) -> CustomColumns {
        let engines = fields.iter().filter_map(|wire| Some((wire.key.clone(), engine(wire, entity)?))).collect();
        CustomColumns { fields, engines }
    }

    /// The column a header names: a built-in one first, then a field by key or by title.
    pub fn column_for<'c>(&'c self, header: &str, fixed: &'c [Col]) -> Option<SheetColumn<'c>> {
        if let Some(col) = column_for(header, fixed) {
            return Some(SheetColumn::Fixed(col));
        }
        let header = header.trim();
        let field = self.fields.iter().find(|f| header.eq_ignore_ascii_case(&f.key));
        field.or_else(|| self.fields.iter().find(|f| f.name == header)).map(SheetColumn::Custom)
    }

    /// Every header import accepts, for the message about one it does not.
    pub fn known_headers(&self, fixed: &[Col]) -> String {
        let mut names = known_headers(fixed);
        for field in &self.fields {
            names.push_str(&format!(", {} ({})", field.name, field.key));
        }
        names
    }

    pub fn header(field: &CustomFieldDefinition, chinese: bool) -> String {
        if chinese { field.name.clone() } else { field.key.clone() }
    }

    /// An exported item's value of `field` as a cell: text as it is, lists as JSON.
    pub fn cell(item: &Value, field: &CustomFieldDefinition) -> String {
        let values = item.get("custom_fields").and_then(Value::as_array);
        let value = values.into_iter().flatten().find(|v| v.get("key").and_then(Value::as_str) == Some(&field.key));
        value.and_then(|v| v.get("value")).map_or_else(String::new, cell_of)
    }

    /// A cell as the value the API takes — a JSON list as the list, a cascade's `a/b/c` as
    /// its path, anything else as text — checked as the server checks it (the old
    /// endpoints' dialect: choices by their text, or by id).
    pub fn value(&self, field: &CustomFieldDefinition, raw: &str) -> Result<CustomFieldValue, String> {
        let value = if raw.starts_with('[') {
            serde_json::from_str(raw).map_err(|e| format!("is not a JSON list: {e}"))?
        } else if field.field_type == CASCADE {
            Value::from(raw.split('/').map(str::trim).collect::<Vec<_>>())
        } else {
            Value::String(raw.to_owned())
        };
        if let Some(engine) = self.engines.get(&field.key) {
            engine.field.check_value(engine.pattern.as_ref(), &value, ValueDialect::OptionText)?;
        }
        Ok(CustomFieldValue { key: field.key.clone(), value })
    }

    /// The required fields a new row gives no value for (the server refuses such a row).
    pub fn missing_required<'c>(
        &'c self,
        given: &[CustomFieldValue],
    ) -> impl Iterator<Item = &'c CustomFieldDefinition> {
        let given: Vec<&str> = given.iter().map(|v| v.key.as_str()).collect();
        self.fields
            .iter()
            .filter(move |f| f.is_required == kefu_api::is_required_flag(true) && !given.contains(&f.key.as_str()))
    }

    /// A server's message with `custom_fields.field_N` as the column the sheet calls it.
    pub fn name_columns(&self, message: &str, headers: &[(String, String)]) -> String {
        let mut named = message.to_owned();
        for (key, header) in headers {
            named = named.replace(&format!("custom_fields.{key}"), &format!("{header} ({key})"));
        }
        named
    }
}

/// The engine's definition a wire definition describes; None when it cannot be rebuilt.
fn engine(wire: &CustomFieldDefinition, entity: FieldEntity) -> Option<Engine> {
    fn nodes(options: &[FieldOption]) -> Option<Vec<OptionNode>> {
        options
            .iter()
            .map(|o| Some(OptionNode { id: o.key.parse().ok()?, text: o.value.clone(), children: nodes(&o.children)? }))
            .collect()
    }
    let kind = FieldKind::from_code(&wire.field_type).ok()?;
    let settings = CustomFieldSettings::described(
        kind,
        &nodes(&wire.custom_field_options)?,
        wire.pattern.clone(),
        wire.decimal_places,
    );
    let field = CustomField {
        entity,
        number: i64::from(parse_field_key(&wire.key).ok()?),
        title: wire.name.clone(),
        kind,
        required: wire.is_required == kefu_api::is_required_flag(true),
        settings,
    };
    // A stored pattern that no longer compiles matches nothing, on the server as here.
    let pattern = field.compile().ok().flatten();
    Some(Engine { field, pattern })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &str, name: &str, field_type: &str) -> CustomFieldDefinition {
        CustomFieldDefinition {
            id: key.trim_start_matches("field_").into(),
            url: String::new(),
            name: name.into(),
            key: key.into(),
            system: "0".into(),
            field_type: field_type.into(),
            is_required: "1".into(),
            is_readonly: "0".into(),
            readonly_range: String::new(),
            readonly_support: String::new(),
            custom_field_options: vec![],
            custom_field_table: vec![],
            pattern: None,
            decimal_places: None,
        }
    }

    #[test]
    fn headers_name_fields_by_title_or_key() {
        let columns = CustomColumns::new(
            vec![field("field_1", "级别", "1"), field("field_2", "地区", "18")],
            FieldEntity::Company,
        );
        let api =
            |h: &str| columns.column_for(h, super::super::customer_sheet::COMPANY_COLUMNS).map(|c| c.api().to_owned());
        assert_eq!(api("级别").as_deref(), Some("field_1"));
        assert_eq!(api("FIELD_2").as_deref(), Some("field_2"));
        assert_eq!(api("公司名称").as_deref(), Some("companyName"));
        assert!(api("性别").is_none());
        assert!(columns.known_headers(&[]).contains("级别 (field_1)"));
    }

    fn option(id: &str, text: &str, children: Vec<FieldOption>) -> FieldOption {
        FieldOption { key: id.into(), value: text.into(), children }
    }

    #[test]
    fn cells_read_back() {
        let mut cascade = field("field_2", "地区", "18");
        cascade.custom_field_options = vec![option("1", "北京市", vec![option("2", "丰台区", vec![])])];
        let columns = CustomColumns::new(vec![cascade.clone()], FieldEntity::Contact);
        let item = serde_json::json!({"custom_fields": [{"key": "field_2", "value": ["北京市", "丰台区"]}]});
        let cell = CustomColumns::cell(&item, &cascade);
        assert_eq!(columns.value(&cascade, &cell).map(|v| v.value), Ok(serde_json::json!(["北京市", "丰台区"])));
        assert_eq!(
            columns.value(&cascade, "北京市/丰台区").map(|v| v.value),
            Ok(serde_json::json!(["北京市", "丰台区"]))
        );
        assert!(columns.value(&cascade, "[oops").is_err());
        assert!(columns.value(&cascade, "北京市/海淀区").unwrap_err().contains("丰台区"));
        assert_eq!(CustomColumns::cell(&item, &field("field_1", "级别", "1")), "");
    }

    #[test]
    fn cells_are_checked_as_the_server_checks_them() {
        let mut level = field("field_1", "级别", "1");
        level.custom_field_options = vec![option("1", "金", vec![]), option("2", "银", vec![])];
        level.is_required = kefu_api::is_required_flag(true).into();
        let mut amount = field("field_3", "金额", "5");
        amount.decimal_places = Some(1);
        let mut code = field("field_4", "编码", "7");
        code.pattern = Some("[A-Z]{2}[0-9]{2}".into());
        let fields = vec![level.clone(), field("field_2", "生日", "8"), amount.clone(), code.clone()];
        let columns = CustomColumns::new(fields, FieldEntity::Company);
        assert!(columns.value(&level, "金").is_ok());
        assert!(columns.value(&level, "2").is_ok(), "an option id is understood, as by the server");
        assert!(columns.value(&level, "铜").unwrap_err().contains("金, 银"));
        assert!(columns.value(&columns.fields[1], "2024-02-30").is_err());
        assert!(columns.value(&amount, "1.5").is_ok());
        assert!(columns.value(&amount, "1.55").unwrap_err().contains("1 decimal places"));
        assert!(columns.value(&code, "AB12").is_ok());
        assert!(columns.value(&code, "ab12").unwrap_err().contains("must match"));
        let missing: Vec<&str> = columns.missing_required(&[]).map(|f| f.key.as_str()).collect();
        assert_eq!(missing, ["field_1"]);
        assert_eq!(columns.missing_required(&[columns.value(&level, "金").unwrap()]).count(), 0);
    }
}
