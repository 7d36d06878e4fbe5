//! Module permissions (the call center, `mType` 4): administrators set and read them. An
//! agent the company does not have is the seed's 403 `The sId does not exist`, checked
//! before anything else of the request.

use kefu_domain::AgentId;
use kefu_domain::presence::{Module, Permission};

use crate::{App, AppError, Caller};

/// The permission use cases: `app.permissions()`.
pub struct Permissions<'a>(&'a App);

impl App {
    pub fn permissions(&self) -> Permissions<'_> {
        Permissions(self)
    }
}

impl Permissions<'_> {
    /// Turns an agent's module permission on or off. Turning the call center off sets the
    /// agent to 离线 there, in the same transaction.
    pub async fn set(
        &self,
        caller: &Caller,
        agent: AgentId,
        command: Result<(Module, Permission), AppError>,
    ) -> Result<(Module, Permission), AppError> {
        caller.require_admin()?;
        let (module, permission) = match command {
            Ok(command) => command,
            Err(problem) => return Err(self.0.agent_first(caller, agent, problem, AppError::sid_does_not_exist).await),
        };
        let known = self.0.store().set_permission(caller.tenant, agent, module, permission, caller.agent).await?;
        if known { Ok((module, permission)) } else { Err(AppError::sid_does_not_exist()) }
    }

    /// Every module permission of an agent.
    pub async fn show(&self, caller: &Caller, agent: AgentId) -> Result<Vec<(Module, Permission)>, AppError> {
        caller.require_admin()?;
        self.0.store().permissions(caller.tenant, agent).await?.ok_or_else(AppError::sid_does_not_exist)
    }
}
