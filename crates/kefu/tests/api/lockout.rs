//! Guessing stays throttled, but nobody without the password can keep the owner out:
//! failures from one address do not stop the owner signing in from another — on the API,
//! the console and the token endpoint — and behind a reverse proxy each client is counted
//! by the address the proxy reports, not by the proxy's.

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::support::console::Console;
use crate::support::{AGENT_PASSWORD, Reply, Session, TestApp, client_from, configs, unique};

/// The attacker's machine; the owner's is 127.0.0.1, as every other test's.
const ATTACKER: [u8; 4] = [127, 0, 0, 2];

/// Sends `attempts` failing requests; returns how many were refused without a check (429).
async fn guess(attempts: usize, mut attempt: impl AsyncFnMut() -> u16) -> usize {
    let mut throttled = 0;
    for _ in 0..attempts {
        match attempt().await {
            401 => {}
            429 => throttled += 1,
            other => panic!("a wrong guess answered {other}"),
        }
    }
    throttled
}

/// `POST /api/token.php` with the documented urlencoded form and Basic client credentials.
async fn token_request(http: &reqwest::Client, app: &TestApp, secret_id: &str, secret: &str) -> u16 {
    http.post(format!("{}/api/token.php", app.base))
        .basic_auth(secret_id, Some(secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("the server answers")
        .status()
        .as_u16()
}

backend_tests! {
    async fn wrong_passwords_from_one_address_do_not_stop_the_owner(app) {
        let tenant = app.tenant().await;
        let owner = tenant.agent(json!({})).await;
        let path = format!("/api/v1/supports/{}.json", owner.id);

        let attacker = app.session_from(ATTACKER, &owner.account, "guess-guess-1");
        let throttled = guess(12, async || attacker.get(&path).await.status).await;
        assert!(throttled > 0, "guessing from one address is throttled");
        owner.session.get(&path).await.assert_status(200);
        Console::new(&app.base).try_sign_in(&owner.account, AGENT_PASSWORD, &[]).await.assert_status(303);

        let attacker_console = Console::new_from(&app.base, ATTACKER);
        let throttled =
            guess(12, async || attacker_console.try_sign_in(&owner.account, "guess-guess-2", &[]).await.status).await;
        assert!(throttled > 0, "guessing through the console is throttled too");
        Console::new(&app.base).try_sign_in(&owner.account, AGENT_PASSWORD, &[]).await.assert_status(303);
        owner.session.get(&path).await.assert_status(200);
        // The guesser's own address stays refused, even with the right password.
        app.session_from(ATTACKER, &owner.account, AGENT_PASSWORD).get(&path).await.assert_status(429);
    }

    async fn wrong_secrets_from_one_address_do_not_stop_the_integration(app) {
        let tenant = app.tenant().await;
        let reply = tenant.admin.post("/api/v1/api_keys.json", json!({"api_key": {"name": "CRM"}})).await;
        reply.assert_status(200);
        let secret_id = reply.body["api_key"]["secretId"].as_str().unwrap_or_default().to_owned();
        let secret = reply.body["api_key"]["secret"].as_str().unwrap_or_default().to_owned();

        let attacker = client_from(ATTACKER);
        let throttled = guess(12, async || token_request(&attacker, app, &secret_id, "wrong-secret").await).await;
        assert!(throttled > 0, "guessing secrets is throttled");
        assert_eq!(token_request(&reqwest::Client::new(), app, &secret_id, &secret).await, 200);
    }
}

/// A GET from a client behind the proxy, as the proxy reports it.
async fn get_via_proxy(session: &Session, client: &str, path: &str) -> Reply {
    session.send(Method::GET, path, None, &[("X-Forwarded-For", client)]).await
}

backend_tests! {
    config = configs::behind_proxy("127.0.0.1/32", 5);

    /// Behind a trusted proxy every request arrives from the proxy's address; spraying by
    /// one client must not shut out the others, and the audit log names the client.
    async fn behind_a_trusted_proxy_clients_are_told_apart(app) {
        let tenant = app.tenant().await;
        let sprayer = app.session(&unique("nobody"), "guess-guess");
        for _ in 0..5 {
            get_via_proxy(&sprayer, "203.0.113.9", "/api/v1/supports.json").await.assert_status(401);
        }
        get_via_proxy(&sprayer, "203.0.113.9", "/api/v1/supports.json").await.assert_status(429);
        // A client-forged entry left of the proxy's does not help the sprayer.
        let forged = sprayer
            .send(Method::GET, "/api/v1/supports.json", None, &[("X-Forwarded-For", "1.2.3.4, 203.0.113.9")])
            .await;
        forged.assert_status(429);
        // Another client behind the same proxy signs in.
        get_via_proxy(&tenant.admin, "198.51.100.7", "/api/v1/supports.json").await.assert_status(200);

        // The audit log records the client, as the proxy reported it.
        let group = tenant
            .admin
            .send(
                Method::POST,
                "/api/v1/supportgroups.json",
                Some(json!({"supportgroup": {"sgName": "组"}}).to_string()),
                &[("Content-Type", "application/json"), ("X-Forwarded-For", "198.51.100.7")],
            )
            .await;
        group.assert_status(200);
        let log = tenant.admin.get("/api/v1/audit_logs.json").await;
        assert_eq!(log.body["audit_logs"][0]["address"], "198.51.100.7", "{}", log.text);
    }
}

backend_tests! {
    /// Without trusted proxies, forwarded headers are ignored: a client cannot choose the
    /// address it is throttled under.
    async fn forwarded_headers_are_ignored_unless_the_proxy_is_trusted(app) {
        let tenant = app.tenant().await;
        let owner = tenant.agent(json!({})).await;
        let path = format!("/api/v1/supports/{}.json", owner.id);
        let guesser = owner.session.with_password("guess-guess");
        for n in 0..8 {
            let forwarded = format!("198.51.100.{n}");
            guesser.send(Method::GET, &path, None, &[("X-Forwarded-For", forwarded.as_str())]).await;
        }
        let reply = guesser.send(Method::GET, &path, None, &[("X-Forwarded-For", "198.51.100.99")]).await;
        reply.assert_status(429);
    }
}
