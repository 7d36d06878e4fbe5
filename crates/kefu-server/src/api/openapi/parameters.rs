//! Query and path parameters, for the document only: handlers read them with
//! `QueryParams` and `JsonPathId`, whose checks these describe. Every parameter may be given
//! at most once (twice is a 400); unknown parameters are ignored, as the hosted service does.

#![allow(dead_code)]

use utoipa::IntoParams;

/// `page` and `per_page`, as the developer guide defines them.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// The page, from 1.
    #[param(minimum = 1, maximum = 1_000_000_000)]
    page: Option<u64>,
    /// Rows per page, at most 100 (the default).
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<u64>,
}

/// The time filters of lists: `created_start` / `created_end`, both inclusive, in the
/// company's time zone.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CreatedRange {
    /// `2024-01-01 00:00:00` or `2024-01-01`.
    #[param(example = "2024-01-01 00:00:00")]
    created_start: Option<String>,
    /// `2024-01-31 23:59:59` or `2024-01-31` (the whole day). Not before `created_start`.
    #[param(example = "2024-01-31")]
    created_end: Option<String>,
}

/// `created_order`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CreatedOrder {
    /// `asc` or `desc`.
    #[param(pattern = "^(asc|desc)$")]
    created_order: Option<String>,
}

/// `isStat` (kefu extension): `1` active agents, `0` the recycle bin.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusFilter {
    #[param(rename = "isStat", pattern = "^[01]$")]
    is_stat: Option<String>,
}

/// The agent search.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Search {
    /// `FIELD:VALUE` (`sPassportName`, `name`, `sNum`, `mobile` or a custom field `field_N`)
    /// or a bare value searched in the four built-in fields; a case-insensitive substring.
    /// A search by `mobile` pages by 10.
    #[param(min_length = 1, max_length = 100, example = "name:张三")]
    query: String,
    /// `createDT` or `updateDT`; without it the order is by sId.
    #[param(pattern = "^(createDT|updateDT)$")]
    sort_by: Option<String>,
    /// `asc` or `desc`: descending by default with `sort_by`, else ascending.
    #[param(pattern = "^(asc|desc)$")]
    sort_order: Option<String>,
}

/// `GET /supports/show_many.json`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShowMany {
    /// Comma-separated sIds, at most 100; unknown ones are left out of the answer.
    #[param(example = "1,2,3")]
    ids: String,
}

/// The audit log's filter by agent.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgentFilter {
    /// Only this agent's entries.
    #[param(rename = "sId", pattern = r"^[1-9][0-9]*$")]
    s_id: Option<String>,
}

/// `plate` of `GET /plate_service_state/{sId}.json` (required: 10012 without it).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Plate {
    /// 1 (工单), 2 (在线聊天) or 3 (呼叫中心).
    #[param(pattern = "^[123]$", example = "2")]
    plate: String,
}

/// `plate` of the history (optional).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlateFilter {
    /// Only this plate's changes: 1, 2 or 3.
    #[param(pattern = "^[123]$")]
    plate: Option<String>,
}

/// `GET /schedules.json`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScheduleRange {
    /// The first day, `YYYY-MM-DD`; without it, the first of `endDT`'s month (or this month).
    #[param(rename = "startDT", example = "2023-12-01")]
    start: Option<String>,
    /// The last day, `YYYY-MM-DD`, at most 31 days after `startDT`; without it, the end of
    /// `startDT`'s month.
    #[param(rename = "endDT", example = "2023-12-31")]
    end: Option<String>,
    /// Only this agent's schedules.
    #[param(pattern = r"^[1-9][0-9]*$")]
    sid: Option<String>,
}

/// `PUT` and `DELETE /schedules.json`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DutyId {
    /// `{sid}_{date}_{n}`, as the schedule's answers show it.
    #[param(rename = "dutyId", example = "10591_2023-12-04_23")]
    duty_id: String,
}

/// An id in the path: a positive integer in canonical form. Another spelling of a number
/// (`01`, `+1`) is a 400; anything else names nothing: 404.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct Id {
    #[param(minimum = 1, maximum = 9_223_372_036_854_775_807_i64, format = Int64)]
    id: i64,
}

/// A custom field's key in the path.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct FieldKey {
    /// `field_N`.
    #[param(pattern = "^field_[1-9][0-9]*$", example = "field_1")]
    key: String,
}
