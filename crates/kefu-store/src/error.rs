//! What can go wrong in the store, already sorted into what a client must be told.

use kefu_domain::GroupId;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such row in this tenant (or it belongs to another tenant, which is the same).
    #[error("not found")]
    NotFound,
    /// A unique value is taken. `field` is the wire name of the field that collides.
    #[error("{field} {value:?} is already taken")]
    Conflict { field: &'static str, value: String },
    /// A row refers to one that is not there (or no longer): callers that expect it say
    /// what it means; anywhere else it is a bug, like [`StoreError::Database`].
    #[error("foreign key violation: {0}")]
    ForeignKey(String),
    /// Group ids that are not groups of this tenant.
    #[error("unknown support groups {0:?}")]
    UnknownGroups(Vec<GroupId>),
    /// The change would leave the tenant without an active administrator.
    #[error("the last active administrator cannot be demoted, hidden or deleted")]
    LastAdministrator,
    /// The request raced with a change that makes it impossible (e.g. a custom field
    /// removed meanwhile), or hit a count limit; the message says which.
    #[error("{0}")]
    Stale(String),
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
    /// Not an error: a write operation that decided to undo its changes and answer with
    /// this value (a refusal found half-way). `Store::write` turns it back into `Ok`.
    #[error("rolled back")]
    RolledBack(Box<dyn std::any::Any + Send + Sync>),
    /// Anything else: a bug or a corrupt database.
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// The same, from SQLite's own interface (rusqlite: the writer and the embedded reads).
    #[error("database error: {0}")]
    Embedded(rusqlite::Error),
}

impl StoreError {
    /// Undo the operation's writes and answer `value` (see [`StoreError::RolledBack`]).
    pub(crate) fn rolled_back<T: Send + Sync + 'static>(value: T) -> Self {
        StoreError::RolledBack(Box::new(value))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        classify(error)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        let rusqlite::Error::SqliteFailure(failure, message) = &error else {
            return StoreError::Embedded(error);
        };
        let message = message.as_deref().unwrap_or_default();
        match failure.extended_code {
            // SQLITE_CONSTRAINT_UNIQUE and _PRIMARYKEY: "UNIQUE constraint failed: agents.login_key"
            2067 | 1555 => match field_of(message) {
                Some(field) => StoreError::Conflict { field, value: String::new() },
                None => StoreError::Embedded(error),
            },
            // SQLITE_CONSTRAINT_FOREIGNKEY
            787 => StoreError::ForeignKey(message.to_owned()),
            code if is_unavailable_code(Some(&code.to_string()), false) => StoreError::Unavailable(error.to_string()),
            _ => StoreError::Embedded(error),
        }
    }
}

fn classify(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Tls(_) => StoreError::Unavailable(error.to_string()),
        sqlx::Error::Database(db) => {
            if let Some(field) = unique_field(db.as_ref()) {
                return StoreError::Conflict { field, value: String::new() };
            }
            if db.kind() == sqlx::error::ErrorKind::ForeignKeyViolation {
                return StoreError::ForeignKey(db.message().to_owned());
            }
            let postgres = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>().is_some();
            if is_unavailable_code(db.code().as_deref(), postgres) {
                return StoreError::Unavailable(db.message().to_owned());
            }
            StoreError::Database(error)
        }
        _ => StoreError::Database(error),
    }
}

/// Which wire field a unique violation is about: PostgreSQL names the index, SQLite
/// names the columns ("UNIQUE constraint failed: agents.login_key").
fn unique_field(db: &dyn sqlx::error::DatabaseError) -> Option<&'static str> {
    if db.kind() != sqlx::error::ErrorKind::UniqueViolation {
        return None;
    }
    field_of(db.constraint().unwrap_or_else(|| db.message()))
}

/// The wire field a unique index or its columns are about.
fn field_of(detail: &str) -> Option<&'static str> {
    const FIELDS: [(&str, &str); 3] =
        [("login_key", "sPassportName"), ("job_number", "sNum"), ("support_groups", "name")];
    FIELDS.iter().find(|(needle, _)| detail.contains(needle)).map(|(_, field)| *field)
}

/// SQLite (numeric result codes): busy, locked, read-only, I/O error, disk full, cannot
/// open. PostgreSQL (SQLSTATE): classes 08 (connection), 53 (resources), 57 (operator
/// intervention), and 25006 (read-only transaction).
fn is_unavailable_code(code: Option<&str>, postgres: bool) -> bool {
    let Some(code) = code else { return false };
    if postgres {
        return code.starts_with("08") || code.starts_with("53") || code.starts_with("57") || code == "25006";
    }
    code.parse::<i64>().is_ok_and(|sqlite_code| matches!(sqlite_code & 0xff, 5 | 6 | 8 | 10 | 13 | 14))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unavailable_codes() {
        assert!(is_unavailable_code(Some("13"), false), "SQLITE_FULL");
        assert!(is_unavailable_code(Some("1032"), false), "SQLITE_READONLY_DBMOVED");
        assert!(is_unavailable_code(Some("517"), false), "SQLITE_BUSY_SNAPSHOT");
        assert!(!is_unavailable_code(Some("2067"), false), "SQLITE_CONSTRAINT_UNIQUE");
        assert!(is_unavailable_code(Some("53100"), true), "disk_full");
        assert!(is_unavailable_code(Some("57P01"), true), "admin_shutdown");
        assert!(is_unavailable_code(Some("25006"), true));
        assert!(!is_unavailable_code(Some("23505"), true), "unique_violation");
        assert!(!is_unavailable_code(None, false));
    }
}
