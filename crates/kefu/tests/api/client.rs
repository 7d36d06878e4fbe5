//! `kefu-client` against the real server: every resource through the typed client, the
//! paging helpers followed to the end (lists that end with `null` and those that end with
//! `""`), and failures surfacing as typed errors with the API's status, code and message.

use std::collections::BTreeMap;

use kefu_api::ErrorCode;
use kefu_client::{
    AgentFields, AgentListQuery, AgentSearchQuery, AuditQuery, Auth, Client, Error, HistoryQuery, NewDuty, NewSignIn,
    PageQuery, ScheduleFields, SignInQuery, SupportFieldInput, Visibility,
};
use kefu_server::Config;
use serde_json::json;

use crate::backend_tests;
use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD, Tenant, TestApp, unique};

fn admin(app: &TestApp, tenant: &Tenant) -> Client {
    Client::basic(&app.base, tenant.admin.account(), ADMIN_PASSWORD).expect("a client")
}

/// The API's error inside `result`, or a panic naming what came instead.
#[track_caller]
fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> kefu_client::ApiError {
    match result {
        Err(Error::Api(error)) => error,
        other => panic!("expected the API's error, got {other:?}"),
    }
}

backend_tests! {
    async fn customers_through_the_client(app) {
        let tenant = app.tenant().await;
        let client = admin(app, &tenant);
        let group = client.customer_groups().create("大客户", "1").await.expect("a company group");
        let fields = kefu_api::CompanyFields {
            company_name: Some("北京网康科技有限公司".into()),
            user_group: Some(group.group_id.clone()),
            ..Default::default()
        };
        let company = client.companies().create(&fields).await.expect("a company");
        assert_eq!(company.user_group, group.group_id);
        let user = kefu_api::UserInput {
            mobile: Some("13039209552".into()),
            company_id: Some(company.u_id.clone()),
            unique_ids: Some(vec![kefu_api::UniqueId { unique_id: "wx_1".into(), note: "微信".into() }]),
            ..Default::default()
        };
        let created = client.contacts_v2().create(&user).await.expect("a contact");
        assert_eq!(created.unique_ids.as_deref().map(<[_]>::len), Some(1));
        let old = client.contacts().show(&created.c_id).await.expect("shown");
        assert_eq!(old.unique_id.as_deref(), Some("wx_1"));
        assert_eq!(client.contacts().list(PageQuery::default()).await.expect("list").count, 1);
        let found = client.contacts().search("mobile:13039209552", PageQuery::default()).await.expect("search");
        assert_eq!(found.count, "1");
        assert_eq!(client.companies().contacts(&company.u_id, PageQuery::default()).await.expect("contacts").count, 1);
        assert!(client.contacts().fields().await.expect("fields").is_empty());
        let error = api_error(client.contacts().create(&kefu_api::UserInput::default()).await);
        assert_eq!(error.status, 400);
        client.contacts().delete(&created.c_id).await.expect("deleted");
        client.customer_groups().delete(&group.group_id).await.expect("group deleted");
    }

    async fn agents_create_show_update_list_search_hide_delete(app) {
        let tenant = app.tenant().await;
        let client = admin(app, &tenant);
        let group = client.groups().create("售后组").await.expect("a group");

        let login = unique("zhang");
        let created = client
            .agents()
            .create(
                &AgentFields::new(&login, unique("n"))
                    .name("张三")
                    .gnder("2")
                    .mobile("13039209552")
                    .groups(&group.group_id),
            )
            .await
            .expect("created");
        assert_eq!((created.passport_name.as_str(), created.name.as_str()), (login.as_str(), "张三"));
        assert_eq!((created.gnder.as_str(), created.group_id.as_str()), ("2", group.group_id.as_str()));
        assert_eq!(client.agents().show(&created.s_id).await.expect("shown"), created);

        let updated = client
            .agents()
            .update(&created.s_id, &AgentFields { email: Some("z@example.com".into()), ..AgentFields::default() })
            .await
            .expect("updated");
        assert_eq!((updated.email.as_str(), updated.name.as_str()), ("z@example.com", "张三"), "only email changed");

        // Five more named 李…, so that pages of two need following.
        for i in 0..5 {
            client.agents().create(&AgentFields::new(unique("li"), unique("n")).name(format!("李{i}"))).await.expect("agent");
        }
        let query = AgentListQuery { per_page: Some(2), ..AgentListQuery::default() };
        let first = client.agents().list(&query).await.expect("page 1");
        assert_eq!((first.supports.len(), first.count), (2, 7), "the admin, 张三 and five 李");
        assert!(first.next_page.is_some() && first.previous_page.is_none());
        let all = client.agents().list_all(&query).await.expect("every page");
        let mut ids: Vec<u64> = all.iter().map(|a| a.s_id.parse().expect("numeric sId")).collect();
        assert_eq!(ids.len(), 7);
        ids.dedup();
        assert_eq!(ids.len(), 7, "no agent twice across pages");

        // The search ends its pages with "" rather than null.
        let search = AgentSearchQuery { per_page: Some(2), ..AgentSearchQuery::new("name:李") };
        let page = client.agents().search(&search).await.expect("search");
        assert_eq!((page.count.as_str(), page.previous_page.as_str()), ("5", ""));
        let found = client.agents().search_all(&search).await.expect("every page of the search");
        assert_eq!(found.len(), 5);
        assert!(found.iter().all(|a| a.name.starts_with('李')));

        let many = client.agents().show_many([&created.s_id, &tenant.admin_id, &"999999".to_owned()]).await.expect("many");
        assert_eq!(many.iter().map(|a| a.s_id.as_str()).collect::<Vec<_>>(), [created.s_id.as_str(), tenant.admin_id.as_str()]);

        let hidden = client.agents().hide(&created.s_id).await.expect("hidden");
        assert_eq!(hidden.is_stat, "0");
        let bin = AgentListQuery { status: Some(Visibility::RecycleBin), ..AgentListQuery::default() };
        assert_eq!(client.agents().list_all(&bin).await.expect("recycle bin").len(), 1);
        assert_eq!(client.agents().restore(&created.s_id).await.expect("restored").is_stat, "1");

        let deleted = client.agents().delete(&created.s_id).await.expect("deleted");
        assert_eq!(deleted.s_id, created.s_id);
        let gone = api_error(client.agents().show(&created.s_id).await);
        assert_eq!((gone.status, gone.kind()), (404, Some(ErrorCode::NotFound)));
        assert!(gone.message().contains(&format!("no agent with sId {}", created.s_id)), "{gone}");
    }

    async fn agent_validation_and_conflicts_are_typed(app) {
        let tenant = app.tenant().await;
        let client = admin(app, &tenant);
        let bad = api_error(
            client.agents().create(&AgentFields::new(unique("x"), unique("n")).gnder("3").email("nope")).await,
        );
        assert_eq!((bad.status, bad.kind(), bad.code()), (400, Some(ErrorCode::InvalidRequest), None));
        let fields: Vec<&str> = bad.errors().iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["gnder", "email"], "{bad}");

        let taken = tenant.admin.account().to_owned();
        let conflict = api_error(client.agents().create(&AgentFields::new(taken, unique("n"))).await);
        assert_eq!((conflict.status, conflict.kind()), (409, Some(ErrorCode::Conflict)));

        // An agent may read but not list.
        let agent = tenant.agent(json!({})).await;
        let as_agent = Client::basic(&app.base, &agent.account, AGENT_PASSWORD).expect("client");
        assert_eq!(as_agent.agents().show(&agent.id).await.expect("own record").s_id, agent.id);
        let refused = api_error(as_agent.agents().list(&AgentListQuery::default()).await);
        assert_eq!((refused.status, refused.kind()), (403, Some(ErrorCode::Forbidden)));
        let wrong = Client::basic(&app.base, &agent.account, "wrong-password").expect("client");
        assert_eq!(api_error(wrong.agents().show(&agent.id).await).status, 401);
    }

    async fn groups_and_custom_fields(app) {
        let tenant = app.tenant().await;
        let client = admin(app, &tenant);
        for name in ["一组", "二组", "三组"] {
            client.groups().create(name).await.expect("group");
        }
        let page = client.groups().list(PageQuery { per_page: Some(2), page: None }).await.expect("page");
        assert_eq!((page.supportgroups.len(), page.count), (2, 3));
        let all = client.groups().list_all().await.expect("all groups");
        assert_eq!(all.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["一组", "二组", "三组"]);
        let renamed = client.groups().rename(&all[0].group_id, "甲组").await.expect("renamed");
        assert_eq!(client.groups().show(&all[0].group_id).await.expect("shown"), renamed);
        assert_eq!(api_error(client.groups().create("二组").await).status, 409);
        client.groups().delete(&all[2].group_id).await.expect("deleted");
        assert_eq!(api_error(client.groups().show(&all[2].group_id).await).status, 404);

        let level = client
            .fields()
            .create(&SupportFieldInput {
                options: Some(vec!["初级".into(), "高级".into()]),
                ..SupportFieldInput::new("级别", "dropdown")
            })
            .await
            .expect("a field");
        assert_eq!((level.field_type.as_str(), level.required.as_str()), ("dropdown", "0"));
        let agent = client
            .agents()
            .create(&AgentFields::new(unique("f"), unique("n")).custom_field(&level.key, json!("高级")))
            .await
            .expect("agent with a value");
        assert_eq!(agent.custom_fields[0].value, json!("高级"));
        let refused = api_error(
            client.agents().update(&agent.s_id, &AgentFields::default().custom_field(&level.key, json!("特级"))).await,
        );
        assert_eq!(refused.errors()[0].field, format!("custom_fields.{}", level.key));
        let changed = client
            .fields()
            .update(&level.key, &SupportFieldInput { title: Some("职级".into()), ..SupportFieldInput::default() })
            .await
            .expect("renamed field");
        assert_eq!(client.fields().list().await.expect("fields"), std::slice::from_ref(&changed));
        assert_eq!(client.fields().show(&level.key).await.expect("field"), changed);
        client.fields().delete(&level.key).await.expect("deleted");
        assert!(client.fields().list().await.expect("fields").is_empty());
    }

    async fn company_and_contact_field_definitions(app) {
        let tenant = app.tenant().await;
        let client = admin(app, &tenant);
        let input = SupportFieldInput {
            options: Some(vec!["金".into(), "银".into()]),
            required: Some("1".into()),
            ..SupportFieldInput::new("级别", "dropdown")
        };
        let level = client.company_fields().create(&input).await.expect("a company field");
        assert_eq!((level.key.as_str(), level.field_type.as_str(), level.is_required.as_str()), ("field_1", "1", "0"));
        assert_eq!(level.custom_field_options.iter().map(|o| o.value.as_str()).collect::<Vec<_>>(), ["金", "银"]);
        let code = SupportFieldInput { pattern: Some("[A-Z]{2}".into()), ..SupportFieldInput::new("编码", "regexp") };
        let code = client.contact_fields().create(&code).await.expect("a contact field");
        assert_eq!((code.key.as_str(), code.pattern.as_deref()), ("field_1", Some("[A-Z]{2}")), "keys are per kind");
        assert_eq!(client.contacts().fields().await.expect("contact fields"), std::slice::from_ref(&code));

        let renamed = SupportFieldInput { title: Some("客户级别".into()), ..SupportFieldInput::default() };
        let renamed = client.company_fields().update(&level.key, &renamed).await.expect("renamed");
        assert_eq!(renamed.name, "客户级别");
        assert_eq!(client.company_fields().list().await.expect("company fields"), std::slice::from_ref(&renamed));
        let company = kefu_api::CompanyFields { company_name: Some("网康".into()), ..Default::default() };
        let refused = api_error(client.companies().create(&company).await);
        assert_eq!(refused.errors()[0].field, "custom_fields.field_1", "the field is required");

        let bad = SupportFieldInput::new("", "dropdown");
        assert_eq!(api_error(client.contact_fields().create(&bad).await).status, 400);
        assert_eq!(api_error(client.contact_fields().delete("field_9").await).status, 404);
        assert_eq!(client.company_fields().delete(&level.key).await.expect("deleted"), renamed);
        client.contact_fields().delete(&code.key).await.expect("deleted");
        assert!(client.company_fields().list().await.expect("none left").is_empty());
    }

    async fn presence_history_states_and_coded_errors(app) {
        let tenant = app.tenant().await;
        let client = admin(app, &tenant);
        let agent = tenant.agent(json!({})).await;
        assert_eq!(client.presence().show(&agent.id, "2").await.expect("state").state, "离线");
        for state in ["在线", "忙碌", "离开", "在线"] {
            assert_eq!(client.presence().set(&agent.id, "2", state).await.expect("set").state, state);
        }
        let query = HistoryQuery { per_page: Some(3), ..HistoryQuery::default() };
        let first = client.presence().history(&agent.id, &query).await.expect("history");
        assert_eq!((first.count, first.plate_service_state_history.len()), (4, 3));
        let changes = client.presence().history_all(&agent.id, &query).await.expect("all changes");
        let path: Vec<&str> = changes.iter().map(|c| c.to.as_str()).collect();
        assert_eq!(path, ["在线", "忙碌", "离开", "在线"]);

        let mut lists = BTreeMap::new();
        lists.insert("1".to_owned(), vec!["在线".to_owned(), "开会".to_owned(), "离线".to_owned()]);
        let replaced = client.presence().replace_states(&lists).await.expect("replaced");
        assert_eq!(replaced["1"], lists["1"]);
        assert_eq!(client.presence().states().await.expect("states"), replaced);

        // The seed's coded errors, as typed errors.
        let unknown = api_error(client.presence().show("999999", "1").await);
        assert_eq!((unknown.status, unknown.code(), unknown.message()), (404, Some("10011"), "该客服不存在"));
        assert_eq!(unknown.kind(), Some(ErrorCode::AgentNotFound));
        let plate = api_error(client.presence().set(&agent.id, "4", "在线").await);
        assert_eq!((plate.code(), plate.kind()), (Some("10012"), Some(ErrorCode::InvalidPlate)));
        let state = client.presence().set(&agent.id, "2", "开会").await.expect_err("not a state of plate 2");
        assert_eq!((state.status(), state.code()), (Some(400), Some("10013")));
        assert!(state.to_string().contains("code 10013"), "{state}");
    }

    async fn permissions(app) {
        let tenant = app.tenant().await;
        let client = admin(app, &tenant);
        let agent = tenant.agent(json!({})).await;
        let before = client.permissions().show(&agent.id).await.expect("permissions");
        assert_eq!((before[0].m_type.as_str(), before[0].state.as_str()), ("4", "0"));
        let off = client.permissions().set(&agent.id, "4", "1").await.expect("set");
        assert_eq!((off.s_id.as_str(), off.state.as_str()), (agent.id.as_str(), "1"));
        assert_eq!(client.permissions().show(&agent.id).await.expect("permissions"), [off]);
        let unknown = api_error(client.permissions().show("999999").await);
        assert_eq!((unknown.status, unknown.message(), unknown.code()), (403, "The sId does not exist", None));
    }

    async fn signins_pages_end_with_empty_strings(app) {
        let tenant = app.tenant().await;
        let client = admin(app, &tenant);
        let agent = tenant.agent(json!({"name": "外勤"})).await;
        let as_agent = client.with_auth(Auth::Basic { account: agent.account.clone(), password: AGENT_PASSWORD.into() });
        for minute in 0..3 {
            let created = as_agent
                .signins()
                .create(&NewSignIn {
                    remark: Some("拜访客户".into()),
                    attachments: Vec::new(),
                    tags: vec!["外勤".into()],
                    checkin_time: format!("2024-05-01 09:0{minute}:00"),
                    current: kefu_api::SignInPlace {
                        address: "北京市东城区".into(),
                        landmark: "天安门".into(),
                        latitude: "39.9".into(),
                        longitude: "116.4".into(),
                    },
                })
                .await
                .expect("signed in");
            assert_eq!((created.name.as_str(), created.current.landmark.as_str()), ("外勤", "天安门"));
        }
        let query = SignInQuery { s_id: Some(agent.id.clone()), per_page: Some(2), ..SignInQuery::default() };
        let first = client.signins().list(&query).await.expect("page 1");
        assert_eq!((first.data.count, first.data.previous_page.as_str()), (3, ""));
        let all = client.signins().list_all(&query).await.expect("every page");
        let times: Vec<&str> = all.iter().map(|s| s.checkin_time.as_str()).collect();
        assert_eq!(times, ["2024-05-01 09:00:00", "2024-05-01 09:01:00", "2024-05-01 09:02:00"]);
        let unknown = SignInQuery { s_id: Some("999999".into()), ..SignInQuery::default() };
        assert_eq!(client.signins().list(&unknown).await.expect_err("unknown agent").code(), Some("10011"));
    }

    async fn schedules(app) {
        let tenant = app.tenant().await;
        let client = admin(app, &tenant);
        let agent = tenant.agent(json!({})).await;
        let created = client
            .schedules()
            .create(&[NewDuty {
                sid: agent.id.clone(),
                date: "2099-06-01".into(),
                schedules: vec![
                    ScheduleFields { name: Some("早班".into()), ..ScheduleFields::new("09:00", "12:00") },
                    ScheduleFields::new("13:00", "18:00"),
                ],
            }])
            .await
            .expect("created");
        assert_eq!(created[0].schedules.len(), 2);
        let listed = client.schedules().list("2099-06-01", "2099-06-30", Some(&agent.id)).await.expect("listed");
        assert_eq!(listed[0].schedules.iter().map(|s| s.start_time.as_str()).collect::<Vec<_>>(), ["09:00", "13:00"]);
        let duty_id = listed[0].schedules[0].duty_id.clone();
        let changed = client
            .schedules()
            .update(&duty_id, &ScheduleFields { remark: Some("提前".into()), ..ScheduleFields::new("08:30", "12:00") })
            .await
            .expect("updated");
        assert_eq!(changed.schedules[0].start_time, "08:30");
        assert_eq!(changed.schedules[0].remark.as_deref(), Some("提前"));
        assert_eq!(client.schedules().delete(&duty_id).await.expect("deleted").schedules[0].duty_id, duty_id);
        assert_eq!(api_error(client.schedules().delete(&duty_id).await).status, 404);
        let unknown = NewDuty { sid: "999999".into(), date: "2099-06-01".into(), schedules: vec![ScheduleFields::new("09:00", "10:00")] };
        assert_eq!(client.schedules().create(&[unknown]).await.expect_err("unknown agent").code(), Some("10011"));
    }

    async fn api_keys_tokens_and_audit(app) {
        let tenant = app.tenant().await;
        let client = admin(app, &tenant);
        let key = client.api_keys().create("同步").await.expect("key");
        let secret = key.secret.clone().expect("the secret, once");
        let listed = client.api_keys().list_all().await.expect("keys");
        assert_eq!((listed.len(), listed[0].secret.as_deref()), (1, None));

        let bearer = Client::from_api_key(&app.base, &key.secret_id, &secret).await.expect("a token");
        assert!(matches!(bearer.auth(), Auth::Bearer(token) if token.len() == 40));
        assert_eq!(bearer.agents().list_all(&AgentListQuery::default()).await.expect("agents").len(), 1);

        let anonymous = Client::new(&app.base, Auth::None).expect("client");
        match anonymous.token(&key.secret_id, "wrong").await {
            Err(Error::OAuth(failure)) => {
                assert_eq!((failure.status, failure.body.error.as_str()), (401, "invalid_client"));
                assert_eq!(failure.body.error_description, "The client credentials are invalid");
            }
            other => panic!("expected invalid_client, got {other:?}"),
        }
        client.api_keys().revoke(&key.id).await.expect("revoked");
        assert_eq!(api_error(bearer.agents().list(&AgentListQuery::default()).await).status, 401);

        // Two writes so far (key created, key revoked), and the token request.
        let query = AuditQuery { per_page: Some(1), ..AuditQuery::default() };
        let first = client.audit().list(&query).await.expect("audit");
        let all = client.audit().list_all(&query).await.expect("whole audit log");
        assert_eq!(all.len() as u64, first.count);
        assert!(all.iter().any(|entry| entry.method == "DELETE" && entry.path.contains("/api/v1/api_keys/")), "{all:?}");
    }

    async fn health_needs_no_credentials(app) {
        let client = Client::new(&app.base, Auth::None).expect("client");
        assert_eq!(client.healthz().await.expect("healthz").status, "ok");
        assert_eq!(client.readyz().await.expect("readyz").status, "ok");
        let refused = api_error(client.agents().list(&AgentListQuery::default()).await);
        assert_eq!((refused.status, refused.kind()), (401, Some(ErrorCode::Unauthenticated)));
    }
}

/// Behind a proxy, `next_page` names the public URL. The client follows the link's path on
/// its own server, so paging works and credentials never go elsewhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_links_are_followed_on_the_clients_own_server() {
    let config = Config { public_url: Some("https://kefu.example.invalid".into()), ..Config::default() };
    let app = TestApp::spawn_with(kefu_store::Backend::Sqlite, config).await.expect("SQLite");
    let tenant = app.tenant().await;
    let client = admin(&app, &tenant);
    for _ in 0..4 {
        tenant.agent(json!({})).await;
    }
    let query = AgentListQuery { per_page: Some(2), ..AgentListQuery::default() };
    let first = client.agents().list(&query).await.expect("page 1");
    assert!(first.next_page.as_deref().is_some_and(|link| link.starts_with("https://kefu.example.invalid/")));
    assert_eq!(client.agents().list_all(&query).await.expect("every page").len(), 5);
    let prefixed = Client::basic(&format!("{}/", app.base), tenant.admin.account(), ADMIN_PASSWORD).expect("client");
    assert_eq!(prefixed.agents().list_all(&query).await.expect("a trailing slash is fine").len(), 5);
    app.finish().await;
}
