//! Reads that run on either backend from one SQL text and one decoder — and, on SQLite,
//! without sqlx.
//!
//! sqlx's SQLite driver gives every connection its own thread and hands each statement and
//! each row across channels: under load most of a point read's cost is those thread
//! switches, not SQLite (see docs/performance.md). A point read on SQLite therefore runs
//! here, on the calling runtime thread, on a pooled read-only rusqlite connection to the same
//! file (the same SQLite library, WAL: it sees every committed write and never waits for
//! the writer). Only bounded reads belong here — one agent by primary key, a page found
//! from maintained counts — since they hold the thread while they run. Reads whose cost
//! grows with the data (searches, counts of filtered lists), and PostgreSQL, go through the
//! sqlx pool.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{OpenFlags, ToSql};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row, Transaction};

use crate::sql::{Sql, Value};
use crate::{Backend, Store, StoreError};

/// A row's columns by name, whichever driver read it.
pub(crate) trait Columns {
    fn int(&self, column: &str) -> Result<i64, StoreError>;
    fn opt_int(&self, column: &str) -> Result<Option<i64>, StoreError>;
    fn text(&self, column: &str) -> Result<String, StoreError>;
    fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError>;
}

impl Columns for AnyRow {
    fn int(&self, column: &str) -> Result<i64, StoreError> {
        Ok(self.try_get(column)?)
    }
    fn opt_int(&self, column: &str) -> Result<Option<i64>, StoreError> {
        Ok(self.try_get(column)?)
    }
    fn text(&self, column: &str) -> Result<String, StoreError> {
        Ok(self.try_get(column)?)
    }
    fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        Ok(self.try_get(column)?)
    }
}

impl Columns for rusqlite::Row<'_> {
    fn int(&self, column: &str) -> Result<i64, StoreError> {
        Ok(self.get(column)?)
    }
    fn opt_int(&self, column: &str) -> Result<Option<i64>, StoreError> {
        Ok(self.get(column)?)
    }
    fn text(&self, column: &str) -> Result<String, StoreError> {
        Ok(self.get(column)?)
    }
    fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        Ok(self.get(column)?)
    }
}

impl Store {
    /// Every row of a bounded read, decoded. See the module's documentation.
    pub(crate) async fn point_read<T>(
        &self,
        sql: &Sql,
        decode: impl Fn(&dyn Columns) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        if let Some(reads) = &self.sqlite_reads {
            match reads.rows(sql, &decode) {
                // Busy (a rare moment, e.g. another process recovering the WAL): wait for
                // it on sqlx's threads below rather than on the runtime's.
                Err(StoreError::Unavailable(_)) => {}
                done => return done,
            }
        }
        let rows = sql.query().fetch_all(self.reader()).await?;
        rows.iter().map(|row| decode(row)).collect()
    }

    /// Several bounded reads that must agree (a count and the page it locates): one read
    /// transaction, embedded on a SQLite file. See the module's documentation.
    pub(crate) async fn read_snapshot(&self) -> Result<Snapshot, StoreError> {
        match &self.sqlite_reads {
            Some(reads) => Ok(Snapshot::Embedded(EmbeddedSnapshot::begin(reads)?)),
            None => self.pooled_snapshot().await,
        }
    }

    /// The same through the sqlx pool, for reads that may take long.
    pub(crate) async fn pooled_snapshot(&self) -> Result<Snapshot, StoreError> {
        let mut tx = self.reader().begin().await?;
        if self.backend() == Backend::Postgres {
            // SQLite's WAL gives every read transaction one snapshot; PostgreSQL needs this.
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
        }
        Ok(Snapshot::Pooled(tx))
    }
}

/// A read transaction: statements run through [`Snapshot::reads`], then [`Snapshot::finish`].
pub(crate) enum Snapshot {
    Embedded(EmbeddedSnapshot),
    Pooled(Transaction<'static, Any>),
}

impl Snapshot {
    pub(crate) fn reads(&mut self) -> Reads<'_> {
        match self {
            Snapshot::Embedded(snapshot) => Reads::Embedded(snapshot.conn.as_mut()),
            Snapshot::Pooled(tx) => Reads::Sqlx(tx),
        }
    }

    pub(crate) async fn finish(self) -> Result<(), StoreError> {
        match self {
            Snapshot::Embedded(snapshot) => snapshot.finish(),
            Snapshot::Pooled(tx) => Ok(tx.commit().await?),
        }
    }
}

/// Where a read's statements run: SQLite's own interface, or any sqlx connection (a
/// snapshot's transaction, or a write transaction reading what it wrote).
pub(crate) enum Reads<'c> {
    /// None only once the snapshot is over.
    Embedded(Option<&'c mut rusqlite::Connection>),
    Sqlx(&'c mut AnyConnection),
}

impl Reads<'_> {
    pub(crate) async fn rows<T>(
        &mut self,
        sql: &Sql,
        decode: impl Fn(&dyn Columns) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        match self {
            Reads::Embedded(Some(conn)) => run(conn, sql, decode),
            Reads::Embedded(None) => Err(StoreError::Config("a read after its snapshot ended".into())),
            Reads::Sqlx(conn) => {
                let rows = sql.query().fetch_all(&mut **conn).await?;
                rows.iter().map(|row| decode(row)).collect()
            }
        }
    }
}

/// A pooled connection inside `BEGIN`; it goes back to the pool when dropped.
pub(crate) struct EmbeddedSnapshot {
    /// Some until dropped.
    conn: Option<rusqlite::Connection>,
    pool: Arc<SqliteReads>,
}

impl EmbeddedSnapshot {
    fn begin(pool: &Arc<SqliteReads>) -> Result<EmbeddedSnapshot, StoreError> {
        let conn = pool.take()?;
        // A connection whose BEGIN fails is dropped (closed), not pooled.
        conn.execute_batch("BEGIN")?;
        Ok(EmbeddedSnapshot { conn: Some(conn), pool: pool.clone() })
    }

    fn finish(self) -> Result<(), StoreError> {
        match &self.conn {
            Some(conn) => Ok(conn.execute_batch("COMMIT")?),
            None => Ok(()),
        }
    }
}

impl Drop for EmbeddedSnapshot {
    fn drop(&mut self) {
        // Ends the transaction whatever happened (after COMMIT there is none); a
        // connection that cannot end it is closed instead of reused.
        if let Some(conn) = self.conn.take()
            && (conn.is_autocommit() || conn.execute_batch("ROLLBACK").is_ok())
        {
            self.pool.give_back(conn);
        }
    }
}

/// Read-only connections to one SQLite file, opened on demand and kept for reuse.
pub(crate) struct SqliteReads {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
}

/// Connections kept between reads; more may be open at once, and are closed after use.
const KEPT_CONNECTIONS: usize = 8;

impl SqliteReads {
    /// None for a database that has no file (in memory): another connection would not see it.
    pub(crate) fn for_file(path: &str) -> Option<SqliteReads> {
        (!path.is_empty()).then(|| SqliteReads { path: Path::new(path).to_owned(), idle: Mutex::new(Vec::new()) })
    }

    fn rows<T>(&self, sql: &Sql, decode: impl Fn(&dyn Columns) -> Result<T, StoreError>) -> Result<Vec<T>, StoreError> {
        let conn = self.take()?;
        let result = run(&conn, sql, decode);
        self.give_back(conn);
        result
    }

    fn take(&self) -> Result<rusqlite::Connection, StoreError> {
        match self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).pop() {
            Some(conn) => Ok(conn),
            None => self.open(),
        }
    }

    fn give_back(&self, conn: rusqlite::Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if idle.len() < KEPT_CONNECTIONS {
            idle.push(conn);
        }
    }

    fn open(&self) -> Result<rusqlite::Connection, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = rusqlite::Connection::open_with_flags(&self.path, flags)?;
        // Short: a busy read falls back to the pool, which may wait longer off this thread.
        conn.busy_timeout(Duration::from_millis(20))?;
        conn.set_prepared_statement_cache_capacity(32);
        Ok(conn)
    }
}

fn run<T>(
    conn: &rusqlite::Connection,
    sql: &Sql,
    decode: impl Fn(&dyn Columns) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut statement = conn.prepare_cached(sql.text())?;
    // `$N` placeholders are named parameters to SQLite: bind each by its number.
    for index in 1..=statement.parameter_count() {
        let value = statement
            .parameter_name(index)
            .and_then(|name| name.strip_prefix('$'))
            .and_then(|number| number.parse::<usize>().ok())
            .and_then(|number| sql.values().get(number.wrapping_sub(1)))
            .ok_or_else(|| rusqlite::Error::InvalidParameterName(format!("{index} in {:?}", sql.text())))?;
        let value: &dyn ToSql = match value {
            Value::Int(v) => v,
            Value::Text(v) => v,
        };
        statement.raw_bind_parameter(index, value)?;
    }
    let mut rows = statement.raw_query();
    let mut decoded = Vec::new();
    while let Some(row) = rows.next()? {
        decoded.push(decode(row)?);
    }
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(sql: &Sql) -> Vec<(i64, String)> {
        let conn = rusqlite::Connection::open_in_memory().expect("open");
        run(&conn, sql, |row| Ok((row.int("n")?, row.text("s")?))).expect("read")
    }

    #[test]
    fn placeholders_bind_by_number_not_by_position() {
        let sql = Sql::fixed("SELECT $2 + $1 AS n, $3 || $2 AS s", [1_i64.into(), 10_i64.into(), "x".into()]);
        assert_eq!(pairs(&sql), vec![(11, "x10".to_owned())]);
    }

    #[test]
    fn built_statements_bind_too() {
        let mut sql = Sql::new("SELECT ");
        sql.bind(7_i64).push(" AS n, ").bind("张三").push(" AS s");
        assert_eq!(pairs(&sql), vec![(7, "张三".to_owned())]);
    }

    #[test]
    fn a_missing_value_is_an_error_not_a_null() {
        let conn = rusqlite::Connection::open_in_memory().expect("open");
        let sql = Sql::fixed("SELECT $1 AS n, $2 AS s", [1_i64.into()]);
        assert!(matches!(run(&conn, &sql, |_| Ok(())), Err(StoreError::Embedded(_))));
    }

    #[test]
    fn a_database_in_memory_has_no_embedded_reads() {
        assert!(SqliteReads::for_file("").is_none());
        assert!(SqliteReads::for_file("/tmp/kefu.db").is_some());
    }
}
