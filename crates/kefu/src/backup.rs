//! `kefu backup` and `kefu restore`: a consistent copy of a SQLite database while the
//! server runs, and putting it back while it does not (see kefu-store's `backup.rs`).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

#[derive(Args)]
pub struct BackupArgs {
    /// The database to copy: sqlite://FILE (for PostgreSQL, the command says what to run).
    #[arg(long, env = "KEFU_DATABASE_URL", default_value = "sqlite://kefu.db")]
    pub database: String,
    /// The backup file to write (a SQLite database).
    #[arg(long)]
    pub output: PathBuf,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub overwrite: bool,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// A file written by `kefu backup`.
    #[arg(long)]
    pub input: PathBuf,
    /// The database to replace: sqlite://FILE (created if missing). Stop `kefu serve` first.
    #[arg(long, env = "KEFU_DATABASE_URL", default_value = "sqlite://kefu.db")]
    pub database: String,
}

pub async fn backup(args: BackupArgs) -> Result<()> {
    let database = kefu_store::redact(&args.database);
    let report =
        tokio::task::spawn_blocking(move || kefu_store::backup_sqlite(&args.database, &args.output, args.overwrite))
            .await
            .context("the backup task failed")??;
    println!(
        "kefu: backed up {database} to {} ({} bytes, integrity ok) in {} ms",
        report.file.display(),
        report.bytes,
        report.elapsed.as_millis()
    );
    Ok(())
}

pub async fn restore(args: RestoreArgs) -> Result<()> {
    let input = args.input.clone();
    let report = tokio::task::spawn_blocking(move || kefu_store::restore_sqlite(&args.input, &args.database))
        .await
        .context("the restore task failed")??;
    println!(
        "kefu: restored {} into {} ({} bytes, integrity ok) in {} ms; start kefu serve on it",
        input.display(),
        report.file.display(),
        report.bytes,
        report.elapsed.as_millis()
    );
    Ok(())
}
