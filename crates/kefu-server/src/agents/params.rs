//! The query strings of the agent list and the agent search.

use jiff::tz::TimeZone;
use kefu_domain::agent::AgentStatus;
use kefu_domain::limits::{DEFAULT_PER_PAGE, MOBILE_SEARCH_PER_PAGE};
use kefu_domain::paging::PageRequest;
use kefu_domain::search::{SearchField, SearchQuery, SortKey, SortOrder};
use kefu_domain::time::{RangeEnd, parse_range_bound};
use kefu_domain::{FieldError, Problems};
use kefu_store::{AgentListFilter, AgentOrder};

use crate::error::ApiError;
use crate::extract::QueryParams;

/// A checked list or search request.
pub struct ListRequest {
    pub filter: AgentListFilter,
    pub order: AgentOrder,
    pub page: PageRequest,
    /// The filters as the client gave them, for the page links.
    pub link_filters: Vec<(&'static str, String)>,
}

/// `GET /supports.json`: `created_start`, `created_end`, `created_order`, `page`,
/// `per_page`, and kefu's `isStat` (0: the recycle bin, 1: active agents).
pub fn list_request(query: &QueryParams, zone: &TimeZone) -> Result<ListRequest, ApiError> {
    let mut reader = Reader { query, problems: Problems::new(), link_filters: Vec::new() };
    let filter = reader.filter(zone)?;
    let order = match reader.linked("created_order")? {
        Some(raw) => {
            let direction = reader.problems.check("created_order", SortOrder::parse(&raw));
            AgentOrder { key: SortKey::Created, direction: direction.unwrap_or(SortOrder::Asc) }
        }
        None => AgentOrder::default(),
    };
    let page = reader.page(DEFAULT_PER_PAGE)?;
    reader.finish(filter, order, page)
}

/// `GET /supportgroups/supports/search.json`: `query` (required), `sort_by`,
/// `sort_order`, the list's time filters, `page`, `per_page`. Without `sort_by` the order
/// is by sId (ascending unless `sort_order` says otherwise); with it, `sort_order`
/// defaults to descending as the seed says. A search by mobile pages by 10.
pub fn search_request(query: &QueryParams, zone: &TimeZone, max_query_chars: usize) -> Result<ListRequest, ApiError> {
    let mut reader = Reader { query, problems: Problems::new(), link_filters: Vec::new() };
    let search = match reader.linked("query")? {
        Some(raw) => reader.problems.check("query", SearchQuery::parse_within(&raw, max_query_chars)),
        None => {
            reader.problems.push(FieldError::new("query", "is required, e.g. query=name:张三"));
            None
        }
    };
    let mut filter = reader.filter(zone)?;
    let sort_by =
        reader.linked("sort_by")?.and_then(|raw| reader.problems.check("sort_by", SortKey::parse_search(&raw)));
    let sort_order =
        reader.linked("sort_order")?.and_then(|raw| reader.problems.check("sort_order", SortOrder::parse(&raw)));
    let order = match sort_by {
        Some(key) => AgentOrder { key, direction: sort_order.unwrap_or(SortOrder::Desc) },
        None => AgentOrder { key: SortKey::Id, direction: sort_order.unwrap_or(SortOrder::Asc) },
    };
    let by_mobile = search.as_ref().is_some_and(|s| s.field == Some(SearchField::Mobile));
    let page = reader.page(if by_mobile { MOBILE_SEARCH_PER_PAGE } else { DEFAULT_PER_PAGE })?;
    filter.search = search;
    reader.finish(filter, order, page)
}

struct Reader<'q> {
    query: &'q QueryParams,
    problems: Problems,
    link_filters: Vec<(&'static str, String)>,
}

impl Reader<'_> {
    /// A parameter that, when given, is carried into the page links.
    fn linked(&mut self, key: &'static str) -> Result<Option<String>, ApiError> {
        let value = self.query.one(key)?.map(str::to_owned);
        if let Some(value) = &value {
            self.link_filters.push((key, value.clone()));
        }
        Ok(value)
    }

    fn filter(&mut self, zone: &TimeZone) -> Result<AgentListFilter, ApiError> {
        let bound = |reader: &mut Self, key: &'static str, end: RangeEnd| -> Result<Option<i64>, ApiError> {
            Ok(reader.linked(key)?.and_then(|raw| reader.problems.check(key, parse_range_bound(&raw, zone, end))))
        };
        let created_from = bound(self, "created_start", RangeEnd::Start)?;
        let created_until = bound(self, "created_end", RangeEnd::End)?;
        if let (Some(from), Some(until)) = (created_from, created_until)
            && from >= until
        {
            self.problems.push(FieldError::new("created_end", "must not be before created_start"));
        }
        let status =
            self.linked("isStat")?.and_then(|raw| self.problems.check("isStat", AgentStatus::parse_visibility(&raw)));
        Ok(AgentListFilter { created_from, created_until, status, search: None })
    }

    fn page(&mut self, default_per_page: u64) -> Result<PageRequest, ApiError> {
        match PageRequest::parse(self.query.one("page")?, self.query.one("per_page")?, default_per_page) {
            Ok(page) => Ok(page),
            Err((field, message)) => {
                self.problems.push(FieldError::new(field, message));
                Ok(PageRequest::new(1, default_per_page))
            }
        }
    }

    fn finish(self, filter: AgentListFilter, order: AgentOrder, page: PageRequest) -> Result<ListRequest, ApiError> {
        self.problems.into_result().map_err(ApiError::invalid)?;
        Ok(ListRequest { filter, order, page, link_filters: self.link_filters })
    }
}
