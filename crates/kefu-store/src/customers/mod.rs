//! Customers (客户): custom field definitions of every entity kind, companies, contacts
//! and customer groups (migration 0020).

pub(crate) mod fields;

pub use fields::CustomFieldRecord;
