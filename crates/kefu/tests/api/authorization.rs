//! Object-level authorization, route by route: for EVERY operation of the OpenAPI
//! document, a non-administrator of the company, an administrator of another company and a
//! caller without credentials each get the answer they should — 403, not-found exactly as
//! for an id that does not exist, 401. The table must cover every documented route: a new
//! route without an entry fails this test.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::openapi::{DOCUMENT, operations};
use crate::support::{Reply, Session, unique};

mod customers;
use customers::customer_cases;

/// Who may call a route.
#[derive(Clone, Copy)]
enum Access {
    /// Anyone, without credentials: everyone gets this status.
    Open(u16),
    /// The OAuth2 token endpoint: client credentials (an API key pair), never an agent's.
    Token,
    /// Any agent of the company; a non-administrator gets this status.
    Agent(u16),
    /// Administrators only.
    Admin,
}

/// What an administrator of another company gets.
enum Foreign {
    /// The route names one of the company's objects: the answer is exactly the one for a
    /// call naming nothing (this call and body).
    AsUnknown(String, Option<Value>),
    /// A route on the caller's own company (lists, creation): it succeeds, and nothing of
    /// the other company shows.
    OwnCompany,
    /// Open routes and the token endpoint: as for anyone.
    Same,
}

struct Case {
    method: Method,
    /// The documented path.
    route: &'static str,
    /// The path and query, naming the first company's objects.
    call: String,
    body: Option<Value>,
    access: Access,
    foreign: Foreign,
}

fn case(
    method: Method,
    route: &'static str,
    call: impl Into<String>,
    body: Option<Value>,
    access: Access,
    foreign: Foreign,
) -> Case {
    Case { method, route, call: call.into(), body, access, foreign }
}

/// The first company's objects every case names.
struct Objects {
    target: String,
    target_account: String,
    group: String,
    field: String,
    api_key: String,
    duty: String,
    /// Customers (issue 20): a company, a contact and a company group of the first company.
    company: String,
    contact: String,
    customer_group: String,
    /// Tickets (issue 21): a ticket of that contact, and a template.
    ticket: String,
    template: String,
}

const NOBODY: &str = "99999999";
const DAY: &str = "2030-01-02";

fn table(o: &Objects) -> Vec<Case> {
    use Access::*;
    use Foreign::*;
    let unknown = |call: &str| AsUnknown(call.to_owned(), None);
    let t = &o.target;
    let signin = json!({"signIn": {"checkinTime": "2024-01-01 10:00:00",
        "current": {"address": "北京市东城区", "landmark": "", "latitude": "39.92", "longitude": "116.40"}}});
    let batch = |sid: &str| json!({"duty": [{"sid": sid, "date": DAY, "schedules": [{"start_time": "11:00", "end_time": "12:00"}]}]});
    let states = json!({"plate_service_states": {"2": ["在线", "忙碌", "离开", "离线"]}});
    vec![
        case(Method::GET, "/healthz", "/healthz", None, Open(200), Same),
        case(Method::GET, "/readyz", "/readyz", None, Open(200), Same),
        case(Method::GET, "/api/v1/openapi.json", DOCUMENT, None, Open(200), Same),
        case(Method::GET, "/docs", "/docs", None, Open(303), Same),
        case(Method::GET, "/docs/", "/docs/", None, Open(200), Same),
        case(Method::GET, "/docs/{file}", "/docs/index.css", None, Open(200), Same),
        case(Method::POST, "/api/token.php", "/api/token.php", None, Token, Same),
        case(Method::POST, "/api/v1/getToken.json", "/api/v1/getToken.json", None, Token, Same),
        // Agents.
        case(Method::GET, "/api/v1/supports.json", "/api/v1/supports.json", None, Admin, OwnCompany),
        case(
            Method::POST,
            "/api/v1/supports.json",
            "/api/v1/supports.json",
            Some(json!({"support": {"sPassportName": unique("b"), "sNum": unique("n")}})),
            Admin,
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/supports/show_many.json",
            format!("/api/v1/supports/show_many.json?ids={t}"),
            None,
            Admin,
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/supportgroups/supports/search.json",
            format!("/api/v1/supportgroups/supports/search.json?query=sPassportName:{}", o.target_account),
            None,
            Admin,
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/supports/{id}.json",
            format!("/api/v1/supports/{t}.json"),
            None,
            Agent(200),
            unknown(&format!("/api/v1/supports/{NOBODY}.json")),
        ),
        case(
            Method::PUT,
            "/api/v1/supports/{id}.json",
            format!("/api/v1/supports/{t}.json"),
            Some(json!({"support": {"name": "改名"}})),
            Agent(403),
            unknown(&format!("/api/v1/supports/{NOBODY}.json")),
        ),
        case(
            Method::DELETE,
            "/api/v1/supports/{id}.json",
            format!("/api/v1/supports/{t}.json"),
            None,
            Admin,
            unknown(&format!("/api/v1/supports/{NOBODY}.json")),
        ),
        case(
            Method::PUT,
            "/api/v1/servicers/{id}.json",
            format!("/api/v1/servicers/{t}.json"),
            Some(json!({"support": {"isStat": "0"}})),
            Admin,
            unknown(&format!("/api/v1/servicers/{NOBODY}.json")),
        ),
        // Support groups.
        case(Method::GET, "/api/v1/supportgroups.json", "/api/v1/supportgroups.json", None, Admin, OwnCompany),
        case(
            Method::POST,
            "/api/v1/supportgroups.json",
            "/api/v1/supportgroups.json",
            Some(json!({"supportgroup": {"sgName": "乙组"}})),
            Admin,
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/supportgroups/{id}.json",
            format!("/api/v1/supportgroups/{}.json", o.group),
            None,
            Admin,
            unknown(&format!("/api/v1/supportgroups/{NOBODY}.json")),
        ),
        case(
            Method::PUT,
            "/api/v1/supportgroups/{id}.json",
            format!("/api/v1/supportgroups/{}.json", o.group),
            Some(json!({"supportgroup": {"sgName": "改组"}})),
            Admin,
            unknown(&format!("/api/v1/supportgroups/{NOBODY}.json")),
        ),
        case(
            Method::DELETE,
            "/api/v1/supportgroups/{id}.json",
            format!("/api/v1/supportgroups/{}.json", o.group),
            None,
            Admin,
            unknown(&format!("/api/v1/supportgroups/{NOBODY}.json")),
        ),
        // Custom fields.
        case(Method::GET, "/api/v1/support_fields.json", "/api/v1/support_fields.json", None, Admin, OwnCompany),
        case(
            Method::POST,
            "/api/v1/support_fields.json",
            "/api/v1/support_fields.json",
            Some(json!({"support_field": {"title": "乙字段", "type": "text"}})),
            Admin,
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/support_fields/{key}.json",
            format!("/api/v1/support_fields/{}.json", o.field),
            None,
            Admin,
            unknown("/api/v1/support_fields/field_9999.json"),
        ),
        case(
            Method::PUT,
            "/api/v1/support_fields/{key}.json",
            format!("/api/v1/support_fields/{}.json", o.field),
            Some(json!({"support_field": {"title": "改"}})),
            Admin,
            unknown("/api/v1/support_fields/field_9999.json"),
        ),
        case(
            Method::DELETE,
            "/api/v1/support_fields/{key}.json",
            format!("/api/v1/support_fields/{}.json", o.field),
            None,
            Admin,
            unknown("/api/v1/support_fields/field_9999.json"),
        ),
        // The company's settings.
        case(Method::GET, "/api/v1/company.json", "/api/v1/company.json", None, Agent(200), OwnCompany),
        case(
            Method::PUT,
            "/api/v1/company.json",
            "/api/v1/company.json",
            Some(json!({"company": {"timeZone": "Asia/Shanghai"}})),
            Admin,
            OwnCompany,
        ),
        // The helpdesk settings (2B/2C, auto-close days).
        case(
            Method::GET,
            "/api/v1/helpdesk_settings.json",
            "/api/v1/helpdesk_settings.json",
            None,
            Agent(200),
            OwnCompany,
        ),
        case(
            Method::PUT,
            "/api/v1/helpdesk_settings.json",
            "/api/v1/helpdesk_settings.json",
            Some(json!({"helpdesk_settings": {"autoCloseDays": "3"}})),
            Admin,
            OwnCompany,
        ),
        // API keys and the audit log.
        case(Method::GET, "/api/v1/api_keys.json", "/api/v1/api_keys.json", None, Admin, OwnCompany),
        case(
            Method::POST,
            "/api/v1/api_keys.json",
            "/api/v1/api_keys.json",
            Some(json!({"api_key": {"name": "乙"}})),
            Admin,
            OwnCompany,
        ),
        case(
            Method::DELETE,
            "/api/v1/api_keys/{id}.json",
            format!("/api/v1/api_keys/{}.json", o.api_key),
            None,
            Admin,
            unknown(&format!("/api/v1/api_keys/{NOBODY}.json")),
        ),
        case(
            Method::GET,
            "/api/v1/audit_logs.json",
            format!("/api/v1/audit_logs.json?sId={t}"),
            None,
            Admin,
            OwnCompany,
        ),
        // Presence and permissions.
        case(
            Method::GET,
            "/api/v1/plate_service_state/{id}.json",
            format!("/api/v1/plate_service_state/{t}.json?plate=2"),
            None,
            Admin,
            unknown(&format!("/api/v1/plate_service_state/{NOBODY}.json?plate=2")),
        ),
        case(
            Method::PUT,
            "/api/v1/plate_service_state/{id}.json",
            format!("/api/v1/plate_service_state/{t}.json"),
            Some(json!({"plate_service_state": {"plate": "2", "state": "在线"}})),
            Admin,
            unknown(&format!("/api/v1/plate_service_state/{NOBODY}.json")),
        ),
        case(
            Method::GET,
            "/api/v1/plate_service_state/{id}/history.json",
            format!("/api/v1/plate_service_state/{t}/history.json"),
            None,
            Admin,
            unknown(&format!("/api/v1/plate_service_state/{NOBODY}/history.json")),
        ),
        case(
            Method::GET,
            "/api/v1/plate_service_states.json",
            "/api/v1/plate_service_states.json",
            None,
            Admin,
            OwnCompany,
        ),
        case(
            Method::PUT,
            "/api/v1/plate_service_states.json",
            "/api/v1/plate_service_states.json",
            Some(states),
            Admin,
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/permissions/{id}.json",
            format!("/api/v1/permissions/{t}.json"),
            None,
            Admin,
            unknown(&format!("/api/v1/permissions/{NOBODY}.json")),
        ),
        case(
            Method::PUT,
            "/api/v1/permissions/{id}.json",
            format!("/api/v1/permissions/{t}.json"),
            Some(json!({"permission": {"mType": "4", "state": "1"}})),
            Admin,
            unknown(&format!("/api/v1/permissions/{NOBODY}.json")),
        ),
        // Sign-ins and schedules.
        case(Method::POST, "/api/v1/signin.json", "/api/v1/signin.json", Some(signin), Agent(200), OwnCompany),
        case(
            Method::GET,
            "/api/v1/signin.json",
            format!("/api/v1/signin.json?sId={t}"),
            None,
            Admin,
            unknown(&format!("/api/v1/signin.json?sId={NOBODY}")),
        ),
        case(
            Method::GET,
            "/api/v1/schedules.json",
            format!("/api/v1/schedules.json?startDT={DAY}&endDT={DAY}&sid={t}"),
            None,
            Admin,
            unknown(&format!("/api/v1/schedules.json?startDT={DAY}&endDT={DAY}&sid={NOBODY}")),
        ),
        case(
            Method::POST,
            "/api/v1/schedules.json",
            "/api/v1/schedules.json",
            Some(batch(t)),
            Admin,
            AsUnknown("/api/v1/schedules.json".into(), Some(batch(NOBODY))),
        ),
        case(
            Method::PUT,
            "/api/v1/schedules.json",
            format!("/api/v1/schedules.json?dutyId={}", o.duty),
            Some(json!({"duty": {"start_time": "09:00", "end_time": "10:30"}})),
            Admin,
            unknown(&format!("/api/v1/schedules.json?dutyId={NOBODY}_{DAY}_{NOBODY}")),
        ),
        case(
            Method::DELETE,
            "/api/v1/schedules.json",
            format!("/api/v1/schedules.json?dutyId={}", o.duty),
            None,
            Admin,
            unknown(&format!("/api/v1/schedules.json?dutyId={NOBODY}_{DAY}_{NOBODY}")),
        ),
        // Tickets: administrators list them; an agent who is not a party sees none.
        case(Method::GET, "/api/v1/tickets.json", "/api/v1/tickets.json", None, Admin, OwnCompany),
        case(
            Method::POST,
            "/api/v1/tickets.json",
            "/api/v1/tickets.json",
            Some(json!({"ticket": {"subject": "新工单", "custUserId": o.contact}})),
            Agent(200),
            AsUnknown(
                "/api/v1/tickets.json".into(),
                Some(json!({"ticket": {"subject": "新工单", "custUserId": NOBODY}})),
            ),
        ),
        case(
            Method::GET,
            "/api/v1/tickets/search.json",
            "/api/v1/tickets/search.json?query=ticketStatus:1,2",
            None,
            Agent(200),
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/tickets/{id}.json",
            format!("/api/v1/tickets/{}.json", o.ticket),
            None,
            Agent(404),
            unknown(&format!("/api/v1/tickets/{NOBODY}.json")),
        ),
        case(
            Method::PUT,
            "/api/v1/tickets/{id}.json",
            format!("/api/v1/tickets/{}.json", o.ticket),
            Some(json!({"ticket": {"subject": "改了"}})),
            Agent(404),
            unknown(&format!("/api/v1/tickets/{NOBODY}.json")),
        ),
        case(
            Method::DELETE,
            "/api/v1/tickets/{id}.json",
            format!("/api/v1/tickets/{}.json", o.ticket),
            None,
            Agent(404),
            unknown(&format!("/api/v1/tickets/{NOBODY}.json")),
        ),
        case(
            Method::GET,
            "/api/v1/tickets/{id}/replies.json",
            format!("/api/v1/tickets/{}/replies.json", o.ticket),
            None,
            Agent(404),
            unknown(&format!("/api/v1/tickets/{NOBODY}/replies.json")),
        ),
        case(
            Method::GET,
            "/api/v1/tickets/{id}/history.json",
            format!("/api/v1/tickets/{}/history.json", o.ticket),
            None,
            Agent(404),
            unknown(&format!("/api/v1/tickets/{NOBODY}/history.json")),
        ),
        case(
            Method::GET,
            "/api/v1/companies/{id}/tickets.json",
            format!("/api/v1/companies/{}/tickets.json", o.company),
            None,
            Admin,
            unknown(&format!("/api/v1/companies/{NOBODY}/tickets.json")),
        ),
        case(
            Method::GET,
            "/api/v1/users/{id}/tickets.json",
            format!("/api/v1/users/{}/tickets.json", o.contact),
            None,
            Admin,
            unknown(&format!("/api/v1/users/{NOBODY}/tickets.json")),
        ),
        case(
            Method::GET,
            "/api/v1/tickets/ticket_fields.json",
            "/api/v1/tickets/ticket_fields.json",
            None,
            Agent(200),
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/tickets/ticket_fields2.json",
            "/api/v1/tickets/ticket_fields2.json",
            None,
            Agent(200),
            OwnCompany,
        ),
        // Ticket templates: an unknown id answers 200 {"tickettemplate":[]} (spec).
        case(Method::GET, "/api/v1/tickettemplates.json", "/api/v1/tickettemplates.json", None, Admin, OwnCompany),
        case(
            Method::POST,
            "/api/v1/tickettemplates.json",
            "/api/v1/tickettemplates.json",
            Some(json!({"tickettemplate": {"ticketTemplateName": unique("t")}})),
            Admin,
            OwnCompany,
        ),
        case(
            Method::GET,
            "/api/v1/tickettemplates/{id}.json",
            format!("/api/v1/tickettemplates/{}.json", o.template),
            None,
            Agent(200),
            unknown(&format!("/api/v1/tickettemplates/{NOBODY}.json")),
        ),
        case(
            Method::PUT,
            "/api/v1/tickettemplates/{id}.json",
            format!("/api/v1/tickettemplates/{}.json", o.template),
            Some(json!({"tickettemplate": {"ticketTemplateDescription": "改"}})),
            Admin,
            unknown(&format!("/api/v1/tickettemplates/{NOBODY}.json")),
        ),
        case(
            Method::DELETE,
            "/api/v1/tickettemplates/{id}.json",
            format!("/api/v1/tickettemplates/{}.json", o.template),
            None,
            Admin,
            unknown(&format!("/api/v1/tickettemplates/{NOBODY}.json")),
        ),
    ]
    .into_iter()
    .chain(customer_cases(o))
    .collect()
}

async fn call(session: &Session, method: &Method, path: &str, body: Option<&Value>) -> Reply {
    if path.starts_with("/api/token.php") || path.starts_with("/api/v1/getToken.json") {
        let form = [("Content-Type", "application/x-www-form-urlencoded")];
        return session.send(method.clone(), path, Some("grant_type=client_credentials".into()), &form).await;
    }
    let json = [("Content-Type", "application/json")];
    session.send(method.clone(), path, body.map(Value::to_string), &json).await
}

/// An answer with every id it names replaced, to compare answers about different ids.
fn normalised(text: &str, ids: &[&str]) -> String {
    let mut out = text.to_owned();
    for id in ids {
        let mut result = String::new();
        let mut rest = out.as_str();
        while let Some(at) = rest.find(id) {
            let before = rest[..at].chars().next_back();
            let after = rest[at + id.len()..].chars().next();
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_');
            result.push_str(&rest[..at]);
            result.push_str(if boundary(before) && boundary(after) { "ID" } else { id });
            rest = &rest[at + id.len()..];
        }
        result.push_str(rest);
        out = result;
    }
    out
}

backend_tests! {
    async fn every_route_refuses_who_does_not_belong(app) {
        let a = app.tenant().await;
        let b = app.tenant().await;
        let member = a.agent(json!({"name": "甲公司的人"})).await;
        let target = a.agent(json!({"name": "甲公司目标"})).await;
        let group = a.group("甲组").await;
        // Keys are numbered per company: the one named is one the other company will not have.
        let mut field = None;
        for title in ["甲字段一", "甲字段二", "甲字段"] {
            let reply = a.admin.post("/api/v1/support_fields.json", json!({"support_field": {"title": title, "type": "text"}})).await;
            reply.assert_status(200);
            field = Some(reply);
        }
        let field = field.expect("a field");
        let key = a.admin.post("/api/v1/api_keys.json", json!({"api_key": {"name": "甲"}})).await;
        key.assert_status(200);
        let schedule = a.admin.post("/api/v1/schedules.json", json!({"duty": [{"sid": target.id, "date": DAY,
            "schedules": [{"start_time": "09:00", "end_time": "10:00"}]}]})).await;
        schedule.assert_status(200);
        let company = a.admin.post("/api/v1/companies.json", json!({"company": {"companyName": "甲公司客户"}})).await;
        company.assert_status(200);
        let company = company.body["company"]["uId"].as_str().expect("uId").to_owned();
        let contact = a.admin.post("/api/v1/users.json", json!({"user": {"name": "甲公司联系人", "mobile": "13039209551", "companyId": company}})).await;
        contact.assert_status(200);
        // Field keys are numbered per company: the one named (field_3) is one the other will not have.
        for (path, wrapper) in [("/api/v1/companies/company_fields.json", "company_field"), ("/api/v1/users/user_fields.json", "user_field"),
            ("/api/v1/tickets/ticket_fields.json", "ticket_field")] {
            for title in ["甲字段一", "甲字段二", "甲字段三"] {
                a.admin.post(path, json!({ wrapper: {"title": title, "type": "text"} })).await.assert_status(200);
            }
        }
        let customer_group = a.admin.post("/api/v1/customergroups.json", json!({"customergroup": {"groupName": "甲公司客户组", "type": "1"}})).await;
        customer_group.assert_status(200);
        let cid = contact.body["user"]["cId"].as_str().expect("cId").to_owned();
        let ticket = a.admin.post("/api/v1/tickets.json", json!({"ticket": {"subject": "甲公司的工单", "custUserId": cid}})).await;
        ticket.assert_status(200);
        let template = a.admin.post("/api/v1/tickettemplates.json", json!({"tickettemplate": {"ticketTemplateName": "甲模板"}})).await;
        template.assert_status(200);
        let objects = Objects {
            company,
            contact: contact.body["user"]["cId"].as_str().expect("cId").to_owned(),
            customer_group: customer_group.body["customergroup"]["groupId"].as_str().expect("groupId").to_owned(),
            target: target.id.clone(),
            target_account: target.account.clone(),
            group,
            field: field.body["support_field"]["key"].as_str().expect("key").to_owned(),
            api_key: key.body["api_key"]["id"].as_str().expect("id").to_owned(),
            duty: schedule.body["data"]["duty"][0]["schedules"][0]["dutyId"].as_str().expect("dutyId").to_owned(),
            ticket: ticket.body["ticket"]["ticketId"].as_str().expect("ticketId").to_owned(),
            template: template.body["tickettemplate"]["tId"].as_str().expect("tId").to_owned(),
        };
        let cases = table(&objects);

        // The table covers every documented route, and only those.
        let document = app.anonymous().get(DOCUMENT).await.body;
        let documented = operations(&document);
        let covered: BTreeSet<(String, String)> = cases.iter().map(|c| (c.method.to_string(), c.route.to_owned())).collect();
        let missing: Vec<_> = documented.difference(&covered).collect();
        let stale: Vec<_> = covered.difference(&documented).collect();
        assert!(missing.is_empty(), "routes without an authorization entry: {missing:?}");
        assert!(stale.is_empty(), "entries for routes not in the document: {stale:?}");
        assert_eq!(covered.len(), cases.len(), "one entry per route");

        let anonymous = app.anonymous();
        let unknown_duty = format!("{NOBODY}_{DAY}_{NOBODY}");
        let ids = [objects.target.as_str(), objects.group.as_str(), objects.field.as_str(), objects.api_key.as_str(),
            objects.duty.as_str(), unknown_duty.as_str(), NOBODY, "field_9999", objects.company.as_str(),
            objects.contact.as_str(), objects.customer_group.as_str(), objects.ticket.as_str(),
            objects.template.as_str()];
        for case in &cases {
            let what = format!("{} {}", case.method, case.call);
            let body = case.body.as_ref();

            // (c) No credentials.
            let reply = call(&anonymous, &case.method, &case.call, body).await;
            match case.access {
                Access::Open(status) => reply.assert_status(status),
                Access::Token => {
                    assert_eq!((reply.status, &reply.body["error"]), (400, &json!("invalid_client")), "{what}: {}", reply.text);
                    &reply
                }
                Access::Agent(_) | Access::Admin => reply.assert_error(401, "authentication required"),
            };

            // (a) An agent of the company who is not an administrator.
            let reply = call(&member.session, &case.method, &case.call, body).await;
            match case.access {
                Access::Open(status) | Access::Agent(status) => {
                    assert_eq!(reply.status, status, "{what} as an agent: {}", reply.text);
                }
                Access::Token => assert_eq!((reply.status, &reply.body["error"]), (401, &json!("invalid_client")), "{what}"),
                Access::Admin => {
                    reply.assert_error(403, "requires an administrator");
                }
            }

            // (b) An administrator of another company.
            let reply = call(&b.admin, &case.method, &case.call, body).await;
            match &case.foreign {
                Foreign::Same => match case.access {
                    Access::Open(status) => assert_eq!(reply.status, status, "{what}"),
                    _ => assert_eq!((reply.status, &reply.body["error"]), (401, &json!("invalid_client")), "{what}"),
                },
                Foreign::OwnCompany => {
                    assert_eq!(reply.status, 200, "{what} by another company's administrator: {}", reply.text);
                    for secret in [target.account.as_str(), "甲公司", "甲组", "甲字段"] {
                        assert!(!reply.text.contains(secret), "{what} shows {secret:?}: {}", reply.text);
                    }
                }
                Foreign::AsUnknown(unknown, unknown_body) => {
                    let absent = call(&b.admin, &case.method, unknown, unknown_body.as_ref().or(body)).await;
                    // 400: a body naming another company's object (a contact's companyId, a
                    // ticket's custUserId), answered as one naming none. 200: a template, whose
                    // unknown id the spec answers {"tickettemplate":[]}.
                    assert!(matches!(reply.status, 200 | 400 | 403 | 404), "{what}: {} {}", reply.status, reply.text);
                    assert_eq!(
                        (reply.status, normalised(&reply.text, &ids)),
                        (absent.status, normalised(&absent.text, &ids)),
                        "{what}: another company's object must answer as one that does not exist"
                    );
                }
            }
        }

        // Nothing of the first company changed.
        let still = a.admin.get(&format!("/api/v1/supports/{}.json", objects.target)).await;
        assert_eq!((still.body["support"]["name"].as_str(), still.body["support"]["isStat"].as_str()), (Some("甲公司目标"), Some("1")));
        a.admin.get(&format!("/api/v1/supportgroups/{}.json", objects.group)).await.assert_status(200);
        a.admin.get(&format!("/api/v1/support_fields/{}.json", objects.field)).await.assert_status(200);
        let keys = a.admin.get("/api/v1/api_keys.json").await;
        assert_eq!(keys.body["count"], json!(1));
        let listed = a.admin.get(&format!("/api/v1/schedules.json?startDT={DAY}&endDT={DAY}")).await;
        assert_eq!(listed.body["data"]["duty"][0]["schedules"][0]["end_time"], "10:00");
        let template = a.admin.get(&format!("/api/v1/tickettemplates/{}.json", objects.template)).await;
        assert_eq!(template.body["tickettemplate"]["ticketTemplateName"], "甲模板");
        let ticket = a.admin.get(&format!("/api/v1/tickets/{}_v2.json", objects.ticket)).await;
        assert_eq!((ticket.body["ticket"]["subject"].as_str(), ticket.body["ticket"]["isDeleted"].as_str()), (Some("甲公司的工单"), Some("0")));
        let permissions = a.admin.get(&format!("/api/v1/permissions/{}.json", objects.target)).await;
        assert_eq!(permissions.body["permissions"][0]["state"], "0");
    }

    /// The routes open to every agent also serve their own record and their own sign-in.
    async fn agents_reach_what_is_theirs(app) {
        let a = app.tenant().await;
        let me = a.agent(json!({})).await;
        let mine = format!("/api/v1/supports/{}.json", me.id);
        me.session.get(&mine).await.assert_status(200);
        me.session.put(&mine, json!({"support": {"name": "我"}})).await.assert_status(200);
        let signin = json!({"signIn": {"checkinTime": "2024-01-01 10:00:00",
            "current": {"address": "北京市东城区", "landmark": "", "latitude": "39.92", "longitude": "116.40"}}});
        me.session.post("/api/v1/signin.json", signin).await.assert_status(200);
    }
}
