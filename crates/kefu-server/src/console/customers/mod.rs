//! Customers (客户): companies and contacts with search and paging, their forms with the
//! account's custom fields of each kind, a company's contacts, customer groups and the
//! recycle bin. Every page goes through the `kefu_app` use cases the API uses (companies,
//! contacts, customer_groups), so the roles are the API's: every agent reads, creates and
//! changes companies and contacts; deleting, restoring and the groups' writes are an
//! administrator's. A 2C account has no companies: their pages and columns are hidden.

mod bin;
mod choices;
mod companies;
mod company_form;
mod contact_form;
mod contacts;
mod custom;
mod groups;
mod outcomes;
mod pick;
mod support;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use kefu_api::ErrorCode;
use kefu_app::AppError;
use kefu_domain::FieldError;
use kefu_domain::custom_field::CustomField;
use kefu_domain::customer::CustomerMode;
use kefu_domain::paging::PageRequest;
use maud::{Markup, html};
use serde::Deserialize;

use super::csrf::Fields;
use super::layout::{self, FormErrors};
use super::session::ConsoleUser;
use crate::state::AppState;

pub use custom::{custom_inputs, custom_name, custom_text, custom_values, stored_custom, submitted_custom};

pub const PER_PAGE: u64 = 20;

/// What a company or contact form is drawn with besides its record: the members' values,
/// the custom values (None: the record's stored ones), the errors, the answer's status and
/// a notice.
pub struct FormState<'a> {
    pub values: Vec<(&'static str, String)>,
    pub custom: Option<Vec<(i64, String)>>,
    pub errors: FormErrors,
    pub status: StatusCode,
    pub notice: Option<&'a str>,
}

impl<'a> FormState<'a> {
    /// A new form, or a record's as stored, with an optional notice.
    pub fn shown(values: Vec<(&'static str, String)>, notice: Option<&'a str>) -> Self {
        FormState { values, custom: None, errors: FormErrors::default(), status: StatusCode::OK, notice }
    }

    /// A refused submission, shown again with what was sent and why it was refused.
    pub fn refused(
        values: Vec<(&'static str, String)>,
        custom: Vec<(i64, String)>,
        errors: FormErrors,
        status: StatusCode,
    ) -> Self {
        FormState { values, custom: Some(custom), errors, status, notice: None }
    }
}

/// The value of member `name` among a form's `values` ("" when it has none).
pub fn value_in<'v>(values: &'v [(&'static str, String)], name: &str) -> &'v str {
    values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/customers", get(home))
        .merge(companies::routes())
        .merge(contacts::routes())
        .merge(groups::routes())
        .merge(bin::routes())
        .merge(pick::routes())
}

/// 客户 starts at the companies in a 2B account, at the contacts in a 2C one.
async fn home(State(state): State<AppState>, user: ConsoleUser) -> Response {
    match state.app().contacts().mode(&user.caller()).await {
        Ok(CustomerMode::Consumer) => layout::redirect("/console/contacts"),
        Ok(_) => layout::redirect("/console/companies"),
        Err(error) => layout::error_page(Some(&user), error),
    }
}

/// `?q=…&page=…&notice=…` of a list.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub q: Option<String>,
    pub page: Option<String>,
    pub notice: Option<String>,
    /// The company a new contact is for (from a company's page).
    pub company: Option<String>,
}

impl ListQuery {
    pub fn text(&self) -> &str {
        self.q.as_deref().map(str::trim).unwrap_or("")
    }

    pub fn page(&self) -> Result<PageRequest, AppError> {
        let per_page = PER_PAGE.to_string();
        PageRequest::parse(self.page.as_deref().filter(|p| !p.is_empty()), Some(&per_page), PER_PAGE)
            .map_err(|(field, message)| AppError::field(field, message))
    }
}

/// The sub-navigation of the customer pages.
pub fn tabs(mode: CustomerMode, user: &ConsoleUser, active: &str) -> Markup {
    let mut entries = Vec::new();
    if mode != CustomerMode::Consumer {
        entries.push(("/console/companies", "公司"));
    }
    entries.push(("/console/contacts", "联系人"));
    entries.push(("/console/customer-groups", "客户分组"));
    if user.is_admin {
        entries.push(("/console/customers/bin", "回收站"));
    }
    html! {
        nav.tabs aria-label="客户" {
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

/// A search box over a list.
pub fn search_form(action: &str, query: &ListQuery, label: &str, hint: &str) -> Markup {
    html! {
        form.search method="get" action=(action) role="search" {
            div.field {
                label for="f-q" { (label) }
                input #f-q type="search" name="q" value=(query.text()) aria-describedby="f-q-hint";
                p.hint #f-q-hint { (hint) }
            }
            div.actions {
                button type="submit" { "搜索" }
                @if !query.text().is_empty() { a href=(action) { "清除" } }
            }
        }
    }
}

/// Reads one member of a form with the API's parser; a problem is named by the member.
pub fn member<T>(
    fields: &Fields,
    key: &str,
    problems: &mut Vec<FieldError>,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Option<T> {
    let raw = fields.get(key)?;
    match parse(raw) {
        Ok(value) => Some(value),
        Err(message) => {
            problems.push(FieldError::new(key, message));
            None
        }
    }
}

/// A refusal's problems by form field: members keep their API names, custom values are
/// `cf_N`; labels from `label`.
pub fn form_errors(error: &AppError, definitions: &[CustomField], label: impl Fn(&str) -> &'static str) -> FormErrors {
    let mut errors = form_problems(error, definitions, label);
    // A value another record holds (409): said for the member, not as the agents' words.
    if error.code == ErrorCode::Conflict {
        for (name, _, message) in &mut errors.fields {
            let taken = match name.as_str() {
                "companyName" => "本账号已有同名的公司。",
                "uniqueId" => "已是本账号另一位联系人的外部编号。",
                "default" => "另一位联系人刚刚成为这家公司的默认联系人，请重新提交。",
                _ => continue,
            };
            *message = taken.to_owned();
        }
    }
    errors
}

fn form_problems(error: &AppError, definitions: &[CustomField], label: impl Fn(&str) -> &'static str) -> FormErrors {
    FormErrors::from_app(error, |api| {
        if let Some(key) = api.strip_prefix("custom_fields.")
            && let Ok(number) = kefu_domain::custom_field::parse_field_key(key)
        {
            let number = i64::from(number);
            let title = definitions.iter().find(|f| f.number == number).map(|f| f.title.clone());
            return (custom_name(number), title.unwrap_or_else(|| key.to_owned()));
        }
        (api.to_owned(), format!("{} ({api})", label(api)))
    })
}
