//! Defining the custom fields of companies (`/api/v1/companies/company_fields…`) and of
//! contacts (`/api/v1/users/user_fields…`), administrators: the agents' definition input
//! in, the field-definition shape (`isRequired` inverted) out.

use kefu_api::{
    CompanyFieldEnvelope, CustomFieldDefinition, FieldDefinitionList, SupportFieldInput, UserFieldEnvelope,
};
use reqwest::Method;
use serde_json::json;

use crate::{Client, Query, Result};

/// Whose fields: `client.company_fields()` or `client.contact_fields()`.
#[derive(Clone, Copy)]
enum Owner {
    Companies,
    Contacts,
}

impl Owner {
    /// The path's folder, file stem and the body's (and answer's) wrapper.
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Owner::Companies => ("companies", "company_fields", "company_field"),
            Owner::Contacts => ("users", "user_fields", "user_field"),
        }
    }
}

/// The definitions of one kind of customer record.
pub struct CustomerFields<'c> {
    client: &'c Client,
    owner: Owner,
}

impl Client {
    pub fn company_fields(&self) -> CustomerFields<'_> {
        CustomerFields { client: self, owner: Owner::Companies }
    }

    /// The contacts' fields (the same for the `_v2` endpoints).
    pub fn contact_fields(&self) -> CustomerFields<'_> {
        CustomerFields { client: self, owner: Owner::Contacts }
    }
}

impl CustomerFields<'_> {
    /// Every definition, in key order (a bare array, not paged).
    pub async fn list(&self) -> Result<FieldDefinitionList> {
        let (folder, file, _) = self.owner.names();
        self.client.get(self.client.api(&[folder, &format!("{file}.json")]), &Query::new()).await
    }

    /// Defines a field (`title` and `field_type` required); the server gives its key.
    pub async fn create(&self, input: &SupportFieldInput) -> Result<CustomFieldDefinition> {
        self.write(Method::POST, None, Some(input)).await
    }

    /// Changes a field (`key` is `field_N`); what `input` leaves out stays, the type cannot change.
    pub async fn update(&self, key: &str, input: &SupportFieldInput) -> Result<CustomFieldDefinition> {
        self.write(Method::PUT, Some(key), Some(input)).await
    }

    /// Removes the definition and every record's value of it; answers it as it was.
    pub async fn delete(&self, key: &str) -> Result<CustomFieldDefinition> {
        self.write(Method::DELETE, Some(key), None).await
    }

    async fn write(
        &self,
        method: Method,
        key: Option<&str>,
        input: Option<&SupportFieldInput>,
    ) -> Result<CustomFieldDefinition> {
        let (folder, file, wrapper) = self.owner.names();
        let url = match key {
            Some(key) => self.client.api(&[folder, file, &format!("{key}.json")]),
            None => self.client.api(&[folder, &format!("{file}.json")]),
        };
        let body = input.map(|input| json!({ wrapper: input }));
        let (client, query) = (self.client, &Query::new());
        Ok(match self.owner {
            Owner::Companies => {
                client.send::<CompanyFieldEnvelope>(method, url, query, body.as_ref()).await?.company_field
            }
            Owner::Contacts => client.send::<UserFieldEnvelope>(method, url, query, body.as_ref()).await?.user_field,
        })
    }
}
