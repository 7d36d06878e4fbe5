//! `kefu schedules …`: schedules (排班) from a terminal.

use anyhow::{Context, Result, bail};
use kefu_api::Duty;
use kefu_client::{Client, NewDuty, ScheduleFields};

use super::args::{ScheduleFieldArgs, SchedulesArgs, SchedulesCommand};
use super::{connect, print_json, table};

pub async fn run(args: SchedulesArgs) -> Result<()> {
    let client = connect(&args.connection)?;
    let json = args.connection.json;
    match args.command {
        SchedulesCommand::List { from, to, agent } => {
            let to = to.unwrap_or_else(|| from.clone());
            let duty = client.schedules().list(&from, &to, agent.as_deref()).await?;
            show(&duty, json)
        }
        SchedulesCommand::Create(create) => {
            let (Some(start), Some(end)) = (&create.fields.start, &create.fields.end) else {
                bail!("a schedule needs --start and --end (HH:MM)");
            };
            let fields = fields(&create.fields, start, end);
            let entry = NewDuty { sid: create.agent.clone(), date: create.date.clone(), schedules: vec![fields] };
            let duty = client.schedules().create(&[entry]).await?;
            show(&duty, json)
        }
        SchedulesCommand::Update { duty_id, fields: flags } => {
            // The API replaces both times: fill in the ones not given from the schedule as it is.
            let (start, end) = match (&flags.start, &flags.end) {
                (Some(start), Some(end)) => (start.clone(), end.clone()),
                _ => {
                    let current = current(&client, &duty_id).await?;
                    (flags.start.clone().unwrap_or(current.start_time), flags.end.clone().unwrap_or(current.end_time))
                }
            };
            let duty = client.schedules().update(&duty_id, &fields(&flags, &start, &end)).await?;
            show(std::slice::from_ref(&duty), json)
        }
        SchedulesCommand::Delete { duty_id } => {
            let duty = client.schedules().delete(&duty_id).await?;
            if json {
                return print_json(&duty);
            }
            println!("deleted schedule {duty_id}");
            Ok(())
        }
    }
}

fn fields(flags: &ScheduleFieldArgs, start: &str, end: &str) -> ScheduleFields {
    ScheduleFields {
        name: flags.name.clone(),
        remark: flags.remark.clone(),
        url: flags.link.clone(),
        ..ScheduleFields::new(start, end)
    }
}

/// The schedule a dutyId (`sid_date_n`) names, as it is now.
async fn current(client: &Client, duty_id: &str) -> Result<kefu_api::DutySchedule> {
    let mut parts = duty_id.rsplitn(3, '_');
    let (Some(_), Some(date), Some(sid)) = (parts.next(), parts.next(), parts.next()) else {
        bail!("{duty_id:?} is not a dutyId (they look like 10591_2023-12-04_23)");
    };
    let duty = client.schedules().list(date, date, Some(sid)).await?;
    duty.into_iter()
        .flat_map(|day| day.schedules)
        .find(|schedule| schedule.duty_id == duty_id)
        .with_context(|| format!("no schedule {duty_id}"))
}

fn show(duty: &[Duty], json: bool) -> Result<()> {
    if json {
        return print_json(&duty);
    }
    let rows = duty.iter().flat_map(|day| {
        day.schedules.iter().map(move |s| {
            vec![
                s.duty_id.clone(),
                day.sid.clone(),
                day.date.clone(),
                s.start_time.clone(),
                s.end_time.clone(),
                s.name.clone().unwrap_or_default(),
                s.remark.clone().unwrap_or_default(),
            ]
        })
    });
    println!("{}", table::grid(&["dutyId", "sId", "日期", "开始", "结束", "名称", "备注"], rows));
    Ok(())
}
