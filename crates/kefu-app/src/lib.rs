//! kefu's use cases: one function per action a caller can take — create an agent, set a
//! presence state, revoke an API key — shared by every edge. An edge (the JSON API in
//! `kefu-server/src/api/`, the console in `kefu-server/src/console/`) reads its request
//! into a typed command, calls the use case, and renders what it returns; it never calls
//! the store, loads what a rule needs, or maps a store outcome itself. So each flow is
//! written once, and a rule changed here changes for every edge.
//!
//! A use case takes the authenticated [`Caller`] and a command, and returns records (the
//! store's) or one [`AppError`] — a row of the error table with the fields it names, which
//! each edge renders its own way. It owns:
//!
//! - authorization: who may do this ([`Caller::require_admin`], the domain's
//!   `authorize_patch`);
//! - loading what the rules need (the company's custom field definitions, the stored record
//!   a change is checked against);
//! - password hashing ([`Hasher`], bounded and off the async threads);
//! - the store call, and the meaning of its outcome (a unique constraint → the field it
//!   guards, "not found" → the answer the seed gives for that resource).
//!
//! Use cases are grouped by resource: `app.agents().update(&caller, id, input)`. A new
//! resource is a new module here with a handle like [`agents::Agents`]
//! (docs/architecture.md, "Adding an endpoint").

mod batch;
mod caller;
mod customer_references;
mod error;
mod hasher;
mod known;
mod members;

pub mod agents;
pub mod api_keys;
pub mod audit;
pub mod companies;
pub mod company;
pub mod contacts;
pub mod custom_fields;
pub mod customer_fields;
pub mod customer_groups;
pub mod fields;
pub mod groups;
pub mod helpdesk;
pub mod permissions;
pub mod presence;
pub mod request_log;
pub mod schedules;
pub mod signins;
pub mod ticket_templates;
pub mod tickets;

use std::sync::Arc;

use kefu_store::Store;
use regex::Regex;

pub use caller::Caller;
pub use error::AppError;
pub use hasher::Hasher;
pub use members::Members;

/// Custom-field patterns compiled and kept, at most this many.
const PATTERN_CACHE_CAPACITY: u64 = 10_000;

/// What every use case works with: the store, the password hasher, and the compiled
/// custom-field patterns. Cheap to clone.
#[derive(Clone)]
pub struct App(Arc<Inner>);

struct Inner {
    store: Store,
    hasher: Hasher,
    /// Compiled custom-field patterns by pattern text: each is compiled once.
    patterns: moka::sync::Cache<String, Arc<Regex>>,
}

impl App {
    pub fn new(store: Store) -> Self {
        App(Arc::new(Inner { store, hasher: Hasher::new(), patterns: moka::sync::Cache::new(PATTERN_CACHE_CAPACITY) }))
    }

    /// The password hasher, which sign-in verification shares (so that hashing and
    /// verifying together stay within one bound).
    pub fn hasher(&self) -> &Hasher {
        &self.0.hasher
    }

    fn store(&self) -> &Store {
        &self.0.store
    }

    /// The first problem of a request that names an agent and has `problem` too: `missing`
    /// when the company has no such agent (the seed checks the agent first), else `problem`.
    async fn agent_first(
        &self,
        caller: &Caller,
        agent: kefu_domain::AgentId,
        problem: AppError,
        missing: fn() -> AppError,
    ) -> AppError {
        match self.store().agent_exists(caller.tenant, agent).await {
            Ok(true) => problem,
            Ok(false) => missing(),
            Err(error) => error.into(),
        }
    }

    /// A list filtered by an agent (named `field` in the request) answers 10011 when the
    /// company never had that agent.
    async fn ever_known(
        &self,
        caller: &Caller,
        agent: Option<kefu_domain::AgentId>,
        field: &str,
    ) -> Result<(), AppError> {
        match agent {
            Some(agent) if !self.store().agent_ever_existed(caller.tenant, agent).await? => {
                Err(AppError::agents_not_found(vec![kefu_domain::FieldError::new(
                    field,
                    format!("no agent {agent} in this company"),
                )]))
            }
            _ => Ok(()),
        }
    }

    /// Hashes a new password, if there is one.
    async fn hash(&self, password: Option<kefu_domain::password::Password>) -> Result<Option<String>, AppError> {
        match password {
            Some(password) => Ok(Some(self.hasher().hash(password).await?)),
            None => Ok(None),
        }
    }
}
