//! The admin console at `/console/`: server-rendered pages (maud) with a small stylesheet
//! and script embedded in the binary — no CDN, no build step, no request leaving the
//! machine. It is a face on the API's rules and adds none of its own: each form is read
//! into the same typed command the API reads from JSON — by the same readers where a
//! resource has many members ([`members::FormMembers`]) — and handed to the same use case
//! (`kefu_app`), whose problems are shown with the API's messages next to the fields they
//! name.
//!
//! Safety: sessions in the database ([`session`]), a synchronizer CSRF token on every
//! form POST ([`csrf`]), a strict Content-Security-Policy (no inline script or style) on
//! every answer, and every value escaped by maud.

// A console handler's refusal is the page it answers with (a `Response`): helpers return
// `Result<_, Response>` whatever the size of a response, which is moved once.
#![allow(clippy::result_large_err)]

mod agents;
mod api_keys;
mod assets;
mod checkin;
mod company;
mod csrf;
mod customers;
mod fields;
mod groups;
mod layout;
mod login;
mod members;
mod pickers;
mod presence;
mod schedules;
mod session;
mod signins;
mod sub_path;
mod ticket_admin;
mod tickets;
mod zh;

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{from_fn_with_state, map_response};
use axum::response::{Redirect, Response};
use axum::routing::get;

use crate::state::AppState;
use session::ConsoleUser;

/// No inline script or style, nothing from elsewhere, no framing, forms only to kefu.
const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        // The server's own address leads a person to the console (the API is under /api/).
        .route("/", get(|| async { layout::redirect("/console/") }))
        .route("/console", get(|| async { Redirect::permanent("/console/") }))
        .route("/console/", get(home))
        .merge(assets::routes())
        .merge(login::routes())
        .merge(pickers::routes())
        .merge(agents::routes())
        .merge(groups::routes())
        .merge(customers::routes())
        .merge(tickets::routes())
        .merge(presence::routes())
        .merge(schedules::routes())
        .merge(signins::routes())
        .merge(checkin::routes())
        .merge(api_keys::routes())
        .merge(fields::routes())
        .merge(company::routes())
        .merge(ticket_admin::routes())
        .route("/console/{*rest}", get(not_found).post(not_found))
        .layer(map_response(security_headers))
        .layer(from_fn_with_state(state.clone(), sub_path::rewrite))
}

/// The headers every console answer carries. Pages are not cached (they hold a session's
/// data); the assets say otherwise themselves.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Whether `path` is a console address this server would answer: for redirects after
/// sign-in, which must never lead elsewhere.
pub(crate) fn is_console_path(path: &str) -> bool {
    path.starts_with("/console/")
        && !path.contains("//")
        && !path.contains('\\')
        && !path.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Administrators start at the agents, everyone else at their own profile.
async fn home(user: ConsoleUser) -> Response {
    if user.is_admin {
        layout::redirect("/console/agents")
    } else {
        layout::redirect(&format!("/console/agents/{}", user.agent))
    }
}

async fn not_found(user: ConsoleUser) -> Response {
    layout::message_page(StatusCode::NOT_FOUND, Some(&user), "页面不存在", "没有这个页面。")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_console_paths_are_followed() {
        assert!(is_console_path("/console/agents?page=2"));
        for bad in ["https://evil.example/", "//evil.example/console/", "/console//evil", "/consolex", "/console/\\x"] {
            assert!(!is_console_path(bad), "{bad}");
        }
    }
}
