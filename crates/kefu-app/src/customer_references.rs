//! The references a company's or contact's values make — its company, its agent, its
//! customer groups — checked against the tenant's data, each looked up once: a batch of
//! contacts usually names the same few.

use std::collections::HashMap;

use kefu_domain::agent::AgentStatus;
use kefu_domain::customer::group::{CustomerGroupType, check_group_type};
use kefu_domain::{AgentId, CompanyId, CustomerGroupId, FieldError, TenantId};

use crate::{App, AppError};

/// What is known of the references looked up so far.
pub(crate) struct References<'a> {
    app: &'a App,
    tenant: TenantId,
    /// Some(is_deleted), None for an unknown company.
    companies: HashMap<CompanyId, Option<bool>>,
    /// Whether the agent is an active one of the tenant.
    agents: HashMap<AgentId, bool>,
    groups: HashMap<CustomerGroupId, Option<CustomerGroupType>>,
}

impl<'a> References<'a> {
    pub(crate) fn new(app: &'a App, tenant: TenantId) -> Self {
        References { app, tenant, companies: HashMap::new(), agents: HashMap::new(), groups: HashMap::new() }
    }

    /// The company is a live one of the tenant's (`companyId`).
    pub(crate) async fn check_company(
        &mut self,
        company: CompanyId,
        problems: &mut Vec<FieldError>,
    ) -> Result<(), AppError> {
        let found = match self.companies.get(&company) {
            Some(found) => *found,
            None => {
                let found = self.app.store().company(self.tenant, company).await?.map(|c| c.is_deleted);
                self.companies.insert(company, found);
                found
            }
        };
        match found {
            Some(false) => {}
            Some(true) => problems.push(FieldError::new("companyId", format!("company {company} is deleted"))),
            None => problems.push(FieldError::new("companyId", format!("no company {company} in this account"))),
        }
        Ok(())
    }

    /// The agent is an active one of the tenant's (`supportId`).
    pub(crate) async fn check_support(
        &mut self,
        support: AgentId,
        problems: &mut Vec<FieldError>,
    ) -> Result<(), AppError> {
        let active = match self.agents.get(&support) {
            Some(active) => *active,
            None => {
                let agent = self.app.store().agent(self.tenant, support).await?;
                let active = agent.is_some_and(|a| a.status == AgentStatus::Active);
                self.agents.insert(support, active);
                active
            }
        };
        if !active {
            problems.push(FieldError::new("supportId", format!("no active agent {support} in this company")));
        }
        Ok(())
    }

    /// The groups are the tenant's customer groups of the `wanted` kind (`userGroup`).
    pub(crate) async fn check_groups(
        &mut self,
        groups: &[CustomerGroupId],
        wanted: CustomerGroupType,
        problems: &mut Vec<FieldError>,
    ) -> Result<(), AppError> {
        let unseen: Vec<CustomerGroupId> = groups.iter().filter(|g| !self.groups.contains_key(g)).copied().collect();
        if !unseen.is_empty() {
            let found = self.app.store().customer_groups_by_id(self.tenant, &unseen).await?;
            for id in unseen {
                let group_type = found.iter().find(|g| g.id == id).map(|g| g.group_type);
                self.groups.insert(id, group_type);
            }
        }
        for id in groups {
            match self.groups.get(id).copied().flatten() {
                None => problems.push(FieldError::new("userGroup", format!("no customer group {id} in this company"))),
                Some(group_type) => {
                    if let Err(message) = check_group_type(*id, group_type, wanted) {
                        problems.push(FieldError::new("userGroup", message));
                    }
                }
            }
        }
        Ok(())
    }
}
