//! A tiny statement builder: sqlx's `QueryBuilder<Any>` writes `?` placeholders, which
//! PostgreSQL refuses; this one writes `$N`, which both backends accept.

use std::fmt::Write;

use sqlx::Any;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

use crate::Window;

/// A bound value; None is a NULL of the column's type (PostgreSQL wants to know it).
pub(crate) enum Value {
    Int(Option<i64>),
    Text(Option<String>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(Some(v))
    }
}

impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        Value::Int(v)
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(Some(v))
    }
}

impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        Value::Text(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_owned()))
    }
}

#[derive(Default)]
pub(crate) struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Sql { text: text.to_owned(), values: Vec::new() }
    }

    /// A statement whose text already holds its placeholders `$1…$N`.
    pub fn fixed(text: &str, values: impl IntoIterator<Item = Value>) -> Self {
        Sql { text: text.to_owned(), values: values.into_iter().collect() }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn values(&self) -> &[Value] {
        &self.values
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        // Writing to a String cannot fail.
        let _ = write!(self.text, "${}", self.values.len());
        self
    }

    /// Appends `$a, $b, …` for a list (the caller writes the parentheses).
    pub fn bind_list(&mut self, values: impl IntoIterator<Item = i64>) -> &mut Self {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(value);
        }
        self
    }

    /// Appends ` LIMIT $a OFFSET $b` for a page.
    pub fn window(&mut self, window: Window) -> &mut Self {
        let limit = i64::try_from(window.limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(window.offset).unwrap_or(i64::MAX);
        self.push(" LIMIT ").bind(limit).push(" OFFSET ").bind(offset)
    }

    /// Appends `($a, $b, …)`: one row of a multi-row `VALUES`.
    pub fn bind_row(&mut self, values: impl IntoIterator<Item = Value>) -> &mut Self {
        self.push("(");
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(value);
        }
        self.push(")")
    }

    /// The statement for sqlx, its values bound (the engine runs it: see `Db`).
    pub(super) fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        let mut query = sqlx::query(&self.text);
        for value in &self.values {
            query = match value {
                Value::Int(v) => query.bind(*v),
                Value::Text(v) => query.bind(v.as_deref()),
            };
        }
        query
    }
}

/// Bound values one statement may carry on both backends (SQLite takes 32,766, PostgreSQL
/// 65,535).
const MAX_BOUND_VALUES: usize = 30_000;

/// `{head} VALUES (…), (…) {tail}` for `rows`, cut into as few statements as the limit on
/// bound values allows: a batch's rows cost a round trip per statement, not per row. The
/// rows keep their order, within a statement and across them.
pub(crate) fn multi_row_inserts(head: &str, tail: &str, rows: Vec<Vec<Value>>) -> Vec<Sql> {
    let width = rows.first().map_or(1, Vec::len).max(1);
    let per_statement = (MAX_BOUND_VALUES / width).max(1);
    let mut statements = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut sql = Sql::new(head);
        sql.push(" VALUES ");
        for (i, row) in rows.by_ref().take(per_statement).enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind_row(row);
        }
        sql.push(tail);
        statements.push(sql);
    }
    statements
}

/// A `LIKE` pattern matching `needle` anywhere, with `\` as the escape character.
pub(crate) fn contains_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_row_inserts_keep_the_order_and_the_limit() {
        let rows: Vec<Vec<Value>> = (0..7_i64).map(|i| vec![i.into(), format!("r{i}").into()]).collect();
        let statements = multi_row_inserts("INSERT INTO t (a, b)", " RETURNING id", rows);
        assert_eq!(statements.len(), 1);
        assert!(statements[0].text.starts_with("INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"));
        assert!(statements[0].text.ends_with("($13, $14) RETURNING id"));
        let wide: Vec<Vec<Value>> =
            (0..4).map(|_| (0..MAX_BOUND_VALUES / 2).map(|i| (i as i64).into()).collect()).collect();
        let statements = multi_row_inserts("INSERT INTO t", "", wide);
        assert_eq!(statements.iter().map(|s| s.values.len()).collect::<Vec<_>>(), vec![MAX_BOUND_VALUES; 2]);
        assert!(multi_row_inserts("INSERT INTO t", "", Vec::new()).is_empty());
    }

    #[test]
    fn placeholders_are_numbered() {
        let mut sql = Sql::new("SELECT 1 WHERE a = ");
        sql.bind(1_i64).push(" AND b IN (").bind_list([2, 3]).push(")");
        assert_eq!(sql.text, "SELECT 1 WHERE a = $1 AND b IN ($2, $3)");
        assert_eq!(sql.values.len(), 3);
    }

    #[test]
    fn windows_bind_limit_and_offset() {
        let mut sql = Sql::new("SELECT 1");
        sql.window(Window { limit: 100, offset: u64::MAX });
        assert_eq!(sql.text, "SELECT 1 LIMIT $1 OFFSET $2");
        assert!(matches!(sql.values[1], Value::Int(Some(i64::MAX))));
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
        assert_eq!(contains_pattern("张三"), "%张三%");
    }
}
