//! Custom field definitions (自定义字段), a kefu extension: `/api/v1/support_fields…`,
//! administrators. Agents' values travel in their `custom_fields`.

use kefu_api::{SupportField, SupportFieldEnvelope, SupportFieldList};
use reqwest::Method;
use serde::Serialize;
use serde_json::{Value, json};

use crate::{Client, Query, Result};

/// The custom-field endpoints: `client.fields()`.
pub struct Fields<'c>(pub(crate) &'c Client);

/// A definition to create (`title` and `field_type` required) or change (only what is
/// set). `field_type` is one of `dropdown`, `text`, `textarea`, `integer`, `decimal`,
/// `checkbox`, `date`, `regexp`, `attachment`, `multiselect`, `cascade`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SupportFieldInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub field_type: Option<String>,
    /// "1" when every new agent must have a value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimal_places: Option<u32>,
    /// `[{"name":"北京市","children":[…]}]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cascade: Option<Value>,
}

impl SupportFieldInput {
    pub fn new(title: impl Into<String>, field_type: impl Into<String>) -> Self {
        SupportFieldInput {
            title: Some(title.into()),
            field_type: Some(field_type.into()),
            ..SupportFieldInput::default()
        }
    }
}

impl Fields<'_> {
    /// Every definition, in key order (the list is not paged).
    pub async fn list(&self) -> Result<Vec<SupportField>> {
        let url = self.0.api(&["support_fields.json"]);
        Ok(self.0.get::<SupportFieldList>(url, &Query::new()).await?.support_fields)
    }

    /// `key` is `field_N`.
    pub async fn show(&self, key: &str) -> Result<SupportField> {
        let url = self.0.api(&["support_fields", &format!("{key}.json")]);
        Ok(self.0.get::<SupportFieldEnvelope>(url, &Query::new()).await?.support_field)
    }

    pub async fn create(&self, input: &SupportFieldInput) -> Result<SupportField> {
        let body = json!({ "support_field": input });
        let url = self.0.api(&["support_fields.json"]);
        Ok(self.0.send::<SupportFieldEnvelope>(Method::POST, url, &Query::new(), Some(&body)).await?.support_field)
    }

    pub async fn update(&self, key: &str, input: &SupportFieldInput) -> Result<SupportField> {
        let body = json!({ "support_field": input });
        let url = self.0.api(&["support_fields", &format!("{key}.json")]);
        Ok(self.0.send::<SupportFieldEnvelope>(Method::PUT, url, &Query::new(), Some(&body)).await?.support_field)
    }

    /// Removes the definition and every agent's value of it; answers it as it was.
    pub async fn delete(&self, key: &str) -> Result<SupportField> {
        let url = self.0.api(&["support_fields", &format!("{key}.json")]);
        Ok(self.0.send::<SupportFieldEnvelope>(Method::DELETE, url, &Query::new(), None::<&()>).await?.support_field)
    }
}
