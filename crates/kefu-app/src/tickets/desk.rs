//! The agent's desk (工单 in the console): the views' counts in one grouped query, a page of
//! one view, the names a list shows, and a ticket created together with its new contact.

use std::collections::HashMap;

use kefu_domain::paging::PageRequest;
use kefu_domain::ticket::DeskView;
use kefu_domain::{AgentId, ContactId, FieldError, GroupId};
use kefu_store::{Page, TicketListFilter, TicketOrder, TicketRecord, Window};

use super::{TicketInput, Tickets};
use crate::contacts::ContactInput;
use crate::customer_fields::ValueDialect;
use crate::{AppError, Caller};

/// The member names of a new contact's problems start with this (`contact.mobile`), so they
/// are never taken for the ticket's.
pub const NEW_CONTACT_PREFIX: &str = "contact.";

/// How many tickets each view of the desk holds for the caller, in [`DeskView::all`] order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeskOverview {
    pub counts: Vec<(DeskView, u64)>,
}

impl DeskOverview {
    pub fn count(&self, view: DeskView) -> u64 {
        self.counts.iter().find(|(v, _)| *v == view).map_or(0, |(_, n)| *n)
    }
}

/// The names of the agents and contacts some tickets name.
#[derive(Debug, Clone, Default)]
pub struct DeskNames {
    pub agents: HashMap<AgentId, String>,
    pub contacts: HashMap<ContactId, String>,
}

impl Tickets<'_> {
    /// The counts of every view of the desk, from one grouped query.
    pub async fn desk_overview(&self, caller: &Caller) -> Result<DeskOverview, AppError> {
        let filter = TicketListFilter { parties: self.parties_filter(caller).await?, ..TicketListFilter::default() };
        let groups = self.own_groups(caller).await?;
        let rows = self.0.store().ticket_desk_counts(caller.tenant, &filter, caller.agent, &groups).await?;
        let sum = |pick: fn(&kefu_store::DeskCounts) -> u64| rows.iter().map(pick).sum::<u64>();
        let counts = DeskView::all()
            .into_iter()
            .map(|view| {
                let n = match view {
                    DeskView::Mine => sum(|r| r.mine),
                    DeskView::MyGroups => sum(|r| r.my_groups),
                    DeskView::Unassigned => sum(|r| r.unassigned),
                    DeskView::All => sum(|r| r.all),
                    DeskView::Status(status) => rows.iter().filter(|r| r.status == status.code()).map(|r| r.all).sum(),
                };
                (view, n)
            })
            .collect();
        Ok(DeskOverview { counts })
    }

    /// A page of one view, the most recently updated first.
    pub async fn desk_page(
        &self,
        caller: &Caller,
        view: DeskView,
        page: PageRequest,
    ) -> Result<Page<TicketRecord>, AppError> {
        let mut filter =
            TicketListFilter { parties: self.parties_filter(caller).await?, ..TicketListFilter::default() };
        match view {
            DeskView::Mine => filter.servicer = Some(caller.agent),
            DeskView::MyGroups => filter.in_groups = Some(self.own_groups(caller).await?),
            DeskView::Unassigned => filter.unassigned = true,
            DeskView::All => {}
            DeskView::Status(status) => filter.status = Some(status.code()),
        }
        let store = self.0.store();
        Ok(store.list_tickets(caller.tenant, &filter, TicketOrder::Updated, true, Window::from(page)).await?)
    }

    /// The names of the assignees, cc'd agents, history actors (`actors`) and contacts of
    /// `tickets` (every agent may read colleagues' and contacts' names).
    pub async fn desk_names(
        &self,
        caller: &Caller,
        tickets: &[TicketRecord],
        actors: &[AgentId],
    ) -> Result<DeskNames, AppError> {
        let mut agents: Vec<AgentId> = actors.to_vec();
        for ticket in tickets {
            agents.extend(ticket.fields.servicer_id);
            agents.extend(ticket.creator_agent_id);
            agents.extend(ticket.fields.cc_agents.iter().copied());
        }
        agents.sort_unstable();
        agents.dedup();
        let mut contacts: Vec<ContactId> = tickets.iter().map(|t| t.fields.contact_id).collect();
        contacts.sort_unstable();
        contacts.dedup();
        let store = self.0.store();
        let agents = store.agents_by_ids(caller.tenant, &agents).await?;
        let contacts = store.contacts_by_id(caller.tenant, &contacts).await?;
        Ok(DeskNames {
            agents: agents
                .into_iter()
                .map(|a| (a.id, if a.name.is_empty() { a.passport_name } else { a.name }))
                .collect(),
            contacts: contacts.into_iter().map(|c| (c.id, c.name)).collect(),
        })
    }

    /// Creates a contact and a ticket for it. The ticket is checked first, so a refused
    /// ticket leaves no contact behind; the contact's problems are named `contact.…`. If the
    /// ticket is refused after the contact was made (a change in between), the message says
    /// which contact now exists.
    pub async fn create_with_contact(
        &self,
        caller: &Caller,
        contact: ContactInput,
        mut input: TicketInput,
    ) -> Result<TicketRecord, AppError> {
        input.contact = None;
        let mut problems: Vec<FieldError> = prefixed(contact.problems.clone());
        if let Err(error) = self.prepare_create(caller, input.clone(), false).await {
            if error.problems.is_empty() {
                return Err(error);
            }
            problems.extend(error.problems);
        }
        AppError::check(problems)?;
        let created = self
            .0
            .contacts()
            .create(caller, contact, ValueDialect::OptionText)
            .await
            .map_err(|error| AppError { problems: prefixed(error.problems.clone()), ..error })?;
        input.contact = Some(created.id);
        self.create(caller, input).await.map_err(|error| AppError {
            message: format!("contact {} was created, but the ticket was not: {}", created.id, error.message),
            ..error
        })
    }

    /// The caller's own groups (an administrator's too: 我的组 is about membership).
    async fn own_groups(&self, caller: &Caller) -> Result<Vec<GroupId>, AppError> {
        Ok(self.0.store().agent(caller.tenant, caller.agent).await?.map(|a| a.groups).unwrap_or_default())
    }
}

fn prefixed(problems: Vec<FieldError>) -> Vec<FieldError> {
    problems.into_iter().map(|p| FieldError::new(format!("{NEW_CONTACT_PREFIX}{}", p.field), p.message)).collect()
}
