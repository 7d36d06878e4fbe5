//! Creating tenants (company accounts) with their first administrator: for the first
//! start of `kefu serve` and for `kefu tenant create`.

use kefu_domain::agent::{AgentName, JobNumber, NewAgent, PassportName};
use kefu_domain::password::Password;
use kefu_domain::time::parse_time_zone;
use kefu_store::{AgentRecord, NewTenant, Store, StoreError, TenantAdmin};

/// What an operator gives to create a tenant.
#[derive(Debug, Clone)]
pub struct TenantSpec {
    /// The administrator's login (`sPassportName`).
    pub account: String,
    pub password: Password,
    /// The company's name; defaults to the account.
    pub name: Option<String>,
    /// An IANA zone such as Asia/Shanghai.
    pub time_zone: String,
    /// The password agents created without one receive.
    pub default_agent_password: Option<Password>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProvisionError {
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// The administrator's job number in a new tenant (job numbers are free text).
const ADMIN_JOB_NUMBER: &str = "admin";

fn admin_of(spec: &TenantSpec) -> Result<(NewTenant, TenantAdmin), ProvisionError> {
    let invalid = |field: &'static str| move |message: String| ProvisionError::Invalid { field, message };
    let passport_name = PassportName::parse(&spec.account).map_err(invalid("account"))?;
    parse_time_zone(&spec.time_zone).map_err(invalid("time zone"))?;
    let name = AgentName::parse(spec.name.as_deref().unwrap_or(&spec.account)).map_err(invalid("name"))?;
    let job_number = JobNumber::parse(ADMIN_JOB_NUMBER).map_err(invalid("sNum"))?;
    let tenant = NewTenant {
        name: name.as_str().to_owned(),
        time_zone: spec.time_zone.clone(),
        default_password_hash: spec.default_agent_password.as_ref().map(Password::hash),
    };
    let agent = NewAgent { name, is_admin: true, ..NewAgent::new(passport_name, job_number) };
    Ok((tenant, TenantAdmin { agent, password_hash: spec.password.hash() }))
}

/// Creates a tenant and its administrator; returns the administrator.
pub async fn create_tenant(store: &Store, spec: &TenantSpec) -> Result<AgentRecord, ProvisionError> {
    let (tenant, admin) = blocking_hash(spec.clone()).await?;
    Ok(store.create_tenant(&tenant, &admin).await?)
}

/// On an empty database, creates the first tenant; None when one already exists.
pub async fn bootstrap(store: &Store, spec: &TenantSpec) -> Result<Option<AgentRecord>, ProvisionError> {
    let (tenant, admin) = blocking_hash(spec.clone()).await?;
    Ok(store.bootstrap_tenant(&tenant, &admin).await?)
}

/// Hashing takes tens of milliseconds: keep it off the async executor.
async fn blocking_hash(spec: TenantSpec) -> Result<(NewTenant, TenantAdmin), ProvisionError> {
    tokio::task::spawn_blocking(move || admin_of(&spec))
        .await
        .map_err(|e| ProvisionError::Invalid { field: "password", message: format!("hashing failed: {e}") })?
}
