//! Tables for people. comfy-table measures wide (CJK) characters as two columns, so
//! Chinese names stay aligned.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use kefu_api::Support;

use super::directory::Directory;

/// A table with a header row.
pub fn grid<S: ToString>(headers: &[&str], rows: impl IntoIterator<Item = Vec<S>>) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled).set_header(headers);
    for row in rows {
        table.add_row(row.iter().map(ToString::to_string).collect::<Vec<_>>());
    }
    table
}

/// Two columns: a record's fields and their values.
pub fn record(pairs: Vec<(String, String)>) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    for (label, value) in pairs {
        table.add_row(vec![label, value]);
    }
    table
}

pub fn gender_label(code: &str) -> &str {
    match code {
        "1" => "女",
        "2" => "男",
        other => other,
    }
}

pub fn yes_no(code: &str) -> &str {
    match code {
        "1" => "是",
        "0" => "否",
        other => other,
    }
}

pub fn status_label(code: &str) -> &str {
    match code {
        "1" => "在职",
        "0" => "回收站",
        other => other,
    }
}

/// Agents, one a row, with their groups by name.
pub fn agents(agents: &[Support], directory: Option<&Directory>) -> Table {
    let headers = ["sId", "客服账号", "工号", "姓名", "性别", "手机", "邮箱", "分组", "管理员", "状态"];
    grid(
        &headers,
        agents.iter().map(|a| {
            vec![
                a.s_id.clone(),
                a.passport_name.clone(),
                a.job_number.clone(),
                a.name.clone(),
                gender_label(&a.gnder).to_owned(),
                a.mobile.clone(),
                a.email.clone(),
                directory.map_or_else(|| a.group_id.clone(), |d| d.group_names(&a.group_id)),
                yes_no(&a.is_admin).to_owned(),
                status_label(&a.is_stat).to_owned(),
            ]
        }),
    )
}

/// One agent, every field.
pub fn agent(a: &Support, directory: Option<&Directory>) -> Table {
    let groups = directory.map_or_else(|| a.group_id.clone(), |d| d.group_names(&a.group_id));
    let mut pairs: Vec<(String, String)> = [
        ("sId", a.s_id.as_str()),
        ("客服账号", &a.passport_name),
        ("工号", &a.job_number),
        ("姓名", &a.name),
        ("性别", gender_label(&a.gnder)),
        ("邮箱", &a.email),
        ("座机", &a.fixnumber),
        ("手机", &a.mobile),
        ("QQ", &a.qq),
        ("是否管理员", yes_no(&a.is_admin)),
        ("分组", &groups),
        ("状态", status_label(&a.is_stat)),
        ("创建时间", &a.create_dt),
        ("更新时间", &a.update_dt),
    ]
    .into_iter()
    .map(|(label, value)| (label.to_owned(), value.to_owned()))
    .collect();
    for custom in &a.custom_fields {
        let title = directory
            .and_then(|d| d.fields.iter().find(|f| f.wire.key == custom.key))
            .map_or_else(|| custom.key.clone(), |f| f.wire.title.clone());
        pairs.push((title, super::directory::cell_of(&custom.value)));
    }
    record(pairs)
}
