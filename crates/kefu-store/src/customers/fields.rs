//! Custom field definitions of every entity kind on one set of queries: companies,
//! contacts and tickets each have a definitions table, a values table and a key counter of
//! their own (0020, 0021), shaped as the agents' (0002), so one statement text per action
//! serves every kind. Settings are stored as `CustomFieldSettings` JSON, the kind as
//! `FieldKind::wire_name()`.

use std::collections::HashMap;

use kefu_domain::TenantId;
use kefu_domain::custom_field::{CustomField, CustomFieldSettings, FieldEntity, FieldKind, FieldValue};
use kefu_domain::limits::MAX_FIELD_DEFINITIONS;
use kefu_domain::time::now_micros;

use crate::engine::Outcome::Commit;
use crate::engine::{Columns, Cost, Db, Sql};
use crate::{Store, StoreError};

/// A definition of any entity kind as stored, with its times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomFieldRecord {
    pub field: CustomField,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The tables of one entity kind. Names come from this table only, never from a request.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code)] // owner and the value helpers serve the records of every kind as they arrive
pub(crate) struct FieldTables {
    pub entity: FieldEntity,
    pub definitions: &'static str,
    pub values: &'static str,
    pub counter: &'static str,
    /// The column of `values` naming the record.
    pub owner: &'static str,
}

impl FieldTables {
    pub(crate) fn of(entity: FieldEntity) -> FieldTables {
        let (definitions, values, counter, owner) = match entity {
            FieldEntity::Agent => ("support_fields", "agent_field_values", "field_counter", "agent_id"),
            FieldEntity::Company => ("company_fields", "company_field_values", "company_field_counter", "company_id"),
            FieldEntity::Contact => ("contact_fields", "contact_field_values", "contact_field_counter", "contact_id"),
            FieldEntity::Ticket => ("ticket_fields", "ticket_field_values", "ticket_field_counter", "ticket_id"),
        };
        FieldTables { entity, definitions, values, counter, owner }
    }

    fn select(&self) -> String {
        format!("SELECT {COLUMNS} FROM {} WHERE tenant_id = ", self.definitions)
    }
}

const COLUMNS: &str = "number, title, field_type, required, settings, created_at, updated_at";

fn decode(entity: FieldEntity, row: &dyn Columns) -> Result<CustomFieldRecord, StoreError> {
    let corrupt = |what: String| StoreError::Config(format!("stored {} field is corrupt: {what}", entity.name()));
    let settings: CustomFieldSettings =
        serde_json::from_str(&row.text("settings")?).map_err(|e| corrupt(e.to_string()))?;
    Ok(CustomFieldRecord {
        field: CustomField {
            entity,
            number: row.int("number")?,
            title: row.text("title")?,
            kind: FieldKind::parse(&row.text("field_type")?).map_err(corrupt)?,
            required: row.int("required")? == 1,
            settings,
        },
        created_at: row.int("created_at")?,
        updated_at: row.int("updated_at")?,
    })
}

fn settings_json(settings: &CustomFieldSettings) -> Result<String, StoreError> {
    serde_json::to_string(settings).map_err(|e| StoreError::Config(e.to_string()))
}

/// Option ids and table columns numbered against the stored definition (None: a new one):
/// an option still there keeps its id, a removed one's id is never given again.
fn numbered(mut settings: CustomFieldSettings, previous: Option<&CustomFieldSettings>) -> CustomFieldSettings {
    let stored = previous.map(|p| p.option_ids.clone()).unwrap_or_default();
    let base = previous.map_or(&settings.base, |p| &p.base);
    let effective = kefu_domain::custom_field::OptionIds::effective(&stored, base);
    settings.option_ids = effective.reassign(&settings.base);
    let last = previous.and_then(|p| p.table.as_ref()).map_or(0, |t| t.last_column);
    if let Some(table) = settings.table.as_mut() {
        table.number_new_columns(last);
    }
    settings
}

impl Store {
    /// The tenant's definitions of one entity kind, in key order.
    pub async fn custom_fields(
        &self,
        tenant: TenantId,
        entity: FieldEntity,
    ) -> Result<Vec<CustomFieldRecord>, StoreError> {
        let tables = FieldTables::of(entity);
        let mut sql = Sql::new(&tables.select());
        sql.bind(tenant.0).push(" ORDER BY number");
        self.read(Cost::Scan).rows(&sql, |row| decode(entity, row)).await
    }

    pub async fn custom_field(
        &self,
        tenant: TenantId,
        entity: FieldEntity,
        number: i64,
    ) -> Result<Option<CustomFieldRecord>, StoreError> {
        let tables = FieldTables::of(entity);
        let mut sql = Sql::new(&tables.select());
        sql.bind(tenant.0).push(" AND number = ").bind(number);
        self.read(Cost::Point).first(&sql, |row| decode(entity, row)).await
    }

    /// Defines a field of `field.entity` (its `number` is ignored: the key takes the
    /// kind's next number). Option ids and table columns are numbered here.
    pub async fn create_custom_field(
        &self,
        tenant: TenantId,
        field: &CustomField,
    ) -> Result<CustomFieldRecord, StoreError> {
        let tables = FieldTables::of(field.entity);
        let field = field.clone();
        self.write(move |db| {
            Box::pin(async move {
                // Taking the number locks the tenant row: concurrent definitions queue here.
                let next = Sql::fixed(
                    &format!("UPDATE tenants SET {c} = {c} + 1 WHERE id = $1 RETURNING {c} AS n", c = tables.counter),
                    [tenant.0.into()],
                );
                let number = db.first(&next, |row| row.int("n")).await?.ok_or(StoreError::NotFound)?;
                let existing =
                    Sql::fixed(&format!("SELECT COUNT(*) AS n FROM {} WHERE tenant_id = $1", tables.definitions), [
                        tenant.0.into(),
                    ]);
                if db.count(&existing).await? >= MAX_FIELD_DEFINITIONS as u64 {
                    return Err(StoreError::Stale(format!(
                        "a company may define at most {MAX_FIELD_DEFINITIONS} {} fields",
                        tables.entity.name()
                    )));
                }
                let settings = numbered(field.settings.clone(), None);
                let now = now_micros();
                let mut sql = Sql::new(&format!(
                    "INSERT INTO {} (tenant_id, number, title, field_type, required, settings, created_at, updated_at) VALUES (",
                    tables.definitions
                ));
                sql.bind(tenant.0).push(", ").bind(number).push(", ").bind(field.title.as_str()).push(", ");
                sql.bind(field.kind.wire_name()).push(", ").bind(i64::from(field.required)).push(", ");
                sql.bind(settings_json(&settings)?).push(", ").bind(now).push(", ").bind(now);
                sql.push(&format!(") RETURNING {COLUMNS}"));
                let entity = tables.entity;
                Ok(Commit(db.first(&sql, |row| decode(entity, row)).await?.ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    /// Changes a definition's title, required flag and settings (its key and kind are
    /// fixed); option ids and new table columns are numbered against the stored one.
    pub async fn update_custom_field(
        &self,
        tenant: TenantId,
        field: &CustomField,
    ) -> Result<CustomFieldRecord, StoreError> {
        let tables = FieldTables::of(field.entity);
        let field = field.clone();
        self.write(move |db| {
            Box::pin(async move {
                let entity = tables.entity;
                let mut find = Sql::new(&tables.select());
                find.bind(tenant.0).push(" AND number = ").bind(field.number);
                let stored = db.first(&find, |row| decode(entity, row)).await?.ok_or(StoreError::NotFound)?;
                let settings = numbered(field.settings.clone(), Some(&stored.field.settings));
                let mut sql = Sql::new(&format!("UPDATE {} SET title = ", tables.definitions));
                sql.bind(field.title.as_str()).push(", required = ").bind(i64::from(field.required));
                sql.push(", settings = ").bind(settings_json(&settings)?).push(", updated_at = ").bind(now_micros());
                sql.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND number = ").bind(field.number);
                sql.push(&format!(" RETURNING {COLUMNS}"));
                Ok(Commit(db.first(&sql, |row| decode(entity, row)).await?.ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    /// Removes a definition and every value of it (a ticket field is also detached from
    /// the templates that have it); returns it as it was.
    pub async fn delete_custom_field(
        &self,
        tenant: TenantId,
        entity: FieldEntity,
        number: i64,
    ) -> Result<CustomFieldRecord, StoreError> {
        let tables = FieldTables::of(entity);
        self.write(move |db| {
            Box::pin(async move {
                let mut find = Sql::new(&tables.select());
                find.bind(tenant.0).push(" AND number = ").bind(number);
                let field = db.first(&find, |row| decode(entity, row)).await?.ok_or(StoreError::NotFound)?;
                let mut values = Sql::new(&format!("DELETE FROM {} WHERE tenant_id = ", tables.values));
                values.bind(tenant.0).push(" AND field_number = ").bind(number);
                db.execute(&values).await?;
                if entity == FieldEntity::Ticket {
                    // Detached from every template in the same transaction (compat.md).
                    let mut attached = Sql::new("DELETE FROM ticket_template_fields WHERE tenant_id = ");
                    attached.bind(tenant.0).push(" AND field_number = ").bind(number);
                    db.execute(&attached).await?;
                }
                let mut definition = Sql::new(&format!("DELETE FROM {} WHERE tenant_id = ", tables.definitions));
                definition.bind(tenant.0).push(" AND number = ").bind(number);
                db.execute(&definition).await?;
                Ok(Commit(field))
            })
        })
        .await
    }
}

/// Sets (Some) or clears (None) one record's values inside a write transaction.
#[allow(dead_code)]
pub(crate) async fn write_entity_values(
    db: &mut Db,
    tables: FieldTables,
    tenant: TenantId,
    owner: i64,
    values: &[(i64, Option<FieldValue>)],
) -> Result<(), StoreError> {
    for (number, value) in values {
        let sql = match value {
            Some(value) => {
                let mut sql = Sql::new(&format!(
                    "INSERT INTO {} (tenant_id, {}, field_number, value, search_value) VALUES (",
                    tables.values, tables.owner
                ));
                sql.bind(tenant.0).push(", ").bind(owner).push(", ").bind(*number).push(", ");
                sql.bind(value.to_json().to_string()).push(", ").bind(value.search_text());
                sql.push(&format!(
                    ") ON CONFLICT (tenant_id, {}, field_number) DO UPDATE SET value = excluded.value, search_value = excluded.search_value",
                    tables.owner
                ));
                sql
            }
            None => {
                let mut sql = Sql::new(&format!("DELETE FROM {} WHERE tenant_id = ", tables.values));
                sql.bind(tenant.0).push(&format!(" AND {} = ", tables.owner)).bind(owner);
                sql.push(" AND field_number = ").bind(*number);
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

/// The stored values (`field_number`, JSON text) of several records, by record id.
#[allow(dead_code)]
pub(crate) async fn entity_values(
    reads: &mut Db,
    tables: FieldTables,
    tenant: TenantId,
    owners: &[i64],
) -> Result<HashMap<i64, Vec<(i64, String)>>, StoreError> {
    let mut by_owner: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    if owners.is_empty() {
        return Ok(by_owner);
    }
    let mut sql = Sql::new(&format!(
        "SELECT {o} AS owner, field_number, value FROM {} WHERE tenant_id = ",
        tables.values,
        o = tables.owner
    ));
    sql.bind(tenant.0).push(&format!(" AND {} IN (", tables.owner)).bind_list(owners.iter().copied());
    sql.push(") ORDER BY field_number");
    let rows = reads.rows(&sql, |row| Ok((row.int("owner")?, row.int("field_number")?, row.text("value")?))).await?;
    for (owner, number, value) in rows {
        by_owner.entry(owner).or_default().push((number, value));
    }
    Ok(by_owner)
}
