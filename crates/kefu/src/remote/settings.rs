//! `kefu settings show|set`: the company's helpdesk settings (2B/2C, auto-close days) on a
//! running server, through `helpdesk_settings.json`.

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use kefu_api::HelpdeskSettings;

use super::args::Connection;
use super::{connect, print_json, table};

#[derive(Args, Debug)]
pub struct SettingsArgs {
    #[command(flatten)]
    pub connection: Connection,
    #[command(subcommand)]
    pub command: SettingsCommand,
}

#[derive(Subcommand, Debug)]
pub enum SettingsCommand {
    /// Show the helpdesk settings (any agent).
    Show,
    /// Change them (administrators); settings not given stay as they are.
    Set {
        /// 2B (companies and their contacts) or 2C (contacts only).
        #[arg(long)]
        customer_mode: Option<String>,
        /// Days after which a solved ticket closes itself; 0 never (at most 365).
        #[arg(long)]
        auto_close_days: Option<u32>,
    },
}

pub async fn run(args: SettingsArgs) -> Result<()> {
    let client = connect(&args.connection)?;
    let settings = match args.command {
        SettingsCommand::Show => client.company().helpdesk().await?,
        SettingsCommand::Set { customer_mode, auto_close_days } => {
            if customer_mode.is_none() && auto_close_days.is_none() {
                bail!("nothing to change: give --customer-mode and/or --auto-close-days");
            }
            client.company().update_helpdesk(customer_mode.as_deref(), auto_close_days).await?
        }
    };
    if args.connection.json {
        return print_json(&settings);
    }
    println!("{}", table::record(rows(&settings)));
    Ok(())
}

fn rows(settings: &HelpdeskSettings) -> Vec<(String, String)> {
    vec![
        ("客户模式 (customerMode)".into(), settings.customer_mode.clone()),
        ("自动关闭天数 (autoCloseDays)".into(), settings.auto_close_days.clone()),
    ]
}
