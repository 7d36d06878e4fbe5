//! Sign-ins (签到): where and when an agent checked in, with photos and tags. Every
//! value parses on construction; [`NewSignIn`] is a sign-in whose every field passed.

use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};

use crate::limits::*;
use crate::text::{check_length, check_no_control, check_trimmed};
use crate::weburl::WebUrl;

/// The wire format of `checkinTime`.
const CHECKIN_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// `remark`: at most 140 characters, each counting one (Chinese, letters, digits and
/// symbols alike, as the seed says). Line breaks and tabs are allowed, other control
/// characters are not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remark(String);

impl Remark {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_length(raw, 0, MAX_SIGNIN_REMARK_CHARS)?;
        check_multiline_text(raw)?;
        Ok(Remark(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Refuses control characters other than line breaks and tabs.
pub fn check_multiline_text(raw: &str) -> Result<(), String> {
    match raw.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        Some(c) => Err(format!("must not contain control characters other than line breaks and tabs (found {c:?})")),
        None => Ok(()),
    }
}

/// One tag (签到标签): 1 to 32 characters on one line, no surrounding spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag(String);

impl Tag {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_length(raw, 1, MAX_SIGNIN_TAG_CHARS)?;
        check_no_control(raw)?;
        check_trimmed(raw)?;
        Ok(Tag(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One attachment `{fileName, fileUrl}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    pub file_url: WebUrl,
}

/// `fileName`: 1 to 255 characters on one line.
pub fn parse_file_name(raw: &str) -> Result<String, String> {
    check_length(raw, 1, MAX_FILE_NAME_CHARS)?;
    check_no_control(raw)?;
    Ok(raw.to_owned())
}

/// `fileUrl`: an http(s) URL without commas — the list shows attachments as their URLs
/// joined by commas, so a comma inside one would split it in two.
pub fn parse_file_url(raw: &str) -> Result<WebUrl, String> {
    let url = WebUrl::parse(raw)?;
    if raw.contains(',') {
        return Err(
            "must not contain ',' (the list joins attachment URLs with commas); percent-encode it as %2C".to_owned()
        );
    }
    Ok(url)
}

/// A latitude or longitude, kept as the decimal text the client sent so that it is
/// answered back digit for digit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coordinate(String);

impl Coordinate {
    /// A latitude from -90 to 90.
    pub fn latitude(raw: &str) -> Result<Self, String> {
        Coordinate::parse(raw, 90.0, "a latitude from -90 to 90 such as \"39.827126\"")
    }

    /// A longitude from -180 to 180.
    pub fn longitude(raw: &str) -> Result<Self, String> {
        Coordinate::parse(raw, 180.0, "a longitude from -180 to 180 such as \"116.302248\"")
    }

    fn parse(raw: &str, bound: f64, what: &str) -> Result<Self, String> {
        let bad = || format!("must be {what}, got {raw:?}");
        if raw.chars().count() > MAX_COORDINATE_CHARS || !is_decimal(raw) {
            return Err(bad());
        }
        match raw.parse::<f64>() {
            Ok(value) if value.is_finite() && (-bound..=bound).contains(&value) => Ok(Coordinate(raw.to_owned())),
            _ => Err(bad()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `-?DIGITS(.DIGITS)?` — no exponent, no spaces, no `+`, no `NaN`.
fn is_decimal(raw: &str) -> bool {
    let unsigned = raw.strip_prefix('-').unwrap_or(raw);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

/// `address` (地图获取地址): 1 to 255 characters on one line.
pub fn parse_address(raw: &str) -> Result<String, String> {
    check_length(raw, 1, MAX_ADDRESS_CHARS)?;
    check_no_control(raw)?;
    Ok(raw.to_owned())
}

/// `landmark` (详细地址): must be sent, but may be empty (a map may know no landmark);
/// at most 255 characters on one line.
pub fn parse_landmark(raw: &str) -> Result<String, String> {
    check_length(raw, 0, MAX_ADDRESS_CHARS)?;
    check_no_control(raw)?;
    Ok(raw.to_owned())
}

/// `current`: where the agent signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub address: String,
    pub landmark: String,
    pub latitude: Coordinate,
    pub longitude: Coordinate,
}

/// `checkinTime`: `YYYY-MM-DD HH:MM:SS` in the tenant's zone, not more than a day ahead of
/// `now` (UTC microseconds). Returns UTC microseconds.
pub fn parse_checkin_time(raw: &str, zone: &TimeZone, now: i64) -> Result<i64, String> {
    let bad = || {
        format!(
            "must be a time such as \"2017-09-12 10:12:22\" (in the company's time zone) or with an explicit UTC \
             offset, \"2017-09-12 10:12:22+08:00\", got {raw:?}"
        )
    };
    if raw.len() < 19 || !raw.is_char_boundary(19) {
        return Err(bad());
    }
    let (local, offset) = raw.split_at(19);
    let at = if offset.is_empty() {
        let civil = DateTime::strptime(CHECKIN_FORMAT, local).map_err(|_| bad())?;
        civil.to_zoned(zone.clone()).map_err(|_| bad())?.timestamp()
    } else {
        // RFC 3339's `T` is accepted with an offset, as clients' date libraries write it.
        let local =
            if local.as_bytes()[10] == b'T' { format!("{} {}", &local[..10], &local[11..]) } else { local.to_owned() };
        let civil = DateTime::strptime(CHECKIN_FORMAT, &local).map_err(|_| bad())?;
        let offset = parse_offset(offset).ok_or_else(bad)?;
        civil.to_zoned(TimeZone::fixed(offset)).map_err(|_| bad())?.timestamp()
    };
    let at = at.as_microsecond();
    if at > now.saturating_add(MAX_CHECKIN_AHEAD_SECS * 1_000_000) {
        return Err(format!(
            "must not be more than {} hours in the future, got {raw:?} (times without an offset are in the company's \
             time zone, {})",
            MAX_CHECKIN_AHEAD_SECS / 3600,
            zone.iana_name().unwrap_or("UTC")
        ));
    }
    Ok(at)
}

/// `Z`, or `+HH:MM` / `-HH:MM` up to 14 hours (the widest offset in use).
fn parse_offset(text: &str) -> Option<Offset> {
    if text == "Z" {
        return Some(Offset::UTC);
    }
    let bytes = text.as_bytes();
    let sign = match bytes.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = |range: std::ops::Range<usize>| -> Option<i32> {
        let part = text.get(range)?;
        if part.bytes().all(|b| b.is_ascii_digit()) { part.parse().ok() } else { None }
    };
    if bytes.len() != 6 || bytes[3] != b':' {
        return None;
    }
    let (hours, minutes) = (digits(1..3)?, digits(4..6)?);
    if minutes > 59 || hours * 60 + minutes > 14 * 60 {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// A sign-in, every field checked. Empty remarks and lists count as not given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSignIn {
    pub remark: Option<Remark>,
    pub attachments: Vec<Attachment>,
    pub tags: Vec<Tag>,
    /// UTC microseconds.
    pub checkin_at: i64,
    pub place: Place,
}

/// `clockingPoint` as the seed shows it: `北京市北京市东城区,经度:116.40231、纬度:39.923807`.
pub fn clocking_point(address: &str, longitude: &str, latitude: &str) -> String {
    format!("{address},经度:{longitude}、纬度:{latitude}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{DEFAULT_TIME_ZONE, format_datetime, now_micros, parse_time_zone};

    #[test]
    fn remarks_count_characters() {
        assert!(Remark::parse(&"签".repeat(MAX_SIGNIN_REMARK_CHARS)).is_ok());
        assert!(Remark::parse(&"a".repeat(MAX_SIGNIN_REMARK_CHARS + 1)).is_err());
        assert!(Remark::parse("第一行\n第二行").is_ok());
        assert!(Remark::parse("a\u{0}b").is_err());
    }

    #[test]
    fn tags_and_attachments() {
        assert!(Tag::parse("签到").is_ok());
        assert!(Tag::parse("").is_err());
        assert!(Tag::parse(" a").is_err());
        assert!(Tag::parse(&"t".repeat(MAX_SIGNIN_TAG_CHARS + 1)).is_err());
        assert!(parse_file_url("https://huixing.jpg").is_ok());
        assert!(parse_file_url("https://x.com/a,b.jpg").is_err());
        assert!(parse_file_name("").is_err());
    }

    #[test]
    fn coordinates() {
        for ok in ["39.827126", "-90", "90.0", "0", "-0.5", "89.999999999"] {
            assert!(Coordinate::latitude(ok).is_ok(), "{ok}");
        }
        for bad in ["90.0001", "-91", "", "1e2", "+1", " 1", "NaN", "inf", "1.", ".5", "abc"] {
            assert!(Coordinate::latitude(bad).is_err(), "{bad}");
        }
        assert!(Coordinate::longitude("116.302248").is_ok());
        assert!(Coordinate::longitude("-180").is_ok());
        assert!(Coordinate::longitude("180.5").is_err());
    }

    #[test]
    fn checkin_times() {
        let zone = parse_time_zone(DEFAULT_TIME_ZONE).unwrap();
        let now = now_micros();
        let at = parse_checkin_time("2017-09-12 10:12:22", &zone, now).unwrap();
        assert_eq!(format_datetime(at, &zone), "2017-09-12 10:12:22");
        for bad in [
            "2017-09-12",
            "2017-09-12T10:12:22",
            "2017-02-30 10:12:22",
            "2017-09-12 24:00:00",
            "2999-01-01 00:00:00",
            "2017-09-12 10:12:22+8",
            "2017-09-12 10:12:22+15:00",
            "2017-09-12 10:12:22 +08:00",
            "2017-09-12 10:12:22+08:60",
            "2017-09-12x10:12:22Z",
            "2017-09-12 10:12:2é",
        ] {
            assert!(parse_checkin_time(bad, &zone, now).is_err(), "{bad}");
        }
    }

    #[test]
    fn checkin_times_with_an_offset_name_their_instant() {
        let zone = parse_time_zone(DEFAULT_TIME_ZONE).unwrap();
        let now = now_micros();
        let shanghai = parse_checkin_time("2017-09-12 10:12:22", &zone, now).unwrap();
        for same in ["2017-09-12 10:12:22+08:00", "2017-09-12T02:12:22Z", "2017-09-11 22:12:22-04:00"] {
            assert_eq!(parse_checkin_time(same, &zone, now), Ok(shanghai), "{same}");
        }
    }

    #[test]
    fn clocking_points() {
        assert_eq!(
            clocking_point("北京市北京市东城区", "116.40231", "39.923807"),
            "北京市北京市东城区,经度:116.40231、纬度:39.923807"
        );
    }
}
