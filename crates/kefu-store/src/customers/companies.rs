//! Companies (公司): one company with its tags, service groups, company group and custom
//! values written in one transaction; reads by id, lists and searches.

use jiff::civil::Date;
use kefu_domain::custom_field::FieldEntity;
use kefu_domain::customer::company::{CompanyPatch, NewCompany};
use kefu_domain::customer::search::CompanyTerm;
use kefu_domain::tags::Tags;
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, CompanyId, CustomerGroupId, GroupId, TenantId};

use super::children::{COMPANY_GROUP, COMPANY_SERVICE_GROUPS, COMPANY_TAGS, as_is, replace_children};
use super::fields::{FieldTables, entity_values, write_entity_values};
use super::listing::CustomerRecord;
use super::{CustomerListFilter, CustomerOrder, push_list_conditions, push_order};
use crate::engine::Outcome::Commit;
use crate::engine::{Columns, Cost, Db, OpFuture, Sql, contains_pattern};
use crate::{Backend, Page, Store, StoreError, UniqueConstraint, Window};

/// A company as stored, deleted ones included (`is_deleted`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyRecord {
    pub id: CompanyId,
    pub tenant_id: TenantId,
    pub name: String,
    pub support: Option<AgentId>,
    pub service_start: Option<Date>,
    pub service_end: Option<Date>,
    pub website: String,
    pub note: String,
    pub service_charge: String,
    pub service_account: String,
    pub service_password: String,
    pub address: String,
    pub province: String,
    pub city: String,
    /// `tableName` as answered.
    pub tags: String,
    pub is_deleted: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub group: Option<CustomerGroupId>,
    /// Ascending.
    pub service_groups: Vec<GroupId>,
    pub custom_fields: Vec<(i64, String)>,
}

/// The tables a batch of companies grows (see `engine/grown_tables.rs`).
const COMPANY_TABLES: &[&str] =
    &["companies", "company_tags", "company_service_groups", "company_group_members", "company_field_values"];

const COLUMNS: &str = "id, tenant_id, name, support_id, service_start, service_end, website, note, service_charge, \
                       service_account, service_password, address, province, city, tags, is_deleted, created_at, updated_at";

fn date(row: &dyn Columns, column: &str) -> Result<Option<Date>, StoreError> {
    match row.opt_text(column)? {
        None => Ok(None),
        Some(text) => text
            .parse::<Date>()
            .map(Some)
            .map_err(|e| StoreError::Config(format!("stored company {column} is corrupt: {e}"))),
    }
}

fn decode(row: &dyn Columns) -> Result<CompanyRecord, StoreError> {
    Ok(CompanyRecord {
        id: CompanyId(row.int("id")?),
        tenant_id: TenantId(row.int("tenant_id")?),
        name: row.text("name")?,
        support: row.opt_int("support_id")?.map(AgentId),
        service_start: date(row, "service_start")?,
        service_end: date(row, "service_end")?,
        website: row.text("website")?,
        note: row.text("note")?,
        service_charge: row.text("service_charge")?,
        service_account: row.text("service_account")?,
        service_password: row.text("service_password")?,
        address: row.text("address")?,
        province: row.text("province")?,
        city: row.text("city")?,
        tags: row.text("tags")?,
        is_deleted: row.int("is_deleted")? == 1,
        created_at: row.int("created_at")?,
        updated_at: row.int("updated_at")?,
        group: None,
        service_groups: Vec::new(),
        custom_fields: Vec::new(),
    })
}

fn tables() -> FieldTables {
    FieldTables::of(FieldEntity::Company)
}

fn date_text(date: Option<Date>) -> Option<String> {
    date.map(|d| d.to_string())
}

impl CustomerRecord for CompanyRecord {
    const TABLE: &'static str = "companies";
    const COLUMNS: &'static str = COLUMNS;

    fn decode(row: &dyn Columns) -> Result<Self, StoreError> {
        decode(row)
    }

    fn id(&self) -> i64 {
        self.id.0
    }

    fn attach<'a>(db: &'a mut Db, tenant: TenantId, records: &'a mut [Self]) -> OpFuture<'a, ()> {
        Box::pin(attach(db, tenant, records))
    }
}

async fn attach(db: &mut Db, tenant: TenantId, companies: &mut [CompanyRecord]) -> Result<(), StoreError> {
    if companies.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = companies.iter().map(|c| c.id.0).collect();
    let mut sql = Sql::new("SELECT company_id, group_id FROM company_group_members WHERE tenant_id = ");
    sql.bind(tenant.0).push(" AND company_id IN (").bind_list(ids.iter().copied()).push(")");
    let groups = db.rows(&sql, |row| Ok((row.int("company_id")?, CustomerGroupId(row.int("group_id")?)))).await?;
    let mut sql = Sql::new("SELECT company_id, group_id FROM company_service_groups WHERE tenant_id = ");
    sql.bind(tenant.0).push(" AND company_id IN (").bind_list(ids.iter().copied()).push(") ORDER BY group_id");
    let serving = db.rows(&sql, |row| Ok((row.int("company_id")?, GroupId(row.int("group_id")?)))).await?;
    let mut values = entity_values(db, tables(), tenant, &ids).await?;
    for company in companies {
        company.group = groups.iter().find(|(c, _)| *c == company.id.0).map(|(_, g)| *g);
        company.service_groups = serving.iter().filter(|(c, _)| *c == company.id.0).map(|(_, g)| *g).collect();
        company.custom_fields = values.remove(&company.id.0).unwrap_or_default();
    }
    Ok(())
}

async fn load(db: &mut Db, tenant: TenantId, id: CompanyId) -> Result<Option<CompanyRecord>, StoreError> {
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM companies WHERE tenant_id = "));
    sql.bind(tenant.0).push(" AND id = ").bind(id.0);
    let Some(company) = db.first(&sql, decode).await? else { return Ok(None) };
    let mut found = [company];
    attach(db, tenant, &mut found).await?;
    let [company] = found;
    Ok(Some(company))
}

async fn write_tags(db: &mut Db, tenant: TenantId, id: i64, tags: &Tags) -> Result<(), StoreError> {
    replace_children(db, COMPANY_TAGS, tenant, id, tags.as_slice(), as_is).await
}

async fn write_group(db: &mut Db, tenant: TenantId, id: i64, group: Option<CustomerGroupId>) -> Result<(), StoreError> {
    let group: Vec<i64> = group.iter().map(|g| g.0).collect();
    replace_children(db, COMPANY_GROUP, tenant, id, &group, |e, group| match e {
        StoreError::ForeignKey(_) => StoreError::UnknownCustomerGroups(vec![CustomerGroupId(*group)]),
        other => other,
    })
    .await
}

async fn write_service_groups(db: &mut Db, tenant: TenantId, id: i64, groups: &[GroupId]) -> Result<(), StoreError> {
    let groups: Vec<i64> = groups.iter().map(|g| g.0).collect();
    replace_children(db, COMPANY_SERVICE_GROUPS, tenant, id, &groups, |e, group| match e {
        StoreError::ForeignKey(_) => StoreError::UnknownGroups(vec![GroupId(*group)]),
        other => other,
    })
    .await
}

fn name_taken(error: StoreError, name: &str) -> StoreError {
    match error {
        StoreError::Conflict { constraint: UniqueConstraint::CompanyName, .. } => {
            StoreError::Conflict { constraint: UniqueConstraint::CompanyName, value: name.to_owned() }
        }
        other => other,
    }
}

/// Inserts a new company and its children; answers its id.
async fn insert_company(
    db: &mut Db,
    tenant: TenantId,
    support: AgentId,
    company: &NewCompany,
) -> Result<i64, StoreError> {
    let now = now_micros();
    let mut sql = Sql::new(
        "INSERT INTO companies (tenant_id, name, search_name, support_id, service_start, service_end, \
         website, note, service_charge, service_account, service_password, address, province, city, tags, \
         is_deleted, created_at, updated_at) VALUES (",
    );
    let name = company.name.as_str();
    sql.bind(tenant.0).push(", ").bind(name).push(", ").bind(name.to_lowercase()).push(", ");
    sql.bind(company.support.unwrap_or(support).0).push(", ");
    sql.bind(date_text(company.period.start)).push(", ").bind(date_text(company.period.end)).push(", ");
    sql.bind(company.website.as_str()).push(", ").bind(company.note.as_str()).push(", ");
    sql.bind(company.service_charge.as_str()).push(", ").bind(company.service_account.as_str()).push(", ");
    sql.bind(company.service_password.as_str()).push(", ").bind(company.address.as_str()).push(", ");
    sql.bind(company.province.as_str()).push(", ").bind(company.city.as_str()).push(", ");
    sql.bind(company.tags.to_wire()).push(", 0, ").bind(now).push(", ").bind(now).push(") RETURNING id");
    let id = db.first(&sql, |row| row.int("id")).await.map_err(|e| name_taken(e, name))?.ok_or(StoreError::NotFound)?;
    write_tags(db, tenant, id, &company.tags).await?;
    write_group(db, tenant, id, company.group).await?;
    write_service_groups(db, tenant, id, &company.service_groups).await?;
    let values: Vec<_> = company.custom_fields.iter().map(|(n, v)| (*n, Some(v.clone()))).collect();
    write_entity_values(db, tables(), tenant, id, &values).await?;
    Ok(id)
}

impl Store {
    /// A company of the tenant, deleted or not.
    pub async fn company(&self, tenant: TenantId, id: CompanyId) -> Result<Option<CompanyRecord>, StoreError> {
        let mut snapshot = self.read(Cost::Point).snapshot().await?;
        let found = load(&mut snapshot.db, tenant, id).await?;
        snapshot.finish().await?;
        Ok(found)
    }

    /// How many companies the tenant has, deleted ones included (the 2B → 2C rule).
    pub async fn count_companies(&self, tenant: TenantId) -> Result<u64, StoreError> {
        let sql = Sql::fixed("SELECT COUNT(*) AS n FROM companies WHERE tenant_id = $1", [tenant.0.into()]);
        self.read(Cost::Scan).count(&sql).await
    }

    /// The tenant's live companies among `ids`, in the order asked.
    pub async fn companies_by_id(&self, tenant: TenantId, ids: &[CompanyId]) -> Result<Vec<CompanyRecord>, StoreError> {
        let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
        self.customers_by_id(tenant, &ids).await
    }

    pub async fn list_companies(
        &self,
        tenant: TenantId,
        filter: &CustomerListFilter,
        order: CustomerOrder,
        window: Window,
    ) -> Result<Page<CompanyRecord>, StoreError> {
        self.customer_page(
            tenant,
            |sql| push_list_conditions(sql, tenant, filter),
            |sql| push_order(sql, order),
            window,
        )
        .await
    }

    pub async fn search_companies(
        &self,
        tenant: TenantId,
        term: &CompanyTerm,
        window: Window,
    ) -> Result<Page<CompanyRecord>, StoreError> {
        let backend = self.backend();
        let conditions = |sql: &mut Sql| {
            sql.push("tenant_id = ").bind(tenant.0).push(" AND is_deleted = 0 AND ");
            push_company_term(sql, backend, tenant, term);
        };
        self.customer_page(
            tenant,
            conditions,
            |sql| {
                sql.push(" ORDER BY id ASC");
            },
            window,
        )
        .await
    }

    /// Creates a company with everything it holds, in one transaction; `support` is its
    /// `supportId` as decided by the use case.
    pub async fn create_company(
        &self,
        tenant: TenantId,
        support: AgentId,
        company: &NewCompany,
    ) -> Result<CompanyRecord, StoreError> {
        let company = company.clone();
        self.write(move |db| {
            Box::pin(async move {
                let id = insert_company(db, tenant, support, &company).await?;
                Ok(Commit(load(db, tenant, CompanyId(id)).await?.ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    /// Creates several companies in one transaction: all of them or, on an error, none.
    /// Answers their ids in the order given. An import's companies are few next to its
    /// contacts, so each is written as the single create writes it.
    pub async fn create_companies(
        &self,
        tenant: TenantId,
        support: AgentId,
        companies: Vec<NewCompany>,
    ) -> Result<Vec<CompanyId>, StoreError> {
        let ids = self
            .write(move |db| {
                Box::pin(async move {
                    let mut ids = Vec::with_capacity(companies.len());
                    for company in &companies {
                        ids.push(CompanyId(insert_company(db, tenant, support, company).await?));
                    }
                    Ok(Commit(ids))
                })
            })
            .await?;
        self.analyze_if_grown(COMPANY_TABLES).await;
        Ok(ids)
    }

    /// Applies a patch in one transaction (its `status` deletes or restores). The use case
    /// has checked the service period against the stored one.
    pub async fn update_company(
        &self,
        tenant: TenantId,
        id: CompanyId,
        patch: &CompanyPatch,
    ) -> Result<CompanyRecord, StoreError> {
        let patch = patch.clone();
        self.write(move |db| {
            Box::pin(async move {
                let current = load(db, tenant, id).await?.ok_or(StoreError::NotFound)?;
                let now = now_micros();
                let mut sql = Sql::new("UPDATE companies SET updated_at = ");
                sql.bind(now);
                let name = patch.name.as_ref().map_or(current.name.clone(), |n| n.as_str().to_owned());
                if let Some(new) = &patch.name {
                    sql.push(", name = ").bind(new.as_str()).push(", search_name = ").bind(new.as_str().to_lowercase());
                }
                if let Some(support) = patch.support {
                    sql.push(", support_id = ").bind(support.0);
                }
                if let Some(start) = patch.service_start {
                    sql.push(", service_start = ").bind(date_text(start));
                }
                if let Some(end) = patch.service_end {
                    sql.push(", service_end = ").bind(date_text(end));
                }
                let texts = [
                    ("website", patch.website.as_ref().map(|v| v.as_str())),
                    ("note", patch.note.as_ref().map(|v| v.as_str())),
                    ("service_charge", patch.service_charge.as_ref().map(|v| v.as_str())),
                    ("service_account", patch.service_account.as_ref().map(|v| v.as_str())),
                    ("service_password", patch.service_password.as_ref().map(|v| v.as_str())),
                    ("address", patch.address.as_ref().map(|v| v.as_str())),
                    ("province", patch.province.as_ref().map(|v| v.as_str())),
                    ("city", patch.city.as_ref().map(|v| v.as_str())),
                ];
                for (column, value) in texts {
                    if let Some(value) = value {
                        sql.push(&format!(", {column} = ")).bind(value);
                    }
                }
                if let Some(tags) = &patch.tags {
                    sql.push(", tags = ").bind(tags.to_wire());
                }
                let status = patch.status.map(|s| s.code());
                let (delete, restore) =
                    (status == Some(2) && !current.is_deleted, status == Some(1) && current.is_deleted);
                if delete {
                    sql.push(", is_deleted = 1, deleted_at = ").bind(now);
                }
                if restore {
                    sql.push(", is_deleted = 0, deleted_at = NULL");
                }
                sql.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
                db.execute(&sql).await.map_err(|e| name_taken(e, &name))?;
                if let Some(tags) = &patch.tags {
                    write_tags(db, tenant, id.0, tags).await?;
                }
                if let Some(group) = patch.group {
                    write_group(db, tenant, id.0, group).await?;
                }
                if let Some(groups) = &patch.service_groups {
                    write_service_groups(db, tenant, id.0, groups).await?;
                }
                write_entity_values(db, tables(), tenant, id.0, &patch.custom_fields).await?;
                Ok(Commit(load(db, tenant, id).await?.ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    /// Deletes a company softly (its contacts keep it); answers it as it was.
    pub async fn delete_company(&self, tenant: TenantId, id: CompanyId) -> Result<CompanyRecord, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                let current = load(db, tenant, id).await?.ok_or(StoreError::NotFound)?;
                if !current.is_deleted {
                    db.execute(&Sql::fixed(
                        "UPDATE companies SET is_deleted = 1, deleted_at = $1, updated_at = $1 WHERE tenant_id = $2 AND id = $3",
                        [now_micros().into(), tenant.0.into(), id.0.into()],
                    ))
                    .await?;
                }
                Ok(Commit(current))
            })
        })
        .await
    }
}

fn push_company_term(sql: &mut Sql, backend: Backend, tenant: TenantId, term: &CompanyTerm) {
    match term {
        CompanyTerm::Name(needle) => {
            let pattern = contains_pattern(needle);
            if backend == Backend::Sqlite && needle.chars().count() >= 3 && !needle.contains(['%', '_', '\\']) {
                sql.push("id IN (SELECT rowid FROM companies_search WHERE search_name LIKE ").bind(pattern).push(")");
            } else {
                sql.push("search_name LIKE ").bind(pattern).push(" ESCAPE '\\'");
            }
        }
        CompanyTerm::Tag(tag) => {
            sql.push("id IN (SELECT company_id FROM company_tags WHERE tenant_id = ").bind(tenant.0);
            sql.push(" AND tag = ").bind(tag.as_str()).push(")");
        }
        CompanyTerm::Province(province) => {
            sql.push("province = ").bind(province.as_str());
        }
        CompanyTerm::City(city) => {
            sql.push("city = ").bind(city.as_str());
        }
        CompanyTerm::Address(needle) => {
            sql.push("lower(address) LIKE ").bind(contains_pattern(needle)).push(" ESCAPE '\\'");
        }
        CompanyTerm::Custom(number, needle) => {
            sql.push("id IN (SELECT company_id FROM company_field_values WHERE tenant_id = ").bind(tenant.0);
            sql.push(" AND field_number = ").bind(*number);
            sql.push(" AND lower(search_value) LIKE ").bind(contains_pattern(needle)).push(" ESCAPE '\\')");
        }
    }
}
