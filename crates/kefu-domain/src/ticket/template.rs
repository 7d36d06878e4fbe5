//! Ticket templates (工单模板, `tickettemplate`): a template decides which custom fields a
//! ticket has, and which agents may create tickets from it (`visibleRange`).

use super::access::Caller;
use crate::custom_field::parse_field_key;
use crate::ids::split_list;
use crate::ids::{AgentId, GroupId, parse_id_list};
use crate::limits::{
    MAX_TEMPLATE_AUDIENCE, MAX_TEMPLATE_DESCRIPTION_CHARS, MAX_TEMPLATE_FIELDS, MAX_TEMPLATE_NAME_CHARS,
};
use crate::signin::check_multiline_text;
use crate::text::{check_length, check_no_control, check_trimmed, checked_string};

checked_string!(
    /// `ticketTemplateName`: required, one line, no surrounding spaces, unique in the
    /// company.
    TemplateName,
    |raw| {
        check_length(raw, 1, MAX_TEMPLATE_NAME_CHARS)?;
        check_no_control(raw)?;
        check_trimmed(raw)?;
    }
);

checked_string!(
    /// `ticketTemplateDescription`: line breaks allowed, may be empty.
    TemplateDescription,
    |raw| {
        check_length(raw, 0, MAX_TEMPLATE_DESCRIPTION_CHARS)?;
        check_multiline_text(raw)?;
    }
);

/// Who may create tickets from a template: `visibleRange` 1 every agent, 2 the members of
/// the groups in `servicerGroupId`, 3 the agents in `servicerId`, 4 its creator only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    Groups(Vec<GroupId>),
    Agents(Vec<AgentId>),
    Creator,
}

impl Audience {
    /// Reads `visibleRange` with `servicerGroupId` and `servicerId` (comma-separated ids).
    /// The list a range uses must name someone; the other must be empty. Returns the
    /// member a problem is about with it.
    pub fn parse(range: &str, groups: &str, agents: &str) -> Result<Self, (&'static str, String)> {
        let unused = |member: &'static str, list: &str| {
            if list.trim().is_empty() {
                Ok(())
            } else {
                Err((member, format!("is not used with visibleRange {range}")))
            }
        };
        match range {
            "1" | "4" => {
                unused("servicerGroupId", groups)?;
                unused("servicerId", agents)?;
                Ok(if range == "1" { Audience::Everyone } else { Audience::Creator })
            }
            "2" => {
                unused("servicerId", agents)?;
                let ids =
                    parse_id_list(groups, MAX_TEMPLATE_AUDIENCE, GroupId::parse).map_err(|e| ("servicerGroupId", e))?;
                if ids.is_empty() {
                    return Err((
                        "servicerGroupId",
                        "must name the groups that may use the template (visibleRange 2)".into(),
                    ));
                }
                Ok(Audience::Groups(ids))
            }
            "3" => {
                unused("servicerGroupId", groups)?;
                let ids =
                    parse_id_list(agents, MAX_TEMPLATE_AUDIENCE, AgentId::parse).map_err(|e| ("servicerId", e))?;
                if ids.is_empty() {
                    return Err((
                        "servicerId",
                        "must name the agents that may use the template (visibleRange 3)".into(),
                    ));
                }
                Ok(Audience::Agents(ids))
            }
            _ => Err((
                "visibleRange",
                format!("must be 1 (every agent), 2 (groups), 3 (agents) or 4 (its creator), got {range:?}"),
            )),
        }
    }

    /// The `visibleRange` code.
    pub fn range(&self) -> i64 {
        match self {
            Audience::Everyone => 1,
            Audience::Groups(_) => 2,
            Audience::Agents(_) => 3,
            Audience::Creator => 4,
        }
    }
}

/// `isReleased`: only a released template ("1") is offered for new tickets.
pub fn parse_released(raw: &str) -> Result<bool, String> {
    match raw {
        "0" => Ok(false),
        "1" => Ok(true),
        _ => Err(format!("must be \"1\" (released: offered for new tickets) or \"0\" (draft), got {raw:?}")),
    }
}

/// Whether `caller` may create a ticket from, or move a ticket to, a template: it must be
/// released and its audience must include the caller. Administrators may use every
/// released template.
pub fn usable_by(audience: &Audience, released: bool, creator: AgentId, caller: Caller<'_>) -> bool {
    if !released {
        return false;
    }
    if caller.is_admin {
        return true;
    }
    match audience {
        Audience::Everyone => true,
        Audience::Groups(groups) => caller.groups.iter().any(|g| groups.contains(g)),
        Audience::Agents(agents) => agents.contains(&caller.agent),
        Audience::Creator => creator == caller.agent,
    }
}

/// The custom fields attached to a template, in the order tickets show them: their keys,
/// comma-separated (`"field_3,field_1"`), no key twice.
pub fn parse_template_fields(raw: &str) -> Result<Vec<i64>, String> {
    let mut numbers: Vec<i64> = Vec::new();
    for key in split_list(raw) {
        let number = i64::from(parse_field_key(key)?);
        if numbers.contains(&number) {
            return Err(format!("lists {key} twice"));
        }
        numbers.push(number);
    }
    if numbers.len() > MAX_TEMPLATE_FIELDS {
        return Err(format!("may attach at most {MAX_TEMPLATE_FIELDS} fields, got {}", numbers.len()));
    }
    Ok(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(TemplateName::parse("售后维修").is_ok());
        assert!(TemplateName::parse("").is_err());
        assert!(TemplateName::parse("售后 ").is_err());
        assert!(TemplateDescription::parse("两行\n说明").is_ok());
    }

    #[test]
    fn audiences() {
        assert_eq!(Audience::parse("1", "", ""), Ok(Audience::Everyone));
        assert_eq!(Audience::parse("2", "3,1", ""), Ok(Audience::Groups(vec![GroupId(1), GroupId(3)])));
        assert_eq!(Audience::parse("3", "", "9"), Ok(Audience::Agents(vec![AgentId(9)])));
        assert_eq!(Audience::parse("4", "", "").map(|a| a.range()), Ok(4));
        let refused = [
            ("0", "", "", "visibleRange"),
            ("2", "", "", "servicerGroupId"),
            ("2", "1", "5", "servicerId"),
            ("3", "", "", "servicerId"),
            ("1", "1", "", "servicerGroupId"),
            ("3", "", "x", "servicerId"),
        ];
        for (range, groups, agents, member) in refused {
            assert_eq!(Audience::parse(range, groups, agents).unwrap_err().0, member, "{range} {groups} {agents}");
        }
    }

    #[test]
    fn who_may_use_a_template() {
        let me = AgentId(7);
        let groups = [GroupId(1)];
        let agent = Caller { agent: me, is_admin: false, groups: &groups };
        let admin = Caller { agent: AgentId(1), is_admin: true, groups: &[] };
        let cases = [
            (Audience::Everyone, true, AgentId(2), true, true),
            (Audience::Everyone, false, AgentId(2), false, false),
            (Audience::Groups(vec![GroupId(1)]), true, AgentId(2), true, true),
            (Audience::Groups(vec![GroupId(2)]), true, AgentId(2), false, true),
            (Audience::Agents(vec![me]), true, AgentId(2), true, true),
            (Audience::Agents(vec![AgentId(8)]), true, AgentId(2), false, true),
            (Audience::Creator, true, me, true, true),
            (Audience::Creator, true, AgentId(2), false, true),
        ];
        for (audience, released, creator, for_agent, for_admin) in cases {
            assert_eq!(usable_by(&audience, released, creator, agent), for_agent, "{audience:?} {released}");
            assert_eq!(usable_by(&audience, released, creator, admin), for_admin, "{audience:?} {released} (admin)");
        }
        assert_eq!(parse_released("1"), Ok(true));
        assert!(parse_released("2").is_err());
    }

    #[test]
    fn attached_fields() {
        assert_eq!(parse_template_fields("field_3，field_1"), Ok(vec![3, 1]));
        assert_eq!(parse_template_fields(""), Ok(vec![]));
        assert!(parse_template_fields("field_1,field_1").unwrap_err().contains("twice"));
        assert!(parse_template_fields("3").is_err());
    }
}
