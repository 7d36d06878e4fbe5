//! Listing sign-ins in pages whose cost does not grow with the page number.
//!
//! A list is ordered by (checkinTime, id) and may be limited to a time range and an agent.
//! Instead of `OFFSET` over every earlier row, a page is found in three steps, all in one
//! read snapshot:
//!
//! 1. **Count by day.** The range is cut into whole UTC days, whose sizes are read from
//!    the day counts (one row per day, or per shard and day), and at most two partial
//!    days at its ends, counted from the index. The sum is the `count` of the answer.
//! 2. **Locate.** Walking the days in list order, the day holding the page's first row is
//!    found by adding up counts; that row's key (checkin_at, id) is read from the index
//!    with an `OFFSET` *within that day only*, over index entries only.
//! 3. **Seek.** The page is read from that key onwards (`LIMIT per_page`) — a keyset read.
//!
//! So page 5,000 costs what page 1 costs: the number of days in the range plus at most
//! one day's index entries, however deep the page.

use kefu_domain::search::SortOrder;
use kefu_domain::{AgentId, TenantId};

use super::{DAY_MICROS, SIGNIN_COLUMNS, SIGNIN_FROM, SignInRecord, signin_from_row, utc_day};
use crate::engine::{Cost, Counted, Db, Sql, locate};
use crate::{Page, Store, StoreError, Window};

/// Which sign-ins a list holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct SignInFilter {
    pub agent: Option<AgentId>,
    /// Inclusive lower bound of checkinTime, UTC microseconds.
    pub from: Option<i64>,
    /// Exclusive upper bound of checkinTime, UTC microseconds.
    pub until: Option<i64>,
}

/// A stretch of checkin_at, `[from, until)`, and how many of the list's rows it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    from: i64,
    until: i64,
    rows: u64,
}

impl Counted for Segment {
    fn rows(&self) -> u64 {
        self.rows
    }
}

impl Store {
    /// A page of the tenant's sign-ins ordered by checkinTime (ties by id), and how many
    /// match in all.
    pub async fn list_signins(
        &self,
        tenant: TenantId,
        filter: &SignInFilter,
        order: SortOrder,
        window: Window,
    ) -> Result<Page<SignInRecord>, StoreError> {
        // Counts, location and rows from one snapshot: bounded, whatever the page.
        let mut snapshot = self.read(Cost::Point).snapshot().await?;
        let tx = &mut snapshot.db;
        let segments = segments(tx, tenant, filter).await?;
        let total: u64 = segments.iter().map(|s| s.rows).sum();
        let rows = match locate(&segments, order, window.offset) {
            Some((segment, skip)) if window.limit > 0 => {
                match first_key(tx, tenant, filter, segment, order, skip).await? {
                    Some(key) => read_from(tx, tenant, filter, key, order, window.limit).await?,
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        };
        snapshot.finish().await?;
        Ok(Page { rows, total })
    }
}

/// The segments of the filter's range, ascending, empty ones left out.
async fn segments(tx: &mut Db, tenant: TenantId, filter: &SignInFilter) -> Result<Vec<Segment>, StoreError> {
    let (from, until) = (filter.from, filter.until);
    if let (Some(from), Some(until)) = (from, until)
        && from >= until
    {
        return Ok(Vec::new());
    }
    // Whole days: first_day.. (inclusive) to ..end_day (exclusive).
    let first_day = from.map(|f| utc_day(f.saturating_add(DAY_MICROS - 1)));
    let end_day = until.map(utc_day);
    let day_start = |day: i64| day.saturating_mul(DAY_MICROS);

    let mut segments = Vec::new();
    if let (Some(from), Some(until), Some(first), Some(end)) = (from, until, first_day, end_day)
        && first >= end
    {
        // No whole day inside: the range is one partial day (or two adjacent ones).
        let rows = count_between(tx, tenant, filter, from, until).await?;
        segments.push(Segment { from, until, rows });
        return Ok(nonempty(segments));
    }
    if let (Some(from), Some(first)) = (from, first_day)
        && from < day_start(first)
    {
        let rows = count_between(tx, tenant, filter, from, day_start(first)).await?;
        segments.push(Segment { from, until: day_start(first), rows });
    }
    for (day, rows) in day_counts(tx, tenant, filter.agent, first_day, end_day).await? {
        segments.push(Segment { from: day_start(day), until: day_start(day.saturating_add(1)), rows });
    }
    if let (Some(until), Some(end)) = (until, end_day)
        && day_start(end) < until
    {
        let rows = count_between(tx, tenant, filter, day_start(end), until).await?;
        segments.push(Segment { from: day_start(end), until, rows });
    }
    Ok(nonempty(segments))
}

fn nonempty(segments: Vec<Segment>) -> Vec<Segment> {
    segments.into_iter().filter(|s| s.rows > 0).collect()
}

/// `(day, rows)` of whole days from the counts, ascending. (PostgreSQL sums BIGINTs as
/// NUMERIC, hence the cast.)
async fn day_counts(
    tx: &mut Db,
    tenant: TenantId,
    agent: Option<AgentId>,
    first_day: Option<i64>,
    end_day: Option<i64>,
) -> Result<Vec<(i64, u64)>, StoreError> {
    let mut sql = match agent {
        Some(agent) => {
            let mut sql =
                Sql::new("SELECT utc_day, CAST(SUM(n) AS BIGINT) AS n FROM signin_agent_day_counts WHERE tenant_id = ");
            sql.bind(tenant.0).push(" AND agent_id = ").bind(agent.0);
            sql
        }
        None => {
            let mut sql =
                Sql::new("SELECT utc_day, CAST(SUM(n) AS BIGINT) AS n FROM signin_day_counts WHERE tenant_id = ");
            sql.bind(tenant.0);
            sql
        }
    };
    if let Some(first) = first_day {
        sql.push(" AND utc_day >= ").bind(first);
    }
    if let Some(end) = end_day {
        sql.push(" AND utc_day < ").bind(end);
    }
    sql.push(" GROUP BY utc_day ORDER BY utc_day");
    tx.rows(&sql, |row| Ok((row.int("utc_day")?, row.int("n")?.max(0) as u64))).await
}

/// The list's conditions other than time: `s.tenant_id = … [AND s.agent_id = …]`.
fn push_owner(sql: &mut Sql, tenant: TenantId, filter: &SignInFilter) {
    sql.push("s.tenant_id = ").bind(tenant.0);
    if let Some(agent) = filter.agent {
        sql.push(" AND s.agent_id = ").bind(agent.0);
    }
}

async fn count_between(
    tx: &mut Db,
    tenant: TenantId,
    filter: &SignInFilter,
    from: i64,
    until: i64,
) -> Result<u64, StoreError> {
    let mut sql = Sql::new("SELECT COUNT(*) AS n FROM signins s WHERE ");
    push_owner(&mut sql, tenant, filter);
    sql.push(" AND s.checkin_at >= ").bind(from).push(" AND s.checkin_at < ").bind(until);
    tx.count(&sql).await
}

fn direction(order: SortOrder) -> &'static str {
    match order {
        SortOrder::Asc => " ORDER BY s.checkin_at ASC, s.id ASC",
        SortOrder::Desc => " ORDER BY s.checkin_at DESC, s.id DESC",
    }
}

/// The key (checkin_at, id) of the row `skip` rows into `segment`, read from the index.
async fn first_key(
    tx: &mut Db,
    tenant: TenantId,
    filter: &SignInFilter,
    segment: Segment,
    order: SortOrder,
    skip: u64,
) -> Result<Option<(i64, i64)>, StoreError> {
    let mut sql = Sql::new("SELECT s.checkin_at, s.id FROM signins s WHERE ");
    push_owner(&mut sql, tenant, filter);
    sql.push(" AND s.checkin_at >= ").bind(segment.from).push(" AND s.checkin_at < ").bind(segment.until);
    sql.push(direction(order)).push(" LIMIT 1 OFFSET ").bind(i64::try_from(skip).unwrap_or(i64::MAX));
    let keys = tx.rows(&sql, |row| Ok((row.int("checkin_at")?, row.int("id")?))).await?;
    Ok(keys.first().copied())
}

/// Up to `limit` rows from `key` (included) onwards, in `order`, within the range.
async fn read_from(
    tx: &mut Db,
    tenant: TenantId,
    filter: &SignInFilter,
    (at, id): (i64, i64),
    order: SortOrder,
    limit: u64,
) -> Result<Vec<SignInRecord>, StoreError> {
    let mut sql = Sql::new(&format!("SELECT {SIGNIN_COLUMNS} {SIGNIN_FROM} WHERE "));
    push_owner(&mut sql, tenant, filter);
    match order {
        SortOrder::Asc => {
            sql.push(" AND s.checkin_at >= ")
                .bind(at)
                .push(" AND (s.checkin_at > ")
                .bind(at)
                .push(" OR s.id >= ")
                .bind(id)
                .push(")");
            if let Some(until) = filter.until {
                sql.push(" AND s.checkin_at < ").bind(until);
            }
        }
        SortOrder::Desc => {
            sql.push(" AND s.checkin_at <= ")
                .bind(at)
                .push(" AND (s.checkin_at < ")
                .bind(at)
                .push(" OR s.id <= ")
                .bind(id)
                .push(")");
            if let Some(from) = filter.from {
                sql.push(" AND s.checkin_at >= ").bind(from);
            }
        }
    }
    sql.push(direction(order)).push(" LIMIT ").bind(i64::try_from(limit).unwrap_or(i64::MAX));
    tx.rows(&sql, signin_from_row).await
}
