//! How busy the store is, for the server's metrics: connection pools and the queues of
//! writes waiting for SQLite's writer. Read without locks or queries, so a scrape costs
//! nothing the requests would notice.

use super::Store;

/// One reading of the pools and queues.
#[derive(Debug, Clone, Copy, Default)]
pub struct StoreStats {
    /// Open connections of the sqlx read pool (on PostgreSQL, the one shared pool).
    pub read_connections: u32,
    /// Of those, idle ones.
    pub read_idle: usize,
    /// Open connections of the write pool (SQLite: migrations and statistics only; on
    /// PostgreSQL the same pool as reads).
    pub write_connections: u32,
    pub write_idle: usize,
    /// The most connections a pool may open.
    pub max_connections: u32,
    /// Write operations queued for SQLite's writer thread (0 on PostgreSQL, where each
    /// write runs in its own transaction).
    pub write_queue: usize,
    /// Sign-ins waiting to be committed together.
    pub signin_queue: usize,
    /// Audit entries waiting to be committed together.
    pub audit_queue: usize,
}

impl Store {
    pub fn stats(&self) -> StoreStats {
        StoreStats {
            read_connections: self.read_pool.size(),
            read_idle: self.read_pool.num_idle(),
            write_connections: self.write_pool.size(),
            write_idle: self.write_pool.num_idle(),
            max_connections: self.read_pool.options().get_max_connections(),
            write_queue: self.write_queue.depth(),
            signin_queue: self.signins.queued(),
            audit_queue: self.audit.queued(),
        }
    }
}
