//! Who sees which tickets and who may do what with them.
//!
//! - Administrators see and change every ticket of their company, deleted ones included,
//!   and alone restore deleted tickets.
//! - Another agent sees a ticket that is assigned to them (`servicerUserId`), assigned to
//!   one of their support groups (`servicerGroupId`), or copied to them or to one of their
//!   groups (`ccUserIdList`, `ccGroupIdList`) — and may read, change, reply to and delete
//!   exactly those. A deleted ticket is seen by administrators only.
//! - A ticket an agent may not see answers as an unknown one (404), so ticket ids do not
//!   tell an agent what exists elsewhere in the company.

use crate::ids::{AgentId, GroupId};

/// The agent asking, as far as ticket rules care.
#[derive(Debug, Clone, Copy)]
pub struct Caller<'a> {
    pub agent: AgentId,
    pub is_admin: bool,
    /// The caller's support groups.
    pub groups: &'a [GroupId],
}

/// The people a ticket concerns, and whether it is deleted.
#[derive(Debug, Clone, Copy, Default)]
pub struct Parties<'a> {
    pub assignee: Option<AgentId>,
    pub group: Option<GroupId>,
    pub cc_agents: &'a [AgentId],
    pub cc_groups: &'a [GroupId],
    pub deleted: bool,
}

/// Why a caller sees a ticket (the first reason that holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Administrator,
    Assignee,
    AssignedGroup,
    Copied,
    CopiedGroup,
}

/// Why a caller sees the ticket, or None.
pub fn reason(caller: Caller<'_>, ticket: Parties<'_>) -> Option<Reason> {
    if caller.is_admin {
        return Some(Reason::Administrator);
    }
    if ticket.deleted {
        return None;
    }
    let mine = |group: &GroupId| caller.groups.contains(group);
    if ticket.assignee == Some(caller.agent) {
        Some(Reason::Assignee)
    } else if ticket.group.as_ref().is_some_and(mine) {
        Some(Reason::AssignedGroup)
    } else if ticket.cc_agents.contains(&caller.agent) {
        Some(Reason::Copied)
    } else if ticket.cc_groups.iter().any(mine) {
        Some(Reason::CopiedGroup)
    } else {
        None
    }
}

pub fn can_see(caller: Caller<'_>, ticket: Parties<'_>) -> bool {
    reason(caller, ticket).is_some()
}

/// What a caller wants to do with one ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketAction {
    /// Show it, its replies, its history.
    Read,
    /// Change its fields (PUT), which may add a reply.
    Update,
    /// Add a reply or an internal note.
    Reply,
    /// Soft-delete it.
    Delete,
    /// Bring a deleted ticket back.
    Restore,
}

/// Why an action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// The caller may not see the ticket: answer as for an unknown id (404).
    NotVisible,
    /// The caller sees it but the action is an administrator's (403).
    AdministratorsOnly,
}

pub fn authorize(caller: Caller<'_>, ticket: Parties<'_>, action: TicketAction) -> Result<(), Denied> {
    if caller.is_admin {
        return Ok(());
    }
    if !can_see(caller, ticket) {
        return Err(Denied::NotVisible);
    }
    match action {
        TicketAction::Read | TicketAction::Update | TicketAction::Reply | TicketAction::Delete => Ok(()),
        TicketAction::Restore => Err(Denied::AdministratorsOnly),
    }
}

/// Which tickets a list or search may return to a caller: the store turns this into its
/// query (`servicer_id = …`, `servicer_group_id IN (…)`, the cc tables).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every ticket of the company (administrators).
    Company,
    /// The tickets this agent or these groups are assigned or copied; never deleted ones.
    Parties { agent: AgentId, groups: Vec<GroupId> },
}

pub fn scope(caller: Caller<'_>) -> Scope {
    if caller.is_admin {
        Scope::Company
    } else {
        Scope::Parties { agent: caller.agent, groups: caller.groups.to_vec() }
    }
}

/// An assignee and a group given together must fit: the agent is a member of the group
/// (`agent_groups` are the assignee's groups).
pub fn check_assignee_in_group(assignee: AgentId, agent_groups: &[GroupId], group: GroupId) -> Result<(), String> {
    if agent_groups.contains(&group) {
        return Ok(());
    }
    Err(format!("agent {assignee} is not in support group {group}; assign a member of the group, or another group"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: AgentId = AgentId(7);
    const MY_GROUPS: [GroupId; 2] = [GroupId(1), GroupId(2)];

    fn caller(is_admin: bool) -> Caller<'static> {
        Caller { agent: ME, is_admin, groups: &MY_GROUPS }
    }

    #[test]
    fn who_sees_what() {
        let cases: [(&str, Parties<'static>, Option<Reason>); 8] = [
            ("assigned to me", Parties { assignee: Some(ME), ..Default::default() }, Some(Reason::Assignee)),
            (
                "assigned to my group",
                Parties { group: Some(GroupId(2)), ..Default::default() },
                Some(Reason::AssignedGroup),
            ),
            ("copied to me", Parties { cc_agents: &[AgentId(3), ME], ..Default::default() }, Some(Reason::Copied)),
            (
                "copied to my group",
                Parties { cc_groups: &[GroupId(1)], ..Default::default() },
                Some(Reason::CopiedGroup),
            ),
            (
                "someone else's, another group",
                Parties {
                    assignee: Some(AgentId(8)),
                    group: Some(GroupId(9)),
                    cc_agents: &[AgentId(8)],
                    cc_groups: &[GroupId(9)],
                    deleted: false,
                },
                None,
            ),
            ("unassigned", Parties::default(), None),
            ("mine but deleted", Parties { assignee: Some(ME), deleted: true, ..Default::default() }, None),
            (
                "assignee first",
                Parties { assignee: Some(ME), group: Some(GroupId(1)), ..Default::default() },
                Some(Reason::Assignee),
            ),
        ];
        for (what, ticket, expected) in cases {
            assert_eq!(reason(caller(false), ticket), expected, "{what}");
            assert_eq!(reason(caller(true), ticket), Some(Reason::Administrator), "{what}, as administrator");
        }
    }

    #[test]
    fn who_may_do_what() {
        let mine = Parties { assignee: Some(ME), ..Default::default() };
        let others = Parties { assignee: Some(AgentId(8)), ..Default::default() };
        let deleted = Parties { assignee: Some(ME), deleted: true, ..Default::default() };
        use TicketAction::*;
        for action in [Read, Update, Reply, Delete] {
            assert_eq!(authorize(caller(false), mine, action), Ok(()), "{action:?}");
            assert_eq!(authorize(caller(false), others, action), Err(Denied::NotVisible), "{action:?}");
        }
        assert_eq!(authorize(caller(false), mine, Restore), Err(Denied::AdministratorsOnly));
        assert_eq!(authorize(caller(false), deleted, Restore), Err(Denied::NotVisible));
        for action in [Read, Update, Reply, Delete, Restore] {
            assert_eq!(authorize(caller(true), deleted, action), Ok(()), "{action:?}");
        }
    }

    #[test]
    fn scopes_and_assignment() {
        assert_eq!(scope(caller(true)), Scope::Company);
        assert_eq!(scope(caller(false)), Scope::Parties { agent: ME, groups: MY_GROUPS.to_vec() });
        assert!(check_assignee_in_group(ME, &MY_GROUPS, GroupId(2)).is_ok());
        let err = check_assignee_in_group(ME, &MY_GROUPS, GroupId(5)).unwrap_err();
        assert!(err.starts_with("agent 7 is not in support group 5"), "{err}");
    }
}
