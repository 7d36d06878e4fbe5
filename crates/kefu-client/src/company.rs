//! The caller's company settings (a kefu extension): `GET|PUT /api/v1/company.json`.

use kefu_api::{CompanyBody, CompanyInput, CompanySettings as Settings, CompanySettingsEnvelope};
use reqwest::Method;

use crate::{Client, Query, Result};

/// `client.company()`.
pub struct CompanySettings<'c>(pub(crate) &'c Client);

impl CompanySettings<'_> {
    /// Name, time zone, and whether there is a default agent password (any agent).
    pub async fn show(&self) -> Result<Settings> {
        Ok(self.0.get::<CompanySettingsEnvelope>(self.0.api(&["company.json"]), &Query::new()).await?.company)
    }

    /// Changes the time zone and/or the default agent password (administrators); `None`
    /// leaves a setting as it is.
    pub async fn update(&self, time_zone: Option<&str>, default_password: Option<&str>) -> Result<Settings> {
        let company = CompanyInput {
            time_zone: time_zone.map(str::to_owned),
            default_password: default_password.map(str::to_owned),
            ..CompanyInput::default()
        };
        let body = CompanyBody { company };
        let url = self.0.api(&["company.json"]);
        Ok(self.0.send::<CompanySettingsEnvelope>(Method::PUT, url, &Query::new(), Some(&body)).await?.company)
    }
}
