//! The ticket's own fields as `ticket_fields2.json` lists them beside the custom ones
//! ("all fields, system and custom"): `system` 1, keyed by their member names.

use super::codes::{Priority, TicketSource, TicketStatus, TicketType};
use crate::custom_field::{FieldKind, FieldType};

/// One system field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemField {
    /// The ticket member (`subject`); also its `id` on the wire, as it has no number.
    pub key: &'static str,
    /// The back office's label.
    pub title: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// Whether only the server sets it.
    pub read_only: bool,
}

const fn field(
    key: &'static str,
    title: &'static str,
    field_type: FieldType,
    required: bool,
    read_only: bool,
) -> SystemField {
    SystemField { key, title, kind: FieldKind::Basic(field_type), required, read_only }
}

/// In the order the back office's ticket form shows them.
pub const SYSTEM_FIELDS: [SystemField; 13] = [
    field("subject", "主题", FieldType::Text, true, false),
    field("descript", "描述", FieldType::Textarea, false, false),
    field("custUserId", "联系人", FieldType::Integer, true, false),
    field("ticketStatus", "状态", FieldType::Dropdown, false, false),
    field("priorityLevel", "优先级", FieldType::Dropdown, false, false),
    field("ticketType", "类型", FieldType::Dropdown, false, false),
    field("ticketSource", "来源", FieldType::Dropdown, false, true),
    field("servicerUserId", "受理客服", FieldType::Integer, false, false),
    field("servicerGroupId", "受理组", FieldType::Integer, false, false),
    field("ccUserIdList", "抄送客服", FieldType::Text, false, false),
    field("ccGroupIdList", "抄送组", FieldType::Text, false, false),
    field("tagList", "标签", FieldType::Text, false, false),
    field("ticketTemplateId", "工单模板", FieldType::Integer, false, false),
];

impl SystemField {
    /// The choices of a dropdown system field: `(code, label)`, the code being what the
    /// ticket's member holds (and the option's `key` on the wire).
    pub fn choices(&self) -> Vec<(i64, &'static str)> {
        match self.key {
            "ticketStatus" => TicketStatus::ALL.iter().map(|s| (s.code(), s.label())).collect(),
            "priorityLevel" => Priority::ALL.iter().map(|p| (p.code(), p.label())).collect(),
            "ticketType" => TicketType::ALL.iter().map(|t| (t.code(), t.label())).collect(),
            "ticketSource" => TicketSource::ALL.iter().map(|s| (s.code(), s.label())).collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropdowns_have_their_codes_as_choices() {
        for field in SYSTEM_FIELDS {
            let is_dropdown = field.kind == FieldKind::Basic(FieldType::Dropdown);
            assert_eq!(!field.choices().is_empty(), is_dropdown, "{}", field.key);
        }
        let status = SYSTEM_FIELDS.iter().find(|f| f.key == "ticketStatus").unwrap();
        assert_eq!(status.choices()[0], (1, "新建"));
        assert_eq!(status.choices().len(), 6);
    }

    #[test]
    fn keys_are_unique() {
        for (i, field) in SYSTEM_FIELDS.iter().enumerate() {
            assert!(!SYSTEM_FIELDS[..i].iter().any(|f| f.key == field.key), "{}", field.key);
        }
    }
}
