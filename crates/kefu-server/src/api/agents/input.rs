//! `{"support":{…}}` bodies → checked domain commands.

use kefu_api::Support;
use kefu_domain::FieldError;
use kefu_domain::agent::{
    AgentName, AgentPatch, AgentStatus, Email, FixNumber, Gender, JobNumber, Mobile, NewAgent, PassportName, QqNumber,
    parse_admin_flag, parse_group_ids,
};
use kefu_domain::custom_field::{FieldValue, check_value, parse_field_key};
use kefu_domain::password::Password;
use serde_json::{Map, Value};

use crate::api::fields::{FieldContext, value_problem};
use crate::api::input::{ObjectReader, describe};
use crate::http::error::ApiError;

/// The members a client may send when creating or updating an agent.
const WRITABLE: [&str; 12] = [
    "sPassportName",
    "password",
    "groupId",
    "sNum",
    "name",
    "gnder",
    "email",
    "fixnumber",
    "mobile",
    "QQ",
    "isAdmin",
    "custom_fields",
];

/// Members the server sets. A client that sends one back unchanged (a GET, edited, PUT
/// back) is fine; a different value is an attempt to change it, and refused.
const READ_ONLY: [&str; 5] = ["sId", "url", "isStat", "createDT", "updateDT"];

/// `POST /supports.json`.
pub fn new_agent(members: Map<String, Value>, fields: &FieldContext) -> Result<NewAgent, ApiError> {
    let mut r = ObjectReader::new(members);
    for key in READ_ONLY {
        if r.take(key).is_some() {
            r.problem(key, "is read-only: the server sets it");
        }
    }
    let passport_name = r.require("sPassportName", PassportName::parse);
    let job_number = r.require("sNum", JobNumber::parse);
    let password = r.parse("password", Password::parse);
    let name = r.parse("name", AgentName::parse);
    let gender = r.parse("gnder", Gender::parse);
    let email = r.parse("email", Email::parse);
    let fixnumber = r.parse("fixnumber", FixNumber::parse);
    let mobile = r.parse("mobile", Mobile::parse);
    let qq = r.parse("QQ", QqNumber::parse);
    let is_admin = r.parse("isAdmin", parse_admin_flag);
    let groups = r.parse("groupId", parse_group_ids);
    let custom_fields: Vec<(i64, FieldValue)> =
        custom_values(&mut r, fields, true).into_iter().filter_map(|(n, v)| v.map(|v| (n, v))).collect();
    r.finish(&WRITABLE)?;

    // finish() succeeded, so every required member parsed.
    let (Some(passport_name), Some(job_number)) = (passport_name, job_number) else {
        return Err(ApiError::internal());
    };
    Ok(NewAgent {
        passport_name,
        password,
        job_number,
        name: name.unwrap_or_default(),
        gender: gender.unwrap_or_default(),
        email: email.unwrap_or_default(),
        fixnumber: fixnumber.unwrap_or_default(),
        mobile: mobile.unwrap_or_default(),
        qq: qq.unwrap_or_default(),
        is_admin: is_admin.unwrap_or(false),
        groups: groups.unwrap_or_default(),
        custom_fields,
    })
}

/// `PUT /supports/{id}.json`: `current` is the agent as the API shows it now.
pub fn agent_patch(
    members: Map<String, Value>,
    current: &Support,
    fields: &FieldContext,
) -> Result<AgentPatch, ApiError> {
    let mut r = ObjectReader::new(members);
    let fixed = [
        ("sPassportName", current.passport_name.as_str()),
        ("sId", current.s_id.as_str()),
        ("createDT", current.create_dt.as_str()),
        ("isStat", current.is_stat.as_str()),
    ];
    for (key, value) in fixed {
        if let Some(sent) = r.text(key)
            && sent != value
        {
            let hint = match key {
                "isStat" => " (hide or restore an agent with PUT /api/v1/servicers/{sId}.json)",
                "sPassportName" => " (an agent's login is fixed once created)",
                _ => "",
            };
            r.problem(key, format!("cannot be changed{hint}"));
        }
    }
    // kefu's own informational field: a client echoing a stale copy back is harmless.
    r.take("updateDT");
    if let Some(url) = r.take("url") {
        let same_resource =
            url.as_str().is_some_and(|u| u.ends_with(&format!("/api/v1/supports/{}.json", current.s_id)));
        if !same_resource {
            r.problem("url", format!("cannot be changed, got {}", describe(&url)));
        }
    }
    let patch = AgentPatch {
        password: r.parse("password", Password::parse),
        job_number: r.parse("sNum", JobNumber::parse),
        name: r.parse("name", AgentName::parse),
        gender: r.parse("gnder", Gender::parse),
        email: r.parse("email", Email::parse),
        fixnumber: r.parse("fixnumber", FixNumber::parse),
        mobile: r.parse("mobile", Mobile::parse),
        qq: r.parse("QQ", QqNumber::parse),
        is_admin: r.parse("isAdmin", parse_admin_flag),
        groups: r.parse("groupId", parse_group_ids),
        custom_fields: Vec::new(),
    };
    let custom_fields = custom_values(&mut r, fields, false);
    let mut patch = patch;
    patch.custom_fields = custom_fields;
    let mut known: Vec<&str> = WRITABLE.iter().filter(|k| **k != "sPassportName").copied().collect();
    known.extend(READ_ONLY);
    r.finish(&known)?;
    Ok(patch)
}

/// `PUT /servicers/{sId}.json`: `{"support":{"isStat":"0"|"1"}}`.
pub fn visibility(members: Map<String, Value>) -> Result<AgentStatus, ApiError> {
    let mut r = ObjectReader::new(members);
    let status = r.require("isStat", AgentStatus::parse_visibility);
    r.finish(&["isStat"])?;
    status.ok_or_else(ApiError::internal)
}

/// `custom_fields: [{"key":"field_3","value":…}]`, checked against the company's
/// definitions. A value of `""`, `null` or `[]` clears the field. On creation every
/// required field must get a value; on an update the list is merged by key, and a required
/// field cannot be cleared.
fn custom_values(r: &mut ObjectReader, fields: &FieldContext, creating: bool) -> Vec<(i64, Option<FieldValue>)> {
    let mut values: Vec<(i64, Option<FieldValue>)> = Vec::new();
    let mut problems = Vec::new();
    match r.take("custom_fields") {
        None => {}
        Some(Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                match custom_value(item, fields, creating) {
                    Ok((number, _)) if values.iter().any(|(n, _)| *n == number) => {
                        problems.push(value_problem(number, "is given twice"));
                    }
                    Ok(entry) => values.push(entry),
                    Err(CustomProblem::Item(message)) => {
                        problems.push(FieldError::new(format!("custom_fields[{index}]"), message));
                    }
                    Err(CustomProblem::Value(problem)) => problems.push(problem),
                }
            }
        }
        Some(other) => problems.push(FieldError::new(
            "custom_fields",
            format!("must be a list of {{\"key\":…,\"value\":…}}, got {}", describe(&other)),
        )),
    }
    if creating {
        for definition in fields.definitions.iter().filter(|d| d.required) {
            let given = values.iter().any(|(n, v)| *n == definition.number && v.is_some());
            let reported = problems.iter().any(|p| p.field == format!("custom_fields.{}", definition.key()));
            if !given && !reported {
                problems.push(value_problem(definition.number, format!("is required ({})", definition.title)));
            }
        }
        values.retain(|(_, value)| value.is_some());
    }
    for problem in problems {
        r.problem(&problem.field, problem.message);
    }
    values
}

enum CustomProblem {
    /// The entry itself is malformed (no key, not an object…).
    Item(String),
    /// The entry names a field, and its value is wrong.
    Value(FieldError),
}

fn custom_value(
    item: &Value,
    fields: &FieldContext,
    creating: bool,
) -> Result<(i64, Option<FieldValue>), CustomProblem> {
    let shape = "must be {\"key\":\"field_N\",\"value\":…}";
    let Value::Object(entry) = item else {
        return Err(CustomProblem::Item(format!("{shape}, got {}", describe(item))));
    };
    if let Some(extra) = entry.keys().find(|k| *k != "key" && *k != "value") {
        return Err(CustomProblem::Item(format!("{shape}; {extra:?} is not allowed")));
    }
    let Some(Value::String(key)) = entry.get("key") else { return Err(CustomProblem::Item(shape.to_owned())) };
    let number = parse_field_key(key).map(i64::from).map_err(CustomProblem::Item)?;
    let Some(definition) = fields.definition(number) else {
        return Err(CustomProblem::Value(value_problem(number, "no such custom field is defined for this company")));
    };
    // An entry without `value` is a mistake, not a request to clear the field: clearing
    // is said with "", null or [].
    let Some(raw) = entry.get("value") else {
        return Err(CustomProblem::Value(value_problem(
            number,
            "\"value\" is missing; send \"\", null or [] to clear the field",
        )));
    };
    let clears = match raw {
        Value::Null => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    };
    if clears {
        if definition.required && !creating {
            return Err(CustomProblem::Value(value_problem(number, "is required and cannot be cleared")));
        }
        return Ok((number, None));
    }
    check_value(definition, fields.pattern(number), raw)
        .map(|value| (number, Some(value)))
        .map_err(|message| CustomProblem::Value(value_problem(number, message)))
}
