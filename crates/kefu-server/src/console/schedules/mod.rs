//! Schedules (排班): a week (Monday to Sunday, in the company's calendar) per agent or
//! per group. Administrators create, edit and delete shifts by the API's use cases (which
//! check the shift and refuse to delete one that started); other agents see their own
//! week, laid out as a list that fits a phone.

mod forms;

use std::collections::{HashMap, HashSet};

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use jiff::ToSpan;
use jiff::civil::Date;
use kefu_domain::schedule::{ClockTime, DutyDate, LocalNow};
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, GroupId};
use kefu_store::{GroupRecord, RosterEntry, RosterFilter, ScheduleRecord};
use maud::{Markup, html};
use serde::Deserialize;

use super::layout::{self, FormErrors, Nav, NoticeQuery, Page, query_string};
use super::pickers;
use super::session::ConsoleUser;
use crate::state::AppState;
use kefu_app::AppError;
pub use kefu_app::schedules::clock;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/schedules", get(week).post(forms::create))
        .route("/console/schedules/{duty}/edit", get(forms::edit_form))
        .route("/console/schedules/{duty}", post(forms::update))
        .route("/console/schedules/{duty}/delete", post(forms::delete))
}

const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

#[derive(Debug, Default, Clone, Deserialize)]
pub struct WeekQuery {
    week: Option<String>,
    sid: Option<String>,
    group: Option<String>,
    page: Option<String>,
    notice: Option<String>,
}

/// Agents per page of the week table: a company's whole team is paged, never cut off.
const WEEK_PER_PAGE: usize = kefu_domain::limits::CONSOLE_WEEK_PER_PAGE;

impl WeekQuery {
    /// A week containing `date`, seen as `sid` or `group`.
    pub fn at(date: &str, sid: Option<String>, group: Option<String>) -> Self {
        WeekQuery { week: Some(date.to_owned()), sid, group, page: None, notice: None }
    }

    /// The page of the week table asked for (1 when none or not a page number).
    fn page(&self) -> usize {
        self.page.as_deref().and_then(|p| p.trim().parse::<usize>().ok()).filter(|p| *p >= 1).unwrap_or(1)
    }

    fn sid(&self) -> Option<AgentId> {
        self.sid.as_deref().and_then(|raw| AgentId::parse(raw).ok())
    }

    fn group(&self) -> Option<GroupId> {
        self.group.as_deref().and_then(|raw| GroupId::parse(raw).ok())
    }

    /// This view's address for the week of `monday`.
    pub fn url(&self, monday: Option<Date>) -> String {
        self.url_at(monday, 1)
    }

    /// This view's address for the week of `monday`, page `page` of the table.
    fn url_at(&self, monday: Option<Date>, page: usize) -> String {
        let week = monday.map(|d| d.to_string()).unwrap_or_else(|| self.week.clone().unwrap_or_default());
        let page = if page > 1 { page.to_string() } else { String::new() };
        let pairs = [
            ("week", week.as_str()),
            ("sid", self.sid.as_deref().unwrap_or("")),
            ("group", self.group.as_deref().unwrap_or("")),
            ("page", page.as_str()),
        ];
        format!("/console/schedules?{}", query_string(&pairs))
    }
}

/// The Monday of the week holding `week` (or today, in the company's zone).
fn monday_of(raw: Option<&str>, today: Date) -> Date {
    let day = raw.and_then(|r| DutyDate::parse(r).ok()).map_or(today, DutyDate::date);
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(back.days()).unwrap_or(day)
}

fn days_of(monday: Date) -> Vec<Date> {
    (0..7_i64).filter_map(|i| monday.checked_add(i.days()).ok()).collect()
}

/// Whom the view shows: an agent sees itself; an administrator an agent, a group, or
/// everyone — a page of them, with how many there are in all.
async fn roster(
    state: &AppState,
    user: &ConsoleUser,
    query: &WeekQuery,
) -> Result<(Vec<RosterEntry>, usize), AppError> {
    let filter = match (query.sid(), query.group()) {
        (Some(agent), _) => RosterFilter { agent: Some(agent), include_hidden: true, ..RosterFilter::default() },
        (None, group) => RosterFilter { group, ..RosterFilter::default() },
    };
    let everyone = state.app().agents().roster(&user.caller(), filter, usize::MAX).await?;
    let total = everyone.len();
    let pages = total.div_ceil(WEEK_PER_PAGE).max(1);
    let page = query.page().min(pages);
    Ok((everyone.into_iter().skip((page - 1) * WEEK_PER_PAGE).take(WEEK_PER_PAGE).collect(), total))
}

/// The week's shifts of the roster's agents.
async fn shifts(
    state: &AppState,
    user: &ConsoleUser,
    roster: &[RosterEntry],
    days: &[Date],
) -> Result<Shifts, AppError> {
    let (Some(first), Some(last)) = (days.first(), days.last()) else { return Ok(Shifts::default()) };
    let single = match roster {
        [only] => Some(only.id),
        _ => None,
    };
    let records = state.app().schedules().week(&user.caller(), &first.to_string(), &last.to_string(), single).await?;
    let shown: HashSet<AgentId> = roster.iter().map(|agent| agent.id).collect();
    let mut shifts = Shifts::default();
    for record in records.into_iter().filter(|r| shown.contains(&r.agent_id)) {
        shifts.0.entry((record.agent_id, record.date.clone())).or_default().push(record);
    }
    Ok(shifts)
}

/// The week's shifts by agent and day (`YYYY-MM-DD`), in the store's order: grouped once,
/// so drawing a cell does not search the whole week (up to 500 agents × 7 days).
#[derive(Default)]
struct Shifts(HashMap<(AgentId, String), Vec<ScheduleRecord>>);

impl Shifts {
    fn of(&self, agent: AgentId, day: Date) -> &[ScheduleRecord] {
        self.0.get(&(agent, day.to_string())).map_or(&[], Vec::as_slice)
    }
}

async fn week(State(state): State<AppState>, user: ConsoleUser, Query(query): Query<WeekQuery>) -> Response {
    let notice = NoticeQuery { notice: query.notice.clone() };
    render(&state, &user, &query, notice.notice.as_deref(), None).await
}

/// The week view; `form` is the create form as submitted, with its problems.
pub async fn render(
    state: &AppState,
    user: &ConsoleUser,
    query: &WeekQuery,
    notice: Option<&str>,
    form: Option<(forms::ShiftForm, FormErrors, StatusCode)>,
) -> Response {
    let now = LocalNow::at(now_micros(), &user.zone);
    let monday = monday_of(query.week.as_deref(), now.date.date());
    let days = days_of(monday);
    let loaded = async {
        let (roster, total) = roster(state, user, query).await?;
        let shifts = shifts(state, user, &roster, &days).await?;
        let caller = user.caller();
        let groups = if user.is_admin { state.app().groups().all(&caller).await? } else { Vec::new() };
        Ok::<_, AppError>((roster, total, shifts, groups))
    }
    .await;
    let (roster, total, shifts, groups) = match loaded {
        Ok(loaded) => loaded,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let viewed = match query.sid.as_deref() {
        Some(raw) if user.is_admin => pickers::chosen_label(state, user, raw).await,
        _ => None,
    };
    let (status, form_markup) = match (&form, user.is_admin) {
        (_, false) => (StatusCode::OK, html! {}),
        (Some((values, errors, status)), true) => {
            let chosen = pickers::chosen_label(state, user, values.sid()).await;
            (*status, forms::create_form(user, values, chosen.as_deref(), errors, &query.url(Some(monday))))
        }
        (None, true) => {
            let values = forms::ShiftForm::new_for(query.sid.clone(), now.date.to_string());
            (
                StatusCode::OK,
                forms::create_form(user, &values, viewed.as_deref(), &FormErrors::default(), &query.url(Some(monday))),
            )
        }
    };
    let pages = total.div_ceil(WEEK_PER_PAGE).max(1);
    let page = query.page().min(pages);
    let previous = monday.checked_sub(7.days()).ok();
    let next = monday.checked_add(7.days()).ok();
    let last_day = days.last().copied().unwrap_or(monday);
    let body = html! {
        @if user.is_admin { (view_form(query, monday, &groups, viewed.as_deref())) }
        nav.week-nav aria-label="切换周" {
            @if let Some(previous) = previous { a href=(query.url(Some(previous))) { "‹ 上一周" } }
            strong { (monday) " 至 " (last_day) }
            a href=(query.url(Some(monday_of(None, now.date.date())))) { "本周" }
            @if let Some(next) = next { a href=(query.url(Some(next))) { "下一周 ›" } }
        }
        @if roster.is_empty() {
            p.empty { "没有客服。" }
        } @else if roster.len() == 1 {
            (day_list(user, &roster[0], &days, &shifts, now))
        } @else {
            (week_table(user, &roster, &days, &shifts, now))
        }
        @if pages > 1 {
            nav.pager aria-label="分页" {
                @if page > 1 { a href=(query.url_at(Some(monday), page - 1)) rel="prev" { "‹ 上一页" } }
                span { "第 " (page) " / " (pages) " 页，共 " (total) " 位客服" }
                @if page < pages { a href=(query.url_at(Some(monday), page + 1)) rel="next" { "下一页 ›" } }
            }
        }
        (form_markup)
    };
    let title = if user.is_admin { "排班" } else { "我的排班" };
    layout::html(status, Page::new(title, user, Nav::Schedules).notice(notice).render(body))
}

fn view_form(query: &WeekQuery, monday: Date, groups: &[GroupRecord], viewed: Option<&str>) -> Markup {
    let group = query.group();
    html! {
        form.search method="get" action="/console/schedules" {
            div.field {
                label for="f-view-week" { "日期" }
                input #f-view-week type="date" name="week" value=(monday.to_string());
            }
            (pickers::agent_field("f-view-sid", "sid", "客服（留空看全部或按分组）", query.sid.as_deref().unwrap_or(""), viewed, false, &FormErrors::default()))
            div.field {
                label for="f-view-group" { "分组" }
                select #f-view-group name="group" {
                    option value="" { "全部客服" }
                    @for g in groups { option value=(g.id) selected[group == Some(g.id)] { (g.name) } }
                }
            }
            div.actions { button type="submit" { "查看" } }
        }
    }
}

pub fn agent_label(agent: &RosterEntry) -> String {
    let name = if agent.name.is_empty() { &agent.passport_name } else { &agent.name };
    format!("{name}（{}）", agent.job_number)
}

fn shift_item(user: &ConsoleUser, record: &ScheduleRecord, now: LocalNow) -> Markup {
    let started = DutyDate::parse(&record.date)
        .ok()
        .zip(ClockTime::from_minutes(record.start_minute))
        .is_some_and(|(date, start)| now.has_started(date, start));
    html! {
        li.shift.started[started] data-duty=(record.duty_id()) {
            span.time { (clock(record.start_minute)) "–" (clock(record.end_minute)) }
            @if let Some(name) = &record.name { " " span.shift-name { (name) } }
            @if let Some(remark) = &record.remark { span.remark { (remark) } }
            @if let Some(url) = record.url.as_deref().filter(|u| layout::is_web_link(u)) {
                " " a href=(url) rel="noopener noreferrer" target="_blank" { "链接" }
            }
            @if user.is_admin {
                " " a.edit href={ "/console/schedules/" (record.duty_id()) "/edit" } {
                    "编辑" span.sr-only { " " (record.date) " " (clock(record.start_minute)) " 的排班" }
                }
            }
        }
    }
}

fn day_heading(day: Date, today: Date) -> Markup {
    let weekday = WEEKDAYS[usize::try_from(day.weekday().to_monday_zero_offset()).unwrap_or(0) % 7];
    html! { (weekday) " " span.date { (day.strftime("%m-%d")) } @if day == today { " " span.today { "今天" } } }
}

/// A day as a card's cell names it on a phone: "周一 11-30".
fn day_label(day: Date, today: Date) -> String {
    let weekday = WEEKDAYS[usize::try_from(day.weekday().to_monday_zero_offset()).unwrap_or(0) % 7];
    let mark = if day == today { " 今天" } else { "" };
    format!("{weekday} {}{mark}", day.strftime("%m-%d"))
}

fn week_table(user: &ConsoleUser, roster: &[RosterEntry], days: &[Date], shifts: &Shifts, now: LocalNow) -> Markup {
    let today = now.date.date();
    html! {
        div.table-wrap {
            table.week.cards {
                caption.sr-only { "一周排班" }
                thead { tr {
                    th scope="col" { "客服" }
                    @for day in days { th.today[*day == today] scope="col" { (day_heading(*day, today)) } }
                } }
                tbody {
                    @for agent in roster {
                        tr data-sid=(agent.id) {
                            th scope="row" data-label="客服" { a href={ "/console/schedules?sid=" (agent.id) "&week=" (days[0]) } { (agent_label(agent)) } }
                            @for day in days {
                                td.today[*day == today] data-date=(day) data-label=(day_label(*day, today)) {
                                    ul.shifts {
                                        @for record in shifts.of(agent.id, *day) {
                                            (shift_item(user, record, now))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One agent's week as a list of days (readable on a phone).
fn day_list(user: &ConsoleUser, agent: &RosterEntry, days: &[Date], shifts: &Shifts, now: LocalNow) -> Markup {
    let today = now.date.date();
    html! {
        h2 { (agent_label(agent)) }
        ol.day-list data-sid=(agent.id) {
            @for day in days {
                li.today[*day == today] data-date=(day) {
                    h3 { (day_heading(*day, today)) }
                    @let todays = shifts.of(agent.id, *day);
                    @if todays.is_empty() { p.none { "休息" } }
                    @else { ul.shifts { @for record in todays { (shift_item(user, record, now)) } } }
                }
            }
        }
    }
}
