//! kefu's storage: one [`Store`] over SQLite (the embedded default) or PostgreSQL (for
//! several instances on one database).
//!
//! Both backends run the same SQL text: the two schemas are kept column for column
//! identical (integers for flags and instants, text for the rest), placeholders are `$N`
//! (which SQLite accepts too), and the few dialect differences live in [`Backend`].
//! PostgreSQL goes through sqlx; SQLite's writes and bounded reads go through rusqlite on
//! kefu's own threads (`db.rs`, `reads.rs`, `write_queue.rs`), migrations and reads that
//! may run long through sqlx's pool. Correctness never rests on in-process state: uniqueness is enforced by
//! constraints, and rules that span rows (the last administrator) by row locks taken
//! inside transactions, so any number of instances may share one PostgreSQL database.

mod agent_writes;
mod agents;
mod api_keys;
mod audit;
mod backup;
mod batcher;
mod checkpointer;
mod connect;
mod console_sessions;
mod copy;
mod counted_pages;
mod db;
mod error;
mod fields;
mod groups;
mod permissions;
mod plate_states;
mod presence;
mod reads;
mod records;
mod roster;
mod schedules;
mod signin_pages;
mod signin_queue;
mod signins;
mod sql;
mod stats;
mod tenants;
mod write_queue;

pub use agents::{AgentListFilter, AgentOrder};
pub use api_keys::{ApiKeyRecord, TokenLogin};
pub use audit::{AuditEntry, AuditFilter, AuditRecord};
pub use backup::{CopyReport, backup_sqlite, restore_sqlite, sqlite_file};
pub use connect::{Backend, StoreOptions, redact};
pub use console_sessions::{ConsoleSessionRecord, NewConsoleSession};
pub use copy::{CopiedTable, CopyProgress};
pub use error::StoreError;
pub use fields::{FieldChanges, FieldRecord};
pub use records::{AgentRecord, GroupRecord, LoginRecord};
pub use roster::{BoardEntry, RosterEntry, RosterFilter};
pub use schedules::{BatchOutcome, Deletion, ScheduleRecord};
pub use signin_pages::SignInFilter;
pub use signins::{AttachmentRecord, SignInRecord};
pub use stats::StoreStats;
pub use tenants::{NewTenant, TenantAdmin};

use sqlx::AnyPool;

/// The database, whichever backend it is. Cheap to clone (pools are shared).
#[derive(Clone)]
pub struct Store {
    /// On PostgreSQL every write goes through this pool. On SQLite it holds one connection,
    /// used for migrations and statistics only: writes go through `writer`.
    write: AnyPool,
    /// Reads; on PostgreSQL the same pool as `write`.
    read: AnyPool,
    backend: Backend,
    /// Sign-ins wait here to be committed together (group commit).
    signins: signin_queue::SignInQueue,
    /// Audit entries likewise.
    audit: audit::AuditQueue,
    /// Where every other write runs: on SQLite, queued for the writer thread and committed
    /// together.
    writer: write_queue::Writer,
    /// On a SQLite file, point reads run here instead of through `read` (see `reads.rs`).
    sqlite_reads: Option<std::sync::Arc<reads::SqliteReads>>,
}

/// A page of rows and the number of rows matching in all.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: u64,
}

/// `LIMIT` / `OFFSET` of a page.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub limit: u64,
    pub offset: u64,
}

impl From<kefu_domain::paging::PageRequest> for Window {
    fn from(page: kefu_domain::paging::PageRequest) -> Self {
        Window { limit: page.per_page, offset: page.offset() }
    }
}

impl Store {
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pools, waiting for connections in use to be returned.
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }

    /// Whether the database answers (for readiness checks).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }
}
pub use plate_states::ReplaceStates;
pub use presence::{PresenceChange, SetPresence};
