//! Group commit for every write on SQLite.
//!
//! SQLite has one writer at a time and, with `synchronous = FULL`, one fsync per commit: a
//! transaction per request caps durable writes at the disk's fsyncs per second. So write
//! operations queue here, and one thread runs everything that queued up while the previous
//! commit was syncing inside a single transaction — each operation inside its own
//! SAVEPOINT, so one failing operation is rolled back alone — then commits once. Every
//! caller is answered only after that commit, so a 200 still means "on disk". The thread
//! owns the only write connection (rusqlite, see `db.rs`): an operation's statements run
//! where its transaction is, and a request costs one hand-off, not one per statement.
//!
//! PostgreSQL already groups concurrent commits into one WAL flush, and several kefu
//! instances may share it, so there each operation simply runs in its own transaction.

use std::any::Any;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::time::Duration;

use rusqlite::OpenFlags;
use sqlx::AnyPool;
use tokio::runtime::Handle;
use tokio::sync::{mpsc, oneshot};

use crate::checkpointer;
use crate::connect::begin_write;
use crate::db::Db;
use crate::sql::Sql;
use crate::{Backend, Store, StoreError};

/// Operations committed together at most.
const MAX_BATCH: usize = 256;
/// Operations waiting at most; beyond, callers wait for room (back-pressure).
const QUEUE_DEPTH: usize = 4096;

/// A boxed future borrowing the connection it runs on.
pub(crate) type OpFuture<'c, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'c>>;

type Boxed = Box<dyn Any + Send>;
type Work = Box<dyn for<'c> FnOnce(&'c mut Db) -> OpFuture<'c, Boxed> + Send>;

pub(crate) struct Job {
    work: Work,
    reply: oneshot::Sender<Result<Boxed, StoreError>>,
}

/// Where write transactions run. Cheap to clone.
#[derive(Clone)]
pub(crate) enum Writer {
    /// SQLite: one thread owns the only write connection and commits what queued up
    /// together; it ends when every clone is dropped.
    Embedded(mpsc::Sender<Job>),
    /// PostgreSQL (and a SQLite database in memory): each operation in its own transaction
    /// on the pool.
    Pooled { pool: AnyPool, backend: Backend },
}

impl Writer {
    /// For SQLite, starts the writer thread on the database file (the writes of a database
    /// in memory stay on the sqlx pool, its only connection).
    pub(crate) fn start(backend: Backend, pool: AnyPool, file: &str) -> Result<Writer, StoreError> {
        if backend == Backend::Postgres || file.is_empty() {
            return Ok(Writer::Pooled { pool, backend });
        }
        let conn = open_writer(Path::new(file))?;
        let (sender, receiver) = mpsc::channel(QUEUE_DEPTH);
        let runtime = Handle::current();
        let cannot_start =
            |e: std::io::Error| StoreError::Unavailable(format!("cannot start the database writer: {e}"));
        // The checkpointer stops when the writer ends and drops `writer_alive`.
        let (writer_alive, stop_checkpoints) = std::sync::mpsc::channel::<()>();
        let database = Path::new(file).to_owned();
        std::thread::Builder::new()
            .name("kefu-sqlite-checkpoint".to_owned())
            .spawn(move || checkpointer::run(database, stop_checkpoints))
            .map_err(cannot_start)?;
        std::thread::Builder::new()
            .name("kefu-sqlite-writer".to_owned())
            .spawn(move || {
                let _alive = writer_alive;
                write_batches(conn, runtime, receiver)
            })
            .map_err(cannot_start)?;
        Ok(Writer::Embedded(sender))
    }

    /// Runs `op` inside a write transaction and returns its result once committed: on
    /// SQLite batched with concurrent writes (group commit), on PostgreSQL alone.
    pub(crate) async fn write<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Db) -> OpFuture<'c, T> + Send + 'static,
    {
        let sender = match self {
            Writer::Embedded(sender) => sender,
            Writer::Pooled { pool, backend } => {
                let mut db = Db::Transaction(begin_write(pool, *backend).await?);
                let value = match op(&mut db).await {
                    Ok(value) => value,
                    Err(StoreError::RolledBack(value)) => return unbox(value as Box<dyn Any + Send>),
                    Err(error) => return Err(error),
                };
                if let Db::Transaction(tx) = db {
                    tx.commit().await?;
                }
                return Ok(value);
            }
        };
        let work: Work =
            Box::new(move |db| Box::pin(async move { op(db).await.map(|value| Box::new(value) as Boxed) }));
        let (reply, answer) = oneshot::channel();
        let stopped = || StoreError::Unavailable("the database writer has stopped".to_owned());
        sender.send(Job { work, reply }).await.map_err(|_| stopped())?;
        match answer.await.map_err(|_| stopped())? {
            Ok(value) => unbox(value),
            Err(StoreError::RolledBack(value)) => unbox(value as Box<dyn Any + Send>),
            Err(error) => Err(error),
        }
    }
}

impl Store {
    /// See [`Writer::write`].
    pub(crate) async fn write<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Db) -> OpFuture<'c, T> + Send + 'static,
    {
        self.writer.write(op).await
    }

    /// One statement as a write of its own; answers how many rows it changed.
    pub(crate) async fn write_statement(&self, statement: Sql) -> Result<u64, StoreError> {
        self.write(move |db| Box::pin(async move { db.execute(&statement).await })).await
    }
}

fn unbox<T: 'static>(value: Box<dyn Any + Send>) -> Result<T, StoreError> {
    value.downcast::<T>().map(|v| *v).map_err(|_| StoreError::Config("a write answered a value of another type".into()))
}

/// The writer's connection: FULL, so a commit is on disk before the client hears 200,
/// even across a power cut. Its page cache is larger than SQLite's 2 MiB default and it
/// reads through a mapping (changes still go to the WAL, never through the map): every
/// write first finds its rows, and the writer is the one connection all writes wait for.
fn open_writer(path: &Path) -> Result<rusqlite::Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = rusqlite::Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
         PRAGMA cache_size = -32768; PRAGMA mmap_size = 134217728;",
    )?;
    conn.pragma_update(None, "wal_autocheckpoint", checkpointer::WRITER_CHECKPOINT_PAGES)?;
    conn.pragma_update(None, "journal_size_limit", checkpointer::WAL_SIZE_LIMIT)?;
    conn.set_prepared_statement_cache_capacity(128);
    Ok(conn)
}

/// The writer thread: everything that queued up while the previous batch ran is one batch.
fn write_batches(conn: rusqlite::Connection, runtime: Handle, mut receiver: mpsc::Receiver<Job>) {
    let path = conn.path().map(Path::new).map(Path::to_owned);
    let mut db = Db::Embedded(conn);
    while let Some(first) = receiver.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        if !run_batch(&mut db, &runtime, batch) {
            // The connection may be stuck in a transaction (e.g. SQLite rolled back by
            // itself on a full disk): start again on a new one, so writes recover once
            // the cause is gone.
            match path.as_deref().map(open_writer) {
                Some(Ok(fresh)) => db = Db::Embedded(fresh),
                Some(Err(error)) => tracing::error!(%error, "could not reopen the database writer"),
                None => {}
            }
        }
    }
}

/// Runs a batch in one transaction, each operation in its own savepoint, and answers
/// every caller. False when the connection is left in doubt.
fn run_batch(db: &mut Db, runtime: &Handle, batch: Vec<Job>) -> bool {
    let failed = |batch: Vec<Job>, error: &StoreError| {
        for job in batch {
            let _ = job.reply.send(Err(shared(error)));
        }
    };
    if let Err(error) = control(db, "BEGIN IMMEDIATE") {
        failed(batch, &error);
        return false;
    }
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        match run_job(db, runtime, job.work) {
            Ok(result) => outcomes.push((job.reply, result)),
            Err(broken) => {
                // The transaction itself failed (a savepoint could not be set or undone):
                // nothing of this batch can be committed.
                let _ = control(db, "ROLLBACK");
                let _ = job.reply.send(Err(shared(&broken)));
                for (reply, _) in outcomes {
                    let _ = reply.send(Err(shared(&broken)));
                }
                return false;
            }
        }
    }
    match control(db, "COMMIT") {
        Ok(()) => {
            for (reply, result) in outcomes {
                let _ = reply.send(result);
            }
            true
        }
        Err(error) => {
            let _ = control(db, "ROLLBACK");
            for (reply, result) in outcomes {
                let _ = reply.send(result.and(Err(shared(&error))));
            }
            false
        }
    }
}

/// Runs one operation inside a savepoint. The outer `Result` fails only when the
/// transaction is unusable; the inner one is the operation's own outcome. The operation's
/// statements run on this thread, so its future completes without waiting on anything.
/// An operation that panics (a bug) fails its batch instead of ending the writer thread,
/// which would leave the server unable to write.
fn run_job(db: &mut Db, runtime: &Handle, work: Work) -> Result<Result<Boxed, StoreError>, StoreError> {
    control(db, "SAVEPOINT kefu_op")?;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| runtime.block_on(work(&mut *db))))
        .map_err(|_| StoreError::Config("a write operation panicked; its batch was rolled back".into()))?;
    if result.is_err() {
        control(db, "ROLLBACK TO kefu_op")?;
    }
    control(db, "RELEASE kefu_op")?;
    Ok(result)
}

/// A transaction-control statement (prepared once, like the operations' own).
fn control(db: &mut Db, statement: &str) -> Result<(), StoreError> {
    match db {
        Db::Embedded(conn) => {
            conn.prepare_cached(statement)?.raw_execute()?;
            Ok(())
        }
        _ => Err(StoreError::Config("the writer runs on an embedded connection".into())),
    }
}

/// A copy of an error for each operation of a failed batch.
fn shared(error: &StoreError) -> StoreError {
    match error {
        StoreError::Unavailable(message) => StoreError::Unavailable(message.clone()),
        other => StoreError::Unavailable(format!("the write could not be committed: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use crate::sql::Sql;
    use crate::{Store, StoreError, StoreOptions};

    /// Operations committed together stay independent: a failing one is undone alone,
    /// a rolled-back one answers its value and leaves nothing, the others all land.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn operations_in_one_batch_succeed_or_fail_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("kefu.db").display());
        let store = Store::connect(&url, &StoreOptions::default()).await.expect("connect");
        store.migrate().await.expect("migrate");

        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..60_i64 {
            let store = store.clone();
            tasks.spawn(async move {
                let outcome = store
                    .write(move |db| {
                        Box::pin(async move {
                            let insert = Sql::fixed(
                                "INSERT INTO kefu_meta (key, value) VALUES ($1, 'x')",
                                [format!("k{i}").into()],
                            );
                            db.execute(&insert).await?;
                            match i % 3 {
                                0 => Ok(i),
                                1 => Err(StoreError::Stale(format!("op {i} fails"))),
                                _ => Err(StoreError::rolled_back(-i)),
                            }
                        })
                    })
                    .await;
                (i, outcome)
            });
        }
        while let Some(done) = tasks.join_next().await {
            let (i, outcome) = done.expect("task");
            match i % 3 {
                0 => assert_eq!(outcome.ok(), Some(i)),
                1 => assert!(matches!(outcome, Err(StoreError::Stale(_)))),
                _ => assert_eq!(outcome.ok(), Some(-i)),
            }
        }
        let rows = sqlx::query("SELECT key FROM kefu_meta ORDER BY key").fetch_all(store.reader()).await.expect("read");
        let keys: Vec<String> = rows.iter().map(|r| r.try_get(0).unwrap_or_default()).collect();
        assert_eq!(keys.len(), 20, "only the successful operations' writes remain: {keys:?}");
        assert!(keys.iter().all(|k| k[1..].parse::<i64>().is_ok_and(|n| n % 3 == 0)));
    }

    /// A panicking operation (a bug) fails, and the writer goes on serving the next ones.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_operation_does_not_stop_the_writer() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("kefu.db").display());
        let store = Store::connect(&url, &StoreOptions::default()).await.expect("connect");
        store.migrate().await.expect("migrate");
        let insert = |key: &str| Sql::fixed("INSERT INTO kefu_meta (key, value) VALUES ($1, 'x')", [key.into()]);

        let (before, after) = (insert("before-panic"), insert("after-panic"));
        let panicked = store
            .write(move |db| {
                Box::pin(async move {
                    db.execute(&before).await?;
                    if !before.text().is_empty() {
                        panic!("a bug in a write operation");
                    }
                    Ok(())
                })
            })
            .await;
        assert!(panicked.is_err(), "{panicked:?}");
        store.write(move |db| Box::pin(async move { db.execute(&after).await })).await.expect("the writer goes on");

        let rows = sqlx::query("SELECT key FROM kefu_meta ORDER BY key").fetch_all(store.reader()).await.expect("read");
        let keys: Vec<String> = rows.iter().map(|r| r.try_get(0).unwrap_or_default()).collect();
        assert!(keys.contains(&"after-panic".to_owned()), "{keys:?}");
        assert!(!keys.contains(&"before-panic".to_owned()), "the panicking operation left nothing: {keys:?}");
    }
}
