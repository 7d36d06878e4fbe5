//! Tickets (工单): create, show, list, update (with a reply), reply, delete and restore,
//! replies and history — with the access rules of `kefu_domain::ticket::access`:
//! administrators see every ticket of their company, other agents the tickets assigned or
//! copied to them or their groups, and a ticket they may not see answers as unknown.

use kefu_domain::custom_field::{Attachment, FieldEntity, ValueDialect};
use kefu_domain::ids::join_ids;
use kefu_domain::paging::PageRequest;
use kefu_domain::search::SortOrder;
use kefu_domain::ticket::access::{self, Denied, Parties, TicketAction};
use kefu_domain::ticket::history::ChangeSet;
use kefu_domain::ticket::search::{TicketFilter, TicketOrder as SearchOrder, TicketQuery};
use kefu_domain::ticket::status::{StatusActor, check_transition, status_on_create, status_on_update};
use kefu_domain::ticket::{
    AutoCloseDays, Description, NewReply, Priority, StatusTimes, Subject, TicketSource, TicketStatus, TicketType,
};
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, CompanyId, ContactId, FieldError, GroupId, TemplateId, TicketId};
use kefu_store::{
    NewTicketRow, Page, RECENT_REPLIES, ReplyRecord, TicketEventRecord, TicketFields, TicketListFilter, TicketOrder,
    TicketRecord, TicketSearchRequest, TicketUpdate, Window,
};
use tags_helper::tags_of;

use crate::{App, AppError, Caller};

mod checks;
mod desk;

pub use desk::{DeskNames, DeskOverview, NEW_CONTACT_PREFIX};

/// The ticket use cases: `app.tickets()`.
pub struct Tickets<'a>(&'a App);

impl App {
    pub fn tickets(&self) -> Tickets<'_> {
        Tickets(self)
    }
}

/// The members of a create or an update, each parsed (None: not sent), with the problems
/// found while reading them. Read-only members sent back (`ticketId`, `createrId`…) are in
/// `unchanged`, checked against the stored ticket.
#[derive(Debug, Clone)]
pub struct TicketInput {
    pub subject: Option<Subject>,
    pub description: Option<Description>,
    pub attachments: Option<Vec<Attachment>>,
    pub source: Option<TicketSource>,
    pub ticket_type: Option<TicketType>,
    pub priority: Option<Priority>,
    pub status: Option<TicketStatus>,
    pub contact: Option<ContactId>,
    /// Some(None): clear.
    pub assignee: Option<Option<AgentId>>,
    pub group: Option<Option<GroupId>>,
    pub cc_agents: Option<Vec<AgentId>>,
    pub cc_groups: Option<Vec<GroupId>>,
    pub template: Option<Option<TemplateId>>,
    pub tags: Option<kefu_domain::tags::Tags>,
    pub reply: Option<NewReply>,
    /// `isDeleted` on an update: the restore (false) or delete (true) switch.
    pub deleted: Option<bool>,
    /// `custom_fields` and `tables` as sent (checked against the template by the use case).
    pub custom_fields: Vec<crate::custom_fields::CustomValue>,
    /// How dropdown values are spelled: option text, or option ids on `_v2` paths.
    pub dialect: ValueDialect,
    /// Read-only members sent back, as (member, value sent).
    pub unchanged: Vec<(&'static str, String)>,
    pub problems: Vec<FieldError>,
}

impl Default for TicketInput {
    fn default() -> Self {
        TicketInput {
            subject: None,
            description: None,
            attachments: None,
            source: None,
            ticket_type: None,
            priority: None,
            status: None,
            contact: None,
            assignee: None,
            group: None,
            cc_agents: None,
            cc_groups: None,
            template: None,
            tags: None,
            reply: None,
            deleted: None,
            custom_fields: Vec::new(),
            dialect: ValueDialect::OptionText,
            unchanged: Vec::new(),
            problems: Vec::new(),
        }
    }
}

/// What a list asks for.
#[derive(Debug, Clone, Default)]
pub struct TicketListRequest {
    pub filter: TicketListFilter,
    pub order: TicketOrder,
    pub descending: bool,
}

/// A ticket with its last replies, as show answers it.
#[derive(Debug, Clone)]
pub struct TicketView {
    pub ticket: TicketRecord,
    pub replies: Vec<ReplyRecord>,
}

impl Tickets<'_> {
    /// Creates a ticket for a contact; the caller is its creator.
    pub async fn create(&self, caller: &Caller, input: TicketInput) -> Result<TicketRecord, AppError> {
        let new = self.prepare_create(caller, input, true).await?.ok_or_else(AppError::internal)?;
        Ok(self.0.store().create_ticket(caller.tenant, new).await?)
    }

    /// Checks a create and answers the row to write; without a contact (`contact_required`
    /// false: one is about to be created for it) the checks run and the answer is None.
    async fn prepare_create(
        &self,
        caller: &Caller,
        input: TicketInput,
        contact_required: bool,
    ) -> Result<Option<NewTicketRow>, AppError> {
        let mut problems = input.problems.clone();
        for (member, _) in &input.unchanged {
            problems.push(FieldError::new(*member, "is set by the server; do not send it on create"));
        }
        if input.deleted.is_some() {
            problems.push(FieldError::new("isDeleted", "is set by the server; do not send it on create"));
        }
        let subject = match &input.subject {
            Some(subject) => Some(subject.clone()),
            None if !problems.iter().any(|p| p.field == "subject") => {
                problems.push(FieldError::new("subject", "is required"));
                None
            }
            None => None,
        };
        if contact_required && input.contact.is_none() && !problems.iter().any(|p| p.field == "custUserId") {
            problems.push(FieldError::new("custUserId", "is required: a ticket is always for a contact"));
        }
        let assignee = input.assignee.flatten();
        let group = input.group.flatten();
        let company = self.check_references(caller, &input, assignee, group, &mut problems).await?;
        let status = status_on_create(input.status, assignee.is_some());
        if status == TicketStatus::ClosedAutomatically {
            problems.push(FieldError::new(
                "ticketStatus",
                "5 (closed automatically) is set by the company's auto-close; use 6 to close by hand",
            ));
        }
        let template = input.template.flatten();
        let checked = self.check_values(caller, &input, template, &[], true, &mut problems).await?;
        AppError::check(problems)?;
        let Some(subject) = subject else { return Err(AppError::internal()) };
        let Some(contact) = input.contact else { return Ok(None) };
        let now = now_micros();
        let fields = TicketFields {
            subject: subject.into_string(),
            description: input.description.map(Description::into_string).unwrap_or_default(),
            attachments: attachments_json(input.attachments.as_deref().unwrap_or_default()),
            ticket_type: input.ticket_type.unwrap_or_default().code(),
            priority: input.priority.unwrap_or_default().code(),
            status: status.code(),
            contact_id: contact,
            company_id: company.flatten(),
            servicer_id: assignee,
            servicer_group_id: group,
            template_id: input.template.flatten(),
            tags: input.tags.map(|t| t.as_slice().to_vec()).unwrap_or_default(),
            times: StatusTimes::on_create(status, now),
            cc_agents: input.cc_agents.unwrap_or_default(),
            cc_groups: input.cc_groups.unwrap_or_default(),
        };
        let new = NewTicketRow {
            fields,
            source: input.source.unwrap_or_default().code(),
            creator: Some(caller.agent),
            values: checked.values.into_iter().filter_map(|(n, v)| v.map(|v| (n, v))).collect(),
            reply: input.reply,
        };
        Ok(Some(new))
    }

    /// One ticket the caller may see, with its last 50 replies.
    pub async fn show(&self, caller: &Caller, id: TicketId) -> Result<TicketView, AppError> {
        let ticket = self.visible(caller, id, TicketAction::Read).await?;
        let replies = self.0.store().recent_ticket_replies(caller.tenant, id, RECENT_REPLIES).await?;
        Ok(TicketView { ticket, replies })
    }

    /// A page of the tickets the caller may see. Deleted ones are administrators' only.
    pub async fn page(
        &self,
        caller: &Caller,
        mut request: TicketListRequest,
        page: PageRequest,
    ) -> Result<Page<TicketRecord>, AppError> {
        if request.filter.deleted {
            caller.require_admin()?;
        }
        request.filter.parties = self.parties_filter(caller).await?;
        let window = Window::from(page);
        Ok(self
            .0
            .store()
            .list_tickets(caller.tenant, &request.filter, request.order, request.descending, window)
            .await?)
    }

    /// Lists a company's tickets (administrators, as the spec's list).
    pub async fn of_company(
        &self,
        caller: &Caller,
        company: CompanyId,
        request: TicketListRequest,
        page: PageRequest,
    ) -> Result<Page<TicketRecord>, AppError> {
        caller.require_admin()?;
        if !self.0.store().ticket_company_exists(caller.tenant, company).await? {
            return Err(AppError::not_found(format!("no company with uId {company}")));
        }
        let request =
            TicketListRequest { filter: TicketListFilter { company: Some(company), ..request.filter }, ..request };
        self.page(caller, request, page).await
    }

    /// Lists a contact's tickets (administrators).
    pub async fn of_contact(
        &self,
        caller: &Caller,
        contact: ContactId,
        request: TicketListRequest,
        page: PageRequest,
    ) -> Result<Page<TicketRecord>, AppError> {
        caller.require_admin()?;
        if self.0.store().ticket_contact(caller.tenant, contact).await?.is_none() {
            return Err(AppError::not_found(format!("no contact with cId {contact}")));
        }
        let request =
            TicketListRequest { filter: TicketListFilter { contact: Some(contact), ..request.filter }, ..request };
        self.page(caller, request, page).await
    }

    /// Changes a ticket the caller may see: the members sent, a reply, the delete/restore
    /// switch. Members sent back unchanged change nothing.
    pub async fn update(&self, caller: &Caller, id: TicketId, input: TicketInput) -> Result<TicketRecord, AppError> {
        let stored = self.visible(caller, id, TicketAction::Update).await?;
        let mut problems = input.problems.clone();
        for (member, sent) in &input.unchanged {
            let value = read_only_value(&stored, member);
            if value.as_deref() != Some(sent.as_str()) {
                problems.push(FieldError::new(*member, "cannot be changed"));
            }
        }
        if let Some(source) = input.source
            && source.code() != stored.source
        {
            problems.push(FieldError::new("ticketSource", "cannot be changed after the ticket is created"));
        }
        let assignee = input.assignee.unwrap_or(stored.fields.servicer_id);
        let group = input.group.unwrap_or(stored.fields.servicer_group_id);
        let company = self.check_references(caller, &input, assignee, group, &mut problems).await?;
        let from = TicketStatus::from_code(stored.fields.status).unwrap_or_default();
        let gets_assignee = stored.fields.servicer_id.is_none() && assignee.is_some();
        let status = status_on_update(from, input.status, gets_assignee);
        if let Err(message) = check_transition(from, status, StatusActor::Agent) {
            problems.push(FieldError::new("ticketStatus", message));
        }
        let template = input.template.unwrap_or(stored.fields.template_id);
        let retemplating = input.template.is_some_and(|t| t != stored.fields.template_id);
        let checked =
            self.check_values(caller, &input, template, &stored.custom_fields, retemplating, &mut problems).await?;
        AppError::check(problems)?;

        // The delete/restore switch, alone or before the other members.
        let mut stored = stored;
        if let Some(deleted) = input.deleted
            && deleted != stored.is_deleted
        {
            if !deleted {
                caller.require_admin()?;
            }
            stored = self.0.store().set_ticket_deleted(caller.tenant, id, caller.agent, deleted).await?;
        }

        let old = &stored.fields;
        let mut fields = old.clone();
        if let Some(subject) = input.subject {
            fields.subject = subject.into_string();
        }
        if let Some(description) = input.description {
            fields.description = description.into_string();
        }
        if let Some(files) = &input.attachments {
            fields.attachments = attachments_json(files);
        }
        if let Some(t) = input.ticket_type {
            fields.ticket_type = t.code();
        }
        if let Some(p) = input.priority {
            fields.priority = p.code();
        }
        if let Some(contact) = input.contact
            && contact != old.contact_id
        {
            fields.contact_id = contact;
            fields.company_id = company.flatten();
        }
        fields.servicer_id = assignee;
        fields.servicer_group_id = group;
        if let Some(cc) = input.cc_agents {
            fields.cc_agents = cc;
        }
        if let Some(cc) = input.cc_groups {
            fields.cc_groups = cc;
        }
        if let Some(template) = input.template {
            fields.template_id = template;
        }
        if let Some(tags) = input.tags {
            fields.tags = tags.as_slice().to_vec();
        }
        fields.status = status.code();
        fields.times.apply(from, status, now_micros());

        let mut changes = ChangeSet::new();
        changes.compare("subject", &old.subject, &fields.subject);
        changes.compare("descript", &old.description, &fields.description);
        changes.compare("descriptattachments", &old.attachments, &fields.attachments);
        changes.compare("ticketType", &old.ticket_type.to_string(), &fields.ticket_type.to_string());
        changes.compare("priorityLevel", &old.priority.to_string(), &fields.priority.to_string());
        changes.compare("ticketStatus", &old.status.to_string(), &fields.status.to_string());
        changes.compare("custUserId", &old.contact_id.to_string(), &fields.contact_id.to_string());
        changes.compare("servicerUserId", &id_or_zero(old.servicer_id), &id_or_zero(fields.servicer_id));
        changes.compare("servicerGroupId", &id_or_zero(old.servicer_group_id), &id_or_zero(fields.servicer_group_id));
        changes.compare("ccUserIdList", &join_ids(&old.cc_agents), &join_ids(&fields.cc_agents));
        changes.compare("ccGroupIdList", &join_ids(&old.cc_groups), &join_ids(&fields.cc_groups));
        changes.compare("ticketTemplateId", &id_or_zero(old.template_id), &id_or_zero(fields.template_id));
        changes.compare("tagList", &tags_of(&old.tags), &tags_of(&fields.tags));
        for (field, from, to) in &checked.changes {
            changes.compare(field, from, to);
        }
        if changes.is_empty() && input.reply.is_none() {
            return Ok(stored);
        }
        let update = TicketUpdate {
            fields,
            values: checked.values,
            changes: changes.into_changes(),
            reply: input.reply,
            actor: caller.agent,
            expected_updated_at: stored.updated_at,
        };
        self.0.store().update_ticket(caller.tenant, id, update).await.map_err(|e| not_found_as(e, id))
    }

    /// Searches the tickets the caller may see (`tickets/search.json`). `isDeleted:1` is
    /// administrators' only.
    pub async fn search(
        &self,
        caller: &Caller,
        query: TicketQuery,
        order: SearchOrder,
        page: PageRequest,
    ) -> Result<Page<TicketRecord>, AppError> {
        if query.filters.iter().any(|f| matches!(f, TicketFilter::Deleted(true))) {
            caller.require_admin()?;
        }
        let mut times = Vec::new();
        for filter in &query.filters {
            if let TicketFilter::Time(field, prefix) = filter {
                let (start, end) = prefix
                    .bounds(&caller.zone)
                    .map_err(|e| AppError::field("query", format!("term {}: {e}", field.wire_name())))?;
                times.push((*field, start, end));
            }
        }
        let search = TicketSearchRequest {
            query,
            times,
            parties: self.parties_filter(caller).await?,
            key: order.key,
            descending: order.order == SortOrder::Desc,
        };
        Ok(self.0.store().search_tickets(caller.tenant, &search, Window::from(page)).await?)
    }

    /// One pass of the auto-close task over every company (no caller: the server's own
    /// work): each company's solved tickets older than its days become 5, in batches.
    /// Answers how many it closed.
    pub async fn auto_close_pass(&self, now: i64) -> Result<u64, AppError> {
        const BATCH: i64 = 500;
        let store = self.0.store();
        let mut closed = 0;
        for (tenant, days) in store.auto_close_tenants().await? {
            let Some(before) = AutoCloseDays::from_stored(days).solved_before(now) else { continue };
            loop {
                let n = store.auto_close_solved(tenant, before, BATCH).await?;
                closed += n;
                if n < BATCH as u64 {
                    break;
                }
            }
        }
        Ok(closed)
    }

    /// The definitions values are rendered with (every agent).
    pub async fn value_fields(&self, caller: &Caller) -> Result<crate::customer_fields::EntityFields, AppError> {
        crate::customer_fields::EntityFields::load(self.0, caller.tenant, FieldEntity::Ticket).await
    }

    /// The company's ticket field definitions, in key order (every agent).
    pub async fn fields(&self, caller: &Caller) -> Result<Vec<kefu_domain::custom_field::CustomField>, AppError> {
        let records =
            self.0.store().custom_fields(caller.tenant, kefu_domain::custom_field::FieldEntity::Ticket).await?;
        Ok(records.into_iter().map(|r| r.field).collect())
    }

    /// Soft-deletes a ticket the caller may see; answers it as deleted.
    pub async fn delete(&self, caller: &Caller, id: TicketId) -> Result<TicketRecord, AppError> {
        self.visible(caller, id, TicketAction::Delete).await?;
        self.0.store().set_ticket_deleted(caller.tenant, id, caller.agent, true).await.map_err(|e| not_found_as(e, id))
    }

    /// Restores a deleted ticket (administrators).
    pub async fn restore(&self, caller: &Caller, id: TicketId) -> Result<TicketRecord, AppError> {
        self.visible(caller, id, TicketAction::Restore).await?;
        self.0.store().set_ticket_deleted(caller.tenant, id, caller.agent, false).await.map_err(|e| not_found_as(e, id))
    }

    /// Adds a reply or an internal note to a ticket the caller may see.
    pub async fn reply(&self, caller: &Caller, id: TicketId, reply: NewReply) -> Result<ReplyRecord, AppError> {
        self.visible(caller, id, TicketAction::Reply).await?;
        self.0.store().add_ticket_reply(caller.tenant, id, caller.agent, reply).await.map_err(|e| not_found_as(e, id))
    }

    /// A page of the replies of a ticket the caller may see, oldest first.
    pub async fn replies(
        &self,
        caller: &Caller,
        id: TicketId,
        page: PageRequest,
    ) -> Result<Page<ReplyRecord>, AppError> {
        self.visible(caller, id, TicketAction::Read).await?;
        Ok(self.0.store().ticket_replies(caller.tenant, id, Window::from(page)).await?)
    }

    /// A page of the history of a ticket the caller may see, oldest first.
    pub async fn history(
        &self,
        caller: &Caller,
        id: TicketId,
        page: PageRequest,
    ) -> Result<Page<TicketEventRecord>, AppError> {
        self.visible(caller, id, TicketAction::Read).await?;
        Ok(self.0.store().ticket_history(caller.tenant, id, Window::from(page)).await?)
    }

    /// The ticket, if the caller may do `action` on it; a ticket they may not see is unknown.
    async fn visible(&self, caller: &Caller, id: TicketId, action: TicketAction) -> Result<TicketRecord, AppError> {
        let ticket = self.0.store().ticket(caller.tenant, id).await?.ok_or_else(|| AppError::no_ticket(id))?;
        let groups = self.caller_groups(caller).await?;
        let who = access::Caller { agent: caller.agent, is_admin: caller.is_admin, groups: &groups };
        let parties = Parties {
            assignee: ticket.fields.servicer_id,
            group: ticket.fields.servicer_group_id,
            cc_agents: &ticket.fields.cc_agents,
            cc_groups: &ticket.fields.cc_groups,
            deleted: ticket.is_deleted,
        };
        match access::authorize(who, parties, action) {
            Ok(()) => Ok(ticket),
            Err(Denied::NotVisible) => Err(AppError::no_ticket(id)),
            Err(Denied::AdministratorsOnly) => Err(AppError::forbidden("only an administrator may restore a ticket")),
        }
    }

    async fn caller_groups(&self, caller: &Caller) -> Result<Vec<GroupId>, AppError> {
        if caller.is_admin {
            return Ok(Vec::new());
        }
        Ok(self.0.store().agent(caller.tenant, caller.agent).await?.map(|a| a.groups).unwrap_or_default())
    }

    async fn parties_filter(&self, caller: &Caller) -> Result<Option<(AgentId, Vec<GroupId>)>, AppError> {
        if caller.is_admin {
            return Ok(None);
        }
        Ok(Some((caller.agent, self.caller_groups(caller).await?)))
    }
}

/// A read-only member's value as the ticket answers it.
fn read_only_value(ticket: &TicketRecord, member: &str) -> Option<String> {
    Some(match member {
        "ticketId" => ticket.id.to_string(),
        "agentId" => ticket.tenant_id.to_string(),
        "createrId" => match ticket.creator_agent_id {
            Some(agent) => agent.to_string(),
            None => ticket.fields.contact_id.to_string(),
        },
        "createrType" => ticket.creator_type.to_string(),
        "deleterId" => id_or_zero(ticket.deleter_id),
        _ => return None,
    })
}

fn id_or_zero<T: std::fmt::Display>(id: Option<T>) -> String {
    id.map_or_else(|| "0".to_owned(), |id| id.to_string())
}

fn attachments_json(files: &[Attachment]) -> String {
    serde_json::to_string(files).unwrap_or_else(|_| "[]".to_owned())
}

fn not_found_as(error: kefu_store::StoreError, id: TicketId) -> AppError {
    match error {
        kefu_store::StoreError::NotFound => AppError::no_ticket(id),
        other => other.into(),
    }
}

mod tags_helper {
    /// `tagList` as answered.
    pub fn tags_of(tags: &[String]) -> String {
        tags.join(",")
    }
}
