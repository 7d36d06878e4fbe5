//! Signing in (签到) from the console, for every agent: where the agent is (address,
//! landmark, coordinates — filled in from the browser's location when the agent allows it)
//! and a remark, at the present moment. The form is read by the API's own reader of
//! `POST /api/v1/signin.json` bodies and handed to the same use case, so the rules and the
//! refusals are the API's.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use kefu_app::AppError;
use kefu_domain::FieldError;
use kefu_domain::signin::{Coordinate, NewSignIn, Place, Remark, parse_address, parse_landmark};
use kefu_domain::time::now_micros;
use maud::html;

use super::csrf::ConsoleForm;
use super::layout::{self, FormErrors, Input, Nav, NoticeQuery, Page, status_of};
use super::session::ConsoleUser;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/console/signins/new", get(form_page).post(create))
}

/// The form's fields, as typed.
#[derive(Debug, Default)]
struct Values {
    address: String,
    landmark: String,
    latitude: String,
    longitude: String,
    remark: String,
}

const LABELS: [(&str, &str); 5] =
    [("address", "地点"), ("landmark", "详细地址"), ("latitude", "纬度"), ("longitude", "经度"), ("remark", "备注")];

/// The form's fields, each checked by the domain's own parser, as a sign-in at `now` (UTC
/// microseconds); every problem is named by its field.
fn new_signin(values: &Values, now: i64) -> Result<NewSignIn, AppError> {
    fn check<T>(problems: &mut Vec<FieldError>, field: &str, parsed: Result<T, String>) -> Option<T> {
        parsed.map_err(|message| problems.push(FieldError::new(field, message))).ok()
    }
    let mut problems = Vec::new();
    let address = check(&mut problems, "address", parse_address(&values.address));
    let landmark = check(&mut problems, "landmark", parse_landmark(&values.landmark));
    let latitude = check(&mut problems, "latitude", Coordinate::latitude(&values.latitude));
    let longitude = check(&mut problems, "longitude", Coordinate::longitude(&values.longitude));
    let remark = check(&mut problems, "remark", Remark::parse(&values.remark));
    match (address, landmark, latitude, longitude, remark) {
        (Some(address), Some(landmark), Some(latitude), Some(longitude), Some(remark)) => Ok(NewSignIn {
            remark: Some(remark).filter(|r| !r.as_str().is_empty()),
            attachments: Vec::new(),
            tags: Vec::new(),
            // Whole seconds, as a `checkinTime` sent to the API is stored.
            checkin_at: now - now.rem_euclid(1_000_000),
            place: Place { address, landmark, latitude, longitude },
        }),
        _ => Err(AppError::invalid(problems)),
    }
}

fn errors_of(error: &AppError) -> FormErrors {
    FormErrors::from_app(error, |api| {
        let short = api.rsplit('.').next().unwrap_or(api);
        match LABELS.iter().find(|(key, _)| *key == short) {
            Some((key, label)) => ((*key).to_owned(), (*label).to_owned()),
            None => (api.to_owned(), api.to_owned()),
        }
    })
}

fn page(
    status: StatusCode,
    user: &ConsoleUser,
    values: &Values,
    errors: &FormErrors,
    notice: Option<&str>,
) -> Response {
    let body = html! {
        p.hint { "签到时间为提交的时刻（" (user.zone_name) "）。允许浏览器获取位置时，坐标会自动填写。" }
        (errors.summary())
        form.stack method="post" action="/console/signins/new" novalidate {
            (layout::csrf_input(user))
            (Input::text("address", "地点", &values.address).required().placeholder("北京市丰台区丰科万达").render(errors))
            (Input::text("landmark", "详细地址", &values.landmark).placeholder("丰科万达广场 3 层").render(errors))
            div.row {
                (Input::text("latitude", "纬度", &values.latitude).required().inputmode("decimal").placeholder("39.827126").render(errors))
                (Input::text("longitude", "经度", &values.longitude).required().inputmode("decimal").placeholder("116.289429").render(errors))
            }
            p { button type="button" data-locate="" { "使用当前位置" } " " span.hint data-locate-status="" aria-live="polite" {} }
            div.field.invalid[!errors.messages("remark").is_empty()] {
                label for="f-remark" { "备注" }
                (errors.field("remark"))
                textarea #f-remark name="remark" rows="2" { (values.remark) }
            }
            div.actions { button.primary type="submit" { "签到" } }
        }
        @if user.is_admin { p { a href="/console/signins" { "查看全公司的签到" } } }
    };
    layout::html(status, Page::new("签到", user, Nav::SignIn).notice(notice).render(body))
}

async fn form_page(user: ConsoleUser, Query(query): Query<NoticeQuery>) -> Response {
    page(StatusCode::OK, &user, &Values::default(), &FormErrors::default(), query.notice.as_deref())
}

/// A sign-in at the present moment, through the same use case as `POST /api/v1/signin.json`.
async fn create(State(state): State<AppState>, form: ConsoleForm) -> Response {
    let user = &form.user;
    let get = |key: &str| form.fields.one(key).trim().to_owned();
    let values = Values {
        address: get("address"),
        landmark: get("landmark"),
        latitude: get("latitude"),
        longitude: get("longitude"),
        remark: form.fields.one("remark").to_owned(),
    };
    let result = async {
        let new = new_signin(&values, now_micros())?;
        state.app().signins().create(&user.caller(), &new).await
    }
    .await;
    match result {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect("/console/signins/new?notice=signed_in")
        }
        Err(error) => page(status_of(&error), user, &values, &errors_of(&error), None),
    }
}
