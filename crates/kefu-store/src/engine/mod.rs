//! The engine: everything that talks to a database driver, and the two doors every query
//! of the aggregate modules goes through.
//!
//! An aggregate module builds statements ([`Sql`]), decodes rows by column name
//! ([`Columns`]) and runs them through one of two doors of [`Store`], so the thread a
//! query runs on is named where the query is written:
//!
//! - **`store.read(Cost::Point)` / `store.read(Cost::Scan)`** — one statement (`.rows`,
//!   `.first`, `.count`) or several that must agree (`.snapshot()`). A point read is
//!   bounded and runs on the calling runtime thread on SQLite; a scan goes to the read
//!   pool's threads (see [`Cost`]).
//! - **`store.write(op)`** — `op` runs its statements inside a write transaction and
//!   answers an [`Outcome`]: commit, or roll back and answer anyway. On SQLite it is queued
//!   for the writer thread and committed with the writes queued beside it.
//!
//! Sign-ins and audit entries are written by batchers ([`Batcher`]) that go through the
//! same write door. Nothing outside this module names sqlx or rusqlite (the test below
//! checks it), so a new query cannot pick its thread by accident.
//!
//! Which thread runs what is summed up in docs/architecture.md.

mod backup;
mod batcher;
mod checkpointer;
mod connect;
mod copy;
mod counted_pages;
mod db;
mod driver_errors;
mod grown_tables;
mod reads;
mod schema;
mod sql;
mod sqlite_settings;
mod stats;
mod text_index;
mod write_queue;

use std::sync::Arc;

use sqlx::AnyPool;

pub use backup::{CopyReport, backup_sqlite, restore_sqlite, sqlite_file};
pub use connect::{Backend, StoreOptions, redact};
pub use copy::{CopiedTable, CopyProgress};
pub use schema::SchemaColumn;
pub use stats::StoreStats;

pub(crate) use batcher::Batcher;
pub(crate) use counted_pages::{Counted, ID_BLOCK, IdBlock, id_blocks, locate, push_from_block};
pub(crate) use db::{Columns, Db};
pub(crate) use reads::Cost;
pub(crate) use sql::{Sql, Value, contains_pattern, multi_row_inserts};
pub(crate) use write_queue::{OpFuture, Outcome, WriteQueue};

use crate::StoreError;
use crate::audit::AuditQueue;
use crate::signins::queue::SignInQueue;

/// The database, whichever backend it is. Cheap to clone (pools are shared).
#[derive(Clone)]
pub struct Store {
    backend: Backend,
    /// PostgreSQL: every write transaction, and the pool `read_pool` shares. SQLite: one
    /// connection, for migrations and statistics only — writes go through `write_queue`.
    write_pool: AnyPool,
    /// sqlx's connections for reads: scans, and on PostgreSQL (or when an embedded reader
    /// is busy) point reads too.
    read_pool: AnyPool,
    /// Where write operations run: on SQLite, queued for the writer thread.
    write_queue: WriteQueue,
    /// SQLite: the read-only connections point reads use on the calling thread.
    embedded_readers: Option<Arc<reads::EmbeddedReaders>>,
    /// Sign-ins wait here to be committed together (group commit).
    pub(crate) signins: SignInQueue,
    /// Audit entries likewise.
    pub(crate) audit: AuditQueue,
}

impl Store {
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pools, waiting for connections in use to be returned.
    pub async fn close(&self) {
        self.write_pool.close().await;
        self.read_pool.close().await;
    }

    /// Whether the database answers on sqlx's pool (for readiness checks).
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.read(Cost::Scan).count(&Sql::new("SELECT 1 AS n")).await.map(drop)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Raw driver calls stay inside the engine: no aggregate module names sqlx or
    /// rusqlite (error.rs only names their error types, in `StoreError`).
    #[test]
    fn driver_calls_stay_in_the_engine() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut pending = vec![src.clone()];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).expect("read src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    if path != src.join("engine") {
                        pending.push(path);
                    }
                } else if path != src.join("error.rs") {
                    let text = std::fs::read_to_string(&path).expect("read a source file");
                    if text.contains("sqlx::") || text.contains("rusqlite::") {
                        offenders.push(path.display().to_string());
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "driver calls outside src/engine: {offenders:?}");
    }
}
