//! Presence per plate (功能模块): the plates, service-state names and the lists a tenant's
//! administrators configure, module permissions (`mType`), and the rules deciding which
//! state an agent may be set to.

use std::fmt;

use crate::field::FieldError;
use crate::ids::AgentId;
use crate::limits::{MAX_STATE_NAME_CHARS, MAX_STATES_PER_PLATE};
use crate::text::{check_length, check_no_control, check_trimmed};

/// The offline state. Every plate's list holds it (it cannot be removed), an agent never
/// set reads as it, and it is the only state an agent may be set to when the rules refuse
/// the others (call-center permission off, agent in the recycle bin).
pub const OFFLINE_STATE: &str = "离线";

/// A plate (功能模块) of the hosted service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Plate {
    /// 1 — 工单 (tickets).
    Tickets = 1,
    /// 2 — 在线聊天 (chat).
    Chat = 2,
    /// 3 — 呼叫中心 (call center).
    CallCenter = 3,
}

impl Plate {
    pub const ALL: [Plate; 3] = [Plate::Tickets, Plate::Chat, Plate::CallCenter];

    /// Parses `plate` as the wire gives it: "1", "2" or "3".
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "1" => Ok(Plate::Tickets),
            "2" => Ok(Plate::Chat),
            "3" => Ok(Plate::CallCenter),
            _ => Err(format!("must be 1 (工单), 2 (在线聊天) or 3 (呼叫中心), got {raw:?}")),
        }
    }

    pub fn from_code(code: i64) -> Option<Self> {
        Plate::ALL.into_iter().find(|plate| plate.code() == code)
    }

    pub fn code(self) -> i64 {
        self as i64
    }

    /// The plate's name in the hosted back office.
    pub fn label(self) -> &'static str {
        match self {
            Plate::Tickets => "工单",
            Plate::Chat => "在线聊天",
            Plate::CallCenter => "呼叫中心",
        }
    }

    /// The states a tenant has until its administrators configure the plate.
    pub fn default_states(self) -> &'static [&'static str] {
        match self {
            Plate::Tickets => &["在线", "忙碌", OFFLINE_STATE],
            Plate::Chat => &["在线", "忙碌", "离开", OFFLINE_STATE],
            Plate::CallCenter => &["在线", "忙碌", "小休", OFFLINE_STATE],
        }
    }
}

impl fmt::Display for Plate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.label())
    }
}

/// A service state's name (客服状态): 1 to 20 characters, no control characters, no
/// leading or trailing whitespace. Names are compared exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateName(String);

impl StateName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_length(raw, 1, MAX_STATE_NAME_CHARS)?;
        check_no_control(raw)?;
        check_trimmed(raw)?;
        Ok(StateName(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_offline(&self) -> bool {
        self.0 == OFFLINE_STATE
    }
}

/// One plate's ordered list of state names: no repeats, at most 20, always holding
/// [`OFFLINE_STATE`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateList(Vec<String>);

impl StateList {
    /// Checks a list a client sent; `field` names it in the errors (`…states.2`), and
    /// each element is `field[i]`.
    pub fn parse(field: &str, names: &[String]) -> Result<Self, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut list: Vec<String> = Vec::new();
        for (i, raw) in names.iter().enumerate() {
            let element = format!("{field}[{i}]");
            match StateName::parse(raw) {
                Err(message) => problems.push(FieldError::new(element, message)),
                Ok(_) if list.contains(raw) => {
                    problems.push(FieldError::new(element, format!("{raw:?} is listed twice")))
                }
                Ok(name) => list.push(name.0),
            }
        }
        if names.len() > MAX_STATES_PER_PLATE {
            problems.push(FieldError::new(
                field,
                format!("a plate may have at most {MAX_STATES_PER_PLATE} states, got {}", names.len()),
            ));
        }
        if !names.iter().any(|name| name == OFFLINE_STATE) {
            problems.push(FieldError::new(
                field,
                format!("must contain {OFFLINE_STATE:?}: it is the offline state, which agents never set read as"),
            ));
        }
        if problems.is_empty() { Ok(StateList(list)) } else { Err(problems) }
    }

    pub fn defaults(plate: Plate) -> Self {
        StateList(plate.default_states().iter().map(|name| (*name).to_owned()).collect())
    }

    /// A list as stored (it was checked when written).
    pub fn from_stored(names: Vec<String>) -> Self {
        StateList(names)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|n| n == name)
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }

    pub fn into_names(self) -> Vec<String> {
        self.0
    }

    /// The names of `self` that `next` no longer has.
    pub fn removed_by(&self, next: &StateList) -> Vec<String> {
        self.0.iter().filter(|name| !next.contains(name)).cloned().collect()
    }
}

/// A module whose use an agent may be granted or refused (`mType`). The seed documents
/// only the call center.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Module {
    /// 4 — 呼叫中心.
    CallCenter = 4,
}

impl Module {
    pub const ALL: [Module; 1] = [Module::CallCenter];

    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "4" => Ok(Module::CallCenter),
            _ => {
                Err(format!("must be \"4\" (呼叫中心, the call center): no other module has a permission, got {raw:?}"))
            }
        }
    }

    pub fn code(self) -> i64 {
        self as i64
    }
}

/// A module permission: the wire's `state`, "0" on (开启), "1" off (关闭).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    On = 0,
    Off = 1,
}

impl Permission {
    /// An agent whose permission was never set has the module.
    pub const DEFAULT: Permission = Permission::On;

    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "0" => Ok(Permission::On),
            "1" => Ok(Permission::Off),
            _ => Err(format!("must be \"0\" (on) or \"1\" (off), got {raw:?}")),
        }
    }

    pub fn from_enabled(enabled: bool) -> Self {
        if enabled { Permission::On } else { Permission::Off }
    }

    pub fn is_on(self) -> bool {
        self == Permission::On
    }

    pub fn code(self) -> i64 {
        self as i64
    }
}

/// Why an agent may not be set to a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The agent is in the recycle bin (isStat 0): it cannot sign in, so it is offline.
    RecycleBin,
    /// Plate 3 with the agent's call-center permission (mType 4) off.
    CallCenterOff,
}

impl Refusal {
    pub fn message(self, agent: AgentId, state: &StateName) -> String {
        let state = state.as_str();
        match self {
            Refusal::RecycleBin => format!(
                "agent sId {agent} is in the recycle bin (isStat 0) and can only be {OFFLINE_STATE:?}, not {state:?}: restore it with PUT /api/v1/servicers/{agent}.json first"
            ),
            Refusal::CallCenterOff => format!(
                "agent sId {agent} has its call-center permission off (mType 4, state 1), so its plate 3 (呼叫中心) state can only be {OFFLINE_STATE:?}, not {state:?}: turn it on with PUT /api/v1/permissions/{agent}.json first"
            ),
        }
    }
}

/// Whether an agent may be set to `state` in `plate`. The offline state is always allowed.
pub fn check_state_change(
    plate: Plate,
    state: &StateName,
    in_recycle_bin: bool,
    call_center: Permission,
) -> Result<(), Refusal> {
    if state.is_offline() {
        return Ok(());
    }
    if in_recycle_bin {
        return Err(Refusal::RecycleBin);
    }
    if plate == Plate::CallCenter && !call_center.is_on() {
        return Err(Refusal::CallCenterOff);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn plates() {
        assert_eq!(Plate::parse("3"), Ok(Plate::CallCenter));
        for bad in ["0", "4", "", "01", "工单", " 1"] {
            assert!(Plate::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Plate::from_code(2), Some(Plate::Chat));
        assert_eq!(Plate::from_code(9), None);
        for plate in Plate::ALL {
            assert!(plate.default_states().contains(&OFFLINE_STATE));
            assert!(plate.default_states().contains(&"在线"));
            let defaults = names(plate.default_states());
            assert!(StateList::parse("x", &defaults).is_ok(), "{plate}");
        }
    }

    #[test]
    fn state_names() {
        assert!(StateName::parse("在线").is_ok());
        assert!(StateName::parse(&"忙".repeat(MAX_STATE_NAME_CHARS)).is_ok());
        assert!(StateName::parse(&"忙".repeat(MAX_STATE_NAME_CHARS + 1)).is_err());
        for bad in ["", " 在线", "在线 ", "在\n线"] {
            assert!(StateName::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn lists_need_the_offline_state_and_no_repeats() {
        let ok = StateList::parse("s.1", &names(&["在线", "开会", "离线"])).unwrap();
        assert_eq!(ok.names(), names(&["在线", "开会", "离线"]).as_slice());

        let errors = StateList::parse("s.1", &names(&["在线", "在线", ""])).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["s.1[1]", "s.1[2]", "s.1"]);
        assert!(errors[2].message.contains("离线"));

        let too_many: Vec<String> =
            (0..MAX_STATES_PER_PLATE).map(|i| format!("状态{i}")).chain([OFFLINE_STATE.to_owned()]).collect();
        let errors = StateList::parse("s.2", &too_many).unwrap_err();
        assert!(errors[0].message.contains("at most 20"), "{errors:?}");
    }

    #[test]
    fn removed_states() {
        let old = StateList::defaults(Plate::Chat);
        let next = StateList::parse("s", &names(&["在线", "离线", "新"])).unwrap();
        assert_eq!(old.removed_by(&next), names(&["忙碌", "离开"]));
    }

    #[test]
    fn modules_and_permissions() {
        assert_eq!(Module::parse("4"), Ok(Module::CallCenter));
        assert!(Module::parse("3").is_err());
        assert_eq!(Permission::parse("0"), Ok(Permission::On));
        assert_eq!(Permission::parse("1"), Ok(Permission::Off));
        assert!(Permission::parse("2").is_err());
        assert_eq!(Permission::DEFAULT, Permission::On);
    }

    #[test]
    fn the_rules() {
        let online = StateName::parse("在线").unwrap();
        let offline = StateName::parse(OFFLINE_STATE).unwrap();
        let off = Permission::Off;
        assert_eq!(check_state_change(Plate::CallCenter, &online, false, off), Err(Refusal::CallCenterOff));
        assert!(check_state_change(Plate::CallCenter, &offline, false, off).is_ok());
        assert!(check_state_change(Plate::Chat, &online, false, off).is_ok());
        assert_eq!(check_state_change(Plate::Chat, &online, true, Permission::On), Err(Refusal::RecycleBin));
        assert!(check_state_change(Plate::Chat, &offline, true, Permission::On).is_ok());
        let message = Refusal::CallCenterOff.message(AgentId(7), &online);
        assert!(message.contains("/api/v1/permissions/7.json"), "{message}");
    }
}
