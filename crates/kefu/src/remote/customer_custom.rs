//! Companies' and contacts' custom fields as columns of `kefu customers import|export`, as
//! the agents' ones: headed by the field's title (Chinese headers) or its key `field_N`
//! (API headers). A cell travels as the API takes the value — the option's text for a
//! dropdown, a JSON list or `a/b` for a cascade — and the server checks it, so the rules
//! are the API's own; its `custom_fields.field_N` in a refusal is turned back into the column.

use anyhow::Result;
use kefu_api::{CustomFieldDefinition, CustomFieldValue};
use kefu_client::Client;
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

/// The custom (not system) field definitions of companies or of contacts.
pub struct CustomColumns {
    pub fields: Vec<CustomFieldDefinition>,
}

impl CustomColumns {
    pub async fn load(client: &Client, kind: Kind) -> Result<CustomColumns> {
        let all = match kind {
            Kind::Companies => client.companies().fields().await?,
            Kind::Contacts => client.contacts().fields().await?,
        };
        Ok(CustomColumns { fields: all.into_iter().filter(|f| f.system == "0").collect() })
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

    /// A cell as the value the API takes: a JSON list as the list, a cascade's `a/b/c` as
    /// its path, anything else as text.
    pub fn value(field: &CustomFieldDefinition, raw: &str) -> Result<CustomFieldValue, String> {
        let value = if raw.starts_with('[') {
            serde_json::from_str(raw).map_err(|e| format!("is not a JSON list: {e}"))?
        } else if field.field_type == CASCADE {
            Value::from(raw.split('/').map(str::trim).collect::<Vec<_>>())
        } else {
            Value::String(raw.to_owned())
        };
        Ok(CustomFieldValue { key: field.key.clone(), value })
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
        }
    }

    #[test]
    fn headers_name_fields_by_title_or_key() {
        let columns = CustomColumns { fields: vec![field("field_1", "级别", "1"), field("field_2", "地区", "18")] };
        let api =
            |h: &str| columns.column_for(h, super::super::customer_sheet::COMPANY_COLUMNS).map(|c| c.api().to_owned());
        assert_eq!(api("级别").as_deref(), Some("field_1"));
        assert_eq!(api("FIELD_2").as_deref(), Some("field_2"));
        assert_eq!(api("公司名称").as_deref(), Some("companyName"));
        assert!(api("性别").is_none());
        assert!(columns.known_headers(&[]).contains("级别 (field_1)"));
    }

    #[test]
    fn cells_read_back() {
        let cascade = field("field_2", "地区", "18");
        let item = serde_json::json!({"custom_fields": [{"key": "field_2", "value": ["北京市", "丰台区"]}]});
        let cell = CustomColumns::cell(&item, &cascade);
        assert_eq!(CustomColumns::value(&cascade, &cell).map(|v| v.value), Ok(serde_json::json!(["北京市", "丰台区"])));
        assert_eq!(
            CustomColumns::value(&cascade, "北京市/丰台区").map(|v| v.value),
            Ok(serde_json::json!(["北京市", "丰台区"]))
        );
        assert!(CustomColumns::value(&cascade, "[oops").is_err());
        assert_eq!(CustomColumns::cell(&item, &field("field_1", "级别", "1")), "");
    }
}
