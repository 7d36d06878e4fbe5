//! The recycle bin (回收站, administrators): deleted companies and contacts, each with a
//! restore button — the API's restore (`status` 1 on a company, `state` on a contact).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_app::AppError;
use kefu_app::companies::CompanyInput;
use kefu_app::contacts::ContactInput;
use kefu_app::customer_fields::ValueDialect;
use kefu_domain::customer::CustomerMode;
use kefu_domain::customer::company::{CompanyPatch, CompanyStatus};
use kefu_domain::customer::contact::ContactPatch;
use kefu_domain::paging::PageRequest;
use kefu_domain::{CompanyId, ContactId};
use kefu_store::{ContactRecord, CustomerListFilter, CustomerOrder};
use maud::html;

use super::outcomes::written;
use super::{ListQuery, tabs};
use crate::console::csrf::AdminForm;
use crate::console::layout::{self, Nav, Page, pager};
use crate::console::session::{ConsoleAdmin, ConsoleUser};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/customers/bin", get(list))
        .route("/console/companies/{id}/restore", post(restore_company))
        .route("/console/contacts/{id}/restore", post(restore_contact))
}

async fn list(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<ListQuery>,
) -> Response {
    let caller = user.caller();
    let filter = CustomerListFilter { only_deleted: true, ..CustomerListFilter::default() };
    let order = CustomerOrder::Updated { descending: true };
    let result = async {
        let page = query.page()?;
        let mode = state.app().contacts().mode(&caller).await?;
        let companies = if mode == CustomerMode::Consumer {
            None
        } else {
            Some(state.app().companies().page(&caller, &filter, order, PageRequest::new(1, 100)).await?)
        };
        let contacts = state.app().contacts().page(&caller, None, &filter, order, page).await?;
        Ok::<_, AppError>((page, mode, companies, contacts))
    }
    .await;
    let (page, mode, companies, contacts) = match result {
        Ok(found) => found,
        Err(error) => return layout::error_page(Some(&user), error),
    };
    let body = html! {
        (tabs(mode, &user, "/console/customers/bin"))
        @if let Some(companies) = &companies {
            section {
                h2 { "已删除的公司" }
                @if companies.rows.is_empty() {
                    p.empty { "回收站中没有公司。" }
                } @else {
                    div.table-wrap {
                        table.cards {
                            thead { tr { th scope="col" { "uId" } th scope="col" { "公司名称" } th scope="col" { "删除时间" } th scope="col" { "操作" } } }
                            tbody {
                                @for company in &companies.rows {
                                    tr {
                                        td data-label="uId" { (company.id) }
                                        td data-label="公司名称" { a href={ "/console/companies/" (company.id) } { (company.name) } }
                                        td.nowrap data-label="删除时间" { (layout::datetime(company.updated_at, &user.zone)) }
                                        td data-label="操作" {
                                            form.inline method="post" action={ "/console/companies/" (company.id) "/restore" } {
                                                (layout::csrf_input(&user))
                                                button.link-button type="submit" { "恢复" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if companies.total > 100 { p.hint { "只列出最近删除的 100 家公司。" } }
                }
            }
        }
        section {
            h2 { "已删除的联系人" }
            @if contacts.rows.is_empty() {
                p.empty { "回收站中没有联系人。" }
            } @else {
                div.table-wrap {
                    table.cards {
                        thead { tr { th scope="col" { "cId" } th scope="col" { "姓名" } th scope="col" { "手机" } th scope="col" { "删除时间" } th scope="col" { "操作" } } }
                        tbody {
                            @for contact in &contacts.rows {
                                tr {
                                    td data-label="cId" { (contact.id) }
                                    td data-label="姓名" { a href={ "/console/contacts/" (contact.id) } { (contact.name) } }
                                    td data-label="手机" { (contact.mobile) }
                                    td.nowrap data-label="删除时间" { (layout::datetime(contact.updated_at, &user.zone)) }
                                    td data-label="操作" {
                                        form.inline method="post" action={ "/console/contacts/" (contact.id) "/restore" } {
                                            (layout::csrf_input(&user))
                                            button.link-button type="submit" { "恢复" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (pager(page, contacts.total, |n| format!("/console/customers/bin?page={n}")))
        }
    };
    layout::html(
        StatusCode::OK,
        Page::new("回收站", &user, Nav::Customers).notice(query.notice.as_deref()).render(body),
    )
}

/// A deleted contact's page: what it holds, that it is in the bin, and the one thing to do
/// with it — restore it (editing it would restore it too, the API's `state` rule; the
/// console does not do that behind a 保存 button).
pub(super) fn deleted_contact_page(
    user: &ConsoleUser,
    mode: CustomerMode,
    contact: &ContactRecord,
    values: &[(&str, &str, String)],
    notice: Option<&str>,
) -> Response {
    let body = html! {
        (tabs(mode, user, "/console/contacts"))
        p.notice { "这个联系人在回收站中：恢复后才能编辑。" }
        dl.summary {
            @for (_, label, value) in values {
                @if !value.is_empty() { dt { (label) } dd { (value) } }
            }
            dt { "删除时间" } dd { (layout::datetime(contact.updated_at, &user.zone)) }
        }
        @if user.is_admin {
            form method="post" action={ "/console/contacts/" (contact.id) "/restore" } {
                (layout::csrf_input(user))
                button.primary type="submit" { "恢复" }
            }
        }
        p { a href="/console/customers/bin" { "返回回收站" } }
    };
    layout::html(StatusCode::OK, Page::new("联系人（回收站）", user, Nav::Customers).notice(notice).render(body))
}

/// A form posted to a deleted contact (a page opened before it was deleted).
pub(super) fn contact_in_bin(user: &ConsoleUser, id: ContactId) -> Response {
    layout::message_page(
        StatusCode::CONFLICT,
        Some(user),
        "联系人在回收站中",
        &format!("cId 为 {id} 的联系人已被删除，没有保存任何修改；请先在回收站中恢复它。"),
    )
}

const RESTORED: &str = "/console/customers/bin?notice=restored";

fn unknown(user: &ConsoleUser, what: &str) -> Response {
    layout::message_page(StatusCode::NOT_FOUND, Some(user), "记录不存在", what)
}

async fn restore_company(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    AdminForm(form): AdminForm,
) -> Response {
    let user = &form.user;
    let missing = format!("没有 uId 为 {raw} 的公司。");
    let Ok(id) = CompanyId::parse(&raw) else { return unknown(user, &missing) };
    let input = CompanyInput {
        fields: CompanyPatch { status: Some(CompanyStatus::Active), ..CompanyPatch::default() },
        ..CompanyInput::default()
    };
    let result = state.app().companies().update(&user.caller(), id, input, ValueDialect::OptionText).await;
    written(&state, &form, result, RESTORED, || unknown(user, &missing)).await
}

async fn restore_contact(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    AdminForm(form): AdminForm,
) -> Response {
    let user = &form.user;
    let missing = format!("没有 cId 为 {raw} 的联系人。");
    let Ok(id) = ContactId::parse(&raw) else { return unknown(user, &missing) };
    let contacts = state.app().contacts();
    let result = async {
        // Brought back with the state it had (在职 or 离职).
        let current = contacts.show(&user.caller(), id).await?;
        let input = ContactInput {
            fields: ContactPatch { state: Some(current.state), ..ContactPatch::default() },
            ..ContactInput::default()
        };
        contacts.update(&user.caller(), id, input, ValueDialect::OptionText).await
    }
    .await;
    written(&state, &form, result, RESTORED, || unknown(user, &missing)).await
}
