//! Typed ids, so a tenant id can never be passed where an agent id belongs.

use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

fn parse_positive_id(raw: &str) -> Result<i64, String> {
    let digits_only = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
    match raw.parse::<i64>() {
        Ok(id) if digits_only && id > 0 => Ok(id),
        _ => Err(format!("must be a positive integer id, got {raw:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_positive_decimal_integers() {
        assert_eq!(AgentId::parse("42"), Ok(AgentId(42)));
        assert_eq!(AgentId::parse("007"), Ok(AgentId(7)));
        for bad in ["", "0", "-1", "+1", "1.0", "abc", " 1", "99999999999999999999"] {
            assert!(AgentId::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
