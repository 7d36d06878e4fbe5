//! Tickets and contacts are written whole or not at all, through a crash and a full disk:
//! a `kefu serve` killed with SIGKILL in the middle of ticket creates (each with its first
//! reply), replies added by PUT and contact batches comes back with every acknowledged write,
//! no ticket without its first reply, no partial batch, lists whose `count` matches their
//! rows and a database that passes its integrity check; a full disk refuses a ticket (503)
//! without leaving any part of it.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use crate::reliability::{Unmount, fill, integrity_check, small_disk, write_until_refused, writes_recover};
use crate::support::Session;
use crate::support::process::Server;

const ADMIN_PASSWORD: &str = "admin-pass-1";
const BATCH: usize = 4;

/// What the load got a 200 for, and every contact batch it attempted.
#[derive(Default, Clone)]
struct Acknowledged {
    /// (ticketId, n) of `崩溃{n}`, created with the first reply `首条{n}`.
    tickets: Vec<(String, u32)>,
    /// n of each reply `追加{n}` added to the target ticket by PUT.
    replies: Vec<u32>,
    batches: Vec<u32>,
    attempted_batches: Vec<u32>,
}

/// A company and a contact in it; answers the contact's cId.
async fn contact(admin: &Session) -> (String, String) {
    let company = admin.post("/api/v1/companies.json", json!({"company": {"companyName": "崩溃测试公司"}})).await;
    company.assert_status(200);
    let company = company.body["company"]["uId"].as_str().unwrap_or_default().to_owned();
    let user = admin
        .post("/api/v1/users.json", json!({"user": {"name": "张三", "mobile": "13039209552", "companyId": company}}))
        .await;
    user.assert_status(200);
    (user.body["user"]["cId"].as_str().unwrap_or_default().to_owned(), company)
}

fn new_ticket(contact: &str, subject: &str, reply: &str) -> Value {
    json!({"ticket": {"subject": subject, "descript": "崩溃时写入的工单", "custUserId": contact,
                      "ticketReply": {"replyMsg": reply}}})
}

/// Three writers at once — ticket creates, replies by PUT, contact batches — until the
/// server dies.
fn start_load(
    admin: Session,
    contact: String,
    company: String,
    target: String,
    seen: Arc<Mutex<Acknowledged>>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let creates = {
        let (admin, seen) = (admin.clone(), seen.clone());
        tokio::spawn(async move {
            for n in 0.. {
                let body = new_ticket(&contact, &format!("崩溃{n}"), &format!("首条{n}"));
                let Some(reply) = admin.try_post("/api/v1/tickets.json", body).await else { break };
                if reply.status == 200 {
                    let id = reply.body["ticket"]["ticketId"].as_str().unwrap_or_default().to_owned();
                    seen.lock().map(|mut s| s.tickets.push((id, n))).ok();
                }
            }
        })
    };
    let replies = {
        let (admin, seen) = (admin.clone(), seen.clone());
        tokio::spawn(async move {
            let path = format!("/api/v1/tickets/{target}.json");
            for n in 0.. {
                let body = json!({"ticket": {"ticketReply": {"replyMsg": format!("追加{n}")}}});
                let Some(reply) = admin.try_put(&path, body).await else { break };
                if reply.status == 200 {
                    seen.lock().map(|mut s| s.replies.push(n)).ok();
                }
            }
        })
    };
    let batches = tokio::spawn(async move {
        for n in 0..u32::MAX {
            let users: Vec<Value> = (0..BATCH)
                .map(|i| json!({"name": format!("批{n}-{i}"), "mobile": format!("139{n:05}{i:03}"), "companyId": company}))
                .collect();
            seen.lock().map(|mut s| s.attempted_batches.push(n)).ok();
            let Some(reply) = admin.try_post("/api/v1/users/batch.json", json!({ "users": users })).await else {
                break;
            };
            if reply.status == 200 {
                seen.lock().map(|mut s| s.batches.push(n)).ok();
            }
        }
    });
    vec![creates, replies, batches]
}

/// Every item of a paged list (following `next_page`), and the `count` the first page gave.
async fn walk(admin: &Session, first: &str, key: &str) -> (Vec<Value>, u64) {
    let mut items = Vec::new();
    let mut count = None;
    let mut next = first.to_owned();
    while !next.is_empty() {
        let page = admin.get(&next).await;
        page.assert_status(200);
        count.get_or_insert_with(|| page.body["count"].as_u64().unwrap_or_default());
        items.extend(page.body[key].as_array().cloned().unwrap_or_default());
        next = page.body["next_page"].as_str().unwrap_or_default().to_owned();
    }
    (items, count.unwrap_or_default())
}

/// The messages of a ticket's replies, oldest first.
async fn reply_messages(admin: &Session, id: &str) -> Vec<String> {
    let (replies, count) =
        walk(admin, &format!("/api/v1/tickets/{id}/replies.json?per_page=100"), "ticket_replies").await;
    assert_eq!(count as usize, replies.len(), "ticket {id}: the replies' count matches its rows");
    replies.iter().filter_map(|r| r["replyMsg"].as_str().map(str::to_owned)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_tickets_and_contact_batches_survive_sigkill() {
    for kill_after in [Duration::from_millis(300), Duration::from_millis(900)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = format!("sqlite://{}", dir.path().join("kefu.db").display());
        let env = [("KEFU_ADMIN_PASSWORD", ADMIN_PASSWORD)];
        let mut server = Server::start(&database, &[], &env).await;
        let admin = server.session("admin", ADMIN_PASSWORD);
        let (cid, company) = contact(&admin).await;
        let target = admin.post("/api/v1/tickets.json", new_ticket(&cid, "追加目标", "开始")).await;
        target.assert_status(200);
        let target = target.body["ticket"]["ticketId"].as_str().unwrap_or_default().to_owned();

        let seen = Arc::new(Mutex::new(Acknowledged::default()));
        let load = start_load(admin.clone(), cid.clone(), company, target.clone(), seen.clone());
        tokio::time::sleep(kill_after).await;
        let _ = server.child.kill(); // SIGKILL
        let _ = server.child.wait();
        for worker in load {
            let _ = worker.await;
        }

        let restarted = Server::start(&database, &[], &env).await;
        let admin = restarted.session("admin", ADMIN_PASSWORD);
        let seen = seen.lock().map(|s| s.clone()).expect("the load's record");
        assert!(!seen.tickets.is_empty() || !seen.batches.is_empty(), "the load wrote something");

        // Every ticket there is whole: its subject and exactly its first reply; every
        // acknowledged one is there; the list's count is its rows.
        let (tickets, count) = walk(&admin, "/api/v1/tickets.json?per_page=100", "tickets").await;
        assert_eq!(count as usize, tickets.len(), "the ticket list's count matches its rows");
        let listed: BTreeMap<String, String> = tickets
            .iter()
            .map(|t| {
                let id = t["ticketId"].as_str().unwrap_or_default().to_owned();
                (id, t["subject"].as_str().unwrap_or_default().to_owned())
            })
            .collect();
        for (id, subject) in &listed {
            let Some(n) = subject.strip_prefix("崩溃") else { continue };
            assert_eq!(reply_messages(&admin, id).await, vec![format!("首条{n}")], "ticket {id} has its first reply");
        }
        for (id, n) in &seen.tickets {
            assert_eq!(listed.get(id), Some(&format!("崩溃{n}")), "acknowledged ticket {id} survived");
        }
        let added = reply_messages(&admin, &target).await;
        for n in &seen.replies {
            assert!(added.contains(&format!("追加{n}")), "acknowledged reply {n} survived");
        }

        // Contact batches: all or nothing, the acknowledged ones whole.
        let (users, count) = walk(&admin, "/api/v1/users.json?per_page=100", "users").await;
        assert_eq!(count as usize, users.len(), "the contact list's count matches its rows");
        let names: BTreeSet<String> = users.iter().filter_map(|u| u["name"].as_str().map(str::to_owned)).collect();
        for n in &seen.attempted_batches {
            let present = (0..BATCH).filter(|i| names.contains(&format!("批{n}-{i}"))).count();
            assert!(present == 0 || present == BATCH, "batch {n} is all or nothing, found {present}");
            if seen.batches.contains(n) {
                assert_eq!(present, BATCH, "acknowledged batch {n} survived");
            }
        }
        assert!(restarted.terminate().success());
        assert_eq!(integrity_check(&database).await, "ok");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_a_ticket_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(mount_point) = small_disk(dir.path(), "6m") else { return };
    let _unmount = Unmount(mount_point.clone());
    let database = format!("sqlite://{}", mount_point.join("kefu.db").display());
    let log_path = dir.path().join("kefu.log");
    let log = std::fs::File::create(&log_path).expect("log file");
    let env = [("KEFU_ADMIN_PASSWORD", ADMIN_PASSWORD)];
    let server = Server::start_logging_to(&database, &["--log-format", "json"], &env, Stdio::from(log)).await;
    let admin = server.session("admin", ADMIN_PASSWORD);
    let (cid, _) = contact(&admin).await;
    // Long text: the reply and the trigram indexes of subject, description and reply grow fast.
    let create = |n: usize| {
        let (admin, cid) = (admin.clone(), cid.clone());
        async move {
            let body = new_ticket(&cid, &format!("满盘{n}"), &format!("回复{n}{}", "磁盘已满时的回复".repeat(200)));
            admin.post("/api/v1/tickets.json", body).await
        }
    };
    create(0).await.assert_status(200);

    let filler = fill(&mount_point);
    let (written, refused) = write_until_refused(&create).await;
    let acknowledged = written + 1;
    assert_eq!(refused.body["status"], json!(503));
    let (tickets, count) = walk(&admin, "/api/v1/tickets.json?per_page=100", "tickets").await;
    assert_eq!((count as usize, tickets.len()), (acknowledged, acknowledged), "no part of the refused ticket");
    for ticket in &tickets {
        let id = ticket["ticketId"].as_str().unwrap_or_default();
        assert_eq!(reply_messages(&admin, id).await.len(), 1, "ticket {id} has its first reply");
    }

    std::fs::remove_file(&filler).expect("free the space");
    writes_recover(&create).await;
    assert!(server.terminate().success());
    assert_eq!(integrity_check(&database).await, "ok");

    // The operator finds why: the database's warning names the refused request's id.
    let id = refused.header("x-request-id").unwrap_or_default();
    let text = std::fs::read_to_string(&log_path).expect("read the log");
    let named = text
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .any(|line| line["level"] == "WARN" && line["message"] == "database unavailable" && line["request_id"] == id);
    assert!(named, "a warning naming request {id}:\n{text}");
}
