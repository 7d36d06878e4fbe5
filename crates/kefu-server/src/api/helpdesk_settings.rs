//! `GET|PUT /api/v1/helpdesk_settings.json` (extension): the account's 2B/2C mode and the
//! days after which solved tickets close themselves. Every agent may read them;
//! administrators change them (docs/compat.md "2B and 2C", "Statuses and their timestamps").

use axum::Json;
use axum::extract::State;
use kefu_api::{HelpdeskSettings, HelpdeskSettingsEnvelope, RequestShape};
use kefu_app::Members;
use kefu_app::helpdesk::HelpdeskInput;
use kefu_domain::customer::CustomerMode;
use kefu_domain::ticket::status::AutoCloseDays;
use kefu_store::TenantSettings;

use crate::api::input::ObjectReader;
use crate::api::openapi::{ApiRouter, responses};
use crate::http::auth::{Admin, Authenticated};
use crate::http::error::ApiError;
use crate::http::extract::JsonObject;
use crate::state::AppState;

const PATH: &str = "/api/v1/helpdesk_settings.json";

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(utoipa_axum::routes!(show, update))
}

fn render(settings: &TenantSettings) -> HelpdeskSettingsEnvelope {
    HelpdeskSettingsEnvelope {
        helpdesk_settings: HelpdeskSettings {
            customer_mode: settings.customer_mode.label().to_owned(),
            auto_close_days: settings.auto_close_days.days().to_string(),
        },
    }
}

/// The account's helpdesk settings: 2B or 2C, and the auto-close days.
#[utoipa::path(
    get,
    path = PATH,
    tag = "company",
    operation_id = "show_helpdesk_settings",
    responses(
        (status = 200, description = "The helpdesk settings", body = HelpdeskSettingsEnvelope),
        responses::AgentErrors,
    )
)]
async fn show(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> Result<Json<HelpdeskSettingsEnvelope>, ApiError> {
    Ok(Json(render(&state.app().helpdesk().show(&caller).await?)))
}

/// Changes the 2B/2C mode and/or the auto-close days; members left out stay.
#[utoipa::path(
    put,
    path = PATH,
    tag = "company",
    operation_id = "update_helpdesk_settings",
    request_body = kefu_api::HelpdeskSettingsBody,
    responses(
        (status = 200, description = "The helpdesk settings, as changed", body = HelpdeskSettingsEnvelope),
        responses::InvalidBody,
        responses::AdminErrors,
        (status = 409, description = "2B → 2C while the account has companies (deleted ones included)", body = kefu_api::ErrorBody),
    )
)]
async fn update(
    State(state): State<AppState>,
    Admin(caller): Admin,
    body: JsonObject,
) -> Result<Json<HelpdeskSettingsEnvelope>, ApiError> {
    let mut reader = ObjectReader::new(body.into_wrapped("helpdesk_settings")?);
    let input = HelpdeskInput {
        customer_mode: reader.parse("customerMode", CustomerMode::parse),
        auto_close_days: reader.parse("autoCloseDays", AutoCloseDays::parse),
        problems: Vec::new(),
    };
    let input = HelpdeskInput { problems: reader.into_problems(kefu_api::HelpdeskSettingsInput::members()), ..input };
    Ok(Json(render(&state.app().helpdesk().update(&caller, input).await?)))
}
