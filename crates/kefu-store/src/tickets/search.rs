//! `GET /tickets/search.json`: a parsed `TicketQuery` translated filter by filter.
//! Substrings of subjects, descriptions and replies are found through the trigram indexes of
//! 0021 (FTS5 on SQLite, pg_trgm on PostgreSQL): each becomes a set of ticket ids the
//! indexes give, instead of a `LIKE` tried on every ticket and reply of the company.

use kefu_domain::ticket::search::{TicketFilter, TicketQuery, TicketSortKey, TimeField};
use kefu_domain::{AgentId, GroupId, TenantId};

use super::record::{TICKET_COLUMNS, ticket_from_row};
use super::{TicketRecord, attach_details};
use crate::engine::{Cost, Sql, contains_pattern};
use crate::{Backend, Page, Store, StoreError, Window};

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
        let backend = self.backend();
        let counting = counting(backend, tenant, search);
        let columns: Vec<String> = TICKET_COLUMNS.split(", ").map(|c| format!("t.{c}")).collect();
        let mut sql = Sql::new(&format!("SELECT {} FROM tickets t WHERE ", columns.join(", ")));
        conditions(&mut sql, backend, tenant, search, None);
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

/// `SELECT … AS n`: how many tickets match. On PostgreSQL, with a word the trigram indexes
/// answer, the tickets are counted from that word's matches: one branch per column, each
/// through its own GIN index, the other terms tested on the row the branch reads, `UNION`
/// removing the tickets two branches found (each matching row read once, not twice: 400 →
/// 210 ms at 10,000 matches). SQLite keeps the count over the ids the FTS5 tables answer:
/// joining each match to its ticket row instead was faster on a 1M-ticket set with few
/// replies but twice as slow on the full benchmark set (5M replies: p50 65–72 ms against
/// 25–34 ms, the two builds alternated on one data set), so it was not kept.
fn counting(backend: Backend, tenant: TenantId, search: &TicketSearchRequest) -> Sql {
    let lead = search.query.words.iter().position(|w| indexed(w));
    let (Backend::Postgres, Some(lead)) = (backend, lead) else {
        let mut sql = Sql::new("SELECT COUNT(*) AS n FROM tickets t WHERE ");
        conditions(&mut sql, backend, tenant, search, None);
        return sql;
    };
    let word = search.query.words[lead].as_str();
    let others = |sql: &mut Sql| conditions(sql, backend, tenant, search, Some(lead));
    let mut sql = Sql::new("SELECT COUNT(*) AS n FROM (");
    for column in ["subject", "description"] {
        sql.push("SELECT t.id FROM tickets t WHERE ");
        others(&mut sql);
        sql.push(" AND ");
        like(&mut sql, &format!("t.{column}"), word);
        sql.push(" UNION ");
    }
    sql.push("SELECT t.id FROM tickets t WHERE ");
    others(&mut sql);
    sql.push(" AND t.id IN (SELECT r.ticket_id FROM ticket_replies r WHERE r.tenant_id = ").bind(tenant.0);
    sql.push(" AND ");
    like(&mut sql, "r.message", word);
    sql.push(")) u");
    sql
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

/// The terms of `search` on the ticket `t`, but the word at `skip` (answered by the caller).
fn conditions(sql: &mut Sql, backend: Backend, tenant: TenantId, search: &TicketSearchRequest, skip: Option<usize>) {
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
                text_match(sql, backend, t, &["subject"], false, needle);
            }
            TicketFilter::Description(needle) => {
                sql.push(" AND ");
                text_match(sql, backend, t, &["description"], false, needle);
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
    for (i, word) in search.query.words.iter().enumerate() {
        if skip == Some(i) {
            continue;
        }
        sql.push(" AND ");
        text_match(sql, backend, t, &["subject", "description"], true, word);
    }
}

/// Whether the trigram indexes can answer a substring: they hold sequences of three
/// characters, so a shorter needle is matched with `LIKE` on the rows the other terms leave
/// (the domain lets a short substring through only beside a narrowing term).
fn indexed(needle: &str) -> bool {
    needle.chars().count() >= 3
}

/// The ticket `t` holds `needle` in one of `columns` (subject, description) or, with
/// `replies`, in one of its replies or notes. Through the trigram indexes the matching
/// tickets' ids are gathered first (one index probe per table, however many tickets the
/// company has); a short needle is tried on each ticket the other terms leave instead.
fn text_match(sql: &mut Sql, backend: Backend, tenant: i64, columns: &[&str], replies: bool, needle: &str) {
    if !indexed(needle) {
        sql.push("(");
        any_like(sql, "t.", columns, needle);
        if replies {
            sql.push(" OR EXISTS (SELECT 1 FROM ticket_replies r WHERE r.tenant_id = ").bind(tenant);
            sql.push(" AND r.ticket_id = t.id AND ");
            like(sql, "r.message", needle);
            sql.push(")");
        }
        sql.push(")");
        return;
    }
    sql.push("t.id IN (");
    match backend {
        Backend::Sqlite => {
            sql.push("SELECT rowid FROM tickets_search WHERE tickets_search MATCH ").bind(fts_phrase(columns, needle));
        }
        // One subquery per column: with the columns ORed in one, PostgreSQL preferred the
        // company's whole id index to the two GIN indexes; alone, each uses its own.
        Backend::Postgres => {
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    sql.push(" UNION ALL ");
                }
                sql.push("SELECT s.id FROM tickets s WHERE s.tenant_id = ").bind(tenant).push(" AND ");
                like(sql, &format!("s.{column}"), needle);
            }
        }
    }
    if replies {
        sql.push(" UNION ALL SELECT r.ticket_id FROM ticket_replies r WHERE ");
        match backend {
            // `+r.tenant_id`: SQLite would otherwise walk the company's replies on
            // ticket_replies_by_ticket and test each id, instead of reading the few matches
            // by their rowids.
            Backend::Sqlite => {
                sql.push("+r.tenant_id = ").bind(tenant);
                sql.push(" AND r.id IN (SELECT rowid FROM ticket_replies_search WHERE ticket_replies_search MATCH ");
                sql.bind(fts_phrase(&["message"], needle)).push(")");
            }
            Backend::Postgres => {
                sql.push("r.tenant_id = ").bind(tenant).push(" AND ");
                like(sql, "r.message", needle);
            }
        }
    }
    sql.push(")");
}

/// An FTS5 query for `needle` as a substring of `columns`: one quoted phrase, which the
/// trigram tokenizer turns into consecutive trigrams — a case-insensitive substring match.
fn fts_phrase(columns: &[&str], needle: &str) -> String {
    format!("{{{}}} : \"{}\"", columns.join(" "), needle.replace('"', "\"\""))
}

/// `(lower(p.a) LIKE … OR lower(p.b) LIKE …)`.
fn any_like(sql: &mut Sql, prefix: &str, columns: &[&str], needle: &str) {
    sql.push("(");
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            sql.push(" OR ");
        }
        like(sql, &format!("{prefix}{column}"), needle);
    }
    sql.push(")");
}
