//! `POST /api/v1/users/batch.json` (an extension, for imports): up to 500 contacts
//! created all or none, each by the rules of `POST /users.json`, a problem named by the
//! row's index and field.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::contacts::{company, contact};

backend_tests! {
    async fn a_batch_creates_every_contact_in_order(app) {
        let tenant = app.tenant().await;
        let uid = company(&tenant, "北京网康科技有限公司").await;
        let agent = tenant.agent(json!({})).await;
        let users: Vec<Value> = (0..120)
            .map(|i| json!({"name": format!("联系人{i}"), "mobile": format!("130392{i:05}"), "companyId": uid,
                            "uniqueId": format!("wx_{i}"), "tableName": "导入"}))
            .collect();
        let reply = agent.session.post("/api/v1/users/batch.json", json!({ "users": users })).await;
        reply.assert_status(200);
        let created = reply.body["users"].as_array().expect("users");
        assert_eq!(created.len(), 120);
        assert_eq!(created[0]["name"], "联系人0");
        assert_eq!(created[119]["uniqueId"], "wx_119", "in the order sent");
        assert_eq!(created[5]["createrId"], json!(agent.id));
        let list = tenant.admin.get("/api/v1/users.json?per_page=1").await;
        assert_eq!(list.body["count"], json!(120));
        let found = tenant.admin.get("/api/v1/users/search.json?query=uniqueId:wx_77").await;
        assert_eq!(found.body["users"][0]["name"], "联系人77");
        // `_v2` answers every remote id.
        let v2 = tenant.admin.post("/api/v1/users_v2/batch.json", json!({"users": [
            {"mobile": "13900000001", "companyId": uid, "uniqueIds": [{"uniqueId": "crm-1", "note": "CRM"}]}
        ]})).await;
        v2.assert_status(200);
        assert_eq!(v2.body["users"][0]["uniqueIds"][0]["note"], "CRM");
    }

    async fn a_bad_row_refuses_the_whole_batch_naming_it(app) {
        let tenant = app.tenant().await;
        let uid = company(&tenant, "甲公司").await;
        contact(&tenant, json!({"mobile": "13039209552", "companyId": uid, "uniqueId": "wx_taken"})).await;
        let good = json!({"mobile": "13039209553", "companyId": uid});
        for (bad, expected) in [
            (json!({"name": "无电话", "companyId": uid}), "users[1].mobile"),
            (json!({"mobile": "13039209554", "companyId": "999999"}), "users[1].companyId: no company"),
            (json!({"mobile": "13039209554", "companyId": uid, "email": "x"}), "users[1].email"),
            (json!({"mobile": "13039209554", "companyId": uid, "color": "red"}), "users[1].color"),
            (json!("not an object"), "users[1]: must be a JSON object"),
        ] {
            let body = json!({"users": [good.clone(), bad]});
            tenant.admin.post("/api/v1/users/batch.json", body).await.assert_error(400, expected);
        }
        // Two rows of the batch with one remote id, and one already taken.
        let twice = json!({"users": [
            {"mobile": "13039209553", "companyId": uid, "uniqueId": "wx_1"},
            {"mobile": "13039209554", "companyId": uid, "uniqueId": "wx_1"}
        ]});
        tenant.admin.post("/api/v1/users/batch.json", twice).await.assert_error(400, "users[1].uniqueIds");
        let taken = json!({"users": [good.clone(), {"mobile": "13039209554", "companyId": uid, "uniqueId": "wx_taken"}]});
        tenant.admin.post("/api/v1/users/batch.json", taken).await.assert_error(409, "wx_taken");
        // The batch's size and shape.
        tenant.admin.post("/api/v1/users/batch.json", json!({"users": []})).await.assert_error(400, "users: must hold 1 to 500");
        let many: Vec<Value> = (0..501).map(|_| good.clone()).collect();
        tenant.admin.post("/api/v1/users/batch.json", json!({ "users": many })).await.assert_error(400, "users:");
        tenant.admin.post("/api/v1/users/batch.json", json!({"user": good})).await.assert_error(400, "user");
        // Nothing was written but the first contact.
        assert_eq!(tenant.admin.get("/api/v1/users.json").await.body["count"], json!(1));
    }
}

/// PostgreSQL: a batch that doubles a table refreshes its statistics (ANALYZE), so plans
/// cached while the table was nearly empty — a foreign-key check reading every contact of
/// the tenant — are replaced at once, whether or not autovacuum runs (it is off on the
/// development machines; see `kefu-store/src/engine/grown_tables.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_refreshes_the_postgresql_statistics_of_the_tables_it_doubled() {
    use sqlx::{AnyConnection, Connection, Row};
    let Some(app) = crate::support::TestApp::spawn(kefu_store::Backend::Postgres).await else { return };
    let mut pg = AnyConnection::connect(&app.url).await.expect("connect to the test database");
    let counted = async |pg: &mut AnyConnection, table: &str| -> i64 {
        let sql = format!("SELECT reltuples::bigint AS n FROM pg_class WHERE oid = '{table}'::regclass");
        sqlx::query(&sql).fetch_one(pg).await.expect("pg_class").get::<i64, _>("n")
    };
    assert_eq!(counted(&mut pg, "contacts").await, -1, "a new table has never been analyzed");

    let tenant = app.tenant().await;
    let uid = company(&tenant, "统计公司").await;
    let users: Vec<Value> = (0..500)
        .map(|i| json!({"mobile": format!("131{i:08}"), "companyId": uid, "uniqueId": format!("st-{i}"), "tableName": "导入"}))
        .collect();
    tenant.admin.post("/api/v1/users/batch.json", json!({ "users": users })).await.assert_status(200);
    // 500 contacts fill more than the 8 pages below which a table is left alone.
    assert_eq!(counted(&mut pg, "contacts").await, 500, "contacts analyzed after the batch that grew it");
    // A batch that does not double the table leaves the statistics as they are.
    let more = json!({"users": [{"mobile": "13200000001", "companyId": uid}]});
    tenant.admin.post("/api/v1/users/batch.json", more).await.assert_status(200);
    assert_eq!(counted(&mut pg, "contacts").await, 500);
    let _ = pg.close().await;
    app.finish().await;
}
