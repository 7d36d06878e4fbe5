//! Schedules (排班): named shifts of one agent on one day, each with a `dutyId` of the form
//! `{sid}_{date}_{n}`.

use std::fmt;

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::field::FieldError;
use crate::ids::AgentId;
use crate::limits::*;
use crate::signin::check_multiline_text;
use crate::text::{check_length, check_no_control};
use crate::time::parse_date;
use crate::weburl::WebUrl;

/// Minutes in a day: `24:00`, the latest end of a shift.
pub const END_OF_DAY: i64 = 24 * 60;

/// A time of day `HH:MM`, as minutes since midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(i64);

impl ClockTime {
    /// A start: `00:00` to `23:59`.
    pub fn parse_start(raw: &str) -> Result<Self, String> {
        ClockTime::parse(raw, false)
    }

    /// An end: `00:00` to `23:59`, or `24:00` for a shift that lasts until midnight.
    pub fn parse_end(raw: &str) -> Result<Self, String> {
        ClockTime::parse(raw, true)
    }

    fn parse(raw: &str, allow_midnight_end: bool) -> Result<Self, String> {
        let bad = || {
            let latest = if allow_midnight_end { "24:00" } else { "23:59" };
            format!("must be a time HH:MM from 00:00 to {latest} such as \"15:00\", got {raw:?}")
        };
        let bytes = raw.as_bytes();
        let digit = |i: usize| bytes.get(i).filter(|b| b.is_ascii_digit()).map(|b| i64::from(b - b'0'));
        let two_digits = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
        if bytes.len() != 5 || bytes.get(2) != Some(&b':') {
            return Err(bad());
        }
        let (Some(hours), Some(minutes)) = (two_digits(0), two_digits(3)) else {
            return Err(bad());
        };
        let total = hours * 60 + minutes;
        let in_day = hours < 24 && minutes < 60;
        if in_day || (allow_midnight_end && total == END_OF_DAY) { Ok(ClockTime(total)) } else { Err(bad()) }
    }

    /// A stored value; None if it is not a time of day.
    pub fn from_minutes(minutes: i64) -> Option<Self> {
        (0..=END_OF_DAY).contains(&minutes).then_some(ClockTime(minutes))
    }

    pub fn minutes(self) -> i64 {
        self.0
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// A shift's start and end on its day. A shift past midnight is two schedules (one
/// until `24:00`, one from `00:00` the next day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    pub start: ClockTime,
    pub end: ClockTime,
}

impl Shift {
    pub fn new(start: ClockTime, end: ClockTime) -> Result<Self, String> {
        if end <= start {
            return Err(format!(
                "must be after start_time ({start}), got \"{end}\"; a shift past midnight is two schedules: one until 24:00 and one from 00:00 the next day"
            ));
        }
        Ok(Shift { start, end })
    }
}

/// A schedule's `name` (排班名称): at most 30 characters on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleName(String);

impl ScheduleName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_length(raw, 0, MAX_SCHEDULE_NAME_CHARS)?;
        check_no_control(raw)?;
        Ok(ScheduleName(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A schedule's `remark`: at most 255 characters; line breaks allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRemark(String);

impl ScheduleRemark {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_length(raw, 0, MAX_SCHEDULE_REMARK_CHARS)?;
        check_multiline_text(raw)?;
        Ok(ScheduleRemark(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The day of a schedule, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DutyDate(Date);

impl DutyDate {
    pub fn parse(raw: &str) -> Result<Self, String> {
        parse_date(raw).map(DutyDate)
    }

    pub fn date(self) -> Date {
        self.0
    }
}

impl fmt::Display for DutyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.strftime("%Y-%m-%d"))
    }
}

/// One schedule to create. Names, remarks and URLs sent empty count as not given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSchedule {
    pub name: Option<ScheduleName>,
    pub remark: Option<ScheduleRemark>,
    pub shift: Shift,
    pub url: Option<WebUrl>,
}

/// One `{sid, date, schedules}` entry of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyEntry {
    pub agent: AgentId,
    pub date: DutyDate,
    pub schedules: Vec<NewSchedule>,
}

/// A change to one schedule: the shift is always given (the seed marks both times
/// required); for the rest, None leaves the value as it is and `Some(None)` clears it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchedulePatch {
    pub shift: Shift,
    pub name: Option<Option<ScheduleName>>,
    pub remark: Option<Option<ScheduleRemark>>,
    pub url: Option<Option<WebUrl>>,
}

/// `{sid}_{date}_{n}`: the agent, the day, and a number unique in the whole database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DutyId {
    pub agent: AgentId,
    pub date: DutyDate,
    pub number: i64,
}

impl DutyId {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let bad = || format!("{raw:?} is not a dutyId: dutyIds look like \"10591_2023-12-04_23\" (sid_date_n)");
        let mut parts = raw.rsplitn(3, '_');
        let (Some(number), Some(date), Some(agent)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        // A number spelt another way (`03_…`) is refused as such, not as no dutyId.
        let part = |text: &str| {
            AgentId::parse(text).map_err(|message| if crate::ids::is_not_canonical(&message) { message } else { bad() })
        };
        let agent = part(agent)?;
        let date = DutyDate::parse(date).map_err(|_| bad())?;
        let number = part(number)?.0;
        Ok(DutyId { agent, date, number })
    }
}

impl fmt::Display for DutyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{}_{}", self.agent, self.date, self.number)
    }
}

/// The present moment as a date and minute of the tenant's zone, which is what a
/// schedule's day and start are compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalNow {
    pub date: DutyDate,
    /// Minutes since midnight, seconds dropped.
    pub minute: i64,
}

impl LocalNow {
    pub fn at(micros: i64, zone: &TimeZone) -> Self {
        let civil = jiff::Timestamp::from_microsecond(micros)
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .to_zoned(zone.clone())
            .datetime();
        LocalNow { date: DutyDate(civil.date()), minute: i64::from(civil.hour()) * 60 + i64::from(civil.minute()) }
    }

    /// Whether a schedule starting at `start` on `date` has started: its start minute
    /// has begun.
    pub fn has_started(self, date: DutyDate, start: ClockTime) -> bool {
        (date, start.minutes()) <= (self.date, self.minute)
    }
}

/// The days of `GET /schedules.json`, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleRange {
    pub first: DutyDate,
    pub last: DutyDate,
}

impl ScheduleRange {
    /// `startDT` / `endDT`. Without `startDT`, the month of `endDT` (or of `today`) is
    /// listed from its first day; without `endDT`, up to the last day of `startDT`'s month.
    pub fn parse(start: Option<&str>, end: Option<&str>, today: DutyDate) -> Result<Self, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut parse = |field: &str, raw: Option<&str>| match raw.map(DutyDate::parse) {
            Some(Ok(date)) => Some(date),
            Some(Err(message)) => {
                problems.push(FieldError::new(field, message));
                None
            }
            None => None,
        };
        let first = parse("startDT", start);
        let last = parse("endDT", end);
        if !problems.is_empty() {
            return Err(problems);
        }
        let (first, last) = match (first, last) {
            (Some(first), Some(last)) => (first, last),
            (Some(first), None) => (first, DutyDate(first.0.last_of_month())),
            (None, Some(last)) => (DutyDate(last.0.first_of_month()), last),
            (None, None) => (DutyDate(today.0.first_of_month()), DutyDate(today.0.last_of_month())),
        };
        if last < first {
            return Err(vec![FieldError::new("endDT", format!("must not be before startDT ({first}), got {last}"))]);
        }
        let span_ok = first.0.checked_add((MAX_SCHEDULE_RANGE_DAYS - 1).days()).is_ok_and(|latest| last.0 <= latest);
        if !span_ok {
            return Err(vec![FieldError::new(
                "endDT",
                format!(
                    "startDT to endDT may span at most {MAX_SCHEDULE_RANGE_DAYS} days (both included), got {first} to {last}"
                ),
            )]);
        }
        Ok(ScheduleRange { first, last })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(raw: &str) -> DutyDate {
        DutyDate::parse(raw).unwrap()
    }

    #[test]
    fn clock_times() {
        assert_eq!(ClockTime::parse_start("15:00").unwrap().minutes(), 900);
        assert_eq!(ClockTime::parse_start("00:00").unwrap().to_string(), "00:00");
        assert_eq!(ClockTime::parse_end("24:00").unwrap().to_string(), "24:00");
        for bad in ["24:00", "9:00", "09:60", "25:00", "15:00:00", "", "ab:cd", "15-00", "１５:00"] {
            assert!(ClockTime::parse_start(bad).is_err(), "{bad}");
        }
        assert!(ClockTime::parse_end("24:01").is_err());
    }

    #[test]
    fn shifts_end_after_they_start() {
        let t = |raw| ClockTime::parse_end(raw).unwrap();
        assert!(Shift::new(t("15:00"), t("16:00")).is_ok());
        assert!(Shift::new(t("15:00"), t("24:00")).is_ok());
        assert!(Shift::new(t("15:00"), t("15:00")).is_err());
        assert!(Shift::new(t("22:00"), t("06:00")).unwrap_err().contains("24:00"));
    }

    #[test]
    fn names_and_remarks() {
        assert!(ScheduleName::parse(&"班".repeat(MAX_SCHEDULE_NAME_CHARS)).is_ok());
        assert!(ScheduleName::parse(&"班".repeat(MAX_SCHEDULE_NAME_CHARS + 1)).is_err());
        assert!(ScheduleName::parse("a\nb").is_err());
        assert!(ScheduleRemark::parse("a\nb").is_ok());
    }

    #[test]
    fn duty_ids() {
        let id = DutyId::parse("5675570_2023-11-07_23").unwrap();
        assert_eq!(id.agent, AgentId(5675570));
        assert_eq!(id.date, date("2023-11-07"));
        assert_eq!(id.number, 23);
        assert_eq!(id.to_string(), "5675570_2023-11-07_23");
        for bad in [
            "",
            "10591_2023-12-04_656d4229600fa",
            "10591_2023-02-30_1",
            "x_2023-12-04_1",
            "10591_2023-12-04",
            "10591_2023-12-04_0",
            "10591__2023-12-04_1",
        ] {
            assert!(DutyId::parse(bad).is_err(), "{bad}");
        }
        for alias in ["03_2023-12-04_1", "3_2023-12-04_+1"] {
            assert!(crate::ids::is_not_canonical(&DutyId::parse(alias).unwrap_err()), "{alias}");
        }
    }

    #[test]
    fn started_schedules() {
        let now = LocalNow { date: date("2023-12-04"), minute: 12 * 60 + 1 };
        let t = |raw| ClockTime::parse_start(raw).unwrap();
        assert!(now.has_started(date("2023-12-04"), t("12:01")));
        assert!(now.has_started(date("2023-12-03"), t("23:00")));
        assert!(!now.has_started(date("2023-12-04"), t("12:02")));
        assert!(!now.has_started(date("2023-12-05"), t("00:00")));
        let zone = crate::time::parse_time_zone("Asia/Shanghai").unwrap();
        // 2023-12-04 04:01 UTC is 12:01 in Shanghai.
        let micros = jiff::Timestamp::from_second(1_701_662_460).unwrap().as_microsecond();
        assert_eq!(LocalNow::at(micros, &zone), now);
    }

    #[test]
    fn ranges() {
        let today = date("2024-02-10");
        let r = ScheduleRange::parse(None, None, today).unwrap();
        assert_eq!((r.first, r.last), (date("2024-02-01"), date("2024-02-29")));
        let r = ScheduleRange::parse(Some("2023-12-01"), Some("2023-12-31"), today).unwrap();
        assert_eq!((r.first, r.last), (date("2023-12-01"), date("2023-12-31")));
        let r = ScheduleRange::parse(Some("2023-12-05"), None, today).unwrap();
        assert_eq!(r.last, date("2023-12-31"));
        let r = ScheduleRange::parse(None, Some("2023-11-07"), today).unwrap();
        assert_eq!(r.first, date("2023-11-01"));
        assert!(ScheduleRange::parse(Some("2023-12-01"), Some("2024-01-01"), today).is_err());
        assert!(ScheduleRange::parse(Some("2023-12-02"), Some("2023-12-01"), today).is_err());
        let errors = ScheduleRange::parse(Some("2023-13-01"), Some("x"), today).unwrap_err();
        assert_eq!(errors.len(), 2);
    }
}
