//! The agent search's `query=FIELD:VALUE` syntax and the sort options of lists.

use crate::limits::MAX_SEARCH_QUERY_CHARS;

/// The fields `query=FIELD:VALUE` may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchField {
    PassportName,
    Name,
    JobNumber,
    Mobile,
    /// A custom field, `field_N`.
    Custom(i64),
}

impl SearchField {
    pub const ALL: [SearchField; 4] =
        [SearchField::PassportName, SearchField::Name, SearchField::JobNumber, SearchField::Mobile];

    /// The prefix of a built-in field; custom fields are named `field_N`.
    pub fn wire_name(self) -> &'static str {
        match self {
            SearchField::PassportName => "sPassportName",
            SearchField::Name => "name",
            SearchField::JobNumber => "sNum",
            SearchField::Mobile => "mobile",
            SearchField::Custom(_) => "field_N",
        }
    }

    fn from_wire(name: &str) -> Option<Self> {
        SearchField::ALL.into_iter().find(|f| f.wire_name() == name)
    }
}

/// A parsed search: a substring to find, in one field or (no prefix) in all four.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub field: Option<SearchField>,
    /// Lower-cased, so matching is case-insensitive for Latin letters on every backend.
    pub needle: String,
}

impl SearchQuery {
    /// `sPassportName:ademi`, `name:陆华`, `sNum:001`, `mobile:155…`, or a bare value.
    /// A prefix that looks like a field name but is none is refused rather than searched
    /// for literally, so a typo (`mobil:…`) does not silently find nothing; a value that
    /// itself contains `:` can still be searched with an explicit prefix (`name:a:b`).
    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::parse_within(raw, MAX_SEARCH_QUERY_CHARS)
    }

    /// As [`SearchQuery::parse`], with an operator-set length limit.
    pub fn parse_within(raw: &str, max_chars: usize) -> Result<Self, String> {
        let (field, value) = match split_query(raw, max_chars)? {
            (Some(prefix), value) => match SearchField::from_wire(prefix) {
                Some(field) => (Some(field), value),
                None if prefix.starts_with("field_") => {
                    let number = crate::custom_field::parse_field_key(prefix)?;
                    (Some(SearchField::Custom(i64::from(number))), value)
                }
                None => {
                    let known: Vec<_> = SearchField::ALL.iter().map(|f| f.wire_name()).collect();
                    return Err(unknown_field(prefix, &known));
                }
            },
            (None, value) => (None, value),
        };
        if value.trim().is_empty() {
            return Err("needs something to search for, e.g. query=name:张三".to_owned());
        }
        Ok(SearchQuery { field, needle: value.to_lowercase() })
    }
}

/// Checks a `query=FIELD:VALUE` string's length and characters and splits off its field:
/// the part before the first `:` when it looks like a field name (letters, digits, `_`,
/// starting with a letter), else no field (`10:30` is a value). Shared by every search
/// that takes one `FIELD:VALUE` (agents, contacts, companies).
pub fn split_query(raw: &str, max_chars: usize) -> Result<(Option<&str>, &str), String> {
    let count = raw.chars().count();
    if count > max_chars {
        return Err(format!("must be at most {max_chars} characters, got {count}"));
    }
    if raw.chars().any(char::is_control) {
        return Err("must not contain control characters".to_owned());
    }
    Ok(match raw.split_once(':') {
        Some((prefix, value)) if looks_like_field_name(prefix) => (Some(prefix), value),
        _ => (None, raw),
    })
}

/// The message for a prefix that is no searchable field of a search.
pub fn unknown_field(prefix: &str, known: &[&str]) -> String {
    format!(
        "{prefix:?} is not a searchable field; use one of {}, a custom field key (field_N), or no prefix to search them all",
        known.join(", ")
    )
}

pub fn looks_like_field_name(prefix: &str) -> bool {
    let mut chars = prefix.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `asc` / `desc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    Asc,
    Desc,
}

impl SortOrder {
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "asc" => Ok(SortOrder::Asc),
            "desc" => Ok(SortOrder::Desc),
            _ => Err(format!("must be \"asc\" or \"desc\", got {raw:?}")),
        }
    }

    pub fn wire_name(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }
}

/// What a list is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// `sId`, the default of every list.
    Id,
    /// `createDT`.
    Created,
    /// `updateDT`.
    Updated,
}

impl SortKey {
    /// The search's `sort_by`: `createDT` or `updateDT`.
    pub fn parse_search(raw: &str) -> Result<Self, String> {
        match raw {
            "createDT" => Ok(SortKey::Created),
            "updateDT" => Ok(SortKey::Updated),
            _ => Err(format!("must be \"createDT\" or \"updateDT\", got {raw:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixed_and_bare_queries() {
        assert_eq!(
            SearchQuery::parse("sPassportName:AdeMi"),
            Ok(SearchQuery { field: Some(SearchField::PassportName), needle: "ademi".into() })
        );
        assert_eq!(
            SearchQuery::parse("name:陆华"),
            Ok(SearchQuery { field: Some(SearchField::Name), needle: "陆华".into() })
        );
        assert_eq!(SearchQuery::parse("001"), Ok(SearchQuery { field: None, needle: "001".into() }));
        assert_eq!(
            SearchQuery::parse("name:a:b"),
            Ok(SearchQuery { field: Some(SearchField::Name), needle: "a:b".into() })
        );
        // Not an identifier before the colon: a plain value.
        assert_eq!(SearchQuery::parse("10:30"), Ok(SearchQuery { field: None, needle: "10:30".into() }));
    }

    #[test]
    fn custom_field_queries() {
        assert_eq!(
            SearchQuery::parse("field_3:蓝色"),
            Ok(SearchQuery { field: Some(SearchField::Custom(3)), needle: "蓝色".into() })
        );
        assert!(SearchQuery::parse("field_0:x").is_err());
        assert!(SearchQuery::parse("field_x:x").is_err());
    }

    #[test]
    fn bad_queries() {
        assert!(SearchQuery::parse("mobil:123").unwrap_err().contains("mobil"));
        assert!(SearchQuery::parse("").is_err());
        assert!(SearchQuery::parse("name:").is_err());
        assert!(SearchQuery::parse("name:  ").is_err());
        assert!(SearchQuery::parse(&"x".repeat(MAX_SEARCH_QUERY_CHARS + 1)).is_err());
        assert!(SearchQuery::parse("a\u{0}b").is_err());
    }

    #[test]
    fn sort_options() {
        assert_eq!(SortOrder::parse("desc"), Ok(SortOrder::Desc));
        assert!(SortOrder::parse("DESC").is_err());
        assert_eq!(SortKey::parse_search("updateDT"), Ok(SortKey::Updated));
        assert!(SortKey::parse_search("sId").is_err());
    }
}
