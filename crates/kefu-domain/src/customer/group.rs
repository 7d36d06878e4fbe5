//! Customer groups (客户分组): named groups of companies (type 1) or of contacts (type 2).

use crate::ids::CustomerGroupId;
use crate::limits::MAX_CUSTOMER_GROUP_NAME_CHARS;
use crate::text::{check_length, check_no_control, check_trimmed, checked_string};

checked_string!(
    /// `groupName`: 1 to `MAX_CUSTOMER_GROUP_NAME_CHARS` characters on one line, no
    /// surrounding spaces; unique among the account's groups of the same type.
    CustomerGroupName,
    |raw| {
        check_length(raw, 1, MAX_CUSTOMER_GROUP_NAME_CHARS)?;
        check_no_control(raw)?;
        check_trimmed(raw)?;
    }
);

/// `type`: what a group holds. A group's type is fixed when it is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerGroupType {
    /// 1 — companies (a company's `userGroup`, 2B).
    Company = 1,
    /// 2 — contacts (a contact's `userGroup`, comma-separated).
    Contact = 2,
}

impl CustomerGroupType {
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "1" => Ok(CustomerGroupType::Company),
            "2" => Ok(CustomerGroupType::Contact),
            _ => Err(format!("must be \"1\" (a group of companies) or \"2\" (a group of contacts), got {raw:?}")),
        }
    }

    pub fn from_code(code: i64) -> Option<Self> {
        match code {
            1 => Some(CustomerGroupType::Company),
            2 => Some(CustomerGroupType::Contact),
            _ => None,
        }
    }

    pub fn code(self) -> i64 {
        self as i64
    }

    fn holds(self) -> &'static str {
        match self {
            CustomerGroupType::Company => "companies",
            CustomerGroupType::Contact => "contacts",
        }
    }
}

/// A group named in a `userGroup` must hold what it is named for: a company names a
/// company group, a contact contact groups.
pub fn check_group_type(
    group: CustomerGroupId,
    actual: CustomerGroupType,
    wanted: CustomerGroupType,
) -> Result<(), String> {
    if actual == wanted {
        return Ok(());
    }
    Err(format!(
        "customer group {group} is a group of {} (type {}); {} go in groups of type {}",
        actual.holds(),
        actual.code(),
        wanted.holds(),
        wanted.code()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_types() {
        assert!(CustomerGroupName::parse("重点客户").is_ok());
        for bad in ["", " 重点", "a\nb"] {
            assert!(CustomerGroupName::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(CustomerGroupType::parse("2"), Ok(CustomerGroupType::Contact));
        assert!(CustomerGroupType::parse("3").is_err());
        assert_eq!(CustomerGroupType::from_code(1), Some(CustomerGroupType::Company));
        assert_eq!(CustomerGroupType::from_code(0), None);
    }

    #[test]
    fn groups_hold_one_kind() {
        use CustomerGroupType::{Company, Contact};
        assert!(check_group_type(CustomerGroupId(4), Company, Company).is_ok());
        let err = check_group_type(CustomerGroupId(4), Contact, Company).unwrap_err();
        assert!(
            err.contains("customer group 4 is a group of contacts (type 2); companies go in groups of type 1"),
            "{err}"
        );
    }
}
