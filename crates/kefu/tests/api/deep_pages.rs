//! Agent list pages found from the maintained per-block counts (`agent_id_counts`): in a
//! tenant whose ids span several blocks, with agents hidden, restored and deleted between
//! them, every page is exactly its slice of the ordered list.

use kefu_domain::agent::{AgentStatus, JobNumber, NewAgent, PassportName};
use kefu_domain::search::{SortKey, SortOrder};
use kefu_store::{AgentListFilter, AgentOrder, Window};
use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::unique;

const AGENTS: usize = 2_600;
const PER_PAGE: usize = 97;

fn page_ids(body: &Value) -> Vec<i64> {
    let supports = body["supports"].as_array().cloned().unwrap_or_default();
    supports.iter().map(|s| s["sId"].as_str().and_then(|id| id.parse().ok()).unwrap_or(-1)).collect()
}

backend_tests! {
    async fn every_page_across_blocks_of_ids_is_exact(app) {
        let tenant = app.tenant().await;
        // In bulk, as `kefu-bench-load` loads them: 2,600 consecutive ids span three or
        // four blocks of 1,024.
        let new: Vec<NewAgent> = (0..AGENTS)
            .map(|i| {
                let passport = PassportName::parse(&unique("deep")).expect("login");
                NewAgent::new(passport, JobNumber::parse(&format!("deep{i}")).expect("job number"))
            })
            .collect();
        let imported = app.store.import_agents(tenant.id, &new, "unused-hash").await.expect("import");
        // Over the API, so the counts are kept by the real paths: hide every 7th agent,
        // restore every 49th of those, delete every 11th.
        let mut hidden = Vec::new();
        let mut deleted = Vec::new();
        for (i, id) in imported.iter().enumerate() {
            let servicer = format!("/api/v1/servicers/{}.json", id.0);
            if i % 11 == 0 {
                tenant.admin.delete(&format!("/api/v1/supports/{}.json", id.0)).await.assert_status(200);
                deleted.push(id.0);
            } else if i % 7 == 0 {
                tenant.admin.put(&servicer, json!({"support": {"isStat": "0"}})).await.assert_status(200);
                if i % 49 == 0 {
                    tenant.admin.put(&servicer, json!({"support": {"isStat": "1"}})).await.assert_status(200);
                } else {
                    hidden.push(id.0);
                }
            }
        }
        let admin: i64 = tenant.admin_id.parse().expect("admin sId");
        let mut live: Vec<i64> = std::iter::once(admin).chain(imported.iter().map(|id| id.0)).collect();
        live.retain(|id| !deleted.contains(id));
        live.sort_unstable();
        let active: Vec<i64> = live.iter().copied().filter(|id| !hidden.contains(id)).collect();

        for (filter, status, expected) in
            [("", None, &live), ("&isStat=1", Some(AgentStatus::Active), &active), ("&isStat=0", Some(AgentStatus::RecycleBin), &hidden)]
        {
            let pages = expected.len().div_ceil(PER_PAGE) + 1;
            for page in 1..=pages {
                let reply = tenant.admin.get(&format!("/api/v1/supports.json?per_page={PER_PAGE}&page={page}{filter}")).await;
                reply.assert_status(200);
                assert_eq!(reply.body["count"], json!(expected.len()), "count{filter}");
                let from = ((page - 1) * PER_PAGE).min(expected.len());
                let to = (page * PER_PAGE).min(expected.len());
                assert_eq!(page_ids(&reply.body), expected[from..to], "page {page}{filter}");
            }

            // Descending sId (the console's order), through the store.
            let descending: Vec<i64> = expected.iter().rev().copied().collect();
            let filter = AgentListFilter { status, ..AgentListFilter::default() };
            let order = AgentOrder { key: SortKey::Id, direction: SortOrder::Desc };
            for offset in (0..=descending.len()).step_by(PER_PAGE) {
                let window = Window { limit: PER_PAGE as u64, offset: offset as u64 };
                let page = app.store.list_agents(tenant.id, &filter, order, window).await.expect("list");
                let ids: Vec<i64> = page.rows.iter().map(|agent| agent.id.0).collect();
                assert_eq!(ids, descending[offset..(offset + PER_PAGE).min(descending.len())], "desc from {offset}");
                assert_eq!(page.total, descending.len() as u64);
            }
        }
    }
}
