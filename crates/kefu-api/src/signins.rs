//! Sign-ins (签到): the `signIn` objects of `GET` and `POST /api/v1/signin.json`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::coded::Coded;

/// One sign-in in the list, in the seed's order. Fields that were not given are left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SignIn {
    pub name: String,
    #[serde(rename = "sNum")]
    pub job_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// The attachments' URLs joined by commas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(rename = "checkinTime")]
    pub checkin_time: String,
    /// `address,经度:LNG、纬度:LAT`.
    #[serde(rename = "clockingPoint")]
    pub clocking_point: String,
}

/// Where an agent signed in, as sent and answered by `POST`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SignInPlace {
    pub address: String,
    pub landmark: String,
    pub latitude: String,
    pub longitude: String,
}

/// The sign-in `POST` answers with: the list's fields, but `current` instead of
/// `clockingPoint`, as the seed shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SignInCreated {
    pub name: String,
    #[serde(rename = "sNum")]
    pub job_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(rename = "checkinTime")]
    pub checkin_time: String,
    pub current: SignInPlace,
}

/// `{"signIn":{"code":"0","message":"success","data":{…}}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SignInCreatedEnvelope {
    #[serde(rename = "signIn")]
    pub sign_in: Coded<SignInCreated>,
}

/// The `data` of `GET /signin.json`: as the seed shows, `count` is a number and missing
/// page links are empty strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SignInPage {
    #[serde(rename = "signIn")]
    pub sign_in: Vec<SignIn>,
    pub count: u64,
    pub next_page: String,
    pub previous_page: String,
}

// ── Requests ─────────────────────────────────────────────────────────────────────────

/// One attachment of a sign-in: `{"fileName":…,"fileUrl":…}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInAttachment {
    #[serde(rename = "fileName")]
    #[schema(schema_with = crate::schema::text)]
    pub file_name: String,
    #[serde(rename = "fileUrl")]
    #[schema(schema_with = crate::schema::url)]
    pub file_url: String,
}

/// A sign-in of the caller (the body names no agent): where (`current`) and when
/// (`checkinTime`), with an optional remark, attachments and tags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSignIn {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::signin_remark)]
    pub remark: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(schema_with = crate::schema::signin_attachments)]
    pub attachments: Vec<SignInAttachment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(schema_with = crate::schema::signin_tags)]
    pub tags: Vec<String>,
    /// `YYYY-MM-DD HH:MM:SS` in the company's zone, or with an explicit UTC offset
    /// (`2017-09-12 10:12:22+08:00`, `2017-09-12T02:12:22Z`); at most a day ahead.
    #[serde(rename = "checkinTime")]
    #[schema(schema_with = crate::schema::text, example = "2017-09-12 10:12:22")]
    pub checkin_time: String,
    /// Where: `latitude` and `longitude` may be JSON numbers too.
    #[schema(schema_with = crate::schema::place)]
    pub current: SignInPlace,
}

/// `{"signIn":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SignInBody {
    #[serde(rename = "signIn")]
    pub sign_in: NewSignIn,
}

crate::schema::request_shapes!(SignInAttachment, NewSignIn, SignInPlace);
