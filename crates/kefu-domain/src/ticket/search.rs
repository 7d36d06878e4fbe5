//! `GET /api/v1/tickets/search.json`: the `query` of space-separated terms, all of which
//! must match, and the `sort_by` / `sort_order` of the search and the `*_order` of the list.
//!
//! - `field:value` — `ticketStatus:2`, `ticketTemplateId:4`, `servicerUserId:0` (unassigned);
//!   ids and codes take several values separated by `,` (any of them matches).
//! - Timestamps by prefix: `createDT:2025` (that year), `createDT:2025-01` (month),
//!   `createDT:2025-01-05` (day), in the company's time zone; likewise `updateDT`, `openDT`,
//!   `waitDT`, `solveDT`, `closeDT`.
//! - `subject:`, `descript:`, `field_N:` — substring, case-insensitive; `tagList:` — one
//!   tag, exactly.
//! - A term without a field is free text: found in the subject, the description or a
//!   reply. Double quotes keep spaces in a value (`subject:"无法 登录"`, `"打印 机"`); a term
//!   that starts with a quote is always free text.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::codes::{Priority, TicketSource, TicketStatus, TicketType};
use crate::custom_field::parse_field_key;
use crate::ids::{AgentId, CompanyId, ContactId, GroupId, TemplateId, TicketId, parse_optional_id, split_list};
use crate::limits::{
    MAX_TICKET_QUERY_CHARS, MAX_TICKET_QUERY_TERMS, MAX_VALUES_PER_TERM, MIN_UNNARROWED_SUBSTRING_CHARS,
};
use crate::search::{SortOrder, looks_like_field_name};

/// The timestamps a prefix term filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeField {
    Created,
    Updated,
    Opened,
    Waiting,
    Solved,
    Closed,
}

impl TimeField {
    pub fn wire_name(self) -> &'static str {
        match self {
            TimeField::Created => "createDT",
            TimeField::Updated => "updateDT",
            TimeField::Opened => "openDT",
            TimeField::Waiting => "waitDT",
            TimeField::Solved => "solveDT",
            TimeField::Closed => "closeDT",
        }
    }
}

/// A year, a month or a day, as the start of a timestamp (`2025`, `2025-01`, `2025-01-05`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatePrefix {
    first: Date,
    unit: PrefixUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PrefixUnit {
    Year,
    Month,
    Day,
}

impl DatePrefix {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let bad = || format!("must be a year, month or day such as 2025, 2025-01 or 2025-01-05, got {raw:?}");
        let parts: Vec<&str> = raw.split('-').collect();
        let widths_ok = matches!(parts.as_slice(), [y] | [y, _] | [y, _, _] if y.len() == 4)
            && parts[1..].iter().all(|p| p.len() == 2)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !widths_ok {
            return Err(bad());
        }
        let number = |i: usize| parts.get(i).map(|p| p.parse::<i8>().unwrap_or(0));
        let year = parts[0].parse::<i16>().map_err(|_| bad())?;
        let (month, day, unit) = match (number(1), number(2)) {
            (None, _) => (1, 1, PrefixUnit::Year),
            (Some(month), None) => (month, 1, PrefixUnit::Month),
            (Some(month), Some(day)) => (month, day, PrefixUnit::Day),
        };
        if !(1..=12).contains(&month) {
            return Err(format!("the month must be 01 to 12, got {raw:?}"));
        }
        let first = Date::new(year, month, day).map_err(|_| format!("is not a real date: {raw:?}"))?;
        Ok(DatePrefix { first, unit })
    }

    /// The instants the prefix covers in `zone`: `[start, end)` in UTC microseconds.
    pub fn bounds(&self, zone: &TimeZone) -> Result<(i64, i64), String> {
        let next = match self.unit {
            PrefixUnit::Year => self.first.checked_add(jiff::Span::new().years(1)),
            PrefixUnit::Month => self.first.checked_add(jiff::Span::new().months(1)),
            PrefixUnit::Day => self.first.checked_add(jiff::Span::new().days(1)),
        }
        .map_err(|_| "is out of the supported range of dates".to_owned())?;
        let instant = |date: Date| {
            date.to_zoned(zone.clone())
                .map(|zoned| zoned.timestamp().as_microsecond())
                .map_err(|_| "is out of the supported range of dates".to_owned())
        };
        Ok((instant(self.first)?, instant(next)?))
    }
}

/// One `field:value` term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketFilter {
    Ticket(Vec<TicketId>),
    Status(Vec<TicketStatus>),
    Source(Vec<TicketSource>),
    Type(Vec<TicketType>),
    Priority(Vec<Priority>),
    Contact(Vec<ContactId>),
    /// `companyId:` (kefu): the ticket's company.
    Company(Vec<CompanyId>),
    Creator(Vec<AgentId>),
    /// None: unassigned (`servicerUserId:0`).
    Assignee(Vec<Option<AgentId>>),
    Group(Vec<Option<GroupId>>),
    Template(Vec<Option<TemplateId>>),
    CcAgent(Vec<AgentId>),
    CcGroup(Vec<GroupId>),
    Tag(String),
    /// `isDeleted:1` finds deleted tickets (administrators only), `isDeleted:0` the others
    /// (the default).
    Deleted(bool),
    Time(TimeField, DatePrefix),
    /// Lower-cased substrings.
    Subject(String),
    Description(String),
    Custom(i64, String),
}

impl TicketFilter {
    /// The substring a term searches for, if it is a substring term.
    fn substring(&self) -> Option<&str> {
        match self {
            TicketFilter::Subject(s) | TicketFilter::Description(s) | TicketFilter::Custom(_, s) => Some(s),
            _ => None,
        }
    }
}

/// A parsed `query`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TicketQuery {
    pub filters: Vec<TicketFilter>,
    /// Free-text words, lower-cased, each found in the subject, description or a reply.
    pub words: Vec<String>,
}

const FIELDS: [&str; 23] = [
    "ticketId",
    "ticketStatus",
    "ticketSource",
    "ticketType",
    "priorityLevel",
    "custUserId",
    "companyId",
    "createrId",
    "servicerUserId",
    "servicerGroupId",
    "ticketTemplateId",
    "ccUserIdList",
    "ccGroupIdList",
    "tagList",
    "isDeleted",
    "createDT",
    "updateDT",
    "openDT",
    "waitDT",
    "solveDT",
    "closeDT",
    "subject",
    "descript",
];

/// Parses `query`. A problem names the term it is about.
pub fn parse_ticket_query(raw: &str) -> Result<TicketQuery, String> {
    let count = raw.chars().count();
    if count > MAX_TICKET_QUERY_CHARS {
        return Err(format!("must be at most {MAX_TICKET_QUERY_CHARS} characters, got {count}"));
    }
    if raw.chars().any(char::is_control) {
        return Err("must not contain control characters".to_owned());
    }
    let terms = split_terms(raw)?;
    if terms.len() > MAX_TICKET_QUERY_TERMS {
        return Err(format!("may hold at most {MAX_TICKET_QUERY_TERMS} terms, got {}", terms.len()));
    }
    let mut query = TicketQuery::default();
    for term in &terms {
        let field =
            if term.quoted { None } else { term.text.split_once(':').filter(|(f, _)| looks_like_field_name(f)) };
        match field {
            None => {
                let word = term.text.to_lowercase();
                if !query.words.contains(&word) {
                    query.words.push(word);
                }
            }
            Some((field, value)) => {
                let filter = parse_filter(field, value.trim()).map_err(|e| format!("term {:?}: {e}", term.text))?;
                query.filters.push(filter);
            }
        }
    }
    check_narrowed(&query)?;
    Ok(query)
}

/// Short substrings need an exact term beside them (see `MIN_UNNARROWED_SUBSTRING_CHARS`).
fn check_narrowed(query: &TicketQuery) -> Result<(), String> {
    let narrowed = query.filters.iter().any(|f| f.substring().is_none() && !matches!(f, TicketFilter::Deleted(_)));
    let short = query
        .words
        .iter()
        .map(String::as_str)
        .chain(query.filters.iter().filter_map(TicketFilter::substring))
        .find(|s| s.chars().count() < MIN_UNNARROWED_SUBSTRING_CHARS);
    match short {
        Some(text) if !narrowed => Err(format!(
            "{text:?} is shorter than {MIN_UNNARROWED_SUBSTRING_CHARS} characters: add a field term to narrow the search (such as createDT:2025-01 or ticketStatus:2), or search for a longer text"
        )),
        _ => Ok(()),
    }
}

struct Term {
    text: String,
    quoted: bool,
}

/// Splits on whitespace (the full-width space too) outside double quotes; quotes are
/// removed.
fn split_terms(raw: &str) -> Result<Vec<Term>, String> {
    let mut terms = Vec::new();
    let mut current: Option<Term> = None;
    let mut in_quotes = false;
    for c in raw.chars() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                current.get_or_insert_with(|| Term { text: String::new(), quoted: true });
            }
            c if c.is_whitespace() && !in_quotes => terms.extend(current.take()),
            c => current.get_or_insert_with(|| Term { text: String::new(), quoted: false }).text.push(c),
        }
    }
    if in_quotes {
        return Err("has a double quote that is not closed".to_owned());
    }
    terms.extend(current);
    Ok(terms.into_iter().filter(|t| !t.text.is_empty()).collect())
}

fn parse_filter(field: &str, value: &str) -> Result<TicketFilter, String> {
    if value.is_empty() {
        return Err("needs a value after the colon".to_owned());
    }
    let time = |field| DatePrefix::parse(value).map(|prefix| TicketFilter::Time(field, prefix));
    let text = || value.to_lowercase();
    Ok(match field {
        "ticketId" => TicketFilter::Ticket(values(value, TicketId::parse)?),
        "ticketStatus" => TicketFilter::Status(values(value, TicketStatus::parse)?),
        "ticketSource" => TicketFilter::Source(values(value, TicketSource::parse)?),
        "ticketType" => TicketFilter::Type(values(value, TicketType::parse)?),
        "priorityLevel" => TicketFilter::Priority(values(value, Priority::parse)?),
        "custUserId" => TicketFilter::Contact(values(value, ContactId::parse)?),
        "companyId" => TicketFilter::Company(values(value, CompanyId::parse)?),
        "createrId" => TicketFilter::Creator(values(value, AgentId::parse)?),
        "servicerUserId" => TicketFilter::Assignee(values(value, |v| parse_optional_id(v, AgentId::parse))?),
        "servicerGroupId" => TicketFilter::Group(values(value, |v| parse_optional_id(v, GroupId::parse))?),
        "ticketTemplateId" => TicketFilter::Template(values(value, |v| parse_optional_id(v, TemplateId::parse))?),
        "ccUserIdList" => TicketFilter::CcAgent(values(value, AgentId::parse)?),
        "ccGroupIdList" => TicketFilter::CcGroup(values(value, GroupId::parse)?),
        "tagList" => TicketFilter::Tag(value.to_owned()),
        "isDeleted" => match value {
            "0" => TicketFilter::Deleted(false),
            "1" => TicketFilter::Deleted(true),
            _ => return Err("isDeleted must be 0 or 1".to_owned()),
        },
        "createDT" => time(TimeField::Created)?,
        "updateDT" => time(TimeField::Updated)?,
        "openDT" => time(TimeField::Opened)?,
        "waitDT" => time(TimeField::Waiting)?,
        "solveDT" => time(TimeField::Solved)?,
        "closeDT" => time(TimeField::Closed)?,
        "subject" => TicketFilter::Subject(text()),
        "descript" => TicketFilter::Description(text()),
        custom if custom.starts_with("field_") => TicketFilter::Custom(i64::from(parse_field_key(custom)?), text()),
        unknown => {
            return Err(format!(
                "{unknown:?} is not a searchable field; use one of {}, a custom field key (field_N), or no field for free text",
                FIELDS.join(", ")
            ));
        }
    })
}

/// `a,b,c` (or `，`): any of them; repeats dropped, at most `MAX_VALUES_PER_TERM`.
fn values<T: PartialEq>(raw: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    let mut out: Vec<T> = Vec::new();
    for item in split_list(raw) {
        let value = parse(item)?;
        if !out.contains(&value) {
            out.push(value);
        }
    }
    if out.is_empty() {
        return Err("needs a value after the colon".to_owned());
    }
    if out.len() > MAX_VALUES_PER_TERM {
        return Err(format!("may list at most {MAX_VALUES_PER_TERM} values, got {}", out.len()));
    }
    Ok(out)
}

/// What tickets are ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketSortKey {
    /// `ticketId`, the default of the list and the search.
    Id,
    Created,
    Updated,
    /// `status_order` of the list: by status code, then id.
    Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketOrder {
    pub key: TicketSortKey,
    pub order: SortOrder,
}

/// The search's `sort_by` (`createDT`, `updateDT` or `ticketId`) and `sort_order`: without
/// `sort_by`, by id (ascending unless `sort_order` says otherwise); with it, newest first
/// unless `sort_order` says otherwise, as the agents' search does. Returns the parameter a
/// problem is about with it.
pub fn parse_search_order(
    sort_by: Option<&str>,
    sort_order: Option<&str>,
) -> Result<TicketOrder, (&'static str, String)> {
    let order = sort_order.map(SortOrder::parse).transpose().map_err(|e| ("sort_order", e))?;
    let key = match sort_by {
        None => return Ok(TicketOrder { key: TicketSortKey::Id, order: order.unwrap_or(SortOrder::Asc) }),
        Some("createDT") => TicketSortKey::Created,
        Some("updateDT") => TicketSortKey::Updated,
        Some("ticketId") => TicketSortKey::Id,
        Some(other) => {
            return Err(("sort_by", format!("must be \"createDT\", \"updateDT\" or \"ticketId\", got {other:?}")));
        }
    };
    Ok(TicketOrder { key, order: order.unwrap_or(SortOrder::Desc) })
}

/// The list's `created_order`, `updated_order` and `status_order` (`asc`/`desc`): at most
/// one of them; none is id ascending (the spec's default).
pub fn parse_list_order(
    created: Option<&str>,
    updated: Option<&str>,
    status: Option<&str>,
) -> Result<TicketOrder, (&'static str, String)> {
    let given: Vec<(&'static str, TicketSortKey, &str)> = [
        ("created_order", TicketSortKey::Created, created),
        ("updated_order", TicketSortKey::Updated, updated),
        ("status_order", TicketSortKey::Status, status),
    ]
    .into_iter()
    .filter_map(|(name, key, raw)| raw.map(|raw| (name, key, raw)))
    .collect();
    match given.as_slice() {
        [] => Ok(TicketOrder { key: TicketSortKey::Id, order: SortOrder::Asc }),
        [(name, key, raw)] => Ok(TicketOrder { key: *key, order: SortOrder::parse(raw).map_err(|e| (*name, e))? }),
        [(first, ..), (second, ..), ..] => Err((second, format!("cannot be combined with {first}: give one order"))),
    }
}

#[cfg(test)]
mod tests;
