//! An agent as the store hands it back: plain values, typed ids, instants in UTC
//! microseconds.

use kefu_domain::agent::{AgentStatus, Gender};
use kefu_domain::{AgentId, GroupId, TenantId};

use crate::StoreError;
use crate::engine::Columns;

/// An agent as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentRecord {
    pub id: AgentId,
    pub tenant_id: TenantId,
    pub passport_name: String,
    pub job_number: String,
    pub name: String,
    pub gender: Gender,
    pub email: String,
    pub fixnumber: String,
    pub mobile: String,
    pub qq: String,
    pub is_admin: bool,
    pub status: AgentStatus,
    /// Ascending.
    pub groups: Vec<GroupId>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Custom field values: (field number, value as wire JSON), in key order.
    pub custom_fields: Vec<(i64, String)>,
}

/// Columns read into an [`AgentRecord`], in the order `agent_from_row` expects.
pub(crate) const AGENT_COLUMNS: &str = "id, tenant_id, passport_name, job_number, name, gender, email, \
     fixnumber, mobile, qq, is_admin, status, group_ids, created_at, updated_at";

pub(crate) fn agent_from_row<R: Columns + ?Sized>(row: &R) -> Result<AgentRecord, StoreError> {
    Ok(AgentRecord {
        id: AgentId(row.int("id")?),
        tenant_id: TenantId(row.int("tenant_id")?),
        passport_name: row.text("passport_name")?,
        job_number: row.text("job_number")?,
        name: row.text("name")?,
        gender: Gender::from_code(row.int("gender")?),
        email: row.text("email")?,
        fixnumber: row.text("fixnumber")?,
        mobile: row.text("mobile")?,
        qq: row.text("qq")?,
        is_admin: row.int("is_admin")? == 1,
        status: AgentStatus::from_code(row.int("status")?),
        groups: parse_group_list(&row.text("group_ids")?),
        created_at: row.int("created_at")?,
        updated_at: row.int("updated_at")?,
        custom_fields: Vec::new(),
    })
}

/// The stored form of an agent's groups: ascending ids joined by commas, exactly the
/// wire's `groupId`.
pub(crate) fn group_list(groups: &[GroupId]) -> String {
    let mut ids: Vec<i64> = groups.iter().map(|g| g.0).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

pub(crate) fn parse_group_list(stored: &str) -> Vec<GroupId> {
    stored.split(',').filter_map(|id| id.parse().ok()).map(GroupId).collect()
}

/// What authentication needs about a login, in one indexed read.
#[derive(Debug, Clone)]
pub struct LoginRecord {
    pub agent_id: AgentId,
    pub tenant_id: TenantId,
    pub password_hash: String,
    pub is_admin: bool,
    pub time_zone: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_lists_round_trip_sorted() {
        let stored = group_list(&[GroupId(234), GroupId(123)]);
        assert_eq!(stored, "123,234");
        assert_eq!(parse_group_list(&stored), vec![GroupId(123), GroupId(234)]);
        assert_eq!(parse_group_list(""), Vec::<GroupId>::new());
    }
}
