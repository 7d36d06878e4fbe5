//! `kefu apikey create|list|revoke`: the same key pairs as `/api/v1/api_keys.json`, for
//! operators working on the database directly.

use anyhow::{Result, anyhow, bail};
use kefu_domain::agent::login_key;
use kefu_domain::api_key::{hash_secret, new_secret, new_secret_id, parse_key_name};
use kefu_domain::time::{format_datetime, parse_time_zone};
use kefu_store::{LoginRecord, Store, Window};

use crate::cli::{ApiKeyCreateArgs, ApiKeyOwnerArgs, ApiKeyRevokeArgs};
use crate::tenant::open_existing;

/// The store and the administrator the command acts as.
async fn owner(args: &ApiKeyOwnerArgs) -> Result<(Store, LoginRecord)> {
    let store = open_existing(&args.db).await?;
    match store.login(&login_key(&args.account)).await? {
        Some(login) if login.is_admin => Ok((store, login)),
        Some(_) => bail!("{} is not an administrator", args.account),
        None => bail!("no active agent signs in as {:?}", args.account),
    }
}

pub async fn create(args: ApiKeyCreateArgs) -> Result<()> {
    let name = parse_key_name(&args.name).map_err(|e| anyhow!("--name {e}"))?;
    let (store, admin) = owner(&args.owner).await?;
    let (secret_id, secret) = (new_secret_id(), new_secret());
    let key = store.create_api_key(admin.tenant_id, admin.agent_id, &name, &secret_id, &hash_secret(&secret)).await?;
    store.close().await;
    println!("id:       {}", key.id);
    println!("SecretID: {secret_id}");
    println!("secret:   {secret}");
    eprintln!("kefu: the secret is shown only now; kefu keeps just its hash");
    Ok(())
}

pub async fn list(args: ApiKeyOwnerArgs) -> Result<()> {
    let (store, admin) = owner(&args).await?;
    let zone = parse_time_zone(&admin.time_zone).map_err(|e| anyhow!(e))?;
    let page = store.list_api_keys(admin.tenant_id, Window { limit: 10_000, offset: 0 }).await?;
    store.close().await;
    println!("{:>6}  {:<32}  {:<19}  name", "id", "SecretID", "created");
    for key in page.rows {
        println!("{:>6}  {:<32}  {}  {}", key.id, key.secret_id, format_datetime(key.created_at, &zone), key.name);
    }
    Ok(())
}

pub async fn revoke(args: ApiKeyRevokeArgs) -> Result<()> {
    let (store, admin) = owner(&args.owner).await?;
    let key = store.revoke_api_key(admin.tenant_id, args.id).await.map_err(|e| match e {
        kefu_store::StoreError::NotFound => anyhow!("no live API key with id {} in this company", args.id),
        other => other.into(),
    })?;
    store.close().await;
    eprintln!("kefu: revoked API key {} ({})", key.id, key.name);
    Ok(())
}
