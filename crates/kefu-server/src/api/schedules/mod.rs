//! Schedules (排班), administrators only: `GET`, `POST`, `PUT ?dutyId=` and
//! `DELETE ?dutyId=` on `/api/v1/schedules.json`.

pub(crate) mod input;

use axum::Json;
use axum::extract::State;
use kefu_api::{Coded, Duty, DutyList, DutyOne, DutySchedule};
use kefu_app::schedules::clock;
use kefu_domain::schedule::{DutyId, LocalNow, ScheduleRange};
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, FieldError};
use kefu_store::ScheduleRecord;

use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::Admin;
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, QueryParams};
use crate::state::AppState;

const PATH: &str = "/api/v1/schedules.json";

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(utoipa_axum::routes!(list, create, update, delete))
}

/// `?startDT=2023-12-01&endDT=2023-12-31[&sid=…]`: one `{sid, date, schedules}` per
/// agent-day, by date and then sid.
#[utoipa::path(
    get,
    path = PATH,
    tag = "schedules",
    operation_id = "list_schedules",
    params(parameters::ScheduleRange),
    responses(
        (status = 200, description = "The schedules, one entry per agent-day", body = Coded<DutyList>),
        responses::InvalidQuery,
        (status = 404, description = "10011 (该客服不存在): `sid` names no agent the company ever had", body = kefu_api::ErrorBody),
        responses::AdminErrors,
    )
)]
async fn list(
    State(state): State<AppState>,
    Admin(caller): Admin,
    query: QueryParams,
) -> Result<Json<Coded<DutyList>>, ApiError> {
    let today = LocalNow::at(now_micros(), &caller.zone).date;
    let range = ScheduleRange::parse(query.one("startDT")?, query.one("endDT")?, today);
    let agent = query.one("sid")?.map(AgentId::parse);
    let (range, agent) = match (range, agent) {
        (Ok(range), None) => (range, None),
        (Ok(range), Some(Ok(agent))) => (range, Some(agent)),
        (range, agent) => {
            let mut problems = range.err().unwrap_or_default();
            if let Some(Err(message)) = agent {
                problems.push(FieldError::new("sid", message));
            }
            return Err(ApiError::invalid(problems));
        }
    };
    let records = state.app().schedules().list(&caller, &range, agent).await?;
    Ok(Json(Coded::ok(DutyList { duty: group_by_agent_day(&records) })))
}

/// `{"duty":[{sid, date, schedules:[…]}, …]}`: all created, or none.
#[utoipa::path(
    post,
    path = PATH,
    tag = "schedules",
    operation_id = "create_schedules",
    request_body = kefu_api::DutyBatchBody,
    responses(
        (status = 200, description = "Every schedule created", body = Coded<DutyList>),
        responses::InvalidBody,
        (status = 404, description = "10011 (该客服不存在): `errors` names each entry whose sid is unknown; nothing was created", body = kefu_api::ErrorBody),
        responses::AdminErrors,
    )
)]
async fn create(
    State(state): State<AppState>,
    Admin(caller): Admin,
    body: JsonObject,
) -> Result<Json<Coded<DutyList>>, ApiError> {
    let entries = input::batch(body.0, state.limits().max_schedules_per_batch)?;
    let created = state.app().schedules().create(&caller, &entries).await?;
    Ok(Json(Coded::success(DutyList {
        duty: entries
            .iter()
            .zip(created)
            .map(|(entry, records)| Duty {
                sid: entry.agent.to_string(),
                date: entry.date.to_string(),
                schedules: records.iter().map(|r| item(r, false)).collect(),
            })
            .collect(),
    })))
}

/// `?dutyId=…` with `{"duty":{name, remark, start_time, end_time, url}}`.
#[utoipa::path(
    put,
    path = PATH,
    tag = "schedules",
    operation_id = "update_schedule",
    params(parameters::DutyId),
    request_body = kefu_api::DutyUpdateBody,
    responses(
        (status = 200, description = "The schedule as changed", body = Coded<DutyOne>),
        responses::InvalidBody,
        responses::NotFound,
        responses::Conflict,
        responses::AdminErrors,
    )
)]
async fn update(
    State(state): State<AppState>,
    Admin(caller): Admin,
    query: QueryParams,
    body: JsonObject,
) -> Result<Json<Coded<DutyOne>>, ApiError> {
    let id = duty_id(&query)?;
    let patch = input::patch(body.into_wrapped("duty")?, id)?;
    let record = state.app().schedules().update(&caller, id, &patch).await?;
    Ok(Json(Coded::ok(one(&record))))
}

/// `?dutyId=…`; a schedule that has started (in the company's time zone) stays.
#[utoipa::path(
    delete,
    path = PATH,
    tag = "schedules",
    operation_id = "delete_schedule",
    params(parameters::DutyId),
    responses(
        (status = 200, description = "The schedule, as it was", body = Coded<DutyOne>),
        responses::InvalidQuery,
        responses::NotFound,
        (status = 409, description = "The schedule has started", body = kefu_api::ErrorBody),
        responses::AdminErrors,
    )
)]
async fn delete(
    State(state): State<AppState>,
    Admin(caller): Admin,
    query: QueryParams,
) -> Result<Json<Coded<DutyOne>>, ApiError> {
    let record = state.app().schedules().delete(&caller, duty_id(&query)?).await?;
    Ok(Json(Coded::ok(one(&record))))
}

/// The `dutyId` query parameter. One that cannot be a dutyId names no schedule: 404; one
/// with a number spelt another way (`03_…`) is a 400, as every non-canonical id.
fn duty_id(query: &QueryParams) -> Result<DutyId, ApiError> {
    let raw = query
        .one("dutyId")?
        .ok_or_else(|| ApiError::field("dutyId", "is required, e.g. ?dutyId=10591_2023-12-04_23"))?;
    DutyId::parse(raw).map_err(|message| {
        if kefu_domain::ids::is_not_canonical(&message) {
            ApiError::field("dutyId", message)
        } else {
            ApiError::not_found(format!("no schedule: {message}"))
        }
    })
}

/// One schedule; `status` ("1") only in the answers that show it in the seed.
fn item(record: &ScheduleRecord, with_status: bool) -> DutySchedule {
    DutySchedule {
        duty_id: record.duty_id(),
        name: record.name.clone(),
        remark: record.remark.clone(),
        start_time: clock(record.start_minute),
        end_time: clock(record.end_minute),
        status: with_status.then(|| "1".to_owned()),
        url: record.url.clone(),
    }
}

fn one(record: &ScheduleRecord) -> DutyOne {
    DutyOne {
        duty: Duty { sid: record.agent_id.to_string(), date: record.date.clone(), schedules: vec![item(record, true)] },
    }
}

/// Records ordered by day and agent → one `Duty` per agent-day.
fn group_by_agent_day(records: &[ScheduleRecord]) -> Vec<Duty> {
    let mut duty: Vec<Duty> = Vec::new();
    for record in records {
        let sid = record.agent_id.to_string();
        match duty.last_mut() {
            Some(last) if last.sid == sid && last.date == record.date => {
                last.schedules.push(item(record, true));
            }
            _ => duty.push(Duty { sid, date: record.date.clone(), schedules: vec![item(record, true)] }),
        }
    }
    duty
}
