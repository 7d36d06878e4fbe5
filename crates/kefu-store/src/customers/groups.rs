//! Customer groups (客户分组): 1 groups of companies, 2 groups of contacts, the type fixed at
//! creation. Deleting one drops its memberships (the schema cascades them).

use kefu_domain::customer::group::CustomerGroupType;
use kefu_domain::time::now_micros;
use kefu_domain::{CustomerGroupId, TenantId};

use crate::engine::Outcome::Commit;
use crate::engine::{Columns, Cost, Sql};
use crate::{Page, Store, StoreError, UniqueConstraint, Window};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerGroupRecord {
    pub id: CustomerGroupId,
    pub name: String,
    pub group_type: CustomerGroupType,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, name, group_type, created_at, updated_at";

fn decode(row: &dyn Columns) -> Result<CustomerGroupRecord, StoreError> {
    let code = row.int("group_type")?;
    Ok(CustomerGroupRecord {
        id: CustomerGroupId(row.int("id")?),
        name: row.text("name")?,
        group_type: CustomerGroupType::from_code(code)
            .ok_or_else(|| StoreError::Config(format!("stored customer group type {code} is corrupt")))?,
        created_at: row.int("created_at")?,
        updated_at: row.int("updated_at")?,
    })
}

fn name_taken(error: StoreError, name: &str) -> StoreError {
    match error {
        StoreError::Conflict { constraint: UniqueConstraint::CustomerGroupName, .. } => {
            StoreError::Conflict { constraint: UniqueConstraint::CustomerGroupName, value: name.to_owned() }
        }
        other => other,
    }
}

impl Store {
    pub async fn list_customer_groups(
        &self,
        tenant: TenantId,
        window: Window,
    ) -> Result<Page<CustomerGroupRecord>, StoreError> {
        let counting = Sql::fixed("SELECT COUNT(*) AS n FROM customer_groups WHERE tenant_id = $1", [tenant.0.into()]);
        let total = self.read(Cost::Scan).count(&counting).await?;
        let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM customer_groups WHERE tenant_id = "));
        sql.bind(tenant.0).push(" ORDER BY id ASC").window(window);
        Ok(Page { rows: self.read(Cost::Scan).rows(&sql, decode).await?, total })
    }

    /// The tenant's groups among `ids`, in the order asked.
    pub async fn customer_groups_by_id(
        &self,
        tenant: TenantId,
        ids: &[CustomerGroupId],
    ) -> Result<Vec<CustomerGroupRecord>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM customer_groups WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND id IN (").bind_list(ids.iter().map(|id| id.0)).push(")");
        let mut found = self.read(Cost::Scan).rows(&sql, decode).await?;
        found.sort_by_key(|group| ids.iter().position(|id| *id == group.id));
        Ok(found)
    }

    pub async fn customer_group(
        &self,
        tenant: TenantId,
        id: CustomerGroupId,
    ) -> Result<Option<CustomerGroupRecord>, StoreError> {
        let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM customer_groups WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND id = ").bind(id.0);
        self.read(Cost::Point).first(&sql, decode).await
    }

    pub async fn create_customer_group(
        &self,
        tenant: TenantId,
        name: &str,
        group_type: CustomerGroupType,
    ) -> Result<CustomerGroupRecord, StoreError> {
        let now = now_micros();
        let mut sql =
            Sql::new("INSERT INTO customer_groups (tenant_id, name, group_type, created_at, updated_at) VALUES (");
        sql.bind(tenant.0).push(", ").bind(name).push(", ").bind(group_type.code()).push(", ").bind(now);
        sql.push(", ").bind(now).push(&format!(") RETURNING {COLUMNS}"));
        let name = name.to_owned();
        self.write(move |db| {
            Box::pin(async move {
                let created = db.first(&sql, decode).await.map_err(|e| name_taken(e, &name))?;
                Ok(Commit(created.ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    pub async fn rename_customer_group(
        &self,
        tenant: TenantId,
        id: CustomerGroupId,
        name: &str,
    ) -> Result<CustomerGroupRecord, StoreError> {
        let mut sql = Sql::new("UPDATE customer_groups SET name = ");
        sql.bind(name).push(", updated_at = ").bind(now_micros());
        sql.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
        sql.push(&format!(" RETURNING {COLUMNS}"));
        let name = name.to_owned();
        self.write(move |db| {
            Box::pin(async move {
                let renamed = db.first(&sql, decode).await.map_err(|e| name_taken(e, &name))?;
                Ok(Commit(renamed.ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    /// Deletes a group and every membership in it, in one transaction; answers it as it was.
    pub async fn delete_customer_group(
        &self,
        tenant: TenantId,
        id: CustomerGroupId,
    ) -> Result<CustomerGroupRecord, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                let mut find = Sql::new(&format!("SELECT {COLUMNS} FROM customer_groups WHERE tenant_id = "));
                find.bind(tenant.0).push(" AND id = ").bind(id.0);
                let group = db.first(&find, decode).await?.ok_or(StoreError::NotFound)?;
                // Explicitly, not only by the cascade: SQLite enforces it only with foreign keys on.
                for table in ["company_group_members", "contact_group_members"] {
                    let sql = Sql::fixed(
                        &format!("DELETE FROM {table} WHERE tenant_id = $1 AND group_id = $2"),
                        [tenant.0.into(), id.0.into()],
                    );
                    db.execute(&sql).await?;
                }
                db.execute(&Sql::fixed(
                    "DELETE FROM customer_groups WHERE tenant_id = $1 AND id = $2",
                    [tenant.0.into(), id.0.into()],
                ))
                .await?;
                Ok(Commit(group))
            })
        })
        .await
    }
}
