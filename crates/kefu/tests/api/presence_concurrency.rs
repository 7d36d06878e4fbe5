//! Integrations poll and set states constantly, from many clients at once: each recorded
//! change must start from the state the previous one left, and the permission rule must
//! hold whatever interleaving happens.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::presence::{get_state, history_path, state_path};

const WRITERS: usize = 6;
const ROUNDS: usize = 5;

/// All recorded changes of an agent, oldest first.
async fn whole_history(admin: &crate::support::Session, id: &str) -> Vec<Value> {
    let reply = admin.get(&history_path(id)).await;
    reply.assert_status(200);
    reply.body["plate_service_state_history"].as_array().expect("history").clone()
}

backend_tests! {
    /// Concurrent PUTs on one agent and plate: the history is one unbroken chain that ends
    /// in the agent's current state.
    async fn concurrent_changes_chain(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let states = ["在线", "忙碌", "离开", "离线"];
        let mut writers = Vec::new();
        for w in 0..WRITERS {
            let admin = tenant.admin.clone();
            let path = state_path(&agent.id);
            writers.push(tokio::spawn(async move {
                for r in 0..ROUNDS {
                    let state = states[(w + r) % states.len()];
                    let reply = admin.put(&path, json!({"plate_service_state": {"plate": "2", "state": state}})).await;
                    reply.assert_status(200);
                    let read = admin.get(&format!("{path}?plate=2")).await;
                    read.assert_status(200);
                }
            }));
        }
        for writer in writers {
            writer.await.expect("writer");
        }
        let history = whole_history(&tenant.admin, &agent.id).await;
        assert!(!history.is_empty());
        let mut previous = json!("离线");
        for change in &history {
            assert_eq!(change["from"], previous, "unbroken chain: {history:?}");
            assert_ne!(change["from"], change["to"], "only real changes are recorded");
            previous = change["to"].clone();
        }
        assert_eq!(previous, json!(get_state(&tenant.admin, &agent.id, "2").await));
    }

    /// Turning the call center off while others set the agent online there: afterwards
    /// the agent is offline in plate 3, and every refusal is the rule's 409.
    async fn permission_off_races_with_setting_online(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let mut writers = Vec::new();
        for _ in 0..WRITERS {
            let admin = tenant.admin.clone();
            let path = state_path(&agent.id);
            writers.push(tokio::spawn(async move {
                for r in 0..ROUNDS {
                    let state = if r % 2 == 0 { "在线" } else { "忙碌" };
                    let reply = admin.put(&path, json!({"plate_service_state": {"plate": "3", "state": state}})).await;
                    assert!(reply.status == 200 || reply.status == 409, "{}", reply.text);
                }
            }));
        }
        let off = tenant.admin.put(&format!("/api/v1/permissions/{}.json", agent.id), json!({"permission": {"mType": "4", "state": "1"}})).await;
        off.assert_status(200);
        for writer in writers {
            writer.await.expect("writer");
        }
        assert_eq!(get_state(&tenant.admin, &agent.id, "3").await, "离线");
        let history = whole_history(&tenant.admin, &agent.id).await;
        let mut previous = json!("离线");
        for change in &history {
            assert_eq!(change["from"], previous, "unbroken chain: {history:?}");
            previous = change["to"].clone();
        }
        assert_eq!(previous, json!("离线"));
    }
}
