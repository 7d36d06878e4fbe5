//! Input that used to slip through: NUL characters (which PostgreSQL cannot store) get the
//! same 400/401 on both backends; an id has one spelling (`01` and `+1` are refused, not
//! aliases); a JSON member given twice, and a custom field entry without `value`, are
//! refused; logins are NFKC-normalised and may hold no invisible or bidi characters.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::Method;
use serde_json::json;

use crate::backend_tests;
use crate::support::console::Console;
use crate::support::unique;

backend_tests! {
    async fn nul_characters_get_the_same_answer_on_both_backends(app) {
        let tenant = app.tenant().await;
        // Basic Auth: an account with a NUL is an unknown account.
        let header = format!("Basic {}", STANDARD.encode("ad\u{0}min:whatever-1"));
        app.anonymous()
            .send(Method::GET, "/api/v1/supports.json", None, &[("Authorization", header.as_str())])
            .await
            .assert_error(401, "invalid account or password");
        // The token endpoint's client_id.
        let token = app
            .anonymous()
            .send(
                Method::POST,
                "/api/token.php",
                Some("grant_type=client_credentials&client_id=ab%00cd&client_secret=x".into()),
                &[("Content-Type", "application/x-www-form-urlencoded")],
            )
            .await;
        token.assert_status(401);
        assert_eq!(token.body["error"], "invalid_client");
        // The console's sign-in form.
        Console::new(&app.base).try_sign_in("ad\u{0}min", "whatever-1", &[]).await.assert_status(401);
        // A JSON body: a regexp field whose pattern a NUL would match.
        let field = tenant
            .admin
            .post("/api/v1/support_fields.json", json!({"support_field": {"title": "任意", "type": "regexp", "pattern": ".+"}}))
            .await;
        field.assert_status(200);
        let key = field.body["support_field"]["key"].as_str().unwrap_or_default().to_owned();
        let body = json!({"support": {"custom_fields": [{"key": key, "value": "a\u{0}b"}]}});
        tenant.admin.put(&format!("/api/v1/supports/{}.json", tenant.admin_id), body).await.assert_error(400, "NUL");
        // A query parameter.
        tenant.admin.get("/api/v1/audit_logs.json?created_order=%00").await.assert_error(400, "NUL");
    }

    async fn ids_have_one_spelling(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let group = tenant.group("一组").await;
        let key = tenant.admin.post("/api/v1/api_keys.json", json!({"api_key": {"name": "k"}})).await;
        let key_id = key.body["api_key"]["id"].as_str().unwrap_or_default().to_owned();
        let field = tenant
            .admin
            .post("/api/v1/support_fields.json", json!({"support_field": {"title": "级别", "type": "text"}}))
            .await;
        let field_number = field.body["support_field"]["key"].as_str().unwrap_or_default().trim_start_matches("field_").to_owned();

        let admin = &tenant.admin;
        let alias = |id: &str| format!("0{id}");
        admin.get(&format!("/api/v1/supports/{}.json", alias(&agent.id))).await.assert_error(400, "canonical");
        admin.get(&format!("/api/v1/supports/+{}.json", agent.id)).await.assert_error(400, "canonical");
        admin
            .put(&format!("/api/v1/supportgroups/{}.json", alias(&group)), json!({"supportgroup": {"sgName": "改名"}}))
            .await
            .assert_error(400, "canonical");
        assert_eq!(admin.get(&format!("/api/v1/supportgroups/{group}.json")).await.body["supportgroup"]["sgName"], "一组");
        admin.delete(&format!("/api/v1/api_keys/{}.json", alias(&key_id))).await.assert_error(400, "canonical");
        assert_eq!(admin.get("/api/v1/api_keys.json").await.body["count"], 1, "the key is not revoked");
        admin
            .put(&format!("/api/v1/permissions/{}.json", alias(&agent.id)), json!({"permission": {"mType": "4", "state": "1"}}))
            .await
            .assert_error(400, "canonical");
        admin.get(&format!("/api/v1/plate_service_state/{}.json?plate=1", alias(&agent.id))).await.assert_error(400, "canonical");
        for key in [format!("field_+{field_number}"), format!("field_0{field_number}")] {
            admin.get(&format!("/api/v1/support_fields/{key}.json")).await.assert_error(400, "canonical");
        }
        admin.get(&format!("/api/v1/signin.json?sId={}", alias(&agent.id))).await.assert_error(400, "canonical");
        admin.get(&format!("/api/v1/supports/show_many.json?ids={}", alias(&agent.id))).await.assert_status(400);
        admin
            .put(&format!("/api/v1/supports/{}.json", agent.id), json!({"support": {"groupId": alias(&group)}}))
            .await
            .assert_status(400);
        let shift = json!({"duty": [{"sid": agent.id, "date": "2031-01-06", "schedules": [{"start_time": "09:00", "end_time": "10:00"}]}]});
        let created = admin.post("/api/v1/schedules.json", shift).await;
        created.assert_status(200);
        let duty_id = created.body["data"]["duty"][0]["schedules"][0]["dutyId"].as_str().unwrap_or_default().to_owned();
        admin.delete(&format!("/api/v1/schedules.json?dutyId=0{duty_id}")).await.assert_error(400, "canonical");
        admin.delete(&format!("/api/v1/schedules.json?dutyId={duty_id}")).await.assert_status(200);
    }

    async fn a_member_given_twice_is_refused(app) {
        let tenant = app.tenant().await;
        let body = format!(r#"{{"support":{{"sPassportName":"{}","sNum":"1","sNum":"2"}}}}"#, unique("twice"));
        let reply = tenant
            .admin
            .send(Method::POST, "/api/v1/supports.json", Some(body), &[("Content-Type", "application/json")])
            .await;
        reply.assert_error(400, "\"sNum\" is given twice");
    }

    async fn a_custom_field_entry_without_value_is_refused(app) {
        let tenant = app.tenant().await;
        let field = tenant
            .admin
            .post("/api/v1/support_fields.json", json!({"support_field": {"title": "级别", "type": "text"}}))
            .await;
        let key = field.body["support_field"]["key"].as_str().unwrap_or_default().to_owned();
        let agent = tenant.agent(json!({"custom_fields": [{"key": key, "value": "高级"}]})).await;
        let path = format!("/api/v1/supports/{}.json", agent.id);
        tenant.admin.put(&path, json!({"support": {"custom_fields": [{"key": key}]}})).await.assert_error(400, "\"value\" is missing");
        assert_eq!(tenant.admin.get(&path).await.body["support"]["custom_fields"][0]["value"], "高级");
    }

    async fn look_alike_logins_are_normalised_or_refused(app) {
        let tenant = app.tenant().await;
        let admin = &tenant.admin;
        let create = |login: String, name: &str| json!({"support": {"sPassportName": login, "sNum": unique("n"), "name": name}});
        // Fullwidth letters are the same login.
        let login = unique("wide");
        let fullwidth: String = login
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c })
            .collect();
        let made = admin.post("/api/v1/supports.json", create(fullwidth.clone(), "")).await;
        made.assert_status(200);
        assert_eq!(made.body["support"]["sPassportName"], login.as_str(), "stored in NFKC form");
        admin.post("/api/v1/supports.json", create(login.clone(), "")).await.assert_status(409);
        let id = made.body["support"]["sId"].as_str().unwrap_or_default().to_owned();
        app.session(&fullwidth, crate::support::AGENT_PASSWORD).get(&format!("/api/v1/supports/{id}.json")).await.assert_status(200);
        // Invisible and bidirectional characters.
        for bad in [format!("{}\u{200b}_a", unique("zw")), format!("\u{202e}{}", unique("rlo"))] {
            admin.post("/api/v1/supports.json", create(bad, "")).await.assert_error(400, "invisible or bidirectional");
        }
        admin.post("/api/v1/supports.json", create(unique("n"), "\u{202e}nimda")).await.assert_error(400, "bidirectional");
    }
}
