//! The operator's commands on the database (`kefu tenant …`, `kefu apikey …`) and a fresh
//! install as a new team meets it: no database created by accident, every command saying
//! which one it opened, a default agent password from the first minute (so the seed's own
//! create example works), and a way back from a lost password.

use std::path::Path;
use std::process::{Command, Output};

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::support::console::Console;
use crate::support::process::{KEFU, Server};
use crate::support::{ADMIN_PASSWORD, unique};

/// `kefu ARGS` run in `dir`, with no database named in the environment.
fn kefu_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(KEFU)
        .args(args)
        .current_dir(dir)
        .env_remove("KEFU_DATABASE_URL")
        .env_remove("KEFU_DEFAULT_AGENT_PASSWORD")
        .env_remove("KEFU_NEW_PASSWORD")
        .output()
        .expect("kefu runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn operator_commands_never_create_a_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shown = format!("sqlite://{}", dir.path().join("kefu.db").display());
    for args in [
        &["tenant", "default-password", "--account", "admin", "--default-agent-password", "welcome-1"][..],
        &["tenant", "time-zone", "--account", "admin", "--time-zone", "UTC"],
        &["tenant", "reset-password", "--account", "admin"],
        &["tenant", "create", "--account", "boss", "--admin-password", "boss-pass-1"],
        &["apikey", "list", "--account", "admin"],
        &["apikey", "create", "--account", "admin", "--name", "x"],
    ] {
        let output = kefu_in(dir.path(), args);
        assert!(!output.status.success(), "{args:?} must fail");
        assert!(stderr(&output).contains(&format!("there is no database at {shown}")), "{args:?}: {}", stderr(&output));
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("read dir").collect();
        assert!(left.is_empty(), "{args:?} left {left:?} behind");
    }

    // Asked to, tenant create makes a new installation; every command then says which
    // database it opened.
    let created = kefu_in(
        dir.path(),
        &["tenant", "create", "--account", "boss", "--admin-password", "boss-pass-1", "--create-database"],
    );
    assert!(created.status.success(), "{}", stderr(&created));
    assert!(stderr(&created).contains(&format!("kefu: using {shown}")), "{}", stderr(&created));
    let listed = kefu_in(dir.path(), &["apikey", "list", "--account", "boss"]);
    assert!(
        listed.status.success() && stderr(&listed).contains(&format!("kefu: using {shown}")),
        "{}",
        stderr(&listed)
    );
    let zone = kefu_in(dir.path(), &["tenant", "time-zone", "--account", "boss", "--time-zone", "UTC"]);
    assert!(zone.status.success() && stderr(&zone).contains(&format!("kefu: using {shown}")), "{}", stderr(&zone));

    // migrate (like serve) still creates a database.
    let other = tempfile::tempdir().expect("temp dir");
    let migrated = kefu_in(other.path(), &["migrate"]);
    assert!(migrated.status.success(), "{}", stderr(&migrated));
    assert!(other.path().join("kefu.db").exists());
}

/// The seed's create example, without `password`, on a server just installed: its company
/// got a default agent password on first start, printed once beside the administrator's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_install_takes_the_seeds_create_example() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite://{}", dir.path().join("kefu.db").display());
    let mut server = Server::start(&database, &[], &[("KEFU_ADMIN_PASSWORD", ADMIN_PASSWORD)]).await;
    let printed = server.stdout_lines(2);
    let default_password = printed[1]
        .split("default agent password: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_default()
        .to_owned();
    assert!(default_password.len() >= 16, "printed once at first start: {printed:?}");

    let admin = server.session("admin", ADMIN_PASSWORD);
    let seed = json!({"support": {"sPassportName": "13039209552", "sNum": "001", "name": "管理员", "gnder": "1",
        "email": "", "fixnumber": "", "mobile": "13039209552", "QQ": "", "isAdmin": "0"}});
    admin.post("/api/v1/supports.json", seed).await.assert_status(200);
    server.session("13039209552", &default_password).get("/api/v1/supports/2.json").await.assert_status(200);

    // Administrators change it over the API; agents read the settings, cannot change them.
    let company = admin.get("/api/v1/company.json").await;
    company.assert_status(200);
    assert_eq!(
        company.body,
        json!({"company": {"name": "admin", "timeZone": "Asia/Shanghai", "hasDefaultPassword": "1"}})
    );
    admin.put("/api/v1/company.json", json!({"company": {"defaultPassword": "welcome-123"}})).await.assert_status(200);
    admin
        .post("/api/v1/supports.json", json!({"support": {"sPassportName": "lisi", "sNum": "002"}}))
        .await
        .assert_status(200);
    let lisi = server.session("lisi", "welcome-123");
    lisi.get("/api/v1/company.json").await.assert_status(200);
    lisi.put("/api/v1/company.json", json!({"company": {"defaultPassword": "mine-123"}})).await.assert_status(403);

    // kefu tenant create: chosen, or generated and shown once (stdout stays the sId alone).
    let generated = kefu_in(
        dir.path(),
        &["tenant", "create", "--database", &database, "--account", "boss", "--admin-password", "boss-pass-1"],
    );
    assert!(generated.status.success(), "{}", stderr(&generated));
    let boss_id = stdout(&generated).trim().to_owned();
    assert!(boss_id.parse::<u64>().is_ok(), "the sId alone on stdout: {boss_id:?}");
    let boss_default = stderr(&generated)
        .split("default agent password ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_default()
        .to_owned();
    let boss = server.session("boss", "boss-pass-1");
    boss.post("/api/v1/supports.json", json!({"support": {"sPassportName": "worker", "sNum": "1"}}))
        .await
        .assert_status(200);
    server.session("worker", &boss_default).get("/api/v1/supports.json").await.assert_status(403);
    let chosen = Command::new(KEFU)
        .args(["tenant", "create", "--database", &database, "--account", "third", "--admin-password", "third-pass-1"])
        .env("KEFU_DEFAULT_AGENT_PASSWORD", "chosen-pass")
        .output()
        .expect("kefu runs");
    assert!(chosen.status.success() && !stderr(&chosen).contains("chosen-pass"), "{}", stderr(&chosen));
    let third = server.session("third", "third-pass-1");
    third
        .post("/api/v1/supports.json", json!({"support": {"sPassportName": "w3", "sNum": "1"}}))
        .await
        .assert_status(200);
    server.session("w3", "chosen-pass").get("/api/v1/company.json").await.assert_status(200);
}

/// A default agent password chosen before the first start is used and not printed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chosen_default_agent_password_at_first_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite://{}", dir.path().join("kefu.db").display());
    let env = [("KEFU_ADMIN_PASSWORD", ADMIN_PASSWORD), ("KEFU_DEFAULT_AGENT_PASSWORD", "welcome-chosen")];
    let mut server = Server::start(&database, &[], &env).await;
    let admin = server.session("admin", ADMIN_PASSWORD);
    admin
        .post("/api/v1/supports.json", json!({"support": {"sPassportName": "zhang", "sNum": "1"}}))
        .await
        .assert_status(200);
    server.session("zhang", "welcome-chosen").get("/api/v1/supports/2.json").await.assert_status(200);
    let _ = server.child.kill();
    let _ = server.child.wait();
    let printed = server.stdout_lines(3).join("\n");
    assert!(!printed.contains("welcome-chosen") && !printed.contains("default agent password"), "{printed}");
}

backend_tests! {
    /// `kefu tenant reset-password`: the new password works, the old one does not, and the
    /// account's console sessions and Bearer tokens end; its key pairs still mint tokens.
    async fn reset_password_ends_sessions_and_tokens(app) {
        let tenant = app.tenant().await;
        let account = tenant.admin.account().to_owned();
        let console = Console::sign_in(&app.base, &account, ADMIN_PASSWORD).await;
        console.get("/console/agents").await.assert_status(200);
        let key = tenant.admin.post("/api/v1/api_keys.json", json!({"api_key": {"name": "CRM"}})).await;
        let (secret_id, secret) = (
            key.body["api_key"]["secretId"].as_str().unwrap_or_default().to_owned(),
            key.body["api_key"]["secret"].as_str().unwrap_or_default().to_owned(),
        );
        let token = |app: &crate::support::TestApp| {
            let form = format!("grant_type=client_credentials&client_id={secret_id}&client_secret={secret}");
            let anonymous = app.anonymous();
            async move {
                let reply = anonymous
                    .send(Method::POST, "/api/token.php", Some(form), &[("Content-Type", "application/x-www-form-urlencoded")])
                    .await;
                reply.assert_status(200);
                format!("Bearer {}", reply.body["access_token"].as_str().unwrap_or_default())
            }
        };
        let bearer = token(app).await;
        let with_token = |header: String| {
            let anonymous = app.anonymous();
            async move { anonymous.send(Method::GET, "/api/v1/supports.json", None, &[("Authorization", header.as_str())]).await }
        };
        with_token(bearer.clone()).await.assert_status(200);

        let output = Command::new(KEFU)
            .args(["tenant", "reset-password", "--database", &app.url, "--account", &account])
            .env_remove("KEFU_NEW_PASSWORD")
            .output()
            .expect("kefu runs");
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(stderr(&output).contains("ended 1 console session and 1 access token"), "{}", stderr(&output));
        let new_password = stdout(&output).trim().to_owned();
        assert!(new_password.len() >= 16, "a generated password, printed once: {new_password:?}");

        tenant.admin.get("/api/v1/supports.json").await.assert_status(401);
        tenant.admin.with_password(&new_password).get("/api/v1/supports.json").await.assert_status(200);
        let page = console.get("/console/agents").await;
        assert_ne!(page.status, 200, "the console session ended");
        with_token(bearer).await.assert_status(401);
        with_token(token(app).await).await.assert_status(200);

        // A password given on the command line (or in KEFU_NEW_PASSWORD) is not printed.
        let chosen = Command::new(KEFU)
            .args(["tenant", "reset-password", "--database", &app.url, "--account", &account])
            .env("KEFU_NEW_PASSWORD", "chosen-again")
            .output()
            .expect("kefu runs");
        assert!(chosen.status.success() && stdout(&chosen).trim().is_empty(), "{}", stderr(&chosen));
        tenant.admin.with_password("chosen-again").get("/api/v1/supports.json").await.assert_status(200);
        let unknown = unique("nobody");
        let missing = Command::new(KEFU)
            .args(["tenant", "reset-password", "--database", &app.url, "--account", &unknown])
            .output()
            .expect("kefu runs");
        assert!(!missing.status.success() && stderr(&missing).contains("no active agent signs in as"));
    }
}
