//! Presence per plate (`plate_service_state`): an agent's state, setting it, its history,
//! the company's state lists, and the console's board. Administrators only, except the
//! board, where other agents see themselves.
//!
//! A request with several problems is answered with the first of: unknown agent (10011), a
//! malformed request, the plate (10012), the state (10013) — the order of the seed's error
//! table. An edge hands over its parse failure (`Err`) rather than answering it, and the use
//! case answers 10011 first when the agent is unknown.

use std::collections::BTreeMap;

use kefu_domain::AgentId;
use kefu_domain::paging::PageRequest;
use kefu_domain::presence::{Plate, StateList, StateName};
use kefu_store::{BoardEntry, Page, PresenceChange, ReplaceStates, RosterFilter, SetPresence, Window};

use crate::{App, AppError, Caller};

/// The presence use cases: `app.presence()`.
pub struct Presence<'a>(&'a App);

impl App {
    pub fn presence(&self) -> Presence<'_> {
        Presence(self)
    }
}

/// A checked change of state: `{"plate":…,"state":…}`.
#[derive(Debug, Clone)]
pub struct SetState {
    pub plate: Plate,
    pub state: StateName,
}

const PLATE_HINT: &str = "1 (工单), 2 (在线聊天) or 3 (呼叫中心)";

/// A plate given as text: 10012 if it is none.
pub fn plate(field: &str, raw: &str) -> Result<Plate, AppError> {
    Plate::parse(raw).map_err(|message| AppError::invalid_plate(field, message))
}

/// A required plate: 10012 when it is missing.
pub fn required_plate(field: &str, raw: Option<&str>) -> Result<Plate, AppError> {
    match raw {
        None => Err(AppError::invalid_plate(field, format!("is required: {PLATE_HINT}, e.g. ?plate=2"))),
        Some(raw) => plate(field, raw),
    }
}

/// What a plate must be, for messages about a plate of the wrong type.
pub fn plate_hint() -> &'static str {
    PLATE_HINT
}

/// A state's name given as text: 10013 if it cannot be one.
pub fn state_name(raw: &str) -> Result<StateName, AppError> {
    StateName::parse(raw)
        .map_err(|message| AppError::unknown_state(format!("{raw:?} cannot be a state's name: {message}")))
}

/// 10013 for a well-formed name the plate's list does not hold.
fn state_not_configured(plate: Plate, state: &StateName, list: &StateList) -> AppError {
    AppError::unknown_state(format!(
        "{:?} is not a state of plate {plate}; its states are {}",
        state.as_str(),
        list.names().join(", ")
    ))
}

impl Presence<'_> {
    /// The agent's state in one plate: one indexed query.
    pub async fn show(
        &self,
        caller: &Caller,
        agent: AgentId,
        plate: Result<Plate, AppError>,
    ) -> Result<String, AppError> {
        caller.require_admin()?;
        let plate = match plate {
            Ok(plate) => plate,
            Err(problem) => return Err(self.0.agent_first(caller, agent, problem, AppError::agent_not_found).await),
        };
        self.0.store().presence(caller.tenant, agent, plate).await?.ok_or_else(AppError::agent_not_found)
    }

    /// Sets the agent's state in one plate; answers the new state. The recycle bin and the
    /// call-center permission may refuse it (409).
    pub async fn set(
        &self,
        caller: &Caller,
        agent: AgentId,
        command: Result<SetState, AppError>,
    ) -> Result<String, AppError> {
        caller.require_admin()?;
        let command = match command {
            Ok(command) => command,
            Err(problem) => return Err(self.0.agent_first(caller, agent, problem, AppError::agent_not_found).await),
        };
        let store = self.0.store();
        match store.set_presence(caller.tenant, agent, command.plate, &command.state, caller.agent).await? {
            SetPresence::Set { to, .. } => Ok(to),
            SetPresence::UnknownAgent => Err(AppError::agent_not_found()),
            SetPresence::UnknownState(list) => Err(state_not_configured(command.plate, &command.state, &list)),
            SetPresence::Refused(refusal) => Err(AppError::conflict(refusal.message(agent, &command.state))),
        }
    }

    /// The caller sets its own state (the console's 我的状态): any agent may say it is
    /// busy or away, by the same rules as [`Presence::set`] — the plate's list, the recycle
    /// bin, the call-center permission. The API keeps setting states to administrators, as
    /// the seed documents.
    pub async fn set_own(&self, caller: &Caller, command: Result<SetState, AppError>) -> Result<String, AppError> {
        let command = command?;
        let store = self.0.store();
        let agent = caller.agent;
        match store.set_presence(caller.tenant, agent, command.plate, &command.state, caller.agent).await? {
            SetPresence::Set { to, .. } => Ok(to),
            SetPresence::UnknownAgent => Err(AppError::agent_not_found()),
            SetPresence::UnknownState(list) => Err(state_not_configured(command.plate, &command.state, &list)),
            SetPresence::Refused(refusal) => Err(AppError::conflict(refusal.message(agent, &command.state))),
        }
    }

    /// One page of the agent's changes, oldest first, of one plate or all.
    pub async fn history(
        &self,
        caller: &Caller,
        agent: AgentId,
        request: Result<(Option<Plate>, PageRequest), AppError>,
    ) -> Result<Page<PresenceChange>, AppError> {
        caller.require_admin()?;
        let (plate, page) = match request {
            Ok(request) => request,
            Err(problem) => return Err(self.0.agent_first(caller, agent, problem, AppError::agent_not_found).await),
        };
        self.0
            .store()
            .presence_history(caller.tenant, agent, plate, Window::from(page))
            .await?
            .ok_or_else(AppError::agent_not_found)
    }

    /// Each plate's state names, in the order configured.
    pub async fn states(&self, caller: &Caller) -> Result<BTreeMap<Plate, StateList>, AppError> {
        caller.require_admin()?;
        Ok(self.0.store().plate_states(caller.tenant).await?)
    }

    /// Replaces the lists of the plates named; the others stay. A state an agent holds
    /// cannot be removed (409). Answers every plate's list.
    pub async fn replace_states(
        &self,
        caller: &Caller,
        lists: &BTreeMap<Plate, StateList>,
    ) -> Result<BTreeMap<Plate, StateList>, AppError> {
        caller.require_admin()?;
        match self.0.store().replace_plate_states(caller.tenant, lists).await? {
            ReplaceStates::Done(lists) => Ok(lists),
            ReplaceStates::Held { plate, state, agents } => Err(AppError::conflict(if agents.is_empty() {
                format!("plate {plate}: state {state:?} cannot be removed: an agent was just set to it; retry")
            } else {
                let ids: Vec<String> = agents.iter().map(ToString::to_string).collect();
                format!(
                    "plate {plate}: state {state:?} cannot be removed: agents still hold it (sId {}); set them to another state first",
                    ids.join(", ")
                )
            })),
        }
    }

    /// The console's board of one plate: who is in which state (at most `limit` agents, an
    /// administrator's choice of them, or the caller alone), and the plate's state list.
    pub async fn board(
        &self,
        caller: &Caller,
        plate: Plate,
        filter: RosterFilter,
        limit: usize,
    ) -> Result<(Vec<BoardEntry>, StateList), AppError> {
        let filter = if caller.is_admin {
            filter
        } else {
            RosterFilter { agent: Some(caller.agent), ..RosterFilter::default() }
        };
        let store = self.0.store();
        let board = store.presence_board(caller.tenant, plate, filter, limit).await?;
        let list =
            store.plate_states(caller.tenant).await?.remove(&plate).unwrap_or_else(|| StateList::defaults(plate));
        Ok((board, list))
    }
}
