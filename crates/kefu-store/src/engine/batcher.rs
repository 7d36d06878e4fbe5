//! Group commit for the hot, simple writes (sign-ins, audit entries): items queue up, and
//! one task writes everything that arrived while the previous commit was syncing with a
//! few multi-row statements in a single transaction — one fsync and a handful of
//! statements for many requests, each answered only after the commit.
//!
//! A batch that fails (a bad item among good ones) is written again item by item, so one
//! bad item never fails its neighbours.

use std::ops::Range;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::db::Db;
use super::write_queue::{OpFuture, Outcome, WriteQueue};
use crate::StoreError;

/// Writes a batch inside a transaction; returns one output per item, in order. A batch
/// is always committed; a failing one is written again item by item.
pub(crate) type WriteBatch<I, O> = for<'c> fn(&'c mut Db, &'c [I]) -> OpFuture<'c, Vec<O>>;

type Request<I, O> = (I, oneshot::Sender<Result<O, StoreError>>);

/// The sending side; the batching task ends when every clone is dropped.
pub(crate) struct Batcher<I, O> {
    sender: mpsc::Sender<Request<I, O>>,
}

impl<I, O> Clone for Batcher<I, O> {
    fn clone(&self) -> Self {
        Batcher { sender: self.sender.clone() }
    }
}

impl<I: Send + Sync + 'static, O: Send + 'static> Batcher<I, O> {
    /// Starts the batching task on the current runtime. `max` items at most per batch;
    /// beyond `depth` waiting items, callers wait for room (back-pressure).
    pub(crate) fn start(write_queue: WriteQueue, max: usize, depth: usize, write: WriteBatch<I, O>) -> Self {
        let (sender, receiver) = mpsc::channel(depth);
        tokio::spawn(run(write_queue, max, write, receiver));
        Batcher { sender }
    }

    /// Queues an item and waits until it is committed.
    pub(crate) async fn submit(&self, item: I) -> Result<O, StoreError> {
        let (reply, answer) = oneshot::channel();
        let stopped = || StoreError::Unavailable("the database writer has stopped".to_owned());
        self.sender.send((item, reply)).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    /// Items waiting to be written (for metrics).
    pub(crate) fn queued(&self) -> usize {
        self.sender.max_capacity() - self.sender.capacity()
    }
}

async fn run<I: Send + Sync + 'static, O: Send + 'static>(
    write_queue: WriteQueue,
    max: usize,
    write: WriteBatch<I, O>,
    mut receiver: mpsc::Receiver<Request<I, O>>,
) {
    let mut requests = Vec::with_capacity(max);
    while receiver.recv_many(&mut requests, max).await > 0 {
        let (items, replies): (Vec<I>, Vec<_>) = std::mem::take(&mut requests).into_iter().unzip();
        let items: Arc<[I]> = items.into();
        match commit(&write_queue, write, items.clone(), 0..items.len()).await {
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
                for (index, reply) in replies.into_iter().enumerate() {
                    let outcome = commit(&write_queue, write, items.clone(), index..index + 1).await;
                    let _ =
                        reply.send(outcome.and_then(|outputs| outputs.into_iter().next().ok_or(StoreError::NotFound)));
                }
            }
        }
    }
}

/// Writes `items[range]` in one write transaction (on SQLite, the writer's next batch).
async fn commit<I: Send + Sync + 'static, O: Send + 'static>(
    write_queue: &WriteQueue,
    write: WriteBatch<I, O>,
    items: Arc<[I]>,
    range: Range<usize>,
) -> Result<Vec<O>, StoreError> {
    let expected = range.len();
    let outputs = write_queue
        .write(move |db| Box::pin(async move { write(db, &items[range]).await.map(Outcome::Commit) }))
        .await?;
    if outputs.len() == expected { Ok(outputs) } else { Err(StoreError::NotFound) }
}
