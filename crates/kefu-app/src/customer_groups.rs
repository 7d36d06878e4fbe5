//! Customer groups (客户分组): every agent reads them; administrators create, rename and
//! delete them (the spec: POST is 管理员).

use kefu_domain::customer::group::{CustomerGroupName, CustomerGroupType};
use kefu_domain::paging::PageRequest;
use kefu_domain::{CustomerGroupId, FieldError};
use kefu_store::{CustomerGroupRecord, Page, Window};

use crate::error::OrNotFound;
use crate::{App, AppError, Caller};

/// The customer-group use cases: `app.customer_groups()`.
pub struct CustomerGroups<'a>(&'a App);

impl App {
    pub fn customer_groups(&self) -> CustomerGroups<'_> {
        CustomerGroups(self)
    }
}

impl AppError {
    pub fn no_customer_group(id: CustomerGroupId) -> Self {
        AppError::not_found(format!("no customer group with groupId {id} in this company"))
    }
}

impl CustomerGroups<'_> {
    pub async fn page(&self, caller: &Caller, page: PageRequest) -> Result<Page<CustomerGroupRecord>, AppError> {
        Ok(self.0.store().list_customer_groups(caller.tenant, Window::from(page)).await?)
    }

    pub async fn show(&self, caller: &Caller, id: CustomerGroupId) -> Result<CustomerGroupRecord, AppError> {
        self.0.store().customer_group(caller.tenant, id).await?.ok_or_else(|| AppError::no_customer_group(id))
    }

    pub async fn show_many(
        &self,
        caller: &Caller,
        ids: &[CustomerGroupId],
    ) -> Result<Vec<CustomerGroupRecord>, AppError> {
        Ok(self.0.store().customer_groups_by_id(caller.tenant, ids).await?)
    }

    pub async fn create(
        &self,
        caller: &Caller,
        name: &CustomerGroupName,
        group_type: CustomerGroupType,
    ) -> Result<CustomerGroupRecord, AppError> {
        caller.require_admin()?;
        Ok(self.0.store().create_customer_group(caller.tenant, name.as_str(), group_type).await?)
    }

    /// Renames a group; its type is fixed (`sent_type` may only repeat it).
    pub async fn rename(
        &self,
        caller: &Caller,
        id: CustomerGroupId,
        name: &CustomerGroupName,
        sent_type: Option<CustomerGroupType>,
    ) -> Result<CustomerGroupRecord, AppError> {
        caller.require_admin()?;
        let current = self.show(caller, id).await?;
        if sent_type.is_some_and(|t| t != current.group_type) {
            return Err(AppError::invalid(vec![FieldError::new(
                "type",
                "cannot be changed: a group's type is fixed when it is made",
            )]));
        }
        self.0
            .store()
            .rename_customer_group(caller.tenant, id, name.as_str())
            .await
            .or_not_found(|| AppError::no_customer_group(id))
    }

    /// Deletes a group; its members leave it. Answers it as it was.
    pub async fn delete(&self, caller: &Caller, id: CustomerGroupId) -> Result<CustomerGroupRecord, AppError> {
        caller.require_admin()?;
        self.0.store().delete_customer_group(caller.tenant, id).await.or_not_found(|| AppError::no_customer_group(id))
    }
}
