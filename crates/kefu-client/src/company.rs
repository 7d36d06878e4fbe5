//! The caller's company settings (a kefu extension): `GET|PUT /api/v1/company.json`, and
//! the helpdesk settings, `GET|PUT /api/v1/helpdesk_settings.json`.

use kefu_api::{CompanyBody, CompanyInput, CompanySettings as Settings, CompanySettingsEnvelope};
use kefu_api::{HelpdeskSettings, HelpdeskSettingsBody, HelpdeskSettingsEnvelope, HelpdeskSettingsInput};
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

impl CompanySettings<'_> {
    /// The helpdesk settings: 2B/2C and the auto-close days (any agent).
    pub async fn helpdesk(&self) -> Result<HelpdeskSettings> {
        let url = self.0.api(&["helpdesk_settings.json"]);
        Ok(self.0.get::<HelpdeskSettingsEnvelope>(url, &Query::new()).await?.helpdesk_settings)
    }

    /// Changes the 2B/2C mode (`"2B"`/`"2C"`) and/or the auto-close days (administrators);
    /// `None` leaves a setting as it is.
    pub async fn update_helpdesk(
        &self,
        customer_mode: Option<&str>,
        auto_close_days: Option<u32>,
    ) -> Result<HelpdeskSettings> {
        let helpdesk_settings = HelpdeskSettingsInput {
            customer_mode: customer_mode.map(str::to_owned),
            auto_close_days: auto_close_days.map(|days| days.to_string()),
        };
        let body = HelpdeskSettingsBody { helpdesk_settings };
        let url = self.0.api(&["helpdesk_settings.json"]);
        let answer = self.0.send::<HelpdeskSettingsEnvelope>(Method::PUT, url, &Query::new(), Some(&body)).await?;
        Ok(answer.helpdesk_settings)
    }
}
