//! The query strings of the agent list and the agent search.

use jiff::tz::TimeZone;
use kefu_app::agents::AgentQuery;
use kefu_domain::FieldError;
use kefu_domain::agent::AgentStatus;
use kefu_domain::limits::{DEFAULT_PER_PAGE, MOBILE_SEARCH_PER_PAGE};
use kefu_domain::search::{SearchField, SearchQuery, SortKey, SortOrder};
use kefu_store::{AgentListFilter, AgentOrder};

use crate::api::list_query::{LinkFilters, ListQuery};
use crate::http::error::ApiError;
use crate::http::extract::QueryParams;

/// A checked list or search request, and its filters as given, for the page links.
pub struct ListRequest {
    pub query: AgentQuery,
    pub link_filters: LinkFilters,
}

/// `GET /supports.json`: `created_start`, `created_end`, `created_order`, `page`,
/// `per_page`, and kefu's `isStat` (0: the recycle bin, 1: active agents).
pub fn list_request(query: &QueryParams, zone: &TimeZone) -> Result<ListRequest, ApiError> {
    let mut reader = ListQuery::new(query);
    let filter = filter(&mut reader, zone)?;
    let order = match reader.parse("created_order", SortOrder::parse)? {
        Some(direction) => AgentOrder { key: SortKey::Created, direction },
        None => AgentOrder::default(),
    };
    let page = reader.page(DEFAULT_PER_PAGE)?;
    Ok(ListRequest { query: AgentQuery { filter, order, page }, link_filters: reader.finish()? })
}

/// `GET /supportgroups/supports/search.json`: `query` (required), `sort_by`,
/// `sort_order`, the list's time filters, `page`, `per_page`. Without `sort_by` the order
/// is by sId (ascending unless `sort_order` says otherwise); with it, `sort_order`
/// defaults to descending as the seed says. A search by mobile pages by 10.
pub fn search_request(query: &QueryParams, zone: &TimeZone, max_query_chars: usize) -> Result<ListRequest, ApiError> {
    let mut reader = ListQuery::new(query);
    if query.one("query")?.is_none() {
        reader.problem(FieldError::new("query", "is required, e.g. query=name:张三"));
    }
    let search = reader.parse("query", |raw| SearchQuery::parse_within(raw, max_query_chars))?;
    let mut filter = filter(&mut reader, zone)?;
    let sort_by = reader.parse("sort_by", SortKey::parse_search)?;
    let sort_order = reader.parse("sort_order", SortOrder::parse)?;
    let order = match sort_by {
        Some(key) => AgentOrder { key, direction: sort_order.unwrap_or(SortOrder::Desc) },
        None => AgentOrder { key: SortKey::Id, direction: sort_order.unwrap_or(SortOrder::Asc) },
    };
    let by_mobile = search.as_ref().is_some_and(|s| s.field == Some(SearchField::Mobile));
    let page = reader.page(if by_mobile { MOBILE_SEARCH_PER_PAGE } else { DEFAULT_PER_PAGE })?;
    filter.search = search;
    Ok(ListRequest { query: AgentQuery { filter, order, page }, link_filters: reader.finish()? })
}

/// The filters the list and the search share: the creation range and `isStat`.
fn filter(reader: &mut ListQuery, zone: &TimeZone) -> Result<AgentListFilter, ApiError> {
    let (created_from, created_until) = reader.ordered_created_range(zone)?;
    let status = reader.parse("isStat", AgentStatus::parse_visibility)?;
    Ok(AgentListFilter { created_from, created_until, status, search: None })
}
