//! Support groups (客服分组), a kefu extension: administrators list, create, rename and
//! delete them.

use kefu_domain::GroupId;
use kefu_domain::group::GroupName;
use kefu_domain::paging::PageRequest;
use kefu_store::{GroupRecord, Page, Window};

use crate::error::OrNotFound;
use crate::{App, AppError, Caller};

/// The support-group use cases: `app.groups()`.
pub struct Groups<'a>(&'a App);

impl App {
    pub fn groups(&self) -> Groups<'_> {
        Groups(self)
    }
}

impl Groups<'_> {
    pub async fn page(&self, caller: &Caller, page: PageRequest) -> Result<Page<GroupRecord>, AppError> {
        caller.require_admin()?;
        Ok(self.0.store().list_groups(caller.tenant, Window::from(page)).await?)
    }

    /// Every group of the company, by groupId: the names an agent's own profile shows too.
    pub async fn all(&self, caller: &Caller) -> Result<Vec<GroupRecord>, AppError> {
        Ok(self.0.store().all_groups(caller.tenant).await?)
    }

    pub async fn show(&self, caller: &Caller, id: GroupId) -> Result<GroupRecord, AppError> {
        caller.require_admin()?;
        self.0.store().group(caller.tenant, id).await?.ok_or_else(|| AppError::no_group(id))
    }

    pub async fn create(&self, caller: &Caller, name: &GroupName) -> Result<GroupRecord, AppError> {
        caller.require_admin()?;
        Ok(self.0.store().create_group(caller.tenant, name).await?)
    }

    pub async fn rename(&self, caller: &Caller, id: GroupId, name: &GroupName) -> Result<GroupRecord, AppError> {
        caller.require_admin()?;
        self.0.store().rename_group(caller.tenant, id, name).await.or_not_found(|| AppError::no_group(id))
    }

    /// Deletes the group; its agents leave it. Answers it as it was.
    pub async fn delete(&self, caller: &Caller, id: GroupId) -> Result<GroupRecord, AppError> {
        caller.require_admin()?;
        self.0.store().delete_group(caller.tenant, id, caller.agent).await.or_not_found(|| AppError::no_group(id))
    }
}
