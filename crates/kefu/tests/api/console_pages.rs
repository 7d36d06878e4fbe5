//! The console's pages over HTTP: roles, tenant isolation, escaping, and that every form
//! answers with the API's own rules and messages.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::console::{Console, escaped, input_value};
use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD, unique};

/// A date `days` from today in the tenants' zone, `YYYY-MM-DD`.
fn local_date(days: u32) -> String {
    let zone = kefu_domain::time::parse_time_zone(kefu_domain::time::DEFAULT_TIME_ZONE).expect("zone");
    let mut date = kefu_domain::schedule::LocalNow::at(kefu_domain::time::now_micros(), &zone).date.date();
    for _ in 0..days {
        date = date.tomorrow().expect("a date");
    }
    date.to_string()
}

backend_tests! {
    async fn a_non_admin_sees_only_its_own_pages(app) {
        let tenant = app.tenant().await;
        let me = tenant.agent(json!({"name": "自己"})).await;
        let other = tenant.agent(json!({"name": "别人"})).await;
        let console = Console::sign_in(&app.base, &me.account, AGENT_PASSWORD).await;

        for path in ["/console/agents", "/console/agents/new", "/console/groups", "/console/signins", "/console/api-keys"] {
            let page = console.get(path).await;
            page.assert_status(403);
            assert!(page.text.contains("需要管理员权限"), "{path}");
        }
        console.get(&format!("/console/agents/{}", other.id)).await.assert_status(403);
        let refused = console.post("/console/api-keys", &[("name", "sneaky")]).await;
        refused.assert_status(403);
        assert_eq!(tenant.admin.get("/api/v1/api_keys.json").await.body["count"], 0, "nothing created");
        // Its own state it may set (我的状态); nobody else's.
        console.post(&format!("/console/presence/{}", other.id), &[("plate", "2"), ("state", "在线")]).await.assert_status(403);
        console.post(&format!("/console/agents/{}/visibility", other.id), &[("isStat", "0")]).await.assert_status(403);

        let profile = console.get(&format!("/console/agents/{}", me.id)).await;
        profile.assert_status(200);
        assert!(profile.text.contains("我的资料") && profile.text.contains(&me.account));
        assert!(!profile.text.contains("name=\"isAdmin\""), "an agent cannot make itself an administrator");
        let board = console.get("/console/presence").await;
        board.assert_status(200);
        assert!(board.text.contains(&format!("data-sid=\"{}\"", me.id)), "its own row");
        assert!(!board.text.contains(&format!("data-sid=\"{}\"", other.id)) && !board.text.contains(&other.account));
        assert!(!board.text.contains("/permission"), "no permission controls for non-admins");
        let schedules = console.get("/console/schedules").await;
        schedules.assert_status(200);
        assert!(!schedules.text.contains("新建排班"));

        // The API's rule for one's own record: the job number is an administrator's to change.
        let changed = console.post(&format!("/console/agents/{}", me.id), &[("name", "新名字"), ("gnder", "2")]).await;
        changed.assert_status(303);
        let shown = tenant.admin.get(&format!("/api/v1/supports/{}.json", me.id)).await;
        assert_eq!((shown.body["support"]["name"].as_str(), shown.body["support"]["gnder"].as_str()), (Some("新名字"), Some("2")));
        let refused = console.post(&format!("/console/agents/{}", me.id), &[("sNum", "hijack"), ("gnder", "1")]).await;
        refused.assert_status(303);
        let shown = tenant.admin.get(&format!("/api/v1/supports/{}.json", me.id)).await;
        assert_ne!(shown.body["support"]["sNum"], "hijack", "members not on an agent's form are not sent");
    }

    async fn another_companys_ids_answer_as_unknown(app) {
        let ours = app.tenant().await;
        let theirs = app.tenant().await;
        let their_agent = theirs.agent(json!({"name": "外人"})).await;
        let their_group = theirs.group("他们的组").await;
        let their_key = theirs.admin.post("/api/v1/api_keys.json", json!({"api_key": {"name": "k"}})).await;
        let their_key = their_key.body["api_key"]["id"].as_str().unwrap_or_default().to_owned();
        let console = Console::sign_in(&app.base, ours.admin.account(), ADMIN_PASSWORD).await;

        for id in [their_agent.id.as_str(), "99999999"] {
            let page = console.get(&format!("/console/agents/{id}")).await;
            page.assert_status(404);
            assert!(page.text.contains("客服不存在"));
            console.get(&format!("/console/agents/{id}/delete")).await.assert_status(404);
            console.post(&format!("/console/agents/{id}/visibility"), &[("isStat", "0")]).await.assert_status(404);
            console.post(&format!("/console/agents/{id}/delete"), &[]).await.assert_status(404);
            console.post(&format!("/console/agents/{id}"), &[("name", "x"), ("gnder", "1")]).await.assert_status(404);
            let presence = console.post(&format!("/console/presence/{id}"), &[("plate", "2"), ("state", "在线")]).await;
            presence.assert_status(404);
            assert!(presence.text.contains("该客服不存在"), "the API's 10011");
            console.post(&format!("/console/presence/{id}/permission"), &[("state", "1")]).await.assert_status(404);
            let shift = console
                .post("/console/schedules", &[("sid", id), ("date", &local_date(3)), ("start_time", "09:00"), ("end_time", "10:00")])
                .await;
            shift.assert_status(404);
            assert!(shift.text.contains("该客服不存在"));
            assert!(!console.get(&format!("/console/presence?agent={id}")).await.text.contains("外人"));
        }
        for id in [their_group.as_str(), "99999999"] {
            console.post(&format!("/console/groups/{id}"), &[("name", "改名")]).await.assert_status(404);
            console.get(&format!("/console/groups/{id}/delete")).await.assert_status(404);
        }
        console.post(&format!("/console/api-keys/{their_key}/revoke"), &[]).await.assert_status(404);

        // Nothing of theirs changed.
        let agent = theirs.admin.get(&format!("/api/v1/supports/{}.json", their_agent.id)).await;
        assert_eq!(agent.body["support"]["isStat"], "1");
        assert_eq!(agent.body["support"]["name"], "外人");
        let group = theirs.admin.get(&format!("/api/v1/supportgroups/{their_group}.json")).await;
        assert_eq!(group.body["supportgroup"]["name"], "他们的组");
        assert_eq!(theirs.admin.get("/api/v1/api_keys.json").await.body["count"], 1);
        assert!(!console.get("/console/agents?isStat=all").await.text.contains("外人"));
    }

    async fn values_are_escaped_everywhere(app) {
        let tenant = app.tenant().await;
        let evil = "<script>alert(1)</script>";
        let agent = tenant.agent(json!({"name": evil})).await;
        let group = tenant.group("<img src=x onerror=alert(2)>").await;
        tenant.admin.post("/api/v1/api_keys.json", json!({"api_key": {"name": "\"><script>alert(3)</script>"}})).await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        for path in [
            "/console/agents".to_owned(),
            format!("/console/agents/{}", agent.id),
            format!("/console/agents/{}/delete", agent.id),
            "/console/presence".to_owned(),
            "/console/schedules".to_owned(),
            "/console/groups".to_owned(),
            format!("/console/groups/{group}/delete"),
            "/console/api-keys".to_owned(),
            "/console/signins".to_owned(),
        ] {
            let page = console.get(&path).await;
            page.assert_status(200);
            assert!(!page.text.contains("<script>alert"), "{path} has raw script");
            assert!(!page.text.contains("<img src=x"), "{path} has a raw tag");
        }
        let list = console.get("/console/agents").await;
        assert!(list.text.contains(&escaped(evil)), "the name is shown as text");
        // A value typed into a form comes back escaped too.
        let echoed = console.post("/console/agents", &[("sPassportName", "\"><b>x"), ("sNum", "1"), ("gnder", "1")]).await;
        echoed.assert_status(400);
        assert!(!echoed.text.contains("\"><b>x") && echoed.text.contains("&quot;&gt;&lt;b&gt;x"));
    }

    async fn form_problems_are_the_apis_messages_next_to_their_fields(app) {
        let tenant = app.tenant().await;
        tenant
            .admin
            .post("/api/v1/support_fields.json", json!({"support_field": {"title": "工龄", "type": "integer", "required": "1"}}))
            .await
            .assert_status(200);
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let login = unique("form");
        let api = tenant
            .admin
            .post("/api/v1/supports.json", json!({"support": {
                "sPassportName": login, "sNum": "f-1", "mobile": "12345", "email": "not-an-email", "gnder": "1",
                "custom_fields": [{"key": "field_1", "value": "0"}]
            }}))
            .await;
        api.assert_status(400);
        let page = console
            .post("/console/agents", &[
                ("sPassportName", &login), ("sNum", "f-1"), ("mobile", "12345"), ("email", "not-an-email"),
                ("gnder", "1"), ("isAdmin", "0"), ("_cf", "1"), ("cf_1", "0"),
            ])
            .await;
        page.assert_status(400);
        // Each problem the API names sits next to its field, in Chinese (the API's English
        // stays the API's), and the field is marked invalid and points at it.
        for (field, id) in [("mobile", "f-mobile"), ("email", "f-email"), ("custom_fields.field_1", "f-cf_1")] {
            let message = api.body["errors"].as_array().and_then(|errors| {
                errors.iter().find(|e| e["field"] == field).and_then(|e| e["message"].as_str())
            });
            let message = escaped(message.unwrap_or_else(|| panic!("the API names {field}")));
            assert!(!page.text.contains(&message), "not the API's English {message:?}");
            let next_to = format!("<p class=\"field-error\" id=\"{id}-error\">");
            assert!(page.text.contains(&next_to), "{next_to}");
            assert!(page.text.contains(&format!("id=\"{id}\"")), "{id}");
            assert!(page.text.contains(&format!(" {id}-error\"")) || page.text.contains(&format!("\"{id}-error\"")), "{id}");
        }
        // What was typed is kept (except the password).
        assert_eq!(input_value(&page.text, "sPassportName").as_deref(), Some(login.as_str()));

        // A login that is taken: the API's 409, on the field.
        let taken = console.post("/console/agents", &[("sPassportName", tenant.admin.account()), ("sNum", "f-2"), ("gnder", "1"), ("isAdmin", "0"), ("_cf", "1"), ("cf_1", "3")]).await;
        taken.assert_status(409);
        assert!(taken.text.contains("f-sPassportName-error"));
    }

    async fn agents_are_created_hidden_restored_and_deleted(app) {
        let tenant = app.tenant().await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let group = tenant.group("售后组").await;
        let login = unique("life");
        let created = console
            .post("/console/agents", &[
                ("sPassportName", &login), ("sNum", "L-1"), ("name", "生命周期"), ("gnder", "2"),
                ("mobile", "13039209552"), ("isAdmin", "0"), ("groupId", &group), ("password", "a-password-1"),
            ])
            .await;
        created.assert_status(303);
        let id = created.location().trim_start_matches("/console/agents/").split('?').next().unwrap_or_default().to_owned();
        let shown = tenant.admin.get(&format!("/api/v1/supports/{id}.json")).await;
        shown.assert_status(200);
        assert_eq!(shown.body["support"]["groupId"], Value::from(group.clone()));
        assert_eq!(shown.body["support"]["gnder"], "2");
        // The password set in the console works on the API.
        app.session(&login, "a-password-1").get(&format!("/api/v1/supports/{id}.json")).await.assert_status(200);

        let hidden = console.post(&format!("/console/agents/{id}/visibility"), &[("isStat", "0"), ("back", "/console/agents?isStat=1")]).await;
        hidden.assert_status(303);
        assert_eq!(hidden.location(), "/console/agents?isStat=1&notice=hidden");
        assert!(console.get("/console/agents?isStat=0").await.text.contains(&login));
        assert!(!console.get("/console/agents?isStat=1").await.text.contains(&login));
        console.post(&format!("/console/agents/{id}/visibility"), &[("isStat", "1")]).await.assert_status(303);
        assert_eq!(tenant.admin.get(&format!("/api/v1/supports/{id}.json")).await.body["support"]["isStat"], "1");

        // The API's rule: the last administrator cannot be hidden.
        let last = console.post(&format!("/console/agents/{}/visibility", tenant.admin_id), &[("isStat", "0")]).await;
        last.assert_status(409);
        assert!(last.text.contains("最后一位在职管理员"), "the API's refusal, in Chinese");

        let confirm = console.get(&format!("/console/agents/{id}/delete")).await;
        confirm.assert_status(200);
        assert!(confirm.text.contains("确认删除"));
        console.post(&format!("/console/agents/{id}/delete"), &[]).await.assert_status(303);
        tenant.admin.get(&format!("/api/v1/supports/{id}.json")).await.assert_status(404);

        // Every console write is in the audit log, as API writes are.
        let audit = tenant.admin.get("/api/v1/audit_logs.json").await;
        let paths: Vec<&str> = audit.body["audit_logs"].as_array().expect("entries").iter().filter_map(|e| e["path"].as_str()).collect();
        for expected in ["/console/agents".to_owned(), format!("/console/agents/{id}/visibility"), format!("/console/agents/{id}/delete")] {
            assert!(paths.contains(&expected.as_str()), "{expected} in {paths:?}");
        }
    }

    async fn search_paging_and_sorting_use_the_apis_parameters(app) {
        let tenant = app.tenant().await;
        for i in 0..25 {
            tenant.agent(json!({"name": format!("搜索{i:02}")})).await;
        }
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let first = console.get("/console/agents?field=name&query=搜索").await;
        first.assert_status(200);
        assert!(first.text.contains("共 25 条") && first.text.contains("第 1 / 2 页"), "{}", first.text);
        let second = console.get("/console/agents?field=name&query=搜索&page=2").await;
        assert!(second.text.contains("第 2 / 2 页"));
        let newest = console.get("/console/agents?field=name&query=搜索&sort_by=createDT&sort_order=desc").await;
        let position = |page: &str, name: &str| page.find(name).unwrap_or(usize::MAX);
        assert!(position(&newest.text, "搜索24") < position(&newest.text, "搜索00"));
        // A search the API refuses is refused with its message.
        let typo = console.get("/console/agents?query=mobil:123").await;
        typo.assert_status(400);
        assert!(typo.text.contains("“mobil”不是可搜索的字段"), "{}", typo.text);
        console.get("/console/agents?sort_by=name").await.assert_status(400);
        console.get("/console/agents?per_page=1000").await.assert_status(400);
    }

    async fn presence_and_permission_follow_the_apis_rules(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"name": "值班"})).await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let set = console
            .post(&format!("/console/presence/{}", agent.id), &[("plate", "3"), ("state", "忙碌"), ("back", "/console/presence?plate=3")])
            .await;
        set.assert_status(303);
        assert_eq!(set.location(), "/console/presence?plate=3&notice=state");
        let api = tenant.admin.get(&format!("/api/v1/plate_service_state/{}.json?plate=3", agent.id)).await;
        assert_eq!(api.body["plate_service_state"]["state"], "忙碌");

        let live = console.get("/console/presence/live?plate=3").await;
        live.assert_status(200);
        let live: Value = serde_json::from_str(&live.text).expect("JSON");
        let entry = live["agents"].as_array().and_then(|a| a.iter().find(|e| e["sId"] == agent.id.as_str()).cloned());
        assert_eq!(entry.expect("the agent is on the board")["state"], "忙碌");

        // Turning the call center off puts the agent offline there (the API's rule)…
        console.post(&format!("/console/presence/{}/permission", agent.id), &[("state", "1")]).await.assert_status(303);
        let api = tenant.admin.get(&format!("/api/v1/plate_service_state/{}.json?plate=3", agent.id)).await;
        assert_eq!(api.body["plate_service_state"]["state"], "离线");
        // …and keeps it there, with the API's refusal.
        let refused = console.post(&format!("/console/presence/{}", agent.id), &[("plate", "3"), ("state", "在线")]).await;
        refused.assert_status(409);
        assert!(refused.text.contains("呼叫中心权限已关闭"), "the API's refusal, in Chinese");
        let unknown = console.post(&format!("/console/presence/{}", agent.id), &[("plate", "2"), ("state", "打盹")]).await;
        unknown.assert_status(400);
        assert!(unknown.text.contains("输入的客服状态在后台无匹配值"), "the API's 10013");
    }

    async fn shifts_are_created_edited_and_deleted_by_the_apis_rules(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({"name": "排班人"})).await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let day = local_date(2);
        let bad = console.post("/console/schedules", &[("sid", &agent.id), ("date", &day), ("start_time", "18:00"), ("end_time", "09:00")]).await;
        bad.assert_status(400);
        assert!(bad.text.contains("f-end_time-error") && bad.text.contains("结束时间须晚于开始时间"));
        let created = console
            .post("/console/schedules", &[("sid", &agent.id), ("date", &day), ("start_time", "09:00"), ("end_time", "18:00"), ("name", "早班"), ("view", "/console/schedules?")])
            .await;
        created.assert_status(303);
        let week = console.get(created.location()).await;
        assert!(week.text.contains("早班") && week.text.contains("09:00–18:00"), "{}", week.text);
        let listed = tenant.admin.get(&format!("/api/v1/schedules.json?startDT={day}&endDT={day}&sid={}", agent.id)).await;
        let duty = listed.body["data"]["duty"][0]["schedules"][0]["dutyId"].as_str().expect("a dutyId").to_owned();

        console.get(&format!("/console/schedules/{duty}/edit")).await.assert_status(200);
        console.post(&format!("/console/schedules/{duty}"), &[("start_time", "10:00"), ("end_time", "24:00"), ("name", "晚班")]).await.assert_status(303);
        let listed = tenant.admin.get(&format!("/api/v1/schedules.json?startDT={day}&endDT={day}&sid={}", agent.id)).await;
        assert_eq!(listed.body["data"]["duty"][0]["schedules"][0]["end_time"], "24:00");
        console.post(&format!("/console/schedules/{duty}/delete"), &[]).await.assert_status(303);
        console.get(&format!("/console/schedules/{duty}/edit")).await.assert_status(404);

        // A shift that has started stays.
        let today = local_date(0);
        tenant.admin.post("/api/v1/schedules.json", json!({"duty": [{"sid": agent.id, "date": today, "schedules": [{"start_time": "00:00", "end_time": "24:00"}]}]})).await.assert_status(200);
        let listed = tenant.admin.get(&format!("/api/v1/schedules.json?startDT={today}&endDT={today}&sid={}", agent.id)).await;
        let started = listed.body["data"]["duty"][0]["schedules"][0]["dutyId"].as_str().expect("a dutyId").to_owned();
        let refused = console.post(&format!("/console/schedules/{started}/delete"), &[]).await;
        refused.assert_status(409);
        assert!(refused.text.contains("不能再删除"));
    }

    async fn api_keys_show_their_secret_once(app) {
        let tenant = app.tenant().await;
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let created = console.post("/console/api-keys", &[("name", "CRM 同步")]).await;
        created.assert_status(303);
        // The page the browser is sent to, with the cookie carrying the new secret.
        let carried = created.set_cookie("kefu_console_new_key").expect("the secret's cookie");
        let cookies = format!(
            "kefu_console={}; kefu_console_new_key={}",
            console.session.clone().unwrap_or_default(),
            crate::support::console::cookie_value(&carried)
        );
        let shown = console.get_with(created.location(), &[("Cookie", &cookies)]).await;
        shown.assert_status(200);
        let secret_marker = "<code id=\"new-secret\">";
        let start = shown.text.find(secret_marker).expect("the secret is shown") + secret_marker.len();
        let secret = shown.text[start..start + 64].to_owned();
        assert!(secret.bytes().all(|b| b.is_ascii_hexdigit()), "{secret}");
        let listed = console.get("/console/api-keys").await;
        assert!(listed.text.contains("CRM 同步") && !listed.text.contains(&secret), "never shown again");

        let key = tenant.admin.get("/api/v1/api_keys.json").await;
        let id = key.body["api_keys"][0]["id"].as_str().expect("an id").to_owned();
        console.post("/console/api-keys", &[("name", "")]).await.assert_status(400);
        console.post(&format!("/console/api-keys/{id}/revoke"), &[]).await.assert_status(303);
        assert_eq!(tenant.admin.get("/api/v1/api_keys.json").await.body["count"], 0);
    }

    async fn group_pickers_offer_every_group(app) {
        let tenant = app.tenant().await;
        // More groups than any one page of the API holds; the last one created after all
        // the others, so it has the highest id.
        let mut created = tokio::task::JoinSet::new();
        for n in 0..1000 {
            let admin = tenant.admin.clone();
            created.spawn(async move {
                admin.post("/api/v1/supportgroups.json", json!({"supportgroup": {"name": format!("组{n:04}")}})).await
            });
            if created.len() >= 16 {
                created.join_next().await.expect("task").expect("task").assert_status(200);
            }
        }
        while let Some(done) = created.join_next().await {
            done.expect("task").assert_status(200);
        }
        let last = tenant.admin.post("/api/v1/supportgroups.json", json!({"supportgroup": {"name": "组1000"}})).await;
        last.assert_status(200);
        let last = last.body["supportgroup"]["groupId"].as_str().expect("an id").to_owned();
        tenant.agent(json!({"name": "末组成员", "groupId": last})).await;

        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        for path in ["/console/agents/new", "/console/presence", "/console/schedules"] {
            let page = console.get(path).await;
            page.assert_status(200);
            assert!(page.text.contains("组0000") && page.text.contains("组1000"), "{path} offers every group");
        }
        let list = console.get("/console/agents").await;
        assert!(list.text.contains("组1000"), "the agent's group is shown by name");
    }
}
