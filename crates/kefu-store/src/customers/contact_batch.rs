//! New contacts written set-wise: a batch of 500 costs a handful of statements (the
//! contacts in one multi-row `INSERT … RETURNING id`, then each child table in one), not
//! three or more round trips per contact. On PostgreSQL every round trip waits for the
//! server process to be scheduled, and one by one they made a 100,000-row import take
//! seven minutes (docs/performance.md, "Customers: spreadsheet import"). The single create
//! takes the same path with one contact, so both check and write alike.

use std::collections::{BTreeSet, HashMap};

use kefu_domain::customer::contact::{NewContact, email_key, fixnumber_key};
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, CompanyId, CustomerGroupId, TenantId};

use super::contacts::{check_live_company, clear_default};
use crate::engine::{Db, Sql, Value, multi_row_inserts};
use crate::{StoreError, UniqueConstraint};

const CONTACT_INSERT: &str = "INSERT INTO contacts (tenant_id, company_id, name, search_name, mobile, fixnumber, \
     fixnumber_key, email, email_key, position, qq, note, state, is_default, support_id, creator_id, tags, \
     is_deleted, created_at, updated_at)";

/// The tables a batch of contacts grows, whose statistics PostgreSQL needs refreshed as
/// they grow (`engine/grown_tables.rs`).
pub(super) const CONTACT_TABLES: &[&str] =
    &["contacts", "contact_unique_ids", "contact_tags", "contact_group_members", "contact_field_values"];

/// Inserts new contacts with their remote ids, tags, groups and custom values, and counts
/// them; answers their ids in the order given. As if written one after the other: each
/// company is checked live, and of several defaults of one company the last one stays.
pub(super) async fn insert_contacts(
    db: &mut Db,
    tenant: TenantId,
    creator: AgentId,
    contacts: &[NewContact],
) -> Result<Vec<i64>, StoreError> {
    let companies: BTreeSet<CompanyId> = contacts.iter().filter_map(|c| c.company).collect();
    for company in &companies {
        check_live_company(db, tenant, *company).await?;
    }
    let mut last_default: HashMap<CompanyId, usize> = HashMap::new();
    for (index, contact) in contacts.iter().enumerate() {
        if let (true, Some(company)) = (contact.is_default, contact.company) {
            last_default.insert(company, index);
        }
    }
    for company in last_default.keys() {
        clear_default(db, tenant, *company, 0).await?;
    }
    check_remote_ids_free(db, tenant, contacts).await?;
    check_groups_known(db, tenant, contacts).await?;

    let now = now_micros();
    let rows = contacts
        .iter()
        .enumerate()
        .map(|(index, contact)| {
            let is_default = contact.company.is_some_and(|company| last_default.get(&company) == Some(&index));
            contact_row(tenant, creator, contact, is_default, now)
        })
        .collect();
    let mut ids = Vec::with_capacity(contacts.len());
    for insert in multi_row_inserts(CONTACT_INSERT, " RETURNING id", rows) {
        ids.extend(db.rows(&insert, |row| row.int("id")).await?);
    }
    // One statement numbers its rows in the order of its VALUES, and the statements run in
    // order; RETURNING promises no order, ascending ids are the contacts' own.
    ids.sort_unstable();
    if ids.len() != contacts.len() {
        return Err(StoreError::NotFound);
    }
    insert_children(db, tenant, contacts, &ids).await?;
    count_new(db, tenant, &ids).await?;
    Ok(ids)
}

fn contact_row(tenant: TenantId, creator: AgentId, contact: &NewContact, is_default: bool, now: i64) -> Vec<Value> {
    vec![
        tenant.0.into(),
        contact.company.map(|c| c.0).into(),
        contact.name.as_str().into(),
        contact.name.as_str().to_lowercase().into(),
        contact.mobile.as_str().into(),
        contact.fixnumber.as_str().into(),
        fixnumber_key(contact.fixnumber.as_str()).into(),
        contact.email.as_str().into(),
        email_key(contact.email.as_str()).into(),
        contact.position.as_str().into(),
        contact.qq.as_str().into(),
        contact.note.as_str().into(),
        contact.state.code().into(),
        i64::from(is_default).into(),
        contact.support.unwrap_or(creator).0.into(),
        creator.0.into(),
        contact.tags.to_wire().into(),
        0_i64.into(),
        now.into(),
        now.into(),
    ]
}

/// The remote ids, tags, contact groups and custom values of the new contacts `ids`, one
/// multi-row statement per table.
async fn insert_children(
    db: &mut Db,
    tenant: TenantId,
    contacts: &[NewContact],
    ids: &[i64],
) -> Result<(), StoreError> {
    let mut remote_ids = Vec::new();
    let mut tags = Vec::new();
    let mut groups = Vec::new();
    let mut values = Vec::new();
    for (contact, id) in contacts.iter().zip(ids) {
        for (position, remote) in contact.remote_ids.iter().enumerate() {
            remote_ids.push(vec![
                tenant.0.into(),
                (*id).into(),
                (position as i64).into(),
                remote.id.as_str().into(),
                remote.note.as_str().into(),
            ]);
        }
        tags.extend(contact.tags.as_slice().iter().map(|tag| vec![tenant.0.into(), (*id).into(), tag.as_str().into()]));
        groups.extend(contact.groups.iter().map(|group| vec![tenant.0.into(), (*id).into(), group.0.into()]));
        // A number given twice keeps its last value, as one upsert after another did.
        let mut by_number: Vec<(i64, &kefu_domain::custom_field::FieldValue)> = Vec::new();
        for (number, value) in &contact.custom_fields {
            by_number.retain(|(n, _)| n != number);
            by_number.push((*number, value));
        }
        values.extend(by_number.into_iter().map(|(number, value)| {
            vec![
                tenant.0.into(),
                (*id).into(),
                number.into(),
                value.to_json().to_string().into(),
                value.search_text().into(),
            ]
        }));
    }
    let tables = [
        ("INSERT INTO contact_unique_ids (tenant_id, contact_id, position, unique_id, note)", remote_ids),
        ("INSERT INTO contact_tags (tenant_id, contact_id, tag)", tags),
        ("INSERT INTO contact_group_members (tenant_id, contact_id, group_id)", groups),
        ("INSERT INTO contact_field_values (tenant_id, contact_id, field_number, value, search_value)", values),
    ];
    for (head, rows) in tables {
        for insert in multi_row_inserts(head, "", rows) {
            db.execute(&insert).await.map_err(|e| match e {
                // Checked above in this transaction; only a concurrent write gets here.
                StoreError::ForeignKey(_) if head.contains("contact_field_values") => {
                    StoreError::Stale("a custom field was removed meanwhile; send the request again".to_owned())
                }
                other => other,
            })?;
        }
    }
    Ok(())
}

/// No remote id of the batch is another contact's: one lookup, so that the answer names
/// the id taken (a refused multi-row insert would not say which). The unique index still
/// stands against a concurrent writer.
async fn check_remote_ids_free(db: &mut Db, tenant: TenantId, contacts: &[NewContact]) -> Result<(), StoreError> {
    let wanted: Vec<&str> = contacts.iter().flat_map(|c| c.remote_ids.iter().map(|r| r.id.as_str())).collect();
    for chunk in wanted.chunks(10_000) {
        let mut sql = Sql::new("SELECT unique_id FROM contact_unique_ids WHERE tenant_id = ");
        sql.bind(tenant.0).push(" AND unique_id IN (");
        for (i, id) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(*id);
        }
        sql.push(")");
        let taken = db.rows(&sql, |row| row.text("unique_id")).await?;
        if let Some(first) = chunk.iter().find(|id| taken.iter().any(|t| t == *id)) {
            return Err(StoreError::Conflict {
                constraint: UniqueConstraint::ContactUniqueId,
                value: (*first).to_owned(),
            });
        }
    }
    Ok(())
}

/// Every contact group named is one of the tenant's (the use case checked them; this
/// transaction sees a group deleted meanwhile and names it, which a refused foreign key
/// of a multi-row insert would not).
async fn check_groups_known(db: &mut Db, tenant: TenantId, contacts: &[NewContact]) -> Result<(), StoreError> {
    let named: BTreeSet<i64> = contacts.iter().flat_map(|c| c.groups.iter().map(|g| g.0)).collect();
    if named.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new("SELECT id FROM customer_groups WHERE tenant_id = ");
    sql.bind(tenant.0).push(" AND group_type = 2 AND id IN (").bind_list(named.iter().copied()).push(")");
    let found = db.rows(&sql, |row| row.int("id")).await?;
    let unknown: Vec<CustomerGroupId> =
        named.iter().filter(|id| !found.contains(id)).map(|id| CustomerGroupId(*id)).collect();
    if unknown.is_empty() { Ok(()) } else { Err(StoreError::UnknownCustomerGroups(unknown)) }
}

/// Adds new contacts to the live counts of their id blocks, one statement per block.
async fn count_new(db: &mut Db, tenant: TenantId, ids: &[i64]) -> Result<(), StoreError> {
    let mut blocks: Vec<(i64, i64)> = Vec::new();
    for id in ids {
        match blocks.iter_mut().find(|(block, _)| *block == id / 1024) {
            Some((_, n)) => *n += 1,
            None => blocks.push((id / 1024, 1)),
        }
    }
    for (block, n) in blocks {
        super::contacts::count(db, tenant, block * 1024, 0, n).await?;
    }
    Ok(())
}
