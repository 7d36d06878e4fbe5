//! Deleting and restoring tickets: the delete button of a ticket's page (every agent who
//! may see the ticket, as the API's DELETE), the deleted tickets' list (已删除,
//! administrators, as the API's list with `deleted`), and the restore button a deleted
//! ticket's page offers administrators — all through the ticket use cases.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kefu_app::AppError;
use kefu_app::tickets::TicketListRequest;
use kefu_store::{TicketListFilter, TicketOrder, TicketRecord};
use maud::{Markup, html};

use super::list::{ListQuery, table, views};
use crate::console::csrf::{AdminForm, ConsoleForm};
use crate::console::layout::{self, Nav, Page, pager};
use crate::console::session::{ConsoleAdmin, ConsoleUser};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/tickets/deleted", get(list))
        .route("/console/tickets/{id}/delete", post(delete))
        .route("/console/tickets/{id}/restore", post(restore))
}

/// The delete button of a live ticket, or the restore button of a deleted one (for an
/// administrator; an agent never sees a deleted ticket).
pub fn section(user: &ConsoleUser, ticket: &TicketRecord) -> Markup {
    let base = format!("/console/tickets/{}", ticket.id);
    html! {
        section aria-labelledby="bin-h" {
            @if ticket.is_deleted {
                h2 #bin-h { "恢复" }
                @if user.is_admin {
                    form method="post" action={ (base) "/restore" } {
                        (layout::csrf_input(user))
                        p.hint { "恢复后工单回到各视图中。" }
                        button.primary type="submit" { "恢复工单" }
                    }
                }
            } @else {
                h2 #bin-h { "删除" }
                form method="post" action={ (base) "/delete" } {
                    (layout::csrf_input(user))
                    p.hint { "删除的工单可由管理员在“已删除”中恢复。" }
                    button.danger type="submit" { "删除工单" }
                }
            }
        }
    }
}

async fn delete(State(state): State<AppState>, Path(raw): Path<String>, form: ConsoleForm) -> Response {
    let user = &form.user;
    let Some(id) = super::ticket_id(&raw) else { return super::unknown(user, &raw) };
    match state.app().tickets().delete(&user.caller(), id).await {
        Ok(_) => {
            form.audit(&state).await;
            // Only an administrator still sees a deleted ticket (and may restore it).
            if user.is_admin {
                layout::redirect(&format!("/console/tickets/{id}?notice=deleted"))
            } else {
                layout::redirect("/console/tickets?notice=deleted")
            }
        }
        Err(error) => super::failed(user, &raw, error),
    }
}

async fn restore(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let Some(id) = super::ticket_id(&raw) else { return super::unknown(user, &raw) };
    match state.app().tickets().restore(&user.caller(), id).await {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect(&format!("/console/tickets/{id}?notice=restored"))
        }
        Err(error) => super::failed(user, &raw, error),
    }
}

/// 已删除: the deleted tickets, the most recently changed first.
async fn list(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Query(query): Query<ListQuery>,
) -> Response {
    let caller = user.caller();
    let tickets = state.app().tickets();
    let result = async {
        let page = query.page()?;
        let overview = tickets.desk_overview(&caller).await?;
        let request = TicketListRequest {
            filter: TicketListFilter { deleted: true, ..TicketListFilter::default() },
            order: TicketOrder::Updated,
            descending: true,
        };
        let found = tickets.page(&caller, request, page).await?;
        let names = tickets.desk_names(&caller, &found.rows, &[]).await?;
        Ok::<_, AppError>((page, overview, found, names))
    }
    .await;
    let (page, overview, found, names) = match result {
        Ok(found) => found,
        Err(error) => return layout::error_page(Some(&user), error),
    };
    let body = html! {
        (views(&user, &overview, None))
        h2 { "已删除的工单" }
        @if found.rows.is_empty() {
            p.empty { "没有已删除的工单。" }
        } @else {
            (table(&user, &found.rows, &names))
        }
        (pager(page, found.total, |n| format!("/console/tickets/deleted?page={n}")))
    };
    layout::html(
        StatusCode::OK,
        Page::new("已删除的工单", &user, Nav::Tickets).notice(query.notice.as_deref()).render(body),
    )
}
