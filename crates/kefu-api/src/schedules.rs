//! Schedules (排班): the `duty` objects of `/api/v1/schedules.json`.

use serde::{Deserialize, Serialize};

/// One agent-day and its schedules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Duty {
    pub sid: String,
    pub date: String,
    pub schedules: Vec<DutySchedule>,
}

/// One schedule, in the seed's order. Fields that were not given are left out; `status`
/// appears in the answers of GET, PUT and DELETE (not of POST), as the seed shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DutySchedule {
    #[serde(rename = "dutyId")]
    pub duty_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    pub start_time: String,
    pub end_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The `data` of GET and POST: `{"duty":[…]}`, one entry per agent-day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DutyList {
    pub duty: Vec<Duty>,
}

/// The `data` of PUT and DELETE: `{"duty":{…}}`, the one schedule's agent-day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DutyOne {
    pub duty: Duty,
}
