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

// ── Requests ─────────────────────────────────────────────────────────────────────────

/// One schedule's writable members: times are `HH:MM` (`end_time` after `start_time`, at
/// most `24:00`); `""` is no name, remark or url.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::schedule_name)]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::schedule_remark)]
    pub remark: Option<String>,
    #[schema(schema_with = crate::schema::text, example = "09:00")]
    pub start_time: String,
    #[schema(schema_with = crate::schema::text, example = "18:00")]
    pub end_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::url)]
    pub url: Option<String>,
}

impl ScheduleFields {
    pub fn new(start_time: impl Into<String>, end_time: impl Into<String>) -> Self {
        ScheduleFields { start_time: start_time.into(), end_time: end_time.into(), ..ScheduleFields::default() }
    }
}

fn schedules_of_a_day() -> utoipa::openapi::schema::Schema {
    crate::schema::list_of::<ScheduleFields>(kefu_limits::MAX_SCHEDULES_PER_BATCH)
}

/// One agent-day of a batch: `{"sid":…,"date":"2023-11-07","schedules":[…]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDuty {
    /// The agent's sId.
    #[schema(schema_with = crate::schema::text)]
    pub sid: String,
    /// `YYYY-MM-DD`.
    #[schema(schema_with = crate::schema::text, example = "2023-11-07")]
    pub date: String,
    #[schema(schema_with = schedules_of_a_day)]
    pub schedules: Vec<ScheduleFields>,
}

fn duties() -> utoipa::openapi::schema::Schema {
    crate::schema::list_of::<NewDuty>(kefu_limits::MAX_SCHEDULES_PER_BATCH)
}

/// `{"duty":[…]}`: all are created, or none. One call creates at most 500 schedules in all
/// (`kefu serve --max-schedules-per-batch` may say otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DutyBatchBody {
    #[schema(schema_with = duties)]
    pub duty: Vec<NewDuty>,
}

/// What a GET shows of a schedule that a change may send back, only unchanged: its agent
/// and day are part of its dutyId.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DutyServerSet {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub sid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub date: Option<String>,
    #[serde(rename = "dutyId", default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub duty_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub status: Option<String>,
}

/// A change of a schedule: [`ScheduleFields`] and [`DutyServerSet`].
pub struct DutyUpdate;

impl utoipa::PartialSchema for DutyUpdate {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::schema::merged::<ScheduleFields, DutyServerSet>(
            "The schedule's new times and texts; its agent and day are fixed (`sid`, `date`, `dutyId` and `status` may be sent back only unchanged).",
        )
    }
}

impl ToSchema for DutyUpdate {}

/// `{"duty":{…}}`.
#[derive(ToSchema)]
pub struct DutyUpdateBody {
    pub duty: DutyUpdate,
}

crate::schema::request_shapes!(ScheduleFields, NewDuty, DutyBatchBody, DutyUpdate);
