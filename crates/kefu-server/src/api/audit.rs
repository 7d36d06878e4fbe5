//! `GET /api/v1/audit_logs.json`: administrators read their company's audit log (what
//! `http::audit` appends for every successful write).

use axum::Json;
use axum::extract::State;
use kefu_api::{AuditLog, AuditLogList};
use kefu_domain::AgentId;
use kefu_domain::limits::DEFAULT_PER_PAGE;
use kefu_domain::search::SortOrder;
use kefu_domain::time::format_datetime;
use kefu_store::{AuditFilter, Page};

use crate::api::list_query::ListQuery;
use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::Admin;
use crate::http::error::ApiError;
use crate::http::extract::QueryParams;
use crate::http::links::BaseUrl;
use crate::state::AppState;

const LIST_PATH: &str = "/api/v1/audit_logs.json";

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(utoipa_axum::routes!(list))
}

/// `sId`, `created_start`, `created_end`, `created_order` (default desc: newest first),
/// `page`, `per_page`.
#[utoipa::path(
    get,
    path = LIST_PATH,
    tag = "audit",
    operation_id = "list_audit_logs",
    params(parameters::AgentFilter, parameters::CreatedRange, parameters::CreatedOrder, parameters::Paging),
    responses(
        (status = 200, description = "One page of the company's writes, newest first unless `created_order=asc`", body = AuditLogList),
        responses::InvalidQuery,
        responses::AdminErrors,
    )
)]
async fn list(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<AuditLogList>, ApiError> {
    let mut reader = ListQuery::new(&query);
    let agent = reader.parse("sId", AgentId::parse)?;
    let (from, until) = reader.created_range(&caller.zone)?;
    let order = reader.parse("created_order", SortOrder::parse)?;
    let page = reader.page(DEFAULT_PER_PAGE)?;
    let links = reader.finish()?;

    let filter = AuditFilter { agent, from, until };
    let order = order.unwrap_or(SortOrder::Desc);
    let Page { rows, total } = state.app().audit().page(&caller, &filter, order, page).await?;
    let (next_page, previous_page) = base.page_links(LIST_PATH, &links, page, total);
    let audit_logs = rows
        .iter()
        .map(|record| AuditLog {
            id: record.id.to_string(),
            s_id: record.entry.agent_id.to_string(),
            method: record.entry.method.clone(),
            path: record.entry.path.clone(),
            status: record.entry.status.to_string(),
            address: record.entry.address.clone(),
            create_dt: format_datetime(record.entry.at, &caller.zone),
        })
        .collect();
    Ok(Json(AuditLogList { audit_logs, count: total, next_page, previous_page }))
}
