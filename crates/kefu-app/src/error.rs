//! The one error a use case returns: a row of the error table ([`ErrorCode`]), a message,
//! and the fields it is about. Each edge renders it its own way — the API as its JSON
//! error body, the console next to the form's fields — and may pick its own words by the
//! code and the field names (the console's Chinese texts).
//!
//! Every "not found" answer has a constructor of its own here, saying which part of the
//! seed it follows: the hosted API answers a missing agent three different ways depending
//! on the endpoint, and kefu answers each as the seed shows it (docs/compat.md).

use kefu_api::ErrorCode;
use kefu_domain::schedule::DutyId;
use kefu_domain::{AgentId, FieldError, GroupId};
use kefu_store::{StoreError, UniqueConstraint};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// Each field's problem, when the error is about fields (`custom_fields.field_3`,
    /// `duty[1].sid`).
    pub problems: Vec<FieldError>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError { code, message: message.into(), problems: Vec::new() }
    }

    /// The row's own message, and these problems.
    fn coded(code: ErrorCode, problems: Vec<FieldError>) -> Self {
        AppError { code, message: code.default_message().to_owned(), problems }
    }

    /// A 400 listing every field problem of a request.
    pub fn invalid(problems: Vec<FieldError>) -> Self {
        let message = match problems.as_slice() {
            [one] => one.to_string(),
            many => format!(
                "{} problems: {}",
                many.len(),
                many.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
            ),
        };
        AppError { problems, ..AppError::new(ErrorCode::InvalidRequest, message) }
    }

    /// A 400 about one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::invalid(vec![FieldError::new(field, message)])
    }

    /// Fails with `problems`, if there are any.
    pub fn check(problems: Vec<FieldError>) -> Result<(), Self> {
        if problems.is_empty() { Ok(()) } else { Err(AppError::invalid(problems)) }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::new(ErrorCode::Forbidden, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::new(ErrorCode::Conflict, message)
    }

    pub fn internal() -> Self {
        AppError::new(ErrorCode::Internal, ErrorCode::Internal.default_message())
    }

    /// A plain 404 (`{"status":404,"message":…}`), for the resources the seed documents
    /// no code for, and kefu's own.
    pub fn not_found(message: impl Into<String>) -> Self {
        AppError::new(ErrorCode::NotFound, message)
    }

    /// **The agent endpoints** (`/supports…`, `/servicers…`): a plain 404. The seed's agent
    /// pages document no error code, so a missing agent is answered as every missing
    /// resource is.
    pub fn no_agent(id: AgentId) -> Self {
        AppError::not_found(format!("no agent with sId {id}"))
    }

    /// **The presence endpoints** (`plate_service_state`): the seed's error table gives
    /// 10011 该客服不存在 for an unknown agent, with its message verbatim (the seed's
    /// numbers are strings, so the code is too).
    pub fn agent_not_found() -> Self {
        AppError::coded(ErrorCode::AgentNotFound, Vec::new())
    }

    /// **Sign-ins and schedules** (`signin.json`, `schedules.json`), which the seed puts
    /// beside presence: its 10011, with `errors` naming each field that names a missing
    /// agent (`sId`, `duty[2].sid`).
    pub fn agents_not_found(problems: Vec<FieldError>) -> Self {
        AppError::coded(ErrorCode::AgentNotFound, problems)
    }

    /// **The permissions endpoints** (`permissions/{sId}.json`): HTTP 403 with exactly
    /// `{"status":403,"message":"The sId does not exist"}`, as the seed's example shows —
    /// no code, and not a 404.
    pub fn sid_does_not_exist() -> Self {
        AppError::forbidden("The sId does not exist")
    }

    /// Support groups (a kefu extension): a plain 404.
    pub fn no_group(id: GroupId) -> Self {
        AppError::not_found(format!("no support group with groupId {id}"))
    }

    /// Custom field definitions (a kefu extension): a plain 404; also the 400 of a search
    /// naming a field that is not defined, see [`AppError::undefined_search_field`].
    pub fn no_field(number: i64) -> Self {
        AppError::not_found(format!("no custom field field_{number} is defined for this company"))
    }

    /// A search by a custom field the company does not define: the search itself is fine
    /// as a path, so this is the query's 400, not a 404.
    pub fn undefined_search_field(number: i64) -> Self {
        AppError::field("query", format!("no custom field field_{number} is defined for this company"))
    }

    /// **Schedules** (`schedules.json?dutyId=…`): the seed documents no code for a missing
    /// schedule; a plain 404.
    pub fn no_schedule(id: DutyId) -> Self {
        AppError::not_found(format!("no schedule with dutyId {id} in this company"))
    }

    /// API key pairs (a kefu extension): a plain 404.
    pub fn no_api_key(id: i64) -> Self {
        AppError::not_found(format!("no API key with id {id}"))
    }

    /// The caller's own company, gone while the request ran.
    pub fn no_company() -> Self {
        AppError::not_found("no such company")
    }

    /// 10012 功能模块输入不正确: the seed's message, the detail in `errors`.
    /// An unknown ticket, or one the caller may not see (docs/compat.md, "Who sees what").
    pub fn no_ticket(id: kefu_domain::TicketId) -> Self {
        AppError::not_found(format!("no ticket with ticketId {id}"))
    }

    pub fn invalid_plate(field: &str, detail: impl Into<String>) -> Self {
        AppError::coded(ErrorCode::InvalidPlate, vec![FieldError::new(field, detail)])
    }

    /// 10013 输入的客服状态在后台无匹配值: the seed's message, the detail in `errors`.
    pub fn unknown_state(detail: impl Into<String>) -> Self {
        AppError::coded(ErrorCode::UnknownServiceState, vec![FieldError::new("state", detail)])
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

/// A "not found" from the store, answered as the resource's own answer; anything else as
/// [`From<StoreError>`] says.
pub(crate) trait OrNotFound<T> {
    fn or_not_found(self, missing: impl FnOnce() -> AppError) -> Result<T, AppError>;
}

impl<T> OrNotFound<T> for Result<T, StoreError> {
    fn or_not_found(self, missing: impl FnOnce() -> AppError) -> Result<T, AppError> {
        self.map_err(|error| match error {
            StoreError::NotFound => missing(),
            other => other.into(),
        })
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::not_found(ErrorCode::NotFound.default_message()),
            // Logins are unique across companies (Basic Auth names no company), but the
            // answer says no more than that this one cannot be used: not whether another
            // company has it.
            StoreError::Conflict { constraint: UniqueConstraint::AgentLogin, value } => AppError {
                problems: vec![FieldError::new("sPassportName", format!("{value:?} is not available"))],
                ..AppError::conflict(format!("sPassportName: the login {value:?} is not available; choose another"))
            },
            StoreError::Conflict { constraint, value } => {
                // The request's field each unique constraint guards.
                let (field, what) = match constraint {
                    UniqueConstraint::AgentLogin | UniqueConstraint::AgentJobNumber => {
                        ("sNum", "another agent of this company already has job number")
                    }
                    UniqueConstraint::GroupName => ("name", "another support group of this company is already named"),
                    UniqueConstraint::CompanyName => ("companyName", "another live company of this account is named"),
                    UniqueConstraint::ContactUniqueId => {
                        ("uniqueId", "another contact of this account has the remote id")
                    }
                    UniqueConstraint::CustomerGroupName => {
                        ("groupName", "another customer group of this type is already named")
                    }
                    UniqueConstraint::DefaultContact => {
                        ("default", "another contact was made the company's default contact meanwhile:")
                    }
                };
                AppError {
                    problems: vec![FieldError::new(field, format!("{value:?} is already taken"))],
                    ..AppError::conflict(format!("{field}: {what} {value:?}"))
                }
            }
            StoreError::UnknownGroups(ids) => {
                let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
                AppError::field("groupId", format!("no support group {} in this company", ids.join(", ")))
            }
            StoreError::UnknownCustomerGroups(ids) => {
                let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
                AppError::field(
                    "userGroup",
                    format!("no customer group {} of this type in this company", ids.join(", ")),
                )
            }
            StoreError::LastAdministrator => AppError::conflict(
                "this agent is the company's last active administrator: make another agent an administrator first",
            ),
            StoreError::Stale(message) => AppError::conflict(message),
            StoreError::Invalid { field, message } => AppError::field(field, message),
            StoreError::NoDefaultPassword => AppError::field(
                "password",
                "required: this company has no default agent password (an administrator sets one with PUT /api/v1/company.json)",
            ),
            StoreError::Unavailable(detail) => {
                tracing::warn!(%detail, request_id = crate::request_log::current(), "database unavailable");
                AppError::new(ErrorCode::Unavailable, ErrorCode::Unavailable.default_message())
            }
            other => {
                tracing::error!(error = %other, request_id = crate::request_log::current(), "store error");
                AppError::internal()
            }
        }
    }
}
