//! The client commands (`kefu agents|schedules|signins …`) as people and scripts run them:
//! the real binary against a real server, checked through `kefu-client`.

use std::path::Path;
use std::process::{Command, Output};

use kefu_client::{AgentListQuery, Client, SupportFieldInput};
use serde_json::Value;

use crate::support::process::{KEFU, Server};

pub(crate) const ADMIN: &str = "admin";
pub(crate) const PASSWORD: &str = "admin-pass-1";

/// A server on its own SQLite file, whose company gives new agents a default password.
pub(crate) struct Installation {
    pub(crate) server: Server,
    dir: tempfile::TempDir,
    admin: &'static str,
}

impl Installation {
    pub(crate) async fn start() -> Installation {
        Installation::start_as(ADMIN).await
    }

    /// With `admin` as the first administrator's login.
    pub(crate) async fn start_as(admin: &'static str) -> Installation {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = format!("sqlite://{}", dir.path().join("kefu.db").display());
        let server =
            Server::start(&database, &[], &[("KEFU_ADMIN_ACCOUNT", admin), ("KEFU_ADMIN_PASSWORD", PASSWORD)]).await;
        let set = Command::new(KEFU)
            .args([
                "tenant",
                "default-password",
                "--database",
                &database,
                "--account",
                admin,
                "--default-agent-password",
                "welcome-1",
            ])
            .output()
            .expect("kefu runs");
        assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
        Installation { server, dir, admin }
    }

    pub(crate) fn client(&self) -> Client {
        Client::basic(&self.server.base, self.admin, PASSWORD).expect("client")
    }

    /// `kefu ARGS` as the administrator, credentials from the environment. `line` is split
    /// on whitespace (no argument here holds a space).
    pub(crate) fn kefu(&self, line: &str) -> Output {
        self.command(line).output().expect("kefu runs")
    }

    /// The command `kefu` would run, to add to it.
    pub(crate) fn command(&self, line: &str) -> Command {
        let mut command = Command::new(KEFU);
        command
            .args(line.split_whitespace())
            .env("KEFU_URL", &self.server.base)
            .env("KEFU_ACCOUNT", self.admin)
            .env("KEFU_PASSWORD", PASSWORD)
            .env_remove("KEFU_TOKEN");
        command
    }

    /// `kefu ARGS`, which must succeed; its stdout.
    #[track_caller]
    pub(crate) fn ok(&self, line: &str) -> String {
        let output = self.kefu(line);
        assert!(output.status.success(), "kefu {line} failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// `kefu ARGS`, which must fail; its stderr.
    #[track_caller]
    pub(crate) fn fails(&self, line: &str) -> String {
        let output = self.kefu(line);
        assert!(!output.status.success(), "kefu {line} should fail: {}", String::from_utf8_lossy(&output.stdout));
        String::from_utf8_lossy(&output.stderr).into_owned()
    }

    pub(crate) fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    /// Every agent but the first administrator, as (login, job number, name, gender,
    /// mobile, isAdmin, group names, custom values).
    async fn agents(&self) -> Vec<(String, String, String, String, String, String, Vec<String>, String)> {
        self.agents_but(self.admin).await
    }

    async fn agents_but(
        &self,
        left_out: &str,
    ) -> Vec<(String, String, String, String, String, String, Vec<String>, String)> {
        let client = self.client();
        let groups = client.groups().list_all().await.expect("groups");
        let name_of = |id: &str| groups.iter().find(|g| g.group_id == id).map(|g| g.name.clone()).unwrap_or_default();
        let mut agents: Vec<_> = client
            .agents()
            .list_all(&AgentListQuery::default())
            .await
            .expect("agents")
            .into_iter()
            .filter(|a| a.passport_name != left_out)
            .map(|a| {
                let groups = a.group_id.split(',').filter(|id| !id.is_empty()).map(name_of).collect();
                let custom = a.custom_fields.iter().map(|v| v.value.to_string()).collect::<Vec<_>>().join(";");
                (a.passport_name, a.job_number, a.name, a.gnder, a.mobile, a.is_admin, groups, custom)
            })
            .collect();
        agents.sort();
        agents
    }
}

pub(crate) fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

fn write(path: &str, text: &str) {
    std::fs::write(Path::new(path), text).expect("write the file");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agents_create_list_show_update_search_delete() {
    let kefu = Installation::start().await;
    let created = json(
        &kefu.ok("agents create --login zhangsan --job-number 001 --name 张三 --gender 男 --mobile 13039209552 --json"),
    );
    let s_id = created["sId"].as_str().expect("sId").to_owned();
    assert_eq!((created["gnder"].as_str(), created["name"].as_str()), (Some("2"), Some("张三")));

    // Flags instead of the environment, and a table for people.
    let table = kefu.ok(&format!("agents list --url {} --account {ADMIN} --password {PASSWORD}", kefu.server.base));
    let row = table.lines().find(|l| l.contains("zhangsan")).unwrap_or_default();
    assert!(row.contains("张三") && row.contains("男") && row.contains("13039209552"), "{table}");
    let header = table.lines().find(|l| l.contains("客服账号")).unwrap_or_default();
    let width = |line: &str| line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    assert_eq!(width(header), width(row), "Chinese text stays aligned:\n{table}");

    let listed = json(&kefu.ok("agents list --json"));
    let logins: Vec<&str> =
        listed.as_array().expect("an array").iter().filter_map(|a| a["sPassportName"].as_str()).collect();
    assert_eq!(logins, [ADMIN, "zhangsan"]);

    let updated = json(&kefu.ok(&format!("agents update {s_id} --email z@example.com --admin 是 --json")));
    assert_eq!((updated["email"].as_str(), updated["isAdmin"].as_str()), (Some("z@example.com"), Some("1")));
    let found = json(&kefu.ok("agents search name:张 --json"));
    assert_eq!(found[0]["sId"].as_str(), Some(s_id.as_str()));
    assert!(kefu.ok(&format!("agents show {s_id}")).contains("z@example.com"));

    // Bad values are refused before anything is sent, every one named.
    let refused = kefu.fails("agents create --login lisi --job-number 002 --gender x --qq 0");
    assert!(refused.contains("--gender: must be 女 or 男") && refused.contains("--qq:"), "{refused}");
    // The server's refusals print its message.
    let taken = kefu.fails("agents create --login ZhangSan --job-number 003");
    assert!(taken.contains("is not available") && taken.contains("HTTP 409"), "{taken}");

    assert!(kefu.ok(&format!("agents delete {s_id} --yes")).contains("deleted agent"));
    let gone = kefu.fails(&format!("agents show {s_id}"));
    assert!(gone.contains(&format!("no agent with sId {s_id}")) && gone.contains("HTTP 404"), "{gone}");
    let wrong = Command::new(KEFU)
        .args(["agents", "list", "--url", &kefu.server.base, "--account", ADMIN, "--password", "nope"])
        .env_remove("KEFU_TOKEN")
        .output()
        .expect("kefu runs");
    assert!(!wrong.status.success() && String::from_utf8_lossy(&wrong.stderr).contains("HTTP 401"));
    let anonymous = Command::new(KEFU)
        .args(["agents", "list", "--url", &kefu.server.base])
        .env_remove("KEFU_ACCOUNT")
        .env_remove("KEFU_TOKEN")
        .output()
        .expect("kefu runs");
    assert!(String::from_utf8_lossy(&anonymous.stderr).contains("give --account and --password"));

    // A Bearer token instead of a password.
    let key = kefu.client().api_keys().create("命令行").await.expect("key");
    let token = kefu.client().token(&key.secret_id, key.secret.as_deref().unwrap_or_default()).await.expect("token");
    let with_token = Command::new(KEFU)
        .args(["agents", "list", "--json", "--url", &kefu.server.base])
        .env_remove("KEFU_ACCOUNT")
        .env("KEFU_TOKEN", &token.access_token)
        .output()
        .expect("kefu runs");
    assert!(with_token.status.success(), "{}", String::from_utf8_lossy(&with_token.stderr));
    assert_eq!(json(&String::from_utf8_lossy(&with_token.stdout)).as_array().map(Vec::len), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedules_and_signins() {
    let kefu = Installation::start().await;
    let agent = json(&kefu.ok("agents create --login waiqin --job-number 9 --name 外勤 --json"));
    let s_id = agent["sId"].as_str().expect("sId").to_owned();
    let created = json(&kefu.ok(&format!(
        "schedules create --agent {s_id} --date 2099-06-01 --start 09:00 --end 12:00 --name 早班 --json"
    )));
    let duty_id = created[0]["schedules"][0]["dutyId"].as_str().expect("dutyId").to_owned();
    // Only the name changes; the times are kept from the schedule as it is.
    kefu.ok(&format!("schedules update {duty_id} --name 白班"));
    let listed = kefu.ok("schedules list --from 2099-06-01 --to 2099-06-30");
    let row = listed.lines().find(|l| l.contains(&duty_id)).unwrap_or_default();
    assert!(row.contains("白班") && row.contains("09:00") && row.contains("12:00"), "{listed}");
    assert!(kefu.ok(&format!("schedules delete {duty_id}")).contains("deleted schedule"));
    let unknown = kefu.fails("schedules list --from 2099-06-01 --agent 999999");
    assert!(unknown.contains("该客服不存在") && unknown.contains("code 10011"), "{unknown}");

    let signed = Command::new(KEFU)
        .args(["signins", "create", "--address", "北京市东城区", "--landmark", "天安门", "--latitude", "39.9"])
        .args(["--longitude", "116.4", "--tag", "拜访", "--time", "2024-05-01 09:00:00", "--url", &kefu.server.base])
        .args(["--account", "waiqin", "--password", "welcome-1"])
        .env_remove("KEFU_TOKEN")
        .output()
        .expect("kefu runs");
    assert!(signed.status.success(), "{}", String::from_utf8_lossy(&signed.stderr));
    let signins = json(&kefu.ok(&format!("signins list --agent {s_id} --json")));
    assert_eq!(signins[0]["checkinTime"].as_str(), Some("2024-05-01 09:00:00"));
    assert_eq!(signins[0]["clockingPoint"].as_str(), Some("北京市东城区,经度:116.4、纬度:39.9"));
    assert!(kefu.ok("signins list").contains("天安门") || kefu.ok("signins list").contains("北京市东城区"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_checks_every_row_before_writing_anything() {
    let kefu = Installation::start().await;
    kefu.client().groups().create("售后组").await.expect("group");
    let file = kefu.path("agents.csv");
    write(
        &file,
        "客服账号,工号,姓名,性别,手机,是否管理员,分组\n\
         wangwu,003,王五,男,13800000001,否,售后组\n\
         zhaoliu,004,赵六,男,123,否,售后组\n\
         sunqi,005,孙七,女,,是,售后组\n",
    );
    let refused = kefu.fails(&format!("agents import {file}"));
    assert!(refused.contains("line 3, 手机: must be an 11-digit mobile number"), "{refused}");
    assert!(!refused.contains("line 2") && !refused.contains("line 4"), "only the bad row: {refused}");
    assert!(refused.contains("1 of 3 rows has problems") && refused.contains("nothing was imported"), "{refused}");
    assert!(kefu.agents().await.is_empty(), "nothing written");

    // Every kind of problem at once: unknown group, duplicates in the file and on the server.
    write(
        &file,
        "sPassportName,sNum,name,gnder,groupId\n\
         admin,010,重名,1,\n\
         wuba,011,吴八,3,\n\
         zhoujiu,011,周九,2,77\n\
         qianshi,012,钱,十,,1\n",
    );
    let refused = kefu.fails(&format!("agents import {file}"));
    for expected in [
        "line 2, sPassportName: \"admin\" is already an agent of this company",
        "line 3, gnder: must be 女 or 男",
        "line 4, sNum: \"011\" is also on line 3",
        "line 4, groupId: no group id 77 in this company",
        "line 5, row: has a value in column 6 but the header names 5 columns",
    ] {
        assert!(refused.contains(expected), "{expected:?} in {refused}");
    }

    write(&file, "客服账号,工号,姓名,性别\nwangwu,003,王五,男\nsunqi,005,孙七,女\n");
    let dry = kefu.kefu(&format!("agents import {file} --dry-run"));
    assert!(dry.status.success() && String::from_utf8_lossy(&dry.stderr).contains("all 2 rows are valid"));
    assert!(kefu.agents().await.is_empty(), "--dry-run writes nothing");
    let imported = json(&kefu.ok(&format!("agents import {file} --json")));
    assert_eq!(imported.as_array().map(Vec::len), Some(2));
    let agents = kefu.agents().await;
    assert_eq!((agents[0].0.as_str(), agents[0].3.as_str()), ("sunqi", "1"));
    assert_eq!((agents[1].0.as_str(), agents[1].2.as_str(), agents[1].3.as_str()), ("wangwu", "王五", "2"));
    let unknown = kefu.fails(&format!("agents import {file}"));
    assert!(unknown.contains("already an agent of this company"), "importing twice is refused: {unknown}");
    write(&file, "客服账号,工号,性別\nx,1,女\n");
    let misspelt = kefu.fails(&format!("agents import {file}"));
    assert!(misspelt.contains("unknown columns 性別") && misspelt.contains("性别 (gnder)"), "{misspelt}");
}

/// Export → import into another installation → the same agents, groups (by name) and
/// custom values (by the field's title).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_round_trips_through_import() {
    let source = Installation::start().await;
    let level = SupportFieldInput {
        options: Some(vec!["初级".into(), "高级".into()]),
        ..SupportFieldInput::new("级别", "dropdown")
    };
    let key = source.client().fields().create(&level).await.expect("field").key;
    source.client().groups().create("售后组").await.expect("group");
    source.client().groups().create("技术组").await.expect("group");
    source.ok(&format!(
        "agents create --login 张三 --job-number 001 --name 张三 --gender 男 --mobile 13039209552 \
         --groups 售后组,技术组 --field {key}=高级"
    ));
    source.ok("agents create --login lisi --job-number A-2 --name 李四 --admin 是 --groups 技术组 --field 级别=初级");
    source.ok("agents create --login wangwu --job-number 3 --email w@example.com");
    // Every first administrator's job number is "admin": give this one another.
    source.ok("agents update 1 --job-number A-0");
    let file = source.path("export.csv");
    source.ok(&format!("agents export --output {file} --bom"));
    let text = std::fs::read_to_string(&file).expect("the export");
    assert!(text.starts_with("\u{feff}客服账号,工号,姓名,性别,邮箱,座机,手机,QQ,是否管理员,分组,级别\n"), "{text}");
    assert!(text.contains("张三,001,张三,男,,,13039209552,,否,\"售后组,技术组\",高级"), "{text}");
    let stdout = source.ok("agents export --headers api");
    assert!(
        stdout.starts_with("sPassportName,sNum,name,gnder,email,fixnumber,mobile,QQ,isAdmin,groupId,field_1\n"),
        "{stdout}"
    );

    // The other installation's administrator is "boss": the export's admin is imported too.
    let target = Installation::start_as("boss").await;
    target.client().fields().create(&level).await.expect("the same field");
    let refused = target.fails(&format!("agents import {file}"));
    assert!(refused.contains("no support group 售后组, 技术组"), "{refused}");
    target.ok(&format!("agents import {file} --create-groups"));
    let (exported, imported) = (source.agents_but("").await, target.agents().await);
    assert_eq!(imported.len(), 4);
    assert_eq!(exported, imported);
}

/// Two agents as Excel keeps them (job, mobile and QQ numbers typed as numbers), and
/// optionally a bad row, on the fifth row.
fn workbook(path: &str, with_bad_row: bool) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, header) in ["客服账号", "工号", "姓名", "手机", "是否管理员", "QQ"].into_iter().enumerate()
    {
        sheet.write_string(0, column as u16, header).expect("header");
    }
    let rows = [
        ("xlsx1", 101.0, "表格一", 13039209552.0, "否", 12345678.0),
        ("xlsx2", 102.0, "表格二", 13800000002.0, "是", 87654321.0),
    ];
    for (i, (login, number, name, mobile, admin, qq)) in rows.into_iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, login).expect("cell");
        sheet.write_number(row, 1, number).expect("cell");
        sheet.write_string(row, 2, name).expect("cell");
        sheet.write_number(row, 3, mobile).expect("cell");
        sheet.write_string(row, 4, admin).expect("cell");
        sheet.write_number(row, 5, qq).expect("cell");
    }
    if with_bad_row {
        sheet.write_string(4, 0, "bad login").expect("cell");
        sheet.write_number(4, 1, 103.0).expect("cell");
    }
    workbook.save(path).expect("save the workbook");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_reads_xlsx() {
    let kefu = Installation::start().await;
    let file = kefu.path("agents.xlsx");
    workbook(&file, true);
    let refused = kefu.fails(&format!("agents import {file}"));
    assert!(refused.contains("line 5, 客服账号: must not contain whitespace"), "the row number Excel shows: {refused}");
    assert!(kefu.agents().await.is_empty(), "nothing written");

    workbook(&file, false);
    kefu.ok(&format!("agents import {file}"));
    let agents = kefu.agents().await;
    let first = &agents[0];
    assert_eq!(
        (first.0.as_str(), first.1.as_str(), first.2.as_str(), first.4.as_str()),
        ("xlsx1", "101", "表格一", "13039209552")
    );
    assert_eq!((agents[1].0.as_str(), agents[1].5.as_str()), ("xlsx2", "1"));
    let qq = kefu
        .client()
        .agents()
        .search_all(&kefu_client::AgentSearchQuery::new("sPassportName:xlsx1"))
        .await
        .expect("search");
    assert_eq!(qq[0].qq, "12345678");
}
