//! `kefu agents …`: the agent endpoints from a terminal.

use std::io::{IsTerminal, Write};

use anyhow::{Result, bail};
use kefu_api::Support;
use kefu_client::{AgentListQuery, AgentSearchQuery, Client, SearchSort};

use super::args::{AgentFieldArgs, AgentListArgs, AgentSearchArgs, AgentsArgs, AgentsCommand, SortArg};
use super::directory::{Directory, group_ids};
use super::draft::{Column, Draft, Empty};
use super::{connect, export, import, order, print_json, table, visibility};
use crate::count;

pub async fn run(args: AgentsArgs) -> Result<()> {
    let client = connect(&args.connection)?;
    let json = args.connection.json;
    match args.command {
        AgentsCommand::List(list) => {
            let agents = list_agents(&client, &list).await?;
            show_agents(&client, &agents, json).await
        }
        AgentsCommand::Search(search) => {
            let agents = search_agents(&client, &search).await?;
            show_agents(&client, &agents, json).await
        }
        AgentsCommand::Show { s_id } => {
            let agent = client.agents().show(&s_id).await?;
            show_agent(&client, &agent, json).await
        }
        AgentsCommand::Create(create) => {
            let directory = directory_for(&client, &create.fields).await?;
            let mut draft = Draft::default();
            let mut problems = Vec::new();
            for (flag, column, value) in
                [("--login", Column::Login, &create.login), ("--job-number", Column::JobNumber, &create.job_number)]
            {
                if let Err(message) = draft.set(&column, value, Empty::NotGiven, &directory, false) {
                    problems.push(format!("{flag}: {message}"));
                }
            }
            apply_flags(&mut draft, &create.fields, &directory, Empty::NotGiven, &mut problems);
            for title in draft.missing_required(&directory) {
                problems.push(format!("--field {title}=…: is required"));
            }
            let fields = finish(draft, problems)?;
            let agent = client.agents().create(&fields).await?;
            show_agent(&client, &agent, json).await
        }
        AgentsCommand::Update { s_id, job_number, fields: flags } => {
            let directory = directory_for(&client, &flags).await?;
            let mut draft = Draft::default();
            let mut problems = Vec::new();
            if let Some(number) = &job_number
                && let Err(message) = draft.set(&Column::JobNumber, number, Empty::NotGiven, &directory, false)
            {
                problems.push(format!("--job-number: {message}"));
            }
            apply_flags(&mut draft, &flags, &directory, Empty::Clears, &mut problems);
            let fields = finish(draft, problems)?;
            if fields == kefu_client::AgentFields::default() {
                bail!("nothing to change: give the fields to change, e.g. --name 张三");
            }
            let agent = client.agents().update(&s_id, &fields).await?;
            show_agent(&client, &agent, json).await
        }
        AgentsCommand::Delete { s_id, yes } => {
            if !yes {
                confirm_deletion(&client, &s_id).await?;
            }
            let agent = client.agents().delete(&s_id).await?;
            if json {
                return print_json(&agent);
            }
            println!("deleted agent {} ({})", agent.s_id, agent.passport_name);
            Ok(())
        }
        AgentsCommand::Hide { s_id } => {
            let status = client.agents().hide(&s_id).await?;
            if json { print_json(&status) } else { say(format!("agent {} is in the recycle bin", status.s_id)) }
        }
        AgentsCommand::Restore { s_id } => {
            let status = client.agents().restore(&s_id).await?;
            if json { print_json(&status) } else { say(format!("agent {} is active again", status.s_id)) }
        }
        AgentsCommand::Import(import) => import::run(&client, &import, json).await,
        AgentsCommand::Export(export) => export::run(&client, &export).await,
    }
}

/// Deleting cannot be undone: on a terminal, ask with the agent named; elsewhere (a
/// script) only --yes deletes.
async fn confirm_deletion(client: &Client, s_id: &str) -> Result<()> {
    if !std::io::stdin().is_terminal() {
        bail!("deleting agent {s_id} cannot be undone: give --yes to delete it without a terminal to ask on");
    }
    let agent = client.agents().show(s_id).await?;
    eprint!("kefu: delete agent {} ({} {})? It cannot be undone. [y/N] ", agent.s_id, agent.passport_name, agent.name);
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "是") { Ok(()) } else { bail!("nothing deleted") }
}

fn say(line: String) -> Result<()> {
    println!("{line}");
    Ok(())
}

async fn list_agents(client: &Client, args: &AgentListArgs) -> Result<Vec<Support>> {
    let query = AgentListQuery {
        created_start: args.created_start.clone(),
        created_end: args.created_end.clone(),
        created_order: order(args.order),
        status: visibility(args.status),
        page: args.paging.page,
        per_page: args.paging.per_page,
    };
    Ok(match args.paging.page {
        Some(_) => client.agents().list(&query).await?.supports,
        None => client.agents().list_all(&query).await?,
    })
}

async fn search_agents(client: &Client, args: &AgentSearchArgs) -> Result<Vec<Support>> {
    let query = AgentSearchQuery {
        sort_by: args.sort_by.map(|sort| match sort {
            SortArg::Created => SearchSort::Created,
            SortArg::Updated => SearchSort::Updated,
        }),
        sort_order: order(args.order),
        page: args.paging.page,
        per_page: args.paging.per_page,
        ..AgentSearchQuery::new(&args.query)
    };
    Ok(match args.paging.page {
        Some(_) => client.agents().search(&query).await?.supports,
        None => client.agents().search_all(&query).await?,
    })
}

async fn show_agents(client: &Client, agents: &[Support], json: bool) -> Result<()> {
    if json {
        return print_json(&agents);
    }
    // Group names need an administrator; without them the table shows ids.
    let directory = Directory::load(client).await.ok();
    println!("{}", table::agents(agents, directory.as_ref()));
    println!("{}", count(agents.len() as u64, "agent", "agents"));
    Ok(())
}

async fn show_agent(client: &Client, agent: &Support, json: bool) -> Result<()> {
    if json {
        return print_json(agent);
    }
    let directory = Directory::load(client).await.ok();
    println!("{}", table::agent(agent, directory.as_ref()));
    Ok(())
}

/// The company's groups and fields when the flags name some; an agent changing their own
/// record (no groups, no custom fields) needs neither, nor an administrator's rights.
async fn directory_for(client: &Client, flags: &AgentFieldArgs) -> Result<Directory> {
    if flags.groups.is_some() || !flags.custom.is_empty() {
        return Directory::load(client).await;
    }
    Ok(Directory { groups: Vec::new(), fields: Vec::new() })
}

/// Checks each flag given and keeps its value; problems are collected, not returned early.
fn apply_flags(
    draft: &mut Draft,
    flags: &AgentFieldArgs,
    directory: &Directory,
    empty: Empty,
    problems: &mut Vec<String>,
) {
    let given = [
        ("--name", Column::Name, &flags.name),
        ("--gender", Column::Gender, &flags.gender),
        ("--email", Column::Email, &flags.email),
        ("--mobile", Column::Mobile, &flags.mobile),
        ("--fixnumber", Column::FixNumber, &flags.fixnumber),
        ("--qq", Column::Qq, &flags.qq),
        ("--admin", Column::Admin, &flags.admin),
        ("--groups", Column::Groups(super::directory::GroupNaming::Names), &flags.groups),
        ("--new-password", Column::Password, &flags.new_password),
    ];
    for (flag, column, value) in given {
        if let Some(value) = value
            && let Err(message) = draft.set(&column, value, empty, directory, false)
        {
            problems.push(format!("{flag}: {message}"));
        }
    }
    for custom in &flags.custom {
        let Some((key, value)) = custom.split_once('=') else {
            problems.push(format!("--field {custom:?}: must be KEY=VALUE, e.g. --field 级别=高级"));
            continue;
        };
        let Some(field) = directory.field(key.trim()) else {
            problems.push(format!("--field {key}: no such custom field (give field_N or its title)"));
            continue;
        };
        let column = Column::Custom(field.wire.key.clone());
        if let Err(message) = draft.set(&column, value, empty, directory, false) {
            problems.push(format!("--field {key}: {message}"));
        }
    }
}

/// The fields to send, or every problem at once.
fn finish(mut draft: Draft, problems: Vec<String>) -> Result<kefu_client::AgentFields> {
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    if let Some(groups) = &draft.groups {
        draft.fields.group_id = Some(group_ids(groups, &Default::default()));
    }
    Ok(draft.fields)
}
