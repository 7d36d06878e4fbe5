//! The read door: `store.read(cost)`, where the cost of a read decides the thread it runs on.
//!
//! On a SQLite file, point reads run on the calling runtime thread, on read-only rusqlite
//! connections to the same file (see `db.rs` for why not sqlx): WAL lets them see every
//! committed write without ever waiting for the writer. Scans, and every read on
//! PostgreSQL, go through sqlx's read pool.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::OpenFlags;

use super::db::{Columns, Conn, Db, count_of, embedded_rows};
use super::sql::Sql;
use super::sqlite_settings;
use crate::{Backend, Store, StoreError};

/// What a read costs, which decides the thread it runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cost {
    /// Bounded whatever the data holds — a row by key, a page located from maintained
    /// counts: microseconds. On a SQLite file it runs on the calling runtime thread, on an
    /// embedded reader (a rare busy answer falls back to the read pool); on PostgreSQL on
    /// the pool.
    Point,
    /// Grows with the data — a search, a count of a filtered list, a whole list: it may
    /// take milliseconds, so it runs on the read pool's threads (sqlx) and never holds a
    /// runtime thread.
    Scan,
}

/// A read about to run; see [`Store::read`].
pub(crate) struct Read<'s> {
    store: &'s Store,
    cost: Cost,
}

impl Store {
    /// The read door: one statement (`rows`, `first`, `count`) or several that must agree
    /// (`snapshot`), on the thread `cost` calls for.
    pub(crate) fn read(&self, cost: Cost) -> Read<'_> {
        Read { store: self, cost }
    }
}

impl Read<'_> {
    /// Every row of one statement, decoded.
    pub(crate) async fn rows<T>(
        self,
        sql: &Sql,
        decode: impl Fn(&dyn Columns) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        if let (Cost::Point, Some(readers)) = (self.cost, &self.store.embedded_readers) {
            match readers.rows(sql, &decode) {
                // Busy (a rare moment, e.g. another process recovering the WAL): wait for
                // it on sqlx's threads below rather than on the runtime's.
                Err(StoreError::Unavailable(_)) => {}
                done => return done,
            }
        }
        Db(Conn::Pooled(self.store.read_pool.acquire().await?)).rows(sql, decode).await
    }

    /// The first row of one statement, decoded, if there is one.
    pub(crate) async fn first<T>(
        self,
        sql: &Sql,
        decode: impl Fn(&dyn Columns) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        Ok(self.rows(sql, decode).await?.into_iter().next())
    }

    /// The number a `SELECT COUNT(*) AS n …` answers.
    pub(crate) async fn count(self, sql: &Sql) -> Result<u64, StoreError> {
        Ok(self.first(sql, count_of).await?.unwrap_or(0))
    }

    /// A read transaction for several statements that must agree (a count and the page it
    /// locates): run them on [`Snapshot::db`], then [`Snapshot::finish`].
    pub(crate) async fn snapshot(self) -> Result<Snapshot, StoreError> {
        if let (Cost::Point, Some(readers)) = (self.cost, &self.store.embedded_readers) {
            match readers.begin() {
                Ok(conn) => return Ok(Snapshot { db: Db(Conn::Embedded(conn)), readers: Some(readers.clone()) }),
                // Busy, as for one statement: wait on the pool's threads instead.
                Err(StoreError::Unavailable(_)) => {}
                Err(other) => return Err(other),
            }
        }
        let mut tx = self.store.read_pool.begin().await?;
        if self.store.backend() == Backend::Postgres {
            // SQLite's WAL gives every read transaction one snapshot; PostgreSQL needs this.
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
        }
        Ok(Snapshot { db: Db(Conn::Transaction(tx)), readers: None })
    }
}

/// A read transaction: statements run on [`Snapshot::db`], then [`Snapshot::finish`]. A
/// snapshot dropped unfinished (an error on the way) rolls back and closes its connection.
pub(crate) struct Snapshot {
    pub(crate) db: Db,
    /// Where an embedded connection goes back to.
    readers: Option<Arc<EmbeddedReaders>>,
}

impl Snapshot {
    pub(crate) async fn finish(self) -> Result<(), StoreError> {
        match self.db.0 {
            Conn::Embedded(conn) => {
                conn.execute_batch("COMMIT")?;
                if let Some(readers) = self.readers {
                    readers.give_back(conn);
                }
            }
            Conn::Transaction(tx) => tx.commit().await?,
            Conn::Pooled(_) => {}
        }
        Ok(())
    }
}

/// Read-only connections to one SQLite file, opened on demand and kept for reuse.
pub(super) struct EmbeddedReaders {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
}

/// Connections kept between reads; more may be open at once, and are closed after use.
const KEPT_CONNECTIONS: usize = 8;

impl EmbeddedReaders {
    pub(super) fn for_file(path: &str) -> EmbeddedReaders {
        EmbeddedReaders { path: Path::new(path).to_owned(), idle: Mutex::new(Vec::new()) }
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
        sqlite_settings::reader(&conn)?;
        Ok(conn)
    }
}
