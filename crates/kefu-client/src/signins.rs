//! Sign-ins (签到): `POST /api/v1/signin.json` (the caller signs in) and
//! `GET /api/v1/signin.json` (administrators list them).

use kefu_api::{Coded, SignIn, SignInCreated, SignInCreatedEnvelope, SignInPage};
use reqwest::Method;
use serde_json::json;

use crate::{ActivityQuery, Client, Query, Result};

/// The sign-in endpoints: `client.signins()`.
pub struct Signins<'c>(pub(crate) &'c Client);

/// The list's filters: one agent (`s_id`), a time range, the order of `checkinTime`.
pub type SignInQuery = ActivityQuery;

/// A sign-in and its attachments: `kefu_api`'s request shapes.
pub use kefu_api::{NewSignIn, SignInAttachment};

impl Signins<'_> {
    /// One page; `next_page` is `""` on the last.
    pub async fn list(&self, query: &SignInQuery) -> Result<Coded<SignInPage>> {
        self.0.get(self.0.api(&["signin.json"]), &query.query()).await
    }

    pub async fn list_all(&self, query: &SignInQuery) -> Result<Vec<SignIn>> {
        let first = self.list(query).await?;
        self.0.collect_pages(first).await
    }

    /// The caller signs in.
    pub async fn create(&self, sign_in: &NewSignIn) -> Result<SignInCreated> {
        let body = json!({ "signIn": sign_in });
        let url = self.0.api(&["signin.json"]);
        let answer: SignInCreatedEnvelope = self.0.send(Method::POST, url, &Query::new(), Some(&body)).await?;
        Ok(answer.sign_in.data)
    }
}
