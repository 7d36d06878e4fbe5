//! The test harness: each test gets its own kefu server on an ephemeral port with a fresh
//! database — SQLite always, PostgreSQL when `KEFU_TEST_POSTGRES_URL` is set — and talks
//! to it over HTTP like any client.
//!
//! Write a test once with [`backend_tests!`]; it runs on both backends.

// Not every test module uses every helper.
#![allow(dead_code, unused_imports)]

pub mod configs;
pub mod console;
mod http;
pub mod postgres;
pub mod process;

use std::sync::atomic::{AtomicU64, Ordering};

use kefu_server::provision::{self, TenantSpec};
use kefu_server::{Config, serve};
use kefu_store::{Backend, Store, StoreOptions};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub use http::{Reply, Session, oversized_request};

/// The password of every tenant administrator the harness creates.
pub const ADMIN_PASSWORD: &str = "admin-pass-1";
/// The default agent password of every tenant the harness creates.
pub const AGENT_PASSWORD: &str = "agent-pass-1";

/// Runs each test body against a SQLite and a PostgreSQL server:
/// `tests::name::sqlite` and `tests::name::postgres`.
///
/// `backend_tests! { config = EXPR; async fn … }` runs the bodies on servers started with
/// that [`kefu_server::Config`].
#[macro_export]
macro_rules! backend_tests {
    (config = $config:expr; $( $(#[$meta:meta])* async fn $name:ident($app:ident) $body:block )*) => {$(
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($app: &$crate::support::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::support::TestApp::spawn_with(kefu_store::Backend::Sqlite, $config).await
                    .expect("SQLite is always available");
                body(&app).await;
                app.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::support::TestApp::spawn_with(kefu_store::Backend::Postgres, $config).await {
                    body(&app).await;
                    app.finish().await;
                }
            }
        }
    )*};
    ($( $(#[$meta:meta])* async fn $name:ident($app:ident) $body:block )*) => {
        $crate::backend_tests! { config = kefu_server::Config::default(); $( $(#[$meta])* async fn $name($app) $body )* }
    };
}

/// A running server and its database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The database URL.
    pub url: String,
    pub store: Store,
    pub backend: Backend,
    http: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    postgres_db: Option<postgres::TestDatabase>,
    _dir: tempfile::TempDir,
}

static UNIQUE: AtomicU64 = AtomicU64::new(1);

/// A name no other test of this run uses (logins are unique across tenants).
pub fn unique(prefix: &str) -> String {
    format!("{prefix}{}x{}", std::process::id(), UNIQUE.fetch_add(1, Ordering::Relaxed))
}

impl TestApp {
    /// Starts a server on `backend`; None when PostgreSQL is not configured.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, Config::default()).await
    }

    pub async fn spawn_with(backend: Backend, config: Config) -> Option<TestApp> {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, postgres_db) = match backend {
            Backend::Sqlite => (format!("sqlite://{}", dir.path().join("kefu.db").display()), None),
            Backend::Postgres => {
                let db = postgres::TestDatabase::create().await?;
                (db.url.clone(), Some(db))
            }
        };
        Some(Self::start(url, backend, config, postgres_db, dir).await)
    }

    /// Another kefu instance on this one's database, as behind a load balancer.
    pub async fn second_instance(&self) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        Self::start(self.url.clone(), self.backend, Config::default(), None, dir).await
    }

    async fn start(
        url: String,
        backend: Backend,
        config: Config,
        postgres_db: Option<postgres::TestDatabase>,
        dir: tempfile::TempDir,
    ) -> TestApp {
        let store = Store::connect(&url, &StoreOptions::default()).await.expect("connect to the test database");
        store.migrate().await.expect("migrate the test database");

        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind an ephemeral port");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(serve(store.clone(), config, listener, async move {
            let _ = stopped.await;
        }));
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("HTTP client");
        TestApp { base, url, store, backend, http, stop: Some(stop), server: Some(server), postgres_db, _dir: dir }
    }

    /// Stops the server and drops the PostgreSQL database.
    pub async fn finish(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
        self.store.close().await;
        if let Some(db) = self.postgres_db.take() {
            db.drop_database().await;
        }
    }

    /// A session that sends no credentials.
    pub fn anonymous(&self) -> Session {
        Session::new(self.http.clone(), self.base.clone(), None)
    }

    /// A session signing in as `account`.
    pub fn session(&self, account: &str, password: &str) -> Session {
        Session::new(self.http.clone(), self.base.clone(), Some((account.to_owned(), password.to_owned())))
    }

    /// A session signing in as `account` whose connections come from `local`, another
    /// loopback address (all of 127/8 is loopback): another machine, to the server.
    pub fn session_from(&self, local: [u8; 4], account: &str, password: &str) -> Session {
        Session::new(client_from(local), self.base.clone(), Some((account.to_owned(), password.to_owned())))
    }
}

/// An HTTP client whose connections come from `local` (a 127.x.y.z address).
pub fn client_from(local: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .local_address(std::net::IpAddr::from(local))
        .build()
        .expect("HTTP client")
}

impl TestApp {
    /// A new tenant (company account) with its administrator, created as an operator
    /// would with `kefu tenant create`. Its agents get [`AGENT_PASSWORD`] by default.
    pub async fn tenant(&self) -> Tenant {
        let account = unique("admin");
        let spec = TenantSpec {
            account: account.clone(),
            password: kefu_domain::password::Password::parse(ADMIN_PASSWORD).expect("valid password"),
            name: None,
            time_zone: kefu_domain::time::DEFAULT_TIME_ZONE.to_owned(),
            default_agent_password: kefu_domain::password::Password::parse(AGENT_PASSWORD).ok(),
        };
        let admin = provision::create_tenant(&self.store, &spec).await.expect("create a tenant");
        Tenant {
            id: admin.tenant_id,
            admin_id: admin.id.to_string(),
            admin: self.session(&account, ADMIN_PASSWORD),
            app_base: self.base.clone(),
            http: self.http.clone(),
        }
    }
}

/// A tenant of the test server, with its administrator's session.
pub struct Tenant {
    pub id: kefu_domain::TenantId,
    /// The administrator's sId.
    pub admin_id: String,
    pub admin: Session,
    app_base: String,
    http: reqwest::Client,
}

/// An agent created through the API.
pub struct TestAgent {
    pub id: String,
    pub account: String,
    pub session: Session,
    pub body: Value,
}

impl Tenant {
    /// Creates an agent with the given extra fields (a unique login and job number are
    /// added unless given) and returns it with a session signed in as it.
    pub async fn agent(&self, fields: Value) -> TestAgent {
        let mut support = json!({"sPassportName": unique("agent"), "sNum": unique("n")});
        if let (Some(target), Value::Object(extra)) = (support.as_object_mut(), fields) {
            target.extend(extra);
        }
        let account = support["sPassportName"].as_str().unwrap_or_default().to_owned();
        let password = support.get("password").and_then(Value::as_str).unwrap_or(AGENT_PASSWORD).to_owned();
        let reply = self.admin.post("/api/v1/supports.json", json!({ "support": support })).await;
        reply.assert_status(200);
        let body = reply.body["support"].clone();
        let id = body["sId"].as_str().expect("sId is a string").to_owned();
        TestAgent {
            id,
            session: Session::new(self.http.clone(), self.app_base.clone(), Some((account.clone(), password))),
            account,
            body,
        }
    }

    /// Creates a support group and returns its groupId.
    pub async fn group(&self, name: &str) -> String {
        let reply = self.admin.post("/api/v1/supportgroups.json", json!({"supportgroup": {"sgName": name}})).await;
        reply.assert_status(200);
        reply.body["supportgroup"]["groupId"].as_str().expect("groupId").to_owned()
    }
}
