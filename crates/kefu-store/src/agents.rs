//! Reading agents: by login (authentication), by id, and in filtered, ordered pages.

use kefu_domain::agent::AgentStatus;
use kefu_domain::search::{SearchField, SearchQuery, SortKey, SortOrder};
use kefu_domain::{AgentId, TenantId};
use sqlx::Row;

use crate::records::{AGENT_COLUMNS, AgentRecord, LoginRecord, agent_from_row};
use crate::sql::{Sql, contains_pattern, count};
use crate::{Page, Store, StoreError, Window};

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
    /// The active agent that signs in with this login key, with what authentication
    /// needs. Hidden (isStat 0) and deleted (isStat 2) agents have no login.
    pub async fn login(&self, login_key: &str) -> Result<Option<LoginRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT a.id, a.tenant_id, a.password_hash, a.is_admin, t.time_zone \
             FROM agents a JOIN tenants t ON t.id = a.tenant_id \
             WHERE a.login_key = $1 AND a.status = 1",
        )
        .bind(login_key)
        .fetch_optional(self.reader())
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(LoginRecord {
            agent_id: AgentId(row.try_get("id")?),
            tenant_id: TenantId(row.try_get("tenant_id")?),
            password_hash: row.try_get("password_hash")?,
            is_admin: row.try_get::<i64, _>("is_admin")? == 1,
            time_zone: row.try_get("time_zone")?,
        }))
    }

    /// One agent of the tenant, unless deleted.
    pub async fn agent(&self, tenant: TenantId, id: AgentId) -> Result<Option<AgentRecord>, StoreError> {
        let mut sql = Sql::new(&format!("SELECT {AGENT_COLUMNS} FROM agents WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND id = ").bind(id.0).push(" AND status <> 2");
        let row = sql.query().fetch_optional(self.reader()).await?;
        Ok(row.as_ref().map(agent_from_row).transpose()?)
    }

    /// The tenant's agents among `ids`, in the order asked; unknown, deleted and other
    /// tenants' ids are left out.
    pub async fn agents_by_ids(&self, tenant: TenantId, ids: &[AgentId]) -> Result<Vec<AgentRecord>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(&format!("SELECT {AGENT_COLUMNS} FROM agents WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND status <> 2 AND id IN (").bind_list(ids.iter().map(|id| id.0)).push(")");
        let rows = sql.query().fetch_all(self.reader()).await?;
        let mut found = rows.iter().map(agent_from_row).collect::<Result<Vec<_>, _>>()?;
        found.sort_by_key(|agent| ids.iter().position(|id| *id == agent.id));
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
        let mut counting = Sql::new("SELECT COUNT(*) FROM agents WHERE ");
        push_conditions(&mut counting, tenant, filter);
        let total = count(&counting.query().fetch_one(self.reader()).await?)?;

        let mut listing = Sql::new(&format!("SELECT {AGENT_COLUMNS} FROM agents WHERE "));
        push_conditions(&mut listing, tenant, filter);
        listing.push(order.order_by());
        push_window(&mut listing, window);
        let rows = listing.query().fetch_all(self.reader()).await?;
        let rows = rows.iter().map(agent_from_row).collect::<Result<_, _>>()?;
        Ok(Page { rows, total })
    }
}

pub(crate) fn push_window(sql: &mut Sql, window: Window) {
    let limit = i64::try_from(window.limit).unwrap_or(i64::MAX);
    let offset = i64::try_from(window.offset).unwrap_or(i64::MAX);
    sql.push(" LIMIT ").bind(limit).push(" OFFSET ").bind(offset);
}

fn push_conditions(sql: &mut Sql, tenant: TenantId, filter: &AgentListFilter) {
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
            sql.push(search_column(*field)).push(" LIKE ").bind(pattern.as_str()).push(" ESCAPE '\\'");
        }
        sql.push(")");
    }
}

/// The lower-cased column each searchable field is matched against.
fn search_column(field: SearchField) -> &'static str {
    match field {
        SearchField::PassportName => "login_key",
        SearchField::Name => "search_name",
        SearchField::JobNumber => "search_job_number",
        SearchField::Mobile => "mobile",
    }
}
