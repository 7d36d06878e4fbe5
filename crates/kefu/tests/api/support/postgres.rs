//! A fresh PostgreSQL database per test, on the server `KEFU_TEST_POSTGRES_URL` names.
//! Without that variable the PostgreSQL variants are skipped — loudly, once per run —
//! unless `KEFU_TEST_REQUIRE_POSTGRES=1` (set by CI), which makes the skip a failure.

use std::io::Write;
use std::sync::Once;

use sqlx::{AnyConnection, Connection, Executor};

pub struct TestDatabase {
    pub url: String,
    admin_url: String,
    name: String,
}

static SKIP_NOTICE: Once = Once::new();

impl TestDatabase {
    pub async fn create() -> Option<TestDatabase> {
        let Ok(admin_url) = std::env::var("KEFU_TEST_POSTGRES_URL") else {
            assert!(
                std::env::var("KEFU_TEST_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "KEFU_TEST_REQUIRE_POSTGRES=1 but KEFU_TEST_POSTGRES_URL is not set"
            );
            SKIP_NOTICE.call_once(|| {
                // Written past the test harness's output capture, so it is seen.
                let _ = writeln!(
                    std::io::stderr(),
                    "\nkefu tests: KEFU_TEST_POSTGRES_URL is not set — the PostgreSQL variants of the API tests are SKIPPED \
                     (e.g. KEFU_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres)\n"
                );
            });
            return None;
        };
        sqlx::any::install_default_drivers();
        let name = format!("kefu_t_{}_{}", std::process::id(), rand::random::<u64>());
        let mut admin = AnyConnection::connect(&admin_url).await.expect("connect to KEFU_TEST_POSTGRES_URL");
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create a test database");
        let _ = admin.close().await;
        let url = replace_database(&admin_url, &name);
        Some(TestDatabase { url, admin_url, name })
    }

    pub async fn drop_database(self) {
        if let Ok(mut admin) = AnyConnection::connect(&self.admin_url).await {
            let _ = admin.execute(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name).as_str()).await;
            let _ = admin.close().await;
        }
    }
}

/// `postgres://user@host:port/anything?opts` → the same with another database name.
fn replace_database(url: &str, name: &str) -> String {
    let (without_query, query) = match url.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (url, None),
    };
    let scheme_end = without_query.find("://").map_or(0, |i| i + 3);
    let host_part = match without_query[scheme_end..].find('/') {
        Some(slash) => &without_query[..scheme_end + slash],
        None => without_query,
    };
    match query {
        Some(query) => format!("{host_part}/{name}?{query}"),
        None => format!("{host_part}/{name}"),
    }
}
