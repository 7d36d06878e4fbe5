//! Sign-ins (签到): `POST /api/v1/signin.json` (any agent signs in, as themselves) and
//! `GET /api/v1/signin.json` (administrators list the company's sign-ins).

pub(crate) mod input;

use axum::Json;
use axum::extract::State;
use jiff::tz::TimeZone;
use kefu_api::{Coded, SignIn, SignInCreated, SignInCreatedEnvelope, SignInPage, SignInPlace};
use kefu_domain::signin::clocking_point;
use kefu_domain::time::{format_datetime, now_micros};
use kefu_store::{Page, SignInRecord};

use crate::api::openapi::{ApiRouter, parameters, responses};
use crate::http::auth::{Admin, Authenticated};
use crate::http::error::ApiError;
use crate::http::extract::{JsonObject, QueryParams};
use crate::http::links::BaseUrl;
use crate::state::AppState;

const PATH: &str = "/api/v1/signin.json";

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(utoipa_axum::routes!(list, create))
}

/// The caller signs in: the body names no agent, so nobody signs in for someone else.
#[utoipa::path(
    post,
    path = PATH,
    tag = "sign-ins",
    operation_id = "create_signin",
    request_body = kefu_api::SignInBody,
    responses(
        (status = 200, description = "The sign-in, in the `{\"code\":\"0\",\"message\":\"success\",\"data\":…}` envelope", body = SignInCreatedEnvelope),
        responses::InvalidBody,
        responses::AgentErrors,
    )
)]
async fn create(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    body: JsonObject,
) -> Result<Json<SignInCreatedEnvelope>, ApiError> {
    let new = input::new_signin(body.into_wrapped("signIn")?, &caller.zone, now_micros())?;
    let record = state.app().signins().create(&caller, &new).await?;
    Ok(Json(SignInCreatedEnvelope { sign_in: Coded::success(created(&record, &caller.zone)) }))
}

/// The company's sign-ins, by checkinTime.
#[utoipa::path(
    get,
    path = PATH,
    tag = "sign-ins",
    operation_id = "list_signins",
    params(parameters::CreatedRange, parameters::CreatedOrder, parameters::AgentFilter, parameters::Paging),
    responses(
        (status = 200, description = "One page; `count` is a number and missing page links are `\"\"`, as the seed shows", body = Coded<SignInPage>),
        responses::InvalidQuery,
        (status = 404, description = "10011 (该客服不存在): `sId` names no agent the company ever had", body = kefu_api::ErrorBody),
        responses::AdminErrors,
    )
)]
async fn list(
    State(state): State<AppState>,
    Admin(caller): Admin,
    base: BaseUrl,
    query: QueryParams,
) -> Result<Json<Coded<SignInPage>>, ApiError> {
    let request = input::list_request(&query, &caller.zone)?;
    let Page { rows, total } = state.app().signins().page(&caller, &request.query).await?;
    let (next_page, previous_page) = base.page_links(PATH, &request.link_filters, request.query.page, total);
    Ok(Json(Coded::success(SignInPage {
        sign_in: rows.iter().map(|r| listed(r, &caller.zone)).collect(),
        count: total,
        next_page: next_page.unwrap_or_default(),
        previous_page: previous_page.unwrap_or_default(),
    })))
}

/// The attachments' URLs joined by commas; None when there are none.
fn attachment_urls(record: &SignInRecord) -> Option<String> {
    (!record.attachments.is_empty())
        .then(|| record.attachments.iter().map(|a| a.file_url.as_str()).collect::<Vec<_>>().join(","))
}

fn tags(record: &SignInRecord) -> Option<Vec<String>> {
    (!record.tags.is_empty()).then(|| record.tags.clone())
}

fn listed(record: &SignInRecord, zone: &TimeZone) -> SignIn {
    SignIn {
        name: record.agent_name.clone(),
        job_number: record.job_number.clone(),
        remark: record.remark.clone(),
        attachments: attachment_urls(record),
        tags: tags(record),
        checkin_time: format_datetime(record.checkin_at, zone),
        clocking_point: clocking_point(&record.address, &record.longitude, &record.latitude),
    }
}

fn created(record: &SignInRecord, zone: &TimeZone) -> SignInCreated {
    SignInCreated {
        name: record.agent_name.clone(),
        job_number: record.job_number.clone(),
        remark: record.remark.clone(),
        attachments: attachment_urls(record),
        tags: tags(record),
        checkin_time: format_datetime(record.checkin_at, zone),
        current: SignInPlace {
            address: record.address.clone(),
            landmark: record.landmark.clone(),
            latitude: record.latitude.clone(),
            longitude: record.longitude.clone(),
        },
    }
}
