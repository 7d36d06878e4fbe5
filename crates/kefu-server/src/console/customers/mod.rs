//! Customers (客户): companies and contacts with search and paging, their forms with the
//! account's custom fields of each kind, a company's contacts, customer groups and the
//! recycle bin. Every page goes through the `kefu_app` use cases the API uses (companies,
//! contacts, customer_groups), so the roles are the API's: every agent reads, creates and
//! changes companies and contacts; deleting, restoring and the groups' writes are an
//! administrator's. A 2C account has no companies: their pages and columns are hidden.

mod bin;
mod choices;
mod companies;
mod contacts;
mod groups;
mod outcomes;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use kefu_app::AppError;
use kefu_app::custom_fields::CustomValue;
use kefu_app::customer_fields::EntityFields;
use kefu_domain::FieldError;
use kefu_domain::custom_field::{CustomField, FieldDefinition, FieldKind, FieldType};
use kefu_domain::customer::CustomerMode;
use kefu_domain::paging::PageRequest;
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::Value;

use super::csrf::Fields;
use super::layout::{self, FormErrors, Input};
use super::session::ConsoleUser;
use crate::state::AppState;

pub const PER_PAGE: u64 = 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/customers", get(home))
        .merge(companies::routes())
        .merge(contacts::routes())
        .merge(groups::routes())
        .merge(bin::routes())
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

/// The form field of custom field N.
pub fn custom_name(number: i64) -> String {
    format!("cf_{number}")
}

/// The custom values a form showed, as text (options by their text, as the old API
/// endpoints send them); "" clears a value.
pub fn custom_values(fields: &Fields, definitions: &EntityFields) -> Vec<CustomValue> {
    definitions
        .fields
        .iter()
        .filter_map(|f| {
            let raw = fields.get(&custom_name(f.number))?;
            let value = match serde_json::from_str::<Value>(raw) {
                Ok(path @ Value::Array(_)) => path,
                _ => Value::from(raw),
            };
            Some(CustomValue { number: f.number, value })
        })
        .collect()
}

/// A stored custom value as the text its input shows.
pub fn custom_text(stored: &[(i64, String)], number: i64) -> String {
    let Some((_, json)) = stored.iter().find(|(n, _)| *n == number) else { return String::new() };
    match serde_json::from_str::<Value>(json) {
        Ok(Value::String(text)) => text,
        Ok(Value::Null) => String::new(),
        Ok(other) => other.to_string(),
        Err(_) => json.clone(),
    }
}

/// The inputs of the account's custom fields of one kind.
pub fn custom_inputs(definitions: &[CustomField], values: &[(i64, String)], errors: &FormErrors) -> Markup {
    html! {
        @if !definitions.is_empty() {
            fieldset {
                legend { "自定义字段" }
                @for field in definitions {
                    @let name = custom_name(field.number);
                    @let value = values.iter().find(|(n, _)| *n == field.number).map(|(_, v)| v.clone()).unwrap_or_default();
                    @if let Some(definition) = single_valued(field) {
                        (super::agents::custom::widget(&definition, Some(&Value::from(value)), errors))
                    } @else {
                        @let input = Input::text(&name, &field.title, &value);
                        @if field.required { (input.required().render(errors)) } @else { (input.render(errors)) }
                    }
                }
            }
        }
    }
}

/// A field whose value is one form value, as the agents' definition their widgets take
/// (a select of a dropdown's options, a date input, a textarea, numeric text); the other
/// kinds keep a text input, which `custom_values` reads as it is.
fn single_valued(field: &CustomField) -> Option<FieldDefinition> {
    let FieldKind::Basic(
        field_type @ (FieldType::Dropdown
        | FieldType::Date
        | FieldType::Textarea
        | FieldType::Integer
        | FieldType::Decimal
        | FieldType::Text
        | FieldType::Regexp),
    ) = field.kind
    else {
        return None;
    };
    Some(FieldDefinition {
        number: field.number,
        title: field.title.clone(),
        field_type,
        required: field.required,
        settings: field.settings.base.clone(),
    })
}

/// The submitted custom values, to show again in a refused form.
pub fn submitted_custom(fields: &Fields, definitions: &[CustomField]) -> Vec<(i64, String)> {
    definitions.iter().map(|f| (f.number, fields.one(&custom_name(f.number)).to_owned())).collect()
}

/// The stored custom values as input texts.
pub fn stored_custom(stored: &[(i64, String)], definitions: &[CustomField]) -> Vec<(i64, String)> {
    definitions.iter().map(|f| (f.number, custom_text(stored, f.number))).collect()
}

/// A refusal's problems by form field: members keep their API names, custom values are
/// `cf_N`; labels from `label`.
pub fn form_errors(error: &AppError, definitions: &[CustomField], label: impl Fn(&str) -> &'static str) -> FormErrors {
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
