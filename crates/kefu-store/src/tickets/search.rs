//! `GET /tickets/search.json`: a parsed `TicketQuery` translated filter by filter. Substrings
//! are matched with `lower(…) LIKE` on both backends for now (the trigram indexes of 0021
//! are for the benchmark's work: see docs/customers-tickets-plan.md).

use kefu_domain::ticket::search::{TicketFilter, TicketQuery, TicketSortKey, TimeField};
use kefu_domain::{AgentId, GroupId, TenantId};

use super::record::{TICKET_COLUMNS, ticket_from_row};
use super::{TicketRecord, attach_details};
use crate::engine::{Cost, Sql, contains_pattern};
use crate::{Page, Store, StoreError, Window};

/// A search: the query, its time terms resolved to `[start, end)` in microseconds (in the
/// company's zone, by the use case), who may see what, and the order.
#[derive(Debug, Clone)]
pub struct TicketSearchRequest {
    pub query: TicketQuery,
    pub times: Vec<(TimeField, i64, i64)>,
    /// None: every ticket of the company (administrators).
    pub parties: Option<(AgentId, Vec<GroupId>)>,
    pub key: TicketSortKey,
    pub descending: bool,
}

impl Store {
    /// A page of the tickets matching every term, and how many match in all.
    pub async fn search_tickets(
        &self,
        tenant: TenantId,
        search: &TicketSearchRequest,
        window: Window,
    ) -> Result<Page<TicketRecord>, StoreError> {
        let mut counting = Sql::new("SELECT COUNT(*) AS n FROM tickets t WHERE ");
        conditions(&mut counting, tenant, search);
        let columns: Vec<String> = TICKET_COLUMNS.split(", ").map(|c| format!("t.{c}")).collect();
        let mut sql = Sql::new(&format!("SELECT {} FROM tickets t WHERE ", columns.join(", ")));
        conditions(&mut sql, tenant, search);
        let direction = if search.descending { "DESC" } else { "ASC" };
        let column = match search.key {
            TicketSortKey::Id => None,
            TicketSortKey::Created => Some("t.created_at"),
            TicketSortKey::Updated => Some("t.updated_at"),
            TicketSortKey::Status => Some("t.status"),
        };
        sql.push(" ORDER BY ");
        if let Some(column) = column {
            sql.push(&format!("{column} {direction}, "));
        }
        sql.push(&format!("t.id {direction}")).window(window);
        let mut snapshot = self.read(Cost::Scan).snapshot().await?;
        let total = snapshot.db.count(&counting).await?;
        let mut rows = snapshot.db.rows(&sql, ticket_from_row).await?;
        attach_details(&mut snapshot.db, tenant, &mut rows).await?;
        snapshot.finish().await?;
        Ok(Page { rows, total })
    }
}

fn in_list(sql: &mut Sql, column: &str, values: impl IntoIterator<Item = i64>) {
    sql.push(&format!(" AND {column} IN (")).bind_list(values).push(")");
}

/// `column IN (…)`, or NULL for the `0` ("none") among the values.
fn in_optional_list(sql: &mut Sql, column: &str, values: &[Option<i64>]) {
    let ids: Vec<i64> = values.iter().flatten().copied().collect();
    let none = values.iter().any(Option::is_none);
    sql.push(" AND (");
    if !ids.is_empty() {
        sql.push(&format!("{column} IN (")).bind_list(ids).push(")");
        if none {
            sql.push(" OR ");
        }
    }
    if none {
        sql.push(&format!("{column} IS NULL"));
    }
    sql.push(")");
}

fn like(sql: &mut Sql, expression: &str, needle: &str) {
    sql.push(&format!("lower({expression}) LIKE ")).bind(contains_pattern(needle)).push(" ESCAPE '\\'");
}

fn conditions(sql: &mut Sql, tenant: TenantId, search: &TicketSearchRequest) {
    let t = tenant.0;
    sql.push("t.tenant_id = ").bind(t);
    let deleted = search.query.filters.iter().rev().find_map(|f| match f {
        TicketFilter::Deleted(deleted) => Some(*deleted),
        _ => None,
    });
    // Literal, so the partial indexes apply.
    sql.push(if deleted == Some(true) { " AND t.is_deleted = 1" } else { " AND t.is_deleted = 0" });
    if let Some((agent, groups)) = &search.parties {
        sql.push(" AND (t.servicer_id = ").bind(agent.0);
        sql.push(" OR t.id IN (SELECT c.ticket_id FROM ticket_cc_agents c WHERE c.tenant_id = ").bind(t);
        sql.push(" AND c.agent_id = ").bind(agent.0).push(")");
        if !groups.is_empty() {
            sql.push(" OR t.servicer_group_id IN (").bind_list(groups.iter().map(|g| g.0)).push(")");
            sql.push(" OR t.id IN (SELECT g.ticket_id FROM ticket_cc_groups g WHERE g.tenant_id = ").bind(t);
            sql.push(" AND g.group_id IN (").bind_list(groups.iter().map(|g| g.0)).push("))");
        }
        sql.push(")");
    }
    for filter in &search.query.filters {
        match filter {
            TicketFilter::Ticket(ids) => in_list(sql, "t.id", ids.iter().map(|i| i.0)),
            TicketFilter::Status(codes) => in_list(sql, "t.status", codes.iter().map(|c| c.code())),
            TicketFilter::Source(codes) => in_list(sql, "t.source", codes.iter().map(|c| c.code())),
            TicketFilter::Type(codes) => in_list(sql, "t.ticket_type", codes.iter().map(|c| c.code())),
            TicketFilter::Priority(codes) => in_list(sql, "t.priority", codes.iter().map(|c| c.code())),
            TicketFilter::Contact(ids) => in_list(sql, "t.contact_id", ids.iter().map(|i| i.0)),
            TicketFilter::Company(ids) => in_list(sql, "t.company_id", ids.iter().map(|i| i.0)),
            TicketFilter::Creator(ids) => in_list(sql, "t.creator_agent_id", ids.iter().map(|i| i.0)),
            TicketFilter::Assignee(ids) => {
                in_optional_list(sql, "t.servicer_id", &ids.iter().map(|i| i.map(|a| a.0)).collect::<Vec<_>>())
            }
            TicketFilter::Group(ids) => {
                in_optional_list(sql, "t.servicer_group_id", &ids.iter().map(|i| i.map(|g| g.0)).collect::<Vec<_>>())
            }
            TicketFilter::Template(ids) => {
                in_optional_list(sql, "t.template_id", &ids.iter().map(|i| i.map(|g| g.0)).collect::<Vec<_>>())
            }
            TicketFilter::CcAgent(ids) => {
                sql.push(" AND t.id IN (SELECT ticket_id FROM ticket_cc_agents WHERE tenant_id = ").bind(t);
                sql.push(" AND agent_id IN (").bind_list(ids.iter().map(|i| i.0)).push("))");
            }
            TicketFilter::CcGroup(ids) => {
                sql.push(" AND t.id IN (SELECT ticket_id FROM ticket_cc_groups WHERE tenant_id = ").bind(t);
                sql.push(" AND group_id IN (").bind_list(ids.iter().map(|i| i.0)).push("))");
            }
            TicketFilter::Tag(tag) => {
                sql.push(" AND t.id IN (SELECT ticket_id FROM ticket_tags WHERE tenant_id = ").bind(t);
                sql.push(" AND tag = ").bind(tag.as_str()).push(")");
            }
            TicketFilter::Deleted(_) | TicketFilter::Time(..) => {}
            TicketFilter::Subject(needle) => {
                sql.push(" AND ");
                like(sql, "t.subject", needle);
            }
            TicketFilter::Description(needle) => {
                sql.push(" AND ");
                like(sql, "t.description", needle);
            }
            TicketFilter::Custom(number, needle) => {
                sql.push(" AND t.id IN (SELECT ticket_id FROM ticket_field_values WHERE tenant_id = ").bind(t);
                sql.push(" AND field_number = ").bind(*number).push(" AND ");
                like(sql, "search_value", needle);
                sql.push(")");
            }
        }
    }
    for (field, start, end) in &search.times {
        let column = match field {
            TimeField::Created => "t.created_at",
            TimeField::Updated => "t.updated_at",
            TimeField::Opened => "t.opened_at",
            TimeField::Waiting => "t.waiting_at",
            TimeField::Solved => "t.solved_at",
            TimeField::Closed => "t.closed_at",
        };
        sql.push(&format!(" AND {column} >= ")).bind(*start).push(&format!(" AND {column} < ")).bind(*end);
    }
    for word in &search.query.words {
        sql.push(" AND (");
        like(sql, "t.subject", word);
        sql.push(" OR ");
        like(sql, "t.description", word);
        sql.push(" OR t.id IN (SELECT r.ticket_id FROM ticket_replies r WHERE r.tenant_id = ").bind(t);
        sql.push(" AND ");
        like(sql, "r.message", word);
        sql.push("))");
    }
}
