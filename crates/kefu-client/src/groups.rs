//! Support groups (客服分组), a kefu extension: `/api/v1/supportgroups…`, administrators.

use std::fmt::Display;

use kefu_api::{SupportGroup, SupportGroupBody, SupportGroupEnvelope, SupportGroupInput, SupportGroupList};
use reqwest::Method;

use crate::{Client, PageQuery, Query, Result};

/// The support-group endpoints: `client.groups()`.
pub struct Groups<'c>(pub(crate) &'c Client);

impl Groups<'_> {
    pub async fn list(&self, page: PageQuery) -> Result<SupportGroupList> {
        self.0.get(self.0.api(&["supportgroups.json"]), &page.query()).await
    }

    /// Every group of the company.
    pub async fn list_all(&self) -> Result<Vec<SupportGroup>> {
        let first = self.list(PageQuery::default()).await?;
        self.0.collect_pages(first).await
    }

    pub async fn show(&self, group_id: impl Display) -> Result<SupportGroup> {
        let url = self.0.api(&["supportgroups", &format!("{group_id}.json")]);
        Ok(self.0.get::<SupportGroupEnvelope>(url, &Query::new()).await?.supportgroup)
    }

    pub async fn create(&self, name: &str) -> Result<SupportGroup> {
        let body = SupportGroupBody { supportgroup: SupportGroupInput::named(name) };
        let url = self.0.api(&["supportgroups.json"]);
        Ok(self.0.send::<SupportGroupEnvelope>(Method::POST, url, &Query::new(), Some(&body)).await?.supportgroup)
    }

    pub async fn rename(&self, group_id: impl Display, name: &str) -> Result<SupportGroup> {
        let body = SupportGroupBody { supportgroup: SupportGroupInput::named(name) };
        let url = self.0.api(&["supportgroups", &format!("{group_id}.json")]);
        Ok(self.0.send::<SupportGroupEnvelope>(Method::PUT, url, &Query::new(), Some(&body)).await?.supportgroup)
    }

    /// Deletes the group (its agents leave it); answers it as it was.
    pub async fn delete(&self, group_id: impl Display) -> Result<SupportGroup> {
        let url = self.0.api(&["supportgroups", &format!("{group_id}.json")]);
        Ok(self.0.send::<SupportGroupEnvelope>(Method::DELETE, url, &Query::new(), None::<&()>).await?.supportgroup)
    }
}
