//! SQLite's statistics never describe the FTS5 shadow tables: taken while an index was
//! small, they made FTS5's range deletes of merged segments read the index to its end on
//! every merge, for as long as the writer's connection lived (docs/performance.md, ticket
//! creation). Connecting removes them before the writer's connection loads the schema.

use kefu_store::{Store, StoreOptions};
use sqlx::{AnyConnection, Connection, Executor, Row};

/// How a fresh connection plans FTS5's delete of one segment's pages.
async fn delete_plan(url: &str) -> String {
    let mut conn = AnyConnection::connect(url).await.expect("connect");
    let rows = sqlx::query("EXPLAIN QUERY PLAN DELETE FROM ticket_replies_search_data WHERE id >= ? AND id <= ?")
        .bind(1_i64)
        .bind(2_i64)
        .fetch_all(&mut conn)
        .await
        .expect("explain");
    let plan = rows.iter().map(|row| row.get::<String, _>("detail")).collect::<Vec<_>>().join("; ");
    let _ = conn.close().await;
    plan
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statistics_of_small_text_indexes_are_not_kept() {
    sqlx::any::install_default_drivers();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("kefu.db").display());
    let store = Store::connect(&url, &StoreOptions::default()).await.expect("connect");
    store.migrate().await.expect("migrate");
    store.close().await;

    // Statistics taken while the indexes are nearly empty, as `PRAGMA optimize` or a bulk
    // loader takes them: the delete then seeks its lower bound only.
    let mut conn = AnyConnection::connect(&url).await.expect("connect");
    conn.execute("ANALYZE").await.expect("analyze");
    let counted: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'ticket_replies_search_data'")
        .fetch_one(&mut conn)
        .await
        .expect("statistics");
    assert_eq!(counted, 1, "ANALYZE describes the shadow table");
    let _ = conn.close().await;
    assert!(!delete_plan(&url).await.contains("rowid<?"), "the hazard: only the lower bound is used");

    // The next start removes them: both bounds again, whatever the index's size.
    let store = Store::connect(&url, &StoreOptions::default()).await.expect("connect again");
    store.migrate().await.expect("migrate again");
    store.close().await;
    let mut conn = AnyConnection::connect(&url).await.expect("connect");
    let left: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_stat1 WHERE tbl GLOB '*_search_data' OR tbl GLOB '*_search_idx' \
         OR tbl GLOB '*_search_docsize' OR tbl GLOB '*_search_config'",
    )
    .fetch_one(&mut conn)
    .await
    .expect("statistics");
    assert_eq!(left, 0, "no statistics of FTS5 shadow tables are kept");
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'tickets'")
        .fetch_one(&mut conn)
        .await
        .expect("statistics");
    assert!(kept > 0, "the other tables keep theirs");
    let _ = conn.close().await;
    let plan = delete_plan(&url).await;
    assert!(plan.contains("rowid>? AND rowid<?"), "{plan}");
}
