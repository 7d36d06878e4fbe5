//! The child tables of companies and contacts (tags, group memberships, service groups):
//! rows `(tenant_id, <owner>, <column>)` a record's write replaces as a whole.

use kefu_domain::TenantId;

use crate::StoreError;
use crate::engine::{Db, Sql, Value};

/// One child table: its name, the owner's column and the value's column.
#[derive(Clone, Copy)]
pub(crate) struct ChildTable {
    pub table: &'static str,
    pub owner: &'static str,
    pub column: &'static str,
}

pub(crate) const COMPANY_TAGS: ChildTable = ChildTable { table: "company_tags", owner: "company_id", column: "tag" };
pub(crate) const COMPANY_GROUP: ChildTable =
    ChildTable { table: "company_group_members", owner: "company_id", column: "group_id" };
pub(crate) const COMPANY_SERVICE_GROUPS: ChildTable =
    ChildTable { table: "company_service_groups", owner: "company_id", column: "group_id" };
pub(crate) const CONTACT_TAGS: ChildTable = ChildTable { table: "contact_tags", owner: "contact_id", column: "tag" };
pub(crate) const CONTACT_GROUPS: ChildTable =
    ChildTable { table: "contact_group_members", owner: "contact_id", column: "group_id" };

/// Replaces the owner's rows with `values`; `on_error` names a refused value (an unknown
/// group's foreign key, say) in the store's terms.
pub(crate) async fn replace_children<T>(
    db: &mut Db,
    child: ChildTable,
    tenant: TenantId,
    owner: i64,
    values: &[T],
    on_error: impl Fn(StoreError, &T) -> StoreError,
) -> Result<(), StoreError>
where
    T: Clone + Into<Value>,
{
    let delete = format!("DELETE FROM {} WHERE tenant_id = $1 AND {} = $2", child.table, child.owner);
    db.execute(&Sql::fixed(&delete, [tenant.0.into(), owner.into()])).await?;
    insert_children(db, child, tenant, owner, values, on_error).await
}

/// Adds the rows of a record created in this transaction (it has none to replace).
pub(crate) async fn insert_children<T>(
    db: &mut Db,
    child: ChildTable,
    tenant: TenantId,
    owner: i64,
    values: &[T],
    on_error: impl Fn(StoreError, &T) -> StoreError,
) -> Result<(), StoreError>
where
    T: Clone + Into<Value>,
{
    let insert =
        format!("INSERT INTO {} (tenant_id, {}, {}) VALUES ($1, $2, $3)", child.table, child.owner, child.column);
    for value in values {
        let sql = Sql::fixed(&insert, [tenant.0.into(), owner.into(), value.clone().into()]);
        db.execute(&sql).await.map_err(|e| on_error(e, value))?;
    }
    Ok(())
}

/// No value of this table is refused for its own sake (tags).
pub(crate) fn as_is<T>(error: StoreError, _: &T) -> StoreError {
    error
}
