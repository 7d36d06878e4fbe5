//! Sorting the drivers' errors into [`StoreError`]s.

use crate::{StoreError, UniqueConstraint};

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
            2067 | 1555 => match sqlite_constraint(message) {
                Some(constraint) => StoreError::Conflict { constraint, value: String::new() },
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
            if let Some(constraint) = unique_constraint(db.as_ref()) {
                return StoreError::Conflict { constraint, value: String::new() };
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

/// Which constraint a unique violation is about: PostgreSQL names the index, SQLite
/// (through sqlx) only lists the columns in its message.
fn unique_constraint(db: &dyn sqlx::error::DatabaseError) -> Option<UniqueConstraint> {
    if db.kind() != sqlx::error::ErrorKind::UniqueViolation {
        return None;
    }
    match db.constraint() {
        Some(index) => UniqueConstraint::ALL.into_iter().find(|c| c.index() == index),
        None => sqlite_constraint(db.message()),
    }
}

/// The constraint of SQLite's "UNIQUE constraint failed: agents.tenant_id, agents.job_number".
fn sqlite_constraint(message: &str) -> Option<UniqueConstraint> {
    let columns = message.strip_prefix("UNIQUE constraint failed: ")?;
    UniqueConstraint::ALL.into_iter().find(|c| c.sqlite_columns() == columns)
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

    /// SQLite's own messages for each constraint, and one it has no constraint for.
    #[test]
    fn sqlite_messages_name_their_constraint() {
        let conn = rusqlite::Connection::open_in_memory().expect("open");
        conn.execute_batch(include_str!("../../migrations/sqlite/0001_agents.sql")).expect("schema");
        let collide = |sql: &str| StoreError::from(conn.execute_batch(sql).expect_err("a collision"));
        conn.execute_batch(
            "INSERT INTO tenants (id, name, time_zone, created_at) VALUES (1, 't', 'UTC', 0);
             INSERT INTO support_groups (tenant_id, name, created_at, updated_at) VALUES (1, 'g', 0, 0);",
        )
        .expect("a tenant and a group");
        let agent = |login: &str, job: &str| {
            format!(
                "INSERT INTO agents (tenant_id, passport_name, login_key, password_hash, job_number, name, gender, \
                 email, fixnumber, mobile, qq, is_admin, status, group_ids, search_name, search_job_number, \
                 created_at, updated_at) \
                 VALUES (1, '{login}', '{login}', 'h', '{job}', '', 1, '', '', '', '', 0, 1, '', '', '{job}', 0, 0)"
            )
        };
        conn.execute_batch(&agent("a", "1")).expect("an agent");
        let conflicts = [
            (collide(&agent("a", "2")), UniqueConstraint::AgentLogin),
            (collide(&agent("b", "1")), UniqueConstraint::AgentJobNumber),
            (
                collide("INSERT INTO support_groups (tenant_id, name, created_at, updated_at) VALUES (1, 'g', 0, 0)"),
                UniqueConstraint::GroupName,
            ),
        ];
        for (error, expected) in conflicts {
            assert!(matches!(error, StoreError::Conflict { constraint, .. } if constraint == expected), "{error:?}");
        }
        let other = collide(
            "INSERT INTO kefu_meta (key, value) VALUES ('k', 'v'); INSERT INTO kefu_meta (key, value) VALUES ('k', 'v');",
        );
        assert!(matches!(other, StoreError::Embedded(_)), "{other:?}");
    }
}
