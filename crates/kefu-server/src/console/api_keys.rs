//! API key pairs — the back office's "API接口" section the developer guide sends
//! integrators to: create (the secret is shown once, in the answer to the form, never
//! stored and never shown again), list, revoke.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
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
use super::session::{ConsoleAdmin, ConsoleUser};
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

async fn list(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<ListQuery>,
) -> Response {
    render(&state, &user, &query, None, "", FormErrors::default(), StatusCode::OK).await
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

/// `POST /api/v1/api_keys.json` with `{"api_key":{"name":…}}`. The answer is the page
/// itself (not a redirect), so the secret exists only in it.
async fn create(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
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
            render(&state, user, &query, Some(created), "", FormErrors::default(), StatusCode::OK).await
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
