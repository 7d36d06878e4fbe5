//! The views of the agent's desk (工单 in the console): 我的工单, 我的组, 未分配, 全部, and
//! one per status — each a subset of the tickets the agent may see.

use super::TicketStatus;

/// One view of the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskView {
    /// Assigned to the caller.
    Mine,
    /// Assigned to one of the caller's groups.
    MyGroups,
    /// Without an assignee.
    Unassigned,
    /// Everything the caller may see.
    All,
    /// Everything the caller may see in one status.
    Status(TicketStatus),
}

impl DeskView {
    /// The views in the order the desk lists them.
    pub fn all() -> Vec<DeskView> {
        let mut views = vec![DeskView::Mine, DeskView::MyGroups, DeskView::Unassigned, DeskView::All];
        views.extend(TicketStatus::ALL.iter().map(|s| DeskView::Status(*s)));
        views
    }

    /// The view's name in an address (`mine`, `groups`, `unassigned`, `all`, `status-4`).
    pub fn key(self) -> String {
        match self {
            DeskView::Mine => "mine".to_owned(),
            DeskView::MyGroups => "groups".to_owned(),
            DeskView::Unassigned => "unassigned".to_owned(),
            DeskView::All => "all".to_owned(),
            DeskView::Status(status) => format!("status-{}", status.code()),
        }
    }

    /// Reads a view's key; an empty one is 我的工单 (where an agent starts).
    pub fn parse(raw: &str) -> Result<DeskView, String> {
        Ok(match raw {
            "" | "mine" => DeskView::Mine,
            "groups" => DeskView::MyGroups,
            "unassigned" => DeskView::Unassigned,
            "all" => DeskView::All,
            other => match other.strip_prefix("status-").map(TicketStatus::parse) {
                Some(Ok(status)) => DeskView::Status(status),
                _ => {
                    return Err(format!("must be mine, groups, unassigned, all or status-1 … status-6, got {other:?}"));
                }
            },
        })
    }

    /// The label the console shows.
    pub fn label(self) -> &'static str {
        match self {
            DeskView::Mine => "我的工单",
            DeskView::MyGroups => "我的组",
            DeskView::Unassigned => "未分配",
            DeskView::All => "全部",
            DeskView::Status(status) => status.label(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_view_reads_back_from_its_key() {
        for view in DeskView::all() {
            assert_eq!(DeskView::parse(&view.key()), Ok(view));
        }
        assert_eq!(DeskView::all().len(), 10);
        assert_eq!(DeskView::parse(""), Ok(DeskView::Mine));
    }

    #[test]
    fn unknown_views_are_refused_by_name() {
        for bad in ["status-7", "status-", "status-01", "Mine", "deleted"] {
            let error = DeskView::parse(bad).expect_err(bad);
            assert!(error.contains(bad), "{error}");
        }
    }
}
