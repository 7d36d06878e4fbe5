//! Agents (客服): reading them here — by login (authentication), by id, and in filtered,
//! ordered pages — and changing them in `writes.rs`; the records in `record.rs`.

mod record;
pub(crate) mod writes;

use std::sync::LazyLock;

use kefu_domain::agent::AgentStatus;
use kefu_domain::search::{SearchField, SearchQuery, SortKey, SortOrder};
use kefu_domain::{AgentId, TenantId};

pub(crate) use record::{AGENT_COLUMNS, agent_from_row, group_list, parse_group_list};
pub use record::{AgentRecord, LoginRecord};

use crate::engine::{Cost, Counted, Db, ID_BLOCK, IdBlock, Sql, contains_pattern, id_blocks, locate, push_from_block};
use crate::fields::attach_values;
use crate::{Backend, Page, Store, StoreError, Window};

/// Which agents a list or search returns. Deleted agents (isStat 2) never appear.
#[derive(Debug, Clone, Default)]
pub struct AgentListFilter {
    /// Inclusive lower bound of `createDT`, UTC microseconds.
    pub created_from: Option<i64>,
    /// Exclusive upper bound of `createDT`, UTC microseconds.
    pub created_until: Option<i64>,
    /// Only active (1) or only recycle-bin (0) agents.
    pub status: Option<AgentStatus>,
    /// A substring in one field or in all four searchable ones.
    pub search: Option<SearchQuery>,
}

/// The order of a list; ties are broken by `sId` in the same direction.
#[derive(Debug, Clone, Copy)]
pub struct AgentOrder {
    pub key: SortKey,
    pub direction: SortOrder,
}

impl Default for AgentOrder {
    /// The seed: "默认按编码升序返回" — by sId, ascending.
    fn default() -> Self {
        AgentOrder { key: SortKey::Id, direction: SortOrder::Asc }
    }
}

impl AgentOrder {
    fn order_by(self) -> &'static str {
        use {SortKey::*, SortOrder::*};
        match (self.key, self.direction) {
            (Id, Asc) => " ORDER BY id ASC",
            (Id, Desc) => " ORDER BY id DESC",
            (Created, Asc) => " ORDER BY created_at ASC, id ASC",
            (Created, Desc) => " ORDER BY created_at DESC, id DESC",
            (Updated, Asc) => " ORDER BY updated_at ASC, id ASC",
            (Updated, Desc) => " ORDER BY updated_at DESC, id DESC",
        }
    }
}

impl Store {
    /// Whether the tenant has this agent (not deleted).
    pub async fn agent_exists(&self, tenant: TenantId, agent: AgentId) -> Result<bool, StoreError> {
        self.any_row(tenant, agent, "SELECT 1 FROM agents WHERE tenant_id = $1 AND id = $2 AND status <> 2").await
    }

    /// Whether `agent` is, or was, an agent of `tenant` (deleted agents included: their
    /// sign-ins and schedules stay listed).
    pub async fn agent_ever_existed(&self, tenant: TenantId, agent: AgentId) -> Result<bool, StoreError> {
        self.any_row(tenant, agent, "SELECT 1 FROM agents WHERE tenant_id = $1 AND id = $2").await
    }

    /// Whether `sql`, bound to the tenant and the agent, finds a row (by primary key).
    async fn any_row(&self, tenant: TenantId, agent: AgentId, sql: &'static str) -> Result<bool, StoreError> {
        let rows = self.read(Cost::Point).rows(&Sql::fixed(sql, [tenant.0.into(), agent.0.into()]), |_| Ok(())).await?;
        Ok(!rows.is_empty())
    }

    /// The active agent that signs in with this login key, with what authentication
    /// needs. Hidden (isStat 0) and deleted (isStat 2) agents have no login. (`status <> 2`
    /// is spelled out so SQLite sees that the partial unique index on logins applies:
    /// it cannot infer it from `status = 1`, and would scan every agent instead.)
    pub async fn login(&self, login_key: &str) -> Result<Option<LoginRecord>, StoreError> {
        let query = Sql::fixed(
            "SELECT a.id, a.tenant_id, a.password_hash, a.is_admin, t.time_zone \
             FROM agents a JOIN tenants t ON t.id = a.tenant_id \
             WHERE a.login_key = $1 AND a.status <> 2 AND a.status = 1",
            [login_key.into()],
        );
        self.read(Cost::Point)
            .first(&query, |row| {
                Ok(LoginRecord {
                    agent_id: AgentId(row.int("id")?),
                    tenant_id: TenantId(row.int("tenant_id")?),
                    password_hash: row.text("password_hash")?,
                    is_admin: row.int("is_admin")? == 1,
                    time_zone: row.text("time_zone")?,
                })
            })
            .await
    }

    /// One agent of the tenant, unless deleted.
    /// One query: the agent's row joined with its custom field values (one row each).
    pub async fn agent(&self, tenant: TenantId, id: AgentId) -> Result<Option<AgentRecord>, StoreError> {
        static QUERY: LazyLock<String> = LazyLock::new(|| {
            let columns: Vec<String> = AGENT_COLUMNS.split(", ").map(|c| format!("a.{c}")).collect();
            format!(
                "SELECT {}, v.field_number AS cf_number, v.value AS cf_value FROM agents a \
                 LEFT JOIN agent_field_values v ON v.tenant_id = a.tenant_id AND v.agent_id = a.id \
                 WHERE a.tenant_id = $1 AND a.id = $2 AND a.status <> 2 ORDER BY v.field_number",
                columns.join(", ")
            )
        });
        let query = Sql::fixed(&QUERY, [tenant.0.into(), id.0.into()]);
        // Every row repeats the agent (decoding it again is cheaper than keeping state in
        // the decoder, which a read retried on the pool would have to reset).
        let rows = self
            .read(Cost::Point)
            .rows(&query, |row| {
                let field = match row.opt_int("cf_number")? {
                    Some(number) => Some((number, row.text("cf_value")?)),
                    None => None,
                };
                Ok((agent_from_row(row)?, field))
            })
            .await?;
        let mut rows = rows.into_iter();
        let Some((mut agent, field)) = rows.next() else { return Ok(None) };
        agent.custom_fields.extend(field);
        agent.custom_fields.extend(rows.filter_map(|(_, field)| field));
        Ok(Some(agent))
    }

    /// The tenant's agents among `ids`, in the order asked; unknown, deleted and other
    /// tenants' ids are left out.
    pub async fn agents_by_ids(&self, tenant: TenantId, ids: &[AgentId]) -> Result<Vec<AgentRecord>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(&format!("SELECT {AGENT_COLUMNS} FROM agents WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND status <> 2 AND id IN (").bind_list(ids.iter().map(|id| id.0)).push(")");
        // The agents and their custom field values from one snapshot.
        let mut snapshot = self.read(Cost::Scan).snapshot().await?;
        let mut found = snapshot.db.rows(&sql, |row| agent_from_row(row)).await?;
        found.sort_by_key(|agent| ids.iter().position(|id| *id == agent.id));
        attach_values(&mut snapshot.db, tenant, &mut found).await?;
        snapshot.finish().await?;
        Ok(found)
    }

    /// A page of the tenant's agents and how many match in all.
    pub async fn list_agents(
        &self,
        tenant: TenantId,
        filter: &AgentListFilter,
        order: AgentOrder,
        window: Window,
    ) -> Result<Page<AgentRecord>, StoreError> {
        let plain = filter.created_from.is_none() && filter.created_until.is_none() && filter.search.is_none();
        // Count, location and rows from one snapshot. In id order the plain list's page is
        // found from the maintained counts, a bounded read; anything else may walk many
        // index entries, so it runs on the pool's threads.
        let seeks = plain && order.key == SortKey::Id;
        let mut snapshot = self.read(if seeks { Cost::Point } else { Cost::Scan }).snapshot().await?;
        let reads = &mut snapshot.db;
        let mut skip = window.offset;
        let mut from_block = None;
        let total = if plain {
            // The plain list (or one status): the maintained counts, not 100,000 index
            // entries; in id order they also say in which block of ids the page starts.
            let blocks = agent_blocks(reads, tenant, filter.status).await?;
            let total = blocks.iter().map(Counted::rows).sum();
            if seeks {
                let Some((block, before)) = locate(&blocks, order.direction, window.offset) else {
                    snapshot.finish().await?;
                    return Ok(Page { rows: Vec::new(), total });
                };
                (from_block, skip) = (Some(block), before);
            }
            total
        } else {
            let mut counting = Sql::new("SELECT COUNT(*) AS n FROM agents WHERE ");
            push_conditions(&mut counting, self.backend(), tenant, filter);
            reads.count(&counting).await?
        };

        // A deferred join: the page's ids are found on a covering index (seeking to the
        // block, or skipping the rows before the page without reading them), then only
        // those rows are read.
        let mut listing =
            Sql::new(&format!("SELECT {AGENT_COLUMNS} FROM agents WHERE id IN (SELECT id FROM agents WHERE "));
        push_conditions(&mut listing, self.backend(), tenant, filter);
        if let Some(block) = from_block {
            push_from_block(&mut listing, "id", block, order.direction);
        }
        listing.push(order.order_by()).window(Window { limit: window.limit, offset: skip });
        listing.push(")").push(order.order_by());
        let mut rows = reads.rows(&listing, |row| agent_from_row(row)).await?;
        attach_values(reads, tenant, &mut rows).await?;
        snapshot.finish().await?;
        Ok(Page { rows, total })
    }
}

/// The block of `agent_id_counts` that counts `id`.
pub(crate) fn id_block(id: AgentId) -> i64 {
    id.0.div_euclid(ID_BLOCK)
}

/// The tenant's live agents (of one status, if given) per block of ids, in id order.
async fn agent_blocks(
    reads: &mut Db,
    tenant: TenantId,
    status: Option<AgentStatus>,
) -> Result<Vec<IdBlock>, StoreError> {
    let mut sql = Sql::new("SELECT id_block, CAST(SUM(n) AS BIGINT) AS n FROM agent_id_counts WHERE tenant_id = ");
    sql.bind(tenant.0);
    if let Some(status) = status {
        sql.push(" AND status = ").bind(status.code());
    }
    sql.push(" GROUP BY id_block ORDER BY id_block");
    id_blocks(reads, &sql).await
}

/// `column` contains `needle`. On SQLite the FTS5 trigram index answers it (it cannot be
/// asked with an ESCAPE clause, so a needle holding a LIKE wildcard is matched by a scan);
/// on PostgreSQL the pg_trgm indexes serve the plain LIKE.
fn push_substring_match(sql: &mut Sql, backend: Backend, column: &str, needle: &str, pattern: &str) {
    let has_wildcards = needle.contains(['%', '_', '\\']);
    if backend == Backend::Sqlite && !has_wildcards {
        sql.push("agents.id IN (SELECT rowid FROM agents_search WHERE ").push(column).push(" LIKE ").bind(pattern);
        sql.push(")");
    } else {
        sql.push("agents.").push(column).push(" LIKE ").bind(pattern).push(" ESCAPE '\\'");
    }
}

fn push_conditions(sql: &mut Sql, backend: Backend, tenant: TenantId, filter: &AgentListFilter) {
    sql.push("tenant_id = ").bind(tenant.0).push(" AND status <> 2");
    if let Some(status) = filter.status {
        sql.push(" AND status = ").bind(status.code());
    }
    if let Some(from) = filter.created_from {
        sql.push(" AND created_at >= ").bind(from);
    }
    if let Some(until) = filter.created_until {
        sql.push(" AND created_at < ").bind(until);
    }
    // Built-in fields match their lower-cased columns; custom fields their values' search text.
    if let Some(search) = &filter.search {
        let pattern = contains_pattern(&search.needle);
        let fields: &[SearchField] = match &search.field {
            Some(field) => std::slice::from_ref(field),
            None => &SearchField::ALL,
        };
        sql.push(" AND (");
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                sql.push(" OR ");
            }
            let column = match field {
                SearchField::PassportName => "login_key",
                SearchField::Name => "search_name",
                SearchField::JobNumber => "search_job_number",
                SearchField::Mobile => "mobile",
                SearchField::Custom(number) => {
                    sql.push("EXISTS (SELECT 1 FROM agent_field_values v WHERE v.tenant_id = agents.tenant_id ");
                    sql.push("AND v.agent_id = agents.id AND v.field_number = ").bind(*number);
                    sql.push(" AND v.search_value LIKE ").bind(pattern.as_str()).push(" ESCAPE '\\')");
                    continue;
                }
            };
            push_substring_match(sql, backend, column, &search.needle, &pattern);
        }
        sql.push(")");
    }
}
