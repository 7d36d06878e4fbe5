//! Issue 20's cross-cutting compatibility with the hosted service, on every resource: the
//! `.json` suffix optional, unknown query parameters ignored, unknown API paths answered
//! with the hosted `100047`, support groups named `sgName` (docs/compat.md).

use reqwest::Method;
use serde_json::{Value, json};

use crate::openapi::{DOCUMENT, operations};
use crate::support::{Reply, Session, Tenant, TestApp};

/// The router's own answers for what it does not serve.
fn unrouted(reply: &Reply) -> bool {
    let message = reply.body["message"].as_str().unwrap_or_default();
    reply.status == 405
        || (reply.status == 404 && (message.starts_with("no route for") || reply.body["errcode"] == "100047"))
}

/// A documented path with its parameters filled in with ids of `tenant`.
fn concrete(path: &str, agent: &str, group: &str) -> String {
    let id = if path.starts_with("/api/v1/supportgroups/") { group } else { agent };
    path.replace("{id}", id).replace("{key}", "field_1").replace("{file}", "index.css")
}

/// The suffix-less twin of a documented path (`/api/v1/supports/5.json` → `/api/v1/supports/5`).
fn twin(path: &str) -> Option<String> {
    path.starts_with("/api/v1/").then(|| path.strip_suffix(".json").map(str::to_owned)).flatten()
}

async fn document(session: &Session) -> Value {
    let reply = session.get(DOCUMENT).await;
    reply.assert_status(200);
    reply.body
}

/// GETs both spellings of `path` and asserts they answer alike.
async fn same_answer(session: &Session, path: &str, bare: &str) -> Reply {
    let canonical = session.get(path).await;
    let twin = session.get(bare).await;
    assert_eq!((twin.status, &twin.body), (canonical.status, &canonical.body), "{bare} vs {path}");
    canonical
}

async fn setup(app: &TestApp) -> (Tenant, String, String) {
    let tenant = app.tenant().await;
    let group = tenant.group("售后组").await;
    let agent = tenant.agent(json!({"name": "张三", "groupId": group})).await;
    (tenant, agent.id, group)
}

crate::backend_tests! {
    /// Every documented operation is served without `.json` too, and every GET answers
    /// exactly as its `.json` twin.
    async fn json_suffix_is_optional_on_every_documented_path(app) {
        let (tenant, agent, group) = setup(app).await;
        let documented = operations(&document(&tenant.admin).await);
        let anonymous = app.anonymous();
        let headers = [("Content-Type", "application/json")];
        let mut twins = 0;
        for (method, path) in &documented {
            let Some(bare) = twin(path) else { continue };
            let canonical = concrete(path, &agent, &group);
            let bare = concrete(&bare, &agent, &group);
            twins += 1;
            if method == "GET" {
                same_answer(&tenant.admin, &canonical, &bare).await;
            }
            let method = Method::from_bytes(method.as_bytes()).expect("a method");
            let reply = anonymous.send(method.clone(), &bare, Some("{}".into()), &headers).await;
            assert!(!unrouted(&reply), "{method} {bare} is not served: {} {}", reply.status, reply.text);
        }
        assert!(twins >= 35, "{twins} operations have a twin");
    }

    /// Lists with their queries, nested and `show_many` paths, and writes, without `.json`.
    async fn json_suffix_is_optional_with_queries_and_writes(app) {
        let (tenant, agent, group) = setup(app).await;
        let admin = &tenant.admin;
        let list = same_answer(admin, "/api/v1/supports.json?per_page=1", "/api/v1/supports?per_page=1").await;
        assert_eq!(list.status, 200);
        // Page links keep the canonical spelling.
        assert!(list.body["next_page"].as_str().is_some_and(|u| u.contains("/api/v1/supports.json?")), "{}", list.text);
        let many = same_answer(
            admin,
            &format!("/api/v1/supports/show_many.json?ids={agent}"),
            &format!("/api/v1/supports/show_many?ids={agent}"),
        )
        .await;
        assert_eq!(many.body["supports"][0]["sId"], agent.as_str());
        let found = same_answer(
            admin,
            "/api/v1/supportgroups/supports/search.json?query=name:张",
            "/api/v1/supportgroups/supports/search?query=name:张",
        )
        .await;
        assert_eq!(found.body["supports"][0]["sId"], agent.as_str(), "{}", found.text);
        let state = same_answer(
            admin,
            &format!("/api/v1/plate_service_state/{agent}.json?plate=1"),
            &format!("/api/v1/plate_service_state/{agent}?plate=1"),
        )
        .await;
        assert_eq!(state.status, 200, "{}", state.text);
        let history = same_answer(
            admin,
            &format!("/api/v1/plate_service_state/{agent}/history.json"),
            &format!("/api/v1/plate_service_state/{agent}/history"),
        )
        .await;
        assert_eq!(history.status, 200, "{}", history.text);
        let shown = same_answer(admin, &format!("/api/v1/supportgroups/{group}.json"), &format!("/api/v1/supportgroups/{group}")).await;
        assert_eq!(shown.body["supportgroup"]["groupId"], group.as_str());

        // Writes.
        let created = admin.post("/api/v1/supportgroups", json!({"supportgroup": {"sgName": "一线"}})).await;
        created.assert_status(200);
        let id = created.body["supportgroup"]["groupId"].as_str().expect("groupId").to_owned();
        admin.put(&format!("/api/v1/supportgroups/{id}"), json!({"supportgroup": {"sgName": "二线"}})).await.assert_status(200);
        admin.put(&format!("/api/v1/supports/{agent}"), json!({"support": {"name": "李四"}})).await.assert_status(200);
        admin.get(&format!("/api/v1/supports/{agent}")).await.assert_status(200);
        let hidden = admin.put(&format!("/api/v1/servicers/{agent}"), json!({"support": {"isStat": "0"}})).await;
        hidden.assert_status(200);
        admin.delete(&format!("/api/v1/supportgroups/{id}")).await.assert_status(200);
        admin.get(&format!("/api/v1/supportgroups/{id}")).await.assert_error(404, "");
        let new = admin.post("/api/v1/supports", json!({"support": {"sPassportName": crate::support::unique("a"), "sNum": "n2"}})).await;
        new.assert_status(200);
        let new_id = new.body["support"]["sId"].as_str().expect("sId").to_owned();
        admin.delete(&format!("/api/v1/supports/{new_id}")).await.assert_status(200);

        // One suffix is taken off, not two; ids stay canonical.
        admin.get(&format!("/api/v1/supports/{agent}.json.json")).await.assert_error(404, "ids are positive integers");
        admin.get(&format!("/api/v1/supports/0{agent}")).await.assert_error(400, "canonical");
        admin.get("/api/v1/supports/abc").await.assert_error(404, "ids are positive integers");
    }
}

/// What a real client adds to every list call (tickets-customers.md), and parameters no
/// route knows holding what a known one would refuse: repeats, `%00`, bad encodings.
const JUNK: &str = "pageNo=1&pageNum=2&current=3&pageSize=500&limit=-1&x=%00&x=1&y=%FF&z";

/// The known parameters a documented GET needs to answer 200.
fn known_query(path: &str, agent: &str) -> String {
    match path {
        "/api/v1/supports/show_many.json" => format!("ids={agent}"),
        "/api/v1/supportgroups/supports/search.json" => "query=name:张".to_owned(),
        "/api/v1/plate_service_state/{id}.json" => "plate=1".to_owned(),
        _ => String::new(),
    }
}

crate::backend_tests! {
    /// Every documented GET answers exactly the same with unknown parameters added, with
    /// and without its known ones.
    async fn unknown_query_parameters_are_ignored_on_every_route(app) {
        let (tenant, agent, group) = setup(app).await;
        let documented = operations(&document(&tenant.admin).await);
        let mut checked = 0;
        for (method, path) in &documented {
            if method != "GET" || path.starts_with("/docs") {
                continue;
            }
            let known = known_query(path, &agent);
            let concrete = concrete(path, &agent, &group);
            for query in [String::new(), known.clone()] {
                let plain = if query.is_empty() { concrete.clone() } else { format!("{concrete}?{query}") };
                let sep = if query.is_empty() { "" } else { "&" };
                let junk = format!("{concrete}?{query}{sep}{JUNK}");
                let with_junk_first = format!("{concrete}?{JUNK}{sep}{query}");
                let expected = tenant.admin.get(&plain).await;
                for path in [junk, with_junk_first] {
                    let reply = tenant.admin.get(&path).await;
                    assert_eq!((reply.status, &reply.body), (expected.status, &expected.body), "{path} vs {plain}");
                }
            }
            checked += 1;
        }
        assert!(checked >= 20, "{checked} GETs");
    }

    /// Writes ignore them too; bad values of known parameters keep their 400.
    async fn unknown_query_parameters_on_writes_and_bad_known_values(app) {
        let (tenant, agent, _) = setup(app).await;
        let admin = &tenant.admin;
        let created = admin.post(&format!("/api/v1/supportgroups.json?{JUNK}"), json!({"supportgroup": {"sgName": "一线"}})).await;
        created.assert_status(200);
        let id = created.body["supportgroup"]["groupId"].as_str().expect("groupId").to_owned();
        admin.put(&format!("/api/v1/supportgroups/{id}.json?{JUNK}"), json!({"supportgroup": {"sgName": "二线"}})).await.assert_status(200);
        admin.put(&format!("/api/v1/supports/{agent}.json?{JUNK}"), json!({"support": {"name": "李四"}})).await.assert_status(200);
        admin.delete(&format!("/api/v1/supportgroups/{id}.json?{JUNK}")).await.assert_status(200);

        admin.get(&format!("/api/v1/supports.json?{JUNK}&per_page=101")).await.assert_error(400, "per_page");
        admin.get(&format!("/api/v1/supports.json?{JUNK}&page=0")).await.assert_error(400, "page");
        admin.get(&format!("/api/v1/supports.json?{JUNK}&page=1&page=2")).await.assert_error(400, "given more than once");
        admin.get(&format!("/api/v1/supports.json?{JUNK}&created_order=%00")).await.assert_error(400, "NUL");
        admin.get(&format!("/api/v1/supports/show_many.json?{JUNK}")).await.assert_error(400, "ids");
        admin.get(&format!("/api/v1/audit_logs.json?{JUNK}&sId=01")).await.assert_error(400, "canonical");
        admin.get(&format!("/api/v1/plate_service_state/{agent}.json?{JUNK}&plate=9")).await.assert_status(400);
    }
}

/// The hosted service's answer to a path it does not know.
const INVALID_RESOURCE_URI: &str = r#"{"errcode":"100047","errmsg":"Invalid resource URI"}"#;

#[track_caller]
fn assert_invalid_resource_uri(reply: &Reply, what: &str) {
    assert_eq!(reply.status, 404, "{what}: {}", reply.text);
    assert_eq!(reply.text, INVALID_RESOURCE_URI, "{what}");
    assert!(reply.header("content-type").is_some_and(|t| t.starts_with("application/json")), "{what}");
}

crate::backend_tests! {
    /// Unknown paths under the API, whoever asks and however, answer the hosted 100047.
    async fn unknown_api_paths_answer_invalid_resource_uri(app) {
        let tenant = app.tenant().await;
        let anonymous = app.anonymous();
        let paths = [
            "/api/v1/nothing.json",
            "/api/v1/nothing",
            "/api/v2/supports.json",
            "/api/v1/supports/1/x.json",
            "/api/v1/supports/",
            "/api/v1/",
            "/api/",
            "/api/v1/supportgroups/supports/search/x",
            "/api/token.php/x",
        ];
        for path in paths {
            for session in [&tenant.admin, &anonymous] {
                for method in [Method::GET, Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
                    let reply = session.send(method.clone(), path, Some("{}".into()), &[("Content-Type", "application/json")]).await;
                    assert_invalid_resource_uri(&reply, &format!("{method} {path}"));
                }
            }
        }
        // With a query string too.
        assert_invalid_resource_uri(&tenant.admin.get("/api/v1/nothing.json?page=1").await, "with a query");
    }

    /// Known paths keep their answers: unknown methods 405, unknown ids 404 in the API's
    /// format, the token endpoint its OAuth 400; outside the API, kefu's own 404.
    async fn known_paths_and_other_spaces_keep_their_answers(app) {
        let tenant = app.tenant().await;
        let admin = &tenant.admin;
        admin.send(Method::PATCH, "/api/v1/supports.json", None, &[]).await.assert_error(405, "PATCH is not allowed");
        admin.send(Method::PATCH, "/api/v1/supports", None, &[]).await.assert_error(405, "PATCH is not allowed");
        admin.delete("/api/v1/supportgroups.json").await.assert_error(405, "DELETE is not allowed");
        admin.get("/api/v1/supports/abc.json").await.assert_error(404, "ids are positive integers");
        admin.get("/api/v1/supports/999999.json").await.assert_status(404);
        assert!(admin.get("/api/v1/supports/999999.json").await.body.get("errcode").is_none());
        let token = app.anonymous().get("/api/token.php").await;
        token.assert_status(400);
        assert_eq!(token.body["error"], "invalid_request");
        app.anonymous().get("/healthz").await.assert_status(200);
        app.anonymous().get("/readyz").await.assert_status(200);
        app.anonymous().get("/api/v1/openapi.json").await.assert_status(200);
        app.anonymous().get("/nothing").await.assert_error(404, "no route for GET /nothing");
        let console = app.anonymous().get("/console/nothing").await;
        // The sign-in page first (303), as every console page.
        assert!([303, 404].contains(&console.status), "{}", console.status);
        assert!(!console.text.contains("100047"), "the console keeps its own page");
        app.anonymous().get("/docs/no-such-file.js").await.assert_error(404, "no file");
    }
}

crate::backend_tests! {
    /// A group's name is `sgName` in every answer, as on the hosted service.
    async fn support_groups_answer_sg_name(app) {
        let tenant = app.tenant().await;
        let admin = &tenant.admin;
        let created = admin.post("/api/v1/supportgroups.json", json!({"supportgroup": {"sgName": "售后组"}})).await;
        created.assert_status(200);
        let group = created.body["supportgroup"].clone();
        let id = group["groupId"].as_str().expect("groupId").to_owned();
        assert_eq!(group["sgName"], "售后组");
        assert_eq!(group.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()), Some(vec!["createDT".to_owned(), "groupId".to_owned(), "sgName".to_owned()]));
        let path = format!("/api/v1/supportgroups/{id}.json");
        let shown = admin.get(&path).await;
        shown.assert_status(200);
        assert_eq!(shown.body["supportgroup"], group, "the show endpoint answers the group");
        assert_eq!(admin.get("/api/v1/supportgroups.json").await.body["supportgroups"][0], group);
        // What a GET answers can be PUT back as it is, renamed.
        let mut edited = group.clone();
        edited["sgName"] = json!("售前组");
        let renamed = admin.put(&path, json!({"supportgroup": edited})).await;
        renamed.assert_status(200);
        assert_eq!(renamed.body["supportgroup"]["sgName"], "售前组");
        assert_eq!(admin.delete(&path).await.body["supportgroup"]["sgName"], "售前组");
    }

    /// kefu's old `name` stays accepted in place of `sgName`; both together must agree.
    async fn support_groups_accept_the_old_name(app) {
        let tenant = app.tenant().await;
        let admin = &tenant.admin;
        let created = admin.post("/api/v1/supportgroups.json", json!({"supportgroup": {"sgName": "一线"}})).await;
        created.assert_status(200);
        assert_eq!(created.body["supportgroup"]["sgName"], "一线");
        let id = created.body["supportgroup"]["groupId"].as_str().expect("groupId").to_owned();
        let path = format!("/api/v1/supportgroups/{id}.json");
        let renamed = admin.put(&path, json!({"supportgroup": {"name": "二线", "sgName": "二线"}})).await;
        renamed.assert_status(200);
        assert_eq!(renamed.body["supportgroup"]["sgName"], "二线");
        admin
            .put(&path, json!({"supportgroup": {"name": "三线", "sgName": "四线"}}))
            .await
            .assert_error(400, "name: differs from sgName");
        admin.post("/api/v1/supportgroups.json", json!({"supportgroup": {}})).await.assert_error(400, "sgName: is required");
        admin.post("/api/v1/supportgroups.json", json!({"supportgroup": {"name": ""}})).await.assert_error(400, "name: must not be empty");
        admin
            .post("/api/v1/supportgroups.json", json!({"supportgroup": {"sgName": "a", "color": "red"}}))
            .await
            .assert_error(400, "the fields are sgName, name, groupId, createDT");
        assert_eq!(admin.get(&path).await.body["supportgroup"]["sgName"], "二线", "nothing changed on a refusal");
    }
}
