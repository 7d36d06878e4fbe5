//! Sign-ins (签到): each one written together with the per-day counts that let lists
//! count and page through millions of them cheaply (`pages.rs`); concurrent sign-ins are
//! committed together (`queue.rs`).

mod pages;
pub(crate) mod queue;

use std::collections::BTreeMap;

use kefu_domain::signin::NewSignIn;
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, TenantId};
use serde_json::{Value, json};

pub use pages::SignInFilter;

use crate::engine::Outcome::Commit;
use crate::engine::{Columns, Db, Sql};
use crate::{Store, StoreError};

/// A sign-in as stored, with its agent's name and job number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInRecord {
    pub id: i64,
    pub agent_id: AgentId,
    pub agent_name: String,
    pub job_number: String,
    pub remark: Option<String>,
    /// Empty when none were given.
    pub attachments: Vec<AttachmentRecord>,
    /// Empty when none were given.
    pub tags: Vec<String>,
    /// checkinTime, UTC microseconds.
    pub checkin_at: i64,
    pub address: String,
    pub landmark: String,
    pub latitude: String,
    pub longitude: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRecord {
    pub file_name: String,
    pub file_url: String,
}

/// The width of a count bucket: one UTC day. Changing it means rebuilding the counts.
pub(crate) const DAY_MICROS: i64 = 86_400_000_000;
/// A tenant's daily count is split over this many rows (by agent), so that check-ins
/// committing at the same moment on several instances rarely wait for the same row.
const COUNT_SHARDS: i64 = 8;
/// Rows per multi-row INSERT: 11 parameters each, well under both backends' limits.
const ROWS_PER_INSERT: usize = 400;

pub(crate) fn utc_day(micros: i64) -> i64 {
    micros.div_euclid(DAY_MICROS)
}

/// The columns `signin_from_row` reads; `s` is `signins`, `a` its agent.
pub(crate) const SIGNIN_COLUMNS: &str = "s.id, s.agent_id, a.name, a.job_number, s.remark, \
     s.attachments, s.tags, s.checkin_at, s.address, s.landmark, s.latitude, s.longitude, s.created_at";

/// `FROM` with the agent joined (by the composite key, so never across tenants).
pub(crate) const SIGNIN_FROM: &str = "FROM signins s JOIN agents a ON a.tenant_id = s.tenant_id AND a.id = s.agent_id";

pub(crate) fn signin_from_row(row: &dyn Columns) -> Result<SignInRecord, StoreError> {
    Ok(SignInRecord {
        id: row.int("id")?,
        agent_id: AgentId(row.int("agent_id")?),
        agent_name: row.text("name")?,
        job_number: row.text("job_number")?,
        remark: row.opt_text("remark")?,
        attachments: row.opt_text("attachments")?.as_deref().map(parse_attachments).unwrap_or_default(),
        tags: row.opt_text("tags")?.as_deref().map(parse_tags).unwrap_or_default(),
        checkin_at: row.int("checkin_at")?,
        address: row.text("address")?,
        landmark: row.text("landmark")?,
        latitude: row.text("latitude")?,
        longitude: row.text("longitude")?,
        created_at: row.int("created_at")?,
    })
}

impl Store {
    /// Records a sign-in of `agent` and returns it as stored, once it is committed —
    /// together with the sign-ins that arrived at the same moment (see `queue.rs`).
    pub async fn create_signin(
        &self,
        tenant: TenantId,
        agent: AgentId,
        new: &NewSignIn,
    ) -> Result<SignInRecord, StoreError> {
        self.signins.submit(queue::item(tenant, agent, new.clone())).await
    }

    /// Records many sign-ins in one transaction (bulk loads, the benchmark); returns how
    /// many were written.
    pub async fn import_signins(&self, tenant: TenantId, rows: &[(AgentId, NewSignIn)]) -> Result<usize, StoreError> {
        let rows = rows.to_vec();
        self.write(move |db| {
            Box::pin(async move {
                let refs: Vec<(AgentId, &NewSignIn)> = rows.iter().map(|(a, s)| (*a, s)).collect();
                Ok(Commit(insert_signins(db, tenant, &refs).await?.len()))
            })
        })
        .await
    }
}

/// Inserts sign-ins and adds them to the day counts, inside a write. Returns their ids.
pub(crate) async fn insert_signins(
    db: &mut Db,
    tenant: TenantId,
    rows: &[(AgentId, &NewSignIn)],
) -> Result<Vec<i64>, StoreError> {
    let now = now_micros();
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut values = Vec::with_capacity(chunk.len() * 11);
        for (agent, new) in chunk {
            values.extend([
                tenant.0.into(),
                agent.0.into(),
                new.checkin_at.into(),
                new.remark.as_ref().map(|r| r.as_str().to_owned()).into(),
                attachments_json(new).into(),
                tags_json(new).into(),
                new.place.address.clone().into(),
                new.place.landmark.clone().into(),
                new.place.latitude.as_str().into(),
                new.place.longitude.as_str().into(),
                now.into(),
            ]);
        }
        let insert = Sql::fixed(&insert_text(chunk.len()), values);
        ids.extend(db.rows(&insert, |row| row.int("id")).await?);
    }
    add_to_counts(db, tenant, rows).await?;
    Ok(ids)
}

fn insert_text(rows: usize) -> String {
    const COLUMNS: usize = 11;
    let mut text = String::from(
        "INSERT INTO signins (tenant_id, agent_id, checkin_at, remark, attachments, tags, \
         address, landmark, latitude, longitude, created_at) VALUES ",
    );
    for row in 0..rows {
        text.push_str(if row == 0 { "(" } else { ", (" });
        let placeholders: Vec<String> = (1..=COLUMNS).map(|column| format!("${}", row * COLUMNS + column)).collect();
        text.push_str(&placeholders.join(", "));
        text.push(')');
    }
    text.push_str(" RETURNING id");
    text
}

/// Adds the rows to `signin_day_counts` and `signin_agent_day_counts`, one upsert per
/// distinct key, in key order (so concurrent transactions lock rows in one order).
async fn add_to_counts(db: &mut Db, tenant: TenantId, rows: &[(AgentId, &NewSignIn)]) -> Result<(), StoreError> {
    let mut per_day: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    let mut per_agent_day: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    for (agent, new) in rows {
        let day = utc_day(new.checkin_at);
        *per_day.entry((day, agent.0.rem_euclid(COUNT_SHARDS))).or_default() += 1;
        *per_agent_day.entry((agent.0, day)).or_default() += 1;
    }
    let day_counts: Vec<[i64; 3]> = per_day.into_iter().map(|((d, s), n)| [d, s, n]).collect();
    let agent_counts: Vec<[i64; 3]> = per_agent_day.into_iter().map(|((a, d), n)| [a, d, n]).collect();
    upsert_counts(
        db,
        tenant,
        "signin_day_counts (tenant_id, utc_day, shard, n)",
        "(tenant_id, utc_day, shard) DO UPDATE SET n = signin_day_counts.n + excluded.n",
        &day_counts,
    )
    .await?;
    upsert_counts(
        db,
        tenant,
        "signin_agent_day_counts (tenant_id, agent_id, utc_day, n)",
        "(tenant_id, agent_id, utc_day) DO UPDATE SET n = signin_agent_day_counts.n + excluded.n",
        &agent_counts,
    )
    .await
}

async fn upsert_counts(
    db: &mut Db,
    tenant: TenantId,
    table: &str,
    conflict: &str,
    counts: &[[i64; 3]],
) -> Result<(), StoreError> {
    for chunk in counts.chunks(ROWS_PER_INSERT) {
        let mut text = format!("INSERT INTO {table} VALUES ");
        for i in 0..chunk.len() {
            let p = i * 4;
            text.push_str(&format!(
                "{}(${}, ${}, ${}, ${})",
                if i == 0 { "" } else { ", " },
                p + 1,
                p + 2,
                p + 3,
                p + 4
            ));
        }
        text.push_str(" ON CONFLICT ");
        text.push_str(conflict);
        let values = chunk.iter().flat_map(|[a, b, c]| [tenant.0.into(), (*a).into(), (*b).into(), (*c).into()]);
        db.execute(&Sql::fixed(&text, values)).await?;
    }
    Ok(())
}

/// `[{"fileName":…,"fileUrl":…}]`, or None for no attachments.
fn attachments_json(new: &NewSignIn) -> Option<String> {
    if new.attachments.is_empty() {
        return None;
    }
    let list: Vec<Value> =
        new.attachments.iter().map(|a| json!({"fileName": a.file_name, "fileUrl": a.file_url.as_str()})).collect();
    Some(Value::Array(list).to_string())
}

/// `["签到",…]`, or None for no tags.
fn tags_json(new: &NewSignIn) -> Option<String> {
    if new.tags.is_empty() {
        return None;
    }
    let list: Vec<&str> = new.tags.iter().map(|t| t.as_str()).collect();
    Some(json!(list).to_string())
}

/// Reads stored attachments; a damaged value reads as none rather than failing the list.
fn parse_attachments(stored: &str) -> Vec<AttachmentRecord> {
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(stored) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            Some(AttachmentRecord {
                file_name: item.get("fileName")?.as_str()?.to_owned(),
                file_url: item.get("fileUrl")?.as_str()?.to_owned(),
            })
        })
        .collect()
}

fn parse_tags(stored: &str) -> Vec<String> {
    serde_json::from_str::<Vec<String>>(stored).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_placeholders_are_numbered_across_rows() {
        let text = insert_text(2);
        assert!(text.contains("($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11), ($12,"));
        assert!(text.ends_with("$22) RETURNING id"));
    }

    #[test]
    fn days_are_utc_and_floor() {
        assert_eq!(utc_day(0), 0);
        assert_eq!(utc_day(DAY_MICROS - 1), 0);
        assert_eq!(utc_day(DAY_MICROS), 1);
        assert_eq!(utc_day(-1), -1);
    }

    #[test]
    fn stored_lists_read_back() {
        assert_eq!(parse_tags(r#"["签到","a"]"#), vec!["签到", "a"]);
        assert_eq!(parse_tags("not json"), Vec::<String>::new());
        let attachments = parse_attachments(r#"[{"fileName":"f.jpg","fileUrl":"https://x/f.jpg"}]"#);
        assert_eq!(attachments[0].file_url, "https://x/f.jpg");
    }
}
