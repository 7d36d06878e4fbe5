//! Whether the agents and support groups a request names are the company's: the problem
//! names the member and lists the ids that are not (another company's ids answer as unknown
//! ones). Used by the tickets' cc lists and by the read-only range of every custom field
//! definition that has one.

use kefu_domain::custom_field::ReadOnly;
use kefu_domain::ids::join_ids;
use kefu_domain::{AgentId, FieldError, GroupId, TenantId};

use crate::{App, AppError};

/// A problem under `member` if some of `agents` are not the company's.
pub(crate) async fn check_agents(
    app: &App,
    tenant: TenantId,
    member: &str,
    agents: &[AgentId],
    problems: &mut Vec<FieldError>,
) -> Result<(), AppError> {
    let found = app.store().agents_by_ids(tenant, agents).await?;
    let missing: Vec<AgentId> = agents.iter().copied().filter(|a| !found.iter().any(|f| f.id == *a)).collect();
    if !missing.is_empty() {
        problems.push(FieldError::new(member, format!("no agent {} in this company", join_ids(&missing))));
    }
    Ok(())
}

/// A problem under `member` if some of `groups` are not the company's.
pub(crate) async fn check_groups(
    app: &App,
    tenant: TenantId,
    member: &str,
    groups: &[GroupId],
    problems: &mut Vec<FieldError>,
) -> Result<(), AppError> {
    let all = app.store().all_groups(tenant).await?;
    let missing: Vec<GroupId> = groups.iter().copied().filter(|g| !all.iter().any(|f| f.id == *g)).collect();
    if !missing.is_empty() {
        problems.push(FieldError::new(member, format!("no support group {} in this company", join_ids(&missing))));
    }
    Ok(())
}

/// A definition's read-only range names only the company's agents or groups
/// (`readonly_support`).
pub(crate) async fn check_readonly(app: &App, tenant: TenantId, readonly: &ReadOnly) -> Result<(), AppError> {
    let mut problems = Vec::new();
    match readonly {
        ReadOnly::Agents(agents) => check_agents(app, tenant, "readonly_support", agents, &mut problems).await?,
        ReadOnly::Groups(groups) => check_groups(app, tenant, "readonly_support", groups, &mut problems).await?,
        ReadOnly::Editable | ReadOnly::Everyone => {}
    }
    AppError::check(problems)
}
