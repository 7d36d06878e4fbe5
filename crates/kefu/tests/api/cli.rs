//! The `kefu` binary as an operator uses it: first start, `tenant` commands, links built
//! on `--public-url`, graceful shutdown, and a clear failure on an unreachable database.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::Session;
use crate::support::process::{Server, kefu};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_tenants_and_graceful_shutdown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite://{}", dir.path().join("kefu.db").display());

    // First start: a generated password, printed once.
    let mut server = Server::start(&database, &[], &[]).await;
    let line = server.first_stdout_line();
    let password =
        line.split("password: ").nth(1).and_then(|rest| rest.split_whitespace().next()).unwrap_or_default().to_owned();
    assert!(line.contains("Administrator login: admin") && password.len() >= 16, "credentials printed: {line:?}");
    let admin = server.session("admin", &password);
    let list = admin.get("/api/v1/supports.json").await;
    list.assert_status(200);
    assert_eq!(list.body["count"], json!(1));
    assert_eq!(list.body["supports"][0]["isAdmin"], "1");

    // Another tenant from the CLI, while the server runs.
    let created = kefu(&[
        "tenant",
        "create",
        "--database",
        &database,
        "--account",
        "boss",
        "--admin-password",
        "boss-pass-1",
        "--name",
        "第二家公司",
    ]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let boss_id = String::from_utf8_lossy(&created.stdout).trim().to_owned();
    assert!(boss_id.parse::<u64>().is_ok(), "prints the sId alone: {boss_id:?}");
    let boss = server.session("boss", "boss-pass-1");
    let me = boss.get(&format!("/api/v1/supports/{boss_id}.json")).await;
    me.assert_status(200);
    assert_eq!(me.body["support"]["isAdmin"], "1");
    assert_eq!(boss.get("/api/v1/supports.json").await.body["count"], json!(1), "its own tenant only");

    // The company's default agent password, chosen by the operator.
    let body = json!({"support": {"sPassportName": "worker", "sNum": "w1"}});
    let set = kefu(&[
        "tenant",
        "default-password",
        "--database",
        &database,
        "--account",
        "boss",
        "--default-agent-password",
        "welcome-1",
    ]);
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    boss.post("/api/v1/supports.json", body).await.assert_status(200);
    server.session("worker", "welcome-1").get(&format!("/api/v1/supports/{boss_id}.json")).await.assert_status(200);

    // Time zone per tenant.
    let zone = kefu(&["tenant", "time-zone", "--database", &database, "--account", "boss", "--time-zone", "Mars/Base"]);
    assert!(!zone.status.success());
    assert!(String::from_utf8_lossy(&zone.stderr).contains("not a known IANA time zone"));

    // SIGTERM: a clean exit.
    assert!(server.terminate().success(), "exit status 0 after SIGTERM");

    // A second start on the same database creates nothing and prints no password.
    let mut again = Server::start(&database, &["--public-url", "https://kefu.example.com/"], &[]).await;
    let quiet = again.session("admin", &password).get("/api/v1/supports.json").await;
    quiet.assert_status(200);
    assert_eq!(quiet.body["supports"][0]["url"], json!("https://kefu.example.com/api/v1/supports/1.json"));
    let _ = again.child.kill();
    let _ = again.child.wait();
    assert_eq!(again.first_stdout_line(), "", "nothing printed on a later start");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chosen_first_credentials_and_migrate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite://{}", dir.path().join("kefu.db").display());
    let migrated = kefu(&["migrate", "--database", &database]);
    assert!(migrated.status.success(), "{}", String::from_utf8_lossy(&migrated.stderr));
    let mut server =
        Server::start(&database, &[], &[("KEFU_ADMIN_ACCOUNT", "老板"), ("KEFU_ADMIN_PASSWORD", "chosen-pass")]).await;
    let line = server.first_stdout_line();
    assert!(line.contains("Administrator login: 老板") && !line.contains("chosen-pass"), "{line:?}");
    server.session("老板", "chosen-pass").get("/api/v1/supports.json").await.assert_status(200);
}

#[test]
fn an_unreachable_database_is_a_clear_error() {
    let started = Instant::now();
    let output = kefu(&["serve", "--database", "postgres://nobody@127.0.0.1:1/nothing", "--listen", "127.0.0.1:0"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot use the database postgres://nobody@127.0.0.1:1/nothing"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(20), "no hang");
    let bad = kefu(&["migrate", "--database", "mysql://x"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unsupported database URL"));
}

/// `kefu copy`: a populated SQLite installation moves into PostgreSQL whole; agents sign
/// in there with their passwords, and new rows get fresh ids.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_moves_an_installation_to_postgres() {
    let Some(source) = crate::support::TestApp::spawn(kefu_store::Backend::Sqlite).await else { return };
    let Some(target_db) = crate::support::postgres::TestDatabase::create().await else {
        source.finish().await;
        return;
    };
    let tenant = source.tenant().await;
    let group = tenant.group("售后组").await;
    let mut ids = Vec::new();
    for i in 0..30 {
        ids.push(tenant.agent(json!({"name": format!("搬家{i}"), "groupId": group})).await.id);
    }
    tenant.admin.delete(&format!("/api/v1/supports/{}.json", ids[0])).await.assert_status(200);
    let sqlite_url = source.url.clone();
    let admin_account = tenant.admin.account().to_owned();

    let output = kefu(&["copy", "--from", &sqlite_url, "--to", &target_db.url]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}\n{}", stdout, String::from_utf8_lossy(&output.stderr));
    assert!(!stdout.contains("MISMATCH"), "{stdout}");
    for expected in ["tenants", "agents", "support_groups", "agent_groups"] {
        assert!(stdout.lines().any(|l| l.starts_with(expected)), "{expected} in {stdout}");
    }
    let agents_line = stdout.lines().find(|l| l.starts_with("agents ")).unwrap_or_default();
    assert!(agents_line.split_whitespace().skip(1).all(|n| n == "31"), "{agents_line}");

    // A second copy into the now populated target is refused.
    let again = kefu(&["copy", "--from", &sqlite_url, "--to", &target_db.url]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has data"));

    let mut server = Server::start(&target_db.url, &[], &[]).await;
    let admin = server.session(&admin_account, crate::support::ADMIN_PASSWORD);
    let list = admin.get("/api/v1/supports.json").await;
    list.assert_status(200);
    assert_eq!(list.body["count"], json!(30), "the deleted agent stays deleted");
    let moved = admin.get(&format!("/api/v1/supports/{}.json", ids[1])).await;
    assert_eq!(moved.body["support"]["name"], "搬家1");
    assert_eq!(moved.body["support"]["groupId"], json!(group));
    let fresh = admin.post("/api/v1/supportgroups.json", json!({"supportgroup": {"sgName": "新组"}})).await;
    fresh.assert_status(200);
    assert!(
        fresh.body["supportgroup"]["groupId"].as_str().unwrap_or_default().parse::<u64>().unwrap_or(0)
            > group.parse::<u64>().unwrap_or(0)
    );
    let _ = server.child.kill();
    let _ = server.child.wait();
    source.finish().await;
    target_db.drop_database().await;
}

/// Neither passwords, nor API secrets, nor access tokens reach the logs, even at debug
/// level; and `kefu apikey` manages the same keys as the API.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_stay_out_of_logs_and_apikey_cli() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite://{}", dir.path().join("kefu.db").display());
    let log_path = dir.path().join("kefu.log");
    let log = std::fs::File::create(&log_path).expect("log file");
    let admin_password = "very-secret-admin-pw";
    let server = Server::start_logging_to(
        &database,
        &[],
        &[("KEFU_ADMIN_PASSWORD", admin_password), ("KEFU_LOG", "debug")],
        Stdio::from(log),
    )
    .await;
    let admin = server.session("admin", admin_password);

    let created = kefu(&["apikey", "create", "--database", &database, "--account", "admin", "--name", "命令行"]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let out = String::from_utf8_lossy(&created.stdout).to_string();
    let field =
        |label: &str| out.lines().find_map(|l| l.strip_prefix(label)).map(|v| v.trim().to_owned()).unwrap_or_default();
    let (id, secret_id, secret) = (field("id:"), field("SecretID:"), field("secret:"));
    assert_eq!((secret_id.len(), secret.len()), (32, 64), "{out}");

    let basic = format!(
        "Basic {}",
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, format!("{secret_id}:{secret}"))
    );
    let anonymous = Session::new(reqwest::Client::new(), server.base.clone(), None);
    let reply = anonymous
        .send(
            reqwest::Method::POST,
            "/api/token.php",
            Some("grant_type=client_credentials".into()),
            &[("Authorization", basic.as_str()), ("Content-Type", "application/x-www-form-urlencoded")],
        )
        .await;
    reply.assert_status(200);
    let token = reply.body["access_token"].as_str().unwrap_or_default().to_owned();
    let bearer = format!("Bearer {token}");
    anonymous
        .send(reqwest::Method::GET, "/api/v1/supports.json", None, &[("Authorization", bearer.as_str())])
        .await
        .assert_status(200);
    admin.get("/api/v1/supports.json?per_page=5").await.assert_status(200);
    let api_secret = admin.post("/api/v1/api_keys.json", json!({"api_key": {"name": "api"}})).await;
    let api_secret = api_secret.body["api_key"]["secret"].as_str().unwrap_or_default().to_owned();

    let listed = kefu(&["apikey", "list", "--database", &database, "--account", "admin"]);
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(listed.contains(&secret_id) && listed.contains("命令行") && !listed.contains(&secret), "{listed}");
    let revoked = kefu(&["apikey", "revoke", "--database", &database, "--account", "admin", "--id", &id]);
    assert!(revoked.status.success(), "{}", String::from_utf8_lossy(&revoked.stderr));
    anonymous
        .send(reqwest::Method::GET, "/api/v1/supports.json", None, &[("Authorization", bearer.as_str())])
        .await
        .assert_status(401);

    drop(server);
    let logged = std::fs::read_to_string(&log_path).expect("read the log");
    assert!(logged.contains("answered"), "requests are logged: {logged}");
    for secret_text in [admin_password, secret.as_str(), token.as_str(), api_secret.as_str()] {
        assert!(!secret_text.is_empty() && !logged.contains(secret_text), "{secret_text} leaked into the log");
    }
}
