//! The caller's company settings (a kefu extension): its time zone, and the password agents
//! created without one receive. Every agent may read them; administrators change them.

use kefu_domain::FieldError;
use kefu_domain::password::Password;
use kefu_store::TenantSettings;

use crate::error::OrNotFound;
use crate::{App, AppError, Caller};

/// The company use cases: `app.company()`.
pub struct Company<'a>(&'a App);

impl App {
    pub fn company(&self) -> Company<'_> {
        Company(self)
    }
}

/// A change of the settings, as an edge read it. `name` and `hasDefaultPassword` are the
/// server's; they may be sent back only as they are.
#[derive(Debug, Default)]
pub struct CompanyInput {
    /// An IANA zone name, checked.
    pub time_zone: Option<String>,
    pub default_password: Option<Password>,
    pub unchanged_name: Option<String>,
    pub unchanged_has_default_password: Option<String>,
    pub problems: Vec<FieldError>,
}

/// `hasDefaultPassword` as the API shows it.
pub fn has_default_password(settings: &TenantSettings) -> &'static str {
    if settings.has_default_password { "1" } else { "0" }
}

impl Company<'_> {
    pub async fn show(&self, caller: &Caller) -> Result<TenantSettings, AppError> {
        self.0.store().tenant_settings(caller.tenant).await.or_not_found(AppError::no_company)
    }

    /// Changes the time zone and/or the default agent password (administrators); answers
    /// the settings as they now are.
    pub async fn update(&self, caller: &Caller, input: CompanyInput) -> Result<TenantSettings, AppError> {
        caller.require_admin()?;
        let current = self.show(caller).await?;
        let stored = [
            ("name", &input.unchanged_name, current.name.as_str()),
            ("hasDefaultPassword", &input.unchanged_has_default_password, has_default_password(&current)),
        ];
        let mut problems: Vec<FieldError> = stored
            .into_iter()
            .filter(|(_, sent, now)| sent.as_deref().is_some_and(|sent| sent != *now))
            .map(|(field, _, now)| FieldError::new(field, format!("cannot be changed (it is {now:?})")))
            .collect();
        problems.extend(input.problems);
        AppError::check(problems)?;
        let store = self.0.store();
        if let Some(hash) = self.0.hash(input.default_password).await? {
            store.set_default_password(caller.tenant, Some(hash)).await?;
        }
        if let Some(zone) = &input.time_zone {
            store.set_time_zone(caller.tenant, zone).await?;
        }
        self.show(caller).await
    }
}
