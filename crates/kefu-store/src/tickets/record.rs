//! The records of tickets, replies and history entries, and how a row becomes one.

use kefu_domain::custom_field::FieldValue;
use kefu_domain::ticket::history::FieldChange;
use kefu_domain::ticket::{NewReply, StatusTimes};
use kefu_domain::{AgentId, CompanyId, ContactId, GroupId, ReplyId, TemplateId, TenantId, TicketId};

use crate::StoreError;
use crate::engine::Columns;

/// A ticket as stored, with its cc lists and custom values (field number, JSON text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRecord {
    pub id: TicketId,
    pub tenant_id: TenantId,
    pub fields: TicketFields,
    pub source: i64,
    /// 0 an agent, 1 the customer.
    pub creator_type: i64,
    pub creator_agent_id: Option<AgentId>,
    pub created_at: i64,
    pub updated_at: i64,
    pub is_deleted: bool,
    pub deleter_id: Option<AgentId>,
    pub deleted_at: Option<i64>,
    pub custom_fields: Vec<(i64, String)>,
}

/// What a create or an update sets: the whole writable state of a ticket, decided by the
/// use case (status and its timestamps included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFields {
    pub subject: String,
    pub description: String,
    /// `descriptattachments` as JSON (`[]`: none).
    pub attachments: String,
    pub ticket_type: i64,
    pub priority: i64,
    pub status: i64,
    pub contact_id: ContactId,
    pub company_id: Option<CompanyId>,
    pub servicer_id: Option<AgentId>,
    pub servicer_group_id: Option<GroupId>,
    pub template_id: Option<TemplateId>,
    pub tags: Vec<String>,
    pub times: StatusTimes,
    /// Ascending, without duplicates.
    pub cc_agents: Vec<AgentId>,
    pub cc_groups: Vec<GroupId>,
}

/// A new ticket for [`crate::Store::create_ticket`].
#[derive(Debug, Clone)]
pub struct NewTicketRow {
    pub fields: TicketFields,
    pub source: i64,
    /// The agent who creates it (createrType 0); None: the customer (createrType 1).
    pub creator: Option<AgentId>,
    pub values: Vec<(i64, FieldValue)>,
    /// Added after the description, by the creator.
    pub reply: Option<NewReply>,
}

/// An update for [`crate::Store::update_ticket`]: the ticket's new state, read from the
/// one stored at `expected_updated_at` (another change meanwhile makes it stale).
#[derive(Debug, Clone)]
pub struct TicketUpdate {
    pub fields: TicketFields,
    pub values: Vec<(i64, Option<FieldValue>)>,
    /// One history entry each.
    pub changes: Vec<FieldChange>,
    pub reply: Option<NewReply>,
    pub actor: AgentId,
    pub expected_updated_at: i64,
}

/// A reply or an internal note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyRecord {
    pub id: ReplyId,
    pub ticket_id: TicketId,
    pub author_id: Option<AgentId>,
    pub reply_type: i64,
    pub reply_status: i64,
    pub message: String,
    pub created_at: i64,
}

/// One history entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketEventRecord {
    pub id: i64,
    pub ticket_id: TicketId,
    /// None: the auto-close task.
    pub actor_id: Option<AgentId>,
    pub action: i64,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub created_at: i64,
}

pub(super) const TICKET_COLUMNS: &str = "id, tenant_id, subject, description, attachments, source, ticket_type, \
     priority, status, contact_id, company_id, creator_type, creator_agent_id, servicer_id, servicer_group_id, \
     template_id, tags, created_at, updated_at, opened_at, waiting_at, solved_at, closed_at, is_deleted, \
     deleter_id, deleted_at";

pub(super) fn ticket_from_row(row: &dyn Columns) -> Result<TicketRecord, StoreError> {
    let tags = row.text("tags")?;
    Ok(TicketRecord {
        id: TicketId(row.int("id")?),
        tenant_id: TenantId(row.int("tenant_id")?),
        fields: TicketFields {
            subject: row.text("subject")?,
            description: row.text("description")?,
            attachments: row.text("attachments")?,
            ticket_type: row.int("ticket_type")?,
            priority: row.int("priority")?,
            status: row.int("status")?,
            contact_id: ContactId(row.int("contact_id")?),
            company_id: row.opt_int("company_id")?.map(CompanyId),
            servicer_id: row.opt_int("servicer_id")?.map(AgentId),
            servicer_group_id: row.opt_int("servicer_group_id")?.map(GroupId),
            template_id: row.opt_int("template_id")?.map(TemplateId),
            tags: split_tags(&tags),
            times: StatusTimes {
                opened_at: row.opt_int("opened_at")?,
                waiting_at: row.opt_int("waiting_at")?,
                solved_at: row.opt_int("solved_at")?,
                closed_at: row.opt_int("closed_at")?,
            },
            cc_agents: Vec::new(),
            cc_groups: Vec::new(),
        },
        source: row.int("source")?,
        creator_type: row.int("creator_type")?,
        creator_agent_id: row.opt_int("creator_agent_id")?.map(AgentId),
        created_at: row.int("created_at")?,
        updated_at: row.int("updated_at")?,
        is_deleted: row.int("is_deleted")? != 0,
        deleter_id: row.opt_int("deleter_id")?.map(AgentId),
        deleted_at: row.opt_int("deleted_at")?,
        custom_fields: Vec::new(),
    })
}

/// `tags` holds `tagList` as answered (comma-separated); a tag never holds a comma.
pub(super) fn split_tags(stored: &str) -> Vec<String> {
    stored.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

pub(super) const REPLY_COLUMNS: &str = "id, ticket_id, author_id, reply_type, reply_status, message, created_at";

pub(super) fn reply_from_row(row: &dyn Columns) -> Result<ReplyRecord, StoreError> {
    Ok(ReplyRecord {
        id: ReplyId(row.int("id")?),
        ticket_id: TicketId(row.int("ticket_id")?),
        author_id: row.opt_int("author_id")?.map(AgentId),
        reply_type: row.int("reply_type")?,
        reply_status: row.int("reply_status")?,
        message: row.text("message")?,
        created_at: row.int("created_at")?,
    })
}

pub(super) const EVENT_COLUMNS: &str = "id, ticket_id, actor_id, action, field, old_value, new_value, created_at";

pub(super) fn event_from_row(row: &dyn Columns) -> Result<TicketEventRecord, StoreError> {
    Ok(TicketEventRecord {
        id: row.int("id")?,
        ticket_id: TicketId(row.int("ticket_id")?),
        actor_id: row.opt_int("actor_id")?.map(AgentId),
        action: row.int("action")?,
        field: row.text("field")?,
        old_value: row.text("old_value")?,
        new_value: row.text("new_value")?,
        created_at: row.int("created_at")?,
    })
}
