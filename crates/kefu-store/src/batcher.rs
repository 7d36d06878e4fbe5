//! Group commit for the hot, simple writes (sign-ins, audit entries): items queue up, and
//! one task writes everything that arrived while the previous commit was syncing with a
//! few multi-row statements in a single transaction — one fsync and a handful of
//! statements for many requests, each answered only after the commit.
//!
//! A batch that fails (a bad item among good ones) is written again item by item, so one
//! bad item never fails its neighbours.

use sqlx::{AnyConnection, AnyPool};
use tokio::sync::{mpsc, oneshot};

use crate::connect::begin_write;
use crate::write_queue::OpFuture;
use crate::{Backend, StoreError};

/// Writes a batch inside a transaction; returns one output per item, in order.
pub(crate) type WriteBatch<I, O> = for<'c> fn(&'c mut AnyConnection, &'c [I]) -> OpFuture<'c, Vec<O>>;

type Request<I, O> = (I, oneshot::Sender<Result<O, StoreError>>);

/// The sending side; the writer task ends when every clone is dropped.
pub(crate) struct Batcher<I, O> {
    sender: mpsc::Sender<Request<I, O>>,
}

impl<I, O> Clone for Batcher<I, O> {
    fn clone(&self) -> Self {
        Batcher { sender: self.sender.clone() }
    }
}

impl<I: Send + Sync + 'static, O: Send + 'static> Batcher<I, O> {
    /// Starts the writer task on the current runtime. `max` items at most per batch;
    /// beyond `depth` waiting items, callers wait for room (back-pressure).
    pub(crate) fn start(pool: AnyPool, backend: Backend, max: usize, depth: usize, write: WriteBatch<I, O>) -> Self {
        let (sender, receiver) = mpsc::channel(depth);
        tokio::spawn(run(pool, backend, max, write, receiver));
        Batcher { sender }
    }

    /// Queues an item and waits until it is committed.
    pub(crate) async fn submit(&self, item: I) -> Result<O, StoreError> {
        let (reply, answer) = oneshot::channel();
        let stopped = || StoreError::Unavailable("the database writer has stopped".to_owned());
        self.sender.send((item, reply)).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn run<I, O>(
    pool: AnyPool,
    backend: Backend,
    max: usize,
    write: WriteBatch<I, O>,
    mut receiver: mpsc::Receiver<Request<I, O>>,
) {
    let mut requests = Vec::with_capacity(max);
    while receiver.recv_many(&mut requests, max).await > 0 {
        let (items, replies): (Vec<I>, Vec<_>) = std::mem::take(&mut requests).into_iter().unzip();
        match commit(&pool, backend, write, &items).await {
            Ok(outputs) => {
                for (reply, output) in replies.into_iter().zip(outputs) {
                    let _ = reply.send(Ok(output));
                }
            }
            Err(error) if items.len() == 1 => {
                if let Some(reply) = replies.into_iter().next() {
                    let _ = reply.send(Err(error));
                }
            }
            Err(_) => {
                for (item, reply) in items.chunks(1).zip(replies) {
                    let outcome = commit(&pool, backend, write, item).await;
                    let _ =
                        reply.send(outcome.and_then(|outputs| outputs.into_iter().next().ok_or(StoreError::NotFound)));
                }
            }
        }
    }
}

async fn commit<I, O>(
    pool: &AnyPool,
    backend: Backend,
    write: WriteBatch<I, O>,
    items: &[I],
) -> Result<Vec<O>, StoreError> {
    let mut tx = begin_write(pool, backend).await?;
    let outputs = write(&mut tx, items).await?;
    tx.commit().await?;
    if outputs.len() == items.len() { Ok(outputs) } else { Err(StoreError::NotFound) }
}
