//! The columns of the customers' spreadsheets (`kefu customers import|export`): each
//! column's API member name, the Chinese header export writes and the others import
//! accepts, and the domain parser a cell is checked with before anything is sent.
//! `docs/compat.md` lists them.

use std::collections::HashMap;

use kefu_api::{Company, CustomerGroup, Support, SupportGroup};
use kefu_domain::agent::FixNumber;
use kefu_domain::customer::company::{
    CompanyAddress, CompanyName, CompanyNote, Region, ServiceAccount, ServiceCharge, ServicePeriod, Website,
    parse_company_group, parse_service_groups,
};
use kefu_domain::customer::contact::{
    ContactEmail, ContactMobile, ContactName, ContactNote, ContactQq, ContactState, Position, RemoteId,
    parse_contact_groups, parse_default_flag,
};
use kefu_domain::tags::Tags;

/// How a cell is read.
#[derive(Clone, Copy)]
pub enum Rule {
    /// Kept as written once the parser accepts it.
    Text(fn(&str) -> Result<(), String>),
    Date,
    Tags,
    /// `supportId`: an agent's sId, or (read) its login.
    Agent,
    /// A company's `userGroup`: one company group (type 1), by name or id.
    CompanyGroup,
    /// A contact's `userGroup`: contact groups (type 2), by name or id.
    ContactGroups,
    /// `service_groupid`: support groups, by name or id.
    ServiceGroups,
    /// A contact's `companyId`: a live company, by name or id.
    Company,
    /// `state`: 在职 / 离职 or 1 / 2.
    State,
    /// `default`: 是 / 否 or 1 / 0.
    Default,
    UniqueId,
    /// Set by the server (`uId`, `createDT`…): read and left alone.
    Ignored,
}

pub struct Col {
    pub api: &'static str,
    pub zh: &'static str,
    pub alt: &'static [&'static str],
    pub rule: Rule,
}

const fn col(api: &'static str, zh: &'static str, alt: &'static [&'static str], rule: Rule) -> Col {
    Col { api, zh, alt, rule }
}

fn company_name(raw: &str) -> Result<(), String> {
    CompanyName::parse(raw).map(drop)
}
fn website(raw: &str) -> Result<(), String> {
    Website::parse(raw).map(drop)
}
fn company_note(raw: &str) -> Result<(), String> {
    CompanyNote::parse(raw).map(drop)
}
fn charge(raw: &str) -> Result<(), String> {
    ServiceCharge::parse(raw).map(drop)
}
fn account(raw: &str) -> Result<(), String> {
    ServiceAccount::parse(raw).map(drop)
}
fn address(raw: &str) -> Result<(), String> {
    CompanyAddress::parse(raw).map(drop)
}
fn region(raw: &str) -> Result<(), String> {
    Region::parse(raw).map(drop)
}
fn contact_name(raw: &str) -> Result<(), String> {
    ContactName::parse(raw).map(drop)
}
fn mobile(raw: &str) -> Result<(), String> {
    ContactMobile::parse(raw).map(drop)
}
fn fixnumber(raw: &str) -> Result<(), String> {
    FixNumber::parse(raw).map(drop)
}
fn email(raw: &str) -> Result<(), String> {
    ContactEmail::parse(raw).map(drop)
}
fn position(raw: &str) -> Result<(), String> {
    Position::parse(raw).map(drop)
}
fn qq(raw: &str) -> Result<(), String> {
    ContactQq::parse(raw).map(drop)
}
fn contact_note(raw: &str) -> Result<(), String> {
    ContactNote::parse(raw).map(drop)
}

pub const COMPANY_COLUMNS: &[Col] = &[
    col("companyName", "公司名称", &["公司", "客户名称", "名称"], Rule::Text(company_name)),
    col("supportId", "负责客服", &["负责人", "客户负责人"], Rule::Agent),
    col("servicestarttime", "服务开始时间", &["服务开始日期", "开始时间"], Rule::Date),
    col("serviceendtime", "服务结束时间", &["服务结束日期", "到期时间", "结束时间"], Rule::Date),
    col("userURL", "网址", &["公司网址", "网站"], Rule::Text(website)),
    col("serveNote", "备注", &["服务备注"], Rule::Text(company_note)),
    col("serviceCharge", "服务费", &["服务费余额", "余额"], Rule::Text(charge)),
    col("serviceaccount", "服务账号", &[], Rule::Text(account)),
    col("servicepassword", "服务密码", &[], Rule::Text(account)),
    col("address", "地址", &["公司地址"], Rule::Text(address)),
    col("province", "省份", &["省"], Rule::Text(region)),
    col("city", "城市", &["市"], Rule::Text(region)),
    col("userGroup", "客户分组", &["公司分组", "分组"], Rule::CompanyGroup),
    col("tableName", "标签", &["公司标签"], Rule::Tags),
    col("service_groupid", "服务分组", &["服务客服组"], Rule::ServiceGroups),
];

pub const CONTACT_COLUMNS: &[Col] = &[
    col("name", "姓名", &["联系人", "联系人姓名", "名字"], Rule::Text(contact_name)),
    col("mobile", "手机", &["手机号", "手机号码"], Rule::Text(mobile)),
    col("fixnumber", "座机", &["固定电话", "座机号码", "电话"], Rule::Text(fixnumber)),
    col("email", "邮箱", &["电子邮箱", "邮件"], Rule::Text(email)),
    col("position", "职位", &["职务"], Rule::Text(position)),
    col("state", "状态", &["在职状态"], Rule::State),
    col("QQ", "QQ", &["QQ号"], Rule::Text(qq)),
    col("note", "备注", &[], Rule::Text(contact_note)),
    col("companyId", "所属公司", &["公司", "公司名称"], Rule::Company),
    col("uniqueId", "外部编号", &["唯一标识", "外部ID"], Rule::UniqueId),
    col("supportId", "负责客服", &["负责人"], Rule::Agent),
    col("default", "默认联系人", &["是否默认联系人"], Rule::Default),
    col("userGroup", "客户分组", &["联系人分组", "分组"], Rule::ContactGroups),
    col("tableName", "标签", &["联系人标签"], Rule::Tags),
];

/// Server-set members, accepted in a file (an export read back) and ignored.
pub const IGNORED: &[&str] =
    &["uId", "cId", "url", "createDT", "updateDT", "createrId", "status", "custom_fields", "uniqueIds", "编号"];

pub const IGNORED_COL: Col = col("", "", &[], Rule::Ignored);

/// The column a header names among `columns`, None when it names nothing known. API names
/// match without regard to ASCII case.
pub fn column_for<'c>(header: &str, columns: &'c [Col]) -> Option<&'c Col> {
    let header = header.trim();
    if let Some(column) = columns.iter().find(|c| header.eq_ignore_ascii_case(c.api)) {
        return Some(column);
    }
    if let Some(column) = columns.iter().find(|c| header == c.zh || c.alt.contains(&header)) {
        return Some(column);
    }
    IGNORED.iter().any(|name| header.eq_ignore_ascii_case(name)).then_some(&IGNORED_COL)
}

pub fn known_headers(columns: &[Col]) -> String {
    columns.iter().map(|c| format!("{} ({})", c.zh, c.api)).collect::<Vec<_>>().join(", ")
}

/// What the server knows that cells are checked against.
pub struct Known {
    pub companies: Vec<Company>,
    pub customer_groups: Vec<CustomerGroup>,
    pub support_groups: Vec<SupportGroup>,
    pub agents: Vec<Support>,
    /// The live companies' positions in `companies` by name and by uId: every row names
    /// one, and a big account's list is not scanned once a row.
    live_by_name: HashMap<String, usize>,
    live_by_id: HashMap<String, usize>,
}

/// Splits a list cell: `,`, `，`, `、`, `;` or `；`.
fn tokens(raw: &str) -> impl Iterator<Item = &str> {
    raw.split([',', '，', '、', ';', '；']).map(str::trim).filter(|t| !t.is_empty())
}

impl Known {
    pub fn new(
        companies: Vec<Company>,
        customer_groups: Vec<CustomerGroup>,
        support_groups: Vec<SupportGroup>,
        agents: Vec<Support>,
    ) -> Self {
        let mut live_by_name = HashMap::new();
        let mut live_by_id = HashMap::new();
        // Only live companies: a contact can belong to them, and only their names are taken.
        for (index, company) in companies.iter().enumerate().filter(|(_, c)| c.status != "2") {
            live_by_name.entry(company.company_name.clone()).or_insert(index);
            live_by_id.entry(company.u_id.clone()).or_insert(index);
        }
        Known { companies, customer_groups, support_groups, agents, live_by_name, live_by_id }
    }

    /// The live company named `name`, if any.
    pub fn live_company_named(&self, name: &str) -> Option<&Company> {
        self.live_by_name.get(name).and_then(|i| self.companies.get(*i))
    }

    /// The live company named `value`, or else whose uId it is.
    fn live_company(&self, value: &str) -> Option<&Company> {
        self.live_company_named(value).or_else(|| self.live_by_id.get(value).and_then(|i| self.companies.get(*i)))
    }

    /// Names (or ids) of customer groups of `group_type` ("1" companies, "2" contacts) as ids.
    fn customer_group_ids(&self, raw: &str, group_type: &str, what: &str) -> Result<String, String> {
        let groups = || self.customer_groups.iter().filter(|g| g.group_type == group_type);
        let mut ids = Vec::new();
        for token in tokens(raw) {
            let group = groups()
                .find(|g| g.group_name == token)
                .or_else(|| groups().find(|g| g.group_id == token))
                .ok_or_else(|| format!("no {what} group is named {token:?}"))?;
            ids.push(group.group_id.clone());
        }
        Ok(ids.join(","))
    }

    fn support_group_ids(&self, raw: &str) -> Result<String, String> {
        let mut ids = Vec::new();
        for token in tokens(raw) {
            let group = self
                .support_groups
                .iter()
                .find(|g| g.name == token)
                .or_else(|| self.support_groups.iter().find(|g| g.group_id == token))
                .ok_or_else(|| format!("no support group is named {token:?}"))?;
            ids.push(group.group_id.clone());
        }
        Ok(ids.join(","))
    }

    /// The cell as the API member's value, checked. Empty cells never reach here.
    pub fn check(&self, rule: Rule, value: &str) -> Result<String, String> {
        match rule {
            Rule::Text(parse) => parse(value).map(|()| value.to_owned()),
            Rule::Date => ServicePeriod::parse_end(value).map(ServicePeriod::format),
            Rule::Tags => Tags::parse(value).map(|tags| tags.to_wire()),
            Rule::Agent => self
                .agents
                .iter()
                .find(|a| a.s_id == value || a.passport_name == value)
                .map(|a| a.s_id.clone())
                .ok_or_else(|| format!("no agent has the sId or login {value:?}")),
            Rule::CompanyGroup => {
                let id = self.customer_group_ids(value, "1", "company")?;
                if id.contains(',') {
                    return Err(format!("a company belongs to one company group, got {value:?}"));
                }
                parse_company_group(&id).map(|_| id)
            }
            Rule::ContactGroups => {
                let ids = self.customer_group_ids(value, "2", "contact")?;
                parse_contact_groups(&ids).map(|_| ids)
            }
            Rule::ServiceGroups => {
                let ids = self.support_group_ids(value)?;
                parse_service_groups(&ids).map(|_| ids)
            }
            Rule::Company => {
                self.live_company(value).map(|c| c.u_id.clone()).ok_or_else(|| format!("no company is named {value:?}"))
            }
            Rule::State => {
                let code = match value {
                    "在职" => "1",
                    "离职" => "2",
                    other => other,
                };
                ContactState::parse(code).map(|_| code.to_owned())
            }
            Rule::Default => {
                let code = match value.to_lowercase().as_str() {
                    "是" | "yes" | "true" => "1",
                    "否" | "no" | "false" => "0",
                    _ => value,
                };
                parse_default_flag(code).map(|_| code.to_owned())
            }
            Rule::UniqueId => RemoteId::parse(value, "").map(|r| r.id),
            Rule::Ignored => Ok(String::new()),
        }
    }

    /// A member's value as export writes it under Chinese headers: names for ids, labels
    /// for codes — what `check` reads back.
    pub fn label(&self, rule: Rule, value: &str) -> String {
        let join = |names: Vec<String>| names.join(",");
        match rule {
            Rule::Agent => {
                self.agents.iter().find(|a| a.s_id == value).map_or_else(String::new, |a| a.passport_name.clone())
            }
            Rule::CompanyGroup | Rule::ContactGroups => join(
                tokens(value)
                    .filter(|id| *id != "0")
                    .map(|id| {
                        self.customer_groups
                            .iter()
                            .find(|g| g.group_id == id)
                            .map_or_else(|| id.to_owned(), |g| g.group_name.clone())
                    })
                    .collect(),
            ),
            Rule::ServiceGroups => join(
                tokens(value)
                    .map(|id| {
                        self.support_groups
                            .iter()
                            .find(|g| g.group_id == id)
                            .map_or_else(|| id.to_owned(), |g| g.name.clone())
                    })
                    .collect(),
            ),
            Rule::Company => {
                self.companies.iter().find(|c| c.u_id == value).map_or_else(String::new, |c| c.company_name.clone())
            }
            Rule::State => match value {
                "1" => "在职".to_owned(),
                "2" => "离职".to_owned(),
                other => other.to_owned(),
            },
            Rule::Default => if value == "1" { "是" } else { "否" }.to_owned(),
            _ => value.to_owned(),
        }
    }

    /// The API form: ids as they are, but "0" (none) as empty so that it reads back.
    pub fn api_cell(rule: Rule, value: &str) -> String {
        match rule {
            Rule::Agent | Rule::CompanyGroup | Rule::Company if value == "0" => String::new(),
            _ => value.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Known {
        let group = |id: &str, name: &str, group_type: &str| CustomerGroup {
            group_id: id.into(),
            url: String::new(),
            group_name: name.into(),
            group_type: group_type.into(),
        };
        Known::new(
            Vec::new(),
            vec![group("1", "大客户", "1"), group("2", "VIP", "2"), group("3", "北京", "2")],
            Vec::new(),
            Vec::new(),
        )
    }

    #[test]
    fn headers_in_chinese_or_api_names() {
        assert_eq!(column_for("公司名称", COMPANY_COLUMNS).map(|c| c.api), Some("companyName"));
        assert_eq!(column_for("COMPANYNAME", COMPANY_COLUMNS).map(|c| c.api), Some("companyName"));
        assert_eq!(column_for("所属公司", CONTACT_COLUMNS).map(|c| c.api), Some("companyId"));
        assert_eq!(column_for("createDT", CONTACT_COLUMNS).map(|c| c.api), Some(""));
        assert!(column_for("性別", CONTACT_COLUMNS).is_none());
    }

    #[test]
    fn labels_read_back() {
        let known = known();
        for (rule, code) in [(Rule::State, "2"), (Rule::Default, "1"), (Rule::ContactGroups, "2,3")] {
            let label = known.label(rule, code);
            assert_eq!(known.check(rule, &label).as_deref(), Ok(code), "{label}");
        }
        assert_eq!(known.check(Rule::CompanyGroup, "大客户").as_deref(), Ok("1"));
        assert!(known.check(Rule::CompanyGroup, "VIP").is_err(), "a contact group is not a company group");
        assert_eq!(known.check(Rule::Tags, "VIP，北京,VIP").as_deref(), Ok("VIP,北京"));
        assert_eq!(known.check(Rule::Date, "2024-03-01 00:00:00").as_deref(), Ok("2024-03-01"));
        assert!(known.check(Rule::Text(mobile), "12345").is_err());
    }
}
