//! Moves the WAL back into the database file off the writer's thread.
//!
//! SQLite checkpoints by itself inside the commit that passes 1,000 WAL pages, on the
//! writing connection: with one writer thread for every write, each such commit held up
//! every queued write for the copy and its fsync (12% of the writer's time under the
//! presence benchmark). Here a thread of its own checkpoints a few times a second instead
//! (PASSIVE: it never blocks the writer or the readers, and copies what no reader still
//! needs). Under a steady stream of commits such a checkpoint never quite catches up, and
//! the WAL only starts over from its beginning once one has: so the writer keeps SQLite's
//! own checkpoint at a larger WAL, where it finds nearly every page already copied and only
//! finishes the tail — which lets the next write transaction restart the WAL.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use rusqlite::OpenFlags;

use super::sqlite_settings::CHECKPOINT;

/// How often the WAL is checkpointed.
const EVERY: Duration = Duration::from_millis(250);
/// The writer's own automatic checkpoint, in WAL pages (SQLite's default is 1,000).
pub(crate) const WRITER_CHECKPOINT_PAGES: i64 = 4_000;
/// After the WAL starts over, its file is cut back to this size.
pub(crate) const WAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// Checkpoints `path` every [`EVERY`] until `stop`'s sender is dropped (the writer ended).
pub(crate) fn run(path: PathBuf, stop: Receiver<()>) {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match rusqlite::Connection::open_with_flags(&path, flags) {
        Ok(conn) => conn,
        Err(error) => {
            tracing::warn!(%error, "cannot open the checkpointer's connection; SQLite's own checkpoints remain");
            return;
        }
    };
    while let Err(RecvTimeoutError::Timeout) = stop.recv_timeout(EVERY) {
        let checkpointed = conn.query_row(CHECKPOINT, [], |_| Ok(()));
        if let Err(error) = checkpointed {
            tracing::debug!(%error, "WAL checkpoint deferred");
        }
    }
}
