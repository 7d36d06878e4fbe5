//! Sign-ins (签到): any agent signs in, as themselves; administrators list the company's.

use kefu_domain::paging::PageRequest;
use kefu_domain::search::SortOrder;
use kefu_domain::signin::NewSignIn;
use kefu_store::{Page, SignInFilter, SignInRecord, Window};

use crate::{App, AppError, Caller};

/// The sign-in use cases: `app.signins()`.
pub struct Signins<'a>(&'a App);

impl App {
    pub fn signins(&self) -> Signins<'_> {
        Signins(self)
    }
}

/// A list of sign-ins, checked.
#[derive(Debug, Clone)]
pub struct SignInQuery {
    pub filter: SignInFilter,
    pub order: SortOrder,
    pub page: PageRequest,
}

impl Signins<'_> {
    /// The caller signs in: a sign-in names no agent, so nobody signs in for someone else.
    pub async fn create(&self, caller: &Caller, new: &NewSignIn) -> Result<SignInRecord, AppError> {
        Ok(self.0.store().create_signin(caller.tenant, caller.agent, new).await?)
    }

    /// One page of the company's sign-ins (administrators). A filter by an agent the
    /// company never had is the seed's 10011; a deleted agent's sign-ins stay listed.
    pub async fn page(&self, caller: &Caller, query: &SignInQuery) -> Result<Page<SignInRecord>, AppError> {
        caller.require_admin()?;
        self.0.ever_known(caller, query.filter.agent, "sId").await?;
        Ok(self.0.store().list_signins(caller.tenant, &query.filter, query.order, Window::from(query.page)).await?)
    }
}
