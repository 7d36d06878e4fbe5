//! Field definitions in the hosted service's shape: `GET /tickets/ticket_fields.json` (a
//! bare JSON array), `ticket_fields2.json` (system fields too), and the companies' and
//! contacts' `company_fields.json` / `user_fields.json` ("the same shape as ticket fields").
//! Mind `isRequired`: **"1" means optional, "0" required** — inverted, as the spec says.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CustomFieldDefinition {
    /// The field's number (N of `field_N`); for a system field its member name.
    #[schema(example = "3")]
    pub id: String,
    /// `…/api/v1/tickets/ticket_fields/{id}.json` (likewise for companies and contacts).
    #[schema(example = "https://kefu.example.com/api/v1/tickets/ticket_fields/3.json")]
    pub url: String,
    /// The title.
    #[schema(example = "所在城市")]
    pub name: String,
    /// `field_N`, or a system field's member name (`subject`).
    #[schema(example = "field_3")]
    pub key: String,
    /// "1" a system field, "0" a custom one.
    #[schema(pattern = "^[01]$", example = "0")]
    pub system: String,
    /// 1 dropdown, 2 text, 3 multi-line text, 4 positive integer, 5 decimal, 6 checkbox,
    /// 7 regexp, 8 date, 11 table, 12 attachment, 13 stars, 14 advanced checkbox, 17 phone,
    /// 18 cascade.
    #[serde(rename = "type")]
    #[schema(pattern = "^(1|2|3|4|5|6|7|8|11|12|13|14|17|18)$", example = "1")]
    pub field_type: String,
    /// **Inverted**: "1" optional, "0" required.
    #[serde(rename = "isRequired")]
    #[schema(pattern = "^[01]$", example = "1")]
    pub is_required: String,
    /// "1" read-only for the agents of `readonly_range`, "0" editable.
    #[serde(rename = "isReadonly")]
    #[schema(pattern = "^[01]$", example = "0")]
    pub is_readonly: String,
    /// With isReadonly 1: "1" every agent, "2" the groups, "3" the agents in
    /// `readonly_support`; else `""`.
    #[schema(pattern = "^[123]?$", example = "")]
    pub readonly_range: String,
    /// The group or agent ids of `readonly_range` 2 or 3, comma-separated; else `""`.
    #[schema(pattern = r"^([1-9][0-9]*(,[1-9][0-9]*)*)?$", example = "")]
    pub readonly_support: String,
    /// The choices of a dropdown, advanced checkbox or cascade (with children); else `[]`.
    pub custom_field_options: Vec<FieldOption>,
    /// The columns of a table field; else `[]`.
    pub custom_field_table: Vec<TableColumnDefinition>,
    /// kefu's extension: a regexp field's pattern (type 7), which every value must match
    /// whole; absent for other types. With `decimal_places`, what a client needs to check
    /// values as the server does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "^[A-Z]{2}[0-9]{4}$")]
    pub pattern: Option<String>,
    /// kefu's extension: a decimal field's places (type 5); absent for other types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 2)]
    pub decimal_places: Option<u32>,
}

/// The bare JSON array `ticket_fields.json`, `ticket_fields2.json`, `company_fields.json` and
/// `user_fields.json` answer (no envelope).
pub type FieldDefinitionList = Vec<CustomFieldDefinition>;

/// One choice: `key` its option id (what `_v2` values hold), `value` its text (what the old
/// endpoints' values hold), `children` the next level of a cascade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldOption {
    /// The option's id; the ticket system fields' options keep the hosted service's codes,
    /// which start at `0` (a status, a priority).
    #[schema(pattern = r"^(0|[1-9][0-9]*)$", example = "1")]
    pub key: String,
    #[schema(example = "北京市")]
    pub value: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub children: Vec<FieldOption>,
}

/// One column of a table field: its key within the table's rows (`field_N`), title, type
/// code and (inverted) `isRequired`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TableColumnDefinition {
    #[schema(example = "field_1")]
    pub key: String,
    #[schema(example = "型号")]
    pub name: String,
    #[serde(rename = "type")]
    #[schema(pattern = "^[1-8]$", example = "2")]
    pub field_type: String,
    /// **Inverted**: "1" optional, "0" required.
    #[serde(rename = "isRequired")]
    #[schema(pattern = "^[01]$", example = "1")]
    pub is_required: String,
    /// A dropdown column's choices (ids by position); else `[]`.
    pub custom_field_options: Vec<FieldOption>,
}

/// `isRequired` as the wire spells it: "0" for a required field, "1" for an optional one.
pub const fn is_required_flag(required: bool) -> &'static str {
    if required { "0" } else { "1" }
}

/// `{"company_field":{…}}`: a company field definition as answered by its writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CompanyFieldEnvelope {
    pub company_field: CustomFieldDefinition,
}

/// `{"user_field":{…}}`: a contact field definition as answered by its writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UserFieldEnvelope {
    pub user_field: CustomFieldDefinition,
}

/// `{"company_field":{…}}` to define a company field: the members of an agent field
/// definition (`title`, `type`, `required`, `options`, `pattern`, `decimal_places`,
/// `cascade`).
#[derive(ToSchema)]
#[allow(dead_code)] // documentation only
pub struct CompanyFieldCreateBody {
    company_field: crate::fields::SupportFieldCreate,
}

/// `{"company_field":{…}}` to change one.
#[derive(ToSchema)]
#[allow(dead_code)] // documentation only
pub struct CompanyFieldUpdateBody {
    company_field: crate::fields::SupportFieldUpdate,
}

/// `{"user_field":{…}}` to define a contact field.
#[derive(ToSchema)]
#[allow(dead_code)] // documentation only
pub struct UserFieldCreateBody {
    user_field: crate::fields::SupportFieldCreate,
}

/// `{"user_field":{…}}` to change one.
#[derive(ToSchema)]
#[allow(dead_code)] // documentation only
pub struct UserFieldUpdateBody {
    user_field: crate::fields::SupportFieldUpdate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cascade_definition_and_the_bare_array() {
        let definition = CustomFieldDefinition {
            id: "3".into(),
            url: "https://kefu.example.com/api/v1/tickets/ticket_fields/3.json".into(),
            name: "所在城市".into(),
            key: "field_3".into(),
            system: "0".into(),
            field_type: "18".into(),
            is_required: is_required_flag(true).into(),
            is_readonly: "0".into(),
            readonly_range: "".into(),
            readonly_support: "".into(),
            custom_field_options: vec![FieldOption {
                key: "1".into(),
                value: "北京市".into(),
                children: vec![FieldOption { key: "2".into(), value: "丰台区".into(), children: vec![] }],
            }],
            custom_field_table: vec![],
            pattern: None,
            decimal_places: None,
        };
        let fields: FieldDefinitionList = vec![definition];
        let text = serde_json::to_string(&fields).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"[{"id":"3","url":"https://kefu.example.com/api/v1/tickets/ticket_fields/3.json","name":"所在城市","#,
                r#""key":"field_3","system":"0","type":"18","isRequired":"0","isReadonly":"0","readonly_range":"","#,
                r#""readonly_support":"","custom_field_options":[{"key":"1","value":"北京市","children":"#,
                r#"[{"key":"2","value":"丰台区"}]}],"custom_field_table":[]}]"#
            )
        );
        assert_eq!(serde_json::from_str::<FieldDefinitionList>(&text).unwrap(), fields);
    }

    #[test]
    fn is_required_is_inverted() {
        assert_eq!(is_required_flag(true), "0");
        assert_eq!(is_required_flag(false), "1");
    }

    #[test]
    fn a_table_column() {
        let column = TableColumnDefinition {
            key: "field_1".into(),
            name: "型号".into(),
            field_type: "2".into(),
            is_required: is_required_flag(false).into(),
            custom_field_options: vec![],
        };
        assert_eq!(
            serde_json::to_string(&column).unwrap(),
            r#"{"key":"field_1","name":"型号","type":"2","isRequired":"1","custom_field_options":[]}"#
        );
    }
}
