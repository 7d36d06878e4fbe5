//! Custom field definitions, and the values agents hold for them.

use std::collections::HashMap;

use kefu_domain::custom_field::{FieldDefinition, FieldSettings, FieldType, FieldValue};
use kefu_domain::limits::MAX_FIELD_DEFINITIONS;
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, TenantId};

use crate::agents::AgentRecord;
use crate::engine::Outcome::Commit;
use crate::engine::{Columns, Cost, Db, Sql};
use crate::{Store, StoreError};

/// A definition as stored, with its times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRecord {
    pub definition: FieldDefinition,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What an administrator sets on a definition (the key and type are fixed once made).
#[derive(Debug, Clone)]
pub struct FieldChanges {
    pub title: String,
    pub required: bool,
    pub settings: FieldSettings,
}

const FIELD_COLUMNS: &str = "number, title, field_type, required, settings, created_at, updated_at";

fn field_from_row(row: &dyn Columns) -> Result<FieldRecord, StoreError> {
    let type_name = row.text("field_type")?;
    let settings = row.text("settings")?;
    let corrupt = |what: String| StoreError::Config(format!("stored custom field is corrupt: {what}"));
    Ok(FieldRecord {
        definition: FieldDefinition {
            number: row.int("number")?,
            title: row.text("title")?,
            field_type: FieldType::parse(&type_name).map_err(corrupt)?,
            required: row.int("required")? == 1,
            settings: serde_json::from_str(&settings).map_err(|e| corrupt(e.to_string()))?,
        },
        created_at: row.int("created_at")?,
        updated_at: row.int("updated_at")?,
    })
}

fn settings_json(settings: &FieldSettings) -> Result<String, StoreError> {
    serde_json::to_string(settings).map_err(|e| StoreError::Config(e.to_string()))
}

impl Store {
    /// The tenant's definitions, in key order.
    pub async fn field_definitions(&self, tenant: TenantId) -> Result<Vec<FieldRecord>, StoreError> {
        let mut sql = Sql::new(&format!("SELECT {FIELD_COLUMNS} FROM support_fields WHERE tenant_id = "));
        sql.bind(tenant.0).push(" ORDER BY number");
        self.read(Cost::Scan).rows(&sql, field_from_row).await
    }

    pub async fn field_definition(&self, tenant: TenantId, number: i64) -> Result<Option<FieldRecord>, StoreError> {
        let mut sql = Sql::new(&format!("SELECT {FIELD_COLUMNS} FROM support_fields WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND number = ").bind(number);
        self.read(Cost::Point).first(&sql, field_from_row).await
    }

    /// Defines a field; its key takes the tenant's next number.
    pub async fn create_field(
        &self,
        tenant: TenantId,
        field_type: FieldType,
        changes: &FieldChanges,
    ) -> Result<FieldRecord, StoreError> {
        let changes = changes.clone();
        self.write(move |db| {
            Box::pin(async move {
                // Taking the number locks the tenant row: concurrent definitions queue here.
                let next = Sql::fixed(
                    "UPDATE tenants SET field_counter = field_counter + 1 WHERE id = $1 RETURNING field_counter",
                    [tenant.0.into()],
                );
                let number = db.first(&next, |row| row.int("field_counter")).await?.ok_or(StoreError::NotFound)?;
                let existing = Sql::fixed("SELECT COUNT(*) AS n FROM support_fields WHERE tenant_id = $1", [tenant.0.into()]);
                if db.count(&existing).await? >= MAX_FIELD_DEFINITIONS as u64 {
                    return Err(StoreError::Stale(format!(
                        "a company may define at most {MAX_FIELD_DEFINITIONS} custom fields"
                    )));
                }
                let now = now_micros();
                let mut sql = Sql::new(
                    "INSERT INTO support_fields (tenant_id, number, title, field_type, required, settings, created_at, updated_at) VALUES (",
                );
                sql.bind(tenant.0).push(", ").bind(number).push(", ").bind(changes.title.as_str()).push(", ");
                sql.bind(field_type.wire_name()).push(", ").bind(i64::from(changes.required)).push(", ");
                sql.bind(settings_json(&changes.settings)?).push(", ").bind(now).push(", ").bind(now);
                sql.push(&format!(") RETURNING {FIELD_COLUMNS}"));
                Ok(Commit(db.first(&sql, field_from_row).await?.ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    pub async fn update_field(
        &self,
        tenant: TenantId,
        number: i64,
        changes: &FieldChanges,
    ) -> Result<FieldRecord, StoreError> {
        let mut sql = Sql::new("UPDATE support_fields SET title = ");
        sql.bind(changes.title.as_str()).push(", required = ").bind(i64::from(changes.required));
        sql.push(", settings = ").bind(settings_json(&changes.settings)?).push(", updated_at = ").bind(now_micros());
        sql.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND number = ").bind(number);
        sql.push(&format!(" RETURNING {FIELD_COLUMNS}"));
        self.write(move |db| {
            Box::pin(async move { Ok(Commit(db.first(&sql, field_from_row).await?.ok_or(StoreError::NotFound)?)) })
        })
        .await
    }

    /// Removes a definition and every value of it; returns it as it was.
    pub async fn delete_field(&self, tenant: TenantId, number: i64) -> Result<FieldRecord, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                let mut find = Sql::new(&format!("SELECT {FIELD_COLUMNS} FROM support_fields WHERE tenant_id = "));
                find.bind(tenant.0).push(" AND number = ").bind(number);
                let field = db.first(&find, field_from_row).await?.ok_or(StoreError::NotFound)?;
                let mut values = Sql::new("DELETE FROM agent_field_values WHERE tenant_id = ");
                values.bind(tenant.0).push(" AND field_number = ").bind(number);
                db.execute(&values).await?;
                let mut definition = Sql::new("DELETE FROM support_fields WHERE tenant_id = ");
                definition.bind(tenant.0).push(" AND number = ").bind(number);
                db.execute(&definition).await?;
                Ok(Commit(field))
            })
        })
        .await
    }
}

/// Sets (Some) or clears (None) an agent's values inside a write transaction.
pub(crate) async fn write_values(
    db: &mut Db,
    tenant: TenantId,
    agent: AgentId,
    values: &[(i64, Option<FieldValue>)],
) -> Result<(), StoreError> {
    for (number, value) in values {
        let sql = match value {
            Some(value) => {
                let mut sql = Sql::new(
                    "INSERT INTO agent_field_values (tenant_id, agent_id, field_number, value, search_value) VALUES (",
                );
                sql.bind(tenant.0).push(", ").bind(agent.0).push(", ").bind(*number).push(", ");
                sql.bind(value.to_json().to_string()).push(", ").bind(value.search_text());
                sql.push(") ON CONFLICT (tenant_id, agent_id, field_number) DO UPDATE SET value = excluded.value, search_value = excluded.search_value");
                sql
            }
            None => {
                let mut sql = Sql::new("DELETE FROM agent_field_values WHERE tenant_id = ");
                sql.bind(tenant.0).push(" AND agent_id = ").bind(agent.0).push(" AND field_number = ").bind(*number);
                sql
            }
        };
        db.execute(&sql).await.map_err(|e| match e {
            StoreError::ForeignKey(_) => {
                StoreError::Stale(format!("custom field field_{number} was removed meanwhile; send the request again"))
            }
            other => other,
        })?;
    }
    Ok(())
}

/// Fills in the custom field values of `agents` with one query.
pub(crate) async fn attach_values(
    reads: &mut Db,
    tenant: TenantId,
    agents: &mut [AgentRecord],
) -> Result<(), StoreError> {
    if agents.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new("SELECT agent_id, field_number, value FROM agent_field_values WHERE tenant_id = ");
    sql.bind(tenant.0)
        .push(" AND agent_id IN (")
        .bind_list(agents.iter().map(|a| a.id.0))
        .push(") ORDER BY field_number");
    let values =
        reads.rows(&sql, |row| Ok((row.int("agent_id")?, row.int("field_number")?, row.text("value")?))).await?;
    let mut by_agent: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for (agent, number, value) in values {
        by_agent.entry(agent).or_default().push((number, value));
    }
    for agent in agents {
        agent.custom_fields = by_agent.remove(&agent.id.0).unwrap_or_default();
    }
    Ok(())
}
