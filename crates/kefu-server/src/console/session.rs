//! Console sessions: a random token in an `HttpOnly`, `SameSite=Lax` cookie (`Secure`
//! when kefu is reached over HTTPS), whose hash is a row of the database — so every
//! instance honours it, and signing out on one ends it on all. A session ends after
//! [`CONSOLE_IDLE_TIMEOUT_SECONDS`] unused, [`CONSOLE_SESSION_MAX_SECONDS`] after sign-in,
//! when its agent is hidden, deleted or demoted out of a page, or when the agent's password
//! changes (the session is bound to the password hash it began with).
//!
//! The CSRF token of a session's forms is derived from its token with a keyed hash: it is
//! tied to the session, the same on every instance, and worthless without the cookie.

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::tz::TimeZone;
use kefu_domain::api_key::hash_secret;
use kefu_domain::limits::{CONSOLE_IDLE_TIMEOUT_SECONDS, CONSOLE_SESSION_MAX_SECONDS};
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, TenantId};
use subtle::ConstantTimeEq;

use super::layout;
use crate::state::AppState;
use kefu_app::{AppError, Caller};

/// The session cookie.
pub const SESSION_COOKIE: &str = "kefu_console";
/// Before sign-in: the cookie the sign-in form's CSRF token is tied to.
pub const LOGIN_COOKIE: &str = "kefu_console_login";

const MICROS: i64 = 1_000_000;
/// A session's last use is written at most this often, not on every request.
const TOUCH_EVERY_MICROS: i64 = 60 * MICROS;

/// The signed-in agent of a console request.
pub struct ConsoleUser {
    pub agent: AgentId,
    pub tenant: TenantId,
    pub is_admin: bool,
    pub zone: TimeZone,
    pub zone_name: String,
    pub name: String,
    pub passport_name: String,
    /// The CSRF token this session's forms carry.
    pub csrf: String,
    token_hash: String,
}

impl ConsoleUser {
    /// The same agent as the API's handlers see it.
    pub fn caller(&self) -> Caller {
        Caller {
            agent: self.agent,
            tenant: self.tenant,
            is_admin: self.is_admin,
            zone: self.zone.clone(),
            via_token: false,
        }
    }

    pub fn display_name(&self) -> &str {
        if self.name.is_empty() { &self.passport_name } else { &self.name }
    }

    pub fn token_hash(&self) -> &str {
        &self.token_hash
    }
}

/// A new session or sign-in token (256 random bits, hex).
pub fn new_token() -> String {
    kefu_domain::api_key::new_secret()
}

/// What is stored of a token.
pub fn token_hash(token: &str) -> String {
    hash_secret(token)
}

/// The CSRF token of forms tied to `token` (a session's, or the sign-in cookie's).
pub fn csrf_token(token: &str) -> String {
    blake3::Hasher::new_derive_key("kefu console CSRF token v1")
        .update(token.as_bytes())
        .finalize()
        .to_hex()
        .to_string()
}

/// Whether a submitted CSRF token is the expected one (in constant time).
pub fn csrf_matches(submitted: &str, expected: &str) -> bool {
    !expected.is_empty() && bool::from(submitted.as_bytes().ct_eq(expected.as_bytes()))
}

/// What a session remembers of the password hash it began with.
pub fn password_digest(password_hash: &str) -> String {
    blake3::Hasher::new_derive_key("kefu console password binding v1")
        .update(password_hash.as_bytes())
        .finalize()
        .to_hex()
        .to_string()
}

fn looks_like_token(raw: &str) -> bool {
    raw.len() == 64 && raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The value of a cookie the request carries.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
}

/// A cookie holding a token of this request's session or sign-in form.
pub fn token_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    cookie(headers, name).filter(|value| looks_like_token(value)).map(str::to_owned)
}

/// Whether the browser reaches kefu over HTTPS: `--public-url https://…`, or a proxy in
/// front saying so with `X-Forwarded-Proto: https`. The header is believed only to add
/// `Secure`, never to remove it: a client forging it can only keep its own cookie from
/// being sent back over plain HTTP.
pub fn over_https(headers: &HeaderMap, state: &AppState) -> bool {
    let public = state.public_url().is_some_and(|url| url.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://")));
    let forwarded = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"));
    public || forwarded
}

/// `Set-Cookie` for a console cookie; `None` clears it.
pub fn set_cookie(name: &str, value: Option<&str>, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = match value {
        Some(value) => format!("{name}={value}; Path=/console; HttpOnly; SameSite=Lax{secure}"),
        None => format!("{name}=; Path=/console; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    // Names and values are ASCII letters, digits and '_'.
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("kefu_console=; Path=/console"))
}

/// Why a console request cannot go ahead.
pub enum Refusal {
    /// Not signed in (or the session ended): to the sign-in page, then back to `next`.
    SignIn { next: String, clear_cookie: bool, secure: bool },
    /// Signed in, but the page is for administrators.
    NotAdmin(Box<ConsoleUser>),
    /// The database failed.
    Failed(AppError),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::SignIn { next, clear_cookie, secure } => {
                let target = format!("/console/login?next={}", urlencoding::encode(&next));
                let mut response = StatusCode::SEE_OTHER.into_response();
                if let Ok(location) = HeaderValue::from_str(&target) {
                    response.headers_mut().insert(LOCATION, location);
                }
                if clear_cookie {
                    response.headers_mut().append(SET_COOKIE, set_cookie(SESSION_COOKIE, None, secure));
                }
                response
            }
            Refusal::NotAdmin(user) => layout::message_page(
                StatusCode::FORBIDDEN,
                Some(&user),
                "需要管理员权限",
                "此页面只对管理员开放。您可以查看自己的资料、在线状态和排班。",
            ),
            Refusal::Failed(error) => layout::error_page(None, error),
        }
    }
}

/// Where to come back to after signing in: this page, if it is a console page read with
/// GET; otherwise the console's start.
fn next_page(parts: &Parts) -> String {
    let path = parts.uri.path_and_query().map_or("/console/", |p| p.as_str());
    if parts.method == Method::GET && super::is_console_path(path) { path.to_owned() } else { "/console/".to_owned() }
}

impl FromRequestParts<AppState> for ConsoleUser {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let secure = over_https(&parts.headers, state);
        let sign_in = |clear_cookie: bool| Refusal::SignIn { next: next_page(parts), clear_cookie, secure };
        let Some(token) = token_cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(sign_in(cookie(&parts.headers, SESSION_COOKIE).is_some()));
        };
        let hash = token_hash(&token);
        let store = state.store();
        let Some(record) = store.console_session(&hash).await.map_err(|e| Refusal::Failed(e.into()))? else {
            return Err(sign_in(true));
        };
        let now = now_micros();
        let idle = now - record.last_seen_at > CONSOLE_IDLE_TIMEOUT_SECONDS * MICROS;
        let too_old = now - record.created_at > CONSOLE_SESSION_MAX_SECONDS * MICROS;
        let password_changed = password_digest(&record.current_password_hash) != record.password_digest;
        if idle || too_old || password_changed {
            store.delete_console_session(&hash).await.map_err(|e| Refusal::Failed(e.into()))?;
            return Err(sign_in(true));
        }
        if now - record.last_seen_at > TOUCH_EVERY_MICROS
            && let Err(error) = store.touch_console_session(&hash, now).await
        {
            // The session stays valid for the rest of its idle window; the next request retries.
            tracing::warn!(%error, "could not record a console session's use");
        }
        let span = tracing::Span::current();
        span.record("tenant", record.tenant_id.0);
        span.record("agent", record.agent_id.0);
        Ok(ConsoleUser {
            agent: record.agent_id,
            tenant: record.tenant_id,
            is_admin: record.is_admin,
            zone: state.zone(&record.time_zone),
            zone_name: record.time_zone,
            name: record.name,
            passport_name: record.passport_name,
            csrf: csrf_token(&token),
            token_hash: hash,
        })
    }
}

/// A signed-in administrator; anyone else sees a 403 page.
pub struct ConsoleAdmin(pub ConsoleUser);

impl FromRequestParts<AppState> for ConsoleAdmin {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let user = ConsoleUser::from_request_parts(parts, state).await?;
        if user.is_admin { Ok(ConsoleAdmin(user)) } else { Err(Refusal::NotAdmin(Box::new(user))) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; kefu_console=abc"));
        headers.append(COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&headers, "b"), Some("2"));
        assert_eq!(cookie(&headers, "kefu"), None);
        assert_eq!(token_cookie(&headers, SESSION_COOKIE), None, "not a token");
    }

    #[test]
    fn csrf_tokens_are_tied_to_their_session() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(csrf_token(&a), csrf_token(&a));
        assert_ne!(csrf_token(&a), csrf_token(&b));
        assert_ne!(csrf_token(&a), token_hash(&a), "the stored hash is not the form token");
        assert!(csrf_matches(&csrf_token(&a), &csrf_token(&a)));
        assert!(!csrf_matches("", &csrf_token(&a)));
        assert!(!csrf_matches("", ""));
    }

    #[test]
    fn cookie_flags() {
        let text = set_cookie(SESSION_COOKIE, Some("t"), true);
        assert_eq!(text.to_str().unwrap(), "kefu_console=t; Path=/console; HttpOnly; SameSite=Lax; Secure");
        assert!(set_cookie(SESSION_COOKIE, None, false).to_str().unwrap().contains("Max-Age=0"));
    }
}
