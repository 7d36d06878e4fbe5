//! `{"support":{…}}` bodies → the use cases' [`AgentInput`]: the members read by the rules
//! the console's form shares (`AgentInput::read_new` / `read_changes`), the custom fields'
//! entries checked for their shape here, and every problem passed on, so that the use case
//! answers them together with those only it can find.

use kefu_api::{RequestShape, SupportFields, SupportServerSet, SupportUpdate, Visibility};
use kefu_app::Members;
use kefu_app::agents::AgentInput;
use kefu_app::custom_fields::{CustomValue, value_problem};
use kefu_domain::agent::AgentStatus;
use kefu_domain::custom_field::parse_field_key;
use kefu_domain::{AgentId, FieldError};
use serde_json::{Map, Value};

use crate::api::input::{ObjectReader, describe};
use crate::http::error::ApiError;

/// `POST /supports.json`.
pub fn new_agent(members: Map<String, Value>) -> AgentInput {
    let mut r = ObjectReader::new(members);
    // The members the server sets (`SupportServerSet`): a new agent has none yet.
    for key in SupportServerSet::members() {
        if r.take(key).is_some() {
            r.problem(key, "is read-only: the server sets it");
        }
    }
    let input = AgentInput::read_new(&mut r);
    let custom_fields = custom_values(&mut r);
    AgentInput { custom_fields, problems: r.into_problems(SupportFields::members()), ..input }
}

/// `PUT /supports/{id}.json`. `sId` and `url` may be sent back if they are this agent's;
/// the other server-set members are compared with the stored agent by the use case.
pub fn agent_changes(members: Map<String, Value>, id: AgentId) -> AgentInput {
    let mut r = ObjectReader::new(members);
    if let Some(sent) = r.text("sId")
        && sent != id.to_string()
    {
        r.problem("sId", "cannot be changed");
    }
    // kefu's own informational field: a client echoing a stale copy back is harmless.
    r.take("updateDT");
    if let Some(url) = r.take("url") {
        let same_resource = url.as_str().is_some_and(|u| u.ends_with(&format!("/api/v1/supports/{id}.json")));
        if !same_resource {
            r.problem("url", format!("cannot be changed, got {}", describe(&url)));
        }
    }
    let input = AgentInput::read_changes(&mut r);
    let custom_fields = custom_values(&mut r);
    AgentInput { custom_fields, problems: r.into_problems(SupportUpdate::members()), ..input }
}

/// `PUT /servicers/{sId}.json`: `{"support":{"isStat":"0"|"1"}}`.
pub fn visibility(members: Map<String, Value>) -> Result<AgentStatus, ApiError> {
    let mut r = ObjectReader::new(members);
    let status = r.require("isStat", AgentStatus::parse_visibility);
    r.finish(Visibility::members())?;
    status.ok_or_else(ApiError::internal)
}

/// `custom_fields: [{"key":"field_3","value":…}]`: each entry's shape is checked here;
/// whether the field exists and takes the value, by the use case.
pub(crate) fn custom_values(r: &mut ObjectReader) -> Vec<CustomValue> {
    match r.take("custom_fields") {
        None => Vec::new(),
        Some(Value::Array(items)) => {
            let mut values = Vec::with_capacity(items.len());
            for (index, item) in items.into_iter().enumerate() {
                match custom_value(item) {
                    Ok(value) => values.push(value),
                    Err(CustomProblem::Item(message)) => r.problem(&format!("custom_fields[{index}]"), message),
                    Err(CustomProblem::Value(problem)) => r.problem(&problem.field, problem.message),
                }
            }
            values
        }
        Some(other) => {
            r.problem(
                "custom_fields",
                format!("must be a list of {{\"key\":…,\"value\":…}}, got {}", describe(&other)),
            );
            Vec::new()
        }
    }
}

enum CustomProblem {
    /// The entry itself is malformed (no key, not an object…).
    Item(String),
    /// The entry names a field, and its value is missing.
    Value(FieldError),
}

fn custom_value(item: Value) -> Result<CustomValue, CustomProblem> {
    let shape = "must be {\"key\":\"field_N\",\"value\":…}";
    let Value::Object(mut entry) = item else {
        return Err(CustomProblem::Item(format!("{shape}, got {}", describe(&item))));
    };
    if let Some(extra) = entry.keys().find(|k| *k != "key" && *k != "value") {
        return Err(CustomProblem::Item(format!("{shape}; {extra:?} is not allowed")));
    }
    let Some(Value::String(key)) = entry.get("key") else { return Err(CustomProblem::Item(shape.to_owned())) };
    let number = parse_field_key(key).map(i64::from).map_err(CustomProblem::Item)?;
    // An entry without `value` is a mistake, not a request to clear the field: clearing
    // is said with "", null or [].
    let Some(value) = entry.remove("value") else {
        return Err(CustomProblem::Value(value_problem(
            number,
            "\"value\" is missing; send \"\", null or [] to clear the field",
        )));
    };
    Ok(CustomValue { number, value })
}
