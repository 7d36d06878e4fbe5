//! A ticket's replies and history (kefu extensions): replies with the hosted service's
//! storage names (`ticketReplyId`, `replyUserId`, `replyType`, `replyDT`, `replyStatus`,
//! `replyMsg`), history entries in the conventions of the presence history.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One reply or internal note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketReply {
    #[serde(rename = "ticketReplyId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "31")]
    pub ticket_reply_id: String,
    #[serde(rename = "ticketId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "4")]
    pub ticket_id: String,
    /// The agent who wrote it (an sId).
    #[serde(rename = "replyUserId")]
    #[schema(pattern = r"^[0-9]+$", example = "2")]
    pub reply_user_id: String,
    /// "1" a reply to the customer, "2" an internal note (agents only).
    #[serde(rename = "replyType")]
    #[schema(pattern = "^[12]$", example = "1")]
    pub reply_type: String,
    #[serde(rename = "replyDT")]
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2025-01-05 14:10:00")]
    pub reply_dt: String,
    /// Always "1" (normal).
    #[serde(rename = "replyStatus")]
    #[schema(pattern = "^1$", example = "1")]
    pub reply_status: String,
    #[serde(rename = "replyMsg")]
    #[schema(example = "已为您重启打印服务，请再试一次。")]
    pub reply_msg: String,
}

/// `GET /tickets/{id}/replies.json`: the developer guide's list envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketReplyList {
    pub ticket_replies: Vec<TicketReply>,
    pub count: u64,
    #[schema(required = true)]
    pub next_page: Option<String>,
    #[schema(required = true)]
    pub previous_page: Option<String>,
}

/// One entry of a ticket's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketHistoryEntry {
    #[schema(pattern = r"^[1-9][0-9]*$", example = "90")]
    pub id: String,
    #[serde(rename = "ticketId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "4")]
    pub ticket_id: String,
    /// Who (an sId); `"0"` for the auto-close task.
    #[serde(rename = "sId")]
    #[schema(pattern = r"^[0-9]+$", example = "2")]
    pub s_id: String,
    /// `create`, `change`, `reply`, `note`, `delete`, `restore` or `autoclose`.
    #[schema(pattern = "^(create|change|reply|note|delete|restore|autoclose)$", example = "change")]
    pub action: String,
    /// For `change`: the member changed (`ticketStatus`, `field_3`…); else `""`.
    #[schema(example = "ticketStatus")]
    pub field: String,
    /// The value before, as the ticket showed it (`""` when there is none).
    #[schema(example = "1")]
    pub from: String,
    /// The value after; for `reply` and `note`, the reply's `ticketReplyId`.
    #[schema(example = "2")]
    pub to: String,
    #[serde(rename = "createDT")]
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2025-01-05 14:10:00")]
    pub create_dt: String,
}

/// `GET /tickets/{id}/history.json`: oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketHistory {
    pub ticket_history: Vec<TicketHistoryEntry>,
    pub count: u64,
    #[schema(required = true)]
    pub next_page: Option<String>,
    #[schema(required = true)]
    pub previous_page: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_with_the_storage_names() {
        let reply = TicketReply {
            ticket_reply_id: "31".into(),
            ticket_id: "4".into(),
            reply_user_id: "2".into(),
            reply_type: "2".into(),
            reply_dt: "2025-01-05 14:10:00".into(),
            reply_status: "1".into(),
            reply_msg: "客户已确认".into(),
        };
        let list =
            TicketReplyList { ticket_replies: vec![reply.clone()], count: 1, next_page: None, previous_page: None };
        let text = serde_json::to_string(&list).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"{"ticket_replies":[{"ticketReplyId":"31","ticketId":"4","replyUserId":"2","replyType":"2","#,
                r#""replyDT":"2025-01-05 14:10:00","replyStatus":"1","replyMsg":"客户已确认"}],"#,
                r#""count":1,"next_page":null,"previous_page":null}"#
            )
        );
        assert_eq!(serde_json::from_str::<TicketReplyList>(&text).unwrap().ticket_replies, vec![reply]);
    }

    #[test]
    fn a_history_entry() {
        let entry = TicketHistoryEntry {
            id: "90".into(),
            ticket_id: "4".into(),
            s_id: "2".into(),
            action: "change".into(),
            field: "ticketStatus".into(),
            from: "1".into(),
            to: "2".into(),
            create_dt: "2025-01-05 14:10:00".into(),
        };
        let history = TicketHistory { ticket_history: vec![entry], count: 1, next_page: None, previous_page: None };
        assert_eq!(
            serde_json::to_string(&history).unwrap(),
            concat!(
                r#"{"ticket_history":[{"id":"90","ticketId":"4","sId":"2","action":"change","field":"ticketStatus","#,
                r#""from":"1","to":"2","createDT":"2025-01-05 14:10:00"}],"count":1,"next_page":null,"previous_page":null}"#
            )
        );
    }
}
