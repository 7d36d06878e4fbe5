//! Smaller defences: what an access token may not do, conflicts that name no other
//! company, sessions and keys that end for good, headers on every answer, and a database
//! file only its owner can read.

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::support::console::Console;
use crate::support::{AGENT_PASSWORD, Session, TestApp, unique};

/// A Bearer session for a new API key of the tenant's administrator.
async fn bearer(app: &TestApp, admin: &Session) -> String {
    let key = admin.post("/api/v1/api_keys.json", json!({"api_key": {"name": "CRM"}})).await;
    key.assert_status(200);
    let (id, secret) = (
        key.body["api_key"]["secretId"].as_str().unwrap_or_default(),
        key.body["api_key"]["secret"].as_str().unwrap_or_default(),
    );
    let answer = reqwest::Client::new()
        .post(format!("{}/api/token.php", app.base))
        .basic_auth(id, Some(secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("an answer");
    let body: serde_json::Value = answer.json().await.expect("a token");
    format!("Bearer {}", body["access_token"].as_str().unwrap_or_default())
}

backend_tests! {
    /// A leaked one-hour token must not become lasting access: it cannot mint API keys
    /// nor set passwords.
    async fn an_access_token_cannot_mint_keys_or_set_passwords(app) {
        let tenant = app.tenant().await;
        let token = bearer(app, &tenant.admin).await;
        let auth = [("Authorization", token.as_str()), ("Content-Type", "application/json")];
        let anonymous = app.anonymous();
        let send = |method: Method, path: String, body: serde_json::Value| {
            let anonymous = anonymous.clone();
            async move { anonymous.send(method, &path, Some(body.to_string()), &auth).await }
        };
        send(Method::POST, "/api/v1/api_keys.json".into(), json!({"api_key": {"name": "mine"}}))
            .await
            .assert_error(403, "an access token cannot create API keys");
        let own = format!("/api/v1/supports/{}.json", tenant.admin_id);
        send(Method::PUT, own.clone(), json!({"support": {"password": "stolen-pass-1"}}))
            .await
            .assert_error(403, "an access token cannot change passwords");
        let new_admin = json!({"support": {"sPassportName": unique("x"), "sNum": unique("n"), "isAdmin": "1", "password": "stolen-pass-1"}});
        send(Method::POST, "/api/v1/supports.json".into(), new_admin).await.assert_error(403, "cannot set passwords");
        // Everything else an administrator does, it still does.
        send(Method::PUT, own.clone(), json!({"support": {"name": "集成改名"}})).await.assert_status(200);
        tenant.admin.get(&own).await.assert_status(200);
        assert_eq!(tenant.admin.get("/api/v1/api_keys.json").await.body["count"], 1);
    }

    /// A taken login is refused in the same words whichever company has it.
    async fn a_taken_login_names_no_other_company(app) {
        let ours = app.tenant().await;
        let theirs = app.tenant().await;
        let login = unique("taken");
        theirs.agent(json!({"sPassportName": login})).await;
        let mine = ours.agent(json!({})).await;
        let body = |login: &str| json!({"support": {"sPassportName": login, "sNum": unique("n")}});
        let elsewhere = ours.admin.post("/api/v1/supports.json", body(&login)).await;
        elsewhere.assert_error(409, "is not available");
        let here = ours.admin.post("/api/v1/supports.json", body(&mine.account)).await;
        here.assert_status(409);
        let without_value = |text: &str, value: &str| text.replace(value, "");
        assert_eq!(
            without_value(&elsewhere.text, &login),
            without_value(&here.text, &mine.account),
            "the same answer whoever holds the login"
        );
        assert!(!elsewhere.text.contains("another company"), "{}", elsewhere.text);
    }

    /// Hiding an agent ends its console sessions for good: restoring it does not revive
    /// one begun before.
    async fn hiding_ends_console_sessions_for_good(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let console = Console::sign_in(&app.base, &agent.account, AGENT_PASSWORD).await;
        let own_page = format!("/console/agents/{}", agent.id);
        console.get(&own_page).await.assert_status(200);
        let visibility = format!("/api/v1/servicers/{}.json", agent.id);
        tenant.admin.put(&visibility, json!({"support": {"isStat": "0"}})).await.assert_status(200);
        tenant.admin.put(&visibility, json!({"support": {"isStat": "1"}})).await.assert_status(200);
        let after = console.get(&own_page).await;
        after.assert_status(303);
        assert!(after.location().starts_with("/console/login"), "{}", after.location());
    }

    /// A deleted administrator's API keys are revoked, not left listed.
    async fn a_deleted_administrator_s_keys_are_revoked(app) {
        let tenant = app.tenant().await;
        let other = tenant.agent(json!({"isAdmin": "1"})).await;
        let token = bearer(app, &other.session).await;
        assert_eq!(tenant.admin.get("/api/v1/api_keys.json").await.body["count"], 1);
        tenant.admin.delete(&format!("/api/v1/supports/{}.json", other.id)).await.assert_status(200);
        let keys = tenant.admin.get("/api/v1/api_keys.json").await;
        assert_eq!(keys.body["count"], 0, "{}", keys.text);
        app.anonymous()
            .send(Method::GET, "/api/v1/supports.json", None, &[("Authorization", token.as_str())])
            .await
            .assert_status(401);
    }

    async fn answers_are_not_sniffed_or_cached_and_the_reference_page_is_locked_down(app) {
        let tenant = app.tenant().await;
        for reply in [
            tenant.admin.get("/api/v1/supports.json").await,
            app.anonymous().get("/api/v1/supports.json").await,
            app.anonymous().get("/api/v1/nothing-here.json").await,
        ] {
            assert_eq!(reply.header("x-content-type-options"), Some("nosniff"), "{}", reply.text);
            assert_eq!(reply.header("cache-control"), Some("no-store"), "{}", reply.text);
        }
        let docs = app.anonymous().get("/docs/").await;
        docs.assert_status(200);
        assert!(docs.header("content-security-policy").is_some_and(|csp| csp.contains("frame-ancestors 'none'")));
        assert_eq!(docs.header("x-frame-options"), Some("DENY"));
        assert_eq!(docs.header("x-content-type-options"), Some("nosniff"));
    }
}

/// The SQLite database and its WAL are readable by their owner only.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::spawn(kefu_store::Backend::Sqlite).await.expect("SQLite");
    let tenant = app.tenant().await;
    tenant.group("组").await;
    let file = app.url.trim_start_matches("sqlite://").to_owned();
    for path in [file.clone(), format!("{file}-wal")] {
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600), "{path}");
    }
    app.finish().await;
}
