//! `kefu backup` while a `kefu serve` child process takes a steady stream of writes, then
//! `kefu restore` into a fresh database and a new server on it: every write acknowledged
//! before the backup began is there, and the copy passes SQLite's integrity check.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use sqlx::{AnyConnection, Connection, Row};

use crate::support::Session;
use crate::support::process::{Server, kefu};

const ADMIN_PASSWORD: &str = "admin-pass-1";
const AGENT_PASSWORD: &str = "agent-pass-1";

/// Writes that got a 200: agents (sId, login) and sign-in remarks, in order.
#[derive(Default, Clone)]
struct Acknowledged {
    agents: Vec<(String, String)>,
    sign_ins: Vec<String>,
}

/// Two writers — agents and sign-ins — until `stop`.
fn start_writers(
    admin: Session,
    field_agent: Session,
    seen: Arc<Mutex<Acknowledged>>,
    stop: Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let agents = {
        let (seen, stop) = (seen.clone(), stop.clone());
        tokio::spawn(async move {
            for n in 0.. {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let login = format!("backup-agent-{n}");
                let body =
                    json!({"support": {"sPassportName": login, "sNum": format!("b{n}"), "name": format!("备份{n}")}});
                let reply = admin.post("/api/v1/supports.json", body).await;
                reply.assert_status(200);
                let id = reply.body["support"]["sId"].as_str().unwrap_or_default().to_owned();
                seen.lock().map(|mut s| s.agents.push((id, login))).ok();
            }
        })
    };
    let sign_ins = tokio::spawn(async move {
        for n in 0.. {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let remark = format!("备份签到-{n}");
            let body = json!({"signIn": {"remark": remark, "checkinTime": "2024-05-01 09:00:00",
                "current": {"address": "上海市", "landmark": "", "latitude": "31.2", "longitude": "121.5"}}});
            field_agent.post("/api/v1/signin.json", body).await.assert_status(200);
            seen.lock().map(|mut s| s.sign_ins.push(remark)).ok();
        }
    });
    vec![agents, sign_ins]
}

fn snapshot(seen: &Mutex<Acknowledged>) -> Acknowledged {
    seen.lock().map(|s| s.clone()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_restores_every_acknowledged_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite://{}", dir.path().join("kefu.db").display());
    let env = [("KEFU_ADMIN_PASSWORD", ADMIN_PASSWORD)];
    let server = Server::start(&database, &[], &env).await;
    let set = kefu(&[
        "tenant",
        "default-password",
        "--database",
        &database,
        "--account",
        "admin",
        "--default-agent-password",
        AGENT_PASSWORD,
    ]);
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let admin = server.session("admin", ADMIN_PASSWORD);
    let field = admin.post("/api/v1/supports.json", json!({"support": {"sPassportName": "field", "sNum": "f1"}})).await;
    field.assert_status(200);
    let field_id = field.body["support"]["sId"].as_str().unwrap_or_default().to_owned();

    let seen = Arc::new(Mutex::new(Acknowledged::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers = start_writers(admin.clone(), server.session("field", AGENT_PASSWORD), seen.clone(), stop.clone());
    // At least 0.8 s of load, and until both writers have been answered (a loaded machine
    // may take a while over the first password hashes).
    let started = std::time::Instant::now();
    while started.elapsed() < Duration::from_millis(800) || {
        let so_far = snapshot(&seen);
        so_far.agents.is_empty() || so_far.sign_ins.is_empty()
    } {
        assert!(started.elapsed() < Duration::from_secs(60), "the writers got no answer");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Everything acknowledged so far must be in the backup, taken while the writers go on.
    let before = snapshot(&seen);
    let backup_file = dir.path().join("kefu-backup.db");
    let output = {
        let (database, backup_file) = (database.clone(), backup_file.display().to_string());
        tokio::task::spawn_blocking(move || kefu(&["backup", "--database", &database, "--output", &backup_file]))
            .await
            .expect("backup task")
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("integrity ok"), "{stdout}");
    // The writers go on after the backup (it held no lock they wait for).
    let written = |a: &Acknowledged| a.agents.len() + a.sign_ins.len();
    let at_backup_end = written(&snapshot(&seen));
    while written(&snapshot(&seen)) < at_backup_end + 10 {
        assert!(started.elapsed() < Duration::from_secs(120), "the writers stalled after the backup");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.await.expect("every write of the load succeeded");
    }
    let after = snapshot(&seen);
    println!(
        "acknowledged before the backup: {} agents, {} sign-ins; by the end of the load: {} and {}",
        before.agents.len(),
        before.sign_ins.len(),
        after.agents.len(),
        after.sign_ins.len()
    );
    assert!(!before.agents.is_empty() && !before.sign_ins.is_empty(), "the load wrote before the backup");
    assert_eq!(integrity_check(&format!("sqlite://{}", backup_file.display())).await, "ok");

    // An existing file is not overwritten; the live database cannot be restored over.
    let again = kefu(&["backup", "--database", &database, "--output", &backup_file.display().to_string()]);
    assert!(!again.status.success() && String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let over_live = kefu(&["restore", "--input", &backup_file.display().to_string(), "--database", &database]);
    assert!(!over_live.status.success(), "restoring over a running server is refused");
    assert!(
        String::from_utf8_lossy(&over_live.stderr).contains("is in use"),
        "{}",
        String::from_utf8_lossy(&over_live.stderr)
    );
    assert!(server.terminate().success());

    let restored_db = format!("sqlite://{}", dir.path().join("restored.db").display());
    let restored = kefu(&["restore", "--input", &backup_file.display().to_string(), "--database", &restored_db]);
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    let fresh = Server::start(&restored_db, &[], &env).await;
    let admin = fresh.session("admin", ADMIN_PASSWORD);

    let logins = all_logins(&admin).await;
    for (id, login) in &before.agents {
        assert!(logins.contains(login), "acknowledged agent {id} ({login}) is in the backup");
    }
    let remarks = all_remarks(&admin, &field_id).await;
    for remark in &before.sign_ins {
        assert!(remarks.contains(remark), "acknowledged sign-in {remark} is in the backup");
    }
    // Nothing the writers never sent, and the restored server takes writes.
    assert!(logins.iter().filter(|l| l.starts_with("backup-agent-")).count() <= after.agents.len());
    admin
        .post("/api/v1/supports.json", json!({"support": {"sPassportName": "after-restore", "sNum": "r1"}}))
        .await
        .assert_status(200);
    assert!(fresh.terminate().success());
    assert_eq!(integrity_check(&restored_db).await, "ok");
}

#[test]
fn a_postgres_backup_is_pointed_to_pg_dump() {
    let output =
        kefu(&["backup", "--database", "postgres://kefu:secret@db.internal/kefu", "--output", "/tmp/never.db"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("pg_dump --format=custom") && stderr.contains("pg_restore"), "{stderr}");
    assert!(!stderr.contains("secret"), "the password is not repeated: {stderr}");
    assert!(!std::path::Path::new("/tmp/never.db").exists());
}

async fn all_logins(admin: &Session) -> BTreeSet<String> {
    let mut logins = BTreeSet::new();
    let mut next = "/api/v1/supports.json?per_page=100".to_owned();
    while !next.is_empty() {
        let page = admin.get(&next).await;
        page.assert_status(200);
        for agent in page.body["supports"].as_array().cloned().unwrap_or_default() {
            logins.insert(agent["sPassportName"].as_str().unwrap_or_default().to_owned());
        }
        next = page.body["next_page"].as_str().unwrap_or_default().to_owned();
    }
    logins
}

async fn all_remarks(admin: &Session, field_id: &str) -> BTreeSet<String> {
    let mut remarks = BTreeSet::new();
    let mut next = format!("/api/v1/signin.json?sId={field_id}&per_page=100");
    while !next.is_empty() {
        let page = admin.get(&next).await;
        page.assert_status(200);
        for item in page.body["data"]["signIn"].as_array().cloned().unwrap_or_default() {
            remarks.insert(item["remark"].as_str().unwrap_or_default().to_owned());
        }
        next = page.body["data"]["next_page"].as_str().unwrap_or_default().to_owned();
    }
    remarks
}

async fn integrity_check(database: &str) -> String {
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(database).await.expect("open the database file");
    let row = sqlx::query("PRAGMA integrity_check").fetch_one(&mut conn).await.expect("integrity_check");
    let verdict: String = row.try_get(0).unwrap_or_default();
    let _ = conn.close().await;
    verdict
}
