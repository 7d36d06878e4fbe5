//! Lists and search: pagination followed to the end, time filters, orders, and search by
//! each field.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::{Session, unique};

/// Follows `next_page` from `first` to the end; returns every sId seen and the pages.
async fn follow(session: &Session, first: &str, items: &str) -> (Vec<String>, usize) {
    let mut ids = Vec::new();
    let mut pages = 0;
    let mut next = Some(first.to_owned());
    while let Some(url) = next {
        let reply = session.get(&url).await;
        reply.assert_status(200);
        pages += 1;
        assert!(pages < 100, "runaway pagination");
        for item in reply.body[items].as_array().cloned().unwrap_or_default() {
            ids.push(item["sId"].as_str().unwrap_or_default().to_owned());
        }
        next = match &reply.body["next_page"] {
            Value::String(link) if !link.is_empty() => Some(link.clone()),
            _ => None,
        };
    }
    (ids, pages)
}

fn sorted_numeric(ids: &[String]) -> Vec<String> {
    let mut sorted = ids.to_vec();
    sorted.sort_by_key(|id| id.parse::<u64>().unwrap_or(0));
    sorted
}

backend_tests! {
    async fn pagination_is_followed_to_the_end(app) {
        let tenant = app.tenant().await;
        let mut created = vec![tenant.admin_id.clone()];
        for i in 0..24 {
            created.push(tenant.agent(json!({"name": format!("分页{i}")})).await.id);
        }
        let first = tenant.admin.get("/api/v1/supports.json?per_page=10").await;
        assert_eq!(first.body["count"], json!(25));
        assert_eq!(first.body["previous_page"], Value::Null);
        assert_eq!(
            first.body["next_page"],
            json!(format!("{}/api/v1/supports.json?per_page=10&page=2", app.base))
        );
        let (ids, pages) = follow(&tenant.admin, "/api/v1/supports.json?per_page=10", "supports").await;
        assert_eq!(pages, 3);
        assert_eq!(ids, sorted_numeric(&created), "every agent once, by sId ascending");

        let last = tenant.admin.get("/api/v1/supports.json?per_page=10&page=3").await;
        assert_eq!(last.body["supports"].as_array().map(Vec::len), Some(5));
        assert_eq!(last.body["next_page"], Value::Null);
        assert_eq!(last.body["previous_page"], json!(format!("{}/api/v1/supports.json?per_page=10&page=2", app.base)));
        let beyond = tenant.admin.get("/api/v1/supports.json?per_page=10&page=9").await;
        assert_eq!(beyond.body["supports"], json!([]));
        assert_eq!(beyond.body["count"], json!(25));
    }

    async fn links_keep_the_filters(app) {
        let tenant = app.tenant().await;
        for _ in 0..5 {
            tenant.agent(json!({})).await;
        }
        let reply = tenant.admin.get("/api/v1/supports.json?created_order=desc&created_start=2000-01-01&per_page=2").await;
        let next = reply.body["next_page"].as_str().unwrap_or_default();
        assert!(next.contains("created_order=desc"), "{next}");
        assert!(next.contains("created_start=2000-01-01"), "{next}");
        assert!(next.ends_with("per_page=2&page=2"), "{next}");
        let (ids, pages) = follow(&tenant.admin, "/api/v1/supports.json?created_order=desc&created_start=2000-01-01&per_page=2", "supports").await;
        assert_eq!(pages, 3);
        let mut descending = sorted_numeric(&ids);
        descending.reverse();
        assert_eq!(ids, descending, "newest first");
    }

    async fn created_filters_are_inclusive_and_zoned(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let created = agent.body["createDT"].as_str().unwrap_or_default().to_owned();
        let day = &created[..10];
        let count = |query: String| {
            let admin = tenant.admin.clone();
            async move { admin.get(&format!("/api/v1/supports.json?{query}")).await.body["count"].clone() }
        };
        // The administrator was created a moment earlier, possibly on the day before (a test
        // run across midnight in the company's zone): the range starts at its day.
        let admin = tenant.admin.get(&format!("/api/v1/supports/{}.json", tenant.admin_id)).await;
        let admin_day = admin.body["support"]["createDT"].as_str().unwrap_or_default()[..10].to_owned();
        assert_eq!(count(format!("created_start={admin_day}&created_end={day}")).await, json!(2), "both created");
        assert_eq!(count(format!("created_start={created}&created_end={created}")).await.as_u64().map(|n| n >= 1), Some(true));
        assert_eq!(count("created_end=2000-01-01".into()).await, json!(0));
        assert_eq!(count("created_start=2999-01-01 00:00:00".into()).await, json!(0));
    }

    async fn search_by_each_field(app) {
        let tenant = app.tenant().await;
        let login = unique("SearchMe");
        let wanted = tenant.agent(json!({"sPassportName": login, "name": "陆华", "sNum": "NUM-777", "mobile": "15586943723"})).await;
        tenant.agent(json!({"name": "陆小凤", "mobile": "13800000000"})).await;
        tenant.agent(json!({"name": "别人", "sNum": "x-1"})).await;

        let search = |query: String| {
            let admin = tenant.admin.clone();
            async move {
                let reply = admin.get(&format!("/api/v1/supportgroups/supports/search.json?query={query}")).await;
                reply.assert_status(200);
                reply.body["supports"].as_array().cloned().unwrap_or_default()
            }
        };
        let ids = |found: Vec<Value>| found.iter().map(|s| s["sId"].as_str().unwrap_or_default().to_owned()).collect::<Vec<_>>();

        assert_eq!(ids(search(format!("sPassportName:{}", login.to_lowercase())).await), vec![wanted.id.clone()], "case-insensitive");
        assert_eq!(ids(search("sPassportName:earchm".into()).await), vec![wanted.id.clone()], "substring");
        assert_eq!(ids(search("name:陆华".into()).await), vec![wanted.id.clone()]);
        assert_eq!(search("name:陆".into()).await.len(), 2, "Chinese substring");
        assert_eq!(ids(search("sNum:num-7".into()).await), vec![wanted.id.clone()]);
        assert_eq!(ids(search("mobile:5586943".into()).await), vec![wanted.id.clone()]);
        assert_eq!(ids(search("15586943723".into()).await), vec![wanted.id.clone()], "no prefix: every field");
        assert_eq!(search("NUM-777".into()).await.len(), 1);
        assert_eq!(search("name:%".into()).await.len(), 0, "wildcards are literal");
        assert_eq!(search("name:_".into()).await.len(), 0, "wildcards are literal");
    }

    async fn search_pages_and_sorts(app) {
        let tenant = app.tenant().await;
        let mut ids = Vec::new();
        for i in 0..12 {
            ids.push(tenant.agent(json!({"name": format!("排序{i}"), "mobile": format!("1390000{:04}", i)})).await.id);
        }
        // By mobile: 10 a page, as the seed says; links are strings, "" at the ends.
        let first = tenant.admin.get("/api/v1/supportgroups/supports/search.json?query=mobile:1390000").await;
        assert_eq!(first.body["count"], "12");
        assert_eq!(first.body["supports"].as_array().map(Vec::len), Some(10));
        assert_eq!(first.body["previous_page"], "");
        let next = first.body["next_page"].as_str().unwrap_or_default().to_owned();
        assert!(next.contains("query=mobile%3A1390000") && next.ends_with("per_page=10&page=2"), "{next}");
        let (all, pages) = follow(&tenant.admin, "/api/v1/supportgroups/supports/search.json?query=mobile:1390000", "supports").await;
        assert_eq!((all.len(), pages), (12, 2));

        // Other fields: 100 a page; default order sId ascending.
        let by_name = tenant.admin.get("/api/v1/supportgroups/supports/search.json?query=name:排序").await;
        let order: Vec<String> = by_name.body["supports"].as_array().cloned().unwrap_or_default().iter().map(|s| s["sId"].as_str().unwrap_or_default().to_owned()).collect();
        assert_eq!(order, ids);
        assert_eq!(by_name.body["next_page"], "");

        // sort_by without sort_order: descending.
        let newest = tenant.admin.get("/api/v1/supportgroups/supports/search.json?query=name:排序&sort_by=createDT").await;
        assert_eq!(newest.body["supports"][0]["sId"], json!(ids[11]));
        let oldest = tenant.admin.get("/api/v1/supportgroups/supports/search.json?query=name:排序&sort_by=createDT&sort_order=asc").await;
        assert_eq!(oldest.body["supports"][0]["sId"], json!(ids[0]));

        // updateDT: the agent changed last comes first.
        tenant.admin.put(&format!("/api/v1/supports/{}.json", ids[3]), json!({"support": {"name": "排序改"}})).await.assert_status(200);
        let updated = tenant.admin.get("/api/v1/supportgroups/supports/search.json?query=name:排序&sort_by=updateDT").await;
        assert_eq!(updated.body["supports"][0]["sId"], json!(ids[3]));
    }
}
