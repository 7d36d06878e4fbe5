//! The audit log: every successful write through the API is appended — who, which
//! company, what (method and path), when, from which address — before the answer leaves,
//! so a 200 means the write is on record. Bodies are never recorded, so neither are
//! passwords or secrets. Administrators read it at `GET /api/v1/audit_logs.json`.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use kefu_api::{AuditLog, AuditLogList};
use kefu_domain::limits::DEFAULT_PER_PAGE;
use kefu_domain::search::SortOrder;
use kefu_domain::time::{format_datetime, now_micros};
use kefu_domain::{AgentId, TenantId};
use kefu_store::{AuditEntry, AuditFilter, Page, Window};

use crate::api::list_query::ListQuery;
use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::Admin;
use crate::http::client_address::ClientAddress;
use crate::http::error::ApiError;
use crate::http::extract::QueryParams;
use crate::http::links::BaseUrl;
use crate::state::AppState;

const LIST_PATH: &str = "/api/v1/audit_logs.json";

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(utoipa_axum::routes!(list))
}

/// Where authentication leaves who a write request acts as, for the audit middleware.
#[derive(Clone, Default)]
pub struct AuditSlot(Arc<Mutex<Option<(TenantId, AgentId)>>>);

impl AuditSlot {
    pub fn set(&self, tenant: TenantId, agent: AgentId) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some((tenant, agent));
        }
    }

    fn take(&self) -> Option<(TenantId, AgentId)> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

/// Appends an entry for every successful authenticated write.
pub async fn record_writes(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let slot = AuditSlot::default();
    request.extensions_mut().insert(slot.clone());
    let method = request.method().to_string();
    let path = request.uri().path_and_query().map_or_else(|| request.uri().path().to_owned(), |p| p.to_string());
    let address = ClientAddress::text(request.extensions());
    let response = next.run(request).await;
    if response.status().is_success()
        && let Some((tenant_id, agent_id)) = slot.take()
    {
        let entry = AuditEntry {
            tenant_id,
            agent_id,
            at: now_micros(),
            method,
            path,
            status: response.status().as_u16(),
            address,
        };
        if let Err(error) = state.store().append_audit(&entry).await {
            tracing::error!(%error, "could not append to the audit log");
        }
    }
    response
}

/// `sId`, `created_start`, `created_end`, `created_order` (default desc: newest first),
/// `page`, `per_page`.
#[utoipa::path(
    get,
    path = LIST_PATH,
    tag = "audit",
    operation_id = "list_audit_logs",
    security(("basic" = []), ("bearer" = [])),
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
    let window = Window::from(page);
    let order = order.unwrap_or(SortOrder::Desc);
    let Page { rows, total } = state.store().list_audit(caller.tenant, &filter, order, window).await?;
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
