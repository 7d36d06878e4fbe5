//! `{"duty":[…]}` (POST) and `{"duty":{…}}` (PUT) bodies → checked domain values.

use kefu_api::{DutyBatchBody, DutyUpdate, NewDuty, RequestShape, ScheduleFields};
use kefu_app::Members;
use kefu_app::schedules::ShiftInput;
use kefu_domain::AgentId;
use kefu_domain::schedule::{DutyDate, DutyEntry, DutyId, NewSchedule, SchedulePatch};
use serde_json::{Map, Value};

use crate::api::input::{ObjectReader, describe};
use crate::api::nested::{absorb, list_at, object_at};
use crate::http::error::ApiError;

const BATCH_SHAPE: &str = "the body is {\"duty\":[{\"sid\":…,\"date\":\"2023-11-07\",\"schedules\":[{\"start_time\":\"15:00\",\"end_time\":\"16:00\",…}]}]}";

/// `POST /schedules.json`: every entry and schedule checked, every problem named by its
/// path (`duty[1].schedules[0].end_time`).
/// `max` schedules at most in all (the operator's limit).
pub fn batch(body: Map<String, Value>, max: usize) -> Result<Vec<DutyEntry>, ApiError> {
    let mut r = ObjectReader::new(body);
    let entries = match r.take("duty") {
        None => {
            r.problem("duty", format!("is required: {BATCH_SHAPE}"));
            None
        }
        Some(value) => entries(&mut r, value, max),
    };
    r.finish(DutyBatchBody::members())?;
    entries.ok_or_else(ApiError::internal)
}

fn entries(r: &mut ObjectReader, value: Value, max: usize) -> Option<Vec<DutyEntry>> {
    let items = list_at(r, "duty", value, max, "{sid, date, schedules} entries")?;
    if items.is_empty() {
        r.problem("duty", format!("must list at least one entry: {BATCH_SHAPE}"));
        return None;
    }
    let total: usize =
        items.iter().map(|item| item.get("schedules").and_then(Value::as_array).map_or(0, Vec::len)).sum();
    if total > max {
        r.problem("duty", format!("at most {max} schedules may be created in one call, got {total}; split the batch"));
        return None;
    }
    let parsed: Vec<Option<DutyEntry>> =
        items.into_iter().enumerate().map(|(i, item)| entry(r, &format!("duty[{i}]"), item, max)).collect();
    parsed.into_iter().collect()
}

fn entry(r: &mut ObjectReader, path: &str, value: Value, max: usize) -> Option<DutyEntry> {
    let members = object_at(r, path, value)?;
    let mut e = ObjectReader::new(members);
    let agent = e.require("sid", AgentId::parse);
    let date = e.require("date", DutyDate::parse);
    let schedules = match e.take("schedules") {
        None => {
            e.problem("schedules", "is required: a list of {start_time, end_time, …}");
            None
        }
        Some(value) => list_at(&mut e, "schedules", value, max, "schedules").and_then(|items| {
            if items.is_empty() {
                e.problem("schedules", "must list at least one schedule");
                return None;
            }
            let parsed: Vec<Option<NewSchedule>> = items
                .into_iter()
                .enumerate()
                .map(|(j, item)| schedule(&mut e, &format!("schedules[{j}]"), item))
                .collect();
            parsed.into_iter().collect::<Option<Vec<_>>>()
        }),
    };
    if !absorb(r, path, e.finish(NewDuty::members())) {
        return None;
    }
    Some(DutyEntry { agent: agent?, date: date?, schedules: schedules? })
}

fn schedule(e: &mut ObjectReader, path: &str, value: Value) -> Option<NewSchedule> {
    let members = object_at(e, path, value)?;
    let mut s = ObjectReader::new(members);
    let fields = ShiftInput::read(&mut s);
    if !absorb(e, path, s.finish(ScheduleFields::members())) {
        return None;
    }
    fields.new_schedule()
}

/// `PUT /schedules.json?dutyId=…`'s `duty` object. Its agent and day are part of the
/// dutyId and cannot change: `sid`, `date` and `dutyId` may be sent back only unchanged.
pub fn patch(members: Map<String, Value>, id: DutyId) -> Result<SchedulePatch, ApiError> {
    let mut s = ObjectReader::new(members);
    let fixed = "cannot be changed: a schedule's agent and date are fixed (delete it and create a new one)";
    if let Some(sid) = s.text("sid")
        && AgentId::parse(&sid) != Ok(id.agent)
    {
        s.problem("sid", format!("{fixed}; this schedule's sid is {}", id.agent));
    }
    if let Some(date) = s.text("date")
        && DutyDate::parse(&date) != Ok(id.date)
    {
        s.problem("date", format!("{fixed}; this schedule's date is {}", id.date));
    }
    if let Some(sent) = s.take("dutyId")
        && sent.as_str() != Some(id.to_string().as_str())
    {
        s.problem("dutyId", format!("cannot be changed, got {}", describe(&sent)));
    }
    // Sent back from a GET: "1" is the only status there is.
    if let Some(status) = s.text("status")
        && status != "1"
    {
        s.problem("status", "is read-only: the server sets it");
    }
    let fields = ShiftInput::read(&mut s);
    s.finish(DutyUpdate::members())?;
    fields.patch().ok_or_else(ApiError::internal)
}
