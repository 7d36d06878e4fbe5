//! The API, driven over HTTP against a real server and database. One test binary, so
//! the suite links once.

mod support;

mod permissions;
mod presence;
mod presence_concurrency;
mod presence_states;
mod seed_examples;
