//! Creating, editing and deleting one shift: the form's fields are read by the reader the
//! API's `{"duty":…}` bodies share (`ShiftInput::read`) and handed to the same use cases,
//! which keep every shift that has started.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kefu_api::ErrorCode;
use kefu_app::schedules::ShiftInput;
use kefu_app::{AppError, Members};
use kefu_domain::AgentId;
use kefu_domain::schedule::{DutyDate, DutyEntry, DutyId};
use kefu_store::ScheduleRecord;
use maud::{Markup, html};

use super::{WeekQuery, clock, render};
use crate::console::csrf::{AdminForm, Fields};
use crate::console::layout::{self, FormErrors, Input, Nav, Page, status_of};
use crate::console::members::FormMembers;
use crate::console::pickers;
use crate::console::session::{ConsoleAdmin, ConsoleUser};
use crate::state::AppState;

/// The shift form's values, as typed.
#[derive(Debug, Clone, Default)]
pub struct ShiftForm {
    sid: String,
    date: String,
    start_time: String,
    end_time: String,
    name: String,
    remark: String,
    url: String,
}

impl ShiftForm {
    pub fn new_for(sid: Option<String>, date: String) -> Self {
        ShiftForm { sid: sid.unwrap_or_default(), date, ..ShiftForm::default() }
    }

    pub fn sid(&self) -> &str {
        &self.sid
    }

    fn read(fields: &Fields) -> Self {
        let get = |key: &str| fields.one(key).to_owned();
        ShiftForm {
            sid: get("sid"),
            date: get("date"),
            start_time: get("start_time"),
            end_time: get("end_time"),
            name: get("name"),
            remark: get("remark"),
            url: get("url"),
        }
    }

    fn of(record: &ScheduleRecord) -> Self {
        ShiftForm {
            sid: record.agent_id.to_string(),
            date: record.date.clone(),
            start_time: clock(record.start_minute),
            end_time: clock(record.end_minute),
            name: record.name.clone().unwrap_or_default(),
            remark: record.remark.clone().unwrap_or_default(),
            url: record.url.clone().unwrap_or_default(),
        }
    }
}

const LABELS: [(&str, &str); 7] = [
    ("sid", "客服"),
    ("date", "日期"),
    ("start_time", "开始时间"),
    ("end_time", "结束时间"),
    ("name", "名称"),
    ("remark", "备注"),
    ("url", "链接"),
];

/// `end_time`, or the API's `duty[0].sid` → `sid`.
fn errors_of(error: &AppError) -> FormErrors {
    FormErrors::from_app(error, |api| {
        let short = api.rsplit('.').next().unwrap_or(api);
        match LABELS.iter().find(|(key, _)| *key == short) {
            Some((key, label)) => ((*key).to_owned(), format!("{label} ({key})")),
            None => (api.to_owned(), api.to_owned()),
        }
    })
}

fn shift_fields(values: &ShiftForm, errors: &FormErrors) -> Markup {
    html! {
        div.row {
            (Input::text("start_time", "开始时间", &values.start_time).required().placeholder("09:00").inputmode("numeric")
                .hint("HH:MM").render(errors))
            (Input::text("end_time", "结束时间", &values.end_time).required().placeholder("18:00").inputmode("numeric")
                .hint("HH:MM，最晚 24:00").render(errors))
        }
        (Input::text("name", "名称", &values.name).placeholder("早班").render(errors))
        div.field.invalid[!errors.messages("remark").is_empty()] {
            label for="f-remark" { "备注" }
            (errors.field("remark"))
            textarea #f-remark name="remark" rows="2" { (values.remark) }
        }
        (Input::text("url", "链接", &values.url).kind("url").inputmode("url").render(errors))
    }
}

/// The create form under the week view. `view` is the view's address (kept after saving).
pub fn create_form(
    user: &ConsoleUser,
    values: &ShiftForm,
    chosen: Option<&str>,
    errors: &FormErrors,
    view: &str,
) -> Markup {
    html! {
        section #new-shift {
            h2 { "新建排班" }
            (errors.summary())
            form.stack method="post" action="/console/schedules" novalidate {
                (layout::csrf_input(user))
                input type="hidden" name="view" value=(view);
                div.row {
                    (pickers::agent_field(&layout::field_id("sid"), "sid", "客服", &values.sid, chosen, true, errors))
                    (Input::text("date", "日期", &values.date).kind("date").required().render(errors))
                }
                (shift_fields(values, errors))
                div.actions { button.primary type="submit" { "创建排班" } }
            }
        }
    }
}

/// Where to go after a change: the view the form came from, moved to the shift's week.
fn after(view: &str, date: &str, notice: &str) -> String {
    let base = if view.starts_with("/console/schedules?") && crate::console::is_console_path(view) {
        view
    } else {
        "/console/schedules?"
    };
    let without_week: Vec<(String, String)> =
        form_urlencoded::parse(base.split_once('?').map_or("", |(_, q)| q).as_bytes())
            .into_owned()
            .filter(|(k, _)| k != "week" && k != "notice")
            .collect();
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in &without_week {
        query.append_pair(key, value);
    }
    query.append_pair("week", date).append_pair("notice", notice);
    format!("/console/schedules?{}", query.finish())
}

/// `POST /api/v1/schedules.json` with one entry of one schedule.
pub async fn create(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let values = ShiftForm::read(&form.fields);
    let mut members = FormMembers::new(&form.fields);
    let agent = members.require("sid", AgentId::parse);
    let date = members.require("date", DutyDate::parse);
    let shift = ShiftInput::read(&mut members);
    let result = async {
        AppError::check(members.into_problems())?;
        let (Some(agent), Some(date), Some(schedule)) = (agent, date, shift.new_schedule()) else {
            return Err(AppError::internal());
        };
        let entry = DutyEntry { agent, date, schedules: vec![schedule] };
        state.app().schedules().create(&user.caller(), &[entry]).await
    }
    .await;
    let view = form.fields.one("view");
    match result {
        Ok(_) => {
            form.audit(&state).await;
            layout::redirect(&after(view, &values.date, "created"))
        }
        Err(error) => {
            let errors = errors_of(&error);
            let sid = (!values.sid.is_empty()).then(|| values.sid.clone());
            let query = WeekQuery::at(&values.date, sid, None);
            render(&state, user, &query, None, Some((values, errors, status_of(&error)))).await
        }
    }
}

fn unknown(user: &ConsoleUser, raw: &str) -> Response {
    layout::message_page(
        StatusCode::NOT_FOUND,
        Some(user),
        "排班不存在",
        &format!("本公司没有 dutyId 为 {raw} 的排班。"),
    )
}

/// The shift a dutyId names in the user's company.
async fn find(state: &AppState, user: &ConsoleUser, raw: &str) -> Result<(DutyId, ScheduleRecord), Response> {
    let id = DutyId::parse(raw).map_err(|_| unknown(user, raw))?;
    match state.app().schedules().find(&user.caller(), id).await {
        Ok(record) => Ok((id, record)),
        Err(error) if error.code == ErrorCode::NotFound => Err(unknown(user, raw)),
        Err(error) => Err(layout::error_page(Some(user), error)),
    }
}

fn edit_page(
    status: StatusCode,
    user: &ConsoleUser,
    record: &ScheduleRecord,
    values: &ShiftForm,
    errors: &FormErrors,
) -> Response {
    let duty = record.duty_id();
    let back = WeekQuery::at(&record.date, Some(record.agent_id.to_string()), None).url(None);
    let body = html! {
        dl.details {
            dt { "dutyId" } dd { (duty) }
            dt { "客服 sId" } dd { (record.agent_id) }
            dt { "日期" } dd { (record.date) }
        }
        (errors.summary())
        form.stack method="post" action={ "/console/schedules/" (duty) } novalidate {
            (layout::csrf_input(user))
            (shift_fields(values, errors))
            div.actions { button.primary type="submit" { "保存" } a href=(back) { "返回排班" } }
        }
        form.danger-zone method="post" action={ "/console/schedules/" (duty) "/delete" } data-confirm="确定删除这条排班吗？" {
            (layout::csrf_input(user))
            p { "只能删除尚未开始的排班。" }
            button.danger type="submit" { "删除排班" }
        }
    };
    layout::html(status, Page::new("编辑排班", user, Nav::Schedules).render(body))
}

pub async fn edit_form(
    State(state): State<AppState>,
    ConsoleAdmin(user): ConsoleAdmin,
    Path(raw): Path<String>,
) -> Response {
    match find(&state, &user, &raw).await {
        Ok((_, record)) => edit_page(StatusCode::OK, &user, &record, &ShiftForm::of(&record), &FormErrors::default()),
        Err(response) => response,
    }
}

/// `PUT /api/v1/schedules.json?dutyId=…` with `{"duty":{…}}`.
pub async fn update(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let (id, record) = match find(&state, user, &raw).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let values =
        ShiftForm { sid: record.agent_id.to_string(), date: record.date.clone(), ..ShiftForm::read(&form.fields) };
    let mut members = FormMembers::new(&form.fields);
    let shift = ShiftInput::read(&mut members);
    let result = async {
        AppError::check(members.into_problems())?;
        let patch = shift.patch().ok_or_else(AppError::internal)?;
        state.app().schedules().update(&user.caller(), id, &patch).await
    }
    .await;
    match result {
        Ok(updated) => {
            form.audit(&state).await;
            let view = WeekQuery::at(&updated.date, Some(updated.agent_id.to_string()), None).url(None);
            layout::redirect(&after(&view, &updated.date, "saved"))
        }
        Err(error) if error.code == ErrorCode::NotFound => unknown(user, &raw),
        Err(error) => edit_page(status_of(&error), user, &record, &values, &errors_of(&error)),
    }
}

/// `DELETE /api/v1/schedules.json?dutyId=…`: refused once the shift has started (in the
/// company's time zone), with the console's own words for it.
pub async fn delete(State(state): State<AppState>, Path(raw): Path<String>, AdminForm(form): AdminForm) -> Response {
    let user = &form.user;
    let (id, record) = match find(&state, user, &raw).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    match state.app().schedules().delete(&user.caller(), id).await {
        Ok(deleted) => {
            form.audit(&state).await;
            let view = WeekQuery::at(&deleted.date, Some(deleted.agent_id.to_string()), None).url(None);
            layout::redirect(&after(&view, &deleted.date, "deleted"))
        }
        Err(error) if error.code == ErrorCode::Conflict => layout::error_page(
            Some(user),
            AppError::conflict(format!(
                "排班 {} 已于 {} {}（{}）开始，不能再删除：只能删除尚未开始的排班。",
                record.duty_id(),
                record.date,
                clock(record.start_minute),
                user.zone_name
            )),
        ),
        Err(error) if error.code == ErrorCode::NotFound => unknown(user, &raw),
        Err(error) => layout::error_page(Some(user), error),
    }
}
