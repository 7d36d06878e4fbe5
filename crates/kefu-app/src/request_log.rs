//! The id of the request being answered, for the use cases' own log lines (a store error is
//! logged here, where its detail is known, and must be findable beside the request's
//! access-log line). The HTTP layer scopes it around each request; elsewhere (the CLI, the
//! background tasks) there is none.

tokio::task_local! {
    static REQUEST_ID: String;
}

/// Runs `work` as the request `id`.
pub async fn scope<F: Future>(id: String, work: F) -> F::Output {
    REQUEST_ID.scope(id, work).await
}

/// The id of the request being answered, if any.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}
