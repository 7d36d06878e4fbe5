//! The client commands: `kefu agents|schedules|signins …` talk to a running server through
//! `kefu-client`, print tables for people and JSON for scripts, and fail with the API's
//! own message.

pub mod agents;
pub mod args;
mod customer_custom;
mod customer_sheet;
mod customer_writes;
pub mod customers;
mod directory;
mod draft;
mod export;
mod import;
pub mod schedules;
pub mod settings;
mod sheet;
pub mod signins;
mod table;
pub mod tickets;

use std::io::IsTerminal;

use anyhow::{Context, Result, bail};
use kefu_client::{Auth, Client};
use serde::Serialize;

use args::{Connection, OrderArg, StatusArg};

/// A client for the connection's server and credentials: a token if one is given, else
/// the account and password.
pub fn connect(connection: &Connection) -> Result<Client> {
    let auth = match (&connection.token, &connection.account, &connection.password) {
        (Some(token), _, _) => Auth::Bearer(token.clone()),
        (None, Some(account), Some(password)) => Auth::Basic { account: account.clone(), password: password.clone() },
        // On a terminal, ask (without echo) rather than have the password typed into the
        // shell's history; a script must give it.
        (None, Some(account), None) if std::io::stdin().is_terminal() => {
            let password = rpassword::prompt_password(format!("kefu: password of {account} at {}: ", connection.url))
                .context("cannot read the password from the terminal")?;
            Auth::Basic { account: account.clone(), password }
        }
        (None, Some(_), None) => bail!("--account needs --password (or KEFU_PASSWORD), or a terminal to ask on"),
        (None, None, _) => {
            bail!("who is asking? give --account and --password (or KEFU_ACCOUNT and KEFU_PASSWORD), or --token")
        }
    };
    Ok(Client::new(&connection.url, auth)?)
}

/// Pretty JSON on stdout.
pub fn print_json(value: &impl Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn order(arg: Option<OrderArg>) -> Option<kefu_client::Order> {
    arg.map(|order| match order {
        OrderArg::Asc => kefu_client::Order::Asc,
        OrderArg::Desc => kefu_client::Order::Desc,
    })
}

fn visibility(status: StatusArg) -> Option<kefu_client::Visibility> {
    match status {
        StatusArg::Active => Some(kefu_client::Visibility::Active),
        StatusArg::Hidden => Some(kefu_client::Visibility::RecycleBin),
        StatusArg::All => None,
    }
}
