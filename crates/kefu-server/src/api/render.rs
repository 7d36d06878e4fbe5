//! Stored records → the hosted API's wire shapes.

use jiff::tz::TimeZone;
use kefu_api::{CustomFieldValue, Support, SupportGroup};
use kefu_domain::custom_field::field_key;
use kefu_domain::time::format_datetime;
use kefu_store::{AgentRecord, GroupRecord};

use crate::http::links::BaseUrl;

/// The path of an agent's resource.
pub fn support_path(id: impl std::fmt::Display) -> String {
    format!("/api/v1/supports/{id}.json")
}

pub fn support(agent: &AgentRecord, base: &BaseUrl, zone: &TimeZone) -> Support {
    let groups: Vec<String> = agent.groups.iter().map(ToString::to_string).collect();
    Support {
        s_id: agent.id.to_string(),
        url: base.join(&support_path(agent.id)),
        passport_name: agent.passport_name.clone(),
        group_id: groups.join(","),
        job_number: agent.job_number.clone(),
        name: agent.name.clone(),
        gnder: agent.gender.code().to_string(),
        email: agent.email.clone(),
        fixnumber: agent.fixnumber.clone(),
        mobile: agent.mobile.clone(),
        qq: agent.qq.clone(),
        is_admin: if agent.is_admin { "1" } else { "0" }.to_owned(),
        is_stat: agent.status.code().to_string(),
        create_dt: format_datetime(agent.created_at, zone),
        update_dt: format_datetime(agent.updated_at, zone),
        custom_fields: agent
            .custom_fields
            .iter()
            .map(|(number, json)| CustomFieldValue {
                key: field_key(*number),
                value: serde_json::from_str(json).unwrap_or_else(|_| serde_json::Value::String(json.clone())),
            })
            .collect(),
    }
}

pub fn support_group(group: &GroupRecord, zone: &TimeZone) -> SupportGroup {
    SupportGroup {
        group_id: group.id.to_string(),
        name: group.name.clone(),
        create_dt: format_datetime(group.created_at, zone),
    }
}
