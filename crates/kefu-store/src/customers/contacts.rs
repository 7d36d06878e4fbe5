//! Contacts (联系人, the API's users): one contact with its remote ids, tags, contact
//! groups and custom values written in one transaction; reads by id, lists and searches.

use kefu_domain::custom_field::FieldEntity;
use kefu_domain::customer::contact::{
    ContactPatch, ContactState, NewContact, RemoteId, default_after, email_key, fixnumber_key,
};
use kefu_domain::customer::search::ContactTerm;
use kefu_domain::tags::Tags;
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, CompanyId, ContactId, CustomerGroupId, TenantId};

use super::children::{CONTACT_GROUPS, CONTACT_TAGS, as_is, replace_children};
use super::contact_batch::{CONTACT_TABLES, insert_contacts};
use super::fields::{FieldTables, entity_values, write_entity_values};
use super::listing::CustomerRecord;
use crate::engine::Outcome::Commit;
use crate::engine::{Columns, Cost, Db, OpFuture, Sql};
use crate::{Backend, Page, Store, StoreError, UniqueConstraint, Window};

/// A contact as stored, deleted ones included (`is_deleted`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecord {
    pub id: ContactId,
    pub tenant_id: TenantId,
    pub company: Option<CompanyId>,
    pub name: String,
    pub mobile: String,
    pub fixnumber: String,
    pub email: String,
    pub position: String,
    pub qq: String,
    pub note: String,
    pub state: ContactState,
    pub is_default: bool,
    pub support: Option<AgentId>,
    pub creator: AgentId,
    /// `tableName` as answered.
    pub tags: String,
    pub is_deleted: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// In the order given; the first is the old endpoints' `uniqueId`.
    pub remote_ids: Vec<RemoteId>,
    /// Ascending.
    pub groups: Vec<CustomerGroupId>,
    /// (field number, stored JSON value), by number.
    pub custom_fields: Vec<(i64, String)>,
}

pub(super) const COLUMNS: &str = "id, tenant_id, company_id, name, mobile, fixnumber, email, position, qq, note, state, \
                       is_default, support_id, creator_id, tags, is_deleted, created_at, updated_at";

pub(super) fn decode(row: &dyn Columns) -> Result<ContactRecord, StoreError> {
    Ok(ContactRecord {
        id: ContactId(row.int("id")?),
        tenant_id: TenantId(row.int("tenant_id")?),
        company: row.opt_int("company_id")?.map(CompanyId),
        name: row.text("name")?,
        mobile: row.text("mobile")?,
        fixnumber: row.text("fixnumber")?,
        email: row.text("email")?,
        position: row.text("position")?,
        qq: row.text("qq")?,
        note: row.text("note")?,
        state: ContactState::from_code(row.int("state")?),
        is_default: row.int("is_default")? == 1,
        support: row.opt_int("support_id")?.map(AgentId),
        creator: AgentId(row.int("creator_id")?),
        tags: row.text("tags")?,
        is_deleted: row.int("is_deleted")? == 1,
        created_at: row.int("created_at")?,
        updated_at: row.int("updated_at")?,
        remote_ids: Vec::new(),
        groups: Vec::new(),
        custom_fields: Vec::new(),
    })
}

fn tables() -> FieldTables {
    FieldTables::of(FieldEntity::Contact)
}

impl CustomerRecord for ContactRecord {
    const TABLE: &'static str = "contacts";
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

/// Fills in remote ids, groups and custom values of `contacts` (three queries).
pub(super) async fn attach(db: &mut Db, tenant: TenantId, contacts: &mut [ContactRecord]) -> Result<(), StoreError> {
    if contacts.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = contacts.iter().map(|c| c.id.0).collect();
    let mut sql = Sql::new("SELECT contact_id, unique_id, note FROM contact_unique_ids WHERE tenant_id = ");
    sql.bind(tenant.0).push(" AND contact_id IN (").bind_list(ids.iter().copied()).push(") ORDER BY position");
    let remote = db
        .rows(&sql, |row| {
            Ok((row.int("contact_id")?, RemoteId { id: row.text("unique_id")?, note: row.text("note")? }))
        })
        .await?;
    let mut sql = Sql::new("SELECT contact_id, group_id FROM contact_group_members WHERE tenant_id = ");
    sql.bind(tenant.0).push(" AND contact_id IN (").bind_list(ids.iter().copied()).push(") ORDER BY group_id");
    let groups = db.rows(&sql, |row| Ok((row.int("contact_id")?, CustomerGroupId(row.int("group_id")?)))).await?;
    let mut values = entity_values(db, tables(), tenant, &ids).await?;
    for contact in contacts {
        contact.remote_ids = remote.iter().filter(|(c, _)| *c == contact.id.0).map(|(_, r)| r.clone()).collect();
        contact.groups = groups.iter().filter(|(c, _)| *c == contact.id.0).map(|(_, g)| *g).collect();
        contact.custom_fields = values.remove(&contact.id.0).unwrap_or_default();
    }
    Ok(())
}

async fn load(db: &mut Db, tenant: TenantId, id: ContactId) -> Result<Option<ContactRecord>, StoreError> {
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM contacts WHERE tenant_id = "));
    sql.bind(tenant.0).push(" AND id = ").bind(id.0);
    let Some(contact) = db.first(&sql, decode).await? else { return Ok(None) };
    let mut found = [contact];
    attach(db, tenant, &mut found).await?;
    let [contact] = found;
    Ok(Some(contact))
}

/// The company is one of the tenant's live companies (checked inside the transaction, so a
/// company deleted meanwhile is not given a contact).
pub(super) async fn check_live_company(db: &mut Db, tenant: TenantId, company: CompanyId) -> Result<(), StoreError> {
    let sql = Sql::fixed(
        "SELECT COUNT(*) AS n FROM companies WHERE tenant_id = $1 AND id = $2 AND is_deleted = 0",
        [tenant.0.into(), company.0.into()],
    );
    if db.count(&sql).await? == 0 {
        return Err(StoreError::Stale(format!("companyId: company {company} was deleted meanwhile")));
    }
    Ok(())
}

/// Makes `contact` its company's only default: clears the previous one first (the partial
/// unique index is the last line against two concurrent ones).
pub(super) async fn clear_default(
    db: &mut Db,
    tenant: TenantId,
    company: CompanyId,
    contact: i64,
) -> Result<(), StoreError> {
    db.execute(&Sql::fixed(
        "UPDATE contacts SET is_default = 0 WHERE tenant_id = $1 AND company_id = $2 AND is_default = 1 AND id <> $3",
        [tenant.0.into(), company.0.into(), contact.into()],
    ))
    .await?;
    Ok(())
}

async fn write_remote_ids(db: &mut Db, tenant: TenantId, id: i64, ids: &[RemoteId]) -> Result<(), StoreError> {
    db.execute(&Sql::fixed(
        "DELETE FROM contact_unique_ids WHERE tenant_id = $1 AND contact_id = $2",
        [tenant.0.into(), id.into()],
    ))
    .await?;
    insert_remote_ids(db, tenant, id, ids).await
}

async fn insert_remote_ids(db: &mut Db, tenant: TenantId, id: i64, ids: &[RemoteId]) -> Result<(), StoreError> {
    for (position, remote) in ids.iter().enumerate() {
        let insert = Sql::fixed(
            "INSERT INTO contact_unique_ids (tenant_id, contact_id, position, unique_id, note) VALUES ($1, $2, $3, $4, $5)",
            [
                tenant.0.into(),
                id.into(),
                (position as i64).into(),
                remote.id.as_str().into(),
                remote.note.as_str().into(),
            ],
        );
        db.execute(&insert).await.map_err(|e| match e {
            StoreError::Conflict { constraint: UniqueConstraint::ContactUniqueId, .. } => {
                StoreError::Conflict { constraint: UniqueConstraint::ContactUniqueId, value: remote.id.clone() }
            }
            other => other,
        })?;
    }
    Ok(())
}

async fn write_tags(db: &mut Db, tenant: TenantId, id: i64, tags: &Tags) -> Result<(), StoreError> {
    replace_children(db, CONTACT_TAGS, tenant, id, tags.as_slice(), as_is).await
}

async fn write_groups(db: &mut Db, tenant: TenantId, id: i64, groups: &[CustomerGroupId]) -> Result<(), StoreError> {
    let groups: Vec<i64> = groups.iter().map(|g| g.0).collect();
    replace_children(db, CONTACT_GROUPS, tenant, id, &groups, unknown_group).await
}

fn unknown_group(error: StoreError, group: &i64) -> StoreError {
    match error {
        StoreError::ForeignKey(_) => StoreError::UnknownCustomerGroups(vec![CustomerGroupId(*group)]),
        other => other,
    }
}

/// Moves one contact between the live and deleted counts of its id block.
pub(super) async fn count(db: &mut Db, tenant: TenantId, id: i64, deleted: i64, delta: i64) -> Result<(), StoreError> {
    db.execute(&Sql::fixed(
        "INSERT INTO contact_id_counts (tenant_id, id_block, is_deleted, n) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (tenant_id, id_block, is_deleted) DO UPDATE SET n = contact_id_counts.n + excluded.n",
        [tenant.0.into(), (id / 1024).into(), deleted.into(), delta.into()],
    ))
    .await?;
    Ok(())
}

impl Store {
    /// A contact of the tenant, deleted or not.
    pub async fn contact(&self, tenant: TenantId, id: ContactId) -> Result<Option<ContactRecord>, StoreError> {
        let mut snapshot = self.read(Cost::Point).snapshot().await?;
        let found = load(&mut snapshot.db, tenant, id).await?;
        snapshot.finish().await?;
        Ok(found)
    }

    /// The tenant's live contacts among `ids`, in the order asked (unknown ones left out).
    pub async fn contacts_by_id(&self, tenant: TenantId, ids: &[ContactId]) -> Result<Vec<ContactRecord>, StoreError> {
        let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
        self.customers_by_id(tenant, &ids).await
    }

    /// A page of the live contacts a search term finds, by id, and how many it finds.
    pub async fn search_contacts(
        &self,
        tenant: TenantId,
        term: &ContactTerm,
        window: Window,
    ) -> Result<Page<ContactRecord>, StoreError> {
        let backend = self.backend();
        let conditions = |sql: &mut Sql| {
            sql.push("tenant_id = ").bind(tenant.0).push(" AND is_deleted = 0 AND ");
            push_contact_term(sql, backend, tenant, term);
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

    /// Creates a contact with everything it holds, in one transaction. `creator` is the
    /// agent creating it (and its `supportId` when the contact names none).
    pub async fn create_contact(
        &self,
        tenant: TenantId,
        creator: AgentId,
        contact: &NewContact,
    ) -> Result<ContactRecord, StoreError> {
        let contact = contact.clone();
        self.write(move |db| {
            Box::pin(async move {
                let ids = insert_contacts(db, tenant, creator, std::slice::from_ref(&contact)).await?;
                let id = ids.first().copied().ok_or(StoreError::NotFound)?;
                Ok(Commit(load(db, tenant, ContactId(id)).await?.ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    /// Creates several contacts in one transaction: all of them or, on an error, none.
    /// Answers their ids in the order given.
    pub async fn create_contacts(
        &self,
        tenant: TenantId,
        creator: AgentId,
        contacts: Vec<NewContact>,
    ) -> Result<Vec<ContactId>, StoreError> {
        let ids = self
            .write(move |db| {
                Box::pin(async move {
                    let ids = insert_contacts(db, tenant, creator, &contacts).await?;
                    Ok(Commit(ids.into_iter().map(ContactId).collect()))
                })
            })
            .await?;
        self.analyze_if_grown(CONTACT_TABLES).await;
        Ok(ids)
    }

    /// Applies a patch in one transaction; `restore` brings a deleted contact back. The
    /// use case has checked the patch against the stored contact.
    pub async fn update_contact(
        &self,
        tenant: TenantId,
        id: ContactId,
        patch: &ContactPatch,
        restore: bool,
    ) -> Result<ContactRecord, StoreError> {
        let patch = patch.clone();
        self.write(move |db| {
            Box::pin(async move {
                let current = load(db, tenant, id).await?.ok_or(StoreError::NotFound)?;
                let company = patch.company.or(current.company);
                let changed = patch.company.is_some_and(|c| Some(c) != current.company);
                if let (true, Some(company)) = (changed, patch.company) {
                    check_live_company(db, tenant, company).await?;
                }
                let is_default = default_after(current.is_default, changed, patch.is_default) && company.is_some();
                if let (true, Some(company)) = (is_default, company) {
                    clear_default(db, tenant, company, id.0).await?;
                }
                let now = now_micros();
                let mut sql = Sql::new("UPDATE contacts SET updated_at = ");
                sql.bind(now).push(", is_default = ").bind(i64::from(is_default));
                sql.push(", company_id = ").bind(company.map(|c| c.0));
                if let Some(name) = &patch.name {
                    sql.push(", name = ")
                        .bind(name.as_str())
                        .push(", search_name = ")
                        .bind(name.as_str().to_lowercase());
                }
                if let Some(mobile) = &patch.mobile {
                    sql.push(", mobile = ").bind(mobile.as_str());
                }
                if let Some(fixnumber) = &patch.fixnumber {
                    sql.push(", fixnumber = ").bind(fixnumber.as_str());
                    sql.push(", fixnumber_key = ").bind(fixnumber_key(fixnumber.as_str()));
                }
                if let Some(email) = &patch.email {
                    sql.push(", email = ").bind(email.as_str()).push(", email_key = ").bind(email_key(email.as_str()));
                }
                if let Some(position) = &patch.position {
                    sql.push(", position = ").bind(position.as_str());
                }
                if let Some(qq) = &patch.qq {
                    sql.push(", qq = ").bind(qq.as_str());
                }
                if let Some(note) = &patch.note {
                    sql.push(", note = ").bind(note.as_str());
                }
                if let Some(state) = patch.state {
                    sql.push(", state = ").bind(state.code());
                }
                if let Some(support) = patch.support {
                    sql.push(", support_id = ").bind(support.0);
                }
                if let Some(tags) = &patch.tags {
                    sql.push(", tags = ").bind(tags.to_wire());
                }
                if restore && current.is_deleted {
                    sql.push(", is_deleted = 0, deleted_at = NULL");
                }
                sql.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
                db.execute(&sql).await?;
                if let Some(ids) = &patch.remote_ids {
                    write_remote_ids(db, tenant, id.0, ids).await?;
                }
                if let Some(tags) = &patch.tags {
                    write_tags(db, tenant, id.0, tags).await?;
                }
                if let Some(groups) = &patch.groups {
                    write_groups(db, tenant, id.0, groups).await?;
                }
                write_entity_values(db, tables(), tenant, id.0, &patch.custom_fields).await?;
                if restore && current.is_deleted {
                    count(db, tenant, id.0, 1, -1).await?;
                    count(db, tenant, id.0, 0, 1).await?;
                }
                Ok(Commit(load(db, tenant, id).await?.ok_or(StoreError::NotFound)?))
            })
        })
        .await
    }

    /// Deletes a contact softly (it keeps everything, and may be restored); answers it as
    /// it was. A deleted contact stops being its company's default.
    pub async fn delete_contact(&self, tenant: TenantId, id: ContactId) -> Result<ContactRecord, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                let current = load(db, tenant, id).await?.ok_or(StoreError::NotFound)?;
                if !current.is_deleted {
                    db.execute(&Sql::fixed(
                        "UPDATE contacts SET is_deleted = 1, is_default = 0, deleted_at = $1, updated_at = $1 \
                         WHERE tenant_id = $2 AND id = $3",
                        [now_micros().into(), tenant.0.into(), id.0.into()],
                    ))
                    .await?;
                    count(db, tenant, id.0, 0, -1).await?;
                    count(db, tenant, id.0, 1, 1).await?;
                }
                Ok(Commit(current))
            })
        })
        .await
    }
}

/// One search term as a condition on `contacts`.
fn push_contact_term(sql: &mut Sql, backend: Backend, tenant: TenantId, term: &ContactTerm) {
    let contains = |needle: &str| crate::engine::contains_pattern(needle);
    match term {
        ContactTerm::Name(needle) => push_name_match(sql, backend, needle),
        ContactTerm::Mobile(mobile) => {
            sql.push("mobile = ").bind(mobile.as_str());
        }
        ContactTerm::Fixnumber(key) => {
            sql.push("fixnumber_key = ").bind(key.as_str());
        }
        ContactTerm::Email(key) => {
            sql.push("email_key = ").bind(key.as_str());
        }
        ContactTerm::Qq(qq) => {
            sql.push("qq = ").bind(qq.as_str());
        }
        ContactTerm::UniqueId(remote) => {
            sql.push("id IN (SELECT contact_id FROM contact_unique_ids WHERE tenant_id = ").bind(tenant.0);
            sql.push(" AND unique_id = ").bind(remote.as_str()).push(")");
        }
        ContactTerm::Company(company) => {
            sql.push("company_id = ").bind(company.0);
        }
        ContactTerm::Tag(tag) => {
            sql.push("id IN (SELECT contact_id FROM contact_tags WHERE tenant_id = ").bind(tenant.0);
            sql.push(" AND tag = ").bind(tag.as_str()).push(")");
        }
        ContactTerm::Position(needle) => {
            sql.push("lower(position) LIKE ").bind(contains(needle)).push(" ESCAPE '\\'");
        }
        ContactTerm::Custom(number, needle) => {
            sql.push("id IN (SELECT contact_id FROM contact_field_values WHERE tenant_id = ").bind(tenant.0);
            sql.push(" AND field_number = ").bind(*number);
            sql.push(" AND lower(search_value) LIKE ").bind(contains(needle)).push(" ESCAPE '\\')");
        }
        ContactTerm::Anything(any) => {
            sql.push("(");
            push_name_match(sql, backend, &any.needle);
            sql.push(" OR mobile = ").bind(any.mobile.as_str());
            if let Some(key) = &any.fixnumber_key {
                sql.push(" OR fixnumber_key = ").bind(key.as_str());
            }
            if let Some(key) = &any.email_key {
                sql.push(" OR email_key = ").bind(key.as_str());
            }
            sql.push(")");
        }
    }
}

/// The lower-cased name contains `needle`: FTS5's trigram index on SQLite for needles of
/// three characters or more without LIKE wildcards, a LIKE (pg_trgm on PostgreSQL) else.
fn push_name_match(sql: &mut Sql, backend: Backend, needle: &str) {
    let pattern = crate::engine::contains_pattern(needle);
    if backend == Backend::Sqlite && needle.chars().count() >= 3 && !needle.contains(['%', '_', '\\']) {
        sql.push("id IN (SELECT rowid FROM contacts_search WHERE search_name LIKE ").bind(pattern).push(")");
    } else {
        sql.push("search_name LIKE ").bind(pattern).push(" ESCAPE '\\'");
    }
}
