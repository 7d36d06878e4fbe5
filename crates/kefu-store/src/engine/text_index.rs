//! The ticket text indexes (FTS5, SQLite) written once per write batch.
//!
//! FTS5 writes its pending terms out as a new segment at every SAVEPOINT, and the write
//! queue runs each operation inside one: indexed by triggers, every ticket and reply was
//! a one-document segment, written and then merged (37% of the CPU creating tickets,
//! issue #21). Since migration 0022 an insert only notes its rowid in a `*_pending`
//! table; the writer runs [`TextIndex::index_pending`] after the batch's last savepoint
//! and before its COMMIT, so a batch adds one segment per index. Same transaction: a
//! ticket and its index rows commit together or not at all, and an operation rolled back
//! to its savepoint takes its notes with it.

use super::write_queue::Outcome;
use crate::{Backend, Store, StoreError};

/// Whether the noted rows can be looked for: the writer starts before migrations run.
#[derive(Default)]
pub(super) struct TextIndex {
    migrated: bool,
}

/// Indexes the noted rows (in rowid order, which FTS5 appends cheaply), then forgets them.
/// `CROSS JOIN` keeps the notes the outer loop: statistics gathered while the note tables
/// were empty made the planner scan every ticket and probe the notes (measured: the whole
/// gain lost to rowid seeks).
const INDEX_PENDING: [&str; 4] = [
    "INSERT INTO tickets_search (rowid, subject, description) \
     SELECT t.id, t.subject, t.description FROM tickets_search_pending p CROSS JOIN tickets t ON t.id = p.id ORDER BY p.id",
    "DELETE FROM tickets_search_pending",
    "INSERT INTO ticket_replies_search (rowid, message) \
     SELECT r.id, r.message FROM ticket_replies_search_pending p CROSS JOIN ticket_replies r ON r.id = p.id ORDER BY p.id",
    "DELETE FROM ticket_replies_search_pending",
];

impl TextIndex {
    /// Inside the batch's transaction, after every operation's savepoint is released.
    pub(super) fn index_pending(&mut self, conn: &rusqlite::Connection) -> Result<(), StoreError> {
        if !self.migrated {
            let noted = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ticket_replies_search_pending'";
            self.migrated = conn.prepare_cached(noted)?.exists([])?;
            if !self.migrated {
                return Ok(());
            }
        }
        for statement in INDEX_PENDING {
            conn.prepare_cached(statement)?.raw_execute()?;
        }
        Ok(())
    }
}

impl Store {
    /// Indexes the ticket text noted by writers that bypass the write queue (a test's
    /// plain SQL, a file edited offline): every batch of the queue indexes what is noted,
    /// so an empty write is enough. Run at the end of [`Store::migrate`]; nothing to do
    /// on PostgreSQL.
    pub async fn index_noted_text(&self) -> Result<(), StoreError> {
        if self.backend() != Backend::Sqlite {
            return Ok(());
        }
        self.write(|_| Box::pin(async { Ok(Outcome::Commit(())) })).await
    }
}
