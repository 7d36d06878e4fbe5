//! The API, driven over HTTP against a real server and database. One test binary, so
//! the suite links once.

mod support;

mod agents;
mod audit;
mod authorization;
mod backup;
mod cli;
mod client;
mod console;
mod console_browser;
mod console_pages;
mod custom_fields;
mod deep_pages;
mod groups;
mod limits;
mod listing;
mod oauth;
mod observability;
mod openapi;
mod permissions;
mod presence;
mod presence_concurrency;
mod presence_states;
mod reliability;
mod remote_cli;
mod roles;
mod scale_out;
mod schedules;
mod seed_examples;
mod signins;
mod tenancy;
mod validation;
