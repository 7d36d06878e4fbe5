//! Replies (`ticketReply` on create and update; the spec's storage names `ticketReplyId`,
//! `replyUserId`, `replyType`, `replyDT`, `replyStatus`, `replyMsg`).

use crate::limits::MAX_REPLY_CHARS;
use crate::signin::check_multiline_text;
use crate::text::check_length;

/// `replyType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReplyType {
    /// 1 — a reply to the customer (the default).
    #[default]
    Public = 1,
    /// 2 — an internal note (备注): agents see it, the customer never will.
    Internal = 2,
}

impl ReplyType {
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "1" => Ok(ReplyType::Public),
            "2" => Ok(ReplyType::Internal),
            _ => Err(format!("must be \"1\" (a reply to the customer) or \"2\" (an internal note), got {raw:?}")),
        }
    }

    pub fn from_code(code: i64) -> Self {
        if code == 2 { ReplyType::Internal } else { ReplyType::Public }
    }

    pub fn code(self) -> i64 {
        self as i64
    }

    /// Whether a customer-facing view (a future portal, e-mail) may show it.
    pub fn visible_to_customer(self) -> bool {
        self == ReplyType::Public
    }
}

/// `replyStatus`: kefu's replies are always 1 (normal); the code is kept for the hosted
/// storage's shape.
pub const REPLY_STATUS_NORMAL: i64 = 1;

/// A reply to add, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReply {
    pub message: String,
    pub reply_type: ReplyType,
}

/// `ticketReply: {"replyMsg": …, "replyType": …}` as sent with a create or update. An empty
/// (or blank) `replyMsg` adds no reply and is not an error — real clients send one with
/// every update. Returns the member a problem is about with it.
pub fn parse_reply(message: &str, reply_type: Option<&str>) -> Result<Option<NewReply>, (&'static str, String)> {
    let reply_type = match reply_type {
        None | Some("") => ReplyType::default(),
        Some(raw) => ReplyType::parse(raw).map_err(|e| ("replyType", e))?,
    };
    if message.trim().is_empty() {
        return Ok(None);
    }
    check_length(message, 1, MAX_REPLY_CHARS).map_err(|e| ("replyMsg", e))?;
    check_multiline_text(message).map_err(|e| ("replyMsg", e))?;
    Ok(Some(NewReply { message: message.to_owned(), reply_type }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies() {
        assert_eq!(
            parse_reply("已处理", None),
            Ok(Some(NewReply { message: "已处理".into(), reply_type: ReplyType::Public }))
        );
        assert_eq!(parse_reply("内部备注", Some("2")).unwrap().unwrap().reply_type, ReplyType::Internal);
        for empty in ["", "   ", "\n"] {
            assert_eq!(parse_reply(empty, None), Ok(None), "{empty:?} adds nothing");
        }
        assert_eq!(parse_reply("x", Some("3")).unwrap_err().0, "replyType");
        assert_eq!(parse_reply("a\u{0}", None).unwrap_err().0, "replyMsg");
        assert_eq!(parse_reply(&"x".repeat(MAX_REPLY_CHARS + 1), None).unwrap_err().0, "replyMsg");
        assert!(!ReplyType::Internal.visible_to_customer());
        assert_eq!(ReplyType::from_code(2), ReplyType::Internal);
    }
}
