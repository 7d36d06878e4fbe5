//! What can go wrong in the store, already sorted into what a client must be told. How a
//! driver's error becomes one of these is the engine's business (`engine/driver_errors.rs`).

use kefu_domain::{CustomerGroupId, GroupId};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such row in this tenant (or it belongs to another tenant, which is the same).
    #[error("not found")]
    NotFound,
    /// A unique value is taken: `value` collides under `constraint`. Which field of a
    /// request that is, is the caller's to say.
    #[error("{value:?} is already taken ({constraint:?})")]
    Conflict { constraint: UniqueConstraint, value: String },
    /// A row refers to one that is not there (or no longer): callers that expect it say
    /// what it means; anywhere else it is a bug, like [`StoreError::Database`].
    #[error("foreign key violation: {0}")]
    ForeignKey(String),
    /// Group ids that are not groups of this tenant.
    #[error("unknown support groups {0:?}")]
    UnknownGroups(Vec<GroupId>),
    /// Customer group ids that are not groups of this tenant (of the right type).
    #[error("unknown customer groups {0:?}")]
    UnknownCustomerGroups(Vec<CustomerGroupId>),
    /// The change would leave the tenant without an active administrator.
    #[error("the last active administrator cannot be demoted, hidden or deleted")]
    LastAdministrator,
    /// The request raced with a change that makes it impossible (e.g. a custom field
    /// removed meanwhile), or hit a count limit; the message says which.
    #[error("{0}")]
    Stale(String),
    /// A value of the request that only the database can judge (e.g. a template name
    /// already in use): a 400 naming `field`.
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    /// An agent was created without a password and the tenant has no default one.
    #[error("the tenant has no default agent password")]
    NoDefaultPassword,
    /// The database cannot take the request now (unreachable, busy, read-only, disk
    /// full): the client should retry later.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A bad database URL or setting.
    #[error("{0}")]
    Config(String),
    #[error("migration failed: {0}")]
    Migration(String),
    /// Anything else through sqlx (PostgreSQL, and SQLite's pooled reads and migrations):
    /// a bug or a corrupt database.
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// The same through SQLite's own interface (rusqlite: the writer thread and the
    /// embedded readers).
    #[error("database error: {0}")]
    Embedded(rusqlite::Error),
}

/// The unique constraints a request can collide with. The schema's other unique keys hold
/// ids kefu assigns or random secrets: a collision there is a bug, reported as
/// [`StoreError::Database`] / [`StoreError::Embedded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UniqueConstraint {
    /// A live agent's login (`login_key`), across every tenant: `agents_login_key_live`.
    AgentLogin,
    /// A live agent's job number within its tenant: `agents_job_number_live`.
    AgentJobNumber,
    /// A support group's name within its tenant: `support_groups_name`.
    GroupName,
    /// A live company's name within its tenant: `companies_name_live`.
    CompanyName,
    /// A contact's remote id within its tenant: `contact_unique_ids_lookup`.
    ContactUniqueId,
    /// A customer group's name within its tenant and type: `customer_groups_name`.
    CustomerGroupName,
    /// A company's one default contact: `contacts_default_per_company`.
    DefaultContact,
}

impl UniqueConstraint {
    pub const ALL: [UniqueConstraint; 7] = [
        UniqueConstraint::AgentLogin,
        UniqueConstraint::AgentJobNumber,
        UniqueConstraint::GroupName,
        UniqueConstraint::CompanyName,
        UniqueConstraint::ContactUniqueId,
        UniqueConstraint::CustomerGroupName,
        UniqueConstraint::DefaultContact,
    ];

    /// The unique index, as both schemas name it (PostgreSQL reports this name).
    pub fn index(self) -> &'static str {
        match self {
            UniqueConstraint::AgentLogin => "agents_login_key_live",
            UniqueConstraint::AgentJobNumber => "agents_job_number_live",
            UniqueConstraint::GroupName => "support_groups_name",
            UniqueConstraint::CompanyName => "companies_name_live",
            UniqueConstraint::ContactUniqueId => "contact_unique_ids_lookup",
            UniqueConstraint::CustomerGroupName => "customer_groups_name",
            UniqueConstraint::DefaultContact => "contacts_default_per_company",
        }
    }

    /// Its columns as SQLite reports them ("UNIQUE constraint failed: agents.login_key").
    pub(crate) fn sqlite_columns(self) -> &'static str {
        match self {
            UniqueConstraint::AgentLogin => "agents.login_key",
            UniqueConstraint::AgentJobNumber => "agents.tenant_id, agents.job_number",
            UniqueConstraint::GroupName => "support_groups.tenant_id, support_groups.name",
            UniqueConstraint::CompanyName => "companies.tenant_id, companies.name",
            UniqueConstraint::ContactUniqueId => "contact_unique_ids.tenant_id, contact_unique_ids.unique_id",
            UniqueConstraint::CustomerGroupName => {
                "customer_groups.tenant_id, customer_groups.group_type, customer_groups.name"
            }
            UniqueConstraint::DefaultContact => "contacts.tenant_id, contacts.company_id",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each constraint names an index that both schemas create, on the columns SQLite
    /// would report.
    #[test]
    fn constraints_name_the_indexes_of_both_schemas() {
        let schemas = [
            include_str!("../migrations/sqlite/0001_agents.sql"),
            include_str!("../migrations/postgres/0001_agents.sql"),
        ];
        let customers = [
            include_str!("../migrations/sqlite/0020_customers.sql"),
            include_str!("../migrations/postgres/0020_customers.sql"),
        ];
        for constraint in UniqueConstraint::ALL {
            let (table, _) = constraint.sqlite_columns().split_once('.').unwrap_or_default();
            let columns: Vec<&str> =
                constraint.sqlite_columns().split(", ").map(|c| c.split_once('.').unwrap_or_default().1).collect();
            let create = format!("CREATE UNIQUE INDEX {} ON {table} ({})", constraint.index(), columns.join(", "));
            for schema in
                schemas.iter().chain(customers.iter()).filter(|s| s.contains(&format!(" {} ", constraint.index())))
            {
                assert!(schema.contains(&create), "{create}");
            }
            assert!(schemas.iter().chain(customers.iter()).filter(|s| s.contains(&create)).count() == 2, "{create}");
        }
    }
}
