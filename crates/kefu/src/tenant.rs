//! `kefu migrate` and `kefu tenant …`: operator commands that work on the database directly.

use anyhow::{Context, Result, anyhow, bail};
use kefu_domain::agent::login_key;
use kefu_domain::password::Password;
use kefu_domain::time::parse_time_zone;
use kefu_server::provision::{self, TenantSpec};
use kefu_store::{Store, StoreOptions, redact};

use crate::cli::{DatabaseArgs, TenantCreateArgs, TenantPasswordArgs, TenantZoneArgs};

/// Connects and migrates, with errors that say which database failed.
pub async fn open_store(args: &DatabaseArgs) -> Result<Store> {
    let options = StoreOptions { max_connections: args.db_connections.max(1), ..StoreOptions::default() };
    let store = Store::connect(&args.database, &options)
        .await
        .with_context(|| format!("cannot use the database {}", redact(&args.database)))?;
    store.migrate().await.with_context(|| format!("cannot migrate the database {}", redact(&args.database)))?;
    Ok(store)
}

pub async fn migrate(args: DatabaseArgs) -> Result<()> {
    let store = open_store(&args).await?;
    store.close().await;
    eprintln!("kefu: {} is up to date", redact(&args.database));
    Ok(())
}

/// Prints the new administrator's sId alone on stdout, for scripts.
pub async fn create(args: TenantCreateArgs) -> Result<()> {
    let password = Password::parse(&args.password).map_err(|e| anyhow!("--password {e}"))?;
    let default_agent_password = args
        .default_agent_password
        .as_deref()
        .map(Password::parse)
        .transpose()
        .map_err(|e| anyhow!("--default-agent-password {e}"))?;
    let store = open_store(&args.db).await?;
    let spec = TenantSpec {
        account: args.account.clone(),
        password,
        name: args.name,
        time_zone: args.time_zone,
        default_agent_password,
    };
    let admin = provision::create_tenant(&store, &spec).await?;
    store.close().await;
    eprintln!("kefu: created a company account; administrator {} has sId:", args.account);
    println!("{}", admin.id);
    Ok(())
}

pub async fn default_password(args: TenantPasswordArgs) -> Result<()> {
    let password = Password::parse(&args.password).map_err(|e| anyhow!("--password {e}"))?;
    let store = open_store(&args.db).await?;
    let tenant = tenant_of(&store, &args.account).await?;
    let hash = tokio::task::spawn_blocking(move || password.hash()).await?;
    store.set_default_password(tenant, Some(hash)).await?;
    store.close().await;
    eprintln!("kefu: default agent password set for the company of {}", args.account);
    Ok(())
}

pub async fn time_zone(args: TenantZoneArgs) -> Result<()> {
    parse_time_zone(&args.time_zone).map_err(|e| anyhow!("--time-zone {e}"))?;
    let store = open_store(&args.db).await?;
    let tenant = tenant_of(&store, &args.account).await?;
    store.set_time_zone(tenant, &args.time_zone).await?;
    store.close().await;
    eprintln!("kefu: time zone of the company of {} is now {}", args.account, args.time_zone);
    Ok(())
}

async fn tenant_of(store: &Store, account: &str) -> Result<kefu_domain::TenantId> {
    match store.tenant_of_login(&login_key(account)).await? {
        Some(tenant) => Ok(tenant),
        None => bail!("no agent signs in as {account:?}"),
    }
}
