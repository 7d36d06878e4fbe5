//! Reads on SQLite without sqlx (see `db.rs`): read-only rusqlite connections to the same
//! file, used on the calling runtime thread. WAL lets them see every committed write without
//! ever waiting for the writer.
//!
//! Only bounded reads belong here — one agent by primary key, a page found from maintained
//! counts — since they hold the thread while they run. Reads whose cost grows with the data
//! (searches, counts of filtered lists), and PostgreSQL, go through the sqlx pool.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::OpenFlags;

use crate::db::{Columns, Db, embedded_rows};
use crate::sql::Sql;
use crate::{Backend, Store, StoreError};

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
        Db::Pooled(self.reader().acquire().await?).rows(sql, decode).await
    }

    /// Several bounded reads that must agree (a count and the page it locates): one read
    /// transaction, embedded on a SQLite file. See the module's documentation.
    pub(crate) async fn read_snapshot(&self) -> Result<Snapshot, StoreError> {
        match &self.sqlite_reads {
            Some(reads) => match reads.begin() {
                Ok(conn) => Ok(Snapshot { db: Db::Embedded(conn), pool: Some(reads.clone()) }),
                // Busy, as for point reads: wait on the pool's threads instead.
                Err(StoreError::Unavailable(_)) => self.pooled_snapshot().await,
                Err(other) => Err(other),
            },
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
        Ok(Snapshot { db: Db::Transaction(tx), pool: None })
    }
}

/// A read transaction: statements run on [`Snapshot::db`], then [`Snapshot::finish`]. A
/// snapshot dropped unfinished (an error on the way) rolls back and closes its connection.
pub(crate) struct Snapshot {
    pub(crate) db: Db,
    /// Where an embedded connection goes back to.
    pool: Option<Arc<SqliteReads>>,
}

impl Snapshot {
    pub(crate) async fn finish(self) -> Result<(), StoreError> {
        match self.db {
            Db::Embedded(conn) => {
                conn.execute_batch("COMMIT")?;
                if let Some(pool) = self.pool {
                    pool.give_back(conn);
                }
            }
            Db::Transaction(tx) => tx.commit().await?,
            Db::Pooled(_) => {}
        }
        Ok(())
    }
}

/// Read-only connections to one SQLite file, opened on demand and kept for reuse.
pub(crate) struct SqliteReads {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
}

/// Connections kept between reads; more may be open at once, and are closed after use.
const KEPT_CONNECTIONS: usize = 8;
/// How much of the file the readers map (one mapping per connection, sharing the pages).
const READ_MMAP_BYTES: i64 = 128 * 1024 * 1024;

impl SqliteReads {
    /// None for a database that has no file (in memory): another connection would not see it.
    pub(crate) fn for_file(path: &str) -> Option<SqliteReads> {
        (!path.is_empty()).then(|| SqliteReads { path: Path::new(path).to_owned(), idle: Mutex::new(Vec::new()) })
    }

    fn rows<T>(&self, sql: &Sql, decode: impl Fn(&dyn Columns) -> Result<T, StoreError>) -> Result<Vec<T>, StoreError> {
        let conn = self.take()?;
        let result = embedded_rows(&conn, sql, decode);
        self.give_back(conn);
        result
    }

    /// A connection inside a read transaction whose snapshot is already taken (the first
    /// read takes it, and is where SQLite would answer busy). A connection that fails here
    /// is dropped (closed), not pooled.
    fn begin(&self) -> Result<rusqlite::Connection, StoreError> {
        let conn = self.take()?;
        conn.execute_batch("BEGIN")?;
        conn.prepare_cached("SELECT 1 FROM sqlite_master LIMIT 1")?.raw_query().next()?;
        Ok(conn)
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
        // Pages read straight from a shared mapping instead of copied in by pread: ~10%
        // more point reads per second. Capped, as mapped pages count as resident memory.
        conn.pragma_update(None, "mmap_size", READ_MMAP_BYTES)?;
        Ok(conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_in_memory_has_no_embedded_reads() {
        assert!(SqliteReads::for_file("").is_none());
        assert!(SqliteReads::for_file("/tmp/kefu.db").is_some());
    }
}
