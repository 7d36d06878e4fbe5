//! A ticket's own values: subject, description and its attachments, the copied agents and
//! groups.

use serde_json::Value;

use crate::custom_field::{Attachment, FieldSettings, FieldType, FieldValue, is_blank};
use crate::ids::{AgentId, GroupId, parse_id_list};
use crate::limits::{MAX_CC_AGENTS, MAX_CC_GROUPS, MAX_REPLY_CHARS, MAX_SUBJECT_CHARS};
use crate::signin::check_multiline_text;
use crate::text::{check_length, check_no_control, checked_string, empty_by_default};

checked_string!(
    /// `subject`: 1 to `MAX_SUBJECT_CHARS` (the spec's 100) characters on one line, not
    /// only spaces. Surrounding spaces are kept as sent (e-mail subjects have them).
    Subject,
    |raw| {
        check_length(raw, 1, MAX_SUBJECT_CHARS)?;
        check_no_control(raw)?;
        if raw.trim().is_empty() {
            return Err("must not be only spaces".to_owned());
        }
    }
);

checked_string!(
    /// `descript`, the description (the hosted service's first reply): up to
    /// `MAX_REPLY_CHARS` characters, line breaks allowed, may be empty. Stored and answered
    /// as sent: it may hold HTML, which every page that shows it escapes.
    Description,
    |raw| {
        check_length(raw, 0, MAX_REPLY_CHARS)?;
        check_multiline_text(raw)?;
    }
);

empty_by_default!(Description);

/// `descriptattachments`: a list of `{"fileName","fileUrl"}` (a single such object is read
/// as a list of one; `null`, `""` and `[]` are none), checked as an attachment field's value.
pub fn parse_description_attachments(raw: &Value) -> Result<Vec<Attachment>, String> {
    if is_blank(raw) {
        return Ok(Vec::new());
    }
    let list = match raw {
        Value::Object(_) => Value::Array(vec![raw.clone()]),
        other => other.clone(),
    };
    match crate::custom_field::check_value(&attachment_field(), None, &list)? {
        FieldValue::Attachments(files) => Ok(files),
        _ => Err("must be a list of {\"fileName\":…,\"fileUrl\":…}".to_owned()),
    }
}

fn attachment_field() -> crate::custom_field::FieldDefinition {
    crate::custom_field::FieldDefinition {
        number: 0,
        title: "descriptattachments".to_owned(),
        field_type: FieldType::Attachment,
        required: false,
        settings: FieldSettings::default(),
    }
}

/// `ccUserIdList`: agents copied on the ticket, separated by `,` or `，`, repeats dropped.
pub fn parse_cc_agents(raw: &str) -> Result<Vec<AgentId>, String> {
    parse_id_list(raw, MAX_CC_AGENTS, AgentId::parse)
}

/// `ccGroupIdList`: support groups copied on the ticket, likewise.
pub fn parse_cc_groups(raw: &str) -> Result<Vec<GroupId>, String> {
    parse_id_list(raw, MAX_CC_GROUPS, GroupId::parse)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn subjects() {
        assert!(Subject::parse("打印机无法连接").is_ok());
        assert!(Subject::parse(" Re: 打印机 ").is_ok(), "surrounding spaces kept");
        assert!(Subject::parse(&"工".repeat(MAX_SUBJECT_CHARS)).is_ok());
        let too_long = Subject::parse(&"工".repeat(MAX_SUBJECT_CHARS + 1)).unwrap_err();
        assert!(too_long.contains("at most 100 characters, got 101"), "{too_long}");
        for bad in ["", "   ", "a\nb", "a\tb"] {
            assert!(Subject::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn descriptions() {
        assert!(Description::parse("").is_ok());
        assert!(Description::parse("<p>第一段</p>\n第二段\t缩进").is_ok());
        assert!(Description::parse("a\u{0}b").is_err());
        assert!(Description::parse(&"x".repeat(MAX_REPLY_CHARS + 1)).is_err());
    }

    #[test]
    fn attachments_as_list_or_object() {
        let file = json!({"fileName": "a.png", "fileUrl": "https://example.com/a.png"});
        assert_eq!(parse_description_attachments(&file).map(|f| f.len()), Ok(1));
        assert_eq!(parse_description_attachments(&json!([file.clone(), file])).map(|f| f.len()), Ok(2));
        for none in [json!(null), json!(""), json!([])] {
            assert_eq!(parse_description_attachments(&none), Ok(vec![]), "{none}");
        }
        assert!(parse_description_attachments(&json!({"fileName": "noext", "fileUrl": "https://a.b"})).is_err());
        assert!(parse_description_attachments(&json!("a.png")).is_err());
    }

    #[test]
    fn cc_lists() {
        assert_eq!(parse_cc_agents("5，3,5"), Ok(vec![AgentId(3), AgentId(5)]));
        assert_eq!(parse_cc_groups(""), Ok(vec![]));
        assert!(parse_cc_agents("5,x").is_err());
        let many: Vec<String> = (1..=MAX_CC_AGENTS + 1).map(|i| i.to_string()).collect();
        assert!(parse_cc_agents(&many.join(",")).unwrap_err().contains("at most 50"));
        let groups: Vec<String> = (1..=MAX_CC_GROUPS + 1).map(|i| i.to_string()).collect();
        assert!(parse_cc_groups(&groups.join(",")).is_err());
    }
}
