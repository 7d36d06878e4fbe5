//! `/docs`: an interactive reference (Swagger UI) for the OpenAPI document. Every asset is
//! embedded in the binary — the `utoipa-swagger-ui` crate's vendored copy, which comes from
//! crates.io — so nothing is loaded from the internet, neither at build time nor by the
//! browser (the online validator badge is turned off).

use std::sync::{Arc, LazyLock};

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use utoipa_axum::routes;
use utoipa_swagger_ui::Config;

use crate::api::openapi::{ApiRouter, DOCUMENT_PATH, responses};
use crate::http::error::ApiError;

const HOME: &str = "/docs/";

static CONFIG: LazyLock<Arc<Config<'static>>> = LazyLock::new(|| {
    Arc::new(Config::new([DOCUMENT_PATH]).validator_url("none").try_it_out_enabled(true).display_request_duration(true))
});

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(routes!(docs)).routes(routes!(home)).routes(routes!(asset))
}

/// The reference page lives at `/docs/`, so that its relative asset links resolve.
#[utoipa::path(
    get,
    path = "/docs",
    tag = "operations",
    security(()),
    responses(
        (status = 303, description = "To the reference page", headers(("Location" = String, description = "`/docs/`"))),
        responses::Unavailable,
    )
)]
async fn docs() -> Redirect {
    Redirect::to(HOME)
}

/// The interactive reference page (Swagger UI) for this document.
#[utoipa::path(
    get,
    path = "/docs/",
    tag = "operations",
    security(()),
    responses(
        (status = 200, description = "The page", content_type = "text/html", body = String),
        responses::Unavailable,
    )
)]
async fn home() -> Response {
    file("")
}

/// The page's scripts, styles and icons, all served from the binary.
#[utoipa::path(
    get,
    path = "/docs/{file}",
    tag = "operations",
    security(()),
    params(("file" = String, Path, description = "e.g. `swagger-ui-bundle.js`")),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream", body = String),
        responses::NotFound,
        responses::Unavailable,
    )
)]
async fn asset(Path(name): Path<String>) -> Response {
    file(&name)
}

fn file(name: &str) -> Response {
    match utoipa_swagger_ui::serve(name, CONFIG.clone()) {
        Ok(Some(file)) => {
            let mut response = (
                [(CONTENT_TYPE, file.content_type), (CACHE_CONTROL, "public, max-age=3600".to_owned())],
                file.bytes.into_owned(),
            )
                .into_response();
            if file.gzpipped {
                response.headers_mut().insert(CONTENT_ENCODING, axum::http::HeaderValue::from_static("gzip"));
            }
            response
        }
        Ok(None) => ApiError::not_found(format!("no file {name:?} in the reference page")).into_response(),
        Err(error) => {
            tracing::error!(%error, "could not render the reference page");
            ApiError::internal().into_response()
        }
    }
}
