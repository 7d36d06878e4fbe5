//! `kefu migrate` and `kefu tenant …`: operator commands that work on the database directly.

use anyhow::{Result, anyhow, bail};
use kefu_domain::agent::login_key;
use kefu_domain::password::Password;
use kefu_domain::time::parse_time_zone;
use kefu_server::provision::{self, TenantSpec};
use kefu_store::Store;

use crate::cli::{DatabaseArgs, TenantCreateArgs, TenantPasswordArgs, TenantResetArgs, TenantZoneArgs};
use crate::count;
use crate::database::{self, Missing};

/// Connects and migrates, creating a missing SQLite file (serve, migrate).
pub async fn open_store(args: &DatabaseArgs) -> Result<Store> {
    database::open(args, Missing::Create).await
}

/// Connects and migrates an existing database: operator commands never create one.
pub async fn open_existing(args: &DatabaseArgs) -> Result<Store> {
    database::open(args, Missing::Refuse).await
}

pub async fn migrate(args: DatabaseArgs) -> Result<()> {
    let store = open_store(&args).await?;
    store.close().await;
    eprintln!("kefu: the database is up to date");
    Ok(())
}

/// Prints the new administrator's sId alone on stdout, for scripts; a generated default
/// agent password goes to stderr, once.
pub async fn create(args: TenantCreateArgs) -> Result<()> {
    let password = Password::parse(&args.admin_password).map_err(|e| anyhow!("--admin-password {e}"))?;
    let (default_agent_password, generated) = given_or_generated(args.default_agent_password.as_deref())
        .map_err(|e| anyhow!("--default-agent-password {e}"))?;
    let missing = if args.create_database { Missing::Create } else { Missing::Refuse };
    let store = database::open(&args.db, missing).await?;
    let spec = TenantSpec {
        account: args.account.clone(),
        password,
        name: args.name,
        time_zone: args.time_zone,
        default_agent_password: Some(default_agent_password.clone()),
    };
    let admin = provision::create_tenant(&store, &spec).await?;
    store.close().await;
    if generated {
        eprintln!(
            "kefu: agents created without a password get the default agent password {}  (shown only this once; \
             administrators change it with PUT /api/v1/company.json)",
            default_agent_password.expose()
        );
    }
    eprintln!("kefu: created a company account; administrator {} has sId:", args.account);
    println!("{}", admin.id);
    Ok(())
}

/// The password given, or a generated one (and whether it was generated).
pub fn given_or_generated(given: Option<&str>) -> Result<(Password, bool), String> {
    match given {
        Some(text) => Ok((Password::parse(text)?, false)),
        None => Ok((Password::generate(), true)),
    }
}

pub async fn default_password(args: TenantPasswordArgs) -> Result<()> {
    let password =
        Password::parse(&args.default_agent_password).map_err(|e| anyhow!("--default-agent-password {e}"))?;
    let store = open_existing(&args.db).await?;
    let tenant = tenant_of(&store, &args.account).await?;
    let hash = tokio::task::spawn_blocking(move || password.hash()).await?;
    store.set_default_password(tenant, Some(hash)).await?;
    store.close().await;
    eprintln!("kefu: default agent password set for the company of {}", args.account);
    Ok(())
}

pub async fn time_zone(args: TenantZoneArgs) -> Result<()> {
    parse_time_zone(&args.time_zone).map_err(|e| anyhow!("--time-zone {e}"))?;
    let store = open_existing(&args.db).await?;
    let tenant = tenant_of(&store, &args.account).await?;
    store.set_time_zone(tenant, &args.time_zone).await?;
    store.close().await;
    eprintln!("kefu: time zone of the company of {} is now {}", args.account, args.time_zone);
    Ok(())
}

/// A lost password: the new one (printed on stdout if generated), and every console
/// session and access token of the account ended — whoever held them must sign in again.
pub async fn reset_password(args: TenantResetArgs) -> Result<()> {
    let (password, generated) =
        given_or_generated(args.new_password.as_deref()).map_err(|e| anyhow!("--new-password {e}"))?;
    let store = open_existing(&args.db).await?;
    let Some(login) = store.login(&login_key(&args.account)).await? else {
        bail!("no active agent signs in as {:?} (agents in the recycle bin are restored first)", args.account);
    };
    let shown = password.expose().to_owned();
    let hash = tokio::task::spawn_blocking(move || password.hash()).await?;
    let (sessions, tokens) = store.reset_password(login.tenant_id, login.agent_id, &hash).await?;
    store.close().await;
    eprintln!(
        "kefu: new password for {} (sId {}); ended {} and {}{}",
        args.account,
        login.agent_id,
        count(sessions, "console session", "console sessions"),
        count(tokens, "access token", "access tokens"),
        if login.is_admin { "; its API key pairs still work (kefu apikey list / revoke)" } else { "" }
    );
    if generated {
        println!("{shown}");
        eprintln!("kefu: the password above is shown only this once");
    }
    Ok(())
}

async fn tenant_of(store: &Store, account: &str) -> Result<kefu_domain::TenantId> {
    match store.tenant_of_login(&login_key(account)).await? {
        Some(tenant) => Ok(tenant),
        None => bail!("no agent signs in as {account:?}"),
    }
}
