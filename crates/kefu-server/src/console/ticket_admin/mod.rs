//! 工单设置 (administrators): the ticket templates (工单模板) and the ticket custom fields
//! (工单字段), through the same use cases as `/api/v1/tickettemplates…` and
//! `/api/v1/tickets/ticket_fields…` (`kefu_app::ticket_templates`, `customer_fields` with
//! `FieldEntity::Ticket`).

mod field_page;
mod fields;
mod templates;

use axum::Router;
use maud::{Markup, html};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().merge(templates::routes()).merge(fields::routes())
}

/// The sub-navigation of the two pages.
fn tabs(active: &str) -> Markup {
    let entries = [("/console/ticket-templates", "工单模板"), ("/console/ticket-fields", "工单字段")];
    html! {
        nav.tabs aria-label="工单设置" {
            ul {
                @for (href, label) in entries {
                    li {
                        @if href == active { a href=(href) aria-current="page" { (label) } } @else { a href=(href) { (label) } }
                    }
                }
            }
        }
    }
}
