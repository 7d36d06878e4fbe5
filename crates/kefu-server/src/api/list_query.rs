//! The query string of a list: every bad parameter is collected into one 400, and the
//! filters the client gave are remembered so the page links can carry them.

use jiff::tz::TimeZone;
use kefu_domain::paging::PageRequest;
use kefu_domain::time::{RangeEnd, parse_range_bound};
use kefu_domain::{FieldError, Problems};

use crate::http::error::ApiError;
use crate::http::extract::QueryParams;

/// The filters as the client gave them, in the order read: what [`crate::http::links::BaseUrl::page_links`] keeps.
pub type LinkFilters = Vec<(&'static str, String)>;

pub struct ListQuery<'q> {
    query: &'q QueryParams,
    problems: Problems,
    links: LinkFilters,
}

impl<'q> ListQuery<'q> {
    pub fn new(query: &'q QueryParams) -> Self {
        ListQuery { query, problems: Problems::new(), links: Vec::new() }
    }

    /// A filter as given (carried into the page links), unparsed.
    pub fn given(&mut self, key: &'static str) -> Result<Option<String>, ApiError> {
        let value = self.query.one(key)?.map(str::to_owned);
        if let Some(value) = &value {
            self.links.push((key, value.clone()));
        }
        Ok(value)
    }

    /// A filter, parsed; a value that does not parse is recorded as a problem.
    pub fn parse<T>(
        &mut self,
        key: &'static str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>, ApiError> {
        Ok(self.given(key)?.and_then(|raw| self.problems.check(key, parse(&raw))))
    }

    /// `created_start` / `created_end` in the caller's zone, both inclusive.
    pub fn created_range(&mut self, zone: &TimeZone) -> Result<(Option<i64>, Option<i64>), ApiError> {
        let from = self.parse("created_start", |raw| parse_range_bound(raw, zone, RangeEnd::Start))?;
        let until = self.parse("created_end", |raw| parse_range_bound(raw, zone, RangeEnd::End))?;
        Ok((from, until))
    }

    /// Like [`Self::created_range`], refusing an end before the start.
    pub fn ordered_created_range(&mut self, zone: &TimeZone) -> Result<(Option<i64>, Option<i64>), ApiError> {
        let (from, until) = self.created_range(zone)?;
        if let (Some(from), Some(until)) = (from, until)
            && from >= until
        {
            self.problem(FieldError::new("created_end", "must not be before created_start"));
        }
        Ok((from, until))
    }

    /// `page` and `per_page` (`default_per_page` when absent); a bad one is a problem.
    pub fn page(&mut self, default_per_page: u64) -> Result<PageRequest, ApiError> {
        match PageRequest::parse(self.query.one("page")?, self.query.one("per_page")?, default_per_page) {
            Ok(page) => Ok(page),
            Err((field, message)) => {
                self.problem(FieldError::new(field, message));
                Ok(PageRequest::new(1, default_per_page))
            }
        }
    }

    pub fn problem(&mut self, problem: FieldError) {
        self.problems.push(problem);
    }

    /// One 400 naming every problem, or the filters for the page links.
    pub fn finish(self) -> Result<LinkFilters, ApiError> {
        self.problems.into_result().map_err(ApiError::invalid)?;
        Ok(self.links)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> QueryParams {
        QueryParams::from_pairs(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    }

    #[test]
    fn keeps_given_filters_and_collects_every_problem() {
        let params = query(&[("created_start", "2024-01-02"), ("sId", "x"), ("page", "0")]);
        let mut reader = ListQuery::new(&params);
        reader.ordered_created_range(&TimeZone::UTC).unwrap();
        let id = reader.parse("sId", |raw| raw.parse::<u64>().map_err(|e| e.to_string())).unwrap();
        assert_eq!(id, None);
        reader.page(50).unwrap();
        let error = reader.finish().unwrap_err();
        let fields: Vec<_> = error.problems.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["sId", "page"]);

        let params = query(&[("created_start", "2024-01-02"), ("other", "ignored")]);
        let mut reader = ListQuery::new(&params);
        reader.created_range(&TimeZone::UTC).unwrap();
        assert_eq!(reader.page(50).unwrap(), PageRequest::new(1, 50));
        assert_eq!(reader.finish().unwrap(), [("created_start", "2024-01-02".to_owned())]);
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let params = query(&[("created_start", "2024-01-02"), ("created_end", "2024-01-01")]);
        let mut reader = ListQuery::new(&params);
        reader.ordered_created_range(&TimeZone::UTC).unwrap();
        assert!(reader.finish().is_err());
    }
}
