//! Nothing acknowledged is lost: a `kefu serve` killed with SIGKILL in the middle of a
//! write load comes back with every write it answered 200, no half-written batch, and a
//! database that passes its integrity check. And a full disk costs writes (503), not
//! reads, not the database.
//!
//! The disk-full test mounts a small tmpfs, which needs root: elsewhere it is skipped with
//! a notice, unless `KEFU_TEST_REQUIRE_TMPFS=1` (set by `.ci/run`) makes that a failure.

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use sqlx::{AnyConnection, Connection, Row};

use crate::support::process::{Server, kefu};
use crate::support::{Reply, Session};

const ADMIN_PASSWORD: &str = "admin-pass-1";
const AGENT_PASSWORD: &str = "agent-pass-1";
const SCHEDULE_DAY: &str = "2031-06-01";

/// What the load got a 200 for, and every schedule batch it attempted.
#[derive(Default)]
struct Acknowledged {
    agents: Vec<(String, String)>,
    sign_ins: Vec<String>,
    batches: Vec<u32>,
    attempted_batches: Vec<u32>,
}

pub(crate) async fn integrity_check(database: &str) -> String {
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(database).await.expect("open the database file");
    let row = sqlx::query("PRAGMA integrity_check").fetch_one(&mut conn).await.expect("integrity_check");
    let verdict: String = row.try_get(0).unwrap_or_default();
    let _ = conn.close().await;
    verdict
}

/// Three writers at once — agents, sign-ins, schedule batches — until the server dies.
fn start_load(
    admin: Session,
    field_agent: Session,
    field_id: String,
    seen: Arc<Mutex<Acknowledged>>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let agents = {
        let (admin, seen) = (admin.clone(), seen.clone());
        tokio::spawn(async move {
            for n in 0.. {
                let login = format!("crash-agent-{n}");
                let body =
                    json!({"support": {"sPassportName": login, "sNum": format!("c{n}"), "name": format!("崩溃{n}")}});
                let Some(reply) = admin.try_post("/api/v1/supports.json", body).await else { break };
                if reply.status == 200 {
                    let id = reply.body["support"]["sId"].as_str().unwrap_or_default().to_owned();
                    seen.lock().map(|mut s| s.agents.push((id, login))).ok();
                }
            }
        })
    };
    let sign_ins = {
        let seen = seen.clone();
        tokio::spawn(async move {
            for n in 0.. {
                let remark = format!("签到-{n}");
                let body = json!({"signIn": {"remark": remark, "checkinTime": "2024-05-01 09:00:00",
                    "current": {"address": "北京市", "landmark": "", "latitude": "39.9", "longitude": "116.4"}}});
                let Some(reply) = field_agent.try_post("/api/v1/signin.json", body).await else { break };
                if reply.status == 200 {
                    seen.lock().map(|mut s| s.sign_ins.push(remark)).ok();
                }
            }
        })
    };
    let batches = tokio::spawn(async move {
        for n in 0..u32::MAX {
            let schedules: Vec<Value> = (0..3)
                .map(|i| json!({"name": format!("b{n}-{i}"), "start_time": "09:00", "end_time": "18:00"}))
                .collect();
            let body = json!({"duty": [{"sid": field_id, "date": SCHEDULE_DAY, "schedules": schedules}]});
            seen.lock().map(|mut s| s.attempted_batches.push(n)).ok();
            let Some(reply) = admin.try_post("/api/v1/schedules.json", body).await else { break };
            if reply.status == 200 {
                seen.lock().map(|mut s| s.batches.push(n)).ok();
            }
        }
    });
    vec![agents, sign_ins, batches]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill() {
    for kill_after in [Duration::from_millis(150), Duration::from_millis(500), Duration::from_millis(1100)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = format!("sqlite://{}", dir.path().join("kefu.db").display());
        let env = [("KEFU_ADMIN_PASSWORD", ADMIN_PASSWORD)];
        let mut server = Server::start(&database, &[], &env).await;
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
        assert!(set.status.success());
        let admin = server.session("admin", ADMIN_PASSWORD);
        let field =
            admin.post("/api/v1/supports.json", json!({"support": {"sPassportName": "field", "sNum": "f1"}})).await;
        field.assert_status(200);
        let field_id = field.body["support"]["sId"].as_str().unwrap_or_default().to_owned();

        let seen = Arc::new(Mutex::new(Acknowledged::default()));
        let load = start_load(admin.clone(), server.session("field", AGENT_PASSWORD), field_id.clone(), seen.clone());
        tokio::time::sleep(kill_after).await;
        let _ = server.child.kill(); // SIGKILL
        let _ = server.child.wait();
        for worker in load {
            let _ = worker.await;
        }

        let restarted = Server::start(&database, &[], &env).await;
        let admin = restarted.session("admin", ADMIN_PASSWORD);
        let seen =
            seen.lock().map(|s| (s.agents.clone(), s.sign_ins.clone(), s.batches.clone(), s.attempted_batches.clone()));
        let (agents, sign_ins, batches, attempted) = seen.expect("the load's record");
        assert!(!agents.is_empty() || !sign_ins.is_empty() || !batches.is_empty(), "the load wrote something");

        for (id, login) in &agents {
            let reply = admin.get(&format!("/api/v1/supports/{id}.json")).await;
            reply.assert_status(200);
            assert_eq!(reply.body["support"]["sPassportName"], json!(login), "agent {id} intact");
        }
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
        for remark in &sign_ins {
            assert!(remarks.contains(remark), "acknowledged sign-in {remark} survived");
        }
        let day = admin
            .get(&format!("/api/v1/schedules.json?startDT={SCHEDULE_DAY}&endDT={SCHEDULE_DAY}&sid={field_id}"))
            .await;
        day.assert_status(200);
        let names: Vec<String> = day.body["data"]["duty"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|d| d["schedules"].as_array().cloned().unwrap_or_default())
            .filter_map(|s| s["name"].as_str().map(str::to_owned))
            .collect();
        for n in attempted {
            let present = names.iter().filter(|name| name.starts_with(&format!("b{n}-"))).count();
            assert!(present == 0 || present == 3, "batch {n} is all or nothing, found {present}");
            if batches.contains(&n) {
                assert_eq!(present, 3, "acknowledged batch {n} survived");
            }
        }
        assert!(restarted.terminate().success());
        assert_eq!(integrity_check(&database).await, "ok");
    }
}

/// Mounts a small tmpfs for the database; None (with a notice) where mounting is not
/// allowed — a failure instead when `KEFU_TEST_REQUIRE_TMPFS=1`.
pub(crate) fn small_disk(dir: &std::path::Path, size: &str) -> Option<std::path::PathBuf> {
    let mount_point = dir.join("disk");
    std::fs::create_dir_all(&mount_point).ok()?;
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(&mount_point)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        let required = std::env::var("KEFU_TEST_REQUIRE_TMPFS").as_deref() == Ok("1");
        assert!(!required, "KEFU_TEST_REQUIRE_TMPFS=1 but a tmpfs cannot be mounted here (run as root)");
        let _ = writeln!(
            std::io::stderr(),
            "\nkefu tests: cannot mount a tmpfs here (not root?) — the disk-full test is SKIPPED\n"
        );
        return None;
    }
    Some(mount_point)
}

pub(crate) struct Unmount(pub(crate) std::path::PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fills the file system with one file; returns its path.
pub(crate) fn fill(mount_point: &std::path::Path) -> std::path::PathBuf {
    let path = mount_point.join("filler");
    if let Ok(mut file) = std::fs::File::create(&path) {
        let chunk = vec![0_u8; 16 * 1024];
        while file.write_all(&chunk).is_ok() {}
        let small = [0_u8; 512];
        while file.write_all(&small).is_ok() {}
        let _ = file.sync_all();
    }
    path
}

/// Writes `write(1)`, `write(2)`, … on a full disk until one is refused: how many were
/// acknowledged before, and the refusal (a 503 — any other answer fails the test).
pub(crate) async fn write_until_refused<W: Future<Output = Reply>>(write: impl Fn(usize) -> W) -> (usize, Reply) {
    let mut acknowledged = 0;
    for n in 1..400 {
        let reply = write(n).await;
        match reply.status {
            200 => acknowledged += 1,
            503 => return (acknowledged, reply),
            other => panic!("a full disk must answer 503, got {other}: {}", reply.text),
        }
    }
    panic!("writes fail once the disk is full");
}

/// Once space returns, a write (`write(1000)`, …) succeeds again within two seconds; until
/// then every refusal is a 503, never a 500.
pub(crate) async fn writes_recover<W: Future<Output = Reply>>(write: impl Fn(usize) -> W) {
    for n in 1000..1020 {
        let reply = write(n).await;
        if reply.status == 200 {
            return;
        }
        assert_eq!(reply.status, 503, "never a 500: {}", reply.text);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("writes work again once space returns");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_writes_and_keeps_reads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(mount_point) = small_disk(dir.path(), "4m") else { return };
    let _unmount = Unmount(mount_point.clone());
    let database = format!("sqlite://{}", mount_point.join("kefu.db").display());
    let server = Server::start(&database, &[], &[("KEFU_ADMIN_PASSWORD", ADMIN_PASSWORD)]).await;
    let admin = server.session("admin", ADMIN_PASSWORD);
    let create = |n: usize| {
        let admin = admin.clone();
        async move {
            let body = json!({"support": {"sPassportName": format!("disk-{n}"), "sNum": format!("d{n}"), "password": "pass-word-1", "name": "满".repeat(60)}});
            admin.post("/api/v1/supports.json", body).await
        }
    };
    create(0).await.assert_status(200);

    let filler = fill(&mount_point);
    let (acknowledged, refused) = write_until_refused(&create).await;
    assert_eq!(refused.body["status"], json!(503));
    assert!(refused.header("retry-after").is_some());
    let list = admin.get("/api/v1/supports.json").await;
    list.assert_status(200);
    assert_eq!(list.body["count"], json!(acknowledged + 2), "reads keep working and see every acknowledged write");

    std::fs::remove_file(&filler).expect("free the space");
    writes_recover(&create).await;
    assert!(server.terminate().success());
    assert_eq!(integrity_check(&database).await, "ok");
}
