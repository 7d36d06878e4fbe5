//! The schema as the database describes it after migrations: what the test that keeps the
//! SQLite and PostgreSQL schemas alike compares (crates/kefu/tests/api/schema.rs).

use super::reads::Cost;
use super::sql::Sql;
use crate::{Backend, Store, StoreError};

/// A column of a table kefu created (migration bookkeeping, SQLite's own tables and the
/// full-text index's virtual and shadow tables and its rows still to index left out).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchemaColumn {
    pub table: String,
    pub column: String,
    /// Whether the column accepts NULL as declared. SQLite lets a primary-key column of an
    /// ordinary table hold NULL unless it says NOT NULL; PostgreSQL never does.
    pub nullable: bool,
    /// Part of the table's primary key.
    pub primary_key: bool,
}

impl Store {
    /// Every column of every table, by table and column name.
    pub async fn schema(&self) -> Result<Vec<SchemaColumn>, StoreError> {
        let query = match self.backend() {
            Backend::Sqlite => Sql::new(
                "SELECT t.name AS table_name, c.name AS column_name, 1 - c.\"notnull\" AS nullable, \
                 CASE WHEN c.pk > 0 THEN 1 ELSE 0 END AS primary_key \
                 FROM pragma_table_list t JOIN pragma_table_info(t.name) c \
                 WHERE t.schema = 'main' AND t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
                 AND t.name <> '_sqlx_migrations' AND t.name NOT LIKE '%\\_search\\_pending' ESCAPE '\\'",
            ),
            Backend::Postgres => Sql::new(
                "SELECT c.table_name::TEXT AS table_name, c.column_name::TEXT AS column_name, \
                 CASE WHEN c.is_nullable = 'YES' THEN 1 ELSE 0 END AS nullable, \
                 CASE WHEN EXISTS (SELECT 1 FROM information_schema.table_constraints k \
                   JOIN information_schema.key_column_usage u ON u.constraint_schema = k.constraint_schema \
                   AND u.constraint_name = k.constraint_name \
                   WHERE k.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema \
                   AND k.table_name = c.table_name AND u.column_name = c.column_name) THEN 1 ELSE 0 END AS primary_key \
                 FROM information_schema.columns c \
                 WHERE c.table_schema = current_schema() AND c.table_name <> '_sqlx_migrations'",
            ),
        };
        let mut columns = self
            .read(Cost::Scan)
            .rows(&query, |row| {
                Ok(SchemaColumn {
                    table: row.text("table_name")?,
                    column: row.text("column_name")?,
                    nullable: row.int("nullable")? == 1,
                    primary_key: row.int("primary_key")? == 1,
                })
            })
            .await?;
        columns.sort();
        Ok(columns)
    }
}
