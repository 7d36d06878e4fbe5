//! Companies' and contacts' custom fields as columns of `kefu customers import|export`:
//! headed by title or `field_N`, values checked by the API with the sheet's line and
//! column named, and read back into a fresh installation unchanged.

use kefu_client::PageQuery;
use serde_json::{Value, json};

use crate::customers_cli::{Installation, write};

/// 级别 (a required dropdown: 金/银) and 签约日期 (a date) for companies, 爱好 (text) and
/// 地区 (a cascade) for contacts.
async fn define_fields(kefu: &Installation) {
    let definitions = [
        (
            "/api/v1/companies/company_fields.json",
            "company_field",
            json!({"title": "级别", "type": "dropdown", "options": ["金", "银"], "required": "1"}),
        ),
        ("/api/v1/companies/company_fields.json", "company_field", json!({"title": "签约日期", "type": "date"})),
        ("/api/v1/users/user_fields.json", "user_field", json!({"title": "爱好", "type": "text"})),
        (
            "/api/v1/users/user_fields.json",
            "user_field",
            json!({"title": "地区", "type": "cascade", "cascade": [{"name": "北京市", "children": [{"name": "丰台区"}]}]}),
        ),
    ];
    for (path, wrapper, field) in definitions {
        let response = kefu.admin_post(path).json(&json!({ wrapper: field })).send().await.expect("define a field");
        let status = response.status();
        assert!(status.is_success(), "{path}: {status} {}", response.text().await.unwrap_or_default());
    }
}

/// (name, custom_fields) of every company and of every contact, sorted.
async fn custom_values(kefu: &Installation) -> (Vec<(String, Value)>, Vec<(String, Value)>) {
    let client = kefu.client();
    let page = || PageQuery { page: None, per_page: Some(100) };
    let companies = client.companies().list(page()).await.expect("companies");
    let mut companies: Vec<(String, Value)> =
        companies.companies.into_iter().map(|c| (c.company_name, json!(c.custom_fields))).collect();
    companies.sort_by(|a, b| a.0.cmp(&b.0));
    let contacts = client.contacts().list(page()).await.expect("contacts");
    let mut contacts: Vec<(String, Value)> =
        contacts.users.into_iter().map(|u| (u.name, json!(u.custom_fields))).collect();
    contacts.sort_by(|a, b| a.0.cmp(&b.0));
    (companies, contacts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_fields_are_columns_that_round_trip() {
    let mut installations = Installation::both().await;
    let source = installations.remove(0);
    define_fields(&source).await;

    // Unknown headers are refused by name, listing the custom ones among the accepted.
    let file = source.path("bad-header.csv");
    write(&file, "公司名称,等级\n甲,金\n");
    let error = source.fails(&format!("customers import companies {file}"));
    assert!(error.contains("unknown columns 等级") && error.contains("级别 (field_1)"), "{error}");

    // A value the API refuses is reported with its line and column; nothing is written.
    let file = source.path("bad-value.csv");
    write(&file, "公司名称,级别\n甲,铜\n");
    let error = source.fails(&format!("customers import companies {file}"));
    assert!(error.contains("line 2") && error.contains("级别 (field_1)"), "{error}");
    assert!(custom_values(&source).await.0.is_empty());

    // Titles or keys as headers; a cascade as `a/b`.
    let file = source.path("companies.csv");
    write(&file, "公司名称,级别,field_2\n北京网康,金,2024-03-01\n上海一号,银,\n");
    source.ok(&format!("customers import companies {file}"));
    let contacts = source.path("contacts.csv");
    write(
        &contacts,
        "姓名,手机,所属公司,爱好,地区\n张三,13039209552,北京网康,围棋,北京市/丰台区\n李四,13800000002,上海一号,,\n",
    );
    source.ok(&format!("customers import contacts {contacts}"));
    let (companies, people) = custom_values(&source).await;
    assert_eq!(companies[0], ("上海一号".to_owned(), json!([{"key": "field_1", "value": "银"}])), "{companies:?}");
    assert_eq!(
        people.iter().find(|(name, _)| name == "张三").map(|(_, v)| v.clone()),
        Some(json!([{"key": "field_1", "value": "围棋"}, {"key": "field_2", "value": ["北京市", "丰台区"]}]))
    );

    for (headers, extension) in [("chinese", "csv"), ("api", "xlsx")] {
        let target = match installations.pop() {
            Some(postgres) => postgres,
            None => Installation::sqlite().await,
        };
        define_fields(&target).await;
        let companies_out = source.path(&format!("c-{headers}.{extension}"));
        let contacts_out = source.path(&format!("u-{headers}.{extension}"));
        source.ok(&format!("customers export companies --headers {headers} -o {companies_out}"));
        source.ok(&format!("customers export contacts --headers {headers} -o {contacts_out}"));
        if extension == "csv" {
            let text = std::fs::read_to_string(&companies_out).expect("read");
            assert!(text.starts_with("公司名称,") && text.contains(",级别,签约日期"), "{text}");
        }
        target.ok(&format!("customers import companies {companies_out}"));
        target.ok(&format!("customers import contacts {contacts_out}"));
        assert_eq!(custom_values(&source).await, custom_values(&target).await, "{headers} {extension}");
        target.stop().await;
    }
    source.stop().await;
}

/// Every cell is checked with the server's rules before anything is sent: bad custom values
/// in any row are reported by line and column, by `--dry-run` too, and nothing is written —
/// not even the rows (or batches) before them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_custom_values_stop_the_import_before_anything_is_written() {
    let kefu = Installation::sqlite().await;
    define_fields(&kefu).await;
    let field = json!({"company_field": {"title": "人数", "type": "integer"}});
    let response = kefu.admin_post("/api/v1/companies/company_fields.json").json(&field).send().await.expect("define");
    assert!(response.status().is_success());

    let file = kefu.path("bad-cells.csv");
    write(
        &file,
        "公司名称,级别,签约日期,人数\n甲,金,2024-03-01,12\n乙,铜,2024-03-01,12\n丙,银,2024-02-30,12\n丁,银,,1.5\n戊,,,\n",
    );
    for dry_run in ["", " --dry-run"] {
        let error = kefu.fails(&format!("customers import companies {file}{dry_run}"));
        for expected in [
            "line 3, 级别: must be one of 金, 银",
            "line 4, 签约日期: ",
            "line 5, 人数: must be a positive whole number",
            "line 6, 级别 (field_1): is required",
            "4 of 5 rows have problems",
            "nothing was imported",
        ] {
            assert!(error.contains(expected), "{expected:?}{dry_run}: {error}");
        }
        assert!(!error.contains("line 2"), "{error}");
    }
    assert!(custom_values(&kefu).await.0.is_empty(), "line 2 was not written either");

    // Contacts go in batches of 500 rows: a bad cascade path on the last line stops them all.
    write(&kefu.path("one.csv"), "公司名称,级别\n北京网康,金\n");
    kefu.ok(&format!("customers import companies {}", kefu.path("one.csv")));
    let mut sheet = "姓名,手机,所属公司,地区\n".to_owned();
    for n in 0..600 {
        sheet.push_str(&format!("联系人{n},138{n:08},北京网康,北京市/丰台区\n"));
    }
    sheet.push_str("最后,13900000000,北京网康,北京市/海淀区\n");
    let contacts = kefu.path("contacts.csv");
    write(&contacts, &sheet);
    let error = kefu.fails(&format!("customers import contacts {contacts}"));
    assert!(error.contains("line 602, 地区: \"海淀区\" is not an option here"), "{error}");
    assert!(custom_values(&kefu).await.1.is_empty(), "no batch was written");
    kefu.stop().await;
}
