//! One way to run a statement, whichever driver holds the connection.
//!
//! On SQLite kefu talks to the library through rusqlite, on the calling thread: sqlx's
//! SQLite driver gives every connection a thread of its own and hands each statement and
//! each row across channels, and under load those hand-offs cost far more than SQLite
//! itself (see docs/performance.md). PostgreSQL — and SQLite reads that may run long — go
//! through sqlx. The SQL text (`$N` placeholders, which both accept) and the row decoders
//! ([`Columns`]) are the same for both.
//!
//! A [`Db`] is only ever handed out by one of the two doors (`Store::read`, `Store::write`),
//! so whoever holds one runs on the thread its door chose.

use rusqlite::ToSql;
use sqlx::any::AnyRow;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Row, Transaction};

use super::sql::{Sql, Value};
use crate::StoreError;

/// A row's columns by name, whichever driver read it.
pub(crate) trait Columns {
    fn int(&self, column: &str) -> Result<i64, StoreError>;
    fn opt_int(&self, column: &str) -> Result<Option<i64>, StoreError>;
    fn text(&self, column: &str) -> Result<String, StoreError>;
    fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError>;
}

impl Columns for AnyRow {
    fn int(&self, column: &str) -> Result<i64, StoreError> {
        Ok(self.try_get(column)?)
    }
    fn opt_int(&self, column: &str) -> Result<Option<i64>, StoreError> {
        Ok(self.try_get(column)?)
    }
    fn text(&self, column: &str) -> Result<String, StoreError> {
        Ok(self.try_get(column)?)
    }
    fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        Ok(self.try_get(column)?)
    }
}

/// A rusqlite row with its statement's column names, read once per statement: rusqlite's
/// own lookup by name asks SQLite for every column's name on every call (13% of the agent
/// list's profile).
struct EmbeddedRow<'r, 's> {
    row: &'r rusqlite::Row<'s>,
    names: &'r [String],
}

impl EmbeddedRow<'_, '_> {
    fn get<T: rusqlite::types::FromSql>(&self, column: &str) -> Result<T, StoreError> {
        let index = self
            .names
            .iter()
            .position(|name| name == column)
            .ok_or_else(|| rusqlite::Error::InvalidColumnName(column.to_owned()))?;
        Ok(self.row.get(index)?)
    }
}

impl Columns for EmbeddedRow<'_, '_> {
    fn int(&self, column: &str) -> Result<i64, StoreError> {
        self.get(column)
    }
    fn opt_int(&self, column: &str) -> Result<Option<i64>, StoreError> {
        self.get(column)
    }
    fn text(&self, column: &str) -> Result<String, StoreError> {
        self.get(column)
    }
    fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        self.get(column)
    }
}

/// A connection statements run on, handed out by a door. Outside the engine only its
/// methods are visible: which connection it is, and so which thread runs it, is the
/// door's decision.
pub(crate) struct Db(pub(super) Conn);

pub(super) enum Conn {
    /// SQLite through rusqlite: the writer's connection, or an embedded reader.
    Embedded(rusqlite::Connection),
    /// sqlx: a pooled connection, or a transaction on one.
    Pooled(PoolConnection<Any>),
    Transaction(Transaction<'static, Any>),
}

impl Db {
    /// Every row of `sql`, decoded.
    pub(crate) async fn rows<T>(
        &mut self,
        sql: &Sql,
        decode: impl Fn(&dyn Columns) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let conn = match &mut self.0 {
            Conn::Embedded(conn) => return embedded_rows(conn, sql, decode),
            Conn::Pooled(conn) => &mut **conn,
            Conn::Transaction(tx) => &mut **tx,
        };
        let rows = sql.query().fetch_all(conn).await?;
        rows.iter().map(|row| decode(row)).collect()
    }

    /// The first row of `sql`, decoded, if there is one.
    pub(crate) async fn first<T>(
        &mut self,
        sql: &Sql,
        decode: impl Fn(&dyn Columns) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        Ok(self.rows(sql, decode).await?.into_iter().next())
    }

    /// The number a `SELECT COUNT(*) AS n …` answers (0 when it answers no row).
    pub(crate) async fn count(&mut self, sql: &Sql) -> Result<u64, StoreError> {
        Ok(self.first(sql, count_of).await?.unwrap_or(0))
    }

    /// Runs a statement that returns no rows; answers how many rows it changed.
    pub(crate) async fn execute(&mut self, sql: &Sql) -> Result<u64, StoreError> {
        let conn: &mut AnyConnection = match &mut self.0 {
            Conn::Embedded(conn) => {
                let mut statement = prepare(conn, sql)?;
                return Ok(statement.raw_execute()? as u64);
            }
            Conn::Pooled(conn) => conn,
            Conn::Transaction(tx) => tx,
        };
        Ok(sql.query().execute(conn).await?.rows_affected())
    }
}

/// The one reading of a count: the column `n` of `SELECT COUNT(*) AS n …`, which both
/// backends return as a 64-bit integer.
pub(super) fn count_of(row: &dyn Columns) -> Result<u64, StoreError> {
    Ok(row.int("n")?.max(0) as u64)
}

/// The statement of `sql` with its values bound, from the connection's statement cache.
fn prepare<'c>(conn: &'c rusqlite::Connection, sql: &Sql) -> Result<rusqlite::CachedStatement<'c>, StoreError> {
    let mut statement = conn.prepare_cached(sql.text())?;
    // `$N` placeholders are named parameters to SQLite: bind each by its number.
    for index in 1..=statement.parameter_count() {
        let value = statement
            .parameter_name(index)
            .and_then(|name| name.strip_prefix('$'))
            .and_then(|number| number.parse::<usize>().ok())
            .and_then(|number| sql.values().get(number.wrapping_sub(1)))
            .ok_or_else(|| rusqlite::Error::InvalidParameterName(format!("{index} in {:?}", sql.text())))?;
        let value: &dyn ToSql = match value {
            Value::Int(v) => v,
            Value::Text(v) => v,
        };
        statement.raw_bind_parameter(index, value)?;
    }
    Ok(statement)
}

pub(super) fn embedded_rows<T>(
    conn: &rusqlite::Connection,
    sql: &Sql,
    decode: impl Fn(&dyn Columns) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut statement = prepare(conn, sql)?;
    let names: Vec<String> = statement.column_names().into_iter().map(str::to_owned).collect();
    let mut rows = statement.raw_query();
    let mut decoded = Vec::new();
    while let Some(row) = rows.next()? {
        decoded.push(decode(&EmbeddedRow { row, names: &names })?);
    }
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(sql: &Sql) -> Vec<(i64, String)> {
        let conn = rusqlite::Connection::open_in_memory().expect("open");
        embedded_rows(&conn, sql, |row| Ok((row.int("n")?, row.text("s")?))).expect("read")
    }

    #[test]
    fn placeholders_bind_by_number_not_by_position() {
        let sql = Sql::fixed("SELECT $2 + $1 AS n, $3 || $2 AS s", [1_i64.into(), 10_i64.into(), "x".into()]);
        assert_eq!(pairs(&sql), vec![(11, "x10".to_owned())]);
    }

    #[test]
    fn built_statements_bind_too() {
        let mut sql = Sql::new("SELECT ");
        sql.bind(7_i64).push(" AS n, ").bind("张三").push(" AS s");
        assert_eq!(pairs(&sql), vec![(7, "张三".to_owned())]);
    }

    #[test]
    fn a_missing_value_is_an_error_not_a_null() {
        let conn = rusqlite::Connection::open_in_memory().expect("open");
        let sql = Sql::fixed("SELECT $1 AS n, $2 AS s", [1_i64.into()]);
        assert!(matches!(embedded_rows(&conn, &sql, |_| Ok(())), Err(StoreError::Embedded(_))));
    }

    #[tokio::test]
    async fn execute_counts_changed_rows_and_nulls_bind() {
        let conn = rusqlite::Connection::open_in_memory().expect("open");
        let mut db = Db(Conn::Embedded(conn));
        db.execute(&Sql::new("CREATE TABLE t (a INTEGER, b TEXT)")).await.expect("create");
        let insert =
            Sql::fixed("INSERT INTO t (a, b) VALUES ($1, $2), ($1, $3)", [1_i64.into(), Value::Text(None), "x".into()]);
        assert_eq!(db.execute(&insert).await.expect("insert"), 2);
        let nulls = db.rows(&Sql::new("SELECT b FROM t ORDER BY rowid"), |row| row.opt_text("b")).await.expect("read");
        assert_eq!(nulls, vec![None, Some("x".to_owned())]);
        assert_eq!(db.count(&Sql::new("SELECT COUNT(*) AS n FROM t WHERE b IS NULL")).await.expect("count"), 1);
    }
}
