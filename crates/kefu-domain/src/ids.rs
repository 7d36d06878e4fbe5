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
