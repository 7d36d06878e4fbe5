//! `Requestid` on every write, over HTTP on both backends: a repeat answers the first answer
//! and creates nothing; another request with the id, or a secret's, is a 409; concurrent
//! repeats create one; ids are per company; a malformed id is a 400 naming the header.

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::{Reply, Session, unique};
use crate::tickets::contact_and_company;

async fn send_once(session: &Session, method: Method, path: &str, body: &Value, id: &str) -> Reply {
    let headers = [("Content-Type", "application/json"), ("Requestid", id)];
    session.send(method, path, Some(body.to_string()), &headers).await
}

/// Sends the same request twice with one id; asserts the second answer is the first.
async fn repeated(session: &Session, method: Method, path: &str, body: Value) -> Reply {
    let id = unique("req");
    let first = send_once(session, method.clone(), path, &body, &id).await;
    first.assert_status(200);
    let second = send_once(session, method, path, &body, &id).await;
    assert_eq!(second.status, first.status);
    assert_eq!(second.text, first.text, "the first answer again");
    assert_eq!(second.header("location"), first.header("location"));
    first
}

async fn count(session: &Session, path: &str) -> Value {
    let list = session.get(path).await;
    list.assert_status(200);
    list.body["count"].clone()
}

backend_tests! {
    async fn a_repeated_write_answers_the_first_answer_and_changes_nothing(app) {
        let tenant = app.tenant().await;
        let (contact, company) = contact_and_company(app, &tenant).await;
        let admin = &tenant.admin;

        let ticket = json!({"ticket": {"subject": "打印机无法连接", "custUserId": contact}});
        let created = repeated(admin, Method::POST, "/api/v1/tickets.json", ticket).await;
        assert!(created.header("location").is_some(), "a create answers its Location");
        assert_eq!(count(admin, "/api/v1/tickets.json").await, json!(1), "one ticket");

        let user = json!({"user": {"name": "李四", "mobile": "13039209553", "companyId": company}});
        repeated(admin, Method::POST, "/api/v1/users.json", user).await;
        assert_eq!(count(admin, "/api/v1/users.json").await, json!(2), "one more contact");

        let agents = count(admin, "/api/v1/supports.json").await;
        let agent = json!({"support": {"sPassportName": unique("agent"), "sNum": unique("n")}});
        repeated(admin, Method::POST, "/api/v1/supports.json", agent).await;
        assert_eq!(count(admin, "/api/v1/supports.json").await, json!(agents.as_u64().unwrap_or(0) + 1));

        let id = created.body["ticket"]["ticketId"].as_str().expect("ticketId").to_owned();
        let reply = json!({"ticket": {"ticketReply": {"replyMsg": "已收到"}}});
        repeated(admin, Method::PUT, &format!("/api/v1/tickets/{id}.json"), reply).await;
        assert_eq!(count(admin, &format!("/api/v1/tickets/{id}/replies.json")).await, json!(1), "one reply");

        // Without the header, nothing changes: two requests, two tickets.
        let again = json!({"ticket": {"subject": "再来一次", "custUserId": contact}});
        admin.post("/api/v1/tickets.json", again.clone()).await.assert_status(200);
        admin.post("/api/v1/tickets.json", again).await.assert_status(200);
        assert_eq!(count(admin, "/api/v1/tickets.json").await, json!(3));
    }

    async fn another_request_with_a_seen_id_is_a_conflict(app) {
        let tenant = app.tenant().await;
        let contact = contact_and_company(app, &tenant).await.0;
        let id = unique("req");
        let first = json!({"ticket": {"subject": "第一", "custUserId": contact}});
        send_once(&tenant.admin, Method::POST, "/api/v1/tickets.json", &first, &id).await.assert_status(200);
        let other = json!({"ticket": {"subject": "第二", "custUserId": contact}});
        send_once(&tenant.admin, Method::POST, "/api/v1/tickets.json", &other, &id).await.assert_error(409, "Requestid");
        // Another agent of the company reusing the id is another request too.
        let agent = tenant.agent(json!({})).await;
        send_once(&agent.session, Method::POST, "/api/v1/tickets.json", &first, &id).await.assert_status(409);
        assert_eq!(count(&tenant.admin, "/api/v1/tickets.json").await, json!(1));

        // A refused first request changed nothing and is forgotten: its corrected retry runs.
        let retry = unique("req");
        let bad = json!({"ticket": {"subject": "", "custUserId": contact}});
        send_once(&tenant.admin, Method::POST, "/api/v1/tickets.json", &bad, &retry).await.assert_status(400);
        send_once(&tenant.admin, Method::POST, "/api/v1/tickets.json", &other, &retry).await.assert_status(200);
        assert_eq!(count(&tenant.admin, "/api/v1/tickets.json").await, json!(2));
    }

    async fn concurrent_repeats_create_one(app) {
        let tenant = app.tenant().await;
        let contact = contact_and_company(app, &tenant).await.0;
        let body = json!({"ticket": {"subject": "并发", "custUserId": contact}});
        for _ in 0..3 {
            let id = unique("req");
            let path = "/api/v1/tickets.json";
            let (a, b) = tokio::join!(
                send_once(&tenant.admin, Method::POST, path, &body, &id),
                send_once(&tenant.admin, Method::POST, path, &body, &id),
            );
            let mut statuses = [a.status, b.status];
            statuses.sort_unstable();
            assert!(statuses == [200, 200] || statuses == [200, 409], "{statuses:?}: {} / {}", a.text, b.text);
        }
        assert_eq!(count(&tenant.admin, "/api/v1/tickets.json").await, json!(3), "one ticket per id");
    }

    async fn ids_are_per_company(app) {
        let (a, b) = (app.tenant().await, app.tenant().await);
        let id = unique("req");
        for tenant in [&a, &b] {
            let group = json!({"supportgroup": {"sgName": "一线"}});
            let created = send_once(&tenant.admin, Method::POST, "/api/v1/supportgroups.json", &group, &id).await;
            created.assert_status(200);
            let groups = tenant.admin.get("/api/v1/supportgroups.json").await;
            assert!(groups.text.contains("一线"), "each company got its group: {}", groups.text);
        }
    }

    async fn a_malformed_id_is_refused_naming_the_header(app) {
        let tenant = app.tenant().await;
        let group = json!({"supportgroup": {"sgName": "二线"}});
        for bad in ["a b".to_owned(), "x".repeat(129), String::new()] {
            let reply = send_once(&tenant.admin, Method::POST, "/api/v1/supportgroups.json", &group, &bad).await;
            reply.assert_status(400);
            assert!(reply.text.contains("Requestid"), "{}", reply.text);
        }
        let groups = tenant.admin.get("/api/v1/supportgroups.json").await;
        assert!(!groups.text.contains("二线"), "nothing created: {}", groups.text);
    }

    async fn a_secret_answer_is_never_replayed(app) {
        let tenant = app.tenant().await;
        let id = unique("req");
        let body = json!({"api_key": {"name": "集成"}});
        let first = send_once(&tenant.admin, Method::POST, "/api/v1/api_keys.json", &body, &id).await;
        first.assert_status(200);
        let second = send_once(&tenant.admin, Method::POST, "/api/v1/api_keys.json", &body, &id).await;
        second.assert_error(409, "secret");
        assert!(!second.text.contains(first.body["api_key"]["secret"].as_str().unwrap_or("?")));
        assert_eq!(count(&tenant.admin, "/api/v1/api_keys.json").await, json!(1), "no second key");
    }

    async fn the_token_endpoints_ignore_the_header(app) {
        // They authenticate a key pair, not an agent: the header changes nothing there.
        for path in ["/api/token.php", "/api/v1/getToken.json"] {
            let form = "grant_type=client_credentials".to_owned();
            let plain = [("Content-Type", "application/x-www-form-urlencoded")];
            let with_id = [plain[0], ("Requestid", "token-1")];
            let without = app.anonymous().send(Method::POST, path, Some(form.clone()), &plain).await;
            let with = app.anonymous().send(Method::POST, path, Some(form), &with_id).await;
            assert_eq!((with.status, with.text.clone()), (without.status, without.text.clone()), "{path}");
            assert!(with.body.get("error").is_some(), "RFC 6749's answer: {}", with.text);
        }
    }
}
