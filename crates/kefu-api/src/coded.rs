//! The envelope of the seed's newer modules (sign-ins, schedules):
//! `{"code":"0","message":"success","data":{…}}`.

use serde::{Deserialize, Serialize};

/// `code` is `"0"` on success; `message` is `"success"` or `"ok"`, as each example shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coded<T> {
    pub code: String,
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
