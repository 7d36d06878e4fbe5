//! The API, driven over HTTP against a real server and database. One test binary, so
//! the suite links once.

mod support;

mod schedules;
mod seed_examples;
mod signins;
