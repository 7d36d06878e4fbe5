//! Module permissions: `GET|PUT /api/v1/permissions/{sId}.json`, administrators.

use std::fmt::Display;

use kefu_api::{Permission, PermissionBody, PermissionEnvelope, PermissionInput, PermissionList};
use reqwest::Method;

use crate::{Client, Query, Result};

/// The permission endpoints: `client.permissions()`.
pub struct Permissions<'c>(pub(crate) &'c Client);

impl Permissions<'_> {
    /// Every module permission of the agent (extension).
    pub async fn show(&self, s_id: impl Display) -> Result<Vec<Permission>> {
        let url = self.0.api(&["permissions", &format!("{s_id}.json")]);
        Ok(self.0.get::<PermissionList>(url, &Query::new()).await?.permissions)
    }

    /// Sets one: `m_type` "4" (call center), `state` "0" on, "1" off.
    pub async fn set(&self, s_id: impl Display, m_type: &str, state: &str) -> Result<Permission> {
        let url = self.0.api(&["permissions", &format!("{s_id}.json")]);
        let permission = PermissionInput { m_type: m_type.to_owned(), state: state.to_owned(), s_id: None };
        let body = PermissionBody { permission };
        Ok(self.0.send::<PermissionEnvelope>(Method::PUT, url, &Query::new(), Some(&body)).await?.permission)
    }
}
