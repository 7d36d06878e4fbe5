//! Support groups (客服分组).

use crate::limits::MAX_GROUP_NAME_CHARS;
use crate::text::{check_length, check_no_control, check_trimmed};

/// A support group's name: 1 to 64 characters, unique within a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupName(String);

impl GroupName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_length(raw, 1, MAX_GROUP_NAME_CHARS)?;
        check_no_control(raw)?;
        check_trimmed(raw)?;
        Ok(GroupName(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names() {
        assert!(GroupName::parse("售后组").is_ok());
        assert!(GroupName::parse("").is_err());
        assert!(GroupName::parse(" 售后组").is_err());
        assert!(GroupName::parse("a\tb").is_err());
    }
}
