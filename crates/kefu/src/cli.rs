//! The command line: flags with environment fallbacks, no config file needed.

use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand};

use crate::remote::args::{AgentsArgs, SchedulesArgs, SigninsArgs};

#[derive(Parser)]
#[command(name = "kefu", version, about = "A self-hosted server for the Bangwo8 (帮我吧) helpdesk data API")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Log lines as text, or as one JSON object each (for log shippers).
    #[arg(long, global = true, env = "KEFU_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: crate::observability::LogFormat,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the API server (migrates the database first).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate(DatabaseArgs),
    /// Manage tenants (company accounts).
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Copy a whole SQLite installation into an empty PostgreSQL database.
    Copy(CopyArgs),
    /// Write a consistent copy of a SQLite database, also while the server runs.
    Backup(crate::backup::BackupArgs),
    /// Put a backup in place of a SQLite database (with the server stopped).
    Restore(crate::backup::RestoreArgs),
    /// Manage API key pairs (SecretID + secret) for OAuth2 client credentials.
    #[command(subcommand)]
    Apikey(ApiKeyCommand),
    /// Agents on a running server: list, show, create, update, delete, search, import, export.
    Agents(AgentsArgs),
    /// Schedules (排班) on a running server: list, create, update, delete.
    Schedules(SchedulesArgs),
    /// Sign-ins (签到) on a running server: list, create.
    Signins(SigninsArgs),
    /// Customers (客户) on a running server: import and export companies and contacts.
    Customers(crate::remote::customers::CustomersArgs),
    /// Tickets (工单) on a running server: list, show, create, reply, search.
    Tickets(crate::remote::tickets::TicketsArgs),
    /// The company's helpdesk settings on a running server: 2B/2C, auto-close days.
    Settings(crate::remote::settings::SettingsArgs),
}

#[derive(Subcommand)]
pub enum ApiKeyCommand {
    /// Create a key pair owned by an administrator; prints the SecretID and the secret once.
    Create(ApiKeyCreateArgs),
    /// List the live key pairs of an administrator's company (never their secrets).
    List(ApiKeyOwnerArgs),
    /// Revoke a key pair: every token minted from it stops working at once.
    Revoke(ApiKeyRevokeArgs),
}

#[derive(Args)]
pub struct ApiKeyOwnerArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// The login of an active administrator of the company.
    #[arg(long)]
    pub account: String,
}

#[derive(Args)]
pub struct ApiKeyCreateArgs {
    #[command(flatten)]
    pub owner: ApiKeyOwnerArgs,
    /// A label, e.g. "CRM sync".
    #[arg(long)]
    pub name: String,
}

#[derive(Args)]
pub struct ApiKeyRevokeArgs {
    #[command(flatten)]
    pub owner: ApiKeyOwnerArgs,
    /// The key's id (from `kefu apikey list`).
    #[arg(long)]
    pub id: i64,
}

#[derive(Args)]
pub struct CopyArgs {
    /// The SQLite database to copy, e.g. sqlite://kefu.db.
    #[arg(long)]
    pub from: String,
    /// The PostgreSQL database to fill (migrated if needed; must hold no data yet).
    #[arg(long)]
    pub to: String,
}

#[derive(Args, Clone)]
pub struct DatabaseArgs {
    /// sqlite://FILE or postgres://USER@HOST/DB. Only serve and migrate create a missing file.
    #[arg(long, env = "KEFU_DATABASE_URL", default_value = "sqlite://kefu.db")]
    pub database: String,
    /// Database connections to keep at most (per pool).
    #[arg(long, env = "KEFU_DB_CONNECTIONS", default_value_t = 8)]
    pub db_connections: u32,
}

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "KEFU_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// Base URL for links in answers (url, next_page, Location), e.g. https://kefu.example.com.
    /// Without it, the request's Host header is used.
    #[arg(long, env = "KEFU_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Seconds a request may take before it is answered 503.
    #[arg(long, env = "KEFU_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,
    /// Seconds an OAuth2 access token lives.
    #[arg(long, env = "KEFU_TOKEN_TTL", default_value_t = kefu_domain::limits::DEFAULT_TOKEN_TTL_SECONDS)]
    pub token_ttl: u64,
    /// Failed sign-ins for one account from one client address before 429s with growing
    /// delays (1 s, 2 s, 4 s… up to the window).
    #[arg(long, env = "KEFU_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS", default_value_t = 5)]
    pub login_failures_per_account_and_address: u32,
    /// Failed sign-ins for one account from all addresses before growing delays, for
    /// addresses that have not signed in to it lately.
    #[arg(long, env = "KEFU_LOGIN_FAILURES_PER_ACCOUNT", default_value_t = 50)]
    pub login_failures_per_account: u32,
    /// Failed sign-ins from one client address (all accounts) before growing delays.
    #[arg(long, env = "KEFU_LOGIN_FAILURES_PER_ADDRESS", default_value_t = 100)]
    pub login_failures_per_address: u32,
    /// Seconds after the last failure that a count is forgotten (also the longest delay).
    #[arg(long, env = "KEFU_LOGIN_WINDOW", default_value_t = 300)]
    pub login_window: u64,
    /// Reverse proxies whose X-Forwarded-For / Forwarded client addresses are believed:
    /// CIDRs or addresses, repeatable or comma-separated (e.g. 10.0.0.0/8,::1).
    #[arg(long = "trusted-proxy", env = "KEFU_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
    /// Open connections at most; more wait in the listen backlog.
    #[arg(long, env = "KEFU_MAX_CONNECTIONS", default_value_t = 10_000)]
    pub max_connections: usize,
    /// Open connections one client address (an IPv6 /64) may hold; default a tenth of
    /// --max-connections, at least 32. Trusted proxies are exempt.
    #[arg(long, env = "KEFU_MAX_CONNECTIONS_PER_ADDRESS")]
    pub max_connections_per_address: Option<usize>,
    /// Seconds a client has to send a request's headers, from connecting or from its
    /// previous answer (silent and idle keep-alive connections are closed after it).
    #[arg(long, env = "KEFU_HEADER_TIMEOUT", default_value_t = 30)]
    pub header_timeout: u64,
    /// Bytes of a request body; larger ones get 413.
    #[arg(long, env = "KEFU_MAX_BODY_BYTES", default_value_t = kefu_domain::limits::MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
    /// Ids in one show_many call.
    #[arg(long, env = "KEFU_MAX_SHOW_MANY_IDS", default_value_t = kefu_domain::limits::MAX_SHOW_MANY_IDS)]
    pub max_show_many_ids: usize,
    /// Characters of a search query.
    #[arg(long, env = "KEFU_MAX_QUERY_CHARS", default_value_t = kefu_domain::limits::MAX_SEARCH_QUERY_CHARS)]
    pub max_query_chars: usize,
    /// Schedules one POST /schedules.json may create.
    #[arg(long, env = "KEFU_MAX_SCHEDULES_PER_BATCH", default_value_t = kefu_domain::limits::MAX_SCHEDULES_PER_BATCH)]
    pub max_schedules_per_batch: usize,
    /// Seconds requests in flight get to finish after SIGINT/SIGTERM.
    #[arg(long, env = "KEFU_SHUTDOWN_GRACE", default_value_t = 10)]
    pub shutdown_grace: u64,
    #[command(flatten)]
    pub metrics: crate::observability::MetricsArgs,
}

#[derive(Subcommand)]
pub enum TenantCommand {
    /// Create a tenant with its administrator; prints the administrator's sId.
    Create(TenantCreateArgs),
    /// Set the password agents created without one receive.
    DefaultPassword(TenantPasswordArgs),
    /// Set the time zone a tenant's datetimes are shown in.
    TimeZone(TenantZoneArgs),
    /// Set a new password for an agent (printed once if generated) and end its console
    /// sessions and access tokens.
    ResetPassword(TenantResetArgs),
}

#[derive(Args)]
pub struct TenantCreateArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// The administrator's login (sPassportName).
    #[arg(long)]
    pub account: String,
    /// The administrator's password.
    #[arg(long, env = "KEFU_TENANT_PASSWORD", hide_env_values = true)]
    pub admin_password: String,
    /// The company's name (defaults to the account).
    #[arg(long)]
    pub name: Option<String>,
    /// IANA time zone for the tenant's datetimes.
    #[arg(long, default_value = kefu_domain::time::DEFAULT_TIME_ZONE)]
    pub time_zone: String,
    /// Password for agents created without one; generated and printed once if not given.
    #[arg(long, env = "KEFU_DEFAULT_AGENT_PASSWORD", hide_env_values = true)]
    pub default_agent_password: Option<String>,
    /// Create the SQLite file if it does not exist (otherwise refused).
    #[arg(long)]
    pub create_database: bool,
}

#[derive(Args)]
pub struct TenantPasswordArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// The login of any agent of the tenant (e.g. its administrator).
    #[arg(long)]
    pub account: String,
    /// The new default agent password.
    #[arg(long, env = "KEFU_DEFAULT_AGENT_PASSWORD", hide_env_values = true)]
    pub default_agent_password: String,
}

#[derive(Args)]
pub struct TenantResetArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// The login of the agent whose password is reset.
    #[arg(long)]
    pub account: String,
    /// The new password; generated and printed once if not given.
    #[arg(long, env = "KEFU_NEW_PASSWORD", hide_env_values = true)]
    pub new_password: Option<String>,
}

#[derive(Args)]
pub struct TenantZoneArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// The login of any agent of the tenant (e.g. its administrator).
    #[arg(long)]
    pub account: String,
    /// IANA time zone, e.g. Asia/Shanghai.
    #[arg(long)]
    pub time_zone: String,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
