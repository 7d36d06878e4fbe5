//! `{"support":{…}}` bodies → checked domain commands.

use kefu_api::Support;
use kefu_domain::agent::{
    AgentName, AgentPatch, AgentStatus, Email, FixNumber, Gender, JobNumber, Mobile, NewAgent, PassportName, QqNumber,
    parse_admin_flag, parse_group_ids,
};
use kefu_domain::password::Password;
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::input::{ObjectReader, describe};

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
pub fn new_agent(members: Map<String, Value>) -> Result<NewAgent, ApiError> {
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
    reject_undefined_custom_fields(&mut r);
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
    })
}

/// `PUT /supports/{id}.json`: `current` is the agent as the API shows it now.
pub fn agent_patch(members: Map<String, Value>, current: &Support) -> Result<AgentPatch, ApiError> {
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
    };
    reject_undefined_custom_fields(&mut r);
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

/// Custom field values need definitions, which this company does not have: any value
/// names an undefined field. An empty list is fine.
fn reject_undefined_custom_fields(r: &mut ObjectReader) {
    let Some(value) = r.take("custom_fields") else {
        return;
    };
    let Value::Array(items) = value else {
        r.problem("custom_fields", format!("must be a list of {{\"key\":…,\"value\":…}}, got {}", describe(&value)));
        return;
    };
    for item in items {
        let key = item.get("key").and_then(Value::as_str).unwrap_or("");
        r.problem("custom_fields", format!("no custom field {key:?} is defined for this company"));
    }
}
