//! A page of another site cannot write through the API with the browser's credentials:
//! a state-changing request with a browser's cross-origin signals is refused unless it is
//! declared JSON (which a browser would have to preflight). Clients that are not browsers,
//! and the seed's curl examples, are unaffected.

use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::support::unique;

backend_tests! {
    async fn cross_site_form_posts_are_refused(app) {
        let tenant = app.tenant().await;
        let new_admin = |login: &str| {
            json!({"support": {"sPassportName": login, "sNum": unique("n"), "isAdmin": "1"}}).to_string()
        };
        let form = ("Content-Type", "application/x-www-form-urlencoded");
        let refusals: [&[(&str, &str)]; 4] = [
            // A page on another port of the same host.
            &[form, ("Origin", "http://127.0.0.1:1"), ("Sec-Fetch-Site", "same-site")],
            &[form, ("Origin", "https://evil.example")],
            &[("Origin", "null")],
            &[("Content-Type", "text/plain"), ("Sec-Fetch-Site", "cross-site")],
        ];
        for headers in refusals {
            let login = unique("intruder");
            let reply = tenant.admin.send(Method::POST, "/api/v1/supports.json", Some(new_admin(&login)), headers).await;
            reply.assert_error(403, "cross-site request refused");
            let found = tenant.admin.get(&format!("/api/v1/supportgroups/supports/search.json?query=sPassportName:{login}")).await;
            assert_eq!(found.body["count"], "0", "nothing was created: {}", found.text);
        }
        // The same from another site as JSON (a browser would have preflighted it).
        let json_type = [("Content-Type", "application/json"), ("Origin", "https://evil.example")];
        tenant.admin.send(Method::POST, "/api/v1/supports.json", Some(new_admin(&unique("a"))), &json_type).await.assert_status(200);
        // A same-origin form post, and the seed's curl (no Origin, form type), still work.
        let own = app.base.clone();
        let same_origin = [form, ("Origin", own.as_str()), ("Sec-Fetch-Site", "same-origin")];
        tenant.admin.send(Method::POST, "/api/v1/supports.json", Some(new_admin(&unique("b"))), &same_origin).await.assert_status(200);
        tenant.admin.send(Method::POST, "/api/v1/supports.json", Some(new_admin(&unique("c"))), &[form]).await.assert_status(200);
        // Reads are not writes.
        tenant.admin.send(Method::GET, "/api/v1/supports.json", None, &[("Origin", "https://evil.example")]).await.assert_status(200);
    }

    async fn cross_site_deletes_and_puts_are_refused_too(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let path = format!("/api/v1/supports/{}.json", agent.id);
        let evil = [("Origin", "https://evil.example")];
        tenant.admin.send(Method::DELETE, &path, None, &evil).await.assert_error(403, "cross-site");
        let hide = json!({"support": {"isStat": "0"}}).to_string();
        tenant
            .admin
            .send(Method::PUT, &format!("/api/v1/servicers/{}.json", agent.id), Some(hide), &evil)
            .await
            .assert_error(403, "cross-site");
        assert_eq!(tenant.admin.get(&path).await.body["support"]["isStat"], "1");
    }
}
