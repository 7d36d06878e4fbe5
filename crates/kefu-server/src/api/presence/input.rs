//! Reading presence requests. The seed's coded errors (10011, 10012, 10013) are the use
//! cases' (`kefu_app::presence`); what is read here is what only JSON and query strings
//! have — members of the wrong type, a parameter given twice.

use kefu_api::{PlateServiceStateInput, RequestShape};
use kefu_app::AppError;
use kefu_app::presence::{SetState, plate, plate_hint, required_plate, state_name};
use kefu_domain::presence::Plate;
use kefu_domain::{AgentId, FieldError};
use serde_json::{Map, Value};

use crate::api::input::describe;
use crate::http::extract::QueryParams;

/// The `plate` query parameter, as given (None when absent); given twice is 10012 too.
pub fn plate_query(query: &QueryParams) -> Result<Option<&str>, AppError> {
    query.one("plate").map_err(|_| AppError::invalid_plate("plate", "given more than once"))
}

/// The `plate` query parameter of a GET, required.
pub fn plate_param(raw: Option<&str>) -> Result<Plate, AppError> {
    required_plate("plate", raw)
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

/// Reads the inner object of a PUT. `sId` may be sent back if it is the path's.
pub fn set_command(mut members: Map<String, Value>, agent: AgentId) -> Result<SetState, AppError> {
    let mut problems = Vec::new();
    if let Some(s_id) = members.remove("sId")
        && scalar_text(&s_id) != Some(agent.to_string())
    {
        problems.push(FieldError::new(
            "sId",
            format!("is {} but the path names sId {agent}; leave it out", describe(&s_id)),
        ));
    }
    let plate_member = members.remove("plate");
    let state_member = members.remove("state");
    for key in members.keys() {
        let known = PlateServiceStateInput::members().join(", ");
        problems.push(FieldError::new(key.as_str(), format!("unknown field; the fields are {known}")));
    }
    AppError::check(problems)?;

    let plate = match plate_member {
        None => return Err(AppError::invalid_plate("plate", format!("is required: {}", plate_hint()))),
        Some(value) => match scalar_text(&value) {
            Some(text) => plate("plate", &text)?,
            None => {
                return Err(AppError::invalid_plate(
                    "plate",
                    format!("must be {}, got {}", plate_hint(), describe(&value)),
                ));
            }
        },
    };
    let state = match state_member {
        None => return Err(AppError::unknown_state("is required: the name of a state, e.g. \"在线\"")),
        Some(value) => match scalar_text(&value) {
            Some(text) => state_name(&text)?,
            None => {
                return Err(AppError::unknown_state(format!("must be the name of a state, got {}", describe(&value))));
            }
        },
    };
    Ok(SetState { plate, state })
}
