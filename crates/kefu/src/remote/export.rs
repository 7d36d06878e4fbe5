//! `kefu agents export`: the agents as CSV, with the columns import reads back — Chinese
//! headers with 女/男, 是/否 and group names (portable to another company that has groups of
//! those names), or the API's field names with its codes and group ids.

use std::io::Write;

use anyhow::{Context, Result};
use kefu_api::Support;
use kefu_client::{AgentListQuery, Client};

use super::args::{ExportArgs, HeaderStyle};
use super::directory::{Directory, cell_of};
use super::draft::{COLUMNS, Column};
use super::table::{gender_label, yes_no};
use super::visibility;

pub async fn run(client: &Client, args: &ExportArgs) -> Result<()> {
    let directory = Directory::load(client).await?;
    let query = AgentListQuery { status: visibility(args.status), ..AgentListQuery::default() };
    let agents = client.agents().list_all(&query).await?;

    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => {
            Box::new(std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    if args.bom {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let chinese = args.headers == HeaderStyle::Chinese;
    // Passwords are never sent by the API, so there is no password column.
    let columns: Vec<&(Column, &str, &str, &[&str])> = COLUMNS.iter().filter(|c| c.0 != Column::Password).collect();
    let mut writer = csv::Writer::from_writer(out);
    let mut headers: Vec<String> =
        columns.iter().map(|(_, api, zh, _)| if chinese { (*zh).to_owned() } else { (*api).to_owned() }).collect();
    headers.extend(directory.fields.iter().map(|f| if chinese { f.wire.title.clone() } else { f.wire.key.clone() }));
    writer.write_record(&headers)?;
    for agent in &agents {
        let mut row: Vec<String> =
            columns.iter().map(|(column, ..)| cell(agent, column, chinese, &directory)).collect();
        row.extend(directory.fields.iter().map(|field| {
            agent.custom_fields.iter().find(|v| v.key == field.wire.key).map_or_else(String::new, |v| cell_of(&v.value))
        }));
        writer.write_record(&row)?;
    }
    writer.flush()?;
    if let Some(path) = &args.output {
        eprintln!("kefu: exported {} agents to {}", agents.len(), path.display());
    }
    Ok(())
}

fn cell(agent: &Support, column: &Column, chinese: bool, directory: &Directory) -> String {
    let text = match column {
        Column::Login => &agent.passport_name,
        Column::JobNumber => &agent.job_number,
        Column::Name => &agent.name,
        Column::Email => &agent.email,
        Column::FixNumber => &agent.fixnumber,
        Column::Mobile => &agent.mobile,
        Column::Qq => &agent.qq,
        Column::Gender if chinese => gender_label(&agent.gnder),
        Column::Gender => &agent.gnder,
        Column::Admin if chinese => yes_no(&agent.is_admin),
        Column::Admin => &agent.is_admin,
        Column::Groups(_) if chinese => return directory.group_names(&agent.group_id),
        Column::Groups(_) => &agent.group_id,
        Column::Password | Column::Custom(_) | Column::Ignored => "",
    };
    text.to_owned()
}
