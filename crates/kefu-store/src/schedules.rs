//! Schedules (排班). A schedule's `dutyId` is `{agent}_{date}_{id}`, its number being the
//! row's database-generated id: unique however many instances create schedules for the
//! same agent-day at the same moment, with no lock and no retry.

use std::collections::BTreeSet;

use kefu_domain::schedule::{DutyEntry, DutyId, LocalNow, NewSchedule, SchedulePatch};
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, TenantId};

use crate::engine::Outcome::Commit;
use crate::engine::{Columns, Cost, Db, Sql};
use crate::{Store, StoreError};

/// A schedule as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRecord {
    pub id: i64,
    pub agent_id: AgentId,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Minutes since midnight; the end may be 1440 (24:00).
    pub start_minute: i64,
    pub end_minute: i64,
    pub name: Option<String>,
    pub remark: Option<String>,
    pub url: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ScheduleRecord {
    /// `{sid}_{date}_{n}`.
    pub fn duty_id(&self) -> String {
        format!("{}_{}_{}", self.agent_id, self.date, self.id)
    }
}

/// What a batch creation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchOutcome {
    /// The schedules of each entry, in the order given.
    Created(Vec<Vec<ScheduleRecord>>),
    /// These sids are no (live) agents of the tenant; nothing was written.
    UnknownAgents(Vec<AgentId>),
}

/// What a deletion did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deletion {
    /// Deleted; the schedule as it was.
    Deleted(ScheduleRecord),
    /// Not deleted: it had already started.
    Started(ScheduleRecord),
}

const SCHEDULE_COLUMNS: &str = "id, agent_id, duty_date, start_minute, end_minute, name, remark, \
     url, created_at, updated_at";

fn schedule_from_row(row: &dyn Columns) -> Result<ScheduleRecord, StoreError> {
    Ok(ScheduleRecord {
        id: row.int("id")?,
        agent_id: AgentId(row.int("agent_id")?),
        date: row.text("duty_date")?,
        start_minute: row.int("start_minute")?,
        end_minute: row.int("end_minute")?,
        name: row.opt_text("name")?,
        remark: row.opt_text("remark")?,
        url: row.opt_text("url")?,
        created_at: row.int("created_at")?,
        updated_at: row.int("updated_at")?,
    })
}

/// `tenant_id = … AND id = … AND agent_id = … AND duty_date = …`: a dutyId names its
/// agent and day too, and all must match.
fn push_duty_id(sql: &mut Sql, tenant: TenantId, id: DutyId) {
    sql.push(" WHERE tenant_id = ")
        .bind(tenant.0)
        .push(" AND id = ")
        .bind(id.number)
        .push(" AND agent_id = ")
        .bind(id.agent.0)
        .push(" AND duty_date = ")
        .bind(id.date.to_string());
}

impl Store {
    /// Creates every schedule of every entry in one transaction: all or nothing.
    pub async fn create_schedules(&self, tenant: TenantId, entries: &[DutyEntry]) -> Result<BatchOutcome, StoreError> {
        let entries = entries.to_vec();
        self.write(move |db| {
            Box::pin(async move {
                let entries = &entries;
                let unknown = unknown_agents(db, tenant, entries).await?;
                if !unknown.is_empty() {
                    return Ok(Commit(BatchOutcome::UnknownAgents(unknown)));
                }
                let now = now_micros();
                let mut created = Vec::with_capacity(entries.len());
                for entry in entries {
                    let mut records = Vec::with_capacity(entry.schedules.len());
                    for schedule in &entry.schedules {
                        records.push(insert(db, tenant, entry, schedule, now).await?);
                    }
                    created.push(records);
                }
                Ok(Commit(BatchOutcome::Created(created)))
            })
        })
        .await
    }

    /// The tenant's schedules from `first` to `last` (both `YYYY-MM-DD`, included),
    /// optionally of one agent, by day, agent, start and end; at most `limit`.
    pub async fn list_schedules(
        &self,
        tenant: TenantId,
        first: &str,
        last: &str,
        agent: Option<AgentId>,
        limit: usize,
    ) -> Result<Vec<ScheduleRecord>, StoreError> {
        let mut sql = Sql::new(&format!("SELECT {SCHEDULE_COLUMNS} FROM schedules WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND duty_date >= ").bind(first).push(" AND duty_date <= ").bind(last);
        if let Some(agent) = agent {
            sql.push(" AND agent_id = ").bind(agent.0);
        }
        sql.push(" ORDER BY duty_date, agent_id, start_minute, end_minute, id LIMIT ")
            .bind(i64::try_from(limit).unwrap_or(i64::MAX));
        self.read(Cost::Scan).rows(&sql, schedule_from_row).await
    }

    /// Changes one schedule; NotFound unless the dutyId names one of this tenant.
    pub async fn update_schedule(
        &self,
        tenant: TenantId,
        id: DutyId,
        patch: &SchedulePatch,
    ) -> Result<ScheduleRecord, StoreError> {
        let mut sql = Sql::new("UPDATE schedules SET start_minute = ");
        sql.bind(patch.shift.start.minutes())
            .push(", end_minute = ")
            .bind(patch.shift.end.minutes())
            .push(", updated_at = ")
            .bind(now_micros());
        let mut set = |column: &str, value: &Option<Option<String>>| match value {
            None => {}
            Some(None) => {
                sql.push(", ").push(column).push(" = NULL");
            }
            Some(Some(text)) => {
                sql.push(", ").push(column).push(" = ").bind(text.as_str());
            }
        };
        set("name", &patch.name.as_ref().map(|v| v.as_ref().map(|n| n.as_str().to_owned())));
        set("remark", &patch.remark.as_ref().map(|v| v.as_ref().map(|r| r.as_str().to_owned())));
        set("url", &patch.url.as_ref().map(|v| v.as_ref().map(|u| u.as_str().to_owned())));
        push_duty_id(&mut sql, tenant, id);
        sql.push(&format!(" RETURNING {SCHEDULE_COLUMNS}"));
        self.write(move |db| {
            Box::pin(async move { Ok(Commit(db.first(&sql, schedule_from_row).await?.ok_or(StoreError::NotFound)?)) })
        })
        .await
    }

    /// Deletes one schedule unless it has started by `now` (the tenant's local date and
    /// minute). The check and the deletion are one statement, so a concurrent change of
    /// the start cannot slip between them.
    pub async fn delete_schedule(&self, tenant: TenantId, id: DutyId, now: LocalNow) -> Result<Deletion, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                let today = now.date.to_string();
                let mut delete = Sql::new("DELETE FROM schedules");
                push_duty_id(&mut delete, tenant, id);
                delete
                    .push(" AND (duty_date > ")
                    .bind(today.as_str())
                    .push(" OR (duty_date = ")
                    .bind(today.as_str())
                    .push(" AND start_minute > ")
                    .bind(now.minute)
                    .push(&format!(")) RETURNING {SCHEDULE_COLUMNS}"));
                if let Some(deleted) = db.first(&delete, schedule_from_row).await? {
                    return Ok(Commit(Deletion::Deleted(deleted)));
                }
                let mut find = Sql::new(&format!("SELECT {SCHEDULE_COLUMNS} FROM schedules"));
                push_duty_id(&mut find, tenant, id);
                match db.first(&find, schedule_from_row).await? {
                    Some(started) => Ok(Commit(Deletion::Started(started))),
                    None => Err(StoreError::NotFound),
                }
            })
        })
        .await
    }
}

/// The entries' sids that are not live (not deleted) agents of the tenant, ascending.
async fn unknown_agents(db: &mut Db, tenant: TenantId, entries: &[DutyEntry]) -> Result<Vec<AgentId>, StoreError> {
    let wanted: BTreeSet<i64> = entries.iter().map(|e| e.agent.0).collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT id FROM agents WHERE tenant_id = ");
    sql.bind(tenant.0).push(" AND status <> 2 AND id IN (").bind_list(wanted.iter().copied()).push(")");
    let found: BTreeSet<i64> = db.rows(&sql, |row| row.int("id")).await?.into_iter().collect();
    Ok(wanted.difference(&found).map(|id| AgentId(*id)).collect())
}

async fn insert(
    db: &mut Db,
    tenant: TenantId,
    entry: &DutyEntry,
    schedule: &NewSchedule,
    now: i64,
) -> Result<ScheduleRecord, StoreError> {
    let text = format!(
        "INSERT INTO schedules (tenant_id, agent_id, duty_date, start_minute, end_minute, name, \
         remark, url, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         RETURNING {SCHEDULE_COLUMNS}"
    );
    let values = [
        tenant.0.into(),
        entry.agent.0.into(),
        entry.date.to_string().into(),
        schedule.shift.start.minutes().into(),
        schedule.shift.end.minutes().into(),
        schedule.name.as_ref().map(|n| n.as_str().to_owned()).into(),
        schedule.remark.as_ref().map(|r| r.as_str().to_owned()).into(),
        schedule.url.as_ref().map(|u| u.as_str().to_owned()).into(),
        now.into(),
        now.into(),
    ];
    db.first(&Sql::fixed(&text, values), schedule_from_row).await?.ok_or(StoreError::NotFound)
}
