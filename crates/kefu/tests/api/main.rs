//! The API, driven over HTTP against a real server and database. One test binary, so
//! the suite links once.

mod support;

mod agents;
mod audit;
mod authorization;
mod backup;
mod cli;
mod client;
mod company;
mod connections;
mod console;
mod console_browser;
mod console_pages;
mod cross_site;
mod custom_fields;
mod deep_pages;
mod groups;
mod hardening;
mod input_hygiene;
mod limits;
mod listing;
mod lockout;
mod oauth;
mod observability;
mod openapi;
mod operator_cli;
mod permissions;
mod presence;
mod presence_concurrency;
mod presence_states;
mod readme;
mod reliability;
mod remote_cli;
mod remote_cli_daily;
mod roles;
mod scale_out;
mod schedules;
mod schema;
mod seed_examples;
mod signins;
mod tenancy;
mod ticket_templates;
mod tickets;
mod validation;
