//! Tags of companies and contacts (`tableName` — sic, the hosted service keeps tags there)
//! and of tickets (`tagList`): one comma-separated string on the wire.

use crate::ids::split_list;
use crate::limits::{MAX_TAG_CHARS, MAX_TAGS};
use crate::text::{check_length, check_no_control};

/// A checked list of tags, in the order given, without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags(Vec<String>);

impl Tags {
    /// `"VIP,北京，大客户"`: separated by `,` or `，`, each tag trimmed; empty items are
    /// skipped and a repeated tag is kept once (tags are a set that clients build by
    /// concatenation). Each tag is 1 to `MAX_TAG_CHARS` characters on one line.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut tags: Vec<String> = Vec::new();
        for tag in split_list(raw) {
            check_length(tag, 1, MAX_TAG_CHARS)
                .and_then(|()| check_no_control(tag))
                .map_err(|e| format!("tag {tag:?} {e}"))?;
            if !tags.iter().any(|t| t == tag) {
                tags.push(tag.to_owned());
            }
        }
        if tags.len() > MAX_TAGS {
            return Err(format!("may hold at most {MAX_TAGS} tags, got {}", tags.len()));
        }
        Ok(Tags(tags))
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The wire form: the tags joined by `,` (the ASCII comma, whichever was sent).
    pub fn to_wire(&self) -> String {
        self.0.join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_with_either_comma() {
        let cases: [(&str, Result<&str, ()>); 7] = [
            ("", Ok("")),
            ("VIP", Ok("VIP")),
            ("VIP,北京", Ok("VIP,北京")),
            ("VIP，北京", Ok("VIP,北京")),
            (" VIP , 北京 ,", Ok("VIP,北京")),
            ("VIP,VIP,vip", Ok("VIP,vip")),
            ("a\u{0}b", Err(())),
        ];
        for (raw, expected) in cases {
            assert_eq!(Tags::parse(raw).map(|t| t.to_wire()).map_err(|_| ()), expected.map(str::to_owned), "{raw:?}");
        }
    }

    #[test]
    fn tags_are_bounded() {
        assert!(Tags::parse(&"长".repeat(MAX_TAG_CHARS)).is_ok());
        assert!(Tags::parse(&"长".repeat(MAX_TAG_CHARS + 1)).unwrap_err().contains("at most"));
        let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
        assert!(Tags::parse(&many.join(",")).unwrap_err().contains(&MAX_TAGS.to_string()));
        assert_eq!(Tags::parse(&many[..MAX_TAGS].join(",")).map(|t| t.as_slice().len()), Ok(MAX_TAGS));
    }
}
