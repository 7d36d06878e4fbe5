//! The envelope of the seed's newer modules (sign-ins, schedules):
//! `{"code":"0","message":"success","data":{…}}`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `code` is `"0"` on success; `message` is `"success"` or `"ok"`, as each example shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Coded<T> {
    #[schema(pattern = "^0$", example = "0")]
    pub code: String,
    #[schema(example = "success")]
    pub message: String,
    pub data: T,
}

impl<T> Coded<T> {
    /// `{"code":"0","message":"success","data":…}`.
    pub fn success(data: T) -> Self {
        Coded { code: "0".to_owned(), message: "success".to_owned(), data }
    }

    /// `{"code":"0","message":"ok","data":…}`.
    pub fn ok(data: T) -> Self {
        Coded { code: "0".to_owned(), message: "ok".to_owned(), data }
    }
}
