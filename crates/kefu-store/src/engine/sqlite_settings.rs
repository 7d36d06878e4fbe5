//! Every setting kefu gives SQLite, in one place, by the connection that gets it.
//!
//! | connection | settings | why |
//! |---|---|---|
//! | the first one, once | `journal_mode = WAL` | readers go on while the writer commits; switching needs an exclusive lock, so before the pools open |
//! | sqlx's pools (migrations, statistics, scans, busy fallbacks) | `synchronous = FULL`, `foreign_keys = ON`, `busy_timeout = 5000` | a commit is on disk before the client hears 200, even across a power cut |
//! | the writer thread's | the same, a 32 MiB page cache, a 128 MiB mapping, a WAL checkpoint every 4,000 pages, the WAL cut back to 64 MiB | every write first finds its rows, and all writes wait for this one connection |
//! | an embedded reader | `busy_timeout` 20 ms, a 128 MiB mapping | a busy point read falls back to the pool; pages read from a shared mapping instead of copied in |
//! | the checkpointer's | none (it runs `wal_checkpoint(PASSIVE)`) | see `checkpointer.rs` |
//! | hourly, on the write pool | `analysis_limit = 1000`, `optimize = 0x10002`, then the FTS5 shadow tables' statistics removed | query statistics (see `connect.rs`, `text_index.rs`) |
//! | the process, before any connection | no memory statistics | see [`without_memory_statistics`] |

use std::ffi::c_int;
use std::sync::Once;
use std::time::Duration;

use super::checkpointer::{WAL_SIZE_LIMIT, WRITER_CHECKPOINT_PAGES};

/// Set once, on a connection of its own, before the pools open.
pub(super) const JOURNAL_MODE: &str = "PRAGMA journal_mode = WAL";

/// Every connection of sqlx's pools.
pub(super) const POOLED: [&str; 3] =
    ["PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000"];

/// Refreshes the query planner's statistics (bounded work; see `connect.rs`).
pub(super) const REFRESH_STATISTICS: [&str; 2] = ["PRAGMA analysis_limit = 1000", "PRAGMA optimize = 0x10002"];

/// What the checkpointer runs: copies what no reader still needs, never waits.
pub(super) const CHECKPOINT: &str = "PRAGMA wal_checkpoint(PASSIVE)";

/// How much of the file a connection maps.
const MMAP_BYTES: i64 = 128 * 1024 * 1024;

/// The writer thread's connection: FULL, so a commit is on disk before the client hears
/// 200, even across a power cut. Its page cache is larger than SQLite's 2 MiB default and
/// it reads through a mapping (changes still go to the WAL, never through the map): every
/// write first finds its rows, and the writer is the one connection all writes wait for.
pub(super) fn writer(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;")?;
    conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
    conn.pragma_update(None, "wal_autocheckpoint", WRITER_CHECKPOINT_PAGES)?;
    conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)?;
    conn.set_prepared_statement_cache_capacity(128);
    Ok(())
}

/// An embedded reader (read-only, used on the calling runtime thread).
pub(super) fn reader(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    // Short: a busy read falls back to the pool, which may wait longer off this thread.
    conn.busy_timeout(Duration::from_millis(20))?;
    conn.set_prepared_statement_cache_capacity(32);
    // Pages read straight from a shared mapping instead of copied in by pread: ~10%
    // more point reads per second. Capped, as mapped pages count as resident memory.
    conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
    Ok(())
}

/// SQLite keeps process-wide allocation statistics by default (SQLITE_CONFIG_MEMSTATUS),
/// updating them under one global mutex on every allocation: with connections on many
/// threads, waits on that mutex were a top entry of the list benchmark's profile. kefu
/// reads none of those statistics, so they are turned off before the first connection.
pub(super) fn without_memory_statistics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: an integer option, set before this process opens its first SQLite
        // connection (every connection is opened after this Once). Were SQLite already
        // initialised, it would only answer SQLITE_MISUSE and change nothing.
        let _ = unsafe { rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0 as c_int) };
    });
}
