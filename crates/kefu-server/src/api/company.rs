//! `GET|PUT /api/v1/company.json` (extension): the caller's company settings — its time
//! zone and the password agents created without one receive (the hosted service's
//! "管理员在帮我吧后台设置密码"). Every agent may read them; administrators change them.
//! The default password is write-only: answers say only whether there is one.

use axum::Json;
use axum::extract::State;
use kefu_api::RequestShape;
use kefu_api::{CompanySettings, CompanySettingsEnvelope};
use kefu_app::Members;
use kefu_app::company::{CompanyInput, has_default_password};
use kefu_domain::password::Password;
use kefu_domain::time::parse_time_zone;
use kefu_store::TenantSettings;

use crate::api::input::ObjectReader;
use crate::api::openapi::{ApiRouter, responses};
use crate::http::auth::{Admin, Authenticated};
use crate::http::error::ApiError;
use crate::http::extract::JsonObject;
use crate::state::AppState;

const PATH: &str = "/api/v1/company.json";

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(utoipa_axum::routes!(show, update))
}

fn render(settings: TenantSettings) -> CompanySettingsEnvelope {
    let has_default_password = has_default_password(&settings).to_owned();
    CompanySettingsEnvelope {
        company: CompanySettings { name: settings.name, time_zone: settings.time_zone, has_default_password },
    }
}

/// The caller's company: name, time zone, whether it has a default agent password.
#[utoipa::path(
    get,
    path = PATH,
    tag = "company",
    operation_id = "show_company",
    responses(
        (status = 200, description = "The company's settings", body = CompanySettingsEnvelope),
        responses::AgentErrors,
    )
)]
async fn show(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> Result<Json<CompanySettingsEnvelope>, ApiError> {
    Ok(Json(render(state.app().company().show(&caller).await?)))
}

/// Changes the company's time zone and/or default agent password. `name` and
/// `hasDefaultPassword` may be sent back as they are (read-only).
#[utoipa::path(
    put,
    path = PATH,
    tag = "company",
    operation_id = "update_company",
    request_body = kefu_api::CompanyBody,
    responses(
        (status = 200, description = "The company's settings, as changed", body = CompanySettingsEnvelope),
        responses::InvalidBody,
        responses::AdminErrors,
    )
)]
async fn update(
    State(state): State<AppState>,
    Admin(caller): Admin,
    body: JsonObject,
) -> Result<Json<CompanySettingsEnvelope>, ApiError> {
    let mut reader = ObjectReader::new(body.into_wrapped("company")?);
    let input = CompanyInput {
        unchanged_name: reader.text("name"),
        unchanged_has_default_password: reader.text("hasDefaultPassword"),
        time_zone: reader.parse("timeZone", |raw| parse_time_zone(raw).map(|_| raw.to_owned())),
        default_password: reader.parse("defaultPassword", Password::parse),
        problems: Vec::new(),
    };
    let input = CompanyInput { problems: reader.into_problems(kefu_api::CompanyInput::members()), ..input };
    Ok(Json(render(state.app().company().update(&caller, input).await?)))
}
