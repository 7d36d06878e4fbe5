//! Support groups (客服分组).

use kefu_domain::group::GroupName;
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, GroupId, TenantId};

use crate::agents::{group_list, parse_group_list};
use crate::engine::Outcome::Commit;
use crate::engine::{Columns, Cost, Sql};
use crate::{Page, Store, StoreError, UniqueConstraint, Window};

/// A support group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRecord {
    pub id: GroupId,
    pub tenant_id: TenantId,
    pub name: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const GROUP_COLUMNS: &str = "id, tenant_id, name, created_at, updated_at";

fn group_from_row(row: &dyn Columns) -> Result<GroupRecord, StoreError> {
    Ok(GroupRecord {
        id: GroupId(row.int("id")?),
        tenant_id: TenantId(row.int("tenant_id")?),
        name: row.text("name")?,
        created_at: row.int("created_at")?,
        updated_at: row.int("updated_at")?,
    })
}

impl Store {
    /// A page of the tenant's groups, by id.
    pub async fn list_groups(&self, tenant: TenantId, window: Window) -> Result<Page<GroupRecord>, StoreError> {
        let counting = Sql::fixed("SELECT COUNT(*) AS n FROM support_groups WHERE tenant_id = $1", [tenant.0.into()]);
        let total = self.read(Cost::Scan).count(&counting).await?;
        let mut sql = Sql::new(&format!("SELECT {GROUP_COLUMNS} FROM support_groups WHERE tenant_id = "));
        sql.bind(tenant.0).push(" ORDER BY id ASC").window(window);
        let rows = self.read(Cost::Scan).rows(&sql, group_from_row).await?;
        Ok(Page { rows, total })
    }

    /// Every group of the company, by id: for pickers that must offer them all.
    pub async fn all_groups(&self, tenant: TenantId) -> Result<Vec<GroupRecord>, StoreError> {
        let mut sql = Sql::new(&format!("SELECT {GROUP_COLUMNS} FROM support_groups WHERE tenant_id = "));
        sql.bind(tenant.0).push(" ORDER BY id ASC");
        self.read(Cost::Scan).rows(&sql, group_from_row).await
    }

    pub async fn group(&self, tenant: TenantId, id: GroupId) -> Result<Option<GroupRecord>, StoreError> {
        let mut sql = Sql::new(&format!("SELECT {GROUP_COLUMNS} FROM support_groups WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND id = ").bind(id.0);
        self.read(Cost::Point).first(&sql, group_from_row).await
    }

    pub async fn create_group(&self, tenant: TenantId, name: &GroupName) -> Result<GroupRecord, StoreError> {
        let now = now_micros();
        let mut sql = Sql::new("INSERT INTO support_groups (tenant_id, name, created_at, updated_at) VALUES (");
        sql.bind(tenant.0).push(", ").bind(name.as_str()).push(", ").bind(now).push(", ").bind(now);
        sql.push(&format!(") RETURNING {GROUP_COLUMNS}"));
        let name = name.clone();
        self.write(move |db| {
            Box::pin(async move {
                let created = db.first(&sql, group_from_row).await.map_err(|e| name_taken(e, &name))?;
                Ok(Commit(created.ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    pub async fn rename_group(
        &self,
        tenant: TenantId,
        id: GroupId,
        name: &GroupName,
    ) -> Result<GroupRecord, StoreError> {
        let mut sql = Sql::new("UPDATE support_groups SET name = ");
        sql.bind(name.as_str()).push(", updated_at = ").bind(now_micros());
        sql.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
        sql.push(&format!(" RETURNING {GROUP_COLUMNS}"));
        let name = name.clone();
        self.write(move |db| {
            Box::pin(async move {
                let renamed = db.first(&sql, group_from_row).await.map_err(|e| name_taken(e, &name))?;
                Ok(Commit(renamed.ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    /// Deletes a group and takes it out of every member's `groupId`, in one transaction;
    /// its tickets' history names `actor` as who cleared it. Returns the group as it was.
    pub async fn delete_group(&self, tenant: TenantId, id: GroupId, actor: AgentId) -> Result<GroupRecord, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                let mut find = Sql::new(&format!("SELECT {GROUP_COLUMNS} FROM support_groups WHERE tenant_id = "));
                find.bind(tenant.0).push(" AND id = ").bind(id.0);
                let group = db.first(&find, group_from_row).await?.ok_or(StoreError::NotFound)?;

                // Members in id order, so concurrent group deletions lock agent rows in one order.
                let mut members = Sql::new(
                    "SELECT a.id, a.group_ids FROM agents a JOIN agent_groups m \
                     ON m.tenant_id = a.tenant_id AND m.agent_id = a.id WHERE m.tenant_id = ",
                );
                members.bind(tenant.0).push(" AND m.group_id = ").bind(id.0).push(" ORDER BY a.id");
                let members = db.rows(&members, |row| Ok((AgentId(row.int("id")?), row.text("group_ids")?))).await?;
                let now = now_micros();
                for (agent, stored) in &members {
                    let remaining: Vec<GroupId> = parse_group_list(stored).into_iter().filter(|g| *g != id).collect();
                    let mut update = Sql::new("UPDATE agents SET group_ids = ");
                    update.bind(group_list(&remaining)).push(", updated_at = ").bind(now);
                    update.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(agent.0);
                    db.execute(&update).await?;
                }

                // Its tickets lose it first: their foreign key has no cascade (see 0021).
                crate::tickets::clear_group(db, tenant, id, Some(actor)).await?;

                let mut unlink = Sql::new("DELETE FROM agent_groups WHERE tenant_id = ");
                unlink.bind(tenant.0).push(" AND group_id = ").bind(id.0);
                db.execute(&unlink).await?;
                let mut delete = Sql::new("DELETE FROM support_groups WHERE tenant_id = ");
                delete.bind(tenant.0).push(" AND id = ").bind(id.0);
                db.execute(&delete).await?;
                Ok(Commit(group))
            })
        })
        .await
    }
}

/// Fills in the colliding name of a uniqueness conflict, for the error message.
fn name_taken(error: StoreError, name: &GroupName) -> StoreError {
    match error {
        StoreError::Conflict { constraint: UniqueConstraint::GroupName, .. } => {
            StoreError::Conflict { constraint: UniqueConstraint::GroupName, value: name.as_str().to_owned() }
        }
        other => other,
    }
}
