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
