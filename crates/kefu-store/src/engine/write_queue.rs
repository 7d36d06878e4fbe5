//! The write door (`store.write(op)`), and group commit for every write on SQLite.
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

use rusqlite::OpenFlags;
use sqlx::AnyPool;
use tokio::runtime::Handle;
use tokio::sync::{mpsc, oneshot};

use super::db::{Conn, Db};
use super::sql::Sql;
use super::text_index::TextIndex;
use super::{checkpointer, sqlite_settings};
use crate::{Store, StoreError};

/// Operations committed together at most.
const MAX_BATCH: usize = 256;
/// Operations waiting at most; beyond, callers wait for room (back-pressure).
const QUEUE_DEPTH: usize = 4096;

/// What a write operation decided, once its statements have run.
#[derive(Debug)]
pub(crate) enum Outcome<T> {
    /// Keep its changes (committed with the rest of its batch) and answer this.
    Commit(T),
    /// Undo its changes and answer this: a refusal found half-way, after some statements
    /// ran (rows locked, defaults written) — not an error.
    RollBack(T),
}

/// A boxed future borrowing the connection it runs on.
pub(crate) type OpFuture<'c, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'c>>;

type Boxed = Box<dyn Any + Send>;
type Work = Box<dyn for<'c> FnOnce(&'c mut Db) -> OpFuture<'c, Outcome<Boxed>> + Send>;

struct Job {
    work: Work,
    reply: oneshot::Sender<Result<Boxed, StoreError>>,
}

/// Where write transactions run. Cheap to clone.
#[derive(Clone)]
pub(crate) struct WriteQueue(Writes);

#[derive(Clone)]
enum Writes {
    /// SQLite: one thread owns the only write connection and commits what queued up
    /// together; it ends when every clone is dropped.
    Embedded(mpsc::Sender<Job>),
    /// PostgreSQL: no queue; each operation in its own transaction on the pool.
    Pooled(AnyPool),
}

impl WriteQueue {
    /// PostgreSQL's: each operation in a transaction of its own on `pool`.
    pub(super) fn pooled(pool: AnyPool) -> WriteQueue {
        WriteQueue(Writes::Pooled(pool))
    }

    /// Starts the writer thread, and the checkpointer beside it, on a SQLite file.
    pub(super) fn start_embedded(file: &str) -> Result<WriteQueue, StoreError> {
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
        Ok(WriteQueue(Writes::Embedded(sender)))
    }

    /// Operations waiting for the writer thread (0 on PostgreSQL, where nothing queues).
    pub(crate) fn depth(&self) -> usize {
        match &self.0 {
            Writes::Embedded(sender) => sender.max_capacity() - sender.capacity(),
            Writes::Pooled(_) => 0,
        }
    }

    /// Runs `op` inside a write transaction and answers once its outcome is settled: on
    /// SQLite batched with concurrent writes (group commit), on PostgreSQL alone. An error
    /// of `op` undoes its changes, as [`Outcome::RollBack`] does.
    pub(crate) async fn write<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Db) -> OpFuture<'c, Outcome<T>> + Send + 'static,
    {
        let sender = match &self.0 {
            Writes::Embedded(sender) => sender,
            Writes::Pooled(pool) => {
                let mut db = Db(Conn::Transaction(pool.begin().await?));
                let outcome = op(&mut db).await?;
                let Db(Conn::Transaction(tx)) = db else {
                    return Err(StoreError::Config("a pooled write runs in a transaction".into()));
                };
                return match outcome {
                    Outcome::Commit(value) => {
                        tx.commit().await?;
                        Ok(value)
                    }
                    Outcome::RollBack(value) => {
                        tx.rollback().await?;
                        Ok(value)
                    }
                };
            }
        };
        let work: Work = Box::new(move |db| {
            Box::pin(async move {
                Ok(match op(db).await? {
                    Outcome::Commit(value) => Outcome::Commit(Box::new(value) as Boxed),
                    Outcome::RollBack(value) => Outcome::RollBack(Box::new(value) as Boxed),
                })
            })
        });
        let (reply, answer) = oneshot::channel();
        let stopped = || StoreError::Unavailable("the database writer has stopped".to_owned());
        sender.send(Job { work, reply }).await.map_err(|_| stopped())?;
        let value = answer.await.map_err(|_| stopped())??;
        value
            .downcast::<T>()
            .map(|v| *v)
            .map_err(|_| StoreError::Config("a write answered a value of another type".into()))
    }
}

impl Store {
    /// The write door: `op` runs its statements inside a write transaction and says whether
    /// they stay ([`Outcome`]); the answer comes once that is on disk. See [`WriteQueue::write`].
    pub(crate) async fn write<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Db) -> OpFuture<'c, Outcome<T>> + Send + 'static,
    {
        self.write_queue.write(op).await
    }

    /// One statement as a write of its own (through [`Store::write`]); answers how many
    /// rows it changed.
    pub(crate) async fn write_statement(&self, statement: Sql) -> Result<u64, StoreError> {
        self.write(move |db| Box::pin(async move { db.execute(&statement).await.map(Outcome::Commit) })).await
    }
}

/// The writer's connection (its settings: `sqlite_settings::writer`).
fn open_writer(path: &Path) -> Result<rusqlite::Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = rusqlite::Connection::open_with_flags(path, flags)?;
    sqlite_settings::writer(&conn)?;
    Ok(conn)
}

/// The writer thread: everything that queued up while the previous batch ran is one batch.
fn write_batches(conn: rusqlite::Connection, runtime: Handle, mut receiver: mpsc::Receiver<Job>) {
    let path = conn.path().map(Path::new).map(Path::to_owned);
    let mut db = Db(Conn::Embedded(conn));
    let mut text_index = TextIndex::default();
    while let Some(first) = receiver.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        if !run_batch(&mut db, &mut text_index, &runtime, batch) {
            // The connection may be stuck in a transaction (e.g. SQLite rolled back by
            // itself on a full disk): start again on a new one, so writes recover once
            // the cause is gone.
            match path.as_deref().map(open_writer) {
                Some(Ok(fresh)) => db = Db(Conn::Embedded(fresh)),
                Some(Err(error)) => tracing::error!(%error, "could not reopen the database writer"),
                None => {}
            }
        }
    }
}

/// Runs a batch in one transaction, each operation in its own savepoint, then indexes the
/// text the batch's kept operations wrote (see `text_index.rs`), and answers every
/// caller. False when the connection is left in doubt.
fn run_batch(db: &mut Db, text_index: &mut TextIndex, runtime: &Handle, batch: Vec<Job>) -> bool {
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
    let committed = embedded(db).and_then(|conn| text_index.index_pending(conn)).and_then(|()| control(db, "COMMIT"));
    match committed {
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
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| runtime.block_on(work(&mut *db))))
        .map_err(|_| StoreError::Config("a write operation panicked; its batch was rolled back".into()))?;
    let (keep, answer) = match outcome {
        Ok(Outcome::Commit(value)) => (true, Ok(value)),
        Ok(Outcome::RollBack(value)) => (false, Ok(value)),
        Err(error) => (false, Err(error)),
    };
    if !keep {
        control(db, "ROLLBACK TO kefu_op")?;
    }
    control(db, "RELEASE kefu_op")?;
    Ok(answer)
}

/// A transaction-control statement (prepared once, like the operations' own).
fn control(db: &mut Db, statement: &str) -> Result<(), StoreError> {
    embedded(db)?.prepare_cached(statement)?.raw_execute()?;
    Ok(())
}

/// The writer's own connection.
fn embedded(db: &Db) -> Result<&rusqlite::Connection, StoreError> {
    match &db.0 {
        Conn::Embedded(conn) => Ok(conn),
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
    use super::Outcome::{Commit, RollBack};
    use crate::engine::{Cost, Sql};
    use crate::{Store, StoreError, StoreOptions};

    async fn keys(store: &Store) -> Vec<String> {
        let keys = Sql::new("SELECT key FROM kefu_meta ORDER BY key");
        store.read(Cost::Scan).rows(&keys, |row| row.text("key")).await.expect("read")
    }

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
                                0 => Ok(Commit(i)),
                                1 => Err(StoreError::Stale(format!("op {i} fails"))),
                                _ => Ok(RollBack(-i)),
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
        let keys = keys(&store).await;
        assert_eq!(keys.len(), 20, "only the committed operations' writes remain: {keys:?}");
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
                    Ok(Commit(()))
                })
            })
            .await;
        assert!(panicked.is_err(), "{panicked:?}");
        store.write_statement(after).await.expect("the writer goes on");

        let keys = keys(&store).await;
        assert!(keys.contains(&"after-panic".to_owned()), "{keys:?}");
        assert!(!keys.contains(&"before-panic".to_owned()), "the panicking operation left nothing: {keys:?}");
    }
}
