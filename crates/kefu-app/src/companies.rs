//! Companies (公司) of a 2B account: every agent reads, creates and changes them; deleting
//! and restoring is an administrator's. A 2C account has none (403).

use kefu_domain::custom_field::FieldEntity;
use kefu_domain::customer::CustomerMode;
use kefu_domain::customer::company::{CompanyPatch, CompanyStatus, NewCompany, ServicePeriod};
use kefu_domain::customer::group::CustomerGroupType;
use kefu_domain::customer::search::CompanyTerm;
use kefu_domain::limits::MAX_COMPANIES_PER_BATCH;
use kefu_domain::paging::PageRequest;
use kefu_domain::{AgentId, CompanyId, CustomerGroupId, FieldError};
use kefu_store::{CompanyRecord, CustomerListFilter, CustomerOrder, Page, Window};

use crate::batch::{BatchProblems, FirstSeen, check_size};
use crate::custom_fields::CustomValue;
use crate::customer_fields::{EntityFields, ValueDialect};
use crate::customer_references::References;
use crate::error::OrNotFound;
use crate::{App, AppError, Caller};

/// The company use cases: `app.companies()`.
pub struct Companies<'a>(&'a App);

impl App {
    pub fn companies(&self) -> Companies<'_> {
        Companies(self)
    }
}

/// A company's members as an edge read them.
#[derive(Debug, Default)]
pub struct CompanyInput {
    pub fields: CompanyPatch,
    pub custom_fields: Vec<CustomValue>,
    pub problems: Vec<FieldError>,
}

impl Companies<'_> {
    /// Companies exist in 2B accounts only.
    async fn require_2b(&self, caller: &Caller) -> Result<(), AppError> {
        if self.0.store().tenant_settings(caller.tenant).await?.customer_mode == CustomerMode::Consumer {
            return Err(AppError::forbidden(
                "this account is 2C (contacts only): it has no companies; an administrator can make it 2B",
            ));
        }
        Ok(())
    }

    pub async fn fields(&self, caller: &Caller) -> Result<EntityFields, AppError> {
        EntityFields::load(self.0, caller.tenant, FieldEntity::Company).await
    }

    async fn check_references(
        references: &mut References<'_>,
        support: Option<AgentId>,
        group: Option<CustomerGroupId>,
        problems: &mut Vec<FieldError>,
    ) -> Result<(), AppError> {
        if let Some(support) = support {
            references.check_support(support, problems).await?;
        }
        if let Some(group) = group {
            references.check_groups(&[group], CustomerGroupType::Company, problems).await?;
        }
        Ok(())
    }

    pub async fn create(
        &self,
        caller: &Caller,
        input: CompanyInput,
        dialect: ValueDialect,
    ) -> Result<CompanyRecord, AppError> {
        self.require_2b(caller).await?;
        let fields = self.fields(caller).await?;
        let mut references = References::new(self.0, caller.tenant);
        let (new, problems) = Self::check_new(&fields, &mut references, input, dialect).await?;
        AppError::check(problems)?;
        let new = new.ok_or_else(AppError::internal)?;
        Ok(self.0.store().create_company(caller.tenant, caller.agent, &new).await?)
    }

    /// Creates up to [`MAX_COMPANIES_PER_BATCH`] companies, all or none: each checked by
    /// the rules of [`Companies::create`], and two of the batch may not share a name. A
    /// problem's field is `{list}[index].{field}`.
    pub async fn create_many(
        &self,
        caller: &Caller,
        inputs: Vec<CompanyInput>,
        dialect: ValueDialect,
        list: &str,
    ) -> Result<Vec<CompanyRecord>, AppError> {
        check_size(inputs.len(), MAX_COMPANIES_PER_BATCH, list, "companies")?;
        self.require_2b(caller).await?;
        let fields = self.fields(caller).await?;
        let mut references = References::new(self.0, caller.tenant);
        let mut news = Vec::with_capacity(inputs.len());
        let mut problems = BatchProblems::default();
        let mut names = FirstSeen::default();
        for (index, input) in inputs.into_iter().enumerate() {
            let (new, mut row_problems) = Self::check_new(&fields, &mut references, input, dialect).await?;
            if let Some(new) = new {
                if let Some(first) = names.earlier(new.name.as_str(), index) {
                    let message = format!("{:?} is also the name of {list}[{first}]", new.name.as_str());
                    row_problems.push(FieldError::new("companyName", message));
                }
                news.push(new);
            }
            problems.add(list, index, row_problems);
        }
        problems.check()?;
        let store = self.0.store();
        let ids = store.create_companies(caller.tenant, caller.agent, news).await?;
        Ok(store.companies_by_id(caller.tenant, &ids).await?)
    }

    /// A new company as the input describes it (None when it cannot be one), and every
    /// problem of it: the one set of rules of creating, one company or a batch.
    async fn check_new(
        fields: &EntityFields,
        references: &mut References<'_>,
        input: CompanyInput,
        dialect: ValueDialect,
    ) -> Result<(Option<NewCompany>, Vec<FieldError>), AppError> {
        let mut problems = input.problems;
        let (custom, custom_problems) = fields.check(input.custom_fields, true, dialect);
        problems.extend(custom_problems);
        let patch = input.fields;
        if patch.name.is_none() && !problems.iter().any(|p| p.field == "companyName") {
            problems.push(FieldError::new("companyName", "is required"));
        }
        if patch.status == Some(CompanyStatus::Deleted) {
            problems.push(FieldError::new("status", "a new company is active; delete it afterwards"));
        }
        let period = patch.period_after(ServicePeriod::default());
        if let Err(message) = &period {
            problems.push(FieldError::new("serviceendtime", message.clone()));
        }
        Self::check_references(references, patch.support, patch.group.flatten(), &mut problems).await?;
        let (Some(name), Ok(period)) = (patch.name, period) else { return Ok((None, problems)) };
        let new = NewCompany {
            support: patch.support,
            period,
            website: patch.website.unwrap_or_default(),
            note: patch.note.unwrap_or_default(),
            service_charge: patch.service_charge.unwrap_or_default(),
            service_account: patch.service_account.unwrap_or_default(),
            service_password: patch.service_password.unwrap_or_default(),
            address: patch.address.unwrap_or_default(),
            province: patch.province.unwrap_or_default(),
            city: patch.city.unwrap_or_default(),
            group: patch.group.flatten(),
            tags: patch.tags.unwrap_or_default(),
            service_groups: patch.service_groups.unwrap_or_default(),
            custom_fields: custom.into_iter().filter_map(|(number, value)| Some((number, value?))).collect(),
            ..NewCompany::new(name)
        };
        Ok((Some(new), problems))
    }

    /// One company; a deleted one only for administrators.
    pub async fn show(&self, caller: &Caller, id: CompanyId) -> Result<CompanyRecord, AppError> {
        self.require_2b(caller).await?;
        match self.0.store().company(caller.tenant, id).await? {
            Some(company) if !company.is_deleted || caller.is_admin => Ok(company),
            _ => Err(AppError::no_customer_company(id)),
        }
    }

    pub async fn show_many(&self, caller: &Caller, ids: &[CompanyId]) -> Result<Vec<CompanyRecord>, AppError> {
        self.require_2b(caller).await?;
        Ok(self.0.store().companies_by_id(caller.tenant, ids).await?)
    }

    pub async fn page(
        &self,
        caller: &Caller,
        filter: &CustomerListFilter,
        order: CustomerOrder,
        page: PageRequest,
    ) -> Result<Page<CompanyRecord>, AppError> {
        self.require_2b(caller).await?;
        if filter.only_deleted {
            caller.require_admin()?;
        }
        Ok(self.0.store().list_companies(caller.tenant, filter, order, Window::from(page)).await?)
    }

    pub async fn search(
        &self,
        caller: &Caller,
        term: &CompanyTerm,
        page: PageRequest,
    ) -> Result<Page<CompanyRecord>, AppError> {
        self.require_2b(caller).await?;
        if let CompanyTerm::Custom(number, _) = term
            && self.0.store().custom_field(caller.tenant, FieldEntity::Company, *number).await?.is_none()
        {
            return Err(AppError::undefined_search_field(*number));
        }
        Ok(self.0.store().search_companies(caller.tenant, term, Window::from(page)).await?)
    }

    /// Changes a company; `status` deletes (2) or restores (1) it (administrators).
    pub async fn update(
        &self,
        caller: &Caller,
        id: CompanyId,
        input: CompanyInput,
        dialect: ValueDialect,
    ) -> Result<CompanyRecord, AppError> {
        let current = self.show(caller, id).await?;
        let patch = input.fields;
        if patch.status.is_some_and(|s| s.code() != CompanyStatus::of(current.is_deleted).code()) {
            caller.require_admin()?;
        }
        let fields = self.fields(caller).await?;
        let mut problems = input.problems;
        let (custom, custom_problems) = fields.check(input.custom_fields, false, dialect);
        problems.extend(custom_problems);
        let stored = ServicePeriod { start: current.service_start, end: current.service_end };
        if let Err(message) = patch.period_after(stored) {
            problems.push(FieldError::new("serviceendtime", message));
        }
        let mut references = References::new(self.0, caller.tenant);
        Self::check_references(&mut references, patch.support, patch.group.flatten(), &mut problems).await?;
        AppError::check(problems)?;
        let patch = CompanyPatch { custom_fields: custom, ..patch };
        self.0
            .store()
            .update_company(caller.tenant, id, &patch)
            .await
            .or_not_found(|| AppError::no_customer_company(id))
    }

    /// Deletes a company softly (administrators); answers it as it was.
    pub async fn delete(&self, caller: &Caller, id: CompanyId) -> Result<CompanyRecord, AppError> {
        caller.require_admin()?;
        self.require_2b(caller).await?;
        self.0.store().delete_company(caller.tenant, id).await.or_not_found(|| AppError::no_customer_company(id))
    }
}
