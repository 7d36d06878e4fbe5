//! Opening a database from its URL, and running the migrations of its backend.

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, AnyPool, ConnectOptions, Connection, Executor};

use super::db::{Conn, Db};
use super::reads::EmbeddedReaders;
use super::sql::Sql;
use super::sqlite_settings;
use super::text_index;
use super::write_queue::WriteQueue;
use crate::{Store, StoreError, audit, signins};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database a [`Store`] talks to, chosen by the URL's scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Config(format!(
                "unsupported database URL {}: use sqlite://FILE or postgres://USER@HOST/DB",
                redact(url)
            )))
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// Pool settings.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Connections for reads (SQLite) or for everything (PostgreSQL).
    pub max_connections: u32,
    /// How long a request waits for a connection, and start-up for the database.
    pub acquire_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions { max_connections: 8, acquire_timeout: Duration::from_secs(5) }
    }
}

impl Store {
    /// Connects (creating a missing SQLite file) and checks that the database answers,
    /// failing with a clear error, not a hang, when it cannot be reached.
    pub async fn connect(url: &str, options: &StoreOptions) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        if backend == Backend::Sqlite {
            refuse_memory(url)?;
            sqlite_settings::without_memory_statistics();
        }
        let url = match backend {
            Backend::Sqlite => {
                create_private_file(url);
                sqlite_url_creating_file(url)
            }
            Backend::Postgres => url.to_owned(),
        };
        let connect_options: AnyConnectOptions = url
            .parse::<AnyConnectOptions>()
            .map_err(|e| StoreError::Config(format!("invalid database URL {}: {e}", redact(&url))))?
            .disable_statement_logging();
        let unreachable =
            |e: sqlx::Error| StoreError::Unavailable(format!("cannot open the database at {}: {e}", redact(&url)));

        if backend == Backend::Sqlite {
            // Switching to WAL needs an exclusive lock, so it is done once, before the pools exist.
            let mut conn = tokio::time::timeout(options.acquire_timeout, AnyConnection::connect_with(&connect_options))
                .await
                .map_err(|_| StoreError::Unavailable(format!("timed out opening {}", redact(&url))))?
                .map_err(unreachable)?;
            conn.execute(sqlite_settings::JOURNAL_MODE).await.map_err(unreachable)?;
            conn.close().await.map_err(unreachable)?;
        }

        let pool = |max: u32| {
            AnyPoolOptions::new()
                .max_connections(max)
                .acquire_timeout(options.acquire_timeout)
                // No idle or lifetime reaping: sqlx 0.8's reaper task can read a wrapped idle
                // count and spin without yielding (launchbadge/sqlx#3645, fixed only in 0.9) —
                // seen here as a test runtime that could not shut down, one core at 100%. A
                // pool of at most `max_connections` kept open costs little; a broken
                // connection is still found and replaced when it is next used.
                .idle_timeout(None)
                .max_lifetime(None)
                .after_connect(move |conn, _meta| Box::pin(async move { prepare_connection(conn, backend).await }))
                .after_release(|conn, _meta| Box::pin(async move { still_usable(conn).await }))
        };
        match backend {
            Backend::Sqlite => {
                let write_pool = pool(1).connect_with(connect_options.clone()).await.map_err(unreachable)?;
                let read_pool =
                    pool(options.max_connections).connect_with(connect_options).await.map_err(unreachable)?;
                // The file as SQLite resolved it.
                let file = Sql::new("SELECT file FROM pragma_database_list WHERE name = 'main'");
                let file = Db(Conn::Pooled(write_pool.acquire().await?)).first(&file, |row| row.text("file")).await?;
                let file =
                    file.filter(|file| !file.is_empty()).ok_or_else(|| StoreError::Config(MEMORY_REFUSED.into()))?;
                // Before the writer opens: its settings load the schema, and the planner's
                // statistics with it, for the connection's life (see `text_index.rs`).
                text_index::forget_shadow_statistics(&mut Db(Conn::Pooled(write_pool.acquire().await?))).await?;
                tokio::spawn(keep_statistics(write_pool.clone()));
                let embedded_readers = Some(Arc::new(EmbeddedReaders::for_file(&file)));
                let write_queue = WriteQueue::start_embedded(&file)?;
                Ok(Store::assemble(backend, write_pool, read_pool, write_queue, embedded_readers))
            }
            Backend::Postgres => {
                let connect = pool(options.max_connections).connect_with(connect_options);
                let shared = tokio::time::timeout(options.acquire_timeout, connect)
                    .await
                    .map_err(|_| StoreError::Unavailable(format!("timed out connecting to {}", redact(&url))))?
                    .map_err(unreachable)?;
                tokio::spawn(super::grown_tables::keep_statistics(shared.clone()));
                let write_queue = WriteQueue::pooled(shared.clone());
                Ok(Store::assemble(backend, shared.clone(), shared, write_queue, None))
            }
        }
    }

    fn assemble(
        backend: Backend,
        write_pool: AnyPool,
        read_pool: AnyPool,
        write_queue: WriteQueue,
        embedded_readers: Option<Arc<EmbeddedReaders>>,
    ) -> Store {
        let signins = signins::queue::start(write_queue.clone());
        let audit = audit::start(write_queue.clone());
        Store { backend, write_pool, read_pool, write_queue, embedded_readers, signins, audit }
    }

    /// Applies the backend's pending migrations. Safe when several instances start at
    /// once: on PostgreSQL sqlx holds an advisory lock while it migrates.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.write_pool).await.map_err(|e| StoreError::Migration(e.to_string()))?;
        self.index_noted_text().await
    }
}

/// Why kefu refuses a SQLite database in memory (see docs/architecture.md).
const MEMORY_REFUSED: &str = "kefu needs a SQLite file, not a database in memory: its writer thread, \
     its readers and its checkpointer each open the file, and a database in memory is private to the \
     connection that made it. Use a file, e.g. sqlite:///tmp/kefu.db (on a tmpfs for throwaway data)";

/// Refuses `sqlite::memory:`, `sqlite://:memory:` and `mode=memory` before anything opens.
fn refuse_memory(url: &str) -> Result<(), StoreError> {
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Err(StoreError::Config(MEMORY_REFUSED.into()));
    }
    Ok(())
}

/// SQLite plans queries from statistics that only ANALYZE gathers; without them it can
/// pick an index that reads a whole table. `PRAGMA optimize` (bounded by
/// `analysis_limit`) refreshes them where they are missing or stale: shortly after
/// start-up (so migrations have run), then every hour. It ends with the pool.
async fn keep_statistics(pool: AnyPool) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    loop {
        every_hour.tick().await;
        if pool.is_closed() {
            return;
        }
        let refreshed = async {
            let mut conn = pool.acquire().await?;
            for statement in sqlite_settings::REFRESH_STATISTICS {
                conn.execute(statement).await?;
            }
            text_index::forget_shadow_statistics(&mut Db(Conn::Pooled(conn))).await?;
            Ok::<(), StoreError>(())
        };
        if let Err(error) = refreshed.await {
            tracing::warn!(%error, "could not refresh SQLite's query statistics");
        }
    }
}

/// Whether a connection may go back to the pool. When a disk-full or I/O error makes
/// SQLite roll a transaction back by itself, sqlx's own ROLLBACK then fails and its count
/// of open transactions stays at one: every later BEGIN on that connection would fail. The
/// ping lets queued rollbacks finish first; a connection still "in a transaction" after it
/// is closed instead of reused, so writes recover once the disk has room again.
async fn still_usable(conn: &mut AnyConnection) -> Result<bool, sqlx::Error> {
    conn.ping().await?;
    Ok(!conn.is_in_transaction())
}

async fn prepare_connection(conn: &mut AnyConnection, backend: Backend) -> Result<(), sqlx::Error> {
    match backend {
        Backend::Sqlite => {
            for statement in sqlite_settings::POOLED {
                conn.execute(statement).await?;
            }
        }
        Backend::Postgres => {
            conn.execute("SET TIME ZONE 'UTC'").await?;
        }
    }
    Ok(())
}

/// `sqlite://kefu.db` creates the file when it is missing, as the issue asks of the
/// default; an explicit `mode=` in the URL is left alone.
/// Creates a missing SQLite database file readable and writable by its owner only (0600,
/// whatever the umask): it holds password hashes and every company's data. SQLite gives
/// the `-wal` and `-shm` files it creates next to it the same permissions. An existing file
/// keeps its own; anything unexpected is left for SQLite to report.
fn create_private_file(url: &str) -> std::path::PathBuf {
    let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let path = std::path::PathBuf::from(path.split('?').next().unwrap_or(""));
    if path.as_os_str().is_empty() || url.contains(":memory:") || url.contains("mode=memory") {
        return path;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let _ = options.open(&path);
    path
}

fn sqlite_url_creating_file(url: &str) -> String {
    if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// A URL with its password replaced, for error messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_by_scheme() {
        assert_eq!(Backend::from_url("sqlite://kefu.db").ok(), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgres://u@h/db").ok(), Some(Backend::Postgres));
        assert!(Backend::from_url("mysql://u@h/db").is_err());
    }

    #[test]
    fn sqlite_files_are_created_unless_a_mode_is_given() {
        assert_eq!(sqlite_url_creating_file("sqlite://kefu.db"), "sqlite://kefu.db?mode=rwc");
        assert_eq!(sqlite_url_creating_file("sqlite://k.db?mode=ro"), "sqlite://k.db?mode=ro");
    }

    #[cfg(unix)]
    #[test]
    fn new_sqlite_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("kefu-private-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a directory");
        let path = create_private_file(&format!("sqlite://{}/k.db?mode=rwc", dir.display()));
        let mode = std::fs::metadata(&path).expect("created").permissions().mode() & 0o777;
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(mode, 0o600);
        assert_eq!(create_private_file("sqlite::memory:"), std::path::PathBuf::from(":memory:"));
    }

    #[test]
    fn databases_in_memory_are_refused() {
        for url in ["sqlite::memory:", "sqlite://:memory:", "sqlite://kefu.db?mode=memory&cache=shared"] {
            assert!(matches!(refuse_memory(url), Err(StoreError::Config(_))), "{url}");
        }
        assert!(refuse_memory("sqlite://kefu.db").is_ok());
    }

    #[tokio::test]
    async fn connecting_to_a_database_in_memory_says_why_not() {
        let refused = Store::connect("sqlite::memory:", &StoreOptions::default()).await.err();
        let message = refused.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("needs a SQLite file, not a database in memory"), "{message}");
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
