//! The helpdesk settings (a kefu extension, `helpdesk_settings.json`): whether the account
//! is 2B or 2C, and after how many days solved tickets close themselves. Every agent may read
//! them; administrators change them. Every edge (API, console, CLI) comes through here.

use kefu_domain::FieldError;
use kefu_domain::customer::CustomerMode;
use kefu_domain::ticket::status::AutoCloseDays;
use kefu_store::{HelpdeskChange, TenantSettings};

use crate::error::OrNotFound;
use crate::{App, AppError, Caller};

/// The helpdesk settings' use cases: `app.helpdesk()`.
pub struct Helpdesk<'a>(&'a App);

impl App {
    pub fn helpdesk(&self) -> Helpdesk<'_> {
        Helpdesk(self)
    }
}

/// A change as an edge read it: the parsed settings (None: unchanged) and the problems of
/// the members that did not parse, reported together with the use case's own.
#[derive(Debug, Default)]
pub struct HelpdeskInput {
    pub customer_mode: Option<CustomerMode>,
    pub auto_close_days: Option<AutoCloseDays>,
    pub problems: Vec<FieldError>,
}

impl Helpdesk<'_> {
    pub async fn show(&self, caller: &Caller) -> Result<TenantSettings, AppError> {
        self.0.store().tenant_settings(caller.tenant).await.or_not_found(AppError::no_company)
    }

    /// Changes the settings (administrators): 400 naming each bad member; 409 when 2B → 2C
    /// while the account has companies. Answers the settings as they now are.
    pub async fn update(&self, caller: &Caller, input: HelpdeskInput) -> Result<TenantSettings, AppError> {
        caller.require_admin()?;
        AppError::check(input.problems)?;
        let change = HelpdeskChange { customer_mode: input.customer_mode, auto_close_days: input.auto_close_days };
        self.0.store().set_helpdesk_settings(caller.tenant, change).await.or_not_found(AppError::no_company)?;
        self.show(caller).await
    }
}
