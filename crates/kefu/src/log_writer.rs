//! The log's writer: request threads append formatted lines to a shared buffer, and a
//! thread of its own writes the buffer out in batches.
//!
//! Writing each line to stderr on the request's thread cost a system call per request, and
//! a channel to a writer thread (tracing-appender's) still woke that thread for every line:
//! on a two-core machine the wake-ups alone cost more than formatting the line. Here only
//! the line that finds the buffer empty wakes the writer, which then waits a moment for
//! more lines to gather and writes them with one call. Nothing is dropped: when the buffer
//! holds [`CAPACITY`] bytes (stderr's reader has stalled), loggers wait for room. Lines
//! reach stderr at most [`GATHER`] after they are logged; dropping the [`Flusher`] writes
//! out the rest.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use tracing_subscriber::fmt::MakeWriter;

/// Bytes of lines held at most before loggers wait (some 40,000 access-log lines).
const CAPACITY: usize = 8 * 1024 * 1024;
/// How long the writer lets lines gather before writing them.
const GATHER: Duration = Duration::from_millis(2);

#[derive(Default)]
struct State {
    lines: Vec<u8>,
    stopping: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// Lines arrived in an empty buffer, or the writer is to stop.
    arrived: Condvar,
    /// The writer took the buffer: there is room again.
    room: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What the log subscriber writes to. Cheap to clone.
#[derive(Clone)]
pub struct BatchedWriter {
    shared: Arc<Shared>,
    capacity: usize,
}

/// Writes out what is still buffered, and stops the writer thread, when dropped.
pub struct Flusher {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// A writer into `output`, and the guard that flushes it at the end.
pub fn batched<W: Write + Send + 'static>(output: W) -> std::io::Result<(BatchedWriter, Flusher)> {
    with_capacity(output, CAPACITY)
}

fn with_capacity<W: Write + Send + 'static>(output: W, capacity: usize) -> std::io::Result<(BatchedWriter, Flusher)> {
    let shared = Arc::new(Shared::default());
    let writer_side = shared.clone();
    let thread = std::thread::Builder::new()
        .name("kefu-log-writer".to_owned())
        .spawn(move || write_batches(&writer_side, output))?;
    Ok((BatchedWriter { shared: shared.clone(), capacity }, Flusher { shared, thread: Some(thread) }))
}

fn write_batches<W: Write>(shared: &Shared, mut output: W) {
    let mut batch = Vec::with_capacity(64 * 1024);
    loop {
        let mut state = shared.lock();
        while state.lines.is_empty() && !state.stopping {
            state = shared.arrived.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        if state.lines.is_empty() {
            return; // stopping, and everything is written
        }
        let stopping = state.stopping;
        drop(state);
        if !stopping {
            std::thread::sleep(GATHER);
        }
        std::mem::swap(&mut shared.lock().lines, &mut batch);
        shared.room.notify_all();
        // A log that cannot be written has nowhere to report it; the lines are lost.
        let _ = output.write_all(&batch).and_then(|()| output.flush());
        batch.clear();
        batch.shrink_to(1024 * 1024);
    }
}

impl BatchedWriter {
    fn append(&self, line: &[u8]) {
        let mut state = self.shared.lock();
        while state.lines.len() >= self.capacity && !state.stopping {
            state = self.shared.room.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        let was_empty = state.lines.is_empty();
        state.lines.extend_from_slice(line);
        drop(state);
        if was_empty {
            self.shared.arrived.notify_one();
        }
    }
}

impl Drop for Flusher {
    fn drop(&mut self) {
        self.shared.lock().stopping = true;
        self.shared.arrived.notify_one();
        self.shared.room.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One log event: the formatter writes its whole line in one call.
pub struct Line<'a>(&'a BatchedWriter);

impl Write for Line<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.append(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for BatchedWriter {
    type Writer = Line<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        Line(self)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    /// An output that can be told to stall, like a pipe nobody reads.
    #[derive(Clone, Default)]
    struct Output {
        written: Arc<Mutex<Vec<u8>>>,
        stalled: Arc<AtomicBool>,
    }

    impl Write for Output {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            while self.stalled.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(1));
            }
            self.written.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Output {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.written.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
        }
    }

    #[test]
    fn every_line_arrives_whole_and_in_order_by_the_end() {
        let output = Output::default();
        let (writer, flusher) = batched(output.clone()).expect("writer thread");
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let writer = writer.clone();
                std::thread::spawn(move || {
                    for n in 0..5_000 {
                        // One call per line, as the log formatter makes.
                        writer.make_writer().write_all(format!("thread {t} line {n}\n").as_bytes()).expect("write");
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("logger");
        }
        drop(flusher);
        let text = output.text();
        assert_eq!(text.lines().count(), 20_000);
        for t in 0..4 {
            let numbers: Vec<usize> = text
                .lines()
                .filter_map(|l| l.strip_prefix(&format!("thread {t} line ")))
                .map(|n| n.parse().expect("a whole line"))
                .collect();
            let in_order = numbers.iter().copied().eq(0..5_000);
            assert!(in_order, "thread {t}'s lines, whole and in order: {} of 5000", numbers.len());
        }
    }

    #[test]
    fn loggers_wait_for_room_when_the_output_stalls_and_lose_nothing() {
        let output = Output::default();
        output.stalled.store(true, Ordering::Relaxed);
        let (writer, flusher) = with_capacity(output.clone(), 64).expect("writer thread");
        let logger = {
            let writer = writer.clone();
            std::thread::spawn(move || {
                for n in 0..100 {
                    writer.make_writer().write_all(format!("line {n:04}\n").as_bytes()).expect("write");
                }
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(!logger.is_finished(), "the logger waits while the output is stalled and the buffer full");
        output.stalled.store(false, Ordering::Relaxed);
        logger.join().expect("logger");
        drop(flusher);
        assert_eq!(output.text().lines().count(), 100, "nothing dropped");
    }
}
