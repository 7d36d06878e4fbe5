//! `kefu copy`: moving a whole installation from SQLite to PostgreSQL.
//!
//! Both schemas are column for column identical (integers and text only), so every table
//! is copied generically: the tables of the source in creation order (which is foreign-key
//! order), keyed by rowid, in batches, into a migrated and empty target, in one target
//! transaction — a failed copy leaves the target as empty as it was. Identity sequences
//! are moved past the copied ids, and row counts are compared at the end.
//!
//! It belongs to the engine: it works on tables rather than aggregates, and holds one
//! transaction on the target while it reads the source.

use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};

use super::db::{Conn, Db};
use super::sql::Sql;
use crate::{Backend, Store, StoreError};

/// Rows read and written per statement.
const BATCH: i64 = 500;

/// How a table's copy went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedTable {
    pub table: String,
    pub source_rows: u64,
    pub target_rows: u64,
}

/// What the caller hears while copying: `(table, rows copied, rows in all)`.
pub trait CopyProgress {
    fn table_started(&mut self, table: &str, rows: u64);
    fn rows_copied(&mut self, table: &str, copied: u64);
    fn table_finished(&mut self, table: &str);
}

/// A column of the target and whether it holds integers.
struct Column {
    name: String,
    integer: bool,
}

impl Store {
    /// Copies every row of `self` (SQLite) into `target` (PostgreSQL). Both must be
    /// migrated to the same version; the target must hold no tenants yet.
    pub async fn copy_into(
        &self,
        target: &Store,
        progress: &mut dyn CopyProgress,
    ) -> Result<Vec<CopiedTable>, StoreError> {
        if self.backend() != Backend::Sqlite || target.backend() != Backend::Postgres {
            return Err(StoreError::Config("kefu copy moves a SQLite installation into PostgreSQL".into()));
        }
        let versions = |store: &Store| {
            let pool = store.read_pool.clone();
            async move {
                let rows = sqlx::query("SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version")
                    .fetch_all(&pool)
                    .await?;
                rows.iter().map(|r| r.try_get::<i64, _>(0)).collect::<Result<Vec<_>, _>>()
            }
        };
        if versions(self).await? != versions(target).await? {
            return Err(StoreError::Config("source and target are at different migration versions".into()));
        }
        if count_rows(&target.read_pool, "tenants").await? > 0 {
            return Err(StoreError::Config("the target database already has data; copy into an empty one".into()));
        }

        let tables = source_tables(self).await?;
        let mut tx = target.write_pool.begin().await?;
        let mut report = Vec::new();
        for table in &tables {
            let columns = target_columns(&mut tx, table).await?;
            if columns.is_empty() {
                continue; // e.g. an SQLite-only index table: nothing to move.
            }
            let has_id = columns.iter().any(|c| c.name == "id");
            let total = count_rows(&self.read_pool, table).await?;
            progress.table_started(table, total);
            let copied = copy_table(self, &mut tx, table, &columns, progress).await?;
            progress.table_finished(table);
            if has_id {
                advance_identity(&mut tx, table).await?;
            }
            report.push(CopiedTable { table: table.clone(), source_rows: total, target_rows: copied });
        }
        tx.commit().await?;

        for entry in &mut report {
            entry.target_rows = count_rows(&target.read_pool, &entry.table).await?;
        }
        Ok(report)
    }
}

/// The rows of `table`.
async fn count_rows(pool: &AnyPool, table: &str) -> Result<u64, StoreError> {
    Db(Conn::Pooled(pool.acquire().await?)).count(&Sql::new(&format!("SELECT COUNT(*) AS n FROM {table}"))).await
}

/// The source's tables in creation order, without SQLite's and sqlx's own.
async fn source_tables(source: &Store) -> Result<Vec<String>, StoreError> {
    let rows = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         AND name <> '_sqlx_migrations' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY rowid",
    )
    .fetch_all(&source.read_pool)
    .await?;
    Ok(rows.iter().map(|r| r.try_get::<String, _>(0)).collect::<Result<_, _>>()?)
}

async fn target_columns(tx: &mut Transaction<'static, Any>, table: &str) -> Result<Vec<Column>, StoreError> {
    let rows = sqlx::query(
        "SELECT column_name::TEXT, data_type::TEXT FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| {
            let data_type: String = r.try_get(1)?;
            Ok(Column { name: r.try_get(0)?, integer: matches!(data_type.as_str(), "bigint" | "integer" | "smallint") })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(StoreError::from)
}

async fn copy_table(
    source: &Store,
    tx: &mut Transaction<'static, Any>,
    table: &str,
    columns: &[Column],
    progress: &mut dyn CopyProgress,
) -> Result<u64, StoreError> {
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let select = format!(
        "SELECT rowid AS kefu_rowid, {} FROM {table} WHERE rowid > $1 ORDER BY rowid LIMIT $2",
        names.join(", ")
    );
    let mut after = 0_i64;
    let mut copied = 0_u64;
    loop {
        let rows = sqlx::query(&select).bind(after).bind(BATCH).fetch_all(&source.read_pool).await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get("kefu_rowid")?;
        let mut insert = Sql::new(&format!("INSERT INTO {table} ({}) VALUES ", names.join(", ")));
        for (i, row) in rows.iter().enumerate() {
            insert.push(if i == 0 { "(" } else { ", (" });
            push_values(&mut insert, row, columns)?;
            insert.push(")");
        }
        insert.query().execute(&mut **tx).await?;
        copied += rows.len() as u64;
        progress.rows_copied(table, copied);
    }
    Ok(copied)
}

fn push_values(insert: &mut Sql, row: &AnyRow, columns: &[Column]) -> Result<(), StoreError> {
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            insert.push(", ");
        }
        if column.integer {
            match row.try_get::<Option<i64>, _>(column.name.as_str())? {
                Some(value) => insert.bind(value),
                None => insert.push("NULL"),
            };
        } else {
            match row.try_get::<Option<String>, _>(column.name.as_str())? {
                Some(value) => insert.bind(value),
                None => insert.push("NULL"),
            };
        }
    }
    Ok(())
}

/// Identity columns (`id`) continue after the copied ids, so new rows do not collide.
async fn advance_identity(tx: &mut Transaction<'static, Any>, table: &str) -> Result<(), StoreError> {
    let row = sqlx::query("SELECT pg_get_serial_sequence($1, 'id')::TEXT").bind(table).fetch_one(&mut **tx).await?;
    if let Some(sequence) = row.try_get::<Option<String>, _>(0)? {
        let query =
            format!("SELECT setval($1::regclass, COALESCE(MAX(id), 1), MAX(id) IS NOT NULL)::BIGINT FROM {table}");
        sqlx::query(&query).bind(sequence).fetch_one(&mut **tx).await?;
    }
    Ok(())
}
