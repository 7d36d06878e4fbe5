//! The customers' rows of the authorization table (companies, contacts, customer groups,
//! their field definitions).

use super::*;

/// Customers: reading, creating and changing them is every agent's; deleting them and
/// shaping groups an administrator's. A body naming another company's company answers as
/// one naming none (400 naming `companyId`).
pub(super) fn customer_cases(o: &Objects) -> Vec<Case> {
    use Access::*;
    use Foreign::*;
    let unknown = |call: &str| AsUnknown(call.to_owned(), None);
    let (company, contact, group) = (&o.company, &o.contact, &o.customer_group);
    let new_user = json!({"user": {"mobile": "13039209552", "companyId": company}});
    let nobody_user = json!({"user": {"mobile": "13039209552", "companyId": NOBODY}});
    let mut cases = Vec::new();
    for root in ["/api/v1/users", "/api/v1/users_v2"] {
        let leak = |p: &str| -> &'static str { Box::leak(format!("{root}{p}").into_boxed_str()) };
        cases.extend([
            case(Method::GET, leak(".json"), format!("{root}.json"), None, Agent(200), OwnCompany),
            case(
                Method::POST,
                leak(".json"),
                format!("{root}.json"),
                Some(new_user.clone()),
                Agent(200),
                AsUnknown(format!("{root}.json"), Some(nobody_user.clone())),
            ),
            case(
                Method::POST,
                leak("/batch.json"),
                format!("{root}/batch.json"),
                Some(json!({"users": [new_user["user"].clone()]})),
                Agent(200),
                AsUnknown(format!("{root}/batch.json"), Some(json!({"users": [nobody_user["user"].clone()]}))),
            ),
            case(
                Method::GET,
                leak("/show_many.json"),
                format!("{root}/show_many.json?ids={contact}"),
                None,
                Agent(200),
                OwnCompany,
            ),
            case(
                Method::GET,
                leak("/search.json"),
                format!("{root}/search.json?query=mobile:13039209552"),
                None,
                Agent(200),
                OwnCompany,
            ),
            case(
                Method::GET,
                leak("/{id}.json"),
                format!("{root}/{contact}.json"),
                None,
                Agent(200),
                unknown(&format!("{root}/{NOBODY}.json")),
            ),
            case(
                Method::PUT,
                leak("/{id}.json"),
                format!("{root}/{contact}.json"),
                Some(json!({"user": {"position": "经理"}})),
                Agent(200),
                unknown(&format!("{root}/{NOBODY}.json")),
            ),
            case(
                Method::DELETE,
                leak("/{id}.json"),
                format!("{root}/{contact}.json"),
                None,
                Admin,
                unknown(&format!("{root}/{NOBODY}.json")),
            ),
        ]);
    }
    cases.extend([
        case(
            Method::GET,
            "/api/v1/users/user_fields.json",
            "/api/v1/users/user_fields.json",
            None,
            Agent(200),
            OwnCompany,
        ),
        case(Method::GET, "/api/v1/companies.json", "/api/v1/companies.json", None, Agent(200), OwnCompany),
        case(
            Method::POST,
            "/api/v1/companies.json",
            "/api/v1/companies.json",
            Some(json!({"company": {"companyName": unique("新公司")}})),
            Agent(200),
            OwnCompany,
        ),
        case(
            Method::POST,
            "/api/v1/companies/batch.json",
            "/api/v1/companies/batch.json",
            Some(json!({"companies": [{"companyName": unique("批量公司")}]})),
            Agent(200),
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/companies/show_many.json",
            format!("/api/v1/companies/show_many.json?ids={company}"),
            None,
            Agent(200),
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/companies/search.json",
            "/api/v1/companies/search.json?query=companyName:abc",
            None,
            Agent(200),
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/companies/company_fields.json",
            "/api/v1/companies/company_fields.json",
            None,
            Agent(200),
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/companies/{id}.json",
            format!("/api/v1/companies/{company}.json"),
            None,
            Agent(200),
            unknown(&format!("/api/v1/companies/{NOBODY}.json")),
        ),
        case(
            Method::PUT,
            "/api/v1/companies/{id}.json",
            format!("/api/v1/companies/{company}.json"),
            Some(json!({"company": {"city": "上海"}})),
            Agent(200),
            unknown(&format!("/api/v1/companies/{NOBODY}.json")),
        ),
        case(
            Method::DELETE,
            "/api/v1/companies/{id}.json",
            format!("/api/v1/companies/{company}.json"),
            None,
            Admin,
            unknown(&format!("/api/v1/companies/{NOBODY}.json")),
        ),
        case(
            Method::GET,
            "/api/v1/companies/{id}/users.json",
            format!("/api/v1/companies/{company}/users.json"),
            None,
            Agent(200),
            unknown(&format!("/api/v1/companies/{NOBODY}/users.json")),
        ),
        case(
            Method::POST,
            "/api/v1/companies/company_fields.json",
            "/api/v1/companies/company_fields.json",
            Some(json!({"company_field": {"title": "乙字段", "type": "text"}})),
            Admin,
            OwnCompany,
        ),
        case(
            Method::PUT,
            "/api/v1/companies/company_fields/{key}.json",
            "/api/v1/companies/company_fields/field_3.json",
            Some(json!({"company_field": {"title": "改字段"}})),
            Admin,
            unknown("/api/v1/companies/company_fields/field_9999.json"),
        ),
        case(
            Method::DELETE,
            "/api/v1/companies/company_fields/{key}.json",
            "/api/v1/companies/company_fields/field_3.json",
            None,
            Admin,
            unknown("/api/v1/companies/company_fields/field_9999.json"),
        ),
        case(
            Method::POST,
            "/api/v1/users/user_fields.json",
            "/api/v1/users/user_fields.json",
            Some(json!({"user_field": {"title": "乙字段", "type": "text"}})),
            Admin,
            OwnCompany,
        ),
        case(
            Method::PUT,
            "/api/v1/users/user_fields/{key}.json",
            "/api/v1/users/user_fields/field_3.json",
            Some(json!({"user_field": {"title": "改字段"}})),
            Admin,
            unknown("/api/v1/users/user_fields/field_9999.json"),
        ),
        case(
            Method::DELETE,
            "/api/v1/users/user_fields/{key}.json",
            "/api/v1/users/user_fields/field_3.json",
            None,
            Admin,
            unknown("/api/v1/users/user_fields/field_9999.json"),
        ),
        case(Method::GET, "/api/v1/customergroups.json", "/api/v1/customergroups.json", None, Agent(200), OwnCompany),
        case(
            Method::POST,
            "/api/v1/customergroups.json",
            "/api/v1/customergroups.json",
            Some(json!({"customergroup": {"groupName": "乙客户组", "type": "1"}})),
            Admin,
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/customergroups/show_many.json",
            format!("/api/v1/customergroups/show_many.json?ids={group}"),
            None,
            Agent(200),
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/customergroups/{id}.json",
            format!("/api/v1/customergroups/{group}.json"),
            None,
            Agent(200),
            unknown(&format!("/api/v1/customergroups/{NOBODY}.json")),
        ),
        case(
            Method::PUT,
            "/api/v1/customergroups/{id}.json",
            format!("/api/v1/customergroups/{group}.json"),
            Some(json!({"customergroup": {"groupName": "改名"}})),
            Admin,
            unknown(&format!("/api/v1/customergroups/{NOBODY}.json")),
        ),
        case(
            Method::DELETE,
            "/api/v1/customergroups/{id}.json",
            format!("/api/v1/customergroups/{group}.json"),
            None,
            Admin,
            unknown(&format!("/api/v1/customergroups/{NOBODY}.json")),
        ),
    ]);
    cases.extend(definition_writes("/api/v1/tickets/ticket_fields", "ticket_field"));
    cases
}

/// Defining, changing and removing field definitions under `root`: administrators only;
/// `field_3` exists in the first company only.
fn definition_writes(root: &str, wrapper: &str) -> Vec<Case> {
    use Access::*;
    use Foreign::*;
    let leak = |p: &str| -> &'static str { Box::leak(format!("{root}{p}").into_boxed_str()) };
    let missing = || AsUnknown(format!("{root}/field_9999.json"), None);
    vec![
        case(
            Method::POST,
            leak(".json"),
            format!("{root}.json"),
            Some(json!({ wrapper: {"title": "乙字段", "type": "text"} })),
            Admin,
            OwnCompany,
        ),
        case(
            Method::PUT,
            leak("/{key}.json"),
            format!("{root}/field_3.json"),
            Some(json!({ wrapper: {"title": "改字段"} })),
            Admin,
            missing(),
        ),
        case(Method::DELETE, leak("/{key}.json"), format!("{root}/field_3.json"), None, Admin, missing()),
    ]
}
