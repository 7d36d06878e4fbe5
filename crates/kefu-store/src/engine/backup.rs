//! `kefu backup` and `kefu restore` for SQLite: a consistent copy of the database file
//! taken while a server writes to it, and putting such a copy back.
//!
//! The copy is SQLite's online backup API run in a single step: every page is read inside
//! one read transaction, so the copy is the database as of one instant — every write
//! committed before the backup began is in it, nothing half-done is — and in WAL mode
//! that read transaction never blocks the server's writer (a backup in several steps would
//! start over after every write of another connection, and could never finish under a
//! steady load). The copy goes to a temporary file beside the output, is switched out of
//! WAL mode so that it is one self-contained file, passes `PRAGMA integrity_check`, and is
//! only then renamed into place: a failed backup never leaves a partial file behind.
//!
//! A restore goes the other way through the same API, into the target database while
//! holding SQLite's exclusive lock on it: a server still running on it is detected (its
//! connections keep a lock the exclusive one cannot pass) and the restore refused, and a
//! stale `-wal` file left by a crash cannot be replayed over the restored pages.
//!
//! PostgreSQL has its own tools (`pg_dump`, `pg_restore`); see docs/deploy.md.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::Backend;
use crate::StoreError;

/// How long a backup or restore step waits for a lock before giving up.
const LOCK_PATIENCE: Duration = Duration::from_secs(30);

/// What a backup or restore copied.
#[derive(Debug, Clone)]
pub struct CopyReport {
    /// The database file written.
    pub file: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    pub elapsed: Duration,
}

/// The file of a `sqlite://FILE` (or `sqlite:FILE`) URL, without its query string.
pub fn sqlite_file(url: &str) -> Result<PathBuf, StoreError> {
    if Backend::from_url(url)? != Backend::Sqlite {
        return Err(StoreError::Config(format!(
            "kefu backup and kefu restore copy SQLite databases. For PostgreSQL use its own tools:\n  \
             pg_dump --format=custom --file kefu.dump '{url}'\n  \
             pg_restore --clean --if-exists --no-owner --dbname '{url}' kefu.dump\n\
             (see docs/deploy.md, \"Backups and restore\")",
            url = super::redact(url)
        )));
    }
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Err(StoreError::Config(format!("{url} is not a database file: nothing to copy")));
    }
    Ok(PathBuf::from(path))
}

/// Copies the live SQLite database at `database_url` into the new file `output` (replacing
/// an existing file only when `overwrite`). See the module's documentation.
pub fn backup_sqlite(database_url: &str, output: &Path, overwrite: bool) -> Result<CopyReport, StoreError> {
    let started = Instant::now();
    let source_file = sqlite_file(database_url)?;
    if !source_file.is_file() {
        return Err(StoreError::Config(format!("there is no database file at {}", source_file.display())));
    }
    if output.exists() && !overwrite {
        return Err(StoreError::Config(format!(
            "{} exists already: choose another name, or pass --overwrite",
            output.display()
        )));
    }
    // Read-write (never created): in WAL mode even a reader may need to set up the
    // shared-memory file when no server has it open.
    let source = Connection::open_with_flags(&source_file, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    source.busy_timeout(Duration::from_secs(5))?;

    let partial = partial_name(output);
    let copied = copy_into_new_file(&source, &partial);
    drop(source);
    if let Err(error) = copied.and_then(|()| {
        std::fs::rename(&partial, output).map_err(|e| io_error("cannot move the backup into place", output, e))
    }) {
        let _ = std::fs::remove_file(&partial);
        return Err(error);
    }
    sync_directory_of(output);
    let bytes = std::fs::metadata(output).map(|m| m.len()).unwrap_or(0);
    Ok(CopyReport { file: output.to_owned(), bytes, elapsed: started.elapsed() })
}

/// Puts the backup `input` in place of the database at `database_url` (created if
/// missing). Refused while any other connection — a running `kefu serve` — has that
/// database open. See the module's documentation.
pub fn restore_sqlite(input: &Path, database_url: &str) -> Result<CopyReport, StoreError> {
    let started = Instant::now();
    let target_file = sqlite_file(database_url)?;
    if !input.is_file() {
        return Err(StoreError::Config(format!("there is no backup file at {}", input.display())));
    }
    let source = Connection::open_with_flags(input, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    check_integrity(&source, input)?;
    let is_kefu: bool = source.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
        [],
        |row| row.get(0),
    )?;
    if !is_kefu {
        return Err(StoreError::Config(format!("{} is not a kefu database (no migrations table)", input.display())));
    }

    let mut target = Connection::open(&target_file)?;
    // Exclusive from the first read on, for as long as this connection lives: taking it
    // fails at once while another process has the database open.
    target.busy_timeout(Duration::ZERO)?;
    target.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    if let Err(error) = target.execute_batch("BEGIN EXCLUSIVE; COMMIT;") {
        return Err(match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Config(format!(
                    "{} is in use: stop kefu serve (and anything else using it) before restoring",
                    target_file.display()
                ))
            }
            _ => error.into(),
        });
    }
    copy_all_pages(&source, &mut target)?;
    check_integrity(&target, &target_file)?;
    let _: Option<(i64, i64, i64)> =
        target.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).ok();
    drop(target);
    drop(source);
    let bytes = std::fs::metadata(&target_file).map(|m| m.len()).unwrap_or(0);
    Ok(CopyReport { file: target_file, bytes, elapsed: started.elapsed() })
}

/// The backup proper, into a new file at `partial`, made durable before it returns.
fn copy_into_new_file(source: &Connection, partial: &Path) -> Result<(), StoreError> {
    let _ = std::fs::remove_file(partial);
    let mut copy = Connection::open(partial)?;
    copy_all_pages(source, &mut copy)?;
    // One self-contained file, whatever the source's journal mode.
    let _mode: String = copy.query_row("PRAGMA journal_mode = DELETE", [], |row| row.get(0))?;
    check_integrity(&copy, partial)?;
    copy.close().map_err(|(_, error)| StoreError::from(error))?;
    let file = std::fs::File::open(partial).map_err(|e| io_error("cannot reopen", partial, e))?;
    file.sync_all().map_err(|e| io_error("cannot flush", partial, e))
}

/// Every page in one step (one read transaction on the source), retried while a lock is
/// briefly unavailable.
fn copy_all_pages(source: &Connection, target: &mut Connection) -> Result<(), StoreError> {
    let backup = Backup::new(source, target)?;
    let deadline = Instant::now() + LOCK_PATIENCE;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More | StepResult::Busy | StepResult::Locked if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => {
                return Err(StoreError::Unavailable(format!(
                    "the database stayed locked for {} s",
                    LOCK_PATIENCE.as_secs()
                )));
            }
        }
    }
}

fn check_integrity(conn: &Connection, file: &Path) -> Result<(), StoreError> {
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(StoreError::Config(format!("{} fails SQLite's integrity check: {verdict}", file.display())))
    }
}

/// `FILE.partial-PID`, beside `FILE` (so the final rename stays on one file system).
fn partial_name(output: &Path) -> PathBuf {
    let mut name = output.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".partial-{}", std::process::id()));
    output.with_file_name(name)
}

/// Makes the rename durable (best effort: not every file system lets a directory sync).
fn sync_directory_of(file: &Path) {
    let directory = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if let Ok(handle) = std::fs::File::open(directory) {
        let _ = handle.sync_all();
    }
}

fn io_error(what: &str, file: &Path, error: std::io::Error) -> StoreError {
    StoreError::Config(format!("{what} {}: {error}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_sqlite_urls() {
        assert_eq!(sqlite_file("sqlite://kefu.db").ok(), Some(PathBuf::from("kefu.db")));
        assert_eq!(
            sqlite_file("sqlite:///var/lib/kefu/kefu.db?mode=rwc").ok(),
            Some(PathBuf::from("/var/lib/kefu/kefu.db"))
        );
        assert_eq!(sqlite_file("sqlite:kefu.db").ok(), Some(PathBuf::from("kefu.db")));
        assert!(sqlite_file("sqlite::memory:").is_err());
        let postgres = sqlite_file("postgres://u:secret@h/db").unwrap_err().to_string();
        assert!(postgres.contains("pg_dump") && postgres.contains("pg_restore") && !postgres.contains("secret"));
    }

    #[test]
    fn a_backup_restores_and_a_database_in_use_is_not_overwritten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let live = dir.path().join("live.db");
        let conn = Connection::open(&live).expect("open");
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; CREATE TABLE _sqlx_migrations (version INTEGER); \
             CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);",
        )
        .expect("fill");
        let url = format!("sqlite://{}", live.display());
        let copy = dir.path().join("copy.db");
        backup_sqlite(&url, &copy, false).expect("backup while a connection is open");
        assert!(backup_sqlite(&url, &copy, false).is_err(), "an existing output is kept");
        conn.execute("INSERT INTO t VALUES (3)", []).expect("write after the backup");

        let in_use = restore_sqlite(&copy, &url).expect_err("refused while the database is open");
        assert!(in_use.to_string().contains("is in use"), "{in_use}");
        drop(conn);
        restore_sqlite(&copy, &url).expect("restore once nothing uses it");
        let conn = Connection::open(&live).expect("reopen");
        let rows: i64 = conn.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).expect("count");
        assert_eq!(rows, 2, "the database as it was at the backup");
        assert!(
            !dir.path()
                .read_dir()
                .expect("list")
                .any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().contains(".partial-")))
        );
    }
}
