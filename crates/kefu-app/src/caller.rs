//! Who a request acts as, however it authenticated (Basic Auth, a Bearer token, a console
//! session).

use jiff::tz::TimeZone;
use kefu_domain::agent::Actor;
use kefu_domain::{AgentId, TenantId};

use crate::AppError;

/// The authenticated agent a use case acts for.
#[derive(Clone)]
pub struct Caller {
    pub agent: AgentId,
    pub tenant: TenantId,
    pub is_admin: bool,
    /// The tenant's zone, for every datetime read or shown.
    pub zone: TimeZone,
    /// Signed in with an OAuth2 access token: see [`Caller::require_password_sign_in`].
    pub via_token: bool,
}

impl Caller {
    /// The seed's 调用者权限 "管理员".
    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.is_admin { Ok(()) } else { Err(AppError::forbidden("this operation requires an administrator")) }
    }

    /// What an access token may not do: mint API keys or set passwords. A token lives an
    /// hour and travels with every request of an integration; if it leaks, it must not turn
    /// into lasting access (a key of its own, or a password the thief chose).
    pub fn require_password_sign_in(&self, what: &str) -> Result<(), AppError> {
        if self.via_token {
            Err(AppError::forbidden(format!(
                "an access token cannot {what}: sign in with an administrator's login and password (Basic Auth)"
            )))
        } else {
            Ok(())
        }
    }

    pub fn actor(&self) -> Actor {
        Actor { agent: self.agent, is_admin: self.is_admin }
    }
}
