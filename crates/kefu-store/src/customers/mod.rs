//! Customers (客户): custom field definitions of every entity kind, companies, contacts
//! and customer groups (migration 0020). What the lists of companies and contacts share
//! (the created/updated filters and orders, deStat) is here.

mod children;
pub(crate) mod companies;
mod contact_batch;
mod contact_pages;
pub(crate) mod contacts;
pub(crate) mod fields;
pub(crate) mod groups;
mod listing;

pub use companies::CompanyRecord;
pub use contacts::ContactRecord;
pub use fields::CustomFieldRecord;
pub use groups::CustomerGroupRecord;

use crate::engine::Sql;
use kefu_domain::TenantId;

/// The filters of `GET /companies.json` and `/users.json`: instants in microseconds,
/// inclusive; `with_deleted` is `deStat=1`.
#[derive(Debug, Clone, Default)]
pub struct CustomerListFilter {
    pub created_from: Option<i64>,
    pub created_until: Option<i64>,
    pub updated_from: Option<i64>,
    pub updated_until: Option<i64>,
    pub with_deleted: bool,
    /// Only the deleted ones (the console's recycle bin).
    pub only_deleted: bool,
}

/// The one order a list may ask for (`created_order` or `updated_order`); by id otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CustomerOrder {
    #[default]
    IdAscending,
    Created {
        descending: bool,
    },
    Updated {
        descending: bool,
    },
}

pub(crate) fn push_list_conditions(sql: &mut Sql, tenant: TenantId, filter: &CustomerListFilter) {
    sql.push("tenant_id = ").bind(tenant.0);
    if filter.only_deleted {
        sql.push(" AND is_deleted <> 0");
    } else if !filter.with_deleted {
        sql.push(" AND is_deleted = 0");
    }
    if let Some(from) = filter.created_from {
        sql.push(" AND created_at >= ").bind(from);
    }
    if let Some(until) = filter.created_until {
        sql.push(" AND created_at <= ").bind(until);
    }
    if let Some(from) = filter.updated_from {
        sql.push(" AND updated_at >= ").bind(from);
    }
    if let Some(until) = filter.updated_until {
        sql.push(" AND updated_at <= ").bind(until);
    }
}

pub(crate) fn push_order(sql: &mut Sql, order: CustomerOrder) {
    sql.push(match order {
        CustomerOrder::IdAscending => " ORDER BY id ASC",
        CustomerOrder::Created { descending: false } => " ORDER BY created_at ASC, id ASC",
        CustomerOrder::Created { descending: true } => " ORDER BY created_at DESC, id DESC",
        CustomerOrder::Updated { descending: false } => " ORDER BY updated_at ASC, id ASC",
        CustomerOrder::Updated { descending: true } => " ORDER BY updated_at DESC, id DESC",
    });
}
