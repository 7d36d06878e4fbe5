//! What the benchmark loaders share: tenants and agents, through the store; bulk copies.

pub mod bulk;

use anyhow::{Result, anyhow};
use kefu_domain::agent::{AgentName, JobNumber, Mobile, NewAgent, PassportName};
use kefu_domain::password::Password;
use kefu_domain::time::DEFAULT_TIME_ZONE;
use kefu_domain::{AgentId, TenantId};
use kefu_store::{AgentRecord, NewTenant, Store, TenantAdmin};

pub const ADMIN_PASSWORD: &str = "bench-admin-1";
pub const AGENT_PASSWORD: &str = "bench-agent-1";
const SURNAMES: [&str; 12] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"];
const GIVEN: [&str; 12] = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳"];

/// A tenant whose administrator signs in as `account` with `ADMIN_PASSWORD`; answers the
/// administrator.
pub async fn create_tenant(store: &Store, account: &str) -> Result<AgentRecord> {
    let hash = Password::parse(ADMIN_PASSWORD).map_err(|e| anyhow!(e))?.hash();
    let new =
        NewTenant { name: account.to_owned(), time_zone: DEFAULT_TIME_ZONE.to_owned(), default_password_hash: None };
    let passport = PassportName::parse(account).map_err(|e| anyhow!(e))?;
    let job = JobNumber::parse("admin").map_err(|e| anyhow!(e))?;
    let admin = TenantAdmin { agent: NewAgent::new(passport, job), password_hash: hash };
    Ok(store.create_tenant(&new, &admin).await?)
}

/// Agents `{prefix}{i:06}` named like 王伟00042, with mobile numbers 1380000i and the
/// password `AGENT_PASSWORD`.
pub async fn load_agents(store: &Store, tenant: TenantId, prefix: &str, count: usize) -> Result<Vec<AgentId>> {
    let hash = Password::parse(AGENT_PASSWORD).map_err(|e| anyhow!(e))?.hash();
    let mut ids = Vec::with_capacity(count);
    for chunk_start in (0..count).step_by(5_000) {
        let agents = (chunk_start..count.min(chunk_start + 5_000))
            .map(|i| {
                let name = format!("{}{}{i:05}", SURNAMES[i % SURNAMES.len()], GIVEN[(i / 12) % GIVEN.len()]);
                Ok(NewAgent {
                    name: AgentName::parse(&name)?,
                    mobile: Mobile::parse(&format!("138{i:08}"))?,
                    ..NewAgent::new(
                        PassportName::parse(&format!("{prefix}{i:06}"))?,
                        JobNumber::parse(&format!("{i:06}"))?,
                    )
                })
            })
            .collect::<Result<Vec<_>, String>>()
            .map_err(|e| anyhow!(e))?;
        ids.extend(store.import_agents(tenant, &agents, &hash).await?);
    }
    Ok(ids)
}
