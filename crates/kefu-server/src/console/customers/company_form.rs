//! The company's create and edit form: every member the API's create and update take
//! (`status` aside: deleting and restoring are the bin's buttons), named as the API names
//! them and read by the API's parsers into the use case's `CompanyInput` — 负责客服
//! (`supportId`, [`super::support`]), the company group as a select, the service period as
//! dates, the service members, the support groups that serve it as checkboxes, and the
//! custom fields. `servicepassword` is never written into the page: empty leaves it as it is.

use axum::response::Response;
use kefu_app::AppError;
use kefu_app::companies::CompanyInput;
use kefu_app::customer_fields::EntityFields;
use kefu_domain::FieldError;
use kefu_domain::customer::company::{
    CompanyAddress, CompanyName, CompanyNote, CompanyPatch, Region, ServiceAccount, ServiceCharge, ServicePeriod,
    Website, parse_company_group, parse_service_groups,
};
use kefu_domain::customer::group::CustomerGroupType;
use kefu_domain::ids::join_ids;
use kefu_domain::tags::Tags;
use kefu_store::{CompanyRecord, CustomerListFilter, CustomerOrder};
use maud::html;

use super::choices::{checkboxes, customer_groups, support_groups, ticked};
use super::support::{SUPPORT, read_support, support_field};
use super::{FormState, custom_inputs, custom_values, member, stored_custom, value_in};
use crate::console::csrf::Fields;
use crate::console::layout::{self, FormErrors, Input, Nav, Page};
use crate::console::session::ConsoleUser;
use crate::console::tickets::select;
use crate::state::AppState;

/// The label of a company member (API name) in the form.
pub fn label(api: &str) -> &'static str {
    match api {
        "companyName" => "公司名称",
        "address" => "地址",
        "province" => "省份",
        "city" => "城市",
        "userURL" => "网址",
        "tableName" => "标签",
        "serveNote" => "备注",
        "userGroup" => "客户分组",
        "supportId" => "负责客服",
        "servicestarttime" => "服务开始日期",
        "serviceendtime" => "服务结束日期",
        "serviceCharge" => "服务费余额",
        "serviceaccount" => "服务账号",
        "servicepassword" => "服务密码",
        "service_groupid" => "服务分组",
        "status" => "状态",
        _ => "字段",
    }
}

/// A text member of the form: (API name, input type, hint).
type Member = (&'static str, &'static str, Option<&'static str>);

/// The company's own members, in order (负责客服 and the group follow them).
const MEMBERS: [Member; 7] = [
    ("companyName", "text", None),
    ("address", "text", None),
    ("province", "text", None),
    ("city", "text", None),
    ("userURL", "url", Some("以 http:// 或 https:// 开头")),
    ("tableName", "text", Some("多个标签用英文逗号分隔")),
    ("serveNote", "text", None),
];

/// The service members shown again with their values (not the password).
const SERVICE: [Member; 4] = [
    ("servicestarttime", "date", Some("留空表示不限")),
    ("serviceendtime", "date", Some("不能早于开始日期；留空表示不限")),
    ("serviceCharge", "text", Some("如 1200.50，最多两位小数；欠费为负数")),
    ("serviceaccount", "text", Some("客户在所购服务上的账号，供客服查阅")),
];

const PASSWORD: &str = "servicepassword";

/// The form's members read into the use case's input by the API's parsers (the custom
/// values as text, as the old endpoints read them); `current` is the company edited.
pub fn input(fields: &Fields, definitions: &EntityFields, current: Option<&CompanyRecord>) -> CompanyInput {
    let mut problems = Vec::new();
    let patch = CompanyPatch {
        name: member(fields, "companyName", &mut problems, CompanyName::parse),
        // The stored agent sent back is left as it is (it may have left the team since).
        support: read_support(fields, &mut problems).filter(|s| current.is_none_or(|c| c.support != Some(*s))),
        service_start: member(fields, "servicestarttime", &mut problems, ServicePeriod::parse_end),
        service_end: member(fields, "serviceendtime", &mut problems, ServicePeriod::parse_end),
        address: member(fields, "address", &mut problems, CompanyAddress::parse),
        province: member(fields, "province", &mut problems, Region::parse),
        city: member(fields, "city", &mut problems, Region::parse),
        website: member(fields, "userURL", &mut problems, Website::parse),
        tags: member(fields, "tableName", &mut problems, Tags::parse),
        group: member(fields, "userGroup", &mut problems, parse_company_group),
        note: member(fields, "serveNote", &mut problems, CompanyNote::parse),
        service_charge: member(fields, "serviceCharge", &mut problems, ServiceCharge::parse),
        service_account: member(fields, "serviceaccount", &mut problems, ServiceAccount::parse),
        // Never shown, so empty is "unchanged" (on a new company: none).
        service_password: match fields.get(PASSWORD) {
            Some("") | None => None,
            Some(raw) => ServiceAccount::parse(raw).map_err(|m| problems.push(FieldError::new(PASSWORD, m))).ok(),
        },
        service_groups: ticked(fields, "service_groupid").and_then(|ids| {
            parse_service_groups(&ids).map_err(|m| problems.push(FieldError::new("service_groupid", m))).ok()
        }),
        ..CompanyPatch::default()
    };
    CompanyInput { fields: patch, custom_fields: custom_values(fields, definitions), problems }
}

/// The stored company as the form's values (never its service password).
pub fn values_of(company: &CompanyRecord) -> Vec<(&'static str, String)> {
    vec![
        ("companyName", company.name.clone()),
        ("address", company.address.clone()),
        ("province", company.province.clone()),
        ("city", company.city.clone()),
        ("userURL", company.website.clone()),
        ("tableName", company.tags.clone()),
        ("serveNote", company.note.clone()),
        ("servicestarttime", ServicePeriod::format(company.service_start)),
        ("serviceendtime", ServicePeriod::format(company.service_end)),
        ("serviceCharge", company.service_charge.clone()),
        ("serviceaccount", company.service_account.clone()),
        ("userGroup", company.group.map(|g| g.to_string()).unwrap_or_default()),
        (SUPPORT, company.support.map(|s| s.to_string()).unwrap_or_default()),
        ("service_groupid", join_ids(&company.service_groups)),
    ]
}

/// The values a refused form sent, to show it again (never the password typed).
pub fn submitted(fields: &Fields) -> Vec<(&'static str, String)> {
    let mut values: Vec<(&'static str, String)> =
        MEMBERS.iter().chain(&SERVICE).map(|(name, _, _)| (*name, fields.one(name).to_owned())).collect();
    for name in ["userGroup", SUPPORT] {
        values.push((name, fields.one(name).to_owned()));
    }
    values.push(("service_groupid", ticked(fields, "service_groupid").unwrap_or_default()));
    values
}

/// One text member's input with its value.
fn text_input(member: &Member, value: &str, errors: &FormErrors) -> maud::Markup {
    let (name, kind, hint) = *member;
    let input = Input::text(name, label(name), value).kind(kind);
    let input = match hint {
        Some(hint) => input.hint(hint),
        None => input,
    };
    let input = if name == "serviceCharge" { input.inputmode("decimal") } else { input };
    if name == "companyName" { input.required().render(errors) } else { input.render(errors) }
}

/// The create or edit form (`company` the one edited) as `form` says.
pub async fn form_page(
    state: &AppState,
    user: &ConsoleUser,
    company: Option<&CompanyRecord>,
    form: FormState<'_>,
) -> Response {
    let FormState { values, custom, errors, status, notice } = form;
    let caller = user.caller();
    let loaded = async {
        let contacts = match company {
            Some(company) => {
                let page = kefu_domain::paging::PageRequest::new(1, 100);
                let filter = CustomerListFilter::default();
                let contacts = state.app().contacts();
                Some(contacts.page(&caller, Some(company.id), &filter, CustomerOrder::IdAscending, page).await?)
            }
            None => None,
        };
        Ok::<_, AppError>((
            state.app().companies().fields(&caller).await?,
            contacts,
            customer_groups(state, &caller, CustomerGroupType::Company).await?,
            support_groups(state, &caller).await?,
        ))
    };
    let (definitions, contacts, groups, serving) = match loaded.await {
        Ok(found) => found,
        Err(error) => return layout::error_page(Some(user), error),
    };
    let custom = custom
        .unwrap_or_else(|| company.map(|c| stored_custom(&c.custom_fields, &definitions.fields)).unwrap_or_default());
    let action =
        company.map(|c| format!("/console/companies/{}", c.id)).unwrap_or_else(|| "/console/companies".to_owned());
    let title = if company.is_some() { "编辑公司" } else { "新建公司" };
    let value = |name: &str| value_in(&values, name);
    let support = support_field(state, user, value(SUPPORT), company.is_some(), &errors).await;
    let password_hint = match company {
        Some(c) if !c.service_password.is_empty() => "已设置，不在页面上显示；留空则不修改",
        Some(_) => "未设置；留空则不修改",
        None => "客户在所购服务上的密码，供客服查阅；保存后不在页面上显示",
    };
    let body = html! {
        (super::tabs(kefu_domain::customer::CustomerMode::Business, user, "/console/companies"))
        (errors.summary())
        @if company.is_some_and(|c| c.is_deleted) {
            p.notice { "这家公司在回收站中。" }
        }
        form.stacked method="post" action=(action) novalidate {
            (layout::csrf_input(user))
            @for member in &MEMBERS { (text_input(member, value(member.0), &errors)) }
            (support)
            (select("userGroup", label("userGroup"), false, value("userGroup"), &groups, Some("（不属于任何分组）"), &errors))
            @if groups.is_empty() { p.hint { "还没有公司类客户分组。" } }
            fieldset {
                legend { "服务" }
                @for member in &SERVICE { (text_input(member, value(member.0), &errors)) }
                (Input::text(PASSWORD, label(PASSWORD), "").kind("password").autocomplete("new-password").hint(password_hint).render(&errors))
                (checkboxes("service_groupid", label("service_groupid"), "还没有客服分组。", &serving, value("service_groupid"), &errors))
            }
            (custom_inputs(&definitions.fields, &custom, &errors))
            div.actions {
                button.primary type="submit" { @if company.is_some() { "保存" } @else { "创建" } }
                a href="/console/companies" { "返回列表" }
            }
        }
        @if let (Some(company), Some(contacts)) = (company, contacts) {
            section {
                h2 { "联系人" }
                p { a href={ "/console/contacts/new?company=" (company.id) } { "为这家公司新建联系人" } }
                @if contacts.rows.is_empty() {
                    p.empty { "这家公司还没有联系人。" }
                } @else {
                    (super::contacts::table(&contacts.rows, false))
                }
            }
            @if user.is_admin && !company.is_deleted {
                section {
                    h2 { "删除" }
                    form method="post" action={ "/console/companies/" (company.id) "/delete" } {
                        (layout::csrf_input(user))
                        button.danger type="submit" { "移入回收站" }
                    }
                }
            }
        }
    };
    layout::html(status, Page::new(title, user, Nav::Customers).notice(notice).render(body))
}
