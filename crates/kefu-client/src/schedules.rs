//! Schedules (排班): `GET|POST|PUT|DELETE /api/v1/schedules.json`, administrators.

use kefu_api::{Coded, Duty, DutyList, DutyOne};
use reqwest::Method;
use serde_json::json;

use crate::{Client, Query, Result};

/// The schedule endpoints: `client.schedules()`.
pub struct Schedules<'c>(pub(crate) &'c Client);

/// One schedule's writable members, and one agent-day of a batch: `kefu_api`'s request
/// shapes.
pub use kefu_api::{NewDuty, ScheduleFields};

impl Schedules<'_> {
    /// The schedules from `start` to `end` (dates, at most 31 days), of one agent or all,
    /// one entry per agent-day.
    pub async fn list(&self, start: &str, end: &str, sid: Option<&str>) -> Result<Vec<Duty>> {
        let mut query = vec![("startDT", start.to_owned()), ("endDT", end.to_owned())];
        if let Some(sid) = sid {
            query.push(("sid", sid.to_owned()));
        }
        let answer: Coded<DutyList> = self.0.get(self.0.api(&["schedules.json"]), &query).await?;
        Ok(answer.data.duty)
    }

    /// Creates the whole batch, or nothing.
    pub async fn create(&self, duty: &[NewDuty]) -> Result<Vec<Duty>> {
        let body = json!({ "duty": duty });
        let url = self.0.api(&["schedules.json"]);
        let answer: Coded<DutyList> = self.0.send(Method::POST, url, &Query::new(), Some(&body)).await?;
        Ok(answer.data.duty)
    }

    /// Replaces the schedule's times, and the name, remark and url that are set.
    pub async fn update(&self, duty_id: &str, fields: &ScheduleFields) -> Result<Duty> {
        let body = json!({ "duty": fields });
        let url = self.0.api(&["schedules.json"]);
        let query = vec![("dutyId", duty_id.to_owned())];
        let answer: Coded<DutyOne> = self.0.send(Method::PUT, url, &query, Some(&body)).await?;
        Ok(answer.data.duty)
    }

    /// Deletes a schedule that has not started; answers it as it was.
    pub async fn delete(&self, duty_id: &str) -> Result<Duty> {
        let url = self.0.api(&["schedules.json"]);
        let query = vec![("dutyId", duty_id.to_owned())];
        let answer: Coded<DutyOne> = self.0.send(Method::DELETE, url, &query, None::<&()>).await?;
        Ok(answer.data.duty)
    }
}
