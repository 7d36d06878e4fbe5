//! The JSON API: one module per resource, each reading its requests into typed commands,
//! calling the use cases and rendering their records in the hosted API's shapes; and the
//! registry that routes and documents every path (`openapi`).

pub(crate) mod agents;
pub(crate) mod api_keys;
pub(crate) mod audit;
pub(crate) mod companies;
pub(crate) mod company;
pub(crate) mod contacts;
pub(crate) mod customer_fields;
pub(crate) mod customer_groups;
pub(crate) mod customer_query;
pub(crate) mod docs;
pub(crate) mod fields;
pub(crate) mod groups;
pub(crate) mod helpdesk_settings;
pub(crate) mod input;
pub(crate) mod list_query;
pub(crate) mod nested;
pub(crate) mod oauth;
pub mod openapi;
pub(crate) mod permissions;
pub(crate) mod presence;
pub(crate) mod render;
pub(crate) mod schedules;
pub(crate) mod signins;
pub(crate) mod system;
pub(crate) mod ticket_fields;
pub(crate) mod ticket_templates;
pub(crate) mod tickets;

use openapi::ApiRouter;

/// Every route, each with its description: the one registry both the router and the
/// OpenAPI document come from.
pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .merge(agents::routes())
        .merge(groups::routes())
        .merge(fields::routes())
        .merge(api_keys::routes())
        .merge(company::routes())
        .merge(helpdesk_settings::routes())
        .merge(audit::routes())
        .merge(oauth::routes())
        .merge(presence::routes())
        .merge(permissions::routes())
        .merge(signins::routes())
        .merge(schedules::routes())
        .merge(system::routes())
        .merge(contacts::routes())
        .merge(companies::routes())
        .merge(customer_groups::routes())
        .merge(customer_fields::routes())
        .merge(tickets::routes())
        .merge(ticket_templates::routes())
        .merge(ticket_fields::routes())
        .merge(openapi::routes())
}
