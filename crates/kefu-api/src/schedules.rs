//! Schedules (排班): the `duty` objects of `/api/v1/schedules.json`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One agent-day and its schedules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Duty {
    /// The agent's sId.
    #[schema(pattern = r"^[1-9][0-9]*$", example = "1")]
    pub sid: String,
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", example = "2023-12-04")]
    pub date: String,
    pub schedules: Vec<DutySchedule>,
}

/// One schedule, in the seed's order. Fields that were not given are left out; `status`
/// appears in the answers of GET, PUT and DELETE (not of POST), as the seed shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DutySchedule {
    /// `{sid}_{date}_{n}`.
    #[serde(rename = "dutyId")]
    #[schema(example = "10591_2023-12-04_23")]
    pub duty_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    #[schema(pattern = "^[0-9]{2}:[0-9]{2}$", example = "09:00")]
    pub start_time: String,
    #[schema(pattern = "^[0-9]{2}:[0-9]{2}$", example = "18:00")]
    pub end_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^1$")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The `data` of GET and POST: `{"duty":[…]}`, one entry per agent-day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DutyList {
    pub duty: Vec<Duty>,
}

/// The `data` of PUT and DELETE: `{"duty":{…}}`, the one schedule's agent-day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DutyOne {
    pub duty: Duty,
}
