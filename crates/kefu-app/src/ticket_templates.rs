//! Ticket templates (工单模板): administrators list, create, change and delete them; every
//! agent reads one (an unknown id is the spec's empty answer, decided by the edge).

use kefu_domain::custom_field::FieldEntity;
use kefu_domain::paging::PageRequest;
use kefu_domain::ticket::template::{
    Audience, TemplateDescription, TemplateName, parse_released, parse_template_fields,
};
use kefu_domain::{FieldError, TemplateId};
use kefu_store::{Page, TemplateRecord, TemplateRow, Window};

use crate::Members;
use crate::error::OrNotFound;
use crate::{App, AppError, Caller};

/// Templates the console offers at most (a company has a handful; the list is not paged).
pub const USABLE_TEMPLATES: u64 = 500;

/// The template use cases: `app.ticket_templates()`.
pub struct TicketTemplates<'a>(&'a App);

impl App {
    pub fn ticket_templates(&self) -> TicketTemplates<'_> {
        TicketTemplates(self)
    }
}

/// A template's members, each parsed, with the problems found reading them.
#[derive(Debug, Clone, Default)]
pub struct TemplateInput {
    pub name: Option<TemplateName>,
    pub description: Option<TemplateDescription>,
    pub audience: Option<Audience>,
    pub released: Option<bool>,
    pub fields: Option<Vec<i64>>,
    pub problems: Vec<FieldError>,
}

impl TemplateInput {
    /// Reads a template's members as the API names them (`ticketTemplateName`,
    /// `visibleRange` with `servicerGroupId` / `servicerId`, `isReleased`, `fieldKeys`…) from
    /// a JSON body or a console form alike; problems are recorded in `m`.
    pub fn read(m: &mut impl Members) -> TemplateInput {
        let mut input = TemplateInput {
            name: m.parse("ticketTemplateName", TemplateName::parse),
            description: m.parse("ticketTemplateDescription", TemplateDescription::parse),
            released: m.parse("isReleased", parse_released),
            fields: m.parse("fieldKeys", parse_template_fields),
            ..TemplateInput::default()
        };
        let range = m.text("visibleRange");
        let groups = m.text("servicerGroupId");
        let agents = m.text("servicerId");
        match range {
            Some(range) => {
                match Audience::parse(&range, groups.as_deref().unwrap_or(""), agents.as_deref().unwrap_or("")) {
                    Ok(audience) => input.audience = Some(audience),
                    Err((member, message)) => m.problem(member, message),
                }
            }
            None if groups.as_deref().is_some_and(|g| !g.trim().is_empty()) => {
                m.problem("servicerGroupId", "send visibleRange 2 with it");
            }
            None if agents.as_deref().is_some_and(|a| !a.trim().is_empty()) => {
                m.problem("servicerId", "send visibleRange 3 with it");
            }
            None => {}
        }
        input
    }
}

impl TicketTemplates<'_> {
    pub async fn page(&self, caller: &Caller, page: PageRequest) -> Result<Page<TemplateRecord>, AppError> {
        caller.require_admin()?;
        Ok(self.0.store().list_ticket_templates(caller.tenant, Window::from(page)).await?)
    }

    /// The released templates the caller may create tickets from (or move tickets to), by
    /// id: the first [`USABLE_TEMPLATES`] of the company (for the console's choice).
    pub async fn usable(&self, caller: &Caller) -> Result<Vec<TemplateRecord>, AppError> {
        let store = self.0.store();
        let window = Window { limit: USABLE_TEMPLATES, offset: 0 };
        let all = store.list_ticket_templates(caller.tenant, window).await?.rows;
        let groups = store.agent(caller.tenant, caller.agent).await?.map(|a| a.groups).unwrap_or_default();
        let who =
            kefu_domain::ticket::access::Caller { agent: caller.agent, is_admin: caller.is_admin, groups: &groups };
        Ok(all
            .into_iter()
            .filter(|t| kefu_domain::ticket::template::usable_by(&t.audience, t.released, t.creator, who))
            .collect())
    }

    /// One template; None if the company has none with that id.
    pub async fn show(&self, caller: &Caller, id: TemplateId) -> Result<Option<TemplateRecord>, AppError> {
        Ok(self.0.store().ticket_template(caller.tenant, id).await?)
    }

    pub async fn create(&self, caller: &Caller, input: TemplateInput) -> Result<TemplateRecord, AppError> {
        caller.require_admin()?;
        let mut problems = input.problems.clone();
        if input.name.is_none() && !problems.iter().any(|p| p.field == "ticketTemplateName") {
            problems.push(FieldError::new("ticketTemplateName", "is required"));
        }
        self.check_parts(caller, &input, &mut problems).await?;
        AppError::check(problems)?;
        let row = TemplateRow {
            name: input.name.map(TemplateName::into_string).unwrap_or_default(),
            description: input.description.map(TemplateDescription::into_string).unwrap_or_default(),
            audience: input.audience.unwrap_or(Audience::Everyone),
            released: input.released.unwrap_or(true),
            fields: input.fields.unwrap_or_default(),
        };
        Ok(self.0.store().create_ticket_template(caller.tenant, caller.agent, row).await?)
    }

    pub async fn update(
        &self,
        caller: &Caller,
        id: TemplateId,
        input: TemplateInput,
    ) -> Result<TemplateRecord, AppError> {
        caller.require_admin()?;
        let stored = self.0.store().ticket_template(caller.tenant, id).await?.ok_or_else(|| no_template(id))?;
        let mut problems = input.problems.clone();
        self.check_parts(caller, &input, &mut problems).await?;
        AppError::check(problems)?;
        let row = TemplateRow {
            name: input.name.map(TemplateName::into_string).unwrap_or(stored.name),
            description: input.description.map(TemplateDescription::into_string).unwrap_or(stored.description),
            audience: input.audience.unwrap_or(stored.audience),
            released: input.released.unwrap_or(stored.released),
            fields: input.fields.unwrap_or(stored.fields),
        };
        self.0.store().update_ticket_template(caller.tenant, id, row).await.or_not_found(|| no_template(id))
    }

    pub async fn delete(&self, caller: &Caller, id: TemplateId) -> Result<TemplateRecord, AppError> {
        caller.require_admin()?;
        self.0.store().delete_ticket_template(caller.tenant, id).await.or_not_found(|| no_template(id))
    }

    /// The audience's groups and agents, and the fields, exist in the company.
    async fn check_parts(
        &self,
        caller: &Caller,
        input: &TemplateInput,
        problems: &mut Vec<FieldError>,
    ) -> Result<(), AppError> {
        let store = self.0.store();
        match &input.audience {
            Some(Audience::Groups(groups)) => {
                let all = store.all_groups(caller.tenant).await?;
                for group in groups.iter().filter(|g| !all.iter().any(|a| a.id == **g)) {
                    problems
                        .push(FieldError::new("servicerGroupId", format!("no support group {group} in this company")));
                }
            }
            Some(Audience::Agents(agents)) => {
                let found = store.agents_by_ids(caller.tenant, agents).await?;
                for agent in agents.iter().filter(|a| !found.iter().any(|f| f.id == **a)) {
                    problems.push(FieldError::new("servicerId", format!("no agent {agent} in this company")));
                }
            }
            _ => {}
        }
        if let Some(fields) = &input.fields {
            let defined = store.custom_fields(caller.tenant, FieldEntity::Ticket).await?;
            for number in fields.iter().filter(|n| !defined.iter().any(|d| d.field.number == **n)) {
                problems.push(FieldError::new("fieldKeys", format!("no ticket field field_{number} in this company")));
            }
        }
        Ok(())
    }
}

fn no_template(id: TemplateId) -> AppError {
    AppError::not_found(format!("no ticket template with tId {id}"))
}
