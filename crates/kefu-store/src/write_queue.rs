//! Group commit for every write on SQLite.
//!
//! SQLite has one writer at a time and, with `synchronous = FULL`, one fsync per commit: a
//! transaction per request caps durable writes at the disk's fsyncs per second. So write
//! operations queue here, and one task runs everything that queued up while the previous
//! commit was syncing inside a single transaction — each operation inside its own
//! SAVEPOINT, so one failing operation is rolled back alone — then commits once. Every
//! caller is answered only after that commit, so a 200 still means "on disk".
//!
//! PostgreSQL already groups concurrent commits into one WAL flush, and several kefu
//! instances may share it, so there each operation simply runs in its own transaction.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;

use sqlx::pool::PoolConnection;
use sqlx::{AnyConnection, AnyPool, Executor};
use tokio::sync::{mpsc, oneshot};

use crate::{Backend, Store, StoreError};

/// Operations committed together at most.
const MAX_BATCH: usize = 256;
/// Operations waiting at most; beyond, callers wait for room (back-pressure).
const QUEUE_DEPTH: usize = 4096;

/// A boxed future borrowing the connection it runs on.
pub(crate) type OpFuture<'c, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'c>>;

type Boxed = Box<dyn Any + Send>;
type Work = Box<dyn for<'c> FnOnce(&'c mut AnyConnection) -> OpFuture<'c, Boxed> + Send>;

struct Job {
    work: Work,
    reply: oneshot::Sender<Result<Boxed, StoreError>>,
}

/// The sending side; the writer task ends when every clone is dropped.
#[derive(Clone)]
pub(crate) struct WriteQueue {
    sender: mpsc::Sender<Job>,
}

impl WriteQueue {
    /// Starts the writer task on the current runtime.
    pub(crate) fn start(pool: AnyPool) -> Self {
        let (sender, receiver) = mpsc::channel(QUEUE_DEPTH);
        tokio::spawn(write_batches(pool, receiver));
        WriteQueue { sender }
    }
}

impl Store {
    /// Runs `op` inside a write transaction and returns its result once committed: on
    /// SQLite batched with concurrent writes (group commit), on PostgreSQL alone.
    pub(crate) async fn write<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> OpFuture<'c, T> + Send + 'static,
    {
        let Some(queue) = &self.writes else {
            let mut tx = self.begin_write().await?;
            let value = match op(&mut tx).await {
                Ok(value) => value,
                Err(StoreError::RolledBack(value)) => return unbox(value as Box<dyn Any + Send>),
                Err(error) => return Err(error),
            };
            tx.commit().await?;
            return Ok(value);
        };
        let work: Work =
            Box::new(move |conn| Box::pin(async move { op(conn).await.map(|value| Box::new(value) as Boxed) }));
        let (reply, answer) = oneshot::channel();
        let stopped = || StoreError::Unavailable("the database writer has stopped".to_owned());
        queue.sender.send(Job { work, reply }).await.map_err(|_| stopped())?;
        match answer.await.map_err(|_| stopped())? {
            Ok(value) => unbox(value),
            Err(StoreError::RolledBack(value)) => unbox(value as Box<dyn Any + Send>),
            Err(error) => Err(error),
        }
    }
}

fn unbox<T: 'static>(value: Box<dyn Any + Send>) -> Result<T, StoreError> {
    value.downcast::<T>().map(|v| *v).map_err(|_| StoreError::Config("a write answered a value of another type".into()))
}

async fn write_batches(pool: AnyPool, mut receiver: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let batch = std::mem::take(&mut jobs);
        run_batch(&pool, batch).await;
    }
}

async fn run_batch(pool: &AnyPool, batch: Vec<Job>) {
    let failed = |batch: Vec<Job>, error: &StoreError| {
        for job in batch {
            let _ = job.reply.send(Err(shared(error)));
        }
    };
    let mut conn = match pool.acquire().await {
        Ok(conn) => conn,
        Err(error) => return failed(batch, &error.into()),
    };
    if let Err(error) = conn.execute("BEGIN IMMEDIATE").await {
        conn.close_on_drop();
        return failed(batch, &error.into());
    }
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        let outcome = run_job(&mut conn, job.work).await;
        match outcome {
            Ok(result) => outcomes.push((job.reply, result)),
            Err(broken) => {
                // The transaction itself failed (a savepoint could not be set or undone):
                // nothing of this batch can be committed.
                abandon(conn).await;
                let _ = job.reply.send(Err(shared(&broken)));
                for (reply, _) in outcomes {
                    let _ = reply.send(Err(shared(&broken)));
                }
                return;
            }
        }
    }
    match conn.execute("COMMIT").await {
        Ok(_) => {
            for (reply, result) in outcomes {
                let _ = reply.send(result);
            }
        }
        Err(error) => {
            let error = StoreError::from(error);
            abandon(conn).await;
            for (reply, result) in outcomes {
                let _ = reply.send(result.and(Err(shared(&error))));
            }
        }
    }
}

/// Runs one operation inside a savepoint. The outer `Result` fails only when the
/// transaction is unusable; the inner one is the operation's own outcome.
async fn run_job(conn: &mut PoolConnection<sqlx::Any>, work: Work) -> Result<Result<Boxed, StoreError>, StoreError> {
    conn.execute("SAVEPOINT kefu_op").await?;
    let result = work(conn).await;
    if result.is_err() {
        conn.execute("ROLLBACK TO kefu_op").await?;
    }
    conn.execute("RELEASE kefu_op").await?;
    Ok(result)
}

/// Rolls back, and makes sure the connection is not reused whatever state it is in.
async fn abandon(mut conn: PoolConnection<sqlx::Any>) {
    let _ = conn.execute("ROLLBACK").await;
    conn.close_on_drop();
}

/// A copy of an error for each operation of a failed batch.
fn shared(error: &StoreError) -> StoreError {
    match error {
        StoreError::Unavailable(message) => StoreError::Unavailable(message.clone()),
        other => StoreError::Unavailable(format!("the write could not be committed: {other}")),
    }
}

/// Whether writes of `backend` go through a [`WriteQueue`].
pub(crate) fn batches_writes(backend: Backend) -> bool {
    backend == Backend::Sqlite
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

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
                    .write(move |conn| {
                        Box::pin(async move {
                            sqlx::query("INSERT INTO kefu_meta (key, value) VALUES ($1, 'x')")
                                .bind(format!("k{i}"))
                                .execute(&mut *conn)
                                .await?;
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
}
