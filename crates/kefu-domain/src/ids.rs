//! Typed ids, so a tenant id can never be passed where an agent id belongs.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// Parses an id as it appears on the wire: a positive decimal integer.
            pub fn parse(raw: &str) -> Result<Self, String> {
                parse_positive_id(raw).map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A company account: everything in kefu belongs to exactly one tenant.
    TenantId
);
id_type!(
    /// An agent (客服), shown on the wire as `sId`.
    AgentId
);
id_type!(
    /// A support group (客服分组), shown on the wire as `groupId`.
    GroupId
);

/// A positive decimal integer id as it appears on the wire, in its one canonical form:
/// digits without sign or leading zeros. Another spelling of the same number (`01`, `+1`)
/// is refused with [`not_canonical`]'s message — accepted, it would be a second name for
/// the same record.
pub fn parse_positive_id(raw: &str) -> Result<i64, String> {
    if let Some(canonical) = canonical_spelling(raw) {
        return Err(not_canonical(raw, &canonical));
    }
    let digits_only = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
    match raw.parse::<i64>() {
        Ok(id) if digits_only && id > 0 => Ok(id),
        _ => Err(format!("must be a positive integer id, got {raw:?}")),
    }
}

/// Ids of the customer and ticket modules accept only the canonical spelling: `7`, never
/// `007` or `+7`, so that one resource has one path (`/tickets/7.json`) and an id read back
/// from an answer compares equal as text.
macro_rules! canonical_id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// Parses an id as it appears on the wire: a positive decimal integer without
            /// leading zeros.
            pub fn parse(raw: &str) -> Result<Self, String> {
                parse_positive_id(raw).map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

canonical_id_type!(
    /// A company (公司), shown on the wire as `uId` (and a contact's `companyId`).
    CompanyId
);
canonical_id_type!(
    /// A contact (联系人), shown on the wire as `cId` (and a ticket's `custUserId`).
    ContactId
);
canonical_id_type!(
    /// A customer group (客户分组), shown on the wire as `groupId`.
    CustomerGroupId
);
canonical_id_type!(
    /// A ticket (工单), shown on the wire as `ticketId`.
    TicketId
);
canonical_id_type!(
    /// A ticket's reply, shown on the wire as `ticketReplyId`.
    ReplyId
);
canonical_id_type!(
    /// A ticket template (工单模板), shown on the wire as `tId` (and `ticketTemplateId`).
    TemplateId
);

/// A reference that may be empty: `""` or `"0"` (what the hosted service answers for "none",
/// as a company's `userGroup` defaults to 0) is None, anything else must be an id.
pub fn parse_optional_id<T>(raw: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    match raw.trim() {
        "" | "0" => Ok(None),
        id => parse(id).map(Some),
    }
}

/// Splits a list on `,` and the full-width `，` (Chinese input methods type the latter),
/// trimming each item and skipping empty ones, so `"1, 2，3,"` is three items.
pub fn split_list(raw: &str) -> impl Iterator<Item = &str> {
    raw.split([',', '，']).map(str::trim).filter(|item| !item.is_empty())
}

/// A comma-separated list of ids (`ccUserIdList`, `service_groupid`…): separated by `,` or
/// `，`, repeats dropped, at most `max`, answered in ascending order. `""` is the empty list.
pub fn parse_id_list<T: Ord + Copy + fmt::Display>(
    raw: &str,
    max: usize,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let mut ids = Vec::new();
    for item in split_list(raw) {
        let id = parse(item)
            .map_err(|_| format!("must be ids separated by commas, such as \"12,34\"; {item:?} is not an id"))?;
        ids.push(id);
    }
    ids.sort();
    ids.dedup();
    if ids.len() > max {
        return Err(format!("may name at most {max} ids, got {}", ids.len()));
    }
    Ok(ids)
}

/// The wire form of an id list: ascending, comma-separated, `""` for none.
pub fn join_ids<T: fmt::Display>(ids: &[T]) -> String {
    ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

/// The canonical spelling of `raw` when `raw` spells a positive number another way (a
/// `+` sign, leading zeros); None for canonical numbers and for text that is no number.
pub fn canonical_spelling(raw: &str) -> Option<String> {
    let unsigned = raw.strip_prefix('+').unwrap_or(raw);
    if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let canonical = unsigned.trim_start_matches('0');
    (!canonical.is_empty() && canonical != raw).then(|| canonical.to_owned())
}

const NOT_CANONICAL: &str = "is not in canonical form (decimal digits without sign or leading zeros)";

/// The message for an id written in another form than its canonical one. Edges answer it
/// with a 400 wherever the id came from (path, query or body), unlike text that is no id
/// at all, which keeps its documented answer (such as 404 for a path).
pub fn not_canonical(raw: &str, canonical: &str) -> String {
    format!("{raw:?} {NOT_CANONICAL}: write {canonical}")
}

/// Whether a parse error is [`not_canonical`]'s.
pub fn is_not_canonical(message: &str) -> bool {
    message.contains(NOT_CANONICAL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_positive_decimal_integers() {
        assert_eq!(AgentId::parse("42"), Ok(AgentId(42)));
        for bad in ["", "0", "-1", "1.0", "abc", " 1", "99999999999999999999"] {
            let message = AgentId::parse(bad).unwrap_err();
            assert!(!is_not_canonical(&message), "{bad:?} is no id at all: {message}");
        }
    }

    #[test]
    fn new_ids_are_canonical() {
        assert_eq!(TicketId::parse("42"), Ok(TicketId(42)));
        for bad in ["", "0", "007", "-1", "+1", "1.0", " 1", "1 ", "abc", "99999999999999999999"] {
            assert!(TicketId::parse(bad).is_err(), "{bad:?} should be refused");
            assert!(ContactId::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(CompanyId::parse("007").unwrap_err().contains("leading zeros"));
    }

    #[test]
    fn optional_ids() {
        let parse = |raw: &str| parse_optional_id(raw, TemplateId::parse);
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("0"), Ok(None));
        assert_eq!(parse("4"), Ok(Some(TemplateId(4))));
        assert!(parse("x").is_err());
        assert!(parse("-4").is_err());
    }

    #[test]
    fn id_lists_take_both_commas_and_drop_repeats() {
        let parse = |raw: &str| parse_id_list(raw, 3, AgentId::parse);
        let cases: [(&str, Result<Vec<AgentId>, ()>); 9] = [
            ("", Ok(vec![])),
            ("  ", Ok(vec![])),
            ("3,1", Ok(vec![AgentId(1), AgentId(3)])),
            ("3，1", Ok(vec![AgentId(1), AgentId(3)])),
            (" 2 , 2,2 ", Ok(vec![AgentId(2)])),
            ("1,,2,", Ok(vec![AgentId(1), AgentId(2)])),
            ("1,2,3,3", Ok(vec![AgentId(1), AgentId(2), AgentId(3)])),
            ("1,2,3,4", Err(())),
            ("1,a", Err(())),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse(raw).map_err(|_| ()), expected, "{raw:?}");
        }
        assert!(parse("1,x").unwrap_err().contains("\"x\""));
        assert_eq!(join_ids(&[AgentId(1), AgentId(20)]), "1,20");
        assert_eq!(join_ids::<AgentId>(&[]), "");
    }

    #[test]
    fn other_spellings_of_an_id_are_refused_as_such() {
        for (alias, canonical) in [("007", "7"), ("+1", "1"), ("+01", "1"), ("0010", "10")] {
            let message = AgentId::parse(alias).unwrap_err();
            assert!(is_not_canonical(&message), "{message}");
            assert!(message.ends_with(&format!("write {canonical}")), "{message}");
        }
        assert_eq!(canonical_spelling("12"), None);
        assert_eq!(canonical_spelling("00"), None, "zero is no id, not an alias");
        assert_eq!(canonical_spelling("-1"), None);
    }
}
