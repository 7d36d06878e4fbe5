//! API key pairs and OAuth2 client-credentials tokens, as the developer guide documents
//! them, and Bearer tokens on the agent endpoints.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::{Reply, Session, Tenant, TestApp};

const BOUNDARY: &str = "------------------------kefu0123456789";

/// What `curl --form grant_type=client_credentials` sends.
fn multipart(fields: &[(&str, &str)]) -> String {
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    body
}

fn basic(id: &str, secret: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
}

/// Creates a key pair; returns (id, SecretID, secret).
async fn key_pair(tenant: &Tenant, name: &str) -> (String, String, String) {
    let reply = tenant.admin.post("/api/v1/api_keys.json", json!({"api_key": {"name": name}})).await;
    reply.assert_status(200);
    let key = &reply.body["api_key"];
    let field = |name: &str| key[name].as_str().unwrap_or_default().to_owned();
    (field("id"), field("secretId"), field("secret"))
}

/// The documented call: multipart form, Basic client authentication.
async fn request_token(app: &TestApp, path: &str, authorization: &str, fields: &[(&str, &str)]) -> Reply {
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    app.anonymous()
        .send(
            Method::POST,
            path,
            Some(multipart(fields)),
            &[("Authorization", authorization), ("Content-Type", content_type.as_str())],
        )
        .await
}

async fn token(app: &TestApp, id: &str, secret: &str) -> String {
    let reply = request_token(app, "/api/token.php", &basic(id, secret), &[("grant_type", "client_credentials")]).await;
    reply.assert_status(200);
    reply.body["access_token"].as_str().unwrap_or_default().to_owned()
}

fn bearer(app: &TestApp, token: &str) -> BearerSession {
    BearerSession { session: app.anonymous(), header: format!("Bearer {token}") }
}

struct BearerSession {
    session: Session,
    header: String,
}

impl BearerSession {
    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let headers = [("Authorization", self.header.as_str()), ("Content-Type", "application/json")];
        self.session.send(method, path, body.map(|b| b.to_string()), &headers).await
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }
}

#[track_caller]
fn assert_refused_token(reply: &Reply) {
    reply.assert_status(401);
    assert_eq!(reply.body["status"], json!(401), "{}", reply.text);
    assert_eq!(reply.header("www-authenticate"), Some("Bearer realm=\"kefu\", error=\"invalid_token\""));
}

backend_tests! {
    async fn the_documented_token_request(app) {
        let tenant = app.tenant().await;
        let (_, secret_id, secret) = key_pair(&tenant, "CRM sync").await;
        assert_eq!(secret_id.len(), 32);
        for path in ["/api/token.php", "/api/v1/getToken.json"] {
            let reply = request_token(app, path, &basic(&secret_id, &secret), &[("grant_type", "client_credentials")]).await;
            reply.assert_status(200);
            let token = reply.body["access_token"].as_str().unwrap_or_default();
            assert!(token.len() == 40 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "{token}");
            assert_eq!(reply.body["expires_in"], json!(3600));
            assert_eq!(reply.body["token_type"], json!("Bearer"));
            assert_eq!(reply.body["scope"], Value::Null);
            assert_eq!(reply.body.as_object().map(|o| o.len()), Some(4), "{}", reply.text);
            assert_eq!(reply.header("cache-control"), Some("no-store"));
        }
        // Also as a urlencoded form with client_id / client_secret (RFC 6749 §2.3.1).
        let form = format!("grant_type=client_credentials&client_id={secret_id}&client_secret={secret}");
        let reply = app.anonymous().send(Method::POST, "/api/token.php", Some(form), &[("Content-Type", "application/x-www-form-urlencoded")]).await;
        reply.assert_status(200);
    }

    async fn the_documented_errors(app) {
        let tenant = app.tenant().await;
        let (_, secret_id, secret) = key_pair(&tenant, "k").await;
        let grant = [("grant_type", "client_credentials")];

        let wrong = request_token(app, "/api/token.php", &basic(&secret_id, "not-the-secret"), &grant).await;
        wrong.assert_status(401);
        assert_eq!(wrong.body, json!({"error": "invalid_client", "error_description": "The client credentials are invalid"}));
        assert!(wrong.header("www-authenticate").is_some_and(|h| h.starts_with("Basic")));
        let unknown = request_token(app, "/api/token.php", &basic("0123456789abcdef0123456789abcdef", &secret), &grant).await;
        assert_eq!((unknown.status, &unknown.body), (401, &wrong.body), "unknown id = wrong secret");

        let get = app.anonymous().get("/api/token.php").await;
        get.assert_status(400);
        assert_eq!(get.body, json!({
            "error": "invalid_request",
            "error_description": "The request method must be POST when requesting an access token",
            "error_uri": "http://tools.ietf.org/html/rfc6749#section-3.2"
        }));

        let unsupported = request_token(app, "/api/token.php", &basic(&secret_id, &secret), &[("grant_type", "password")]).await;
        unsupported.assert_status(400);
        assert_eq!(unsupported.body, json!({"error": "unsupported_grant_type", "error_description": "Grant type \"password\" not supported"}));
        let missing = request_token(app, "/api/token.php", &basic(&secret_id, &secret), &[]).await;
        missing.assert_status(400);
        assert_eq!(missing.body, json!({"error": "invalid_request", "error_description": "The grant type was not specified in the request"}));
        let anonymous = app.anonymous().send(Method::POST, "/api/token.php", Some("grant_type=client_credentials".into()), &[("Content-Type", "application/x-www-form-urlencoded")]).await;
        anonymous.assert_status(400);
        assert_eq!(anonymous.body["error"], "invalid_client");

        // Malformed headers, an empty secret, a huge body: clear 4xx answers.
        for header in ["Basic !!!", "Basic", &basic(&secret_id, ""), &basic("", &secret), "Digest x"] {
            let reply = request_token(app, "/api/token.php", header, &grant).await;
            reply.assert_status(401);
            assert_eq!(reply.body["error"], "invalid_client", "{header}");
        }
        let form_type = [("Content-Type", "application/x-www-form-urlencoded")];
        let reply = crate::support::oversized_request(&app.base, "/api/token.php", &form_type, 10 * 1024 * 1024, 64 * 1024).await;
        assert_eq!(reply.status, 413, "{}", reply.text);
        assert_eq!(reply.body["error"], "invalid_request");
    }

    async fn tokens_work_on_the_agent_endpoints(app) {
        let tenant = app.tenant().await;
        let (_, secret_id, secret) = key_pair(&tenant, "k").await;
        let api = bearer(app, &token(app, &secret_id, &secret).await);
        let list = api.get("/api/v1/supports.json").await;
        list.assert_status(200);
        assert_eq!(list.body["count"], json!(1));
        let created = api.send(Method::POST, "/api/v1/supports.json", Some(json!({"support": {"sPassportName": crate::support::unique("t"), "sNum": "t-1"}}))).await;
        created.assert_status(200);
        let id = created.body["support"]["sId"].as_str().unwrap_or_default().to_owned();
        tenant.admin.get(&format!("/api/v1/supports/{id}.json")).await.assert_status(200);

        for header in ["Bearer", "Bearer nothex", "Bearer 0000000000000000000000000000000000000000"] {
            let reply = app.anonymous().send(Method::GET, "/api/v1/supports.json", None, &[("Authorization", header)]).await;
            assert_refused_token(&reply);
        }
    }

    async fn revoking_a_key_stops_its_tokens_at_once(app) {
        let tenant = app.tenant().await;
        let (id, secret_id, secret) = key_pair(&tenant, "k").await;
        let (_, other_id, other_secret) = key_pair(&tenant, "keep").await;
        let api = bearer(app, &token(app, &secret_id, &secret).await);
        let kept = bearer(app, &token(app, &other_id, &other_secret).await);
        api.get("/api/v1/supports.json").await.assert_status(200);
        let revoked = tenant.admin.delete(&format!("/api/v1/api_keys/{id}.json")).await;
        revoked.assert_status(200);
        assert!(revoked.body["api_key"].get("secret").is_none());
        assert_refused_token(&api.get("/api/v1/supports.json").await);
        kept.get("/api/v1/supports.json").await.assert_status(200);
        request_token(app, "/api/token.php", &basic(&secret_id, &secret), &[("grant_type", "client_credentials")]).await.assert_status(401);
        tenant.admin.delete(&format!("/api/v1/api_keys/{id}.json")).await.assert_status(404);
    }

    async fn a_demoted_or_hidden_owner_ends_the_tokens(app) {
        let tenant = app.tenant().await;
        let owner = tenant.agent(json!({"isAdmin": "1"})).await;
        let reply = owner.session.post("/api/v1/api_keys.json", json!({"api_key": {"name": "owner's"}})).await;
        reply.assert_status(200);
        let secret_id = reply.body["api_key"]["secretId"].as_str().unwrap_or_default().to_owned();
        let secret = reply.body["api_key"]["secret"].as_str().unwrap_or_default().to_owned();
        let api = bearer(app, &token(app, &secret_id, &secret).await);
        api.get("/api/v1/supports.json").await.assert_status(200);

        let path = format!("/api/v1/supports/{}.json", owner.id);
        tenant.admin.put(&path, json!({"support": {"isAdmin": "0"}})).await.assert_status(200);
        assert_refused_token(&api.get("/api/v1/supports.json").await);
        request_token(app, "/api/token.php", &basic(&secret_id, &secret), &[("grant_type", "client_credentials")]).await.assert_status(401);

        tenant.admin.put(&path, json!({"support": {"isAdmin": "1"}})).await.assert_status(200);
        api.get("/api/v1/supports.json").await.assert_status(200);
        tenant.admin.put(&format!("/api/v1/servicers/{}.json", owner.id), json!({"support": {"isStat": "0"}})).await.assert_status(200);
        assert_refused_token(&api.get("/api/v1/supports.json").await);
    }

    async fn keys_and_tokens_never_cross_tenants(app) {
        let a = app.tenant().await;
        let b = app.tenant().await;
        let in_b = b.agent(json!({"name": "乙公司"})).await;
        let (a_key, secret_id, secret) = key_pair(&a, "a").await;
        let api = bearer(app, &token(app, &secret_id, &secret).await);
        api.get(&format!("/api/v1/supports/{}.json", in_b.id)).await.assert_status(404);
        let list = api.get("/api/v1/supports.json").await;
        assert!(!list.text.contains("乙公司"));
        b.admin.delete(&format!("/api/v1/api_keys/{a_key}.json")).await.assert_status(404);
        assert_eq!(b.admin.get("/api/v1/api_keys.json").await.body["count"], json!(0));
        api.get("/api/v1/supports.json").await.assert_status(200);
    }

    async fn keys_are_listed_without_secrets_by_administrators_only(app) {
        let tenant = app.tenant().await;
        let (id, secret_id, secret) = key_pair(&tenant, "CRM sync").await;
        let list = tenant.admin.get("/api/v1/api_keys.json").await;
        list.assert_status(200);
        assert_eq!(list.body["count"], json!(1));
        assert_eq!(list.body["api_keys"][0]["id"], json!(id));
        assert_eq!(list.body["api_keys"][0]["secretId"], json!(secret_id));
        assert_eq!(list.body["api_keys"][0]["name"], "CRM sync");
        assert!(!list.text.contains(&secret), "the secret is shown once only");
        assert_eq!(list.body["next_page"], Value::Null);

        let agent = tenant.agent(json!({})).await;
        agent.session.get("/api/v1/api_keys.json").await.assert_status(403);
        agent.session.post("/api/v1/api_keys.json", json!({"api_key": {"name": "x"}})).await.assert_status(403);
        agent.session.delete(&format!("/api/v1/api_keys/{id}.json")).await.assert_status(403);
        tenant.admin.post("/api/v1/api_keys.json", json!({"api_key": {}})).await.assert_error(400, "name: is required");
        tenant.admin.post("/api/v1/api_keys.json", json!({"api_key": {"name": "x", "secret": "mine"}})).await.assert_error(400, "secret: unknown field");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_expire() {
    let config = kefu_server::Config { token_ttl: Duration::from_secs(1), ..kefu_server::Config::default() };
    let Some(app) = TestApp::spawn_with(kefu_store::Backend::Sqlite, config).await else { return };
    let tenant = app.tenant().await;
    let (_, secret_id, secret) = key_pair(&tenant, "short").await;
    let reply =
        request_token(&app, "/api/token.php", &basic(&secret_id, &secret), &[("grant_type", "client_credentials")])
            .await;
    assert_eq!(reply.body["expires_in"], json!(1));
    let api = bearer(&app, reply.body["access_token"].as_str().unwrap_or_default());
    api.get("/api/v1/supports.json").await.assert_status(200);
    tokio::time::sleep(Duration::from_millis(1300)).await;
    assert_refused_token(&api.get("/api/v1/supports.json").await);
    app.finish().await;
}

/// Failed token requests count toward the same throttle as failed Basic sign-ins.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_token_requests_are_throttled() {
    let throttle = kefu_server::ThrottleConfig {
        per_account_and_address: 3,
        per_account: 100,
        per_address: 1000,
        window: Duration::from_secs(60),
    };
    let config = kefu_server::Config { throttle, ..kefu_server::Config::default() };
    let Some(app) = TestApp::spawn_with(kefu_store::Backend::Sqlite, config).await else { return };
    let tenant = app.tenant().await;
    let (_, secret_id, secret) = key_pair(&tenant, "k").await;
    let grant = [("grant_type", "client_credentials")];
    for _ in 0..3 {
        request_token(&app, "/api/token.php", &basic(&secret_id, "wrong-secret"), &grant).await.assert_status(401);
    }
    let refused = request_token(&app, "/api/token.php", &basic(&secret_id, &secret), &grant).await;
    refused.assert_status(429);
    assert!(refused.header("retry-after").is_some());
    assert_eq!(refused.body["error"], "temporarily_unavailable");
    app.finish().await;
}
