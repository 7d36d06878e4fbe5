//! The query strings companies and contacts share: the list's created/updated filters and
//! one order, `deStat`; `show_many`'s ids; the search's page.

use jiff::tz::TimeZone;
use kefu_domain::FieldError;
use kefu_domain::limits::DEFAULT_PER_PAGE;
use kefu_domain::paging::PageRequest;
use kefu_domain::search::SortOrder;
use kefu_domain::time::{RangeEnd, parse_range_bound};
use kefu_store::{CustomerListFilter, CustomerOrder};
use utoipa::IntoParams;

use crate::api::list_query::{LinkFilters, ListQuery};
use crate::http::error::ApiError;
use crate::http::extract::QueryParams;

/// `GET /companies.json`, `/users.json`, `/companies/{uId}/users.json`.
#[derive(IntoParams)]
#[allow(dead_code)] // read by the OpenAPI document only
#[into_params(parameter_in = Query)]
pub struct CustomerListParams {
    /// Created at or after: a date or a datetime in the account's zone.
    created_start: Option<String>,
    /// Created at or before (inclusive).
    created_end: Option<String>,
    /// Updated at or after.
    updated_start: Option<String>,
    /// Updated at or before (inclusive).
    updated_end: Option<String>,
    /// `asc` or `desc`; one of `created_order` / `updated_order` (by id ascending without).
    #[param(pattern = "^(asc|desc)$")]
    created_order: Option<String>,
    #[param(pattern = "^(asc|desc)$")]
    updated_order: Option<String>,
    /// `0` live records only (the default), `1` deleted ones too.
    #[param(rename = "deStat", pattern = "^[01]$")]
    de_stat: Option<String>,
}

/// `GET …/search.json`.
#[derive(IntoParams)]
#[allow(dead_code)] // read by the OpenAPI document only
#[into_params(parameter_in = Query)]
pub struct CustomerSearchParams {
    /// `FIELD:VALUE` or a bare value (docs/compat.md, "Customers").
    #[param(min_length = 1, max_length = 100, example = "mobile:13039209552")]
    query: String,
}

pub struct CustomerList {
    pub filter: CustomerListFilter,
    pub order: CustomerOrder,
    pub page: PageRequest,
    pub links: LinkFilters,
}

pub fn list_request(query: &QueryParams, zone: &TimeZone) -> Result<CustomerList, ApiError> {
    let mut reader = ListQuery::new(query);
    let bound = |end| move |raw: &str| parse_range_bound(raw, zone, end);
    let created_from = reader.parse("created_start", bound(RangeEnd::Start))?;
    let created_until = reader.parse("created_end", bound(RangeEnd::End))?;
    let updated_from = reader.parse("updated_start", bound(RangeEnd::Start))?;
    let updated_until = reader.parse("updated_end", bound(RangeEnd::End))?;
    let created_order = reader.parse("created_order", SortOrder::parse)?;
    let updated_order = reader.parse("updated_order", SortOrder::parse)?;
    let with_deleted = reader.parse("deStat", |raw| match raw {
        "0" => Ok(false),
        "1" => Ok(true),
        _ => Err(format!("must be \"0\" (live records) or \"1\" (deleted ones too), got {raw:?}")),
    })?;
    let order = match (created_order, updated_order) {
        (Some(_), Some(_)) => {
            reader
                .problem(FieldError::new("updated_order", "only one of created_order and updated_order may be given"));
            CustomerOrder::IdAscending
        }
        (Some(order), None) => CustomerOrder::Created { descending: order == SortOrder::Desc },
        (None, Some(order)) => CustomerOrder::Updated { descending: order == SortOrder::Desc },
        (None, None) => CustomerOrder::IdAscending,
    };
    let page = reader.page(DEFAULT_PER_PAGE)?;
    let filter = CustomerListFilter {
        created_from,
        created_until,
        updated_from,
        updated_until,
        with_deleted: with_deleted.unwrap_or(false),
        only_deleted: false,
    };
    Ok(CustomerList { filter, order, page, links: reader.finish()? })
}

/// `ids=1,2,3` of a show_many: canonical ids, repeats dropped, at most `max`.
pub fn show_many_ids<T: PartialEq + Copy>(
    query: &QueryParams,
    max: usize,
    what: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, ApiError> {
    let raw = query.one("ids")?.ok_or_else(|| ApiError::field("ids", "is required, e.g. ids=1,2,3"))?;
    let mut ids: Vec<T> = Vec::new();
    for token in raw.split(',') {
        let id = parse(token.trim()).map_err(|_| {
            ApiError::field("ids", format!("must be comma-separated {what} such as 1,2,3; {token:?} is not one"))
        })?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.len() > max {
        return Err(ApiError::field("ids", format!("at most {max} ids per call, got {}", ids.len())));
    }
    Ok(ids)
}

/// The search's `query` and page (100 per page, as the agents' search).
pub fn search_request(query: &QueryParams) -> Result<(String, PageRequest), ApiError> {
    let raw = query.one("query")?.ok_or_else(|| ApiError::field("query", "is required, e.g. query=name:张三"))?;
    Ok((raw.to_owned(), query.page(DEFAULT_PER_PAGE)?))
}
