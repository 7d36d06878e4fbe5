//! `page` / `per_page`, as the developer guide defines them (1-based pages, 100 a page).

use crate::limits::{MAX_PAGE, MAX_PER_PAGE};

/// A checked page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    pub fn new(page: u64, per_page: u64) -> Self {
        PageRequest { page, per_page }
    }

    /// Parses the raw query values; `default_per_page` applies when `per_page` is absent.
    pub fn parse(
        page: Option<&str>,
        per_page: Option<&str>,
        default_per_page: u64,
    ) -> Result<Self, (&'static str, String)> {
        Self::parse_up_to(page, per_page, default_per_page, MAX_PER_PAGE)
    }

    /// As [`PageRequest::parse`], for the lists that allow larger pages than the developer
    /// guide's 100 (the ticket search: `MAX_TICKET_SEARCH_PER_PAGE`).
    pub fn parse_up_to(
        page: Option<&str>,
        per_page: Option<&str>,
        default_per_page: u64,
        max_per_page: u64,
    ) -> Result<Self, (&'static str, String)> {
        let page = match page {
            None => 1,
            Some(raw) => parse_bounded(raw, MAX_PAGE).map_err(|m| ("page", m))?,
        };
        let per_page = match per_page {
            None => default_per_page,
            Some(raw) => parse_bounded(raw, max_per_page).map_err(|m| ("per_page", m))?,
        };
        Ok(PageRequest { page, per_page })
    }

    /// Rows to skip before this page.
    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.per_page
    }

    pub fn has_next(&self, total: u64) -> bool {
        self.page.saturating_mul(self.per_page) < total
    }

    pub fn has_previous(&self) -> bool {
        self.page > 1
    }
}

fn parse_bounded(raw: &str, max: u64) -> Result<u64, String> {
    let out_of_range = || format!("must be a whole number from 1 to {max}, got {raw:?}");
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(out_of_range());
    }
    match raw.parse::<u64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(out_of_range()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_bounds() {
        assert_eq!(PageRequest::parse(None, None, 100), Ok(PageRequest::new(1, 100)));
        assert_eq!(PageRequest::parse(Some("3"), Some("40"), 100), Ok(PageRequest::new(3, 40)));
        assert_eq!(PageRequest::parse(Some("0"), None, 100).unwrap_err().0, "page");
        assert_eq!(PageRequest::parse(Some("x"), None, 100).unwrap_err().0, "page");
        assert_eq!(PageRequest::parse(Some("-1"), None, 100).unwrap_err().0, "page");
        assert_eq!(PageRequest::parse(None, Some("101"), 100).unwrap_err().0, "per_page");
        assert_eq!(PageRequest::parse(Some("99999999999999999999999"), None, 100).unwrap_err().0, "page");
    }

    #[test]
    fn larger_pages_where_allowed() {
        use crate::limits::MAX_TICKET_SEARCH_PER_PAGE;
        let search = |per_page| PageRequest::parse_up_to(None, Some(per_page), 100, MAX_TICKET_SEARCH_PER_PAGE);
        assert_eq!(search("5000"), Ok(PageRequest::new(1, 5000)));
        assert_eq!(search("1000"), Ok(PageRequest::new(1, 1000)));
        assert!(search("5001").unwrap_err().1.contains("5000"));
        assert_eq!(search("10000").unwrap_err().0, "per_page");
    }

    #[test]
    fn neighbours() {
        let p = PageRequest::new(2, 40);
        assert_eq!(p.offset(), 40);
        assert!(p.has_next(81));
        assert!(!p.has_next(80));
        assert!(p.has_previous());
        assert!(!PageRequest::new(1, 40).has_previous());
    }
}
