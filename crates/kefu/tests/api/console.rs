//! The console's safety over HTTP: the session cookie's flags, the Content-Security-
//! Policy, CSRF refusal, sign-out, the idle timeout, sessions shared by instances, and
//! the API's brute-force throttle on the sign-in form.

use std::time::Duration;

use kefu_server::{Config, ThrottleConfig};
use serde_json::json;
use sqlx::Connection;

use crate::backend_tests;
use crate::support::console::{Console, cookie_value};
use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD, TestApp};

/// Asserts the headers every console answer carries.
#[track_caller]
fn assert_hardened(answer: &crate::support::console::Answer) {
    let csp = answer.header("content-security-policy").expect("a Content-Security-Policy");
    for directive in ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"] {
        assert!(csp.contains(directive), "{directive} missing from {csp}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{csp}");
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(answer.header("x-frame-options"), Some("DENY"));
}

/// No inline script or style in a page (the policy would block it anyway).
#[track_caller]
fn assert_no_inline_code(page: &str) {
    for (i, _) in page.match_indices("<script") {
        let tag_end = page[i..].find('>').map_or(page.len(), |e| i + e);
        assert!(page[i..tag_end].contains(" src="), "inline script at {i}: {}", &page[i..tag_end]);
        assert!(page[tag_end..].starts_with("></script>"), "a script with a body");
    }
    assert!(!page.contains(" style="), "inline style attribute");
    assert!(!page.contains("<style"), "inline stylesheet");
    assert!(!page.contains(" onclick=") && !page.contains(" onsubmit="), "inline handler");
}

backend_tests! {
    async fn sign_in_sets_an_http_only_lax_session_cookie(app) {
        let tenant = app.tenant().await;
        let console = Console::new(&app.base);
        let answer = console.try_sign_in(tenant.admin.account(), ADMIN_PASSWORD, &[]).await;
        answer.assert_status(303);
        assert_eq!(answer.location(), "/console/");
        let cookie = answer.set_cookie("kefu_console").expect("a session cookie");
        assert!(cookie.contains("; HttpOnly"), "{cookie}");
        assert!(cookie.contains("; SameSite=Lax"), "{cookie}");
        assert!(cookie.contains("; Path=/console"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain HTTP: no Secure flag, or the browser would drop it: {cookie}");
        assert_eq!(cookie_value(&cookie).len(), 64, "256 random bits");

        // Behind a proxy that terminates TLS, the cookie is Secure.
        let answer = console
            .try_sign_in(tenant.admin.account(), ADMIN_PASSWORD, &[("X-Forwarded-Proto", "https")])
            .await;
        let cookie = answer.set_cookie("kefu_console").expect("a session cookie");
        assert!(cookie.contains("; Secure") && cookie.contains("; HttpOnly"), "{cookie}");

        // Only a hash of the token is stored.
        let token = cookie_value(&cookie);
        let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM console_sessions")
            .fetch_all(&mut sqlx::AnyConnection::connect_with(&app.url.parse().expect("url")).await.expect("connect"))
            .await
            .expect("read sessions");
        assert!(!stored.is_empty());
        assert!(stored.iter().all(|hash| *hash != token), "the token itself is never stored");
    }

    async fn wrong_passwords_are_refused_with_the_apis_answer(app) {
        let tenant = app.tenant().await;
        let answer = Console::new(&app.base).try_sign_in(tenant.admin.account(), "wrong-password", &[]).await;
        answer.assert_status(401);
        assert!(answer.text.contains("账号或密码不正确"), "{}", answer.text);
        assert!(answer.set_cookie("kefu_console").is_none());
        let answer = Console::new(&app.base).try_sign_in("nobody-at-all", "wrong-password", &[]).await;
        answer.assert_status(401);
    }

    async fn every_console_answer_has_a_strict_content_security_policy(app) {
        let tenant = app.tenant().await;
        let anonymous = Console::new(&app.base);
        let login = anonymous.get("/console/login").await;
        assert_hardened(&login);
        assert_no_inline_code(&login.text);
        assert_hardened(anonymous.get("/console/agents").await.assert_status(303));

        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        for path in [
            "/console/agents",
            "/console/agents/new",
            "/console/groups",
            "/console/presence",
            "/console/schedules",
            "/console/signins",
            "/console/api-keys",
            "/console/no-such-page",
        ] {
            let page = console.get(path).await;
            assert_hardened(&page);
            assert_no_inline_code(&page.text);
            assert_eq!(page.header("cache-control"), Some("no-store"), "{path}");
            assert!(page.text.contains("/console/assets/console.js"), "{path}");
        }
        let script = anonymous.get("/console/assets/console.js").await;
        script.assert_status(200);
        assert!(script.header("content-type").unwrap_or("").starts_with("text/javascript"));
        assert_hardened(&script);
        let css = anonymous.get("/console/assets/console.css").await;
        assert!(css.header("content-type").unwrap_or("").starts_with("text/css"));
        let etag = css.header("etag").expect("an ETag").to_owned();
        anonymous.get_with("/console/assets/console.css", &[("If-None-Match", &etag)]).await.assert_status(304);
        // Nothing is fetched from elsewhere.
        assert!(!css.text.contains("http") && !script.text.contains("http://") && !script.text.contains("https://"));
    }

    async fn forms_without_the_sessions_csrf_token_change_nothing(app) {
        let tenant = app.tenant().await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let other = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        assert_ne!(console.csrf, other.csrf, "each session has its own token");
        let fields = [("sPassportName", "csrf-victim"), ("sNum", "c-1"), ("gnder", "1"), ("isAdmin", "1")];

        let missing = console.post_raw("/console/agents", &fields).await;
        missing.assert_status(403);
        assert!(missing.text.contains("CSRF"), "{}", missing.text);
        let mut forged = vec![("_csrf", "0".repeat(64))];
        forged.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
        let forged: Vec<(&str, &str)> = forged.iter().map(|(k, v)| (*k, v.as_str())).collect();
        console.post_raw("/console/agents", &forged).await.assert_status(403);
        let mut stolen = vec![("_csrf", other.csrf.as_str())];
        stolen.extend_from_slice(&fields);
        console.post_raw("/console/agents", &stolen).await.assert_status(403);
        let found = tenant.admin.get("/api/v1/supportgroups/supports/search.json?query=sPassportName:csrf-victim").await;
        assert_eq!(found.body["count"], "0", "no refused form created anything");

        // Sign-out is a form too.
        console.post_raw("/console/logout", &[]).await.assert_status(403);
        console.get("/console/agents").await.assert_status(200);

        // The sign-in form has its own token, tied to a cookie of its own.
        let anonymous = Console::new(&app.base);
        let refused = anonymous
            .post_raw("/console/login", &[("account", tenant.admin.account()), ("password", ADMIN_PASSWORD)])
            .await;
        refused.assert_status(403);
        assert!(refused.set_cookie("kefu_console").is_none());

        // With the token, the same form works.
        let created = console.post("/console/agents", &fields).await;
        created.assert_status(303);
        assert!(created.location().starts_with("/console/agents/"), "{}", created.location());
    }

    async fn signing_out_ends_the_session_everywhere(app) {
        let tenant = app.tenant().await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let second = app.second_instance().await;
        let elsewhere = console.at(&second.base);
        elsewhere.get("/console/agents").await.assert_status(200);

        let out = elsewhere.post("/console/logout", &[]).await;
        out.assert_status(303);
        assert_eq!(out.location(), "/console/login?notice=signed_out");
        let cleared = out.set_cookie("kefu_console").expect("the cookie is cleared");
        assert!(cleared.contains("Max-Age=0"), "{cleared}");

        let after = console.get("/console/agents").await;
        after.assert_status(303);
        assert!(after.location().starts_with("/console/login?next="), "{}", after.location());
        second.finish().await;
    }

    async fn an_idle_session_expires(app) {
        let tenant = app.tenant().await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        console.get("/console/agents").await.assert_status(200);
        let idle = (kefu_domain::limits::CONSOLE_IDLE_TIMEOUT_SECONDS + 60) * 1_000_000;
        let mut conn = sqlx::AnyConnection::connect_with(&app.url.parse().expect("url")).await.expect("connect");
        sqlx::query("UPDATE console_sessions SET last_seen_at = last_seen_at - $1, created_at = created_at - $1")
            .bind(idle)
            .execute(&mut conn)
            .await
            .expect("age the session");
        let expired = console.get("/console/agents?page=2").await;
        expired.assert_status(303);
        assert_eq!(expired.location(), "/console/login?next=%2Fconsole%2Fagents%3Fpage%3D2");
        assert!(expired.set_cookie("kefu_console").is_some_and(|c| c.contains("Max-Age=0")));
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM console_sessions")
            .fetch_one(&mut conn)
            .await
            .expect("count");
        assert_eq!(left, 0, "the expired session is gone");
    }

    async fn a_password_change_ends_other_sessions(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"name": "改密码"})).await;
        let console = Console::sign_in(&app.base, &agent.account, AGENT_PASSWORD).await;
        let profile = format!("/console/agents/{}", agent.id);
        console.get(&profile).await.assert_status(200);
        tenant
            .admin
            .put(&format!("/api/v1/supports/{}.json", agent.id), json!({"support": {"password": "brand-new-1"}}))
            .await
            .assert_status(200);
        console.get(&profile).await.assert_status(303);

        // Changing one's own password in the console keeps that session, ends the others.
        let mine = Console::sign_in(&app.base, &agent.account, "brand-new-1").await;
        let other = Console::sign_in(&app.base, &agent.account, "brand-new-1").await;
        mine.post(&profile, &[("password", "newer-pass-2"), ("name", "改密码"), ("gnder", "1")])
            .await
            .assert_status(303);
        mine.get(&profile).await.assert_status(200);
        other.get(&profile).await.assert_status(303);
    }

    async fn hidden_agents_lose_their_sessions(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let console = Console::sign_in(&app.base, &agent.account, AGENT_PASSWORD).await;
        tenant
            .admin
            .put(&format!("/api/v1/servicers/{}.json", agent.id), json!({"support": {"isStat": "0"}}))
            .await
            .assert_status(200);
        console.get(&format!("/console/agents/{}", agent.id)).await.assert_status(303);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_https_public_url_makes_the_cookie_secure() {
    let config = Config { public_url: Some("https://kefu.example.com".into()), ..Config::default() };
    let app = TestApp::spawn_with(kefu_store::Backend::Sqlite, config).await.expect("SQLite");
    let tenant = app.tenant().await;
    let answer = Console::new(&app.base).try_sign_in(tenant.admin.account(), ADMIN_PASSWORD, &[]).await;
    answer.assert_status(303);
    for line in answer.set_cookies() {
        assert!(line.contains("; Secure") && line.contains("; HttpOnly"), "{line}");
    }
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_form_is_throttled_like_the_api() {
    let throttle = ThrottleConfig {
        per_account_and_address: 3,
        per_account: 100,
        per_address: 100,
        window: Duration::from_secs(60),
    };
    let app = TestApp::spawn_with(kefu_store::Backend::Sqlite, Config { throttle, ..Config::default() })
        .await
        .expect("SQLite");
    let tenant = app.tenant().await;
    let console = Console::new(&app.base);
    for _ in 0..3 {
        console.try_sign_in(tenant.admin.account(), "wrong-password", &[]).await.assert_status(401);
    }
    let refused = console.try_sign_in(tenant.admin.account(), ADMIN_PASSWORD, &[]).await;
    refused.assert_status(429);
    assert!(refused.header("retry-after").is_some());
    assert!(refused.text.contains("失败次数过多"), "{}", refused.text);
    // The API counts the same failures: Basic Auth is refused too.
    tenant.admin.get("/api/v1/supports.json").await.assert_status(429);
    app.finish().await;
}
