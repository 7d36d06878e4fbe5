//! Bad input: every case answers a 4xx in the API's format naming what is wrong, and
//! changes nothing. Table-driven: one line per case.

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::unique;

/// A create body with one field overridden (or removed, with `Value::Null` as the marker
/// `"<remove>"`).
fn create_body(field: &str, value: Value) -> Value {
    let mut support = json!({"sPassportName": unique("v"), "sNum": unique("n")});
    if value == json!("<remove>") {
        support.as_object_mut().map(|s| s.remove(field));
    } else {
        support[field] = value;
    }
    json!({ "support": support })
}

backend_tests! {
    async fn invalid_fields_on_create(app) {
        let tenant = app.tenant().await;
        let long = "长".repeat(65);
        let cases: Vec<(&str, Value, &str)> = vec![
            ("sPassportName", json!("<remove>"), "sPassportName: is required"),
            ("sNum", json!("<remove>"), "sNum: is required"),
            ("sPassportName", json!(""), "sPassportName: must not be empty"),
            ("sPassportName", json!("has space"), "sPassportName: must not contain whitespace"),
            ("sPassportName", json!("a:b"), "sPassportName: must not contain ':'"),
            ("sPassportName", json!(long), "sPassportName: must be at most 64 characters, got 65"),
            ("sNum", json!("x".repeat(33)), "sNum: must be at most 32 characters"),
            ("name", json!(long), "name: must be at most 64 characters, got 65"),
            ("name", json!("a\nb"), "name: must not contain control characters"),
            ("gnder", json!("0"), "gnder: must be \"1\" (female) or \"2\" (male), got \"0\""),
            ("gnder", json!(3), "gnder: must be \"1\" (female) or \"2\" (male), got \"3\""),
            ("gnder", json!(1.5), "gnder: must be a string or a whole number, got 1.5"),
            ("gnder", json!(true), "gnder: must be a string or a whole number, got true"),
            ("isAdmin", json!("2"), "isAdmin: must be \"0\" (agent) or \"1\" (administrator), got \"2\""),
            ("isAdmin", json!("yes"), "isAdmin: must be \"0\""),
            ("email", json!("not-an-email"), "email: must be an e-mail address"),
            ("email", json!("a@b"), "email: must be an e-mail address"),
            ("email", json!(format!("{}@example.com", "a".repeat(250))), "email: must be at most 254 characters"),
            ("mobile", json!("1234"), "mobile: must be an 11-digit mobile number"),
            ("mobile", json!("1303920955x"), "mobile: must be an 11-digit mobile number"),
            ("fixnumber", json!("call me"), "fixnumber: must be a phone number"),
            ("QQ", json!("abc"), "QQ: must be 5 to 11 digits"),
            ("groupId", json!("1,a"), "groupId: must be comma-separated group ids"),
            ("groupId", json!("7,7"), "groupId: lists group 7 twice"),
            ("password", json!("12345"), "password: must be at least 6 characters, got 5"),
            ("password", json!("x".repeat(129)), "password: must be at most 128 characters"),
            ("name", json!(null), "name: must be a string or a whole number, got null (send \"\" to clear a text field)"),
            ("name", json!(["a"]), "name: must be a string or a whole number, got an array"),
            ("sId", json!("5"), "sId: is read-only"),
            ("createDT", json!("2020-01-01 00:00:00"), "createDT: is read-only"),
            ("isStat", json!("1"), "isStat: is read-only"),
            ("nickname", json!("x"), "nickname: unknown field"),
            ("custom_fields", json!("x"), "custom_fields: must be a list"),
        ];
        for (field, value, expected) in cases {
            let reply = tenant.admin.post("/api/v1/supports.json", create_body(field, value.clone())).await;
            assert_eq!(reply.status, 400, "{field}={value}: {}", reply.text);
            let message = reply.body["message"].as_str().unwrap_or_default();
            assert!(message.contains(expected), "{field}={value}: {message:?} should contain {expected:?}");
            assert_eq!(reply.body["status"], json!(400));
            assert_eq!(reply.body["errors"][0]["field"], json!(field), "{}", reply.text);
        }
        let list = tenant.admin.get("/api/v1/supports.json").await;
        assert_eq!(list.body["count"], json!(1), "nothing was created");
    }

    async fn every_problem_is_reported_at_once(app) {
        let tenant = app.tenant().await;
        let reply = tenant
            .admin
            .post("/api/v1/supports.json", json!({"support": {"gnder": "9", "email": "x", "typo": 1}}))
            .await;
        reply.assert_error(400, "5 problems");
        let fields: Vec<&str> = reply.body["errors"].as_array().map(|e| e.iter().filter_map(|p| p["field"].as_str()).collect()).unwrap_or_default();
        for expected in ["sPassportName", "sNum", "gnder", "email", "typo"] {
            assert!(fields.contains(&expected), "{expected} in {fields:?}");
        }
    }

    async fn invalid_fields_on_update(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"name": "原名"})).await;
        let path = format!("/api/v1/supports/{}.json", agent.id);
        for (body, expected) in [
            (json!({"support": {"gnder": "x"}}), "gnder: must be"),
            (json!({"support": {"mobile": "12"}}), "mobile: must be"),
            (json!({"support": {"sNum": ""}}), "sNum: must not be empty"),
            (json!({"support": {"unknown": "x"}}), "unknown: unknown field"),
            (json!({"support": "x"}), "support: must be a JSON object"),
            (json!({"supports": {}}), "supports: unknown member"),
            (json!({}), "support: missing"),
        ] {
            tenant.admin.put(&path, body).await.assert_error(400, expected);
        }
        let unchanged = tenant.admin.get(&path).await;
        assert_eq!(unchanged.body["support"]["name"], "原名");
    }

    async fn malformed_bodies(app) {
        let tenant = app.tenant().await;
        let post = |body: &'static str, headers: &'static [(&'static str, &'static str)]| {
            let admin = tenant.admin.clone();
            async move { admin.send(Method::POST, "/api/v1/supports.json", Some(body.to_owned()), headers).await }
        };
        post("{\"support\": {", &[("Content-Type", "application/json")]).await.assert_error(400, "malformed JSON at line 1");
        post("", &[("Content-Type", "application/json")]).await.assert_error(400, "the request body is empty");
        post("[1,2]", &[("Content-Type", "application/json")]).await.assert_error(400, "must be a JSON object");
        post("{\"support\":{}}", &[("Content-Type", "text/plain")]).await.assert_error(415, "Content-Type \"text/plain\" is not supported");
        post("<support/>", &[("Content-Type", "application/xml")]).await.assert_error(415, "application/xml");

        // Over 1 MiB: 413, in the API's format.
        let basic = format!("Basic {}", base64::Engine::encode(&base64::engine::general_purpose::STANDARD, format!("{}:{}", tenant.admin.account(), crate::support::ADMIN_PASSWORD)));
        let headers = [("Content-Type", "application/json"), ("Authorization", basic.as_str())];
        let reply = crate::support::oversized_request(&app.base, "/api/v1/supports.json", &headers, 1024 * 1024 + 10, 64 * 1024).await;
        reply.assert_error(413, "exceeds 1048576 bytes");
    }

    async fn duplicates_conflict(app) {
        let tenant = app.tenant().await;
        let first = tenant.agent(json!({"sNum": "dup-1"})).await;
        let same_login = tenant
            .admin
            .post("/api/v1/supports.json", json!({"support": {"sPassportName": first.account, "sNum": "other"}}))
            .await;
        same_login.assert_error(409, "sPassportName");
        assert_eq!(same_login.body["errors"][0]["field"], "sPassportName");
        // Logins are case-insensitive.
        let shouted = tenant
            .admin
            .post("/api/v1/supports.json", json!({"support": {"sPassportName": first.account.to_uppercase(), "sNum": "other"}}))
            .await;
        shouted.assert_error(409, "sPassportName");
        let same_number = tenant
            .admin
            .post("/api/v1/supports.json", json!({"support": {"sPassportName": unique("x"), "sNum": "dup-1"}}))
            .await;
        same_number.assert_error(409, "sNum: another agent of this company already has job number \"dup-1\"");
        // Updating into a taken job number conflicts too.
        let second = tenant.agent(json!({"sNum": "dup-2"})).await;
        tenant
            .admin
            .put(&format!("/api/v1/supports/{}.json", second.id), json!({"support": {"sNum": "dup-1"}}))
            .await
            .assert_error(409, "sNum");
    }

    async fn bad_list_parameters(app) {
        let tenant = app.tenant().await;
        for (query, expected) in [
            ("page=0", "page: must be a whole number from 1 to"),
            ("page=abc", "page: must be a whole number"),
            ("page=-1", "page: must be"),
            ("page=99999999999999999999", "page: must be"),
            ("per_page=101", "per_page: must be a whole number from 1 to 100"),
            ("per_page=0", "per_page: must be"),
            ("created_start=yesterday", "created_start: must be a time such as"),
            ("created_start=2023-02-30", "created_start: must be"),
            ("created_end=2023-01-01T00:00:00", "created_end: must be"),
            ("created_start=2023-02-01&created_end=2023-01-01", "created_end: must not be before created_start"),
            ("created_order=up", "created_order: must be \"asc\" or \"desc\""),
            ("isStat=2", "isStat: must be"),
            ("page=1&page=2", "page: given more than once"),
        ] {
            tenant.admin.get(&format!("/api/v1/supports.json?{query}")).await.assert_error(400, expected);
        }
        for (query, expected) in [
            ("", "query: is required"),
            ("query=", "query: needs something to search for"),
            ("query=mobil:138", "\"mobil\" is not a searchable field"),
            ("query=name:a&sort_by=sId", "sort_by: must be \"createDT\" or \"updateDT\""),
            ("query=name:a&sort_order=down", "sort_order: must be"),
        ] {
            tenant.admin.get(&format!("/api/v1/supportgroups/supports/search.json?{query}")).await.assert_error(400, expected);
        }
        let too_long = format!("/api/v1/supportgroups/supports/search.json?query={}", "x".repeat(101));
        tenant.admin.get(&too_long).await.assert_error(400, "query: must be at most 100 characters");
        for (query, expected) in [
            ("", "ids: is required"),
            ("ids=1,x", "ids: must be comma-separated sIds"),
            ("ids=", "ids: must be"),
        ] {
            tenant.admin.get(&format!("/api/v1/supports/show_many.json?{query}")).await.assert_error(400, expected);
        }
        let many: Vec<String> = (1..=101).map(|i| i.to_string()).collect();
        tenant
            .admin
            .get(&format!("/api/v1/supports/show_many.json?ids={}", many.join(",")))
            .await
            .assert_error(400, "ids: at most 100 ids per call, got 101");
    }

    async fn unknown_routes_and_methods_answer_json(app) {
        let tenant = app.tenant().await;
        let unknown = tenant.admin.get("/api/v1/nothing.json").await;
        assert_eq!((unknown.status, unknown.body), (404, serde_json::json!({"errcode": "100047", "errmsg": "Invalid resource URI"})));
        tenant.admin.get("/api/v1/supports/abc.json").await.assert_error(404, "ids are positive integers");
        // The `.json` suffix is optional (compat.rs has the rest).
        let bare = tenant.admin.get("/api/v1/supports/999999").await;
        let suffixed = tenant.admin.get("/api/v1/supports/999999.json").await;
        assert_eq!((bare.status, bare.body), (404, suffixed.body));
        tenant.admin.send(Method::PATCH, "/api/v1/supports.json", None, &[]).await.assert_error(405, "PATCH is not allowed");
        tenant.admin.delete("/api/v1/supports.json").await.assert_error(405, "DELETE is not allowed");
    }
}
