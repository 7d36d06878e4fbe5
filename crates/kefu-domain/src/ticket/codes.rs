//! The ticket's numeric codes, with the meanings the spec gives them: source, type,
//! priority, status, and who created it.

/// An enum of numeric codes with a Chinese label (for the console and `ticket_fields2`) and
/// an English meaning (for messages).
macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal, $label:literal, $meaning:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub enum $name {
            $($(#[$vdoc])* $variant = $code,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> i64 {
                self as i64
            }

            pub fn from_code(code: i64) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// Parses a code as the wire carries it (`"2"`), naming every accepted one
            /// when it is none of them.
            pub fn parse(raw: &str) -> Result<Self, String> {
                let code = raw.parse::<i64>().ok().filter(|_| !raw.starts_with('+') && (raw == "0" || !raw.starts_with('0')));
                code.and_then($name::from_code).ok_or_else(|| {
                    let known: Vec<String> = $name::ALL.iter().map(|v| format!("{} ({})", v.code(), v.meaning())).collect();
                    format!("must be one of {}, got {raw:?}", known.join(", "))
                })
            }

            /// The label the hosted back office shows.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            pub fn meaning(self) -> &'static str {
                match self {
                    $($name::$variant => $meaning,)+
                }
            }
        }
    };
}

code_enum!(
    /// `ticketSource`: how the ticket came in. kefu's API creates with 7.
    TicketSource {
        Remote = 1, "远程", "remote";
        Chat = 2, "在线聊天", "chat";
        CallCenter = 3, "呼叫中心", "call center";
        Message = 4, "留言", "message";
        System = 5, "系统", "system";
        /// What `POST /api/v1/tickets.json` records.
        #[default]
        Api = 7, "API", "API";
        TemplateRelease = 8, "模板发布", "template release";
        Email = 9, "邮件", "e-mail";
    }
);

code_enum!(
    /// `ticketType`. Real data also holds 0, a ticket whose type was never chosen.
    TicketType {
        #[default]
        Unspecified = 0, "未指定", "not chosen";
        Question = 1, "问题", "question";
        Incident = 2, "事务", "incident";
        Problem = 3, "故障", "problem";
        Task = 4, "任务", "task";
    }
);

code_enum!(
    /// `priorityLevel`.
    Priority {
        Low = 1, "低", "low";
        #[default]
        Normal = 2, "普通", "normal";
        High = 3, "高", "high";
        Urgent = 4, "紧急", "urgent";
    }
);

code_enum!(
    /// `ticketStatus`: the six statuses (see `status.rs` for how a ticket moves between them).
    TicketStatus {
        #[default]
        New = 1, "新建", "new";
        Open = 2, "处理中", "open";
        Pending = 3, "等待回复", "pending";
        Solved = 4, "已解决", "solved";
        ClosedAutomatically = 5, "已关闭（自动）", "closed automatically";
        ClosedByHand = 6, "已关闭", "closed by hand";
    }
);

code_enum!(
    /// `createrType`: who created the ticket — an agent (`createrId` is an sId) or the
    /// customer (`createrId` is the contact's cId).
    CreatorType {
        #[default]
        Agent = 0, "客服", "agent";
        Customer = 1, "客户", "customer";
    }
);

impl TicketStatus {
    /// 5 and 6.
    pub fn is_closed(self) -> bool {
        matches!(self, TicketStatus::ClosedAutomatically | TicketStatus::ClosedByHand)
    }

    /// 4, 5 and 6: the ticket needs no more work.
    pub fn is_done(self) -> bool {
        self == TicketStatus::Solved || self.is_closed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_the_spec() {
        let sources: Vec<i64> = TicketSource::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(sources, vec![1, 2, 3, 4, 5, 7, 8, 9]);
        let types: Vec<i64> = TicketType::ALL.iter().map(|t| t.code()).collect();
        assert_eq!(types, vec![0, 1, 2, 3, 4]);
        assert_eq!(Priority::ALL.len(), 4);
        assert_eq!(TicketStatus::ALL.iter().map(|s| s.code()).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(TicketSource::default(), TicketSource::Api);
        assert_eq!(Priority::default(), Priority::Normal);
    }

    #[test]
    fn parsing_codes() {
        assert_eq!(TicketStatus::parse("4"), Ok(TicketStatus::Solved));
        assert_eq!(TicketType::parse("0"), Ok(TicketType::Unspecified));
        assert_eq!(CreatorType::parse("1"), Ok(CreatorType::Customer));
        let err = TicketSource::parse("6").unwrap_err();
        assert!(err.contains("7 (API)") && err.contains("got \"6\""), "{err}");
        for bad in ["", "00", "04", "+4", "4.0", "-1", "x", "7 "] {
            assert!(TicketStatus::parse(bad).is_err(), "{bad:?}");
            assert!(TicketType::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Priority::parse("0").is_err());
    }

    #[test]
    fn closed_and_done() {
        assert!(TicketStatus::ClosedAutomatically.is_closed() && TicketStatus::ClosedByHand.is_closed());
        assert!(!TicketStatus::Solved.is_closed() && TicketStatus::Solved.is_done());
        assert!(!TicketStatus::Pending.is_done());
        assert_eq!(TicketStatus::Open.label(), "处理中");
    }
}
