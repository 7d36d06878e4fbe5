//! The OpenAPI 3.1 description of everything the router serves, built from the code.
//!
//! There is one registry of routes: every route is added with [`ApiRouter::routes`] from a
//! `routes!(…)` of handlers carrying `#[utoipa::path]`, which hands the handler to axum
//! AND its operation to the document. A route cannot be served undocumented, nor
//! documented and not served. (A unit test below checks that nothing in `src/` adds a
//! route to axum any other way.)
//!
//! Authentication is declared once, for the whole document (Basic or Bearer); the few
//! operations open to anyone say `security(())` themselves.
//!
//! Paths are documented as clients call them, `/api/v1/supports/{id}.json`; axum captures
//! whole segments only, so such a segment is routed as `{id}` and [`JsonPathId`] strips the
//! `.json`.
//!
//! The `.json` suffix is optional on every API path, as on the hosted service
//! (docs/compat.md): a path whose last segment is a literal `….json` is routed a second
//! time without it ([`suffixless_twin`]), here, so every route added later gets its twin;
//! a path ending in a capture serves both spellings through that one capture. Only the
//! `.json` form is documented.
//!
//! [`JsonPathId`]: crate::http::extract::JsonPathId

pub mod parameters;
mod request_id;
pub mod responses;
mod scalars;

use std::sync::Arc;

use axum::Router;
use axum::extract::Extension;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{OpenApi, PathItem};
use utoipa::{Modify, OpenApi as _};
use utoipa_axum::router::UtoipaMethodRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// Where the document is served.
pub const DOCUMENT_PATH: &str = "/api/v1/openapi.json";

/// The names of the security schemes, as operations refer to them.
pub const BASIC: &str = "basic";
pub const BEARER: &str = "bearer";

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "kefu — the 帮我吧 (Bangwo8) agent API",
        description = include_str!("description.md"),
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    modifiers(&SecuritySchemes),
    // Every operation needs an agent's credentials or a token unless it says otherwise:
    // the open ones declare `security(())` (or, the token endpoint, its client's Basic).
    security(("basic" = []), ("bearer" = [])),
    components(schemas(kefu_api::ErrorBody, kefu_api::OAuthError, kefu_api::HostedError)),
    tags(
        (name = "agents", description = "Agents (客服): the seed's endpoints"),
        (name = "support groups", description = "Support groups (客服分组), a kefu extension"),
        (name = "custom fields", description = "Custom field definitions (自定义字段), a kefu extension"),
        (name = "sign-ins", description = "Sign-ins (签到)"),
        (name = "schedules", description = "Schedules (排班)"),
        (name = "presence", description = "Service state per plate (客服状态) and module permissions"),
        (name = "api keys", description = "API key pairs and the OAuth2 token endpoint"),
        (name = "audit", description = "The audit log, a kefu extension"),
        (name = "company", description = "The caller's company settings (time zone, default agent password), a kefu extension"),
        (name = "tickets", description = "Tickets (工单): list, show (`{id}.json` an array of one, `{id}_v2.json` an object), create, update, delete, replies and history"),
        (name = "operations", description = "Health, readiness, and this description"),
    )
)]
struct Base;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let basic = Http::builder()
            .scheme(HttpAuthScheme::Basic)
            .description(Some(
                "An agent's login (`sPassportName`) and password. Failed sign-ins are throttled per account and per address (429 with Retry-After).",
            ))
            .build();
        let bearer = Http::builder()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("40 hexadecimal characters")
            .description(Some(
                "An OAuth2 access token from `POST /api/token.php` (client credentials of an API key pair); it acts as the key's owner, an administrator.",
            ))
            .build();
        components.add_security_scheme(BASIC, SecurityScheme::Http(basic));
        components.add_security_scheme(BEARER, SecurityScheme::Http(bearer));
    }
}

/// The router and the document, built together.
pub struct ApiRouter {
    router: Router<AppState>,
    openapi: OpenApi,
}

impl Default for ApiRouter {
    fn default() -> Self {
        ApiRouter::new()
    }
}

impl ApiRouter {
    pub fn new() -> Self {
        ApiRouter { router: Router::new(), openapi: Base::openapi() }
    }

    /// Serves and documents the handlers of one `routes!(…)`, which must share one path.
    pub fn routes(mut self, (schemas, paths, method_router): UtoipaMethodRouter<AppState>) -> Self {
        assert_eq!(paths.paths.len(), 1, "one routes!(…) per path: {:?}", paths.paths.keys().collect::<Vec<_>>());
        for (path, item) in paths.paths {
            let routed = routed_path(&path);
            if let Some(twin) = suffixless_twin(&routed) {
                self.router = self.router.route(&twin, method_router.clone());
            }
            self.router = self.router.route(&routed, method_router.clone());
            self.add_path(path, item);
        }
        self.openapi.components.get_or_insert_with(Default::default).schemas.extend(schemas);
        self
    }

    pub fn merge(mut self, other: ApiRouter) -> Self {
        self.router = self.router.merge(other.router);
        self.openapi.merge(other.openapi);
        self
    }

    /// The axum router, and the document of every route in it.
    pub fn into_parts(mut self) -> (Router<AppState>, OpenApi) {
        scalars::declare_numbers_as_text(&mut self.openapi);
        request_id::declare(&mut self.openapi);
        (self.router, self.openapi)
    }

    fn add_path(&mut self, path: String, item: PathItem) {
        match self.openapi.paths.paths.get_mut(&path) {
            Some(existing) => existing.merge_operations(item),
            None => {
                self.openapi.paths.paths.insert(path, item);
            }
        }
    }
}

/// The document's own route and the reference page.
pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(routes!(document)).merge(crate::api::docs::routes())
}

/// The path axum routes for a documented path: a `{name}.json` segment becomes `{name}`.
pub fn routed_path(documented: &str) -> String {
    documented
        .split('/')
        .map(|segment| match segment.strip_suffix(".json") {
            Some(capture) if capture.starts_with('{') && capture.ends_with('}') => capture,
            _ => segment,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The same route without `.json`, for a routed API path whose last segment is a literal
/// `….json` (`/api/v1/supports.json` → `/api/v1/supports`). None for paths outside the API
/// (`/healthz`, `/docs`, `/api/token.php`) and for paths ending in a capture, which already
/// take either spelling.
pub fn suffixless_twin(routed: &str) -> Option<String> {
    if !routed.starts_with("/api/") {
        return None;
    }
    let stem = routed.strip_suffix(".json")?;
    let last = stem.rsplit('/').next().unwrap_or("");
    (!last.is_empty() && !last.contains('{')).then(|| stem.to_owned())
}

/// The label of a matched route in metrics and the access log: a suffix-less twin is
/// labelled as its `.json` route, so both spellings of one operation count as one.
pub fn route_label(matched: &str) -> String {
    let last = matched.rsplit('/').next().unwrap_or("");
    let canonical = format!("{matched}.json");
    if !last.contains('.') && suffixless_twin(&canonical).as_deref() == Some(matched) {
        canonical
    } else {
        matched.to_owned()
    }
}

/// The rendered document, shared by every request for it.
#[derive(Clone)]
pub struct Document(pub Arc<String>);

impl Document {
    pub fn new(openapi: &OpenApi) -> Self {
        // Serialising a document built from static descriptions cannot fail; if it ever
        // did, an empty object is served rather than failing start-up.
        Document(Arc::new(openapi.to_json().unwrap_or_else(|_| "{}".to_owned())))
    }
}

/// This document: every operation, parameter, body, response and error of the API.
#[utoipa::path(
    get,
    path = DOCUMENT_PATH,
    tag = "operations",
    operation_id = "openapi_document",
    security(()),
    responses(
        (status = 200, description = "This OpenAPI 3.1 document", content_type = "application/json", body = Object),
        responses::Unavailable,
    )
)]
async fn document(Extension(document): Extension<Document>) -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json"), (CACHE_CONTROL, "no-cache")], document.0.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_segments_are_routed_as_whole_captures() {
        assert_eq!(routed_path("/api/v1/supports/{id}.json"), "/api/v1/supports/{id}");
        assert_eq!(routed_path("/api/v1/supports.json"), "/api/v1/supports.json");
        assert_eq!(
            routed_path("/api/v1/plate_service_state/{id}/history.json"),
            "/api/v1/plate_service_state/{id}/history.json"
        );
    }

    #[test]
    fn literal_json_segments_get_a_suffixless_twin() {
        assert_eq!(suffixless_twin("/api/v1/supports.json").as_deref(), Some("/api/v1/supports"));
        assert_eq!(suffixless_twin("/api/v1/supports/show_many.json").as_deref(), Some("/api/v1/supports/show_many"));
        assert_eq!(
            suffixless_twin("/api/v1/plate_service_state/{id}/history.json").as_deref(),
            Some("/api/v1/plate_service_state/{id}/history")
        );
        assert_eq!(suffixless_twin("/api/v1/supports/{id}"), None, "the capture takes both spellings");
        assert_eq!(suffixless_twin("/api/token.php"), None);
        assert_eq!(suffixless_twin("/healthz"), None);
        assert_eq!(suffixless_twin("/docs/{file}"), None);
        assert_eq!(suffixless_twin("/api/v1/.json"), None);
    }

    #[test]
    fn a_twin_is_labelled_as_its_json_route() {
        assert_eq!(route_label("/api/v1/supports"), "/api/v1/supports.json");
        assert_eq!(route_label("/api/v1/supports.json"), "/api/v1/supports.json");
        assert_eq!(route_label("/api/v1/supports/{id}"), "/api/v1/supports/{id}");
        assert_eq!(route_label("/api/token.php"), "/api/token.php");
        assert_eq!(route_label("/healthz"), "/healthz");
        assert_eq!(route_label("/console/tickets"), "/console/tickets");
    }

    /// The registry is the only way in: no API module adds a route to axum by itself, so
    /// every API route served is one documented (the test over HTTP checks the rest). The
    /// browser console (`console/`) serves HTML pages, not the API, and has its own routes;
    /// so does the metrics listener (`metrics.rs`), a separate port.
    #[test]
    fn routes_are_added_only_through_the_registry() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut stack = vec![src];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    if !path.ends_with("console") {
                        stack.push(path);
                    }
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("read a source file");
                let registry = path.ends_with("openapi/mod.rs") || path.ends_with("metrics.rs");
                for needle in [".route(", ".route_service(", ".nest(", ".nest_service(", ".fallback_service("] {
                    if text.contains(needle) && !registry {
                        offenders.push(format!("{} uses {needle}", path.display()));
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "routes must go through openapi::ApiRouter: {offenders:?}");
    }
}
