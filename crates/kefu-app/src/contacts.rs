//! Contacts (联系人, the API's users): every agent reads, creates and changes them; deleting
//! and restoring is an administrator's (docs/compat.md, "Customers").

use kefu_domain::custom_field::FieldEntity;
use kefu_domain::customer::CustomerMode;
use kefu_domain::customer::contact::{ContactPatch, NewContact, StoredContact};
use kefu_domain::customer::group::CustomerGroupType;
use kefu_domain::customer::search::ContactTerm;
use kefu_domain::limits::MAX_CONTACTS_PER_BATCH;
use kefu_domain::paging::PageRequest;
use kefu_domain::{AgentId, CompanyId, ContactId, CustomerGroupId, FieldError};
use kefu_store::{ContactRecord, CustomerListFilter, CustomerOrder, Page, Window};

use crate::batch::{BatchProblems, FirstSeen, check_size};
use crate::custom_fields::CustomValue;
use crate::customer_fields::{EntityFields, ValueDialect};
use crate::customer_references::References;
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
        references: &mut References<'_>,
        company: Option<CompanyId>,
        support: Option<AgentId>,
        groups: Option<&[CustomerGroupId]>,
        problems: &mut Vec<FieldError>,
    ) -> Result<(), AppError> {
        if let Some(company) = company {
            references.check_company(company, problems).await?;
        }
        if let Some(support) = support {
            references.check_support(support, problems).await?;
        }
        if let Some(groups) = groups {
            references.check_groups(groups, CustomerGroupType::Contact, problems).await?;
        }
        Ok(())
    }

    /// A new contact as the input describes it, and every problem of it (the one set of
    /// rules of creating, one contact or a batch).
    async fn check_new(
        mode: CustomerMode,
        fields: &EntityFields,
        references: &mut References<'_>,
        input: ContactInput,
        dialect: ValueDialect,
    ) -> Result<(NewContact, Vec<FieldError>), AppError> {
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
        Self::check_references(references, new.company, new.support, Some(&new.groups), &mut problems).await?;
        Ok((new, problems))
    }

    pub async fn create(
        &self,
        caller: &Caller,
        input: ContactInput,
        dialect: ValueDialect,
    ) -> Result<ContactRecord, AppError> {
        let (mode, fields) = self.context(caller).await?;
        let mut references = References::new(self.0, caller.tenant);
        let (new, problems) = Self::check_new(mode, &fields, &mut references, input, dialect).await?;
        AppError::check(problems)?;
        Ok(self.0.store().create_contact(caller.tenant, caller.agent, &new).await?)
    }

    /// Creates up to [`MAX_CONTACTS_PER_BATCH`] contacts, all or none: each checked by the
    /// rules of [`Contacts::create`], and two of the batch may not share a remote id. A
    /// problem's field is `{list}[index].{field}`, `list` being the edge's name of the list.
    pub async fn create_many(
        &self,
        caller: &Caller,
        inputs: Vec<ContactInput>,
        dialect: ValueDialect,
        list: &str,
    ) -> Result<Vec<ContactRecord>, AppError> {
        check_size(inputs.len(), MAX_CONTACTS_PER_BATCH, list, "contacts")?;
        let (mode, fields) = self.context(caller).await?;
        let mut references = References::new(self.0, caller.tenant);
        let mut news = Vec::with_capacity(inputs.len());
        let mut problems = BatchProblems::default();
        let mut remote_ids = FirstSeen::default();
        for (index, input) in inputs.into_iter().enumerate() {
            let (new, mut row_problems) = Self::check_new(mode, &fields, &mut references, input, dialect).await?;
            for remote in &new.remote_ids {
                if let Some(first) = remote_ids.earlier(&remote.id, index) {
                    let message = format!("{:?} is also the remote id of {list}[{first}]", remote.id);
                    row_problems.push(FieldError::new("uniqueIds", message));
                }
            }
            problems.add(list, index, row_problems);
            news.push(new);
        }
        problems.check()?;
        let store = self.0.store();
        let ids = store.create_contacts(caller.tenant, caller.agent, news).await?;
        Ok(store.contacts_by_id(caller.tenant, &ids).await?)
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
        let mut references = References::new(self.0, caller.tenant);
        Self::check_references(&mut references, moved, patch.support, patch.groups.as_deref(), &mut problems).await?;
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
