//! `kefu`: the server and its operator commands.

mod apikey;
mod backup;
mod cli;
mod copy;
mod database;
mod json_log;
mod log_writer;
mod observability;
mod remote;
mod serve;
mod tenant;

use clap::Parser;

use crate::cli::{ApiKeyCommand, Cli, Command, TenantCommand};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    return_large_allocations_to_the_system();
    let cli = Cli::parse();
    let _log_flusher = match observability::init_logging(cli.log_format) {
        Ok(flusher) => flusher,
        Err(error) => {
            eprintln!("kefu: {error:#}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let outcome = match cli.command {
        Command::Serve(args) => serve::run(args).await,
        Command::Migrate(args) => tenant::migrate(args).await,
        Command::Copy(args) => copy::run(args).await,
        Command::Backup(args) => backup::backup(args).await,
        Command::Restore(args) => backup::restore(args).await,
        Command::Apikey(ApiKeyCommand::Create(args)) => apikey::create(args).await,
        Command::Apikey(ApiKeyCommand::List(args)) => apikey::list(args).await,
        Command::Apikey(ApiKeyCommand::Revoke(args)) => apikey::revoke(args).await,
        Command::Tenant(TenantCommand::Create(args)) => tenant::create(args).await,
        Command::Tenant(TenantCommand::DefaultPassword(args)) => tenant::default_password(args).await,
        Command::Tenant(TenantCommand::TimeZone(args)) => tenant::time_zone(args).await,
        Command::Tenant(TenantCommand::ResetPassword(args)) => tenant::reset_password(args).await,
        Command::Agents(args) => remote::agents::run(args).await,
        Command::Schedules(args) => remote::schedules::run(args).await,
        Command::Signins(args) => remote::signins::run(args).await,
        Command::Settings(args) => remote::settings::run(args).await,
        Command::Customers(args) => remote::customers::run(args).await,
        Command::Tickets(args) => remote::tickets::run(args).await,
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kefu: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// "1 agent", "2 agents": a count with the noun that fits it.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Password hashing works on ~19 MiB blocks. glibc serves the first from mmap, then raises
/// its mmap threshold to that size, so later blocks come from the heap and stay resident
/// after they are freed: ~20 MiB of idle memory for nothing. A fixed threshold keeps large
/// blocks on mmap, returned to the system when freed.
fn return_large_allocations_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator tunable (glibc takes its own lock), and 1 MiB is
    // a valid M_MMAP_THRESHOLD; no memory is touched.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}
