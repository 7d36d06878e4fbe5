//! Contacts (联系人, the API's users): every agent reads, creates and changes them; deleting
//! and restoring is an administrator's (docs/compat.md, "Customers").

use kefu_domain::agent::AgentStatus;
use kefu_domain::custom_field::FieldEntity;
use kefu_domain::customer::CustomerMode;
use kefu_domain::customer::contact::{ContactPatch, NewContact, StoredContact};
use kefu_domain::customer::group::{CustomerGroupType, check_group_type};
use kefu_domain::customer::search::ContactTerm;
use kefu_domain::paging::PageRequest;
use kefu_domain::{AgentId, CompanyId, ContactId, CustomerGroupId, FieldError};
use kefu_store::{ContactRecord, CustomerListFilter, CustomerOrder, Page, Window};

use crate::custom_fields::CustomValue;
use crate::customer_fields::{EntityFields, ValueDialect};
use crate::error::OrNotFound;
use crate::{App, AppError, Caller};

/// The contact use cases: `app.contacts()`.
pub struct Contacts<'a>(&'a App);

impl App {
    pub fn contacts(&self) -> Contacts<'_> {
        Contacts(self)
    }
}

/// A contact's members as an edge read them: the built-in ones parsed (what was sent),
/// the custom values still to check, and the problems found so far.
#[derive(Debug, Default)]
pub struct ContactInput {
    pub fields: ContactPatch,
    pub custom_fields: Vec<CustomValue>,
    pub problems: Vec<FieldError>,
}

impl AppError {
    /// An unknown contact id, or another company's (the same answer).
    pub fn no_contact(id: ContactId) -> Self {
        AppError::not_found(format!("no contact with cId {id} in this company"))
    }
}

impl Contacts<'_> {
    /// The account's customer mode and its contact field definitions.
    async fn context(&self, caller: &Caller) -> Result<(CustomerMode, EntityFields), AppError> {
        let mode = self.0.store().tenant_settings(caller.tenant).await?.customer_mode;
        Ok((mode, EntityFields::load(self.0, caller.tenant, FieldEntity::Contact).await?))
    }

    /// The contact definitions, for rendering values.
    pub async fn fields(&self, caller: &Caller) -> Result<EntityFields, AppError> {
        EntityFields::load(self.0, caller.tenant, FieldEntity::Contact).await
    }

    pub async fn mode(&self, caller: &Caller) -> Result<CustomerMode, AppError> {
        Ok(self.0.store().tenant_settings(caller.tenant).await?.customer_mode)
    }

    /// The references a contact's values make are the tenant's: its company live, its
    /// agent an active one, its groups contact groups.
    async fn check_references(
        &self,
        caller: &Caller,
        company: Option<CompanyId>,
        support: Option<AgentId>,
        groups: Option<&[CustomerGroupId]>,
        problems: &mut Vec<FieldError>,
    ) -> Result<(), AppError> {
        let store = self.0.store();
        if let Some(company) = company {
            match store.company(caller.tenant, company).await? {
                Some(found) if !found.is_deleted => {}
                Some(_) => problems.push(FieldError::new("companyId", format!("company {company} is deleted"))),
                None => problems.push(FieldError::new("companyId", format!("no company {company} in this account"))),
            }
        }
        if let Some(support) = support {
            match store.agent(caller.tenant, support).await? {
                Some(agent) if agent.status == AgentStatus::Active => {}
                _ => problems.push(FieldError::new("supportId", format!("no active agent {support} in this company"))),
            }
        }
        if let Some(groups) = groups {
            let found = store.customer_groups_by_id(caller.tenant, groups).await?;
            for id in groups {
                match found.iter().find(|g| g.id == *id) {
                    None => {
                        problems.push(FieldError::new("userGroup", format!("no customer group {id} in this company")))
                    }
                    Some(group) => {
                        if let Err(message) = check_group_type(*id, group.group_type, CustomerGroupType::Contact) {
                            problems.push(FieldError::new("userGroup", message));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    pub async fn create(
        &self,
        caller: &Caller,
        input: ContactInput,
        dialect: ValueDialect,
    ) -> Result<ContactRecord, AppError> {
        let (mode, fields) = self.context(caller).await?;
        let mut problems = input.problems;
        let (custom, custom_problems) = fields.check(input.custom_fields, true, dialect);
        problems.extend(custom_problems);
        let patch = input.fields;
        let new = NewContact {
            name: patch.name.unwrap_or_default(),
            mobile: patch.mobile.unwrap_or_default(),
            fixnumber: patch.fixnumber.unwrap_or_default(),
            email: patch.email.unwrap_or_default(),
            position: patch.position.unwrap_or_default(),
            state: patch.state.unwrap_or_default(),
            qq: patch.qq.unwrap_or_default(),
            note: patch.note.unwrap_or_default(),
            company: patch.company,
            remote_ids: patch.remote_ids.unwrap_or_default(),
            support: patch.support,
            is_default: patch.is_default.unwrap_or(false),
            groups: patch.groups.unwrap_or_default(),
            tags: patch.tags.unwrap_or_default(),
            custom_fields: custom.into_iter().filter_map(|(number, value)| Some((number, value?))).collect(),
        };
        if problems.is_empty()
            && let Err(errors) = new.check(mode)
        {
            problems.extend(errors);
        }
        self.check_references(caller, new.company, new.support, Some(&new.groups), &mut problems).await?;
        AppError::check(problems)?;
        Ok(self.0.store().create_contact(caller.tenant, caller.agent, &new).await?)
    }

    /// One contact; a deleted one only for administrators (who may restore it).
    pub async fn show(&self, caller: &Caller, id: ContactId) -> Result<ContactRecord, AppError> {
        match self.0.store().contact(caller.tenant, id).await? {
            Some(contact) if !contact.is_deleted || caller.is_admin => Ok(contact),
            _ => Err(AppError::no_contact(id)),
        }
    }

    /// Live contacts among `ids`, in the order asked.
    pub async fn show_many(&self, caller: &Caller, ids: &[ContactId]) -> Result<Vec<ContactRecord>, AppError> {
        Ok(self.0.store().contacts_by_id(caller.tenant, ids).await?)
    }

    /// A page of contacts (a company's with `company`, which must be the tenant's).
    pub async fn page(
        &self,
        caller: &Caller,
        company: Option<CompanyId>,
        filter: &CustomerListFilter,
        order: CustomerOrder,
        page: PageRequest,
    ) -> Result<Page<ContactRecord>, AppError> {
        if filter.only_deleted {
            caller.require_admin()?;
        }
        if let Some(company) = company
            && self.0.store().company(caller.tenant, company).await?.is_none()
        {
            return Err(AppError::no_customer_company(company));
        }
        Ok(self.0.store().list_contacts(caller.tenant, company, filter, order, Window::from(page)).await?)
    }

    pub async fn search(
        &self,
        caller: &Caller,
        term: &ContactTerm,
        page: PageRequest,
    ) -> Result<Page<ContactRecord>, AppError> {
        if let ContactTerm::Custom(number, _) = term
            && self.0.store().custom_field(caller.tenant, FieldEntity::Contact, *number).await?.is_none()
        {
            return Err(AppError::undefined_search_field(*number));
        }
        Ok(self.0.store().search_contacts(caller.tenant, term, Window::from(page)).await?)
    }

    /// Changes a contact; on a deleted one (administrators) a `state` restores it.
    pub async fn update(
        &self,
        caller: &Caller,
        id: ContactId,
        input: ContactInput,
        dialect: ValueDialect,
    ) -> Result<ContactRecord, AppError> {
        let current = self.show(caller, id).await?;
        let restore = current.is_deleted;
        if restore {
            caller.require_admin()?;
        }
        let (mode, fields) = self.context(caller).await?;
        let mut problems = input.problems;
        let (custom, custom_problems) = fields.check(input.custom_fields, false, dialect);
        problems.extend(custom_problems);
        let patch = ContactPatch { custom_fields: custom, ..input.fields };
        if restore && patch.state.is_none() {
            problems.push(FieldError::new("state", "is required to restore a deleted contact (\"1\" or \"2\")"));
        }
        let stored = StoredContact {
            mobile: current.mobile.clone(),
            fixnumber: current.fixnumber.clone(),
            company: current.company,
            is_default: current.is_default,
        };
        if problems.is_empty()
            && let Err(errors) = patch.check(mode, &stored)
        {
            problems.extend(errors);
        }
        let moved = patch.company.filter(|c| Some(*c) != current.company);
        self.check_references(caller, moved, patch.support, patch.groups.as_deref(), &mut problems).await?;
        AppError::check(problems)?;
        self.0
            .store()
            .update_contact(caller.tenant, id, &patch, restore)
            .await
            .or_not_found(|| AppError::no_contact(id))
    }

    /// Deletes a contact softly (administrators); answers it as it was.
    pub async fn delete(&self, caller: &Caller, id: ContactId) -> Result<ContactRecord, AppError> {
        caller.require_admin()?;
        self.0.store().delete_contact(caller.tenant, id).await.or_not_found(|| AppError::no_contact(id))
    }
}

impl AppError {
    /// An unknown company id in a path, or another account's.
    pub fn no_customer_company(id: CompanyId) -> Self {
        AppError::not_found(format!("no company with uId {id} in this account"))
    }
}
