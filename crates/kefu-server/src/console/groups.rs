//! Support groups (客服分组): list, create, rename, delete with confirmation — the
//! `/api/v1/supportgroups` rules (names checked by `GroupName::parse`, unique per company).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_api::ErrorCode;
use kefu_app::AppError;
use kefu_domain::GroupId;
use kefu_domain::group::GroupName;
use kefu_domain::paging::PageRequest;
use kefu_store::GroupRecord;
use maud::html;
use serde::Deserialize;

use super::csrf::AdminForm;
use super::layout::{self, FormErrors, Input, Nav, Page, pager, status_of};
use super::session::{ConsoleAdmin, ConsoleUser};
use crate::state::AppState;

const PER_PAGE: u64 = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/groups", get(list).post(create))
        .route("/console/groups/{id}", post(rename))
        .route("/console/groups/{id}/delete", get(confirm_delete).post(delete))
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    page: Option<String>,
    per_page: Option<String>,
    notice: Option<String>,
}

/// The name, checked by the rule the API's `name` follows.
fn group_name(raw: &str) -> Result<GroupName, AppError> {
    GroupName::parse(raw).map_err(|message| AppError::field("name", message))
}

async fn list(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<ListQuery>,
) -> Response {
    render(&state, &user, &query, "", FormErrors::default(), StatusCode::OK).await
}

/// The page, with the create form holding `name` and any problems of the last submission.
async fn render(
    state: &AppState,
    user: &ConsoleUser,
    query: &ListQuery,
    name: &str,
    errors: FormErrors,
    status: StatusCode,
) -> Response {
    let per_page = query.per_page.as_deref().unwrap_or("50").to_owned();
    let page = match PageRequest::parse(query.page.as_deref(), Some(&per_page), PER_PAGE) {
        Ok(page) => page,
        Err((field, message)) => return layout::error_page(Some(user), AppError::field(field, message)),
    };
    let found = match state.app().groups().page(&user.caller(), page).await {
        Ok(found) => found,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let body = html! {
        (errors.summary())
        section {
            h2 { "新建分组" }
            form.inline-form method="post" action="/console/groups" {
                (layout::csrf_input(user))
                (Input::text("name", "分组名称", name).required().render(&errors))
                button.primary type="submit" { "创建" }
            }
        }
        section {
            h2 { "全部分组" }
            @if found.rows.is_empty() {
                p.empty { "还没有分组。" }
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th scope="col" { "groupId" } th scope="col" { "名称" } th scope="col" { "创建时间" } th scope="col" { "操作" } } }
                        tbody {
                            @for group in &found.rows { (row(user, group)) }
                        }
                    }
                }
            }
            (pager(page, found.total, |n| format!("/console/groups?page={n}&per_page={per_page}")))
        }
    };
    layout::html(status, Page::new("分组", user, Nav::Groups).notice(query.notice.as_deref()).render(body))
}

fn row(user: &ConsoleUser, group: &GroupRecord) -> maud::Markup {
    let field = format!("name-{}", group.id);
    html! {
        tr {
            td { (group.id) }
            td {
                form.inline method="post" action={ "/console/groups/" (group.id) } {
                    (layout::csrf_input(user))
                    label.sr-only for=(layout::field_id(&field)) { "分组 " (group.id) " 的名称" }
                    input id=(layout::field_id(&field)) type="text" name="name" value=(group.name);
                    button.link-button type="submit" { "重命名" }
                }
            }
            td.nowrap { (layout::datetime(group.created_at, &user.zone)) }
            td.row-actions {
                a href={ "/console/presence?group=" (group.id) } { "在线状态" }
                a href={ "/console/schedules?group=" (group.id) } { "排班" }
                a.danger href={ "/console/groups/" (group.id) "/delete" } { "删除" }
            }
        }
    }
}

fn errors_for(error: &AppError, field: &str) -> FormErrors {
    FormErrors::from_app(error, |api| {
        if api == "name" {
            (field.to_owned(), "分组名称 (name)".to_owned())
        } else {
            (api.to_owned(), api.to_owned())
        }
    })
}

async fn create(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let raw = form.fields.one("name");
    let result = async { state.app().groups().create(&user.caller(), &group_name(raw)?).await }.await;
    match result {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/groups?notice=created")
        }
        Err(error) => {
            let errors = errors_for(&error, "name");
            render(&state, user, &ListQuery::default(), raw, errors, status_of(&error)).await
        }
    }
}

fn group_id(raw: &str) -> Option<GroupId> {
    GroupId::parse(raw).ok()
}

fn unknown(user: &ConsoleUser, raw: &str) -> Response {
    layout::message_page(StatusCode::NOT_FOUND, Some(user), "分组不存在", &format!("没有 groupId 为 {raw} 的分组。"))
}

async fn rename(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let Some(id) = group_id(&raw) else { return unknown(user, &raw) };
    let result =
        async { state.app().groups().rename(&user.caller(), id, &group_name(form.fields.one("name"))?).await }.await;
    match result {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/groups?notice=saved")
        }
        Err(error) if error.code == ErrorCode::NotFound => unknown(user, &raw),
        Err(error) => {
            let errors = errors_for(&error, &format!("name-{id}"));
            render(&state, user, &ListQuery::default(), "", errors, status_of(&error)).await
        }
    }
}

async fn confirm_delete(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Path(raw): Path<String>,
) -> Response {
    let Some(id) = group_id(&raw) else { return unknown(&user, &raw) };
    let group = match state.app().groups().show(&user.caller(), id).await {
        Ok(group) => group,
        Err(error) if error.code == ErrorCode::NotFound => return unknown(&user, &raw),
        Err(error) => return layout::error_page(Some(&user), error),
    };
    let body = html! {
        div.confirm {
            p { "确定要删除分组 " strong { (group.name) } "（groupId " (group.id) "）吗？其成员不会被删除，只是不再属于这个分组。" }
            form method="post" action={ "/console/groups/" (group.id) "/delete" } {
                (layout::csrf_input(&user))
                div.actions { button.danger type="submit" { "确认删除" } a href="/console/groups" { "取消" } }
            }
        }
    };
    layout::html(StatusCode::OK, Page::new("删除分组", &user, Nav::Groups).render(body))
}

async fn delete(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let Some(id) = group_id(&raw) else { return unknown(user, &raw) };
    match state.app().groups().delete(&user.caller(), id).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/groups?notice=deleted")
        }
        Err(error) if error.code == ErrorCode::NotFound => unknown(user, &raw),
        Err(error) => layout::error_page(Some(user), error),
    }
}
