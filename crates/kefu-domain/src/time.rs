//! Time: instants are stored as UTC microseconds; the wire shows `YYYY-MM-DD HH:MM:SS`
//! in the tenant's time zone. The zone database is bundled, so a machine without
//! tzdata still works.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// The zone a new tenant starts with, as the hosted service is in China.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Shanghai";

/// The wire format of datetimes.
const WIRE_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// Looks up an IANA zone name such as `Asia/Shanghai`.
pub fn parse_time_zone(name: &str) -> Result<TimeZone, String> {
    TimeZone::get(name).map_err(|_| format!("{name:?} is not a known IANA time zone (e.g. Asia/Shanghai)"))
}

/// Now, in UTC microseconds.
pub fn now_micros() -> i64 {
    Timestamp::now().as_microsecond()
}

/// Renders a stored instant in the tenant's zone.
pub fn format_datetime(micros: i64, zone: &TimeZone) -> String {
    match Timestamp::from_microsecond(micros) {
        Ok(ts) => ts.to_zoned(zone.clone()).strftime(WIRE_FORMAT).to_string(),
        // Stored values come from now_micros(); an out-of-range one is a corrupt row,
        // shown as the epoch rather than failing the whole response.
        Err(_) => "1970-01-01 00:00:00".to_owned(),
    }
}

/// Which end of a time range a filter value gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeEnd {
    /// Inclusive start.
    Start,
    /// Inclusive end: the instant returned is exclusive, just past the value.
    End,
}

/// Parses `created_start` / `created_end`: `2012-01-01 00:00:00` or a bare `2012-01-01`,
/// in the tenant's zone. Both ends are inclusive: an end of `2012-01-31` covers that whole
/// day, and an end of `… 10:00:00` covers that whole second. Returns UTC microseconds,
/// exclusive for an end.
pub fn parse_range_bound(raw: &str, zone: &TimeZone, end: RangeEnd) -> Result<i64, String> {
    let bad =
        || format!("must be a time such as \"2012-01-01 00:00:00\" or a date such as \"2012-01-01\", got {raw:?}");
    let (start, step) = if raw.len() == 10 {
        let date = Date::strptime("%Y-%m-%d", raw).map_err(|_| bad())?;
        (date.to_datetime(jiff::civil::Time::midnight()), 1.day())
    } else {
        let datetime = DateTime::strptime(WIRE_FORMAT, raw).map_err(|_| bad())?;
        (datetime, 1.second())
    };
    let civil = match end {
        RangeEnd::Start => start,
        RangeEnd::End => start.checked_add(step).map_err(|_| bad())?,
    };
    let zoned = civil.to_zoned(zone.clone()).map_err(|_| bad())?;
    Ok(zoned.timestamp().as_microsecond())
}

/// Parses a calendar date `YYYY-MM-DD`, refusing impossible dates such as 2023-02-30.
pub fn parse_date(raw: &str) -> Result<Date, String> {
    if raw.len() != 10 {
        return Err(format!("must be a date such as \"2023-02-12\", got {raw:?}"));
    }
    Date::strptime("%Y-%m-%d", raw)
        .map_err(|_| format!("must be a real calendar date such as \"2023-02-12\", got {raw:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanghai() -> TimeZone {
        parse_time_zone(DEFAULT_TIME_ZONE).unwrap()
    }

    #[test]
    fn formats_in_the_tenant_zone() {
        // 2021-09-27 09:05:38 UTC is 17:05:38 in Shanghai.
        let micros = Timestamp::from_second(1_632_733_538).unwrap().as_microsecond();
        assert_eq!(format_datetime(micros, &shanghai()), "2021-09-27 17:05:38");
        assert_eq!(format_datetime(micros, &TimeZone::UTC), "2021-09-27 09:05:38");
    }

    #[test]
    fn range_bounds_are_inclusive() {
        let zone = shanghai();
        let start = parse_range_bound("2021-09-27", &zone, RangeEnd::Start).unwrap();
        let end = parse_range_bound("2021-09-27", &zone, RangeEnd::End).unwrap();
        assert_eq!(end - start, 86_400_000_000);
        let second_start = parse_range_bound("2021-09-27 17:05:38", &zone, RangeEnd::Start).unwrap();
        let second_end = parse_range_bound("2021-09-27 17:05:38", &zone, RangeEnd::End).unwrap();
        assert_eq!(second_end - second_start, 1_000_000);
        assert_eq!(format_datetime(second_start, &zone), "2021-09-27 17:05:38");
    }

    #[test]
    fn bad_times_are_refused() {
        let zone = shanghai();
        for bad in ["2021-02-30", "2021-13-01", "yesterday", "2021-09-27T17:05:38", "2021-09-27 25:00:00", ""] {
            assert!(parse_range_bound(bad, &zone, RangeEnd::Start).is_err(), "{bad}");
        }
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_time_zone("Mars/Olympus").is_err());
    }
}
