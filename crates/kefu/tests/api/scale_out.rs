//! Two kefu instances on one database, hammered in parallel: uniqueness, the last
//! administrator and password changes hold, because they rest on the database's
//! constraints and locks, not on either process's memory.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD, Reply, Session, unique};

/// Sends `requests` concurrently and counts the answers by status.
async fn concurrently<F>(requests: Vec<F>) -> (BTreeMap<u16, usize>, Vec<Reply>)
where
    F: std::future::Future<Output = Reply> + Send + 'static,
{
    let handles: Vec<_> = requests.into_iter().map(tokio::spawn).collect();
    let mut statuses = BTreeMap::new();
    let mut replies = Vec::new();
    for handle in handles {
        let reply = handle.await.expect("request task");
        *statuses.entry(reply.status).or_insert(0) += 1;
        replies.push(reply);
    }
    (statuses, replies)
}

/// One request, as a task-ready future.
fn request(
    session: &Session,
    method: Method,
    path: String,
    body: Option<Value>,
) -> impl std::future::Future<Output = Reply> + Send + 'static + use<> {
    let session = session.clone();
    let headers = [("Content-Type", "application/json")];
    async move { session.send(method, &path, body.map(|b| b.to_string()), &headers).await }
}

fn create(
    session: &Session,
    login: String,
    job_number: String,
    admin: bool,
) -> impl std::future::Future<Output = Reply> + Send + 'static + use<> {
    let body =
        json!({"support": {"sPassportName": login, "sNum": job_number, "isAdmin": if admin { "1" } else { "0" }}});
    request(session, Method::POST, "/api/v1/supports.json".into(), Some(body))
}

backend_tests! {
    async fn two_instances_keep_every_invariant(app) {
        let other = app.second_instance().await;
        let tenant = app.tenant().await;
        let on_a = tenant.admin.clone();
        let on_b = other.session(tenant.admin.account(), ADMIN_PASSWORD);
        let pick = |i: usize| if i.is_multiple_of(2) { &on_a } else { &on_b };

        // Sixteen agents with one job number, through both instances at once: one wins.
        let (statuses, _) = concurrently((0..16).map(|i| create(pick(i), unique("race"), "same-number".into(), false)).collect()).await;
        assert_eq!(statuses, BTreeMap::from([(200, 1), (409, 15)]), "one job number, one agent");

        // Sixteen agents with one login: one wins.
        let login = unique("same-login");
        let (statuses, _) =
            concurrently((0..16).map(|i| create(pick(i), login.clone(), format!("n{i}"), false)).collect()).await;
        assert_eq!(statuses, BTreeMap::from([(200, 1), (409, 15)]), "one login, one agent");

        // Six administrators demote themselves at once: exactly one remains.
        let mut admins = vec![(tenant.admin_id.clone(), tenant.admin.account().to_owned(), ADMIN_PASSWORD.to_owned())];
        for _ in 0..5 {
            let login = unique("boss");
            let reply = create(&on_a, login.clone(), unique("b"), true).await;
            reply.assert_status(200);
            admins.push((reply.body["support"]["sId"].as_str().unwrap_or_default().to_owned(), login, AGENT_PASSWORD.to_owned()));
        }
        let demotions = admins
            .iter()
            .enumerate()
            .map(|(i, (id, login, password))| {
                let instance = if i.is_multiple_of(2) { app } else { &other };
                let body = json!({"support": {"isAdmin": "0"}});
                request(&instance.session(login, password), Method::PUT, format!("/api/v1/supports/{id}.json"), Some(body))
            })
            .collect();
        let (statuses, _) = concurrently(demotions).await;
        assert_eq!(statuses, BTreeMap::from([(200, 5), (409, 1)]), "the last administrator stays");

        // Whoever is left: exactly one active administrator, seen alike from both.
        let remaining: Vec<&(String, String, String)> = {
            let mut left = Vec::new();
            for admin in &admins {
                let check = other.session(&admin.1, &admin.2).get("/api/v1/supports.json").await;
                if check.status == 200 {
                    left.push(admin);
                }
            }
            left
        };
        assert_eq!(remaining.len(), 1, "exactly one administrator can still list agents");
        let (_, login, password) = remaining[0];
        let survivor = app.session(login, password);
        let everyone = survivor.get("/api/v1/supports.json?per_page=100").await;
        let active_admins =
            everyone.body["supports"].as_array().map(|all| all.iter().filter(|s| s["isAdmin"] == "1" && s["isStat"] == "1").count());
        assert_eq!(active_admins, Some(1));

        // A password changed through one instance is refused by the other at once, even
        // though that one remembered the old verification.
        let agent_login = unique("pw");
        let created = create(&survivor, agent_login.clone(), unique("p"), false).await;
        created.assert_status(200);
        let path = format!("/api/v1/supports/{}.json", created.body["support"]["sId"].as_str().unwrap_or_default());
        let via_a = app.session(&agent_login, AGENT_PASSWORD);
        let via_b = other.session(&agent_login, AGENT_PASSWORD);
        via_b.get(&path).await.assert_status(200);
        via_b.get(&path).await.assert_status(200);
        via_a.put(&path, json!({"support": {"password": "changed-on-a"}})).await.assert_status(200);
        via_b.get(&path).await.assert_status(401);
        via_b.with_password("changed-on-a").get(&path).await.assert_status(200);

        // Hiding and deleting through both instances at once never leaves no administrator.
        let id = &remaining[0].0;
        let (statuses, replies) = concurrently(vec![
            request(&survivor, Method::PUT, format!("/api/v1/servicers/{id}.json"), Some(json!({"support": {"isStat": "0"}}))),
            request(&other.session(login, password), Method::DELETE, format!("/api/v1/supports/{id}.json"), None),
        ])
        .await;
        assert_eq!(statuses, BTreeMap::from([(409, 2)]), "{:?}", replies.iter().map(|r| &r.text).collect::<Vec<_>>());
        survivor.get("/api/v1/supports.json").await.assert_status(200);
        other.finish().await;
    }
}

/// Instances that start together on an empty PostgreSQL database migrate it once and
/// create exactly one first tenant.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_starting_together_migrate_and_bootstrap_once() {
    let Some(db) = crate::support::postgres::TestDatabase::create().await else { return };
    let starts = (0..4).map(|i| {
        let url = db.url.clone();
        tokio::spawn(async move {
            let store = kefu_store::Store::connect(&url, &kefu_store::StoreOptions::default()).await.expect("connect");
            store.migrate().await.expect("concurrent migrations succeed");
            let spec = kefu_server::provision::TenantSpec {
                account: format!("first-admin-{i}"),
                password: kefu_domain::password::Password::parse(ADMIN_PASSWORD).expect("password"),
                name: None,
                time_zone: "Asia/Shanghai".into(),
                default_agent_password: None,
            };
            let created = kefu_server::provision::bootstrap(&store, &spec).await.expect("bootstrap");
            store.close().await;
            created.is_some()
        })
    });
    let mut created = 0;
    for start in starts.collect::<Vec<_>>() {
        created += usize::from(start.await.expect("task"));
    }
    assert_eq!(created, 1, "exactly one instance creates the first tenant");
    db.drop_database().await;
}
