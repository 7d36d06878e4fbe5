//! Tickets (工单): the tickets with their cc lists, tags and custom values, their replies
//! and internal notes, and their history. Reads here, changes in `writes.rs`.

mod auto_close;
mod desk;
mod pages;
mod record;
mod search;
mod templates;
mod writes;

use std::collections::HashMap;

use kefu_domain::{AgentId, CompanyId, ContactId, GroupId, TenantId, TicketId};

pub use desk::DeskCounts;
pub use record::{NewTicketRow, ReplyRecord, TicketEventRecord, TicketFields, TicketRecord, TicketUpdate};
pub use search::TicketSearchRequest;
pub use templates::{TemplateRecord, TemplateRow};
pub(crate) use writes::clear_group;

use record::{EVENT_COLUMNS, REPLY_COLUMNS, TICKET_COLUMNS, event_from_row, reply_from_row, ticket_from_row};

use crate::engine::{Cost, Db, Sql};
use crate::{Page, Store, StoreError, Window};

/// Replies shown with a ticket.
pub const RECENT_REPLIES: u64 = 50;

/// Which tickets a list holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketListFilter {
    /// None: every ticket of the company (administrators). Some: only those assigned to the
    /// agent or the groups, or copied to them.
    pub parties: Option<(AgentId, Vec<GroupId>)>,
    /// Deleted tickets instead of live ones.
    pub deleted: bool,
    pub status: Option<i64>,
    pub company: Option<CompanyId>,
    pub contact: Option<ContactId>,
    pub servicer: Option<AgentId>,
    pub group: Option<GroupId>,
    /// Assigned to one of these groups (the console's 我的组; an empty list matches nothing).
    pub in_groups: Option<Vec<GroupId>>,
    /// Without an assignee (the console's 未分配).
    pub unassigned: bool,
    /// `[start, end]` in microseconds.
    pub created: (Option<i64>, Option<i64>),
    pub updated: (Option<i64>, Option<i64>),
}

/// The order of a list: a column and a direction (ties by id in the same direction).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TicketOrder {
    #[default]
    Id,
    Created,
    Updated,
    Status,
}

impl Store {
    /// One ticket of the tenant, deleted or not, with its cc lists and values.
    pub async fn ticket(&self, tenant: TenantId, id: TicketId) -> Result<Option<TicketRecord>, StoreError> {
        let mut snapshot = self.read(Cost::Point).snapshot().await?;
        let found = load_ticket(&mut snapshot.db, tenant, id).await?;
        snapshot.finish().await?;
        Ok(found)
    }

    /// A ticket's last replies (at most `limit`), oldest first.
    pub async fn recent_ticket_replies(
        &self,
        tenant: TenantId,
        id: TicketId,
        limit: u64,
    ) -> Result<Vec<ReplyRecord>, StoreError> {
        let mut sql = Sql::new(&format!("SELECT {REPLY_COLUMNS} FROM ticket_replies WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND ticket_id = ").bind(id.0).push(" ORDER BY id DESC");
        sql.window(Window { limit, offset: 0 });
        let mut rows = self.read(Cost::Point).rows(&sql, reply_from_row).await?;
        rows.reverse();
        Ok(rows)
    }

    /// A page of a ticket's replies and notes, oldest first.
    pub async fn ticket_replies(
        &self,
        tenant: TenantId,
        id: TicketId,
        window: Window,
    ) -> Result<Page<ReplyRecord>, StoreError> {
        let mut counting = Sql::new("SELECT COUNT(*) AS n FROM ticket_replies WHERE tenant_id = ");
        counting.bind(tenant.0).push(" AND ticket_id = ").bind(id.0);
        let mut sql = Sql::new(&format!("SELECT {REPLY_COLUMNS} FROM ticket_replies WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND ticket_id = ").bind(id.0).push(" ORDER BY id").window(window);
        let mut snapshot = self.read(Cost::Scan).snapshot().await?;
        let total = snapshot.db.count(&counting).await?;
        let rows = snapshot.db.rows(&sql, reply_from_row).await?;
        snapshot.finish().await?;
        Ok(Page { rows, total })
    }

    /// A page of a ticket's history, oldest first.
    pub async fn ticket_history(
        &self,
        tenant: TenantId,
        id: TicketId,
        window: Window,
    ) -> Result<Page<TicketEventRecord>, StoreError> {
        let mut counting = Sql::new("SELECT COUNT(*) AS n FROM ticket_events WHERE tenant_id = ");
        counting.bind(tenant.0).push(" AND ticket_id = ").bind(id.0);
        let mut sql = Sql::new(&format!("SELECT {EVENT_COLUMNS} FROM ticket_events WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND ticket_id = ").bind(id.0).push(" ORDER BY id").window(window);
        let mut snapshot = self.read(Cost::Scan).snapshot().await?;
        let total = snapshot.db.count(&counting).await?;
        let rows = snapshot.db.rows(&sql, event_from_row).await?;
        snapshot.finish().await?;
        Ok(Page { rows, total })
    }

    /// The company of a live contact of the tenant: None if there is no such contact,
    /// Some(None) if it has no company (2C, or not yet attached).
    pub async fn ticket_contact(
        &self,
        tenant: TenantId,
        contact: ContactId,
    ) -> Result<Option<Option<CompanyId>>, StoreError> {
        let mut sql = Sql::new("SELECT company_id FROM contacts WHERE tenant_id = ");
        sql.bind(tenant.0).push(" AND id = ").bind(contact.0).push(" AND is_deleted = 0");
        self.read(Cost::Point).first(&sql, |row| Ok(row.opt_int("company_id")?.map(CompanyId))).await
    }

    /// Whether the tenant has this company (deleted or not).
    pub async fn ticket_company_exists(&self, tenant: TenantId, company: CompanyId) -> Result<bool, StoreError> {
        let mut sql = Sql::new("SELECT id FROM companies WHERE tenant_id = ");
        sql.bind(tenant.0).push(" AND id = ").bind(company.0);
        Ok(self.read(Cost::Point).first(&sql, |row| row.int("id")).await?.is_some())
    }

    /// The tenant's ticket counts per status (live tickets), from `ticket_id_counts`.
    pub async fn ticket_status_counts(&self, tenant: TenantId) -> Result<Vec<(i64, u64)>, StoreError> {
        let mut sql = Sql::new(
            "SELECT status, CAST(SUM(n) AS BIGINT) AS n FROM ticket_id_counts WHERE is_deleted = 0 AND tenant_id = ",
        );
        sql.bind(tenant.0).push(" GROUP BY status ORDER BY status");
        self.read(Cost::Scan).rows(&sql, |row| Ok((row.int("status")?, row.int("n")?.max(0) as u64))).await
    }
}

fn prefixed_columns() -> String {
    TICKET_COLUMNS.split(", ").map(|c| format!("t.{c}")).collect::<Vec<_>>().join(", ")
}

/// The conditions of a list. `is_deleted = 0` is written literally so the partial
/// indexes apply.
pub(super) fn where_clause(sql: &mut Sql, tenant: TenantId, filter: &TicketListFilter) {
    sql.push("t.tenant_id = ").bind(tenant.0);
    sql.push(if filter.deleted { " AND t.is_deleted = 1" } else { " AND t.is_deleted = 0" });
    if let Some((agent, groups)) = &filter.parties {
        sql.push(" AND (t.servicer_id = ").bind(agent.0);
        sql.push(" OR t.id IN (SELECT c.ticket_id FROM ticket_cc_agents c WHERE c.tenant_id = ").bind(tenant.0);
        sql.push(" AND c.agent_id = ").bind(agent.0).push(")");
        if !groups.is_empty() {
            sql.push(" OR t.servicer_group_id IN (").bind_list(groups.iter().map(|g| g.0)).push(")");
            sql.push(" OR t.id IN (SELECT g.ticket_id FROM ticket_cc_groups g WHERE g.tenant_id = ").bind(tenant.0);
            sql.push(" AND g.group_id IN (").bind_list(groups.iter().map(|g| g.0)).push("))");
        }
        sql.push(")");
    }
    if let Some(status) = filter.status {
        sql.push(" AND t.status = ").bind(status);
    }
    if let Some(company) = filter.company {
        sql.push(" AND t.company_id = ").bind(company.0);
    }
    if let Some(contact) = filter.contact {
        sql.push(" AND t.contact_id = ").bind(contact.0);
    }
    if let Some(servicer) = filter.servicer {
        sql.push(" AND t.servicer_id = ").bind(servicer.0);
    }
    if let Some(group) = filter.group {
        sql.push(" AND t.servicer_group_id = ").bind(group.0);
    }
    match &filter.in_groups {
        Some(groups) if groups.is_empty() => {
            sql.push(" AND 1 = 0");
        }
        Some(groups) => {
            sql.push(" AND t.servicer_group_id IN (").bind_list(groups.iter().map(|g| g.0)).push(")");
        }
        None => {}
    }
    if filter.unassigned {
        sql.push(" AND t.servicer_id IS NULL");
    }
    for (column, (start, end)) in [("t.created_at", filter.created), ("t.updated_at", filter.updated)] {
        if let Some(start) = start {
            sql.push(&format!(" AND {column} >= ")).bind(start);
        }
        if let Some(end) = end {
            sql.push(&format!(" AND {column} <= ")).bind(end);
        }
    }
}

/// One ticket with its details, inside a read snapshot or a write.
pub(crate) async fn load_ticket(
    db: &mut Db,
    tenant: TenantId,
    id: TicketId,
) -> Result<Option<TicketRecord>, StoreError> {
    let mut sql = Sql::new(&format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE tenant_id = "));
    sql.bind(tenant.0).push(" AND id = ").bind(id.0);
    let mut found: Vec<TicketRecord> = db.first(&sql, ticket_from_row).await?.into_iter().collect();
    attach_details(db, tenant, &mut found).await?;
    Ok(found.pop())
}

/// Fills in the cc lists and custom values of `tickets`, one query each.
async fn attach_details(db: &mut Db, tenant: TenantId, tickets: &mut [TicketRecord]) -> Result<(), StoreError> {
    if tickets.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = tickets.iter().map(|t| t.id.0).collect();
    let pairs = |table: &str, column: &str| {
        let mut sql = Sql::new(&format!("SELECT ticket_id, {column} AS other FROM {table} WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND ticket_id IN (").bind_list(ids.iter().copied());
        sql.push(&format!(") ORDER BY ticket_id, {column}"));
        sql
    };
    let agents = pairs("ticket_cc_agents", "agent_id");
    let groups = pairs("ticket_cc_groups", "group_id");
    let pair = |row: &dyn crate::engine::Columns| Ok((row.int("ticket_id")?, row.int("other")?));
    let mut cc_agents: HashMap<i64, Vec<AgentId>> = HashMap::new();
    for (ticket, agent) in db.rows(&agents, pair).await? {
        cc_agents.entry(ticket).or_default().push(AgentId(agent));
    }
    let mut cc_groups: HashMap<i64, Vec<GroupId>> = HashMap::new();
    for (ticket, group) in db.rows(&groups, pair).await? {
        cc_groups.entry(ticket).or_default().push(GroupId(group));
    }
    let mut values = Sql::new("SELECT ticket_id, field_number, value FROM ticket_field_values WHERE tenant_id = ");
    values.bind(tenant.0).push(" AND ticket_id IN (").bind_list(ids.iter().copied());
    values.push(") ORDER BY ticket_id, field_number");
    let mut by_ticket: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    let rows =
        db.rows(&values, |row| Ok((row.int("ticket_id")?, row.int("field_number")?, row.text("value")?))).await?;
    for (ticket, number, value) in rows {
        by_ticket.entry(ticket).or_default().push((number, value));
    }
    for ticket in tickets {
        ticket.fields.cc_agents = cc_agents.remove(&ticket.id.0).unwrap_or_default();
        ticket.fields.cc_groups = cc_groups.remove(&ticket.id.0).unwrap_or_default();
        ticket.custom_fields = by_ticket.remove(&ticket.id.0).unwrap_or_default();
    }
    Ok(())
}
