//! `kefu signins …`: sign-ins (签到) from a terminal.

use anyhow::Result;
use kefu_api::SignInPlace;
use kefu_client::{NewSignIn, SignInQuery};

use super::args::{SigninsArgs, SigninsCommand};
use super::{connect, order, print_json, table};

pub async fn run(args: SigninsArgs) -> Result<()> {
    let client = connect(&args.connection)?;
    let json = args.connection.json;
    match args.command {
        SigninsCommand::List { agent, from, to, order: direction, paging } => {
            let query = SignInQuery {
                s_id: agent,
                created_start: from,
                created_end: to,
                created_order: order(direction),
                page: paging.page,
                per_page: paging.per_page,
            };
            let signins = match paging.page {
                Some(_) => client.signins().list(&query).await?.data.sign_in,
                None => client.signins().list_all(&query).await?,
            };
            if json {
                return print_json(&signins);
            }
            let rows = signins.iter().map(|s| {
                vec![
                    s.name.clone(),
                    s.job_number.clone(),
                    s.checkin_time.clone(),
                    s.clocking_point.clone(),
                    s.remark.clone().unwrap_or_default(),
                    s.tags.as_deref().unwrap_or_default().join(","),
                ]
            });
            println!("{}", table::grid(&["姓名", "工号", "签到时间", "地点", "备注", "标签"], rows));
            println!("{}", crate::count(signins.len() as u64, "sign-in", "sign-ins"));
            Ok(())
        }
        SigninsCommand::Create(create) => {
            // This machine's clock with its UTC offset: the server places it whatever the
            // company's zone (a bare local time would be read in the company's zone).
            let checkin_time =
                create.time.clone().unwrap_or_else(|| jiff::Zoned::now().strftime("%Y-%m-%d %H:%M:%S%:z").to_string());
            let sign_in = NewSignIn {
                remark: create.remark.clone(),
                attachments: Vec::new(),
                tags: create.tags.clone(),
                checkin_time,
                current: SignInPlace {
                    address: create.address.clone(),
                    landmark: create.landmark.clone(),
                    latitude: create.latitude.clone(),
                    longitude: create.longitude.clone(),
                },
            };
            let created = client.signins().create(&sign_in).await?;
            if json {
                return print_json(&created);
            }
            let place =
                format!("{} ({}, {})", created.current.address, created.current.latitude, created.current.longitude);
            println!(
                "{}",
                table::record(vec![
                    ("姓名".into(), created.name.clone()),
                    ("工号".into(), created.job_number.clone()),
                    ("签到时间".into(), created.checkin_time.clone()),
                    ("地点".into(), place),
                    ("地标".into(), created.current.landmark.clone()),
                    ("备注".into(), created.remark.clone().unwrap_or_default()),
                ])
            );
            Ok(())
        }
    }
}
