//! `kefu serve`: open and migrate the database, create the first tenant on an empty one,
//! serve until SIGINT/SIGTERM, then let requests in flight finish (within a bound).

use std::time::Duration;

use anyhow::{Context, Result};
use kefu_server::provision::{self, TenantSpec};
use kefu_server::{Config, ConnectionLimits, RequestLimits, ThrottleConfig, TrustedProxies};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::cli::ServeArgs;
use crate::tenant::{given_or_generated, open_store};

/// The first administrator's login when `KEFU_ADMIN_ACCOUNT` is unset.
const DEFAULT_ADMIN_ACCOUNT: &str = "admin";

pub async fn run(args: ServeArgs) -> Result<()> {
    let trusted_proxies = TrustedProxies::parse(args.trusted_proxies.iter().map(String::as_str))
        .map_err(|e| anyhow::anyhow!("--trusted-proxy: {e}"))?;
    let store = open_store(&args.db).await?;
    bootstrap_first_tenant(&store).await?;

    let listener = TcpListener::bind(args.listen).await.with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr().context("listener has no address")?;
    tracing::info!(%address, backend = store.backend().name(), "kefu listening");

    let config = Config {
        public_url: args.public_url,
        request_timeout: Duration::from_secs(args.request_timeout),
        token_ttl: Duration::from_secs(args.token_ttl),
        throttle: ThrottleConfig {
            per_account_and_address: args.login_failures_per_account_and_address.max(1),
            per_account: args.login_failures_per_account.max(1),
            per_address: args.login_failures_per_address.max(1),
            window: Duration::from_secs(args.login_window.max(1)),
        },
        limits: RequestLimits {
            max_body_bytes: args.max_body_bytes.max(1),
            max_show_many_ids: args.max_show_many_ids.max(1),
            max_query_chars: args.max_query_chars.max(1),
            max_schedules_per_batch: args.max_schedules_per_batch.max(1),
        },
        connections: ConnectionLimits {
            max_connections: args.max_connections.max(1),
            max_connections_per_address: args.max_connections_per_address,
            header_read_timeout: Duration::from_secs(args.header_timeout.max(1)),
        },
        trusted_proxies,
        ..Config::default()
    };
    let metrics = args.metrics.endpoint().await?;
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let server = tokio::spawn(kefu_server::serve_with_metrics(store.clone(), config, listener, metrics, async move {
        let _ = stop_rx.await;
    }));

    shutdown_signal().await;
    tracing::info!("shutting down: no new connections; finishing requests in flight");
    let _ = stop_tx.send(());
    match tokio::time::timeout(Duration::from_secs(args.shutdown_grace), server).await {
        Ok(Ok(result)) => result.context("server failed")?,
        Ok(Err(join)) => return Err(join).context("server task failed"),
        Err(_) => tracing::warn!(grace_s = args.shutdown_grace, "requests still in flight after the grace period"),
    }
    store.close().await;
    Ok(())
}

/// On an empty database: the first tenant and its administrator, from
/// `KEFU_ADMIN_ACCOUNT` / `KEFU_ADMIN_PASSWORD`, and its default agent password from
/// `KEFU_DEFAULT_AGENT_PASSWORD`; passwords not given are generated and printed once.
async fn bootstrap_first_tenant(store: &kefu_store::Store) -> Result<()> {
    let account = std::env::var("KEFU_ADMIN_ACCOUNT").unwrap_or_else(|_| DEFAULT_ADMIN_ACCOUNT.to_owned());
    let from_env =
        |name: &str| given_or_generated(std::env::var(name).ok().as_deref()).map_err(|e| anyhow::anyhow!("{name} {e}"));
    let (password, generated) = from_env("KEFU_ADMIN_PASSWORD")?;
    let (agent_password, agent_generated) = from_env("KEFU_DEFAULT_AGENT_PASSWORD")?;
    let spec = TenantSpec {
        account: account.clone(),
        password: password.clone(),
        name: None,
        time_zone: kefu_domain::time::DEFAULT_TIME_ZONE.to_owned(),
        default_agent_password: Some(agent_password.clone()),
    };
    if let Some(admin) = provision::bootstrap(store, &spec).await? {
        if generated {
            println!(
                "kefu: created the first company account. Administrator login: {account}  password: {}  (sId {}; shown only this once)",
                password.expose(),
                admin.id
            );
        } else {
            println!("kefu: created the first company account. Administrator login: {account} (sId {})", admin.id);
        }
        if agent_generated {
            println!(
                "kefu: agents created without a password get the default agent password: {}  (shown only this once; \
                 change it with PUT /api/v1/company.json)",
                agent_password.expose()
            );
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
