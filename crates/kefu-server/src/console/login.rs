//! Signing in and out. The password is checked by the API's own [`Authenticator`] — the
//! same argon2 verification, the same cost for unknown accounts, and the same brute-force
//! throttle per account and per address, shared with Basic Auth and the token endpoint.
//!
//! The sign-in form is protected against login CSRF too: before there is a session, its
//! token is tied to a random cookie set with the form.
//!
//! [`Authenticator`]: crate::http::auth::Authenticator

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use kefu_api::ErrorCode;
use kefu_app::AppError;
use kefu_domain::agent::login_key;
use kefu_domain::limits::{CONSOLE_IDLE_TIMEOUT_SECONDS, CONSOLE_SESSION_MAX_SECONDS};
use kefu_domain::time::now_micros;
use kefu_store::NewConsoleSession;
use maud::html;
use serde::Deserialize;

use super::csrf::{CSRF_FIELD, ConsoleForm, Fields};
use super::layout::{self, FormErrors, Input, Nav, Page};
use super::session::{
    LOGIN_COOKIE, SESSION_COOKIE, csrf_matches, csrf_token, new_token, over_https, password_digest, set_cookie,
    token_cookie, token_hash,
};
use crate::http::client_address::ClientAddress;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/console/login", get(show).post(sign_in)).route("/console/logout", post(sign_out))
}

#[derive(Deserialize)]
struct LoginQuery {
    next: Option<String>,
    notice: Option<String>,
}

/// Where to go after signing in: a console page, never elsewhere.
fn next_or_home(next: Option<&str>) -> String {
    match next {
        Some(next) if super::is_console_path(next) && !next.starts_with("/console/login") => next.to_owned(),
        _ => "/console/".to_owned(),
    }
}

/// The sign-in page, with a fresh form token (and cookie) unless the browser has one.
async fn show(State(state): State<AppState>, headers: HeaderMap, Query(query): Query<LoginQuery>) -> Response {
    let next = next_or_home(query.next.as_deref());
    form_page(&state, &headers, StatusCode::OK, "", &next, query.notice.as_deref(), &FormErrors::default())
}

fn form_page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    account: &str,
    next: &str,
    notice: Option<&str>,
    errors: &FormErrors,
) -> Response {
    let existing = token_cookie(headers, LOGIN_COOKIE);
    let token = existing.clone().unwrap_or_else(new_token);
    let page = Page { title: "登录", user: None, nav: Nav::None, notice: notice.and_then(layout::notice_text) };
    let body = html! {
        div.narrow {
            p { "请用客服账号（登录名）和密码登录。管理员可以管理本公司的全部客服；其他客服可以查看自己的资料、状态和排班。" }
            (errors.summary())
            form.stack method="post" action="/console/login" {
                input type="hidden" name=(CSRF_FIELD) value=(csrf_token(&token));
                input type="hidden" name="next" value=(next);
                (Input::text("account", "账号", account).required().autocomplete("username").render(errors))
                (Input::text("password", "密码", "").kind("password").required().autocomplete("current-password").render(errors))
                button.primary type="submit" { "登录" }
            }
        }
    };
    let mut response = layout::html(status, page.render(body));
    if existing.is_none() {
        response.headers_mut().append(SET_COOKIE, set_cookie(LOGIN_COOKIE, Some(&token), over_https(headers, state)));
    }
    response
}

async fn sign_in(State(state): State<AppState>, request: Request) -> Response {
    let address = ClientAddress::of(request.extensions());
    let headers = request.headers().clone();
    let is_form = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    let body = match Bytes::from_request(request, &state).await {
        Ok(body) if is_form => body,
        _ => {
            return layout::message_page(StatusCode::BAD_REQUEST, None, "无法读取表单", "请从登录页提交账号和密码。");
        }
    };
    let fields = Fields::parse(&body);
    let account = fields.one("account");
    let next = next_or_home(fields.get("next"));
    let failed = |status: StatusCode, message: &str| {
        let errors = FormErrors { message: Some(message.to_owned()), ..FormErrors::default() };
        form_page(&state, &headers, status, account, &next, None, &errors)
    };

    let form_token = token_cookie(&headers, LOGIN_COOKIE).map(|token| csrf_token(&token)).unwrap_or_default();
    if !csrf_matches(fields.one(CSRF_FIELD), &form_token) {
        return failed(StatusCode::FORBIDDEN, "登录表单已失效（缺少安全令牌），请重新输入账号和密码。");
    }

    // Exactly what the API does with `Authorization: Basic …`.
    let basic = format!("Basic {}", STANDARD.encode(format!("{account}:{}", fields.one("password"))));
    let identity = match state.auth().authenticate(state.store(), Some(&basic), address).await {
        Ok(identity) => identity,
        Err(error) if error.code == ErrorCode::TooManyRequests => {
            let seconds = error.retry_after.unwrap_or(1);
            let mut response = failed(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("该账号或本机登录失败次数过多，请在 {seconds} 秒后重试。"),
            );
            response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(seconds));
            return response;
        }
        Err(error) if error.code == ErrorCode::Unauthenticated => {
            return failed(StatusCode::UNAUTHORIZED, "账号或密码不正确。");
        }
        Err(error) => return layout::error_page(None, AppError::new(error.code, error.message)),
    };

    let record = match state.store().login(&login_key(account)).await {
        Ok(Some(record)) if record.agent_id == identity.agent => record,
        Ok(_) => return failed(StatusCode::UNAUTHORIZED, "账号或密码不正确。"),
        Err(error) => return layout::error_page(None, error.into()),
    };
    let token = new_token();
    let hash = token_hash(&token);
    let digest = password_digest(&record.password_hash);
    let now = now_micros();
    let session = NewConsoleSession {
        token_hash: &hash,
        tenant_id: identity.tenant,
        agent_id: identity.agent,
        password_digest: &digest,
        now,
    };
    let stale_before = now - CONSOLE_IDLE_TIMEOUT_SECONDS * 1_000_000;
    let expired_before = now - CONSOLE_SESSION_MAX_SECONDS * 1_000_000;
    if let Err(error) = state.store().create_console_session(&session, stale_before, expired_before).await {
        return layout::error_page(None, error.into());
    }
    let secure = over_https(&headers, &state);
    let mut response = layout::redirect(&next);
    response.headers_mut().append(SET_COOKIE, set_cookie(SESSION_COOKIE, Some(&token), secure));
    response.headers_mut().append(SET_COOKIE, set_cookie(LOGIN_COOKIE, None, secure));
    response
}

/// Ends the session here and on every instance.
async fn sign_out(State(state): State<AppState>, headers: HeaderMap, form: ConsoleForm) -> Response {
    if let Err(error) = state.store().delete_console_session(form.user.token_hash()).await {
        return layout::error_page(Some(&form.user), error.into());
    }
    let mut response = layout::redirect("/console/login?notice=signed_out");
    response.headers_mut().append(SET_COOKIE, set_cookie(SESSION_COOKIE, None, over_https(&headers, &state)));
    response
}
