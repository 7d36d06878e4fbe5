//! The seed's 调用者权限 and authentication: who may call what.

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::support::{ADMIN_PASSWORD, unique};

backend_tests! {
    async fn administrator_endpoints_refuse_other_agents(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let group = tenant.group("组").await;
        let body = json!({"support": {"sPassportName": unique("x"), "sNum": "x1"}});
        let requests: Vec<(Method, String, Option<serde_json::Value>)> = vec![
            (Method::GET, "/api/v1/supports.json".into(), None),
            (Method::POST, "/api/v1/supports.json".into(), Some(body)),
            (Method::GET, format!("/api/v1/supports/show_many.json?ids={}", agent.id), None),
            (Method::DELETE, format!("/api/v1/supports/{}.json", tenant.admin_id), None),
            (Method::GET, "/api/v1/supportgroups/supports/search.json?query=x".into(), None),
            (Method::PUT, format!("/api/v1/servicers/{}.json", agent.id), Some(json!({"support": {"isStat": "0"}}))),
            (Method::GET, "/api/v1/supportgroups.json".into(), None),
            (Method::POST, "/api/v1/supportgroups.json".into(), Some(json!({"supportgroup": {"sgName": "n"}}))),
            (Method::GET, format!("/api/v1/supportgroups/{group}.json"), None),
            (Method::PUT, format!("/api/v1/supportgroups/{group}.json"), Some(json!({"supportgroup": {"sgName": "n"}}))),
            (Method::DELETE, format!("/api/v1/supportgroups/{group}.json"), None),
        ];
        for (method, path, body) in requests {
            let reply = agent
                .session
                .send(method.clone(), &path, body.map(|b| b.to_string()), &[("Content-Type", "application/json")])
                .await;
            reply.assert_error(403, "requires an administrator");
        }
        // Nothing changed.
        assert_eq!(tenant.admin.get(&format!("/api/v1/supports/{}.json", agent.id)).await.body["support"]["isStat"], "1");
        tenant.admin.get(&format!("/api/v1/supportgroups/{group}.json")).await.assert_status(200);
    }

    /// A non-administrator is refused before the body is read: a bad body still gets 403.
    async fn refusal_comes_before_validation(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let reply = agent
            .session
            .send(Method::POST, "/api/v1/supports.json", Some("{not json".into()), &[("Content-Type", "application/json")])
            .await;
        reply.assert_status(403);
    }

    async fn every_agent_may_read_any_colleague(app) {
        let tenant = app.tenant().await;
        let me = tenant.agent(json!({})).await;
        let colleague = tenant.agent(json!({"name": "同事"})).await;
        let reply = me.session.get(&format!("/api/v1/supports/{}.json", colleague.id)).await;
        reply.assert_status(200);
        assert_eq!(reply.body["support"]["name"], "同事");
        me.session.get(&format!("/api/v1/supports/{}.json", tenant.admin_id)).await.assert_status(200);
    }

    async fn agents_change_only_their_own_harmless_fields(app) {
        let tenant = app.tenant().await;
        let group = tenant.group("一组").await;
        let me = tenant.agent(json!({"sNum": "me-1", "groupId": group})).await;
        let colleague = tenant.agent(json!({"name": "同事"})).await;
        let mine = format!("/api/v1/supports/{}.json", me.id);

        let ok = me.session.put(&mine, json!({"support": {"name": "我自己", "mobile": "13800138000", "QQ": "123456"}})).await;
        ok.assert_status(200);
        assert_eq!(ok.body["support"]["name"], "我自己");

        me.session
            .put(&format!("/api/v1/supports/{}.json", colleague.id), json!({"support": {"name": "改别人"}}))
            .await
            .assert_error(403, "only an administrator may change another agent's record");
        me.session.put(&mine, json!({"support": {"isAdmin": "1"}})).await.assert_error(403, "isAdmin");
        me.session.put(&mine, json!({"support": {"groupId": ""}})).await.assert_error(403, "groupId");
        me.session.put(&mine, json!({"support": {"sNum": "me-2"}})).await.assert_error(403, "sNum");
        me.session
            .put(&mine, json!({"support": {"isAdmin": "1", "sNum": "me-2"}}))
            .await
            .assert_error(403, "only an administrator may change isAdmin, sNum");

        // Sending them back unchanged is fine (a GET, edited, PUT back).
        let whole = me.session.get(&mine).await.body["support"].clone();
        me.session.put(&mine, json!({ "support": whole })).await.assert_status(200);
        assert_eq!(tenant.admin.get(&mine).await.body["support"]["isAdmin"], "0");
    }

    async fn credentials_are_checked(app) {
        let tenant = app.tenant().await;
        let path = format!("/api/v1/supports/{}.json", tenant.admin_id);
        let anonymous = app.anonymous().get(&path).await;
        anonymous.assert_error(401, "authentication required");
        assert!(anonymous.header("www-authenticate").is_some_and(|h| h.starts_with("Basic")), "challenge");

        let wrong = tenant.admin.with_password("wrong-password").get(&path).await;
        wrong.assert_error(401, "invalid account or password");
        assert!(wrong.header("www-authenticate").is_some());
        let unknown = app.session("nobody-at-all", ADMIN_PASSWORD).get(&path).await;
        assert_eq!((unknown.status, &unknown.body), (wrong.status, &wrong.body), "unknown account = wrong password");

        // Logins are case-insensitive.
        app.session(&tenant.admin.account().to_uppercase(), ADMIN_PASSWORD).get(&path).await.assert_status(200);

        for header in ["Basic !!!", "Basic", "Bearer abc", "Digest x", "Basic bm9jb2xvbg=="] {
            let reply = app.anonymous().send(Method::GET, &path, None, &[("Authorization", header)]).await;
            reply.assert_status(401);
        }
    }

    async fn health_needs_no_credentials(app) {
        let reply = app.anonymous().get("/healthz").await;
        reply.assert_status(200);
        assert_eq!(reply.body, json!({"status": "ok"}));
        app.anonymous().get("/readyz").await.assert_status(200);
    }
}

/// Repeated failed sign-ins for one account are answered 429 with `Retry-After` — even
/// with the right password — until the window ends; other accounts are unaffected.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_sign_ins_are_throttled() {
    let throttle = kefu_server::ThrottleConfig {
        per_account_and_address: 3,
        per_account: 100,
        per_address: 1000,
        window: std::time::Duration::from_secs(2),
    };
    let config = kefu_server::Config { throttle, ..kefu_server::Config::default() };
    let Some(app) = crate::support::TestApp::spawn_with(kefu_store::Backend::Sqlite, config).await else { return };
    let tenant = app.tenant().await;
    let victim = tenant.agent(json!({})).await;
    let path = format!("/api/v1/supports/{}.json", victim.id);
    for _ in 0..3 {
        victim.session.with_password("guess-guess").get(&path).await.assert_status(401);
    }
    let throttled = victim.session.get(&path).await;
    throttled.assert_error(429, "too many failed sign-ins");
    let wait: u64 = throttled.header("retry-after").and_then(|s| s.parse().ok()).unwrap_or(0);
    assert!((1..=2).contains(&wait), "Retry-After {wait}");
    // Unknown accounts are counted the same way (same answers, same throttle).
    for _ in 0..3 {
        app.session("nobody-here", "x-x-x-x").get(&path).await.assert_status(401);
    }
    app.session("nobody-here", "x-x-x-x").get(&path).await.assert_status(429);
    tenant.admin.get(&path).await.assert_status(200);

    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    victim.session.get(&path).await.assert_status(200);
    app.finish().await;
}

/// Sprayed passwords from one address: after the address's limit every account is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_spraying_from_one_address_is_throttled() {
    let throttle = kefu_server::ThrottleConfig {
        per_account_and_address: 100,
        per_account: 100,
        per_address: 5,
        window: std::time::Duration::from_secs(60),
    };
    let config = kefu_server::Config { throttle, ..kefu_server::Config::default() };
    let Some(app) = crate::support::TestApp::spawn_with(kefu_store::Backend::Sqlite, config).await else { return };
    let tenant = app.tenant().await;
    for i in 0..5 {
        app.session(&format!("user{i}"), "123456").get("/api/v1/supports.json").await.assert_status(401);
    }
    app.session("user9", "123456").get("/api/v1/supports.json").await.assert_status(429);
    tenant.admin.get("/api/v1/supports.json").await.assert_status(429);
    app.anonymous().get("/healthz").await.assert_status(200);
    app.finish().await;
}
