//! The SQLite and PostgreSQL schemas stay alike: after every migration on both, the same
//! tables with the same columns, each nullable on both or on neither. (Both backends run
//! the same SQL text, and `kefu copy` moves every column generically.)

use std::collections::BTreeSet;

use kefu_store::{SchemaColumn, Store, StoreOptions};

use crate::support::postgres::TestDatabase;

async fn migrated(url: &str) -> Vec<SchemaColumn> {
    let store = Store::connect(url, &StoreOptions::default()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let schema = store.schema().await.expect("read the schema");
    store.close().await;
    schema
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_have_the_same_tables_and_columns() {
    let Some(postgres) = TestDatabase::create().await else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = migrated(&format!("sqlite://{}", dir.path().join("kefu.db").display())).await;
    let pg = migrated(&postgres.url).await;
    postgres.drop_database().await;
    for schema in [&sqlite, &pg] {
        assert!(schema.iter().any(|c| c.table == "agents" && c.column == "login_key"), "{schema:?}");
    }

    let names = |schema: &[SchemaColumn]| -> BTreeSet<(String, String)> {
        schema.iter().map(|c| (c.table.clone(), c.column.clone())).collect()
    };
    let (in_sqlite, in_postgres) = (names(&sqlite), names(&pg));
    assert_eq!(
        in_sqlite.difference(&in_postgres).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "columns only SQLite has"
    );
    assert_eq!(
        in_postgres.difference(&in_sqlite).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "columns only PostgreSQL has"
    );

    // Nullability where it compares: a primary-key column is NOT NULL on PostgreSQL
    // whatever it declares, and on SQLite only if it says so (a legacy of SQLite's).
    let differing: Vec<String> = sqlite
        .iter()
        .zip(&pg)
        .filter(|(lite, _)| !lite.primary_key)
        .filter(|(lite, pg)| lite.nullable != pg.nullable)
        .map(|(lite, pg)| {
            format!(
                "{}.{}: nullable on SQLite {}, on PostgreSQL {}",
                lite.table, lite.column, lite.nullable, pg.nullable
            )
        })
        .collect();
    assert!(differing.is_empty(), "{differing:#?}");
    let keys = |schema: &[SchemaColumn]| -> BTreeSet<(String, String)> {
        schema.iter().filter(|c| c.primary_key).map(|c| (c.table.clone(), c.column.clone())).collect()
    };
    assert_eq!(keys(&sqlite), keys(&pg), "the same primary keys");
}
