//! Set-based multiplication of rows the store wrote: a seed row (one company, contact,
//! ticket, reply… written through the store, so it has every column the real write gives
//! it) is copied `count` times by one `INSERT … SELECT` over a generated series per chunk,
//! with the columns that differ from row to row computed from the row's index `i`. Loading a
//! million rows this way takes seconds to minutes where one write per row takes hours.
//!
//! Both backends run the same text except for the series and zero padding ([`Dialect`]);
//! triggers (SQLite's FTS5 tables) and indexes (PostgreSQL's trigram indexes) are kept by
//! the database as for any insert. Derived rows the store keeps in its own code — the
//! per-block counts — are recounted by [`recount_blocks`], and PostgreSQL's identity
//! sequences moved past the explicit ids by [`finish`].

use anyhow::{Context, Result};
use sqlx::{AnyConnection, Column, Connection, Executor, Row};

/// Rows per transaction: large enough that commits cost nothing, small enough that one
/// chunk's undo and trigram buffers stay in memory.
const CHUNK: i64 = 250_000;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn of(url: &str) -> Self {
        if url.starts_with("postgres") { Dialect::Postgres } else { Dialect::Sqlite }
    }

    /// `expr` (an integer) as text, zero-padded to `width` digits.
    pub fn pad(self, expr: &str, width: usize) -> String {
        match self {
            Dialect::Sqlite => format!("printf('%0{width}d', {expr})"),
            Dialect::Postgres => format!("lpad(CAST({expr} AS TEXT), {width}, '0')"),
        }
    }

    /// A common table expression `s(i)` of the integers `from..to`.
    fn series(self, from: i64, to: i64) -> String {
        match self {
            Dialect::Sqlite => format!(
                "WITH RECURSIVE s(i) AS (SELECT CAST({from} AS INTEGER) UNION ALL SELECT i + 1 FROM s WHERE i < {})",
                to - 1
            ),
            Dialect::Postgres => format!("WITH s(i) AS (SELECT generate_series(CAST({from} AS BIGINT), {}))", to - 1),
        }
    }
}

/// A SQL text literal.
pub fn text(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// A SQL `CASE` choosing `choices[index % len]`.
pub fn choose(index: &str, choices: &[&str]) -> String {
    let arms: String =
        choices.iter().enumerate().map(|(k, choice)| format!(" WHEN {k} THEN {}", text(choice))).collect();
    format!("(CASE ({index}) % {}{arms} END)", choices.len())
}

/// One connection for the bulk statements; on SQLite without fsync (a benchmark's data set
/// is loaded again rather than recovered) and with a large page cache; on both without
/// foreign key checks.
pub struct Bulk {
    pub conn: AnyConnection,
    pub dialect: Dialect,
}

impl Bulk {
    pub async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::of(url);
        let mut conn = AnyConnection::connect(url).await.context("bulk connection")?;
        // Foreign keys unchecked: every copied reference is computed to name a row of the
        // data set (the loader's verify reads them back); checking five million replies'
        // references one by one is most of PostgreSQL's insert time.
        if dialect == Dialect::Postgres {
            conn.execute("SET session_replication_role = replica").await?;
        } else {
            for pragma in [
                "PRAGMA foreign_keys = OFF",
                "PRAGMA synchronous = OFF",
                "PRAGMA cache_size = -4000000",
                "PRAGMA temp_store = MEMORY",
            ] {
                conn.execute(pragma).await?;
            }
        }
        Ok(Bulk { conn, dialect })
    }

    /// Copies the row `seed_id` of `table` for every `i` in `from..to`, `set` giving the
    /// columns that differ (SQL over `i` and `seed.column`); the other columns are the
    /// seed's, `id` included only when `set` names it (otherwise the database numbers them).
    pub async fn multiply(
        &mut self,
        table: &str,
        seed_id: i64,
        from: i64,
        to: i64,
        set: &[(&str, String)],
    ) -> Result<()> {
        let seed = format!("bulk_seed_{table}");
        self.conn.execute(format!("DROP TABLE IF EXISTS {seed}").as_str()).await?;
        self.conn
            .execute(format!("CREATE TEMP TABLE {seed} AS SELECT * FROM {table} WHERE id = {seed_id}").as_str())
            .await?;
        let row = sqlx::query(&format!("SELECT * FROM {seed}")).fetch_one(&mut self.conn).await?;
        let columns: Vec<String> = row
            .columns()
            .iter()
            .map(|c| c.name().to_owned())
            .filter(|c| c != "id" || set.iter().any(|(name, _)| *name == "id"))
            .collect();
        let values: Vec<String> = columns
            .iter()
            .map(|c| set.iter().find(|(name, _)| name == c).map_or_else(|| format!("seed.{c}"), |(_, v)| v.clone()))
            .collect();
        let mut start = from;
        while start < to {
            let end = to.min(start + CHUNK);
            let sql = format!(
                "{} INSERT INTO {table} ({}) SELECT {} FROM s, {seed} seed",
                self.dialect.series(start, end),
                columns.join(", "),
                values.join(", ")
            );
            let mut tx = self.conn.begin().await?;
            tx.execute(sql.as_str()).await.with_context(|| format!("copying {table}"))?;
            tx.commit().await?;
            start = end;
        }
        Ok(())
    }

    /// On PostgreSQL, drops the secondary indexes of `tables` (those no constraint owns) and
    /// answers their definitions for [`Bulk::recreate_indexes`]: building a trigram index
    /// once over all rows is many times faster than growing it row by row. On SQLite none
    /// (its inserts in id order keep the B-trees appending).
    pub async fn drop_indexes(&mut self, tables: &[&str]) -> Result<Vec<String>> {
        if self.dialect != Dialect::Postgres {
            return Ok(Vec::new());
        }
        let list = tables.iter().map(|t| text(t)).collect::<Vec<_>>().join(", ");
        let indexes: Vec<(String, String)> = sqlx::query_as(&format!(
            "SELECT CAST(indexname AS TEXT), indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ({list}) \
             AND indexname NOT IN (SELECT CAST(conname AS TEXT) FROM pg_constraint)"
        ))
        .fetch_all(&mut self.conn)
        .await?;
        for (name, _) in &indexes {
            self.conn.execute(format!("DROP INDEX {name}").as_str()).await?;
        }
        Ok(indexes.into_iter().map(|(_, definition)| definition).collect())
    }

    /// Creates the indexes [`Bulk::drop_indexes`] dropped, with their definitions.
    pub async fn recreate_indexes(&mut self, definitions: &[String]) -> Result<()> {
        if definitions.is_empty() {
            return Ok(());
        }
        self.conn.execute("SET maintenance_work_mem = '1GB'").await?;
        for definition in definitions {
            self.conn.execute(definition.as_str()).await.with_context(|| definition.clone())?;
        }
        Ok(())
    }

    /// Recounts a per-block count table (`contact_id_counts`, `ticket_id_counts`: blocks of
    /// 1,024 ids) of one tenant from its rows; `keys` are the columns besides the block.
    pub async fn recount_blocks(&mut self, counts: &str, table: &str, tenant: i64, keys: &str) -> Result<()> {
        let mut tx = self.conn.begin().await?;
        tx.execute(format!("DELETE FROM {counts} WHERE tenant_id = {tenant}").as_str()).await?;
        tx.execute(
            format!(
                "INSERT INTO {counts} (tenant_id, id_block, {keys}, n) SELECT tenant_id, id / 1024, {keys}, COUNT(*) \
                 FROM {table} WHERE tenant_id = {tenant} GROUP BY tenant_id, id / 1024, {keys}"
            )
            .as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn scalar(&mut self, sql: &str) -> Result<i64> {
        sqlx::query_scalar::<_, i64>(sql).fetch_one(&mut self.conn).await.with_context(|| sql.to_owned())
    }

    pub async fn text_columns(&mut self, sql: &str, columns: &[&str]) -> Result<Vec<String>> {
        let row = sqlx::query(sql).fetch_one(&mut self.conn).await.with_context(|| sql.to_owned())?;
        columns.iter().map(|c| Ok(row.try_get::<String, _>(*c)?)).collect()
    }

    /// After explicit ids: PostgreSQL's identity sequences continue past them (SQLite's
    /// AUTOINCREMENT does so by itself), the tables vacuumed and the planner's statistics taken; SQLite's
    /// write-ahead log is checkpointed into the database.
    pub async fn finish(mut self, tables: &[&str]) -> Result<()> {
        match self.dialect {
            Dialect::Postgres => {
                for table in tables {
                    self.conn
                        .execute(
                            format!(
                                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                            )
                            .as_str(),
                        )
                        .await?;
                }
                // VACUUM as well as ANALYZE: it sets the visibility map, without which the
                // index-only counts (the month search's) visit every row they count, as
                // they would until autovacuum's first pass over the copied rows.
                self.conn.execute("VACUUM ANALYZE").await?;
            }
            Dialect::Sqlite => {
                // The statistics the server keeps (its start-up and hourly refresh, bounded
                // the same way): without them a server's first minutes on a fresh data set
                // plan without statistics, and its start-up refresh holds the writer while
                // it analyzes every table.
                for pragma in
                    ["PRAGMA analysis_limit = 1000", "PRAGMA optimize = 0x10002", "PRAGMA wal_checkpoint(TRUNCATE)"]
                {
                    self.conn.execute(pragma).await?;
                }
            }
        }
        self.conn.close().await?;
        Ok(())
    }
}
