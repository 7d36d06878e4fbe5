//! An agent's fields as people type them — in a spreadsheet's cells or in flags — checked
//! with the same parsers the server uses, before anything is sent. The columns and their
//! headers (Chinese as the hosted back end's spreadsheets, or the API's field names) are
//! listed once here; `docs/compat.md` documents them.

use kefu_client::AgentFields;
use kefu_domain::agent::{AgentName, Email, FixNumber, JobNumber, Mobile, PassportName, QqNumber};
use kefu_domain::limits::MAX_GROUPS_PER_AGENT;
use kefu_domain::password::Password;
use serde_json::Value;

use super::directory::{Directory, GroupNaming, GroupRef};

/// What a column (or flag) holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    Login,
    JobNumber,
    Name,
    Gender,
    Email,
    FixNumber,
    Mobile,
    Qq,
    Admin,
    Groups(GroupNaming),
    Password,
    /// A custom field, by key (`field_N`).
    Custom(String),
    /// A member the server sets (`sId`, `createDT`…): read, and left alone.
    Ignored,
}

/// The built-in columns: the API's name, the Chinese header export writes, and the other
/// Chinese headers import accepts.
pub const COLUMNS: [(Column, &str, &str, &[&str]); 11] = [
    (Column::Login, "sPassportName", "客服账号", &["账号", "登录账号", "登录名", "用户名"]),
    (Column::JobNumber, "sNum", "工号", &["客服工号", "员工工号"]),
    (Column::Name, "name", "姓名", &["客服姓名", "名字"]),
    (Column::Gender, "gnder", "性别", &[]),
    (Column::Email, "email", "邮箱", &["电子邮箱", "邮件"]),
    (Column::FixNumber, "fixnumber", "座机", &["固定电话", "座机号码", "电话"]),
    (Column::Mobile, "mobile", "手机", &["手机号", "手机号码"]),
    (Column::Qq, "QQ", "QQ", &["QQ号"]),
    (Column::Admin, "isAdmin", "是否管理员", &["管理员"]),
    (Column::Groups(GroupNaming::Ids), "groupId", "分组", &["客服分组", "所属分组", "分组名称"]),
    (Column::Password, "password", "密码", &["登录密码"]),
];

/// Server-set members, accepted in a file and ignored.
const IGNORED: [&str; 11] =
    ["sId", "url", "isStat", "createDT", "updateDT", "编号", "客服ID", "状态", "创建时间", "更新时间", "custom_fields"];

/// The column a header names, None when it names nothing known. API names match without
/// regard to ASCII case.
pub fn column_for(header: &str, directory: &Directory) -> Option<Column> {
    let header = header.trim();
    for (column, api, chinese, others) in &COLUMNS {
        if header.eq_ignore_ascii_case(api) {
            return Some(column.clone());
        }
        if header == *chinese || others.contains(&header) {
            // The Chinese group columns hold names.
            return Some(match column {
                Column::Groups(_) => Column::Groups(GroupNaming::Names),
                other => other.clone(),
            });
        }
    }
    if IGNORED.iter().any(|name| header.eq_ignore_ascii_case(name)) {
        return Some(Column::Ignored);
    }
    directory.field(header).map(|field| Column::Custom(field.wire.key.clone()))
}

/// Every header import accepts, for the message about one it does not.
pub fn known_headers(directory: &Directory) -> String {
    let mut names: Vec<String> = COLUMNS.iter().map(|(_, api, chinese, _)| format!("{chinese} ({api})")).collect();
    names.extend(directory.fields.iter().map(|f| format!("{} ({})", f.wire.title, f.wire.key)));
    names.join(", ")
}

/// 性别: 女 / 男, or the API's 1 / 2, or female / male.
pub fn gender_code(raw: &str) -> Result<&'static str, String> {
    match raw.trim().to_lowercase().as_str() {
        "女" | "1" | "female" | "f" => Ok("1"),
        "男" | "2" | "male" | "m" => Ok("2"),
        _ => Err(format!("must be 女 or 男 (or 1 / 2), got {raw:?}")),
    }
}

/// 是否管理员: 是 / 否, or the API's 1 / 0, or yes / no.
pub fn admin_code(raw: &str) -> Result<&'static str, String> {
    match raw.trim().to_lowercase().as_str() {
        "是" | "1" | "yes" | "y" | "true" | "管理员" => Ok("1"),
        "否" | "0" | "no" | "n" | "false" | "客服" => Ok("0"),
        _ => Err(format!("must be 是 or 否 (or 1 / 0), got {raw:?}")),
    }
}

/// An agent being put together from checked values.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub fields: AgentFields,
    /// The groups named, until new ones have ids.
    pub groups: Option<Vec<GroupRef>>,
}

/// How empty values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Empty {
    /// A spreadsheet's empty cell: not given (the server's default).
    NotGiven,
    /// A flag given as "": clear the field.
    Clears,
}

impl Draft {
    /// Checks `raw` as `column` and keeps it. The error says what was expected.
    pub fn set(
        &mut self,
        column: &Column,
        raw: &str,
        empty: Empty,
        directory: &Directory,
        create_groups: bool,
    ) -> Result<(), String> {
        // Spreadsheet cells often carry stray spaces; a password keeps them.
        let value = if *column == Column::Password { raw } else { raw.trim() };
        if value.is_empty() && empty == Empty::NotGiven {
            return match column {
                Column::Login | Column::JobNumber => Err("is required".to_owned()),
                _ => Ok(()),
            };
        }
        let text = |parsed: Result<(), String>| parsed.map(|()| Some(value.to_owned()));
        let f = &mut self.fields;
        match column {
            Column::Login => f.passport_name = text(PassportName::parse(value).map(drop))?,
            Column::JobNumber => f.job_number = text(JobNumber::parse(value).map(drop))?,
            Column::Name => f.name = text(AgentName::parse(value).map(drop))?,
            Column::Email => f.email = text(Email::parse(value).map(drop))?,
            Column::FixNumber => f.fixnumber = text(FixNumber::parse(value).map(drop))?,
            Column::Mobile => f.mobile = text(Mobile::parse(value).map(drop))?,
            Column::Qq => f.qq = text(QqNumber::parse(value).map(drop))?,
            Column::Password => f.password = text(Password::parse(value).map(drop))?,
            Column::Gender => f.gnder = Some(gender_code(value)?.to_owned()),
            Column::Admin => f.is_admin = Some(admin_code(value)?.to_owned()),
            Column::Groups(naming) => {
                let refs = directory.resolve_groups(value, *naming, create_groups)?;
                if refs.len() > MAX_GROUPS_PER_AGENT {
                    return Err(format!(
                        "an agent may belong to at most {MAX_GROUPS_PER_AGENT} groups, got {}",
                        refs.len()
                    ));
                }
                self.groups = Some(refs);
            }
            Column::Custom(key) => {
                let field = directory.field(key).ok_or_else(|| format!("no custom field {key}"))?;
                let value = if value.is_empty() {
                    if field.required() {
                        return Err("is required and cannot be cleared".to_owned());
                    }
                    Value::String(String::new())
                } else {
                    field.value(value)?
                };
                f.custom_fields
                    .get_or_insert_with(Vec::new)
                    .push(kefu_api::CustomFieldValue { key: key.clone(), value });
            }
            Column::Ignored => {}
        }
        Ok(())
    }

    /// The titles of the required custom fields a new agent has no value for.
    pub fn missing_required<'d>(&self, directory: &'d Directory) -> Vec<&'d str> {
        let given = |key: &str| {
            self.fields.custom_fields.iter().flatten().any(|v| v.key == key && v.value != Value::String(String::new()))
        };
        directory.fields.iter().filter(|f| f.required() && !given(&f.wire.key)).map(|f| f.wire.title.as_str()).collect()
    }
}
