//! The client commands as a team uses them from the first day: sign-ins placed right
//! whatever the machine's time zone, dates typed in Excel, real XLSX exports, one meaning
//! per password flag, a question before a deletion, summaries instead of echoes.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use calamine::{Reader, Xlsx, open_workbook};
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use kefu_client::SupportFieldInput;

use crate::remote_cli::{ADMIN, Installation, PASSWORD, json};
use crate::support::process::KEFU;

/// Signing in without `--time` stamps the sign-in with now, as the company's clock reads
/// it — on a machine whose zone is UTC, New York or Shanghai alike.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_ins_are_now_whatever_the_machines_time_zone() {
    let kefu = Installation::start().await;
    let agent = json(&kefu.ok("agents create --login waiqin --job-number 9 --name 外勤 --json"));
    let s_id = agent["sId"].as_str().expect("sId").to_owned();
    let shanghai = TimeZone::get("Asia/Shanghai").expect("a bundled zone");
    for host_zone in ["UTC", "America/New_York", "Asia/Shanghai"] {
        let line = "signins create --address 北京市东城区 --landmark 天安门 --latitude 39.9 --longitude 116.4 \
                    --account waiqin --password welcome-1 --json";
        let output = kefu.command(line).env("TZ", host_zone).output().expect("kefu runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let shown =
            json(&String::from_utf8_lossy(&output.stdout))["checkinTime"].as_str().unwrap_or_default().to_owned();
        let at = DateTime::strptime("%Y-%m-%d %H:%M:%S", &shown)
            .and_then(|civil| civil.to_zoned(shanghai.clone()))
            .unwrap_or_else(|e| panic!("{shown:?}: {e}"));
        let off = (jiff::Timestamp::now().as_second() - at.timestamp().as_second()).abs();
        assert!(off < 120, "TZ={host_zone}: signed in at {shown} (Shanghai), {off} s from now");
    }
    // An explicit offset names the instant; a bare time is the company's.
    kefu.ok("signins create --address a --landmark b --latitude 1 --longitude 1 --time 2024-05-01T01:00:00Z");
    let listed = json(&kefu.ok(&format!("signins list --agent {s_id} --json")));
    assert_eq!(listed.as_array().map(Vec::len), Some(3));
    let all = json(&kefu.ok("signins list --json --order asc"));
    assert_eq!(all[0]["checkinTime"].as_str(), Some("2024-05-01 09:00:00"));
}

/// A date typed as a date in Excel (serial 44986) is that date; an export to `.xlsx` is a
/// workbook that reads back; other extensions are refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spreadsheets_keep_dates_and_export_real_workbooks() {
    let kefu = Installation::start().await;
    kefu.client().fields().create(&SupportFieldInput::new("入职日期", "date")).await.expect("field");
    let file = kefu.path("dates.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (column, header) in ["客服账号", "工号", "入职日期"].into_iter().enumerate() {
        sheet.write_string(0, column as u16, header).expect("header");
    }
    sheet.write_string(1, 0, "riqi").expect("cell");
    sheet.write_string(1, 1, "007").expect("cell");
    sheet.write_number_with_format(1, 2, 44986.0, &date).expect("cell");
    workbook.save(&file).expect("save");
    kefu.ok(&format!("agents import {file}"));
    let found = json(&kefu.ok("agents search sPassportName:riqi --json"));
    assert_eq!(found[0]["custom_fields"][0]["value"].as_str(), Some("2023-03-01"), "{found}");

    // Every first administrator's job number is "admin": give this one another.
    kefu.ok("agents update 1 --job-number A-0");
    let exported = kefu.path("agents.xlsx");
    kefu.ok(&format!("agents export --output {exported}"));
    let mut book: Xlsx<_> = open_workbook(&exported).expect("a real XLSX workbook");
    let range = book.worksheet_range_at(0).expect("a worksheet").expect("readable");
    let rows: Vec<Vec<String>> = range.rows().map(|row| row.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0][..3], ["客服账号", "工号", "姓名"]);
    assert!(rows.iter().any(|r| r[0] == "riqi" && r[1] == "007" && r.contains(&"2023-03-01".to_owned())), "{rows:?}");
    // The workbook imports back into another company unchanged.
    let other = Installation::start_as("boss").await;
    other.client().fields().create(&SupportFieldInput::new("入职日期", "date")).await.expect("field");
    other.ok(&format!("agents import {exported}"));
    assert_eq!(json(&other.ok("agents search sPassportName:riqi --json"))[0]["sNum"].as_str(), Some("007"));

    let refused = kefu.fails(&format!("agents export --output {}", kefu.path("agents.txt")));
    assert!(refused.contains("export writes .csv and .xlsx files"), "{refused}");
    assert!(!std::path::Path::new(&kefu.path("agents.txt")).exists());
    let csv = kefu.path("agents.csv");
    kefu.ok(&format!("agents export --output {csv}"));
    assert!(std::fs::read_to_string(&csv).expect("csv").starts_with("客服账号,工号"));
}

/// `--password` is the caller's, `--new-password` the agent's; deleting asks or needs
/// `--yes`; an import says how many it imported, not every row; counts read right.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_flag_one_meaning_and_no_surprises() {
    let kefu = Installation::start().await;
    let created = json(&kefu.ok("agents create --login mima --job-number 11 --new-password own-pass-1 --json"));
    let s_id = created["sId"].as_str().expect("sId").to_owned();
    let as_agent = |password: &str| {
        Command::new(KEFU)
            .args(["agents", "show", &s_id, "--url", &kefu.server.base, "--account", "mima", "--password", password])
            .env_remove("KEFU_TOKEN")
            .output()
            .expect("kefu runs")
            .status
            .success()
    };
    assert!(as_agent("own-pass-1"));
    kefu.ok(&format!("agents update {s_id} --new-password changed-pass-1"));
    assert!(as_agent("changed-pass-1") && !as_agent("own-pass-1"));
    assert!(kefu.ok("agents list").contains("2 agents"));
    let one = kefu.ok("agents search sPassportName:mima");
    assert!(one.contains("1 agent") && !one.contains("1 agents"), "{one}");

    let refused = kefu.fails(&format!("agents delete {s_id}"));
    assert!(refused.contains("give --yes"), "{refused}");
    kefu.ok(&format!("agents show {s_id}"));

    let file = kefu.path("two.csv");
    std::fs::write(&file, "客服账号,工号\nyi,21\ner,22\n").expect("write");
    let imported = kefu.kefu(&format!("agents import {file}"));
    let (stdout, stderr) = (
        String::from_utf8_lossy(&imported.stdout).into_owned(),
        String::from_utf8_lossy(&imported.stderr).into_owned(),
    );
    assert!(imported.status.success() && stderr.contains("imported 2 agents"), "{stderr}");
    assert!(!stdout.contains("yi") && !stdout.contains("er"), "no echo of every row: {stdout}");
    std::fs::write(&file, "客服账号,工号\nsan,23\n").expect("write");
    let verbose = kefu.kefu(&format!("agents import {file} --verbose"));
    assert!(String::from_utf8_lossy(&verbose.stderr).contains("imported 1 agent (sId"));
    assert!(String::from_utf8_lossy(&verbose.stdout).contains("san"), "--verbose shows them");

    // On a terminal: the caller's password is asked for, and a deletion is confirmed.
    let Some(listed) = on_a_terminal(&kefu, "agents list", &format!("{PASSWORD}\n")) else { return };
    assert!(listed.contains("password of admin") && listed.contains("mima"), "{listed}");
    let deleted =
        on_a_terminal(&kefu, &format!("agents delete {s_id} --password {PASSWORD}"), "y\n").unwrap_or_default();
    assert!(deleted.contains("delete agent") && deleted.contains("deleted agent"), "{deleted}");
    assert!(kefu.fails(&format!("agents show {s_id}")).contains("HTTP 404"));
}

/// `kefu ARGS` on a pseudo-terminal (util-linux `script`), typing `input`; None, with a
/// notice, where `script` is missing.
fn on_a_terminal(kefu: &Installation, line: &str, input: &str) -> Option<String> {
    let Ok(mut child) = Command::new("script")
        .args(["-qec", &format!("{KEFU} {line}"), "/dev/null"])
        .env("KEFU_URL", &kefu.server.base)
        .env("KEFU_ACCOUNT", ADMIN)
        .env_remove("KEFU_PASSWORD")
        .env_remove("KEFU_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        eprintln!("notice: `script` (util-linux) is not installed; the terminal prompts are not tested");
        return None;
    };
    // Stdin stays open until the command ends: `script` ends the session at its end.
    let mut stdin = child.stdin.take().expect("piped stdin");
    stdin.write_all(input.as_bytes()).expect("type");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "kefu {line} on a terminal did not finish");
        std::thread::sleep(Duration::from_millis(50));
    };
    drop(stdin);
    let mut output = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().expect("piped stdout"), &mut output).expect("read");
    assert!(status.success(), "kefu {line} on a terminal: {output}");
    Some(output)
}

/// `kefu settings show|set`: the helpdesk settings through the API, a table for people,
/// JSON for scripts, and the API's own refusal when a value is bad.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn helpdesk_settings_are_shown_and_set() {
    let kefu = Installation::start().await;
    let shown = json(&kefu.ok("settings show --json"));
    assert_eq!((shown["customerMode"].as_str(), shown["autoCloseDays"].as_str()), (Some("2B"), Some("3")));
    let set = json(&kefu.ok("settings set --customer-mode 2C --auto-close-days 5 --json"));
    assert_eq!((set["customerMode"].as_str(), set["autoCloseDays"].as_str()), (Some("2C"), Some("5")));
    let table = kefu.ok("settings show");
    assert!(table.contains("2C") && table.contains('5'), "{table}");
    let refused = kefu.fails("settings set --auto-close-days 400");
    assert!(refused.contains("autoCloseDays"), "{refused}");
    assert!(kefu.fails("settings set").contains("nothing to change"));
    let settings = kefu.client().company().helpdesk().await.expect("settings");
    assert_eq!(settings.auto_close_days, "5", "the refused change changed nothing");
}
