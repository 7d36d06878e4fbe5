//! The command line: flags with environment fallbacks, no config file needed.

use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "kefu", version, about = "A self-hosted server for the Bangwo8 (帮我吧) helpdesk data API")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
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
}

#[derive(Args, Clone)]
pub struct DatabaseArgs {
    /// sqlite://FILE (created if missing) or postgres://USER@HOST/DB.
    #[arg(long, env = "KEFU_DATABASE_URL", default_value = "sqlite://kefu.db")]
    pub database: String,
    /// Database connections to keep at most.
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
    /// Seconds requests in flight get to finish after SIGINT/SIGTERM.
    #[arg(long, env = "KEFU_SHUTDOWN_GRACE", default_value_t = 10)]
    pub shutdown_grace: u64,
}

#[derive(Subcommand)]
pub enum TenantCommand {
    /// Create a tenant with its administrator; prints the administrator's sId.
    Create(TenantCreateArgs),
    /// Set the password agents created without one receive.
    DefaultPassword(TenantPasswordArgs),
    /// Set the time zone a tenant's datetimes are shown in.
    TimeZone(TenantZoneArgs),
}

#[derive(Args)]
pub struct TenantCreateArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// The administrator's login (sPassportName).
    #[arg(long)]
    pub account: String,
    /// The administrator's password.
    #[arg(long, env = "KEFU_TENANT_PASSWORD")]
    pub password: String,
    /// The company's name (defaults to the account).
    #[arg(long)]
    pub name: Option<String>,
    /// IANA time zone for the tenant's datetimes.
    #[arg(long, default_value = kefu_domain::time::DEFAULT_TIME_ZONE)]
    pub time_zone: String,
    /// Password for agents created without one.
    #[arg(long)]
    pub default_agent_password: Option<String>,
}

#[derive(Args)]
pub struct TenantPasswordArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// The login of any agent of the tenant (e.g. its administrator).
    #[arg(long)]
    pub account: String,
    /// The new default agent password.
    #[arg(long, env = "KEFU_DEFAULT_AGENT_PASSWORD")]
    pub password: String,
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
