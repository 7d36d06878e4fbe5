//! What the customer pages do with a use case's answer, the same for companies and
//! contacts: the record or a 404 page naming the id asked, a write audited and redirected.

use axum::response::Response;
use kefu_api::ErrorCode;
use kefu_app::AppError;

use crate::console::csrf::ConsoleForm;
use crate::console::layout;
use crate::console::session::ConsoleUser;
use crate::state::AppState;

/// The record found, or the page saying why not (`unknown` for an id that is not one).
pub(super) fn found<T>(
    user: &ConsoleUser,
    result: Result<T, AppError>,
    unknown: impl FnOnce() -> Response,
) -> Result<T, Response> {
    match result {
        Ok(found) => Ok(found),
        Err(error) if error.code == ErrorCode::NotFound => Err(unknown()),
        Err(error) => Err(layout::error_page(Some(user), error)),
    }
}

/// Whether a refused write shows its form again, the problems beside the fields: a 400,
/// or a 409 that names the field taken (a company name, a contact's remote id).
pub(super) fn reshown(error: &AppError) -> bool {
    error.code.status() == 400 || (error.code == ErrorCode::Conflict && !error.problems.is_empty())
}

/// A write with no form to show again: audited and redirected to `done` when it worked.
pub(super) async fn written<T>(
    state: &AppState,
    form: &ConsoleForm,
    result: Result<T, AppError>,
    done: &str,
    unknown: impl FnOnce() -> Response,
) -> Response {
    match found(&form.user, result, unknown) {
        Ok(_) => {
            form.audit(state).await;
            layout::redirect(done)
        }
        Err(response) => response,
    }
}
