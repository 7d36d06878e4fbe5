//! The audit log: every successful write through the API is appended — who, which
//! company, what (method and path), when, from which address — before the answer leaves,
//! so a 200 means the write is on record. Bodies are never recorded, so neither are
//! passwords or secrets. (The console appends its own writes: `console::csrf`.)

use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, TenantId};
use kefu_store::AuditEntry;

use crate::http::client_address::ClientAddress;
use crate::state::AppState;

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
