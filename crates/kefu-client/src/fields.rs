//! Custom field definitions (自定义字段), a kefu extension: `/api/v1/support_fields…`,
//! administrators. Agents' values travel in their `custom_fields`.

use kefu_api::{SupportField, SupportFieldEnvelope, SupportFieldList};
use reqwest::Method;
use serde_json::json;

use crate::{Client, Query, Result};

/// The custom-field endpoints: `client.fields()`.
pub struct Fields<'c>(pub(crate) &'c Client);

/// A definition to create (`title` and `field_type` required) or change (only what is
/// set): `kefu_api`'s request shape.
pub use kefu_api::SupportFieldInput;

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
