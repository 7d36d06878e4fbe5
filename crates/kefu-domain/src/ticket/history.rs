//! A ticket's history (audit): one entry per change — each field changed by an update
//! with its value before and after (as the wire shows them), each reply and note, the
//! deletion, the restore and the automatic close.

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryAction {
    /// 1 — the ticket was created.
    Created = 1,
    /// 2 — a field changed (`field`, `from`, `to`).
    Changed = 2,
    /// 3 — a reply to the customer was added.
    Replied = 3,
    /// 4 — an internal note was added.
    Noted = 4,
    /// 5 — soft-deleted.
    Deleted = 5,
    /// 6 — restored by an administrator.
    Restored = 6,
    /// 7 — closed by the auto-close task (no agent).
    ClosedAutomatically = 7,
}

impl HistoryAction {
    pub const ALL: [HistoryAction; 7] = [
        HistoryAction::Created,
        HistoryAction::Changed,
        HistoryAction::Replied,
        HistoryAction::Noted,
        HistoryAction::Deleted,
        HistoryAction::Restored,
        HistoryAction::ClosedAutomatically,
    ];

    pub fn code(self) -> i64 {
        self as i64
    }

    pub fn from_code(code: i64) -> Option<Self> {
        HistoryAction::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The name the history answers with.
    pub fn wire_name(self) -> &'static str {
        match self {
            HistoryAction::Created => "create",
            HistoryAction::Changed => "change",
            HistoryAction::Replied => "reply",
            HistoryAction::Noted => "note",
            HistoryAction::Deleted => "delete",
            HistoryAction::Restored => "restore",
            HistoryAction::ClosedAutomatically => "autoclose",
        }
    }
}

/// One changed field: its wire name and its values before and after, in wire form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub from: String,
    pub to: String,
}

/// Collects the fields an update really changes: a value sent back unchanged (a client
/// that PUTs the whole ticket it read) records nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet(Vec<FieldChange>);

impl ChangeSet {
    pub fn new() -> Self {
        ChangeSet::default()
    }

    /// Records `field` if `after` differs from `before`.
    pub fn compare(&mut self, field: &str, before: &str, after: &str) {
        if before != after {
            self.0.push(FieldChange { field: field.to_owned(), from: before.to_owned(), to: after.to_owned() });
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn changes(&self) -> &[FieldChange] {
        &self.0
    }

    pub fn into_changes(self) -> Vec<FieldChange> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_changes_are_recorded() {
        let mut changes = ChangeSet::new();
        changes.compare("subject", "打印机", "打印机");
        assert!(changes.is_empty());
        changes.compare("ticketStatus", "1", "2");
        changes.compare("servicerUserId", "5", "0");
        assert_eq!(
            changes.changes(),
            &[
                FieldChange { field: "ticketStatus".into(), from: "1".into(), to: "2".into() },
                FieldChange { field: "servicerUserId".into(), from: "5".into(), to: "0".into() },
            ]
        );
    }

    #[test]
    fn action_codes() {
        for action in HistoryAction::ALL {
            assert_eq!(HistoryAction::from_code(action.code()), Some(action));
        }
        assert_eq!(HistoryAction::from_code(0), None);
        assert_eq!(HistoryAction::ClosedAutomatically.wire_name(), "autoclose");
    }
}
