use super::*;
use crate::time::parse_time_zone;

fn filters(raw: &str) -> Vec<TicketFilter> {
    parse_ticket_query(raw).unwrap_or_else(|e| panic!("{raw}: {e}")).filters
}

fn prefix(raw: &str) -> DatePrefix {
    DatePrefix::parse(raw).unwrap()
}

#[test]
fn the_real_clients_query() {
    let query = parse_ticket_query("createDT:2025-01 ticketTemplateId:4").unwrap();
    assert_eq!(
        query.filters,
        vec![
            TicketFilter::Time(TimeField::Created, prefix("2025-01")),
            TicketFilter::Template(vec![Some(TemplateId(4))]),
        ]
    );
    assert!(query.words.is_empty());
}

#[test]
fn each_field() {
    let cases: Vec<(&str, TicketFilter)> = vec![
        ("ticketId:5,3", TicketFilter::Ticket(vec![TicketId(5), TicketId(3)])),
        ("ticketStatus:1，2,2", TicketFilter::Status(vec![TicketStatus::New, TicketStatus::Open])),
        ("ticketSource:7", TicketFilter::Source(vec![TicketSource::Api])),
        ("ticketType:0", TicketFilter::Type(vec![TicketType::Unspecified])),
        ("priorityLevel:4", TicketFilter::Priority(vec![Priority::Urgent])),
        ("custUserId:12", TicketFilter::Contact(vec![ContactId(12)])),
        ("companyId:3", TicketFilter::Company(vec![CompanyId(3)])),
        ("createrId:2", TicketFilter::Creator(vec![AgentId(2)])),
        ("servicerUserId:0,8", TicketFilter::Assignee(vec![None, Some(AgentId(8))])),
        ("servicerGroupId:0", TicketFilter::Group(vec![None])),
        ("ticketTemplateId:0", TicketFilter::Template(vec![None])),
        ("ccUserIdList:8", TicketFilter::CcAgent(vec![AgentId(8)])),
        ("ccGroupIdList:2", TicketFilter::CcGroup(vec![GroupId(2)])),
        ("tagList:VIP", TicketFilter::Tag("VIP".into())),
        ("isDeleted:1", TicketFilter::Deleted(true)),
        ("updateDT:2025", TicketFilter::Time(TimeField::Updated, prefix("2025"))),
        ("solveDT:2025-01-05", TicketFilter::Time(TimeField::Solved, prefix("2025-01-05"))),
        ("subject:打印机", TicketFilter::Subject("打印机".into())),
        ("descript:Printer", TicketFilter::Description("printer".into())),
        ("field_3:北京市", TicketFilter::Custom(3, "北京市".into())),
        ("subject:\"无法 登录\"", TicketFilter::Subject("无法 登录".into())),
    ];
    for (raw, expected) in cases {
        assert_eq!(filters(raw), vec![expected], "{raw}");
    }
}

#[test]
fn free_text_and_quotes() {
    let query = parse_ticket_query("打印机 \"无法 连接\" ticketStatus:2 打印机").unwrap();
    assert_eq!(query.words, vec!["打印机".to_owned(), "无法 连接".to_owned()], "repeats dropped, quotes keep spaces");
    assert_eq!(query.filters.len(), 1);
    let literal = parse_ticket_query("\"subject:打印机\"").unwrap();
    assert_eq!(literal.words, vec!["subject:打印机".to_owned()], "a quoted term is free text");
    assert_eq!(parse_ticket_query("10:30 abc").unwrap().words, vec!["10:30".to_owned(), "abc".to_owned()]);
    assert_eq!(
        parse_ticket_query("Printer\u{3000}DRIVER").unwrap().words,
        vec!["printer".to_owned(), "driver".to_owned()]
    );
    assert_eq!(parse_ticket_query("").unwrap(), TicketQuery::default());
}

#[test]
fn problems_name_their_term() {
    let cases = [
        ("createDT:2025-13", "term \"createDT:2025-13\": the month must be 01 to 12"),
        ("createDT:2025-02-30", "term \"createDT:2025-02-30\": is not a real date"),
        ("createDT:2025-1", "term \"createDT:2025-1\": must be a year, month or day"),
        ("createDT:25-01", "must be a year, month or day"),
        ("createDT:2025-01-05T10", "must be a year, month or day"),
        ("ticketStatus:7", "term \"ticketStatus:7\": must be one of 1 (new)"),
        ("ticketId:07", "term \"ticketId:07\": \"07\" is not in canonical form"),
        ("servicerUserId:x", "term \"servicerUserId:x\""),
        ("ticketStaus:2", "\"ticketStaus\" is not a searchable field"),
        ("subject:", "needs a value"),
        ("ticketId:,", "needs a value"),
        ("isDeleted:2", "isDeleted must be 0 or 1"),
        ("field_0:x", "custom field key"),
        ("subject:\"open", "double quote that is not closed"),
    ];
    for (raw, expected) in cases {
        let err = parse_ticket_query(raw).unwrap_err();
        assert!(err.contains(expected), "{raw}: {err}");
    }
}

#[test]
fn bounds_of_a_query() {
    assert!(parse_ticket_query(&"x".repeat(MAX_TICKET_QUERY_CHARS + 1)).unwrap_err().contains("at most"));
    let terms: Vec<String> = (0..=MAX_TICKET_QUERY_TERMS).map(|i| format!("ticketId:{}", i + 1)).collect();
    assert!(parse_ticket_query(&terms.join(" ")).unwrap_err().contains("terms"));
    let ids: Vec<String> = (1..=MAX_VALUES_PER_TERM + 1).map(|i| i.to_string()).collect();
    assert!(parse_ticket_query(&format!("ticketId:{}", ids.join(","))).unwrap_err().contains("at most 100 values"));
    assert!(parse_ticket_query("a\u{0}b").is_err());
}

#[test]
fn short_substrings_need_a_narrowing_term() {
    for refused in ["退款", "subject:ab", "descript:x isDeleted:0", "field_1:北京"] {
        let err = parse_ticket_query(refused).unwrap_err();
        assert!(err.contains("shorter than 3 characters"), "{refused}: {err}");
    }
    for accepted in ["退款 createDT:2025-01", "subject:ab ticketStatus:2", "退款了吗", "field_1:北京 tagList:VIP"]
    {
        assert!(parse_ticket_query(accepted).is_ok(), "{accepted}");
    }
}

#[test]
fn prefixes_cover_their_period_in_the_company_zone() {
    let shanghai = parse_time_zone("Asia/Shanghai").unwrap();
    let (start, end) = prefix("2025-01").bounds(&shanghai).unwrap();
    // 2025-01-01 00:00 in Shanghai is 2024-12-31 16:00 UTC.
    assert_eq!(start, jiff::Timestamp::from_second(1_735_660_800).unwrap().as_microsecond());
    assert_eq!(end - start, 31 * 86_400_000_000);
    let (day_start, day_end) = prefix("2024-02-29").bounds(&TimeZone::UTC).unwrap();
    assert_eq!(day_end - day_start, 86_400_000_000);
    let (year_start, year_end) = prefix("2024").bounds(&TimeZone::UTC).unwrap();
    assert_eq!(year_end - year_start, 366 * 86_400_000_000);
    assert!(prefix("9999").bounds(&TimeZone::UTC).is_err(), "the year after 9999 cannot be represented");
}

#[test]
fn search_orders() {
    use SortOrder::{Asc, Desc};
    let order = |by, dir| parse_search_order(by, dir).map(|o| (o.key, o.order));
    assert_eq!(order(None, None), Ok((TicketSortKey::Id, Asc)));
    assert_eq!(order(None, Some("desc")), Ok((TicketSortKey::Id, Desc)));
    assert_eq!(order(Some("createDT"), None), Ok((TicketSortKey::Created, Desc)));
    assert_eq!(order(Some("updateDT"), Some("asc")), Ok((TicketSortKey::Updated, Asc)));
    assert_eq!(order(Some("subject"), None).unwrap_err().0, "sort_by");
    assert_eq!(order(Some("createDT"), Some("up")).unwrap_err().0, "sort_order");
}

#[test]
fn list_orders() {
    let order = |c, u, s| parse_list_order(c, u, s).map(|o| (o.key, o.order));
    assert_eq!(order(None, None, None), Ok((TicketSortKey::Id, SortOrder::Asc)));
    assert_eq!(order(None, Some("desc"), None), Ok((TicketSortKey::Updated, SortOrder::Desc)));
    assert_eq!(order(None, None, Some("asc")), Ok((TicketSortKey::Status, SortOrder::Asc)));
    assert_eq!(order(Some("asc"), Some("desc"), None).unwrap_err().0, "updated_order");
    assert_eq!(order(Some("ASC"), None, None).unwrap_err().0, "created_order");
}
