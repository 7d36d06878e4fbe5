//! PostgreSQL's statistics refreshed when a table has grown, by kefu itself.
//!
//! PostgreSQL keeps a prepared statement's generic plan, and the plans of the foreign-key
//! checks its triggers run, until the statistics of a table they read change. A plan made
//! while a table was nearly empty can find one key by reading every row of the tenant:
//! importing 100,000 contacts into a new database, each batch inserted its 500 tags in 3 ms
//! and then spent 135–450 ms, growing with the table, in the foreign-key checks against
//! `contacts` — an index on `tenant_id` alone, `id` filtered row by row
//! (docs/performance.md, "Customers: spreadsheet import"). Autovacuum's ANALYZE replaces
//! such plans, but only after its naptime and thresholds (a minute of an import), and an
//! operator may have turned it off. So kefu ANALYZEs every table whose file has more than
//! doubled since its statistics were taken: after a batch write, the tables the batch
//! grew; once a minute, any. A table is analyzed about log2 of its size times in its
//! life, each time a sample of at most 30,000 rows. SQLite's counterpart is `PRAGMA
//! optimize` (`connect.rs`).

use std::sync::atomic::{AtomicBool, Ordering};

use sqlx::AnyPool;

use super::db::{Conn, Db};
use super::{Backend, Sql, Store};
use crate::StoreError;

/// The tables of kefu's schema (of `only`, when given) whose file has more than twice the
/// pages their statistics counted, and 8 pages more: an empty table is not analyzed for
/// its first row.
fn grown_tables(only: &[&str]) -> Sql {
    let mut sql = Sql::new(
        "SELECT c.relname::text AS name FROM pg_class c \
         WHERE c.relkind = 'r' \
           AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) \
           AND pg_relation_size(c.oid) / current_setting('block_size')::bigint > 2 * greatest(c.relpages, 0) + 8",
    );
    if !only.is_empty() {
        sql.push(" AND c.relname::text IN (");
        for (i, name) in only.iter().enumerate() {
            sql.push(if i == 0 { "" } else { ", " }).bind(*name);
        }
        sql.push(")");
    }
    sql
}

/// A warning the first time ANALYZE is refused (e.g. the database user does not own the
/// tables); later failures only at debug level, so the minute's check does not flood the log.
static WARNED: AtomicBool = AtomicBool::new(false);

/// Analyzes the grown tables; a failure is logged, never answered: the write it follows
/// has committed, and the plans are only slower until autovacuum gets there.
pub(super) async fn analyze_grown(pool: &AnyPool, only: &[&str]) {
    let analyzed = async {
        let mut db = Db(Conn::Pooled(pool.acquire().await?));
        let grown = db.rows(&grown_tables(only), |row| row.text("name")).await?;
        for table in grown {
            // A name from the catalog, quoted as an identifier.
            let statement = format!("ANALYZE \"{}\"", table.replace('"', "\"\""));
            db.execute(&Sql::new(&statement)).await?;
            tracing::debug!(table, "statistics refreshed: the table has doubled since they were taken");
        }
        Ok::<(), StoreError>(())
    };
    if let Err(error) = analyzed.await {
        if WARNED.swap(true, Ordering::Relaxed) {
            tracing::debug!(%error, "could not refresh PostgreSQL's statistics of grown tables");
        } else {
            tracing::warn!(%error, "could not refresh PostgreSQL's statistics of grown tables (ANALYZE); \
                 queries may stay slow until autovacuum analyzes them");
        }
    }
}

/// Once a minute, any grown table (PostgreSQL). Ends with the pool.
pub(super) async fn keep_statistics(pool: AnyPool) {
    let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        every_minute.tick().await;
        if pool.is_closed() {
            return;
        }
        analyze_grown(&pool, &[]).await;
    }
}

impl Store {
    /// After a batch write: refreshes the statistics of those of `tables` it has doubled
    /// (PostgreSQL; nothing on SQLite, whose statistics `PRAGMA optimize` keeps).
    pub(crate) async fn analyze_if_grown(&self, tables: &[&str]) {
        if self.backend() == Backend::Postgres {
            analyze_grown(&self.write_pool, tables).await;
        }
    }
}
