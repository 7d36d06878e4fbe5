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

use super::Sql;
use super::db::{Conn, Db};
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

/// Whether any row is noted for indexing.
const ANY_NOTED: &str = "SELECT 1 WHERE EXISTS (SELECT 1 FROM tickets_search_pending) \
     OR EXISTS (SELECT 1 FROM ticket_replies_search_pending)";

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
        // Most batches (sign-ins, presence, agents) note nothing: one probe of two empty
        // tables instead of four statements.
        if !conn.prepare_cached(ANY_NOTED)?.exists([])? {
            return Ok(());
        }
        for statement in INDEX_PENDING {
            conn.prepare_cached(statement)?.raw_execute()?;
        }
        Ok(())
    }
}

/// The statistics tables and the FTS5 shadow tables whose rows they must not hold: every
/// statement FTS5 runs on its shadow tables is a key or key-range lookup, which SQLite's
/// default estimates plan right, while statistics taken when an index was small make it
/// plan them wrong for as long as the connection lives (connections load statistics with
/// the schema; ANALYZE elsewhere does not reload them). Seen: with `tickets_search_data`
/// counted at 3 rows (statistics taken before a bulk load was indexed), FTS5's
/// `DELETE … WHERE id>=? AND id<=?` of a merged segment used only the lower bound and read
/// the index to its end — 30,000 page reads per merge, ticket creation at 8 a second
/// instead of 650 on one connection, and the "cost grows with the data" of
/// docs/performance.md.
const STATISTICS_TABLES: [&str; 2] = ["sqlite_stat1", "sqlite_stat4"];
const FTS5_SHADOW_TABLES: &str = "SELECT v.name || s.suffix FROM sqlite_schema AS v \
     JOIN (SELECT '_data' AS suffix UNION ALL SELECT '_idx' UNION ALL SELECT '_docsize' \
           UNION ALL SELECT '_config' UNION ALL SELECT '_content') AS s \
     WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'";

/// Removes the statistics of every FTS5 shadow table (see [`STATISTICS_TABLES`]); run
/// when the store connects, before the writer's connection opens (its `cache_size`
/// setting loads the schema), and after each refresh of the statistics.
pub(super) async fn forget_shadow_statistics(db: &mut Db) -> Result<(), StoreError> {
    for table in STATISTICS_TABLES {
        let mut exists = Sql::new("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = ");
        exists.bind(table);
        if db.count(&exists).await? > 0 {
            db.execute(&Sql::new(&format!("DELETE FROM {table} WHERE tbl IN ({FTS5_SHADOW_TABLES})"))).await?;
        }
    }
    Ok(())
}

/// A backlog at least this large (rows copied in by a bulk load, not written through the
/// queue) is compacted once indexed. Indexed in one pass, it leaves FTS5 part-way through
/// merging segments of very different sizes, and later write batches pay for that merge
/// step by step: on 1,000,000 tickets and 5,000,000 replies, creating tickets (32
/// connections) ran at 2,090–2,130/s with a p99 of 260–380 ms, and at 3,230–3,540/s with
/// a p99 of 16–18 ms once `optimize` (20 s) had merged each index into one segment — the
/// same data set, one after the other (docs/performance.md). Writes through the queue grow
/// the indexes a batch at a time, with FTS5's own merging.
const COMPACT_AFTER: u64 = 10_000;

/// Each text index and the table its noted rows wait in.
const INDEXES: [(&str, &str); 2] =
    [("tickets_search", "tickets_search_pending"), ("ticket_replies_search", "ticket_replies_search_pending")];

impl Store {
    /// Indexes the ticket text noted by writers that bypass the write queue (a test's
    /// plain SQL, a bulk load, a file edited offline): every batch of the queue indexes
    /// what is noted, so an empty write is enough; a large backlog is then compacted (see
    /// [`COMPACT_AFTER`]). Run at the end of [`Store::migrate`]; nothing to do on
    /// PostgreSQL.
    pub async fn index_noted_text(&self) -> Result<(), StoreError> {
        if self.backend() != Backend::Sqlite {
            return Ok(());
        }
        // Counted by the operation, which runs before the batch's indexing pass.
        let large = self
            .write(|db| {
                Box::pin(async move {
                    let mut large = Vec::new();
                    for (index, pending) in INDEXES {
                        let noted = Sql::new(&format!("SELECT count(*) AS n FROM {pending}"));
                        if db.count(&noted).await? >= COMPACT_AFTER {
                            large.push(index);
                        }
                    }
                    Ok(Outcome::Commit(large))
                })
            })
            .await?;
        if large.is_empty() {
            return Ok(());
        }
        for index in large {
            let started = std::time::Instant::now();
            let optimize = Sql::new(&format!("INSERT INTO {index} ({index}) VALUES ('optimize')"));
            self.write(move |db| {
                Box::pin(async move {
                    db.execute(&optimize).await?;
                    Ok(Outcome::Commit(()))
                })
            })
            .await?;
            tracing::info!(
                index,
                seconds = started.elapsed().as_secs_f64(),
                "compacted a text index after a bulk load"
            );
        }
        // The compaction rewrote the indexes into the WAL (hundreds of MB at this scale):
        // copied back now, before the server listens, not under its first requests.
        let mut db = Db(Conn::Pooled(self.write_pool.acquire().await?));
        db.execute(&Sql::new("PRAGMA wal_checkpoint(TRUNCATE)")).await?;
        Ok(())
    }
}
