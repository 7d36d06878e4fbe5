//! API key pairs — the back office's "API接口" section the developer guide sends
//! integrators to: create (the secret is shown once, never stored and never shown again),
//! list, revoke.
//!
//! Creating follows post/redirect/get like every console form, so reloading the page never
//! creates a second key: the POST answers 303 with the new secret in a short-lived
//! `HttpOnly`, `SameSite=Strict` cookie scoped to this page, and the page the browser then
//! GETs shows it once and clears the cookie in the same answer.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use kefu_api::ErrorCode;
use kefu_app::AppError;
use kefu_app::api_keys::NewKey;
use kefu_domain::api_key::parse_key_name;
use kefu_domain::paging::PageRequest;
use kefu_store::ApiKeyRecord;
use maud::{Markup, html};
use serde::Deserialize;

use super::csrf::AdminForm;
use super::layout::{self, FormErrors, Input, Nav, Page, pager, status_of};
use super::session::{self, ConsoleAdmin, ConsoleUser};
use crate::state::AppState;

const PER_PAGE: u64 = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/api-keys", get(list).post(create))
        .route("/console/api-keys/{id}/revoke", post(revoke))
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    page: Option<String>,
    notice: Option<String>,
}

/// The cookie carrying a new key's secret from the POST to the page that shows it.
const NEW_KEY_COOKIE: &str = "kefu_console_new_key";
/// Seconds the new secret waits for its page.
const NEW_KEY_SECONDS: u32 = 120;

fn new_key_cookie(value: Option<&str>, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = match value {
        Some(value) => format!(
            "{NEW_KEY_COOKIE}={value}; Path=/console/api-keys; HttpOnly; SameSite=Strict; Max-Age={NEW_KEY_SECONDS}{secure}"
        ),
        None => format!("{NEW_KEY_COOKIE}=; Path=/console/api-keys; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("kefu_console_new_key=; Max-Age=0"))
}

/// `id.secretId.secret.name` (the name percent-encoded): what the page needs to show a key.
fn encode_new_key(created: &NewKey) -> String {
    format!(
        "{}.{}.{}.{}",
        created.key.id,
        created.key.secret_id,
        created.secret,
        urlencoding::encode(&created.key.name)
    )
}

/// The new key a cookie carries, if it is one of this company's live keys.
async fn decode_new_key(state: &AppState, user: &ConsoleUser, raw: &str) -> Option<NewKey> {
    let mut parts = raw.splitn(4, '.');
    let id: i64 = parts.next()?.parse().ok()?;
    let secret_id = parts.next()?;
    let secret = parts.next()?;
    let _name = parts.next()?;
    let valid = |s: &str| !s.is_empty() && s.len() <= 128 && s.chars().all(|c| c.is_ascii_alphanumeric());
    if !valid(secret_id) || !valid(secret) {
        return None;
    }
    // Only a key of this company, still live, by the store's own record.
    let mut page = PageRequest::new(1, 100);
    loop {
        let found = state.app().api_keys().page(&user.caller(), page).await.ok()?;
        if let Some(key) = found.rows.iter().find(|k| k.id == id && k.secret_id == secret_id) {
            return Some(NewKey { key: key.clone(), secret: secret.to_owned() });
        }
        if !page.has_next(found.total) {
            return None;
        }
        page = PageRequest::new(page.page + 1, page.per_page);
    }
}

async fn list(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    let Some(raw) = session::cookie(&headers, NEW_KEY_COOKIE).filter(|v| !v.is_empty()) else {
        return render(&state, &user, &query, None, "", FormErrors::default(), StatusCode::OK).await;
    };
    let created = decode_new_key(&state, &user, raw).await;
    let mut response = render(&state, &user, &query, created, "", FormErrors::default(), StatusCode::OK).await;
    // Shown once: the same answer forgets it.
    response.headers_mut().append(SET_COOKIE, new_key_cookie(None, session::over_https(&headers, &state)));
    response
}

async fn render(
    state: &AppState,
    user: &ConsoleUser,
    query: &ListQuery,
    created: Option<NewKey>,
    name: &str,
    errors: FormErrors,
    status: StatusCode,
) -> Response {
    let page = match PageRequest::parse(query.page.as_deref(), None, PER_PAGE) {
        Ok(page) => page,
        Err((field, message)) => return layout::error_page(Some(user), AppError::field(field, message)),
    };
    let found = match state.app().api_keys().page(&user.caller(), page).await {
        Ok(found) => found,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let body = html! {
        @if let Some(created) = &created { (secret_box(created)) }
        section {
            h2 { "创建密钥" }
            p.hint { "集成方用 SecretID 和密钥向 /api/token.php 换取访问令牌（OAuth2 client credentials），令牌以创建者（您）的身份访问 API。" }
            (errors.summary())
            form.inline-form method="post" action="/console/api-keys" {
                (layout::csrf_input(user))
                (Input::text("name", "名称", name).required().placeholder("CRM 同步").render(&errors))
                button.primary type="submit" { "创建" }
            }
        }
        section {
            h2 { "有效的密钥" }
            @if found.rows.is_empty() {
                p.empty { "还没有密钥。" }
            } @else {
                div.table-wrap {
                    table.keys {
                        thead { tr {
                            th scope="col" { "id" } th scope="col" { "名称" } th scope="col" { "SecretID" }
                            th scope="col" { "创建者 sId" } th scope="col" { "创建时间" } th scope="col" { "操作" }
                        } }
                        tbody { @for key in &found.rows { (row(user, key)) } }
                    }
                }
            }
            (pager(page, found.total, |n| format!("/console/api-keys?page={n}")))
        }
    };
    layout::html(status, Page::new("API 密钥", user, Nav::ApiKeys).notice(query.notice.as_deref()).render(body))
}

fn secret_box(created: &NewKey) -> Markup {
    html! {
        div.secret-box role="alert" {
            h2 { "密钥已创建：" (created.key.name) }
            p { strong { "密钥只显示这一次。" } "请现在复制并妥善保存；kefu 只保存它的哈希，之后无法再查看。" }
            dl.details {
                dt { "SecretID" } dd { code #new-secret-id { (created.key.secret_id) } }
                dt { "密钥 (secret)" } dd {
                    code #new-secret { (created.secret) }
                    " "
                    button type="button" data-copy="#new-secret" { "复制" }
                    span.copy-status aria-live="polite" {}
                }
            }
        }
    }
}

fn row(user: &ConsoleUser, key: &ApiKeyRecord) -> Markup {
    html! {
        tr data-key=(key.id) {
            td { (key.id) }
            td { (key.name) }
            td { code { (key.secret_id) } }
            td { (key.owner_id) }
            td.nowrap { (layout::datetime(key.created_at, &user.zone)) }
            td {
                form.inline method="post" action={ "/console/api-keys/" (key.id) "/revoke" }
                    data-confirm={ "撤销密钥“" (key.name) "”后，用它换取的令牌会立即失效。确定撤销吗？" } {
                    (layout::csrf_input(user))
                    button.link-button.danger type="submit" { "撤销" }
                }
            }
        }
    }
}

/// `POST /api/v1/api_keys.json` with `{"api_key":{"name":…}}`, then to the page that shows
/// the secret once.
async fn create(State(state): State<AppState>, headers: HeaderMap, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let raw = form.fields.one("name");
    let result = async {
        let name = parse_key_name(raw).map_err(|message| AppError::field("name", message))?;
        state.app().api_keys().create(&user.caller(), &name).await
    }
    .await;
    let query = ListQuery::default();
    match result {
        Ok(created) => {
            form.audit(&state).await;
            let mut response = layout::redirect("/console/api-keys?notice=key_created");
            let cookie = new_key_cookie(Some(&encode_new_key(&created)), session::over_https(&headers, &state));
            response.headers_mut().append(SET_COOKIE, cookie);
            response
        }
        Err(error) => {
            let errors = FormErrors::from_app(&error, |f| (f.to_owned(), format!("名称 ({f})")));
            render(&state, user, &query, None, raw, errors, status_of(&error)).await
        }
    }
}

/// `DELETE /api/v1/api_keys/{id}.json`: its tokens stop working on the next request.
async fn revoke(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let unknown = || {
        layout::message_page(
            StatusCode::NOT_FOUND,
            Some(user),
            "密钥不存在",
            &format!("本公司没有 id 为 {raw} 的有效密钥。"),
        )
    };
    let Ok(id) = kefu_domain::ids::parse_positive_id(&raw) else { return unknown() };
    match state.app().api_keys().revoke(&user.caller(), id).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/api-keys?notice=revoked")
        }
        Err(error) if error.code == ErrorCode::NotFound => unknown(),
        Err(error) => layout::error_page(Some(user), error),
    }
}
