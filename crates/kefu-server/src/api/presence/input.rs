//! Reading presence requests, and the seed's coded errors (10011, 10012, 10013).
//!
//! A request with several problems is answered with the first of: unknown agent (10011),
//! a malformed body (400), the plate (10012), the state (10013) — the order of the seed's
//! error table, with the shape of the body in between.

use kefu_api::ErrorCode;
use kefu_domain::presence::{Plate, StateList, StateName};
use kefu_domain::{AgentId, FieldError};
use serde_json::{Map, Value};

use crate::api::input::describe;
use crate::http::error::ApiError;
use crate::http::extract::QueryParams;

/// 10011 该客服不存在: the message exactly as the seed's table has it.
pub fn agent_not_found() -> ApiError {
    ApiError::new(ErrorCode::AgentNotFound, ErrorCode::AgentNotFound.default_message())
}

/// A coded error whose message is the seed's, with the detail in `errors`.
fn coded(code: ErrorCode, field: &str, detail: impl Into<String>) -> ApiError {
    ApiError { problems: vec![FieldError::new(field, detail)], ..ApiError::new(code, code.default_message()) }
}

/// 10012 功能模块输入不正确.
pub fn invalid_plate(field: &str, detail: impl Into<String>) -> ApiError {
    coded(ErrorCode::InvalidPlate, field, detail)
}

/// 10013 输入的客服状态在后台无匹配值.
pub fn unknown_state(detail: impl Into<String>) -> ApiError {
    coded(ErrorCode::UnknownServiceState, "state", detail)
}

/// 10013 for a well-formed name the plate's list does not hold.
pub fn state_not_configured(plate: Plate, state: &StateName, list: &StateList) -> ApiError {
    unknown_state(format!(
        "{:?} is not a state of plate {plate}; its states are {}",
        state.as_str(),
        list.names().join(", ")
    ))
}

const PLATE_HINT: &str = "1 (工单), 2 (在线聊天) or 3 (呼叫中心)";

/// The `plate` query parameter, as given (None when absent); given twice is 10012 too.
pub fn plate_query(query: &QueryParams) -> Result<Option<&str>, ApiError> {
    query.one("plate").map_err(|_| invalid_plate("plate", "given more than once"))
}

/// The `plate` query parameter of a GET, required.
pub fn plate_param(raw: Option<&str>) -> Result<Plate, ApiError> {
    match raw {
        None => Err(invalid_plate("plate", format!("is required: {PLATE_HINT}, e.g. ?plate=2"))),
        Some(raw) => Plate::parse(raw).map_err(|message| invalid_plate("plate", message)),
    }
}

/// A string or a whole number, as text (the API sends numbers as strings, clients send
/// either); None for anything else.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// A checked `{"plate_service_state":{"plate":…,"state":…}}`.
pub struct SetCommand {
    pub plate: Plate,
    pub state: StateName,
}

/// Reads the inner object of a PUT. `sId` may be sent back if it is the path's.
pub fn set_command(mut members: Map<String, Value>, agent: AgentId) -> Result<SetCommand, ApiError> {
    let mut problems = Vec::new();
    if let Some(s_id) = members.remove("sId")
        && scalar_text(&s_id) != Some(agent.to_string())
    {
        problems.push(FieldError::new(
            "sId",
            format!("is {} but the path names sId {agent}; leave it out", describe(&s_id)),
        ));
    }
    let plate = members.remove("plate");
    let state = members.remove("state");
    for key in members.keys() {
        problems.push(FieldError::new(key.as_str(), "unknown field; the fields are plate, state"));
    }
    if !problems.is_empty() {
        return Err(ApiError::invalid(problems));
    }

    let plate = match plate {
        None => return Err(invalid_plate("plate", format!("is required: {PLATE_HINT}"))),
        Some(value) => match scalar_text(&value) {
            Some(text) => Plate::parse(&text).map_err(|m| invalid_plate("plate", m))?,
            None => {
                return Err(invalid_plate("plate", format!("must be {PLATE_HINT}, got {}", describe(&value))));
            }
        },
    };
    let state = match state {
        None => {
            return Err(unknown_state("is required: the name of a state, e.g. \"在线\""));
        }
        Some(value) => match scalar_text(&value) {
            Some(text) => {
                StateName::parse(&text).map_err(|m| unknown_state(format!("{text:?} cannot be a state's name: {m}")))?
            }
            None => {
                return Err(unknown_state(format!("must be the name of a state, got {}", describe(&value))));
            }
        },
    };
    Ok(SetCommand { plate, state })
}
