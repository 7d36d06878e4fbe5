//! Customer groups (客户分组): every agent sees them; administrators create, rename and
//! delete them (the API's `/api/v1/user_groups` rules: names checked by
//! `CustomerGroupName::parse`, a type fixed when a group is made).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_api::ErrorCode;
use kefu_app::AppError;
use kefu_domain::CustomerGroupId;
use kefu_domain::customer::CustomerMode;
use kefu_domain::customer::group::{CustomerGroupName, CustomerGroupType};
use kefu_store::CustomerGroupRecord;
use maud::html;

use super::{ListQuery, tabs};
use crate::console::csrf::AdminForm;
use crate::console::layout::{self, FormErrors, Input, Nav, Page, pager, status_of};
use crate::console::session::ConsoleUser;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/customer-groups", get(list).post(create))
        .route("/console/customer-groups/{id}", post(rename))
        .route("/console/customer-groups/{id}/delete", post(delete))
}

fn type_label(group_type: CustomerGroupType) -> &'static str {
    match group_type {
        CustomerGroupType::Company => "公司分组",
        CustomerGroupType::Contact => "联系人分组",
    }
}

fn errors_for(error: &AppError, name_field: &str) -> FormErrors {
    FormErrors::from_app(error, |api| match api {
        "groupName" | "name" => (name_field.to_owned(), "分组名称 (groupName)".to_owned()),
        "type" => ("type".to_owned(), "类型 (type)".to_owned()),
        other => (other.to_owned(), other.to_owned()),
    })
}

async fn list(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<ListQuery>) -> Response {
    render(&state, &user, &query, ("", "2"), FormErrors::default(), StatusCode::OK).await
}

async fn render(
    state: &AppState,
    user: &ConsoleUser,
    query: &ListQuery,
    (name, group_type): (&str, &str),
    errors: FormErrors,
    status: StatusCode,
) -> Response {
    let caller = user.caller();
    let result = async {
        let page = query.page()?;
        let mode = state.app().contacts().mode(&caller).await?;
        let found = state.app().customer_groups().page(&caller, page).await?;
        Ok::<_, AppError>((page, mode, found))
    }
    .await;
    let (page, mode, found) = match result {
        Ok(found) => found,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let body = html! {
        (tabs(mode, user, "/console/customer-groups"))
        (errors.summary())
        @if user.is_admin {
            section {
                h2 { "新建客户分组" }
                form.inline-form method="post" action="/console/customer-groups" {
                    (layout::csrf_input(user))
                    (Input::text("groupName", "分组名称", name).required().render(&errors))
                    @if mode != CustomerMode::Consumer {
                        div.field {
                            label for=(layout::field_id("type")) { "类型" }
                            select id=(layout::field_id("type")) name="type" {
                                option value="2" selected[group_type == "2"] { "联系人分组" }
                                option value="1" selected[group_type == "1"] { "公司分组" }
                            }
                            (errors.field("type"))
                        }
                    } @else {
                        input type="hidden" name="type" value="2";
                    }
                    button.primary type="submit" { "创建" }
                }
            }
        }
        section {
            h2 { "全部客户分组" }
            @if found.rows.is_empty() {
                p.empty { "还没有客户分组。" }
            } @else {
                div.table-wrap {
                    table.cards {
                        thead { tr { th scope="col" { "groupId" } th scope="col" { "名称" } th scope="col" { "类型" } th scope="col" { "创建时间" } @if user.is_admin { th scope="col" { "操作" } } } }
                        tbody { @for group in &found.rows { (row(user, group)) } }
                    }
                }
            }
            (pager(page, found.total, |n| format!("/console/customer-groups?page={n}")))
        }
    };
    layout::html(status, Page::new("客户分组", user, Nav::Customers).notice(query.notice.as_deref()).render(body))
}

fn row(user: &ConsoleUser, group: &CustomerGroupRecord) -> maud::Markup {
    let field = format!("groupName-{}", group.id);
    html! {
        tr {
            td data-label="groupId" { (group.id) }
            td data-label="名称" {
                @if user.is_admin {
                    form.inline method="post" action={ "/console/customer-groups/" (group.id) } {
                        (layout::csrf_input(user))
                        label.sr-only for=(layout::field_id(&field)) { "客户分组 " (group.id) " 的名称" }
                        input id=(layout::field_id(&field)) type="text" name="groupName" value=(group.name);
                        button.link-button type="submit" { "重命名" }
                    }
                } @else {
                    (group.name)
                }
            }
            td data-label="类型" { (type_label(group.group_type)) }
            td.nowrap data-label="创建时间" { (layout::datetime(group.created_at, &user.zone)) }
            @if user.is_admin {
                td.row-actions data-label="操作" {
                    form.inline method="post" action={ "/console/customer-groups/" (group.id) "/delete" } {
                        (layout::csrf_input(user))
                        button.link-button.danger type="submit" { "删除" }
                    }
                }
            }
        }
    }
}

async fn create(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let name = form.fields.one("groupName");
    let group_type = form.fields.one("type");
    let result = async {
        let mut problems = Vec::new();
        let parsed_name = CustomerGroupName::parse(name)
            .map_err(|m| problems.push(kefu_domain::FieldError::new("groupName", m)))
            .ok();
        let parsed_type = CustomerGroupType::parse(group_type)
            .map_err(|m| problems.push(kefu_domain::FieldError::new("type", m)))
            .ok();
        AppError::check(problems)?;
        let (Some(parsed_name), Some(parsed_type)) = (parsed_name, parsed_type) else {
            return Err(AppError::internal());
        };
        state.app().customer_groups().create(&user.caller(), &parsed_name, parsed_type).await
    }
    .await;
    match result {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/customer-groups?notice=created")
        }
        Err(error) => {
            let errors = errors_for(&error, "groupName");
            render(&state, user, &ListQuery::default(), (name, group_type), errors, status_of(&error)).await
        }
    }
}

fn unknown(user: &ConsoleUser, raw: &str) -> Response {
    layout::message_page(
        StatusCode::NOT_FOUND,
        Some(user),
        "客户分组不存在",
        &format!("没有 groupId 为 {raw} 的客户分组。"),
    )
}

async fn rename(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let Ok(id) = CustomerGroupId::parse(&raw) else { return unknown(user, &raw) };
    let result = async {
        let name =
            CustomerGroupName::parse(form.fields.one("groupName")).map_err(|m| AppError::field("groupName", m))?;
        state.app().customer_groups().rename(&user.caller(), id, &name, None).await
    }
    .await;
    match result {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/customer-groups?notice=saved")
        }
        Err(error) if error.code == ErrorCode::NotFound => unknown(user, &raw),
        Err(error) => {
            let errors = errors_for(&error, &format!("groupName-{id}"));
            render(&state, user, &ListQuery::default(), ("", "2"), errors, status_of(&error)).await
        }
    }
}

async fn delete(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let Ok(id) = CustomerGroupId::parse(&raw) else { return unknown(user, &raw) };
    match state.app().customer_groups().delete(&user.caller(), id).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/customer-groups?notice=deleted")
        }
        Err(error) if error.code == ErrorCode::NotFound => unknown(user, &raw),
        Err(error) => layout::error_page(Some(user), error),
    }
}
