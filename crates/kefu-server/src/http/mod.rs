//! HTTP plumbing every edge shares: authentication, extractors, error rendering, absolute
//! links, the listener, the sign-in throttle, the client's address, cross-site refusals,
//! strict JSON, the headers every answer carries, the access log, sign-in warnings and
//! metrics.

pub(crate) mod access_log;
pub(crate) mod audit;
pub(crate) mod auth;
pub mod client_address;
pub(crate) mod cross_site;
pub(crate) mod error;
pub(crate) mod extract;
pub(crate) mod headers;
pub(crate) mod links;
pub(crate) mod listener;
pub(crate) mod metrics;
pub(crate) mod request_id;
pub(crate) mod sign_in_log;
pub(crate) mod strict_json;
pub(crate) mod throttle;
