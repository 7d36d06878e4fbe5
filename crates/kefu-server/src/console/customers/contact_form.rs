//! The contact's create and edit form: its members named as the API names them and read by
//! the API's parsers into the use case's `ContactInput` — the company picker (2B), 负责客服
//! (`supportId`, [`super::support`]), 默认联系人 (`default`, 2B), the first remote id
//! (`uniqueId`, the old endpoints' member; the contact's other remote ids are kept), the
//! contact groups and the custom fields.

use axum::response::Response;
use kefu_app::AppError;
use kefu_app::contacts::ContactInput;
use kefu_app::customer_fields::EntityFields;
use kefu_domain::agent::FixNumber;
use kefu_domain::customer::CustomerMode;
use kefu_domain::customer::contact::{
    ContactEmail, ContactMobile, ContactName, ContactNote, ContactPatch, ContactQq, ContactState, Position, RemoteId,
    check_remote_ids, parse_contact_groups, parse_default_flag,
};
use kefu_domain::customer::group::CustomerGroupType;
use kefu_domain::ids::{join_ids, parse_optional_id};
use kefu_domain::tags::Tags;
use kefu_domain::{CompanyId, FieldError};
use kefu_store::ContactRecord;
use maud::html;

use super::choices::{customer_groups, group_choices, ticked};
use super::pick::{chosen_company, company_field};
use super::support::{SUPPORT, read_support, support_field};
use super::{FormState, custom_inputs, custom_values, member, stored_custom, tabs, value_in};
use crate::console::csrf::Fields;
use crate::console::layout::{self, Input, Nav, Page};
use crate::console::session::ConsoleUser;
use crate::state::AppState;

pub fn label(api: &str) -> &'static str {
    match api {
        "name" => "姓名",
        "mobile" => "手机",
        "fixnumber" => "固定电话",
        "email" => "邮箱",
        "position" => "职位",
        "QQ" => "QQ",
        "state" => "状态",
        "companyId" => "所属公司",
        "userGroup" => "客户分组",
        "tableName" => "标签",
        "note" => "备注",
        "uniqueId" | "uniqueIds" => "外部编号",
        "supportId" => "负责客服",
        "default" => "默认联系人",
        _ => "字段",
    }
}

/// The text members of this form: (API name, input type, hint, only in 2B).
const MEMBERS: [(&str, &str, Option<&str>, bool); 10] = [
    ("name", "text", None, false),
    // Rendered as the company picker (`pick.rs`).
    ("companyId", "text", None, true),
    ("mobile", "tel", Some("11 位手机号，如 13039209552"), false),
    ("fixnumber", "tel", Some("如 010-63701717-8280"), false),
    ("email", "email", None, false),
    ("position", "text", None, false),
    ("QQ", "text", None, false),
    // Its hint names the contact's other remote ids (`remote_hint`).
    ("uniqueId", "text", None, false),
    ("tableName", "text", Some("多个标签用英文逗号分隔"), false),
    ("note", "text", None, false),
];

/// The form's members read into the use case's input; `current` is the contact edited
/// (its support agent and remote ids).
pub fn input(fields: &Fields, definitions: &EntityFields, current: Option<&ContactRecord>) -> ContactInput {
    let mut problems = Vec::new();
    let stored_ids = current.map(|c| c.remote_ids.as_slice()).unwrap_or_default();
    let patch = ContactPatch {
        name: member(fields, "name", &mut problems, ContactName::parse),
        mobile: member(fields, "mobile", &mut problems, ContactMobile::parse),
        fixnumber: member(fields, "fixnumber", &mut problems, FixNumber::parse),
        email: member(fields, "email", &mut problems, ContactEmail::parse),
        position: member(fields, "position", &mut problems, Position::parse),
        qq: member(fields, "QQ", &mut problems, ContactQq::parse),
        note: member(fields, "note", &mut problems, ContactNote::parse),
        state: member(fields, "state", &mut problems, ContactState::parse),
        company: member(fields, "companyId", &mut problems, |raw| parse_optional_id(raw, CompanyId::parse)).flatten(),
        remote_ids: remote_ids(fields, stored_ids, &mut problems),
        // The stored agent sent back is left as it is (it may have left the team since).
        support: read_support(fields, &mut problems).filter(|s| current.is_none_or(|c| c.support != Some(*s))),
        // A checkbox after its hidden "0"; on an edit only a change is sent, so that a
        // contact moved to another company stops being the old one's default as the API's
        // rule has it (unless the box is newly ticked).
        is_default: fields
            .last("default")
            .and_then(|raw| {
                parse_default_flag(raw).map_err(|message| problems.push(FieldError::new("default", message))).ok()
            })
            .filter(|d| current.is_none_or(|c| c.is_default != *d)),
        // Checkboxes: one `userGroup` per ticked group, after an always-sent empty one so
        // that ticking none clears them.
        groups: ticked(fields, "userGroup").and_then(|ids| {
            parse_contact_groups(&ids).map_err(|message| problems.push(FieldError::new("userGroup", message))).ok()
        }),
        tags: member(fields, "tableName", &mut problems, Tags::parse),
        ..ContactPatch::default()
    };
    ContactInput { fields: patch, custom_fields: custom_values(fields, definitions), problems }
}

/// The remote ids after the form's `uniqueId`, the first of them (as the old endpoints
/// answer it): None when the form left it as stored. A changed one replaces the first (its
/// note kept), an empty one removes it; the contact's other remote ids stay either way —
/// where the old endpoints' `uniqueId` would replace the whole list.
fn remote_ids(fields: &Fields, stored: &[RemoteId], problems: &mut Vec<FieldError>) -> Option<Vec<RemoteId>> {
    let raw = fields.get("uniqueId")?;
    let first = stored.first();
    if raw == first.map_or("", |r| r.id.as_str()) {
        return None;
    }
    let others = stored.iter().skip(1).cloned();
    if stored.iter().skip(1).any(|r| r.id == raw) {
        problems.push(FieldError::new("uniqueId", "与这位联系人的另一个外部编号重复。"));
        return None;
    }
    let ids = if raw.is_empty() {
        others.collect()
    } else {
        let note = first.map_or("", |r| r.note.as_str());
        match RemoteId::parse(raw, note) {
            Ok(id) => std::iter::once(id).chain(others).collect(),
            Err(message) => {
                let message = message.strip_prefix("uniqueId ").unwrap_or(&message);
                problems.push(FieldError::new("uniqueId", message));
                return None;
            }
        }
    };
    check_remote_ids(ids).map_err(|message| problems.push(FieldError::new("uniqueId", message))).ok()
}

pub fn values_of(contact: &ContactRecord) -> Vec<(&'static str, String)> {
    vec![
        ("name", contact.name.clone()),
        ("companyId", contact.company.map(|c| c.to_string()).unwrap_or_default()),
        ("mobile", contact.mobile.clone()),
        ("fixnumber", contact.fixnumber.clone()),
        ("email", contact.email.clone()),
        ("position", contact.position.clone()),
        ("QQ", contact.qq.clone()),
        ("uniqueId", contact.remote_ids.first().map(|r| r.id.clone()).unwrap_or_default()),
        ("tableName", contact.tags.clone()),
        ("userGroup", join_ids(&contact.groups)),
        ("note", contact.note.clone()),
        ("state", if contact.state == ContactState::Left { "2" } else { "1" }.to_owned()),
        (SUPPORT, contact.support.map(|s| s.to_string()).unwrap_or_default()),
        ("default", if contact.is_default { "1" } else { "0" }.to_owned()),
    ]
}

/// The values a refused form sent, to show it again.
pub fn submitted(fields: &Fields) -> Vec<(&'static str, String)> {
    let mut values: Vec<(&'static str, String)> =
        MEMBERS.iter().map(|(name, _, _, _)| (*name, fields.one(name).to_owned())).collect();
    for name in ["state", SUPPORT] {
        values.push((name, fields.one(name).to_owned()));
    }
    values.push(("default", fields.last("default").unwrap_or("0").to_owned()));
    values.push(("userGroup", ticked(fields, "userGroup").unwrap_or_default()));
    values
}

/// What the 外部编号 field says of the contact's other remote ids, kept by a save.
fn remote_hint(contact: Option<&ContactRecord>) -> String {
    let others: Vec<String> = contact
        .map(|c| {
            c.remote_ids
                .iter()
                .skip(1)
                .map(|r| if r.note.is_empty() { r.id.clone() } else { format!("{}（{}）", r.id, r.note) })
                .collect()
        })
        .unwrap_or_default();
    if others.is_empty() {
        "联系人在其他系统中的编号，本账号内不能重复".to_owned()
    } else {
        format!("第一个外部编号；另有 {}，保存时保留", others.join("、"))
    }
}

/// The create or edit form (`contact` the one edited) as `form` says.
pub async fn form_page(
    state: &AppState,
    user: &ConsoleUser,
    contact: Option<&ContactRecord>,
    form: FormState<'_>,
) -> Response {
    let FormState { values, custom, errors, status, notice } = form;
    let caller = user.caller();
    let contacts = state.app().contacts();
    let loaded = async {
        Ok::<_, AppError>((
            contacts.mode(&caller).await?,
            contacts.fields(&caller).await?,
            customer_groups(state, &caller, CustomerGroupType::Contact).await?,
        ))
    };
    let (mode, definitions, groups) = match loaded.await {
        Ok(found) => found,
        Err(error) => return layout::error_page(Some(user), error),
    };
    if let Some(deleted) = contact.filter(|c| c.is_deleted) {
        let shown: Vec<(&str, &str, String)> = values
            .iter()
            .filter(|(name, _)| !["state", SUPPORT, "default"].contains(name))
            .filter(|(name, _)| *name != "companyId" || mode != CustomerMode::Consumer)
            .map(|(name, value)| (*name, label(name), value.clone()))
            .collect();
        return super::bin::deleted_contact_page(user, mode, deleted, &shown, notice);
    }
    let custom = custom
        .unwrap_or_else(|| contact.map(|c| stored_custom(&c.custom_fields, &definitions.fields)).unwrap_or_default());
    let action =
        contact.map(|c| format!("/console/contacts/{}", c.id)).unwrap_or_else(|| "/console/contacts".to_owned());
    let title = if contact.is_some() { "编辑联系人" } else { "新建联系人" };
    let value = |name: &str| value_in(&values, name);
    let state_value = if value("state").is_empty() { "1" } else { value("state") };
    let business = mode != CustomerMode::Consumer;
    let chosen_company = if business { chosen_company(state, user, value("companyId")).await } else { None };
    let support = support_field(state, user, value(SUPPORT), contact.is_some(), &errors).await;
    let remote_hint = remote_hint(contact);
    let body = html! {
        (tabs(mode, user, "/console/contacts"))
        (errors.summary())
        form.stacked method="post" action=(action) novalidate {
            (layout::csrf_input(user))
            @for (name, kind, hint, only_2b) in MEMBERS {
                @if name == "companyId" {
                    @if business { (company_field(value(name), chosen_company.as_deref(), &errors)) }
                } @else if !only_2b || business {
                    @let input = Input::text(name, label(name), value(name)).kind(kind);
                    @let input = match (name, hint) { ("uniqueId", _) => input.hint(&remote_hint), (_, Some(hint)) => input.hint(hint), _ => input };
                    @if name == "name" { (input.required().render(&errors)) } @else { (input.render(&errors)) }
                }
            }
            div.field {
                label for=(layout::field_id("state")) { "状态" }
                select id=(layout::field_id("state")) name="state" {
                    option value="1" selected[state_value == "1"] { "在职" }
                    option value="2" selected[state_value == "2"] { "离职" }
                }
                (errors.field("state"))
            }
            (support)
            @if business {
                div.field.invalid[!errors.messages("default").is_empty()] {
                    (errors.field("default"))
                    input type="hidden" name="default" value="0";
                    label.check {
                        input id=(layout::field_id("default")) type="checkbox" name="default" value="1" checked[value("default") == "1"];
                        " 默认联系人（公司的默认联系人只有一位：勾选后取代原来的）"
                    }
                }
            }
            (group_choices(&groups, value("userGroup"), &errors))
            (custom_inputs(&definitions.fields, &custom, &errors))
            div.actions {
                button.primary type="submit" { @if contact.is_some() { "保存" } @else { "创建" } }
                a href="/console/contacts" { "返回列表" }
            }
        }
        @if let Some(contact) = contact {
            @if user.is_admin {
                section {
                    h2 { "删除" }
                    form method="post" action={ "/console/contacts/" (contact.id) "/delete" } {
                        (layout::csrf_input(user))
                        button.danger type="submit" { "移入回收站" }
                    }
                }
            }
        }
    };
    layout::html(status, Page::new(title, user, Nav::Customers).notice(notice).render(body))
}
