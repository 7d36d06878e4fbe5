//! Sign-ins (签到): `POST /api/v1/signin.json` (the caller signs in) and
//! `GET /api/v1/signin.json` (administrators list them).

use kefu_api::{Coded, SignIn, SignInCreated, SignInCreatedEnvelope, SignInPage, SignInPlace};
use reqwest::Method;
use serde::Serialize;
use serde_json::json;

use crate::{ActivityQuery, Client, Query, Result};

/// The sign-in endpoints: `client.signins()`.
pub struct Signins<'c>(pub(crate) &'c Client);

/// The list's filters: one agent (`s_id`), a time range, the order of `checkinTime`.
pub type SignInQuery = ActivityQuery;

/// One attachment: `{"fileName":…,"fileUrl":…}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignInAttachment {
    #[serde(rename = "fileName")]
    pub file_name: String,
    #[serde(rename = "fileUrl")]
    pub file_url: String,
}

/// A sign-in: where (`current`) and when (`checkinTime`, `2017-09-12 10:12:22` in the
/// company's time zone), with an optional remark, attachments and tags.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewSignIn {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<SignInAttachment>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(rename = "checkinTime")]
    pub checkin_time: String,
    pub current: SignInPlace,
}

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
