//! Schedules (排班), administrators only: list a range of days, create a batch (all or
//! nothing), change one, delete one that has not started. Other agents see their own week
//! in the console.

use kefu_domain::limits::MAX_SCHEDULES_PER_LIST;
use kefu_domain::schedule::{
    ClockTime, DutyEntry, DutyId, LocalNow, NewSchedule, ScheduleName, SchedulePatch, ScheduleRange, ScheduleRemark,
    Shift,
};
use kefu_domain::time::now_micros;
use kefu_domain::weburl::WebUrl;
use kefu_domain::{AgentId, FieldError};
use kefu_store::{BatchOutcome, Deletion, ScheduleRecord};

use crate::error::OrNotFound;
use crate::{App, AppError, Caller, Members};

/// The schedule use cases: `app.schedules()`.
pub struct Schedules<'a>(&'a App);

impl App {
    pub fn schedules(&self) -> Schedules<'_> {
        Schedules(self)
    }
}

/// The writable members of one schedule, as read. For the optional ones, None is "not
/// sent" and `Some(None)` "sent empty".
#[derive(Debug, Clone)]
pub struct ShiftInput {
    pub name: Option<Option<ScheduleName>>,
    pub remark: Option<Option<ScheduleRemark>>,
    /// None when a time is missing or refused (its problem is in the reader).
    pub shift: Option<Shift>,
    pub url: Option<Option<WebUrl>>,
}

impl ShiftInput {
    /// `name`, `remark`, `start_time`, `end_time` (both required, the end after the start)
    /// and `url`.
    pub fn read(m: &mut impl Members) -> Self {
        let name = m.parse("name", |raw| optional(raw, ScheduleName::parse));
        let remark = m.parse("remark", |raw| optional(raw, ScheduleRemark::parse));
        let start = m.require("start_time", ClockTime::parse_start);
        let end = m.require("end_time", ClockTime::parse_end);
        let url = m.parse("url", |raw| optional(raw, WebUrl::parse));
        let shift = match (start, end) {
            (Some(start), Some(end)) => match Shift::new(start, end) {
                Ok(shift) => Some(shift),
                Err(message) => {
                    m.problem("end_time", message);
                    None
                }
            },
            _ => None,
        };
        ShiftInput { name, remark, shift, url }
    }

    /// A schedule to create; None if its times were refused.
    pub fn new_schedule(self) -> Option<NewSchedule> {
        Some(NewSchedule {
            name: self.name.flatten(),
            remark: self.remark.flatten(),
            shift: self.shift?,
            url: self.url.flatten(),
        })
    }

    /// A change of a schedule; None if its times were refused.
    pub fn patch(self) -> Option<SchedulePatch> {
        Some(SchedulePatch { shift: self.shift?, name: self.name, remark: self.remark, url: self.url })
    }
}

/// `""` is none; anything else must parse.
fn optional<T>(raw: &str, parse: fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    if raw.is_empty() { Ok(None) } else { parse(raw).map(Some) }
}

/// A time of day as the API shows it, `HH:MM`.
pub fn clock(minutes: i64) -> String {
    ClockTime::from_minutes(minutes).map_or_else(|| "??:??".to_owned(), |t| t.to_string())
}

impl Schedules<'_> {
    /// The schedules of a range of days, of one agent or all, by day and agent. More than
    /// the API answers at once is a 400 asking to narrow the request.
    pub async fn list(
        &self,
        caller: &Caller,
        range: &ScheduleRange,
        agent: Option<AgentId>,
    ) -> Result<Vec<ScheduleRecord>, AppError> {
        caller.require_admin()?;
        self.0.ever_known(caller, agent, "sid").await?;
        let (first, last) = (range.first.to_string(), range.last.to_string());
        let records =
            self.0.store().list_schedules(caller.tenant, &first, &last, agent, MAX_SCHEDULES_PER_LIST + 1).await?;
        if records.len() > MAX_SCHEDULES_PER_LIST {
            return Err(AppError::new(
                kefu_api::ErrorCode::InvalidRequest,
                format!(
                    "more than {MAX_SCHEDULES_PER_LIST} schedules from {first} to {last}: ask for fewer days, or one agent with sid"
                ),
            ));
        }
        Ok(records)
    }

    /// The console's week: the shifts from `first` to `last` (`YYYY-MM-DD`) of one agent or
    /// all — an agent who is not an administrator sees only its own.
    pub async fn week(
        &self,
        caller: &Caller,
        first: &str,
        last: &str,
        agent: Option<AgentId>,
    ) -> Result<Vec<ScheduleRecord>, AppError> {
        let agent = if caller.is_admin { agent } else { Some(caller.agent) };
        Ok(self.0.store().list_schedules(caller.tenant, first, last, agent, MAX_SCHEDULES_PER_LIST).await?)
    }

    /// One schedule of the company, by dutyId.
    pub async fn find(&self, caller: &Caller, id: DutyId) -> Result<ScheduleRecord, AppError> {
        caller.require_admin()?;
        let day = id.date.to_string();
        let records =
            self.0.store().list_schedules(caller.tenant, &day, &day, Some(id.agent), MAX_SCHEDULES_PER_LIST).await?;
        records.into_iter().find(|r| r.id == id.number).ok_or_else(|| AppError::no_schedule(id))
    }

    /// Creates every schedule of the batch, or none: an unknown agent is the seed's 10011,
    /// naming each entry (`duty[2].sid`). Answers the schedules of each entry.
    pub async fn create(&self, caller: &Caller, entries: &[DutyEntry]) -> Result<Vec<Vec<ScheduleRecord>>, AppError> {
        caller.require_admin()?;
        match self.0.store().create_schedules(caller.tenant, entries).await? {
            BatchOutcome::Created(created) => Ok(created),
            BatchOutcome::UnknownAgents(unknown) => Err(AppError::agents_not_found(
                entries
                    .iter()
                    .enumerate()
                    .filter(|(_, entry)| unknown.contains(&entry.agent))
                    .map(|(i, entry)| {
                        FieldError::new(format!("duty[{i}].sid"), format!("no agent {} in this company", entry.agent))
                    })
                    .collect(),
            )),
        }
    }

    /// Changes a schedule's times and texts; its agent and day are fixed.
    pub async fn update(&self, caller: &Caller, id: DutyId, patch: &SchedulePatch) -> Result<ScheduleRecord, AppError> {
        caller.require_admin()?;
        self.0.store().update_schedule(caller.tenant, id, patch).await.or_not_found(|| AppError::no_schedule(id))
    }

    /// Deletes a schedule that has not started (in the company's time zone); one that has
    /// is a 409. Answers it as it was.
    pub async fn delete(&self, caller: &Caller, id: DutyId) -> Result<ScheduleRecord, AppError> {
        caller.require_admin()?;
        let now = LocalNow::at(now_micros(), &caller.zone);
        match self.0.store().delete_schedule(caller.tenant, id, now).await.or_not_found(|| AppError::no_schedule(id))? {
            Deletion::Deleted(record) => Ok(record),
            Deletion::Started(record) => Err(AppError::conflict(format!(
                "schedule {} started at {} {} ({}) and can no longer be deleted: only schedules that have not started yet can be",
                record.duty_id(),
                record.date,
                clock(record.start_minute),
                caller.zone.iana_name().unwrap_or("UTC"),
            ))),
        }
    }
}
