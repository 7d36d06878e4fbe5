//! Companies (公司, the hosted API's `company`): field values parsed on construction, the
//! service period, and the commands that create and change one.

use jiff::civil::Date;

use crate::custom_field::FieldValue;
use crate::ids::{AgentId, CustomerGroupId, GroupId, parse_id_list, parse_optional_id};
use crate::limits::*;
use crate::signin::check_multiline_text;
use crate::tags::Tags;
use crate::text::{
    check_length, check_no_control, check_no_whitespace, check_trimmed, checked_string, empty_by_default,
};
use crate::time::parse_date;

checked_string!(
    /// `companyName`: required, 1 to `MAX_COMPANY_NAME_CHARS` characters on one line, no
    /// surrounding spaces; unique among a company account's live companies.
    CompanyName,
    |raw| {
        check_length(raw, 1, MAX_COMPANY_NAME_CHARS)?;
        check_no_control(raw)?;
        check_trimmed(raw)?;
    }
);

checked_string!(
    /// `userURL`, the company's website: free text without spaces (customers type
    /// `www.example.com` as often as a full URL), or empty.
    Website,
    |raw| {
        check_length(raw, 0, MAX_WEBSITE_CHARS)?;
        check_no_whitespace(raw)?;
    }
);

checked_string!(
    /// `serveNote`, a remark: line breaks allowed.
    CompanyNote,
    |raw| {
        check_length(raw, 0, MAX_COMPANY_NOTE_CHARS)?;
        check_multiline_text(raw)?;
    }
);

checked_string!(
    /// `serviceCharge`, the service fee balance: empty, or an amount such as `1200.50`
    /// (at most 2 decimals; negative for a debt). Kept as written.
    ServiceCharge,
    |raw| {
        if !raw.is_empty() && !is_amount(raw) {
            return Err(format!(
                "must be an amount such as \"1200.50\" (digits, at most 2 decimals, optionally negative), got {raw:?}"
            ));
        }
    }
);

checked_string!(
    /// `serviceaccount` / `servicepassword`: the customer's account on the service sold to
    /// it, kept for the agents' reference (not a kefu credential), one line.
    ServiceAccount,
    |raw| {
        check_length(raw, 0, MAX_SERVICE_ACCOUNT_CHARS)?;
        check_no_control(raw)?;
    }
);

checked_string!(
    /// `address`: one line.
    CompanyAddress,
    |raw| {
        check_length(raw, 0, MAX_ADDRESS_CHARS)?;
        check_no_control(raw)?;
    }
);

checked_string!(
    /// `province` or `city`: one line, no surrounding spaces.
    Region,
    |raw| {
        check_length(raw, 0, MAX_REGION_CHARS)?;
        check_no_control(raw)?;
        check_trimmed(raw)?;
    }
);

empty_by_default!(Website, CompanyNote, ServiceCharge, ServiceAccount, CompanyAddress, Region);

fn is_amount(raw: &str) -> bool {
    let unsigned = raw.strip_prefix('-').unwrap_or(raw);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && whole.len() <= MAX_SERVICE_CHARGE_DIGITS && fraction.is_none_or(|f| digits(f) && f.len() <= 2)
}

/// The service period (`servicestarttime` / `serviceendtime`): dates such as `2017-01-01`,
/// either may be open (empty); when both are set the end is not before the start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServicePeriod {
    pub start: Option<Date>,
    pub end: Option<Date>,
}

impl ServicePeriod {
    /// One end as sent: `""` is open; a datetime `2017-01-01 00:00:00` is read as its date
    /// (clients that format every time as a datetime send that).
    pub fn parse_end(raw: &str) -> Result<Option<Date>, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let date = raw.strip_suffix(" 00:00:00").unwrap_or(raw);
        parse_date(date).map(Some)
    }

    /// Both ends checked together; the problem is named after `serviceendtime`.
    pub fn new(start: Option<Date>, end: Option<Date>) -> Result<Self, String> {
        if let (Some(start), Some(end)) = (start, end)
            && end < start
        {
            return Err(format!("must not be before servicestarttime ({start}), got {end}"));
        }
        Ok(ServicePeriod { start, end })
    }

    /// Whether `day` is inside the period (open ends are unbounded).
    pub fn covers(&self, day: Date) -> bool {
        self.start.is_none_or(|start| start <= day) && self.end.is_none_or(|end| day <= end)
    }

    /// The wire form of one end: `2017-01-01`, or `""` when open.
    pub fn format(end: Option<Date>) -> String {
        end.map(|date| date.to_string()).unwrap_or_default()
    }
}

/// `service_groupid`: the support groups that serve the company, comma-separated.
pub fn parse_service_groups(raw: &str) -> Result<Vec<GroupId>, String> {
    parse_id_list(raw, MAX_SERVICE_GROUPS_PER_COMPANY, GroupId::parse)
}

/// A company's `userGroup`: one company group (type 1), `0` or `""` for none.
pub fn parse_company_group(raw: &str) -> Result<Option<CustomerGroupId>, String> {
    parse_optional_id(raw, CustomerGroupId::parse)
}

/// `status` as a write: `1` restores a deleted company, `2` deletes it (as DELETE does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyStatus {
    Active = 1,
    Deleted = 2,
}

impl CompanyStatus {
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "1" => Ok(CompanyStatus::Active),
            "2" => Ok(CompanyStatus::Deleted),
            _ => Err(format!("must be \"1\" (active) or \"2\" (deleted), got {raw:?}")),
        }
    }

    pub fn of(deleted: bool) -> Self {
        if deleted { CompanyStatus::Deleted } else { CompanyStatus::Active }
    }

    pub fn code(self) -> i64 {
        self as i64
    }
}

/// A new company, every field checked.
#[derive(Debug, Clone)]
pub struct NewCompany {
    pub name: CompanyName,
    /// `supportId`, the agent responsible; None: the creating agent (decided by the use case).
    pub support: Option<AgentId>,
    pub period: ServicePeriod,
    pub website: Website,
    pub note: CompanyNote,
    pub service_charge: ServiceCharge,
    pub service_account: ServiceAccount,
    pub service_password: ServiceAccount,
    pub address: CompanyAddress,
    pub province: Region,
    pub city: Region,
    pub group: Option<CustomerGroupId>,
    pub tags: Tags,
    pub service_groups: Vec<GroupId>,
    /// Checked custom field values, by field number.
    pub custom_fields: Vec<(i64, FieldValue)>,
}

impl NewCompany {
    /// A company with only its name, every other field at its default.
    pub fn new(name: CompanyName) -> Self {
        NewCompany {
            name,
            support: None,
            period: ServicePeriod::default(),
            website: Website::default(),
            note: CompanyNote::default(),
            service_charge: ServiceCharge::default(),
            service_account: ServiceAccount::default(),
            service_password: ServiceAccount::default(),
            address: CompanyAddress::default(),
            province: Region::default(),
            city: Region::default(),
            group: None,
            tags: Tags::default(),
            service_groups: Vec::new(),
            custom_fields: Vec::new(),
        }
    }
}

/// A partial update: `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct CompanyPatch {
    pub name: Option<CompanyName>,
    pub support: Option<AgentId>,
    /// Each end: Some(None) opens it.
    pub service_start: Option<Option<Date>>,
    pub service_end: Option<Option<Date>>,
    pub website: Option<Website>,
    pub note: Option<CompanyNote>,
    pub service_charge: Option<ServiceCharge>,
    pub service_account: Option<ServiceAccount>,
    pub service_password: Option<ServiceAccount>,
    pub address: Option<CompanyAddress>,
    pub province: Option<Region>,
    pub city: Option<Region>,
    /// Some(None) takes the company out of its group.
    pub group: Option<Option<CustomerGroupId>>,
    pub tags: Option<Tags>,
    pub service_groups: Option<Vec<GroupId>>,
    pub status: Option<CompanyStatus>,
    /// Values to set (Some) or clear (None), merged by field number.
    pub custom_fields: Vec<(i64, Option<FieldValue>)>,
}

impl CompanyPatch {
    /// The service period once this patch is applied to `current`: a patch that moves one
    /// end is checked against the stored other end.
    pub fn period_after(&self, current: ServicePeriod) -> Result<ServicePeriod, String> {
        ServicePeriod::new(self.service_start.unwrap_or(current.start), self.service_end.unwrap_or(current.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_texts() {
        assert!(CompanyName::parse("北京网康科技有限公司").is_ok());
        for bad in ["", " 前后空格", "a\nb"] {
            assert!(CompanyName::parse(bad).is_err(), "{bad:?}");
        }
        assert!(CompanyName::parse(&"公".repeat(MAX_COMPANY_NAME_CHARS + 1)).unwrap_err().contains("at most"));
        assert!(Website::parse("www.example.com").is_ok());
        assert!(Website::parse("https://example.com/a").is_ok());
        assert!(Website::parse("a b").is_err());
        assert!(CompanyNote::parse("第一行\n第二行").is_ok());
        assert!(CompanyNote::parse("a\u{7}").is_err());
        assert!(Region::parse(" 北京").is_err());
    }

    #[test]
    fn service_charges() {
        for ok in ["", "0", "1200", "1200.5", "1200.50", "-30.00"] {
            assert!(ServiceCharge::parse(ok).is_ok(), "{ok:?}");
        }
        for bad in ["1200.505", "1,200", "¥100", ".5", "5.", "-", "1e3", "12345678901234"] {
            assert!(ServiceCharge::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn service_periods() {
        let date = |raw: &str| ServicePeriod::parse_end(raw).unwrap();
        assert_eq!(date(""), None);
        assert_eq!(date("2017-01-01"), date("2017-01-01 00:00:00"));
        assert!(ServicePeriod::parse_end("2017-02-30").is_err());
        assert!(ServicePeriod::parse_end("2017-01-01 08:00:00").is_err());
        assert!(ServicePeriod::new(date("2017-01-01"), date("2016-12-31")).unwrap_err().contains("2017-01-01"));
        let period = ServicePeriod::new(date("2017-01-01"), date("2017-12-31")).unwrap();
        assert!(period.covers(date("2017-06-01").unwrap()));
        assert!(!period.covers(date("2018-01-01").unwrap()));
        assert!(ServicePeriod::new(None, date("2017-12-31")).unwrap().covers(date("1999-01-01").unwrap()));
        assert_eq!(ServicePeriod::format(period.start), "2017-01-01");
        assert_eq!(ServicePeriod::format(None), "");
    }

    #[test]
    fn a_patch_is_checked_against_the_stored_period() {
        let stored = ServicePeriod::new(ServicePeriod::parse_end("2020-01-01").unwrap(), None).unwrap();
        let end_before_stored_start =
            CompanyPatch { service_end: Some(ServicePeriod::parse_end("2019-01-01").unwrap()), ..Default::default() };
        assert!(end_before_stored_start.period_after(stored).is_err());
        let open_start = CompanyPatch { service_start: Some(None), ..end_before_stored_start };
        assert!(open_start.period_after(stored).is_ok());
    }

    #[test]
    fn references_and_status() {
        assert_eq!(parse_company_group("0"), Ok(None));
        assert_eq!(parse_company_group("3"), Ok(Some(CustomerGroupId(3))));
        assert!(parse_company_group("03").is_err());
        assert_eq!(parse_service_groups("2，1"), Ok(vec![GroupId(1), GroupId(2)]));
        assert_eq!(CompanyStatus::parse("2"), Ok(CompanyStatus::Deleted));
        assert!(CompanyStatus::parse("0").is_err());
        assert_eq!(CompanyStatus::of(true).code(), 2);
    }
}
