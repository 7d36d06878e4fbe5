//! `kefu customers import|export companies|contacts`: the real binary against a real
//! server, on SQLite and on PostgreSQL, checked through `kefu-client`.

use std::process::{Command, Output};

use kefu_client::{Client, PageQuery};

use crate::support::postgres::TestDatabase;
use crate::support::process::{KEFU, Server};

const ADMIN: &str = "admin";
const PASSWORD: &str = "admin-pass-1";

/// A server of its own and the binary against it (shared with `tickets_cli.rs`).
pub(crate) struct Installation {
    server: Server,
    dir: tempfile::TempDir,
    postgres: Option<TestDatabase>,
}

impl Installation {
    pub(crate) async fn sqlite() -> Installation {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = format!("sqlite://{}", dir.path().join("kefu.db").display());
        Installation::on(&database, dir, None).await
    }

    /// None when PostgreSQL tests are skipped.
    async fn postgres() -> Option<Installation> {
        let db = TestDatabase::create().await?;
        let url = db.url.clone();
        Some(Installation::on(&url, tempfile::tempdir().expect("temp dir"), Some(db)).await)
    }

    async fn on(database: &str, dir: tempfile::TempDir, postgres: Option<TestDatabase>) -> Installation {
        let server =
            Server::start(database, &[], &[("KEFU_ADMIN_ACCOUNT", ADMIN), ("KEFU_ADMIN_PASSWORD", PASSWORD)]).await;
        Installation { server, dir, postgres }
    }

    pub(crate) async fn both() -> Vec<Installation> {
        let mut all = vec![Installation::sqlite().await];
        all.extend(Installation::postgres().await);
        all
    }

    pub(crate) async fn stop(mut self) {
        let _ = self.server.child.kill();
        let _ = self.server.child.wait();
        if let Some(db) = self.postgres.take() {
            db.drop_database().await;
        }
    }

    /// The administrator's requests the client has no method for (field definitions).
    pub(crate) fn admin_post(&self, path: &str) -> reqwest::RequestBuilder {
        reqwest::Client::new().post(format!("{}{path}", self.server.base)).basic_auth(ADMIN, Some(PASSWORD))
    }

    pub(crate) fn client(&self) -> Client {
        Client::basic(&self.server.base, ADMIN, PASSWORD).expect("client")
    }

    fn kefu(&self, line: &str) -> Output {
        Command::new(KEFU)
            .args(line.split_whitespace())
            .env("KEFU_URL", &self.server.base)
            .env("KEFU_ACCOUNT", ADMIN)
            .env("KEFU_PASSWORD", PASSWORD)
            .env_remove("KEFU_TOKEN")
            .output()
            .expect("kefu runs")
    }

    #[track_caller]
    pub(crate) fn ok(&self, line: &str) -> String {
        let output = self.kefu(line);
        assert!(output.status.success(), "kefu {line} failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    #[track_caller]
    pub(crate) fn fails(&self, line: &str) -> String {
        let output = self.kefu(line);
        assert!(!output.status.success(), "kefu {line} should fail: {}", String::from_utf8_lossy(&output.stdout));
        String::from_utf8_lossy(&output.stderr).into_owned()
    }

    pub(crate) fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    /// (name, website, start, end, tags) of every company, sorted.
    async fn companies(&self) -> Vec<(String, String, String, String, String)> {
        let list = self.client().companies().list(PageQuery { page: None, per_page: Some(100) }).await.expect("list");
        let mut all: Vec<_> = list
            .companies
            .into_iter()
            .map(|c| (c.company_name, c.user_url, c.servicestarttime, c.serviceendtime, c.table_name))
            .collect();
        all.sort();
        all
    }

    /// (name, mobile, fixnumber, company name, state, tags) of every contact, sorted.
    async fn contacts(&self) -> Vec<(String, String, String, String, String, String)> {
        let client = self.client();
        let companies = client.companies().list(PageQuery { page: None, per_page: Some(100) }).await.expect("list");
        let name_of = |id: &str| {
            companies.companies.iter().find(|c| c.u_id == id).map(|c| c.company_name.clone()).unwrap_or_default()
        };
        let list = client.contacts().list(PageQuery { page: None, per_page: Some(100) }).await.expect("list");
        let mut all: Vec<_> = list
            .users
            .into_iter()
            .map(|u| {
                let company = name_of(u.company_id.as_deref().unwrap_or(""));
                (u.name, u.mobile, u.fixnumber, company, u.state, u.table_name)
            })
            .collect();
        all.sort();
        all
    }
}

pub(crate) fn write(path: &str, text: &str) {
    std::fs::write(path, text).expect("write the file");
}

const COMPANIES: &str = "公司名称,网址,服务开始时间,服务结束时间,标签\n\
北京网康,www.gnway.com,2024-01-01,2024-12-31,\"VIP，北京\"\n\
上海一号,,,,\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_checks_every_row_and_reports_bad_ones_by_line() {
    for kefu in Installation::both().await {
        let file = kefu.path("companies.csv");
        // Line 3: the end before the start; line 4: a name given twice.
        write(&file, &format!("{COMPANIES}坏日期,,2024-05-01,2024-01-01,\n北京网康,,,,\n深圳,,2024-13-01,,\n"));
        let refused = kefu.fails(&format!("customers import companies {file}"));
        assert!(refused.contains("line 4, 服务结束时间: must not be before"), "{refused}");
        assert!(refused.contains("line 5, 公司名称: \"北京网康\" is also on line 2"), "{refused}");
        assert!(refused.contains("line 6, 服务开始时间:"), "{refused}");
        assert!(refused.contains("3 of 5 rows have problems") && refused.contains("nothing was imported"), "{refused}");
        assert!(kefu.companies().await.is_empty(), "nothing written");

        write(&file, COMPANIES);
        let dry = kefu.kefu(&format!("customers import companies {file} --dry-run"));
        assert!(dry.status.success() && String::from_utf8_lossy(&dry.stderr).contains("all 2 rows are valid"));
        assert!(kefu.companies().await.is_empty(), "a dry run writes nothing");
        kefu.ok(&format!("customers import companies {file}"));
        let companies = kefu.companies().await;
        assert_eq!(
            companies[1],
            (
                "北京网康".to_owned(),
                "www.gnway.com".to_owned(),
                "2024-01-01".to_owned(),
                "2024-12-31".to_owned(),
                "VIP,北京".to_owned()
            )
        );
        let again = kefu.fails(&format!("customers import companies {file}"));
        assert!(again.contains("is already a company"), "{again}");

        // Contacts: companies matched by name; a contact needs a mobile or a landline; API headers.
        let contacts = kefu.path("contacts.csv");
        write(
            &contacts,
            "name,mobile,fixnumber,companyId,tableName\n张三,13039209552,,北京网康,VIP\n李四,,,上海一号,\n王五,12345,,北京网康,\n赵六,,010-63701717,无此公司,\n",
        );
        let refused = kefu.fails(&format!("customers import contacts {contacts}"));
        assert!(refused.contains("line 3, mobile / fixnumber: a contact needs"), "{refused}");
        assert!(refused.contains("line 4, mobile: must be an 11-digit mobile number"), "{refused}");
        assert!(refused.contains("line 5, companyId: no company is named \"无此公司\""), "{refused}");
        assert!(kefu.contacts().await.is_empty(), "nothing written");
        write(
            &contacts,
            "姓名,手机,座机,所属公司,状态,标签\n张三,13039209552,,北京网康,在职,VIP\n李四,,010-63701717,上海一号,离职,\n",
        );
        kefu.ok(&format!("customers import contacts {contacts}"));
        let imported = kefu.contacts().await;
        assert_eq!(imported.len(), 2);
        assert_eq!(imported[0].3, "北京网康", "{imported:?}");
        assert_eq!((imported[1].2.as_str(), imported[1].4.as_str()), ("010-63701717", "2"), "{imported:?}");

        // A deleted company's name is free again, and export leaves the deleted one out.
        let client = kefu.client();
        let list = client.companies().list(PageQuery::default()).await.expect("list");
        let shanghai = list.companies.iter().find(|c| c.company_name == "上海一号").expect("上海一号");
        client.companies().delete(&shanghai.u_id).await.expect("delete");
        write(&file, "companyName\n上海一号\n");
        kefu.ok(&format!("customers import companies {file}"));
        let exported = kefu.ok("customers export companies --headers api");
        assert_eq!(exported.matches("上海一号").count(), 1, "{exported}");
        kefu.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_round_trips_through_import_as_csv_and_xlsx() {
    let mut installations = Installation::both().await;
    let source = installations.remove(0);
    let file = source.path("companies.csv");
    write(&file, COMPANIES);
    source.ok(&format!("customers import companies {file}"));
    let contacts = source.path("contacts.csv");
    write(&contacts, "姓名,手机,所属公司,标签\n张三,13039209552,北京网康,\"VIP,老客户\"\n李四,13800000002,上海一号,\n");
    source.ok(&format!("customers import contacts {contacts}"));

    for (headers, extension) in [("chinese", "xlsx"), ("api", "csv"), ("chinese", "csv")] {
        let target = match installations.pop() {
            Some(postgres) => postgres,
            None => Installation::sqlite().await,
        };
        let companies_out = source.path(&format!("c-{headers}.{extension}"));
        let contacts_out = source.path(&format!("u-{headers}.{extension}"));
        source.ok(&format!("customers export companies --headers {headers} -o {companies_out}"));
        source.ok(&format!("customers export contacts --headers {headers} -o {contacts_out}"));
        if extension == "xlsx" {
            let bytes = std::fs::read(&companies_out).expect("read");
            assert!(bytes.starts_with(b"PK"), "a .xlsx output is a workbook");
        }
        target.ok(&format!("customers import companies {companies_out}"));
        // API headers carry company ids: they read back here because a fresh installation
        // gives the imported companies the same uIds (exported in uId order); Chinese headers
        // carry company names, which match anywhere.
        target.ok(&format!("customers import contacts {contacts_out}"));
        assert_eq!(source.contacts().await, target.contacts().await, "{headers} {extension}");
        assert_eq!(source.companies().await, target.companies().await, "{headers} {extension}");
        target.stop().await;
    }
    source.stop().await;
}

/// A workbook as Excel keeps it: the mobile typed as a number, the service period as date
/// cells; the bad row on Excel's row 4.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xlsx_numbers_and_date_cells() {
    for kefu in Installation::both().await {
        let file = kefu.path("companies.xlsx");
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
        for (column, header) in ["公司名称", "服务开始时间", "服务费"].into_iter().enumerate() {
            sheet.write_string(0, column as u16, header).expect("header");
        }
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 1).expect("date");
        sheet.write_string(1, 0, "表格公司").expect("cell");
        sheet.write_datetime_with_format(1, 1, &date, &date_format).expect("cell");
        sheet.write_number(1, 2, 1200.5).expect("cell");
        sheet.write_string(3, 0, " 前后空格 ").expect("cell");
        sheet.write_string(3, 2, "很多").expect("cell");
        workbook.save(&file).expect("save");
        let refused = kefu.fails(&format!("customers import companies {file}"));
        assert!(refused.contains("line 4, 服务费: must be an amount"), "{refused}");
        assert!(kefu.companies().await.is_empty());

        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (column, header) in ["公司名称", "服务开始时间", "服务费"].into_iter().enumerate() {
            sheet.write_string(0, column as u16, header).expect("header");
        }
        sheet.write_string(1, 0, "表格公司").expect("cell");
        sheet.write_datetime_with_format(1, 1, &date, &date_format).expect("cell");
        sheet.write_number(1, 2, 1200.5).expect("cell");
        workbook.save(&file).expect("save");
        kefu.ok(&format!("customers import companies {file}"));
        let company = &kefu.client().companies().list(PageQuery::default()).await.expect("list").companies[0];
        assert_eq!(
            (company.company_name.as_str(), company.servicestarttime.as_str(), company.service_charge.as_str()),
            ("表格公司", "2024-03-01", "1200.5")
        );
        kefu.stop().await;
    }
}

/// Contacts go in batches of 500, each all or none: a row the server refuses (a 2B
/// contact without a company, which only the server knows to refuse) stops the import at
/// its batch, and the message names its line and what was written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contacts_go_in_batches_and_a_refused_batch_is_reported_by_line() {
    let kefu = Installation::sqlite().await;
    let file = kefu.path("companies.csv");
    write(&file, COMPANIES);
    kefu.ok(&format!("customers import companies {file}"));
    let mut sheet = String::from("姓名,手机,所属公司\n");
    for row in 0..600 {
        // Rows start on line 2; line 562 has no company.
        let company = if row == 560 { "" } else { "北京网康" };
        sheet.push_str(&format!("联系人{row},130{row:08},{company}\n"));
    }
    let contacts = kefu.path("contacts.csv");
    write(&contacts, &sheet);
    let refused = kefu.fails(&format!("customers import contacts {contacts}"));
    assert!(refused.contains("lines 502–601 (one batch, written all or none) were refused"), "{refused}");
    assert!(refused.contains("line 562, companyId"), "{refused}");
    assert!(refused.contains("500 contacts imported before it, and no row from line 502 on"), "{refused}");
    let list = kefu.client().contacts().list(PageQuery { page: None, per_page: Some(1) }).await.expect("list");
    assert_eq!(list.count, 500);
    kefu.stop().await;
}
