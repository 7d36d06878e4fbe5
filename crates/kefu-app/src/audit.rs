//! Reading the audit log (administrators). Writes are appended by the edges' plumbing, for
//! every successful write.

use kefu_domain::paging::PageRequest;
use kefu_domain::search::SortOrder;
use kefu_store::{AuditFilter, AuditRecord, Page, Window};

use crate::{App, AppError, Caller};

/// The audit use cases: `app.audit()`.
pub struct Audit<'a>(&'a App);

impl App {
    pub fn audit(&self) -> Audit<'_> {
        Audit(self)
    }
}

impl Audit<'_> {
    pub async fn page(
        &self,
        caller: &Caller,
        filter: &AuditFilter,
        order: SortOrder,
        page: PageRequest,
    ) -> Result<Page<AuditRecord>, AppError> {
        caller.require_admin()?;
        Ok(self.0.store().list_audit(caller.tenant, filter, order, Window::from(page)).await?)
    }
}
