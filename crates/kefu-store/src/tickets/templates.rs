//! Ticket templates (工单模板): who may use them (`ticket_template_groups` /
//! `ticket_template_agents`), the ticket fields they give their tickets, in form order.

use std::collections::HashMap;

use kefu_domain::ticket::template::Audience;
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, GroupId, TemplateId, TenantId};

use crate::engine::Outcome::Commit;
use crate::engine::{Columns, Cost, Db, Sql};
use crate::{Page, Store, StoreError, Window};

/// A template as stored, with its audience and fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRecord {
    pub id: TemplateId,
    pub name: String,
    pub description: String,
    pub audience: Audience,
    pub released: bool,
    pub creator: AgentId,
    pub created_at: i64,
    pub updated_at: i64,
    /// Field numbers, in form order.
    pub fields: Vec<i64>,
}

/// What a create or an update writes.
#[derive(Debug, Clone)]
pub struct TemplateRow {
    pub name: String,
    pub description: String,
    pub audience: Audience,
    pub released: bool,
    pub fields: Vec<i64>,
}

const COLUMNS: &str = "id, name, description, visible_range, is_released, creator_id, created_at, updated_at";

fn from_row(row: &dyn Columns) -> Result<(TemplateRecord, i64), StoreError> {
    Ok((
        TemplateRecord {
            id: TemplateId(row.int("id")?),
            name: row.text("name")?,
            description: row.text("description")?,
            audience: Audience::Everyone,
            released: row.int("is_released")? != 0,
            creator: AgentId(row.int("creator_id")?),
            created_at: row.int("created_at")?,
            updated_at: row.int("updated_at")?,
            fields: Vec::new(),
        },
        row.int("visible_range")?,
    ))
}

impl Store {
    pub async fn ticket_template(
        &self,
        tenant: TenantId,
        id: TemplateId,
    ) -> Result<Option<TemplateRecord>, StoreError> {
        let mut snapshot = self.read(Cost::Point).snapshot().await?;
        let found = load(&mut snapshot.db, tenant, Some(id), None).await?;
        snapshot.finish().await?;
        Ok(found.rows.into_iter().next())
    }

    /// A page of the tenant's templates, by tId.
    pub async fn list_ticket_templates(
        &self,
        tenant: TenantId,
        window: Window,
    ) -> Result<Page<TemplateRecord>, StoreError> {
        let mut snapshot = self.read(Cost::Scan).snapshot().await?;
        let page = load(&mut snapshot.db, tenant, None, Some(window)).await?;
        snapshot.finish().await?;
        Ok(page)
    }

    pub async fn create_ticket_template(
        &self,
        tenant: TenantId,
        creator: AgentId,
        row: TemplateRow,
    ) -> Result<TemplateRecord, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                name_free(db, tenant, &row.name, None).await?;
                let now = now_micros();
                let mut sql = Sql::new(
                    "INSERT INTO ticket_templates (tenant_id, name, description, visible_range, is_released, \
                     creator_id, created_at, updated_at) VALUES (",
                );
                sql.bind(tenant.0).push(", ").bind(row.name.as_str()).push(", ").bind(row.description.as_str());
                sql.push(", ").bind(row.audience.range()).push(", ").bind(i64::from(row.released));
                sql.push(", ").bind(creator.0).push(", ").bind(now).push(", ").bind(now).push(") RETURNING id");
                let id = db.first(&sql, |r| r.int("id")).await?.ok_or(StoreError::NotFound)?;
                let id = TemplateId(id);
                write_parts(db, tenant, id, &row, false).await?;
                let found = load(db, tenant, Some(id), None).await?;
                Ok(Commit(found.rows.into_iter().next().ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    pub async fn update_ticket_template(
        &self,
        tenant: TenantId,
        id: TemplateId,
        row: TemplateRow,
    ) -> Result<TemplateRecord, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                name_free(db, tenant, &row.name, Some(id)).await?;
                let mut sql = Sql::new("UPDATE ticket_templates SET name = ");
                sql.bind(row.name.as_str()).push(", description = ").bind(row.description.as_str());
                sql.push(", visible_range = ").bind(row.audience.range());
                sql.push(", is_released = ").bind(i64::from(row.released)).push(", updated_at = ").bind(now_micros());
                sql.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
                if db.execute(&sql).await? == 0 {
                    return Err(StoreError::NotFound);
                }
                write_parts(db, tenant, id, &row, true).await?;
                let found = load(db, tenant, Some(id), None).await?;
                Ok(Commit(found.rows.into_iter().next().ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    /// Deletes a template no ticket uses (`Stale` otherwise); answers it as it was.
    pub async fn delete_ticket_template(&self, tenant: TenantId, id: TemplateId) -> Result<TemplateRecord, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                let found =
                    load(db, tenant, Some(id), None).await?.rows.into_iter().next().ok_or(StoreError::NotFound)?;
                let mut used = Sql::new("SELECT COUNT(*) AS n FROM tickets WHERE tenant_id = ");
                used.bind(tenant.0).push(" AND template_id = ").bind(id.0);
                if db.count(&used).await? > 0 {
                    return Err(StoreError::Stale(format!(
                        "template {id} is used by tickets: set isReleased to 0 instead of deleting it"
                    )));
                }
                let mut delete = Sql::new("DELETE FROM ticket_templates WHERE tenant_id = ");
                delete.bind(tenant.0).push(" AND id = ").bind(id.0);
                db.execute(&delete).await?;
                Ok(Commit(found))
            })
        })
        .await
    }
}

/// Template names are unique in a company (`ticket_templates_name`): checked first, so the
/// answer is the 400 naming the field that every invalid value gets (issue 21).
async fn name_free(db: &mut Db, tenant: TenantId, name: &str, except: Option<TemplateId>) -> Result<(), StoreError> {
    let mut sql = Sql::new("SELECT id FROM ticket_templates WHERE tenant_id = ");
    sql.bind(tenant.0).push(" AND name = ").bind(name);
    match db.first(&sql, |r| r.int("id")).await? {
        Some(other) if Some(TemplateId(other)) != except => Err(StoreError::Invalid {
            field: "ticketTemplateName",
            message: format!("another template is already named {name:?}"),
        }),
        _ => Ok(()),
    }
}

async fn write_parts(
    db: &mut Db,
    tenant: TenantId,
    id: TemplateId,
    row: &TemplateRow,
    replace: bool,
) -> Result<(), StoreError> {
    let (groups, agents): (Vec<i64>, Vec<i64>) = match &row.audience {
        Audience::Groups(groups) => (groups.iter().map(|g| g.0).collect(), Vec::new()),
        Audience::Agents(agents) => (Vec::new(), agents.iter().map(|a| a.0).collect()),
        _ => (Vec::new(), Vec::new()),
    };
    let fields: Vec<(i64, i64)> = row.fields.iter().enumerate().map(|(i, n)| (*n, i as i64)).collect();
    for table in ["ticket_template_groups", "ticket_template_agents", "ticket_template_fields"] {
        if replace {
            let mut sql = Sql::new(&format!("DELETE FROM {table} WHERE tenant_id = "));
            sql.bind(tenant.0).push(" AND template_id = ").bind(id.0);
            db.execute(&sql).await?;
        }
    }
    for (table, column, ids) in
        [("ticket_template_groups", "group_id", groups), ("ticket_template_agents", "agent_id", agents)]
    {
        for other in ids {
            let mut sql = Sql::new(&format!("INSERT INTO {table} (tenant_id, template_id, {column}) VALUES ("));
            sql.bind(tenant.0).push(", ").bind(id.0).push(", ").bind(other).push(")");
            db.execute(&sql).await?;
        }
    }
    for (number, position) in fields {
        let mut sql =
            Sql::new("INSERT INTO ticket_template_fields (tenant_id, template_id, field_number, position) VALUES (");
        sql.bind(tenant.0).push(", ").bind(id.0).push(", ").bind(number).push(", ").bind(position).push(")");
        db.execute(&sql).await.map_err(|e| match e {
            StoreError::ForeignKey(_) => StoreError::Stale(format!("fieldKeys: no ticket field field_{number}")),
            other => other,
        })?;
    }
    Ok(())
}

/// Templates with their audiences and fields: one (`id`) or a page (`window`).
async fn load(
    db: &mut Db,
    tenant: TenantId,
    id: Option<TemplateId>,
    window: Option<Window>,
) -> Result<Page<TemplateRecord>, StoreError> {
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM ticket_templates WHERE tenant_id = "));
    sql.bind(tenant.0);
    let mut total = 0;
    if let Some(id) = id {
        sql.push(" AND id = ").bind(id.0);
    } else {
        let counting = Sql::fixed("SELECT COUNT(*) AS n FROM ticket_templates WHERE tenant_id = $1", [tenant.0.into()]);
        total = db.count(&counting).await?;
    }
    sql.push(" ORDER BY id");
    if let Some(window) = window {
        sql.window(window);
    }
    let rows = db.rows(&sql, from_row).await?;
    if id.is_some() {
        total = rows.len() as u64;
    }
    if rows.is_empty() {
        return Ok(Page { rows: Vec::new(), total });
    }
    let ids: Vec<i64> = rows.iter().map(|(r, _)| r.id.0).collect();
    let mut parts: HashMap<(&str, i64), Vec<i64>> = HashMap::new();
    for (table, column, order) in [
        ("ticket_template_groups", "group_id", "group_id"),
        ("ticket_template_agents", "agent_id", "agent_id"),
        ("ticket_template_fields", "field_number", "position"),
    ] {
        let mut sql = Sql::new(&format!("SELECT template_id, {column} AS other FROM {table} WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND template_id IN (").bind_list(ids.iter().copied());
        sql.push(&format!(") ORDER BY template_id, {order}"));
        for (template, other) in db.rows(&sql, |r| Ok((r.int("template_id")?, r.int("other")?))).await? {
            parts.entry((table, template)).or_default().push(other);
        }
    }
    let rows = rows
        .into_iter()
        .map(|(mut record, range)| {
            let id = record.id.0;
            let mut take = |table: &'static str| parts.remove(&(table, id)).unwrap_or_default();
            let groups = take("ticket_template_groups");
            let agents = take("ticket_template_agents");
            record.fields = take("ticket_template_fields");
            record.audience = match range {
                2 => Audience::Groups(groups.into_iter().map(GroupId).collect()),
                3 => Audience::Agents(agents.into_iter().map(AgentId).collect()),
                4 => Audience::Creator,
                _ => Audience::Everyone,
            };
            record
        })
        .collect();
    Ok(Page { rows, total })
}
