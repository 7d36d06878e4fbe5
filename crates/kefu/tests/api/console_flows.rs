//! Issue 22's console flows over HTTP: the console speaks Chinese (each problem once,
//! beside its field); agents set their own state and sign in; creating follows
//! post/redirect/get (reloading never creates twice); `/` leads to the console; and the
//! console works under a `--public-url` with a sub-path.

use serde_json::json;

use crate::backend_tests;
use crate::support::console::{Answer, Console, cookie_value};
use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD};

/// How many times `needle` occurs in the page.
fn count(page: &Answer, needle: &str) -> usize {
    page.text.matches(needle).count()
}

/// No English sentence of the API's in a page (the API's messages start so).
fn assert_no_english_message(page: &Answer) {
    for english in ["must be", "must not", "is required", "already has", "is already taken", "got \"", "another agent"]
    {
        assert!(!page.text.contains(english), "English {english:?} in the page: {}", page.text);
    }
}

backend_tests! {
    async fn validation_messages_are_chinese_and_said_once(app) {
        let tenant = app.tenant().await;
        let taken = tenant.agent(json!({"sNum": "001"})).await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;

        let bad = console
            .post("/console/agents", &[("sPassportName", "wangwu"), ("sNum", "W-1"), ("mobile", "12345"), ("gnder", "1"), ("isAdmin", "0")])
            .await;
        bad.assert_status(400);
        assert_no_english_message(&bad);
        assert_eq!(count(&bad, "请填写 11 位手机号"), 1, "said once: {}", bad.text);
        assert!(bad.text.contains("<p class=\"field-error\" id=\"f-mobile-error\">请填写 11 位手机号"), "beside its field");

        let duplicate = console
            .post("/console/agents", &[("sPassportName", "zhaoliu"), ("sNum", "001"), ("gnder", "1"), ("isAdmin", "0")])
            .await;
        duplicate.assert_status(409);
        assert_no_english_message(&duplicate);
        assert_eq!(count(&duplicate, "已被本公司其他客服或分组使用"), 1, "said once: {}", duplicate.text);
        assert!(duplicate.text.contains("id=\"f-sNum-error\""));
        let _ = taken;

        // A shift that ends before it starts.
        let agent = tenant.agent(json!({})).await;
        let shift = console
            .post("/console/schedules", &[("sid", &agent.id), ("date", "2030-01-07"), ("start_time", "18:00"), ("end_time", "09:00")])
            .await;
        shift.assert_status(400);
        assert_no_english_message(&shift);
        assert_eq!(count(&shift, "结束时间须晚于开始时间 18:00。"), 1, "{}", shift.text);

        // A filter form says its problems in the summary, in Chinese.
        let filter = console.get("/console/signins?created_start=yesterday").await;
        filter.assert_status(400);
        assert_no_english_message(&filter);
        assert_eq!(count(&filter, "请填写日期"), 1, "{}", filter.text);
    }

    async fn agents_set_their_own_state_and_sign_in(app) {
        let tenant = app.tenant().await;
        let me = tenant.agent(json!({"name": "外勤"})).await;
        let other = tenant.agent(json!({"name": "同事"})).await;
        let console = Console::sign_in(&app.base, &me.account, AGENT_PASSWORD).await;

        let board = console.get("/console/presence?plate=2").await;
        board.assert_status(200);
        assert!(board.text.contains(&format!("action=\"/console/presence/{}\"", me.id)), "a form for its own state");
        let set = console
            .post(&format!("/console/presence/{}", me.id), &[("plate", "2"), ("state", "忙碌"), ("back", "/console/presence?plate=2")])
            .await;
        set.assert_status(303);
        let shown = tenant.admin.get(&format!("/api/v1/plate_service_state/{}.json?plate=2", me.id)).await;
        assert_eq!(shown.body["plate_service_state"]["state"], "忙碌");
        // A state the plate does not have is refused, in Chinese or by the API's 10013.
        console.post(&format!("/console/presence/{}", me.id), &[("plate", "2"), ("state", "打盹")]).await.assert_status(400);
        // Nobody else's.
        console.post(&format!("/console/presence/{}", other.id), &[("plate", "2"), ("state", "忙碌")]).await.assert_status(403);
        let theirs = tenant.admin.get(&format!("/api/v1/plate_service_state/{}.json?plate=2", other.id)).await;
        assert_eq!(theirs.body["plate_service_state"]["state"], "离线");

        // Signing in (签到).
        let form = console.get("/console/signins/new").await;
        form.assert_status(200);
        assert!(form.text.contains("href=\"/console/signins/new\""), "in the agent's navigation");
        let refused = console
            .post("/console/signins/new", &[("address", "北京市丰台区"), ("landmark", ""), ("latitude", "200"), ("longitude", "116.289429")])
            .await;
        refused.assert_status(400);
        assert!(refused.text.contains("id=\"f-latitude-error\""), "{}", refused.text);
        assert_no_english_message(&refused);
        let done = console
            .post("/console/signins/new", &[
                ("address", "北京市丰台区丰科万达"), ("landmark", "丰科万达广场"), ("latitude", "39.827126"),
                ("longitude", "116.289429"), ("remark", "拜访客户"),
            ])
            .await;
        done.assert_status(303);
        assert_eq!(done.location(), "/console/signins/new?notice=signed_in");
        let listed = tenant.admin.get(&format!("/api/v1/signin.json?sId={}", me.id)).await;
        listed.assert_status(200);
        let text = listed.body.to_string();
        assert!(text.contains("拜访客户") && text.contains("丰科万达"), "{text}");
    }

    async fn creating_a_key_follows_post_redirect_get(app) {
        let tenant = app.tenant().await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let created = console.post("/console/api-keys", &[("name", "CRM 同步")]).await;
        created.assert_status(303);
        assert_eq!(created.location(), "/console/api-keys?notice=key_created");
        let line = created.set_cookie("kefu_console_new_key").expect("the new secret travels to the next page");
        assert!(line.contains("HttpOnly") && line.contains("Path=/console/api-keys") && line.contains("SameSite=Strict"), "{line}");
        let value = cookie_value(&line);
        let secret = value.split('.').nth(2).expect("the secret").to_owned();
        let session = console.session.clone().expect("a session");
        let cookies = format!("kefu_console={session}; kefu_console_new_key={value}");

        // The page the browser is sent to shows the secret once and forgets it.
        let shown = console.get_with(created.location(), &[("Cookie", &cookies)]).await;
        shown.assert_status(200);
        assert!(shown.text.contains(&secret), "the secret is shown");
        let cleared = shown.set_cookie("kefu_console_new_key").expect("cleared");
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
        // Reloading it creates nothing and shows no secret.
        let again = console.get(created.location()).await;
        again.assert_status(200);
        assert!(!again.text.contains(&secret));
        assert_eq!(tenant.admin.get("/api/v1/api_keys.json").await.body["count"], 1, "one key");
        // A cookie naming no key of the company shows nothing.
        let forged = format!("kefu_console={session}; kefu_console_new_key=999.abc.zzzforgedzzz.x");
        let page = console.get_with("/console/api-keys", &[("Cookie", &forged)]).await;
        assert!(!page.text.contains("zzzforgedzzz"), "nothing shown for a key that does not exist");
    }

    async fn administrators_manage_fields_settings_and_read_the_audit_log(app) {
        let tenant = app.tenant().await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;

        // Custom fields.
        let page = console.get("/console/fields").await;
        page.assert_status(200);
        assert!(page.text.contains("href=\"/console/fields\""), "in the navigation");
        let refused = console.post("/console/fields", &[("title", ""), ("type", "dropdown")]).await;
        refused.assert_status(400);
        assert_no_english_message(&refused);
        let created = console.post("/console/fields", &[("title", "级别"), ("type", "dropdown"), ("required", "1"), ("options", "初级\n高级\n")]).await;
        created.assert_status(303);
        assert_eq!(created.location(), "/console/fields?notice=created");
        let listed = tenant.admin.get("/api/v1/support_fields.json").await;
        let text = listed.body.to_string();
        assert!(text.contains("\"field_1\"") && text.contains("级别") && text.contains("高级"), "{text}");
        let shown = console.get("/console/fields").await;
        assert!(shown.text.contains("初级、高级"));
        console.post("/console/fields/field_1", &[("title", "等级"), ("required", "1")]).await.assert_status(303);
        assert!(tenant.admin.get("/api/v1/support_fields/field_1.json").await.body.to_string().contains("等级"));
        // The agent form offers it.
        assert!(console.get("/console/agents/new").await.text.contains("等级"));
        console.post("/console/fields/field_1/delete", &[]).await.assert_status(303);
        tenant.admin.get("/api/v1/support_fields/field_1.json").await.assert_status(404);

        // Company settings.
        let settings = console.get("/console/company").await;
        settings.assert_status(200);
        assert!(settings.text.contains("Asia/Shanghai"));
        let bad = console.post("/console/company", &[("timeZone", "Mars/Olympus"), ("defaultPassword", "")]).await;
        bad.assert_status(400);
        assert!(bad.text.contains("id=\"f-timeZone-error\""), "{}", bad.text);
        console.post("/console/company", &[("timeZone", "Asia/Tokyo"), ("defaultPassword", "welcome-2030")]).await.assert_status(303);
        let company = tenant.admin.get("/api/v1/company.json").await;
        assert_eq!(company.body["company"]["timeZone"], "Asia/Tokyo");
        let agent = tenant.admin.post("/api/v1/supports.json", json!({"support": {"sPassportName": crate::support::unique("pw"), "sNum": "P-1"}})).await;
        agent.assert_status(200);
        let account = agent.body["support"]["sPassportName"].as_str().unwrap_or_default().to_owned();
        app.session(&account, "welcome-2030").get("/api/v1/company.json").await.assert_status(200);

        // The audit log: the writes above, newest first.
        let audit = console.get("/console/audit").await;
        audit.assert_status(200);
        assert!(audit.text.contains("/console/company") && audit.text.contains("/console/fields"), "{}", audit.text);
        let mine = console.get(&format!("/console/audit?sId={}", tenant.admin_id)).await;
        mine.assert_status(200);
        console.get("/console/audit?sId=abc").await.assert_status(400);

        // Not for other agents.
        let colleague = tenant.agent(json!({})).await;
        // (created after the default password changed)
        let theirs = Console::sign_in(&app.base, &colleague.account, "welcome-2030").await;
        for path in ["/console/fields", "/console/company", "/console/audit"] {
            theirs.get(path).await.assert_status(403);
        }
    }

    async fn the_root_leads_to_the_console(app) {
        let console = Console::new(&app.base);
        let root = console.get("/").await;
        assert!(matches!(root.status, 302 | 303 | 307 | 308), "{}", root.status);
        assert_eq!(root.location(), "/console/");
    }
}

backend_tests! {
    config = kefu_server::Config { public_url: Some("https://help.example.com/kefu".to_owned()), ..kefu_server::Config::default() };

    async fn the_console_works_under_a_sub_path(app) {
        let tenant = app.tenant().await;
        let mut console = Console::new(&app.base);
        let login = console.get("/console/login").await;
        login.assert_status(200);
        assert!(login.text.contains("action=\"/kefu/console/login\""), "{}", login.text);
        assert!(login.text.contains("href=\"/kefu/console/assets/console.css\""));
        assert!(login.text.contains("src=\"/kefu/console/assets/console.js\""));
        let login_cookie = login.set_cookie("kefu_console_login").expect("a sign-in cookie");
        assert!(login_cookie.contains("Path=/kefu/console"), "{login_cookie}");

        let signed_in = console.try_sign_in(tenant.admin.account(), ADMIN_PASSWORD, &[]).await;
        signed_in.assert_status(303);
        assert!(signed_in.location().starts_with("/kefu/console/"), "{}", signed_in.location());
        let session = signed_in.set_cookie("kefu_console").expect("a session cookie");
        assert!(session.contains("Path=/kefu/console"), "{session}");
        console.session = Some(cookie_value(&session));

        let groups = console.get("/console/groups").await;
        groups.assert_status(200);
        assert!(groups.text.contains("href=\"/kefu/console/agents\""), "navigation under the sub-path");
        assert!(!groups.text.contains("href=\"/console/"), "no link leaves the sub-path");
        assert!(!groups.text.contains("action=\"/console/"), "no form leaves the sub-path");
        console.csrf = groups.csrf().expect("a token");
        let created = console.post("/console/groups", &[("name", "售前组")]).await;
        created.assert_status(303);
        assert_eq!(created.location(), "/kefu/console/groups?notice=created");

        let board = console.get("/console/presence").await;
        assert!(board.text.contains("data-live-url=\"/kefu/console/presence/live"), "the board polls under the sub-path");
        let root = console.get("/").await;
        assert_eq!(root.location(), "/kefu/console/");
    }
}
