//! Read-only fields (`isReadonly`, `readonly_range`, `readonly_support` of a field
//! definition): who may not change a field's value. Administrators always may.

use serde::{Deserialize, Serialize};

use crate::ids::{AgentId, GroupId, parse_id_list};
use crate::limits::MAX_READONLY_AUDIENCE;

/// Whose changes a field refuses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "range", content = "ids")]
pub enum ReadOnly {
    /// `isReadonly` 0: every agent who may change the record may change the field.
    #[default]
    Editable,
    /// `readonly_range` 1: read-only for every agent but administrators.
    Everyone,
    /// `readonly_range` 2: read-only for the members of these support groups.
    Groups(Vec<GroupId>),
    /// `readonly_range` 3: read-only for these agents.
    Agents(Vec<AgentId>),
}

impl ReadOnly {
    pub fn is_editable(&self) -> bool {
        *self == ReadOnly::Editable
    }

    /// Parses the three members of a definition: `isReadonly` `0`/`1`, `readonly_range`
    /// `1`/`2`/`3` and `readonly_support`, the ids of range 2 or 3 (comma-separated).
    /// Returns the member a problem is about with it.
    pub fn parse(is_readonly: &str, range: &str, support: &str) -> Result<Self, (&'static str, String)> {
        match is_readonly {
            "0" => {
                return if support.trim().is_empty() {
                    Ok(ReadOnly::Editable)
                } else {
                    Err(("readonly_support", "is only for read-only fields (isReadonly 1)".to_owned()))
                };
            }
            "1" => {}
            other => {
                return Err(("isReadonly", format!("must be \"0\" (editable) or \"1\" (read-only), got {other:?}")));
            }
        }
        let ids_needed = |what: &str| ("readonly_support", format!("must list the {what} the field is read-only for"));
        match range {
            "1" if support.trim().is_empty() => Ok(ReadOnly::Everyone),
            "1" => Err(("readonly_support", "is not used with readonly_range 1 (every agent)".to_owned())),
            "2" => {
                let groups = parse_id_list(support, MAX_READONLY_AUDIENCE, GroupId::parse)
                    .map_err(|e| ("readonly_support", e))?;
                if groups.is_empty() { Err(ids_needed("support groups")) } else { Ok(ReadOnly::Groups(groups)) }
            }
            "3" => {
                let agents = parse_id_list(support, MAX_READONLY_AUDIENCE, AgentId::parse)
                    .map_err(|e| ("readonly_support", e))?;
                if agents.is_empty() { Err(ids_needed("agents")) } else { Ok(ReadOnly::Agents(agents)) }
            }
            other => Err((
                "readonly_range",
                format!("must be \"1\" (every agent), \"2\" (support groups) or \"3\" (agents), got {other:?}"),
            )),
        }
    }

    /// Whether `agent`, member of `groups`, may change the field's value.
    pub fn may_edit(&self, agent: AgentId, is_admin: bool, groups: &[GroupId]) -> bool {
        if is_admin {
            return true;
        }
        match self {
            ReadOnly::Editable => true,
            ReadOnly::Everyone => false,
            ReadOnly::Groups(read_only) => !groups.iter().any(|g| read_only.contains(g)),
            ReadOnly::Agents(read_only) => !read_only.contains(&agent),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_the_three_members() {
        assert_eq!(ReadOnly::parse("0", "", ""), Ok(ReadOnly::Editable));
        assert_eq!(ReadOnly::parse("0", "1", ""), Ok(ReadOnly::Editable), "a range without isReadonly is ignored");
        assert_eq!(ReadOnly::parse("1", "1", ""), Ok(ReadOnly::Everyone));
        assert_eq!(ReadOnly::parse("1", "2", "3,1"), Ok(ReadOnly::Groups(vec![GroupId(1), GroupId(3)])));
        assert_eq!(ReadOnly::parse("1", "3", "7"), Ok(ReadOnly::Agents(vec![AgentId(7)])));
        let refused = [
            ("2", "1", "", "isReadonly"),
            ("0", "", "5", "readonly_support"),
            ("1", "4", "", "readonly_range"),
            ("1", "", "", "readonly_range"),
            ("1", "1", "5", "readonly_support"),
            ("1", "2", "", "readonly_support"),
            ("1", "3", "x", "readonly_support"),
        ];
        for (flag, range, support, member) in refused {
            assert_eq!(ReadOnly::parse(flag, range, support).unwrap_err().0, member, "{flag} {range} {support}");
        }
    }

    #[test]
    fn who_may_edit() {
        let me = AgentId(7);
        let cases = [
            (ReadOnly::Editable, false, true),
            (ReadOnly::Everyone, false, false),
            (ReadOnly::Everyone, true, true),
            (ReadOnly::Groups(vec![GroupId(2)]), false, false),
            (ReadOnly::Groups(vec![GroupId(3)]), false, true),
            (ReadOnly::Agents(vec![AgentId(7)]), false, false),
            (ReadOnly::Agents(vec![AgentId(8)]), false, true),
            (ReadOnly::Agents(vec![AgentId(7)]), true, true),
        ];
        for (readonly, is_admin, expected) in cases {
            assert_eq!(
                readonly.may_edit(me, is_admin, &[GroupId(1), GroupId(2)]),
                expected,
                "{readonly:?} admin={is_admin}"
            );
        }
    }

    #[test]
    fn stored_as_tagged_json() {
        let json = serde_json::to_string(&ReadOnly::Groups(vec![GroupId(2)])).unwrap();
        assert_eq!(json, r#"{"range":"groups","ids":[2]}"#);
        assert_eq!(serde_json::from_str::<ReadOnly>(&json).unwrap(), ReadOnly::Groups(vec![GroupId(2)]));
    }
}
