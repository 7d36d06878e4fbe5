//! Schedules (排班): the seed's four curl examples, validation naming the entry,
//! all-or-nothing batches, concurrent creation, deletion rules, tenant isolation.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::{ADMIN_PASSWORD, Session};

const PATH: &str = "/api/v1/schedules.json";
const JSON: [(&str, &str); 1] = [("Content-Type", "application/json")];

/// A date `days` days from today in the tenants' zone (Asia/Shanghai), `YYYY-MM-DD`.
fn local_date(days: i64) -> String {
    let zone = kefu_domain::time::parse_time_zone(kefu_domain::time::DEFAULT_TIME_ZONE).expect("zone");
    let mut date = kefu_domain::schedule::LocalNow::at(kefu_domain::time::now_micros(), &zone).date.date();
    for _ in 0..days.abs() {
        date = if days > 0 { date.tomorrow() } else { date.yesterday() }.expect("a date");
    }
    date.to_string()
}

/// The seed's POST body, character for character — including the stray `}` after the
/// last `]` — with its sids replaced by this tenant's agents.
fn seed_post_text(first: &str, second: &str) -> String {
    r#"{
"duty":[
{
"sid":"5675570",
"date":"2023-11-07",
"schedules":[
{
"name":"周三15:00-16:00",
"remark":"备注备注一些东西",
"start_time":"15:00",
"end_time":"16:00",
"url":"http://www.baidu.com"
}
]
},
{
"sid":"2235666",
"date":"2023-11-07",
"schedules":[
{
"name":"是个名",
"remark":"备注备注一些东西",
"start_time":"15:00",
"end_time":"16:00"
},
{
"name":"周三18:00-19:00",
"start_time":"15:00",
"end_time":"16:00"
}
]
}
]
}}"#
    .replace("5675570", first)
    .replace("2235666", second)
}

/// One entry with one schedule.
fn entry(sid: &str, date: &str, start: &str, end: &str) -> Value {
    json!({"sid": sid, "date": date, "schedules": [{"name": "班", "start_time": start, "end_time": end}]})
}

async fn create(session: &Session, duty: Value) -> Value {
    let reply = session.post(PATH, json!({"duty": duty})).await;
    reply.assert_status(200);
    reply.body["data"]["duty"].clone()
}

/// The dutyId of the first schedule of the first entry of a POST answer.
fn first_id(created: &Value) -> String {
    created[0]["schedules"][0]["dutyId"].as_str().expect("dutyId").to_owned()
}

async fn month(session: &Session, first: &str, last: &str) -> Value {
    let reply = session.get(&format!("{PATH}?startDT={first}&endDT={last}")).await;
    reply.assert_status(200);
    reply.body["data"]["duty"].clone()
}

fn error_fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errors| errors.iter().filter_map(|e| e["field"].as_str()).map(str::to_owned).collect())
        .unwrap_or_default()
}

backend_tests! {
    /// `curl --request POST '…/api/v1/schedules.json' --data-raw '{"duty":[…]}}'`: the
    /// seed's text has one `}` too many, which is malformed JSON; without it, the seed's
    /// answer.
    async fn post_example(app) {
        let tenant = app.tenant().await;
        let (a, b) = (tenant.agent(json!({})).await, tenant.agent(json!({})).await);
        let verbatim = seed_post_text(&a.id, &b.id);
        let reply = tenant.admin.send(Method::POST, PATH, Some(verbatim.clone()), &JSON).await;
        reply.assert_error(400, "malformed JSON");
        assert_eq!(month(&tenant.admin, "2023-11-01", "2023-11-30").await, json!([]));

        let fixed = verbatim.trim_end().strip_suffix('}').expect("the stray brace").to_owned();
        let reply = tenant.admin.send(Method::POST, PATH, Some(fixed), &JSON).await;
        reply.assert_status(200);
        assert_eq!(reply.body["code"], "0");
        assert_eq!(reply.body["message"], "success");
        let duty = &reply.body["data"]["duty"];
        let ids: Vec<String> = [&duty[0]["schedules"][0], &duty[1]["schedules"][0], &duty[1]["schedules"][1]]
            .iter().map(|s| s["dutyId"].as_str().unwrap_or_default().to_owned()).collect();
        assert!(ids[0].starts_with(&format!("{}_2023-11-07_", a.id)), "{ids:?}");
        assert!(ids[1].starts_with(&format!("{}_2023-11-07_", b.id)), "{ids:?}");
        let numbers: Vec<u64> = ids.iter().map(|id| id.rsplit('_').next().unwrap_or("").parse().expect("n")).collect();
        assert!(numbers[0] < numbers[1] && numbers[1] < numbers[2], "{numbers:?}");
        assert_eq!(reply.body["data"], json!({"duty": [
            {"sid": a.id, "date": "2023-11-07", "schedules": [
                {"dutyId": ids[0], "name": "周三15:00-16:00", "remark": "备注备注一些东西", "start_time": "15:00", "end_time": "16:00", "url": "http://www.baidu.com"}
            ]},
            {"sid": b.id, "date": "2023-11-07", "schedules": [
                {"dutyId": ids[1], "name": "是个名", "remark": "备注备注一些东西", "start_time": "15:00", "end_time": "16:00"},
                {"dutyId": ids[2], "name": "周三18:00-19:00", "start_time": "15:00", "end_time": "16:00"}
            ]}
        ]}));
    }

    /// `curl '…/api/v1/schedules.json?startDT=2023-12-01&endDT=2023-12-31'`
    async fn get_example(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let created = create(&tenant.admin, json!([{"sid": agent.id, "date": "2023-12-04", "schedules": [
            {"name": "测试排班修改接口", "remark": "测试修改", "start_time": "12:01", "end_time": "18:01"}
        ]}])).await;
        let id = first_id(&created);
        let reply = tenant.admin.get(&format!("{PATH}?startDT=2023-12-01&endDT=2023-12-31")).await;
        reply.assert_status(200);
        assert_eq!(reply.body, json!({"code": "0", "message": "ok", "data": {"duty": [
            {"sid": agent.id, "date": "2023-12-04", "schedules": [
                {"dutyId": id, "name": "测试排班修改接口", "remark": "测试修改", "start_time": "12:01", "end_time": "18:01", "status": "1"}
            ]}
        ]}}));
    }

    /// `curl --request PUT '…/api/v1/schedules.json?dutyId=10591_2023-12-04_656d4229600fa' --data '{"duty":{…}}'`
    async fn put_example(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let body = json!({"duty": {
            "name": "周三15:00-16:00", "remark": "备注备注一些东西",
            "start_time": "15:00", "end_time": "16:00", "url": "http://www.baidu.com"
        }});
        // The seed's own dutyId was issued by the hosted service, not by this server.
        let seed = tenant.admin.send(Method::PUT, &format!("{PATH}?dutyId=10591_2023-12-04_656d4229600fa"), Some(body.to_string()), &JSON).await;
        seed.assert_error(404, "no schedule");

        let created = create(&tenant.admin, json!([{"sid": agent.id, "date": "2023-12-04", "schedules": [
            {"name": "测试排班修改接口", "remark": "测试修改", "start_time": "12:01", "end_time": "18:01"}
        ]}])).await;
        let id = first_id(&created);
        let reply = tenant.admin.send(Method::PUT, &format!("{PATH}?dutyId={id}"), Some(body.to_string()), &JSON).await;
        reply.assert_status(200);
        assert_eq!(reply.body, json!({"code": "0", "message": "ok", "data": {"duty": {
            "sid": agent.id, "date": "2023-12-04", "schedules": [
                {"dutyId": id, "name": "周三15:00-16:00", "remark": "备注备注一些东西", "start_time": "15:00", "end_time": "16:00", "status": "1", "url": "http://www.baidu.com"}
            ]
        }}}));
        let listed = month(&tenant.admin, "2023-12-01", "2023-12-31").await;
        assert_eq!(listed[0]["schedules"][0]["start_time"], "15:00");
    }

    /// `curl --request DELETE '…/api/v1/schedules.json?dutyId=10591_2023-12-04_656d4229600fa'`
    async fn delete_example(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        tenant.admin.delete(&format!("{PATH}?dutyId=10591_2023-12-04_656d4229600fa")).await.assert_error(404, "no schedule");

        let date = local_date(1);
        let created = create(&tenant.admin, json!([{"sid": agent.id, "date": date, "schedules": [
            {"name": "测试排班修改接口", "remark": "测试修改", "start_time": "12:01", "end_time": "18:01"}
        ]}])).await;
        let id = first_id(&created);
        let reply = tenant.admin.delete(&format!("{PATH}?dutyId={id}")).await;
        reply.assert_status(200);
        assert_eq!(reply.body, json!({"code": "0", "message": "ok", "data": {"duty": {
            "sid": agent.id, "date": date, "schedules": [
                {"dutyId": id, "name": "测试排班修改接口", "remark": "测试修改", "start_time": "12:01", "end_time": "18:01", "status": "1"}
            ]
        }}}));
        assert_eq!(month(&tenant.admin, &date, &date).await, json!([]));
        tenant.admin.delete(&format!("{PATH}?dutyId={id}")).await.assert_error(404, "no schedule");
    }

    async fn started_schedules_cannot_be_deleted(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        for (date, start) in [("2023-12-04".to_owned(), "12:01"), (local_date(-1), "23:00"), (local_date(0), "00:00")] {
            let created = create(&tenant.admin, json!([entry(&agent.id, &date, start, "24:00")])).await;
            let id = first_id(&created);
            let reply = tenant.admin.delete(&format!("{PATH}?dutyId={id}")).await;
            reply.assert_error(409, "can no longer be deleted");
            assert!(reply.body["message"].as_str().unwrap_or("").contains(&format!("{date} {start} (Asia/Shanghai)")));
            assert_eq!(month(&tenant.admin, &date, &date).await[0]["schedules"][0]["dutyId"], json!(id), "still there");
        }
    }

    async fn validation_names_the_entry(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let ok = entry(&agent.id, "2023-11-07", "09:00", "18:00");
        let with_schedule = |schedule: Value| json!({"sid": agent.id, "date": "2023-11-07", "schedules": [schedule]});
        let cases = [
            (json!([ok, with_schedule(json!({"name": "班".repeat(31), "start_time": "09:00", "end_time": "10:00"}))]), "duty[1].schedules[0].name"),
            (json!([ok, with_schedule(json!({"start_time": "9:00", "end_time": "10:00"}))]), "duty[1].schedules[0].start_time"),
            (json!([ok, with_schedule(json!({"start_time": "09:00", "end_time": "10:00:00"}))]), "duty[1].schedules[0].end_time"),
            (json!([ok, with_schedule(json!({"start_time": "18:00", "end_time": "09:00"}))]), "duty[1].schedules[0].end_time"),
            (json!([ok, with_schedule(json!({"start_time": "09:00", "end_time": "09:00"}))]), "duty[1].schedules[0].end_time"),
            (json!([with_schedule(json!({"end_time": "10:00"}))]), "duty[0].schedules[0].start_time"),
            (json!([with_schedule(json!({"start_time": "09:00", "end_time": "10:00", "url": "www.baidu.com"}))]), "duty[0].schedules[0].url"),
            (json!([with_schedule(json!({"start_time": "09:00", "end_time": "10:00", "remark": "r".repeat(256)}))]), "duty[0].schedules[0].remark"),
            (json!([with_schedule(json!({"start_time": "09:00", "end_time": "10:00", "colour": "red"}))]), "duty[0].schedules[0].colour"),
            (json!([with_schedule(json!("09:00-10:00"))]), "duty[0].schedules[0]"),
            (json!([{"date": "2023-11-07", "schedules": [{"start_time": "09:00", "end_time": "10:00"}]}]), "duty[0].sid"),
            (json!([{"sid": "abc", "date": "2023-11-07", "schedules": [{"start_time": "09:00", "end_time": "10:00"}]}]), "duty[0].sid"),
            (json!([{"sid": agent.id, "date": "2023-02-30", "schedules": [{"start_time": "09:00", "end_time": "10:00"}]}]), "duty[0].date"),
            (json!([{"sid": agent.id, "date": "2023-11-07", "schedules": []}]), "duty[0].schedules"),
            (json!([{"sid": agent.id, "date": "2023-11-07"}]), "duty[0].schedules"),
            (json!([ok, "entry"]), "duty[1]"),
            (json!([]), "duty"),
            (json!({"sid": agent.id}), "duty"),
        ];
        for (duty, field) in cases {
            let reply = tenant.admin.post(PATH, json!({"duty": duty})).await;
            reply.assert_error(400, field);
            assert_eq!(error_fields(&reply.body), [field], "{duty}");
        }
        tenant.admin.post(PATH, json!({"schedules": []})).await.assert_error(400, "duty: is required");
        // A name of exactly 30 characters and an end of 24:00 are fine.
        let created = create(&tenant.admin, json!([with_schedule(json!({"name": "班".repeat(30), "start_time": "22:00", "end_time": "24:00"}))])).await;
        assert_eq!(created[0]["schedules"][0]["end_time"], "24:00");
    }

    async fn batches_are_capped(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let schedules: Vec<Value> = (0..501).map(|_| json!({"start_time": "09:00", "end_time": "10:00"})).collect();
        let reply = tenant.admin.post(PATH, json!({"duty": [{"sid": agent.id, "date": "2023-11-07", "schedules": schedules}]})).await;
        reply.assert_error(400, "at most 500 schedules");
        let schedules: Vec<Value> = (0..500).map(|_| json!({"start_time": "09:00", "end_time": "10:00"})).collect();
        let created = create(&tenant.admin, json!([{"sid": agent.id, "date": "2023-11-07", "schedules": schedules}])).await;
        assert_eq!(created[0]["schedules"].as_array().map(Vec::len), Some(500));
    }

    /// One bad entry — invalid, or naming an unknown agent — and nothing is written.
    async fn batches_are_all_or_nothing(app) {
        let tenant = app.tenant().await;
        let (a, b) = (tenant.agent(json!({})).await, tenant.agent(json!({})).await);
        let bad_time = json!([entry(&a.id, "2023-11-07", "09:00", "10:00"), entry(&b.id, "2023-11-08", "10:00", "09:00")]);
        tenant.admin.post(PATH, json!({"duty": bad_time})).await.assert_error(400, "duty[1].schedules[0].end_time");
        let unknown = json!([entry(&a.id, "2023-11-07", "09:00", "10:00"), entry(&b.id, "2023-11-08", "09:00", "10:00"), entry("999999999", "2023-11-09", "09:00", "10:00")]);
        let reply = tenant.admin.post(PATH, json!({"duty": unknown})).await;
        reply.assert_error(404, "该客服不存在");
        assert_eq!(reply.body["code"], "10011");
        assert_eq!(reply.body["message"], "该客服不存在");
        assert_eq!(error_fields(&reply.body), ["duty[2].sid"]);
        assert_eq!(month(&tenant.admin, "2023-11-01", "2023-11-30").await, json!([]), "nothing was written");
    }

    /// Twenty batches for the same agent-day at once, sent to two server instances on one
    /// database: forty distinct dutyIds.
    async fn concurrent_creation_gives_distinct_duty_ids(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let date = local_date(3);
        let other = app.second_instance().await;
        let second = other.session(tenant.admin.account(), ADMIN_PASSWORD);
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..20 {
            let session = if i % 2 == 0 { tenant.admin.clone() } else { second.clone() };
            let body = json!({"duty": [{"sid": agent.id, "date": date, "schedules": [
                {"name": format!("早班{i}"), "start_time": "08:00", "end_time": "12:00"},
                {"name": format!("晚班{i}"), "start_time": "13:00", "end_time": "17:00"}
            ]}]});
            tasks.spawn(async move { session.post(PATH, body).await });
        }
        let mut ids = BTreeSet::new();
        while let Some(reply) = tasks.join_next().await {
            let reply = reply.expect("the task ran");
            reply.assert_status(200);
            for schedule in reply.body["data"]["duty"][0]["schedules"].as_array().expect("schedules") {
                let id = schedule["dutyId"].as_str().expect("dutyId").to_owned();
                assert!(id.starts_with(&format!("{}_{date}_", agent.id)), "{id}");
                ids.insert(id);
            }
        }
        assert_eq!(ids.len(), 40);
        let listed = month(&tenant.admin, &date, &date).await;
        assert_eq!(listed.as_array().map(Vec::len), Some(1), "one agent-day");
        let listed: BTreeSet<String> = listed[0]["schedules"].as_array().expect("schedules").iter()
            .filter_map(|s| s["dutyId"].as_str().map(str::to_owned)).collect();
        assert_eq!(listed, ids);
        other.finish().await;
    }

    async fn updates(app) {
        let tenant = app.tenant().await;
        let (a, b) = (tenant.agent(json!({})).await, tenant.agent(json!({})).await);
        let created = create(&tenant.admin, json!([{"sid": a.id, "date": "2023-12-04", "schedules": [
            {"name": "早班", "remark": "备注", "start_time": "08:00", "end_time": "12:00", "url": "https://example.com/s"}
        ]}])).await;
        let id = first_id(&created);
        let put = |body: Value| {
            let admin = tenant.admin.clone();
            let path = format!("{PATH}?dutyId={id}");
            async move { admin.put(&path, json!({"duty": body})).await }
        };
        // Absent fields stay, "" clears, sid/date may be sent back unchanged.
        let reply = put(json!({"sid": a.id, "date": "2023-12-04", "remark": "", "start_time": "09:00", "end_time": "13:30"})).await;
        reply.assert_status(200);
        assert_eq!(reply.body["data"]["duty"]["schedules"][0], json!({
            "dutyId": id, "name": "早班", "start_time": "09:00", "end_time": "13:30", "status": "1", "url": "https://example.com/s"
        }));
        put(json!({"sid": b.id, "start_time": "09:00", "end_time": "13:30"})).await.assert_error(400, "sid: cannot be changed");
        put(json!({"date": "2023-12-05", "start_time": "09:00", "end_time": "13:30"})).await.assert_error(400, "date: cannot be changed");
        put(json!({"start_time": "09:00"})).await.assert_error(400, "end_time: is required");
        put(json!({"start_time": "14:00", "end_time": "13:30"})).await.assert_error(400, "end_time: must be after start_time");
        put(json!({"start_time": "09:00", "end_time": "10:00", "name": "班".repeat(31)})).await.assert_error(400, "name: must be at most 30");
        tenant.admin.put(PATH, json!({"duty": {"start_time": "09:00", "end_time": "10:00"}})).await.assert_error(400, "dutyId: is required");
        // A dutyId whose agent or date does not match its number names nothing.
        let number = id.rsplit('_').next().unwrap_or_default();
        for wrong in [format!("{}_2023-12-04_{number}", b.id), format!("{}_2023-12-05_{number}", a.id), "garbage".to_owned()] {
            tenant.admin.put(&format!("{PATH}?dutyId={wrong}"), json!({"duty": {"start_time": "09:00", "end_time": "10:00"}})).await
                .assert_error(404, "no schedule");
        }
    }

    async fn listing_many_agents_and_days(app) {
        let tenant = app.tenant().await;
        let (a, b) = (tenant.agent(json!({})).await, tenant.agent(json!({})).await);
        create(&tenant.admin, json!([
            entry(&b.id, "2023-12-02", "13:00", "14:00"),
            entry(&a.id, "2023-12-02", "09:00", "10:00"),
            entry(&a.id, "2023-12-01", "15:00", "16:00"),
            entry(&a.id, "2023-12-01", "08:00", "09:00"),
            entry(&b.id, "2024-01-01", "08:00", "09:00"),
        ])).await;
        let listed = month(&tenant.admin, "2023-12-01", "2023-12-31").await;
        let shape: Vec<(String, String, Vec<String>)> = listed.as_array().expect("duty").iter().map(|d| (
            d["sid"].as_str().unwrap_or_default().to_owned(),
            d["date"].as_str().unwrap_or_default().to_owned(),
            d["schedules"].as_array().expect("schedules").iter().filter_map(|s| s["start_time"].as_str().map(str::to_owned)).collect(),
        )).collect();
        let (a_id, b_id) = (a.id.clone(), b.id.clone());
        let day = |sid: &str, date: &str, starts: &[&str]| (sid.to_owned(), date.to_owned(), starts.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        // By date, then sid (a was created first, so its sId is lower).
        let expected = vec![
            day(&a_id, "2023-12-01", &["08:00", "15:00"]),
            day(&a_id, "2023-12-02", &["09:00"]),
            day(&b_id, "2023-12-02", &["13:00"]),
        ];
        assert_eq!(shape, expected);

        let only_b = tenant.admin.get(&format!("{PATH}?startDT=2023-12-01&endDT=2023-12-31&sid={b_id}")).await;
        assert_eq!(only_b.body["data"]["duty"].as_array().map(Vec::len), Some(1));
        assert_eq!(only_b.body["data"]["duty"][0]["sid"], json!(b_id));

        // Defaults: the current month. Bad ranges: 400 naming the parameter.
        let today = local_date(0);
        create(&tenant.admin, json!([entry(&a_id, &today, "23:00", "24:00")])).await;
        let current = tenant.admin.get(PATH).await;
        current.assert_status(200);
        assert!(current.body["data"]["duty"].as_array().expect("duty").iter().any(|d| d["date"] == json!(today)));
        for (query, field) in [
            ("startDT=2023-12-02&endDT=2023-12-01", "endDT"),
            ("startDT=2023-12-01&endDT=2024-01-01", "endDT: startDT to endDT may span at most 31 days"),
            ("startDT=2023-12-1", "startDT"),
            ("endDT=tomorrow", "endDT"),
            ("sid=abc", "sid"),
        ] {
            tenant.admin.get(&format!("{PATH}?{query}")).await.assert_error(400, field);
        }
        let unknown = tenant.admin.get(&format!("{PATH}?sid=999999999")).await;
        unknown.assert_error(404, "该客服不存在");
        assert_eq!(unknown.body["code"], "10011");
    }

    async fn tenants_are_isolated(app) {
        let a = app.tenant().await;
        let b = app.tenant().await;
        let a_agent = a.agent(json!({})).await;
        let b_agent = b.agent(json!({})).await;
        let created = create(&a.admin, json!([entry(&a_agent.id, &local_date(2), "09:00", "10:00")])).await;
        let id = first_id(&created);
        let date = local_date(2);

        let reply = b.admin.post(PATH, json!({"duty": [entry(&b_agent.id, &date, "09:00", "10:00"), entry(&a_agent.id, &date, "09:00", "10:00")]})).await;
        reply.assert_error(404, "该客服不存在");
        assert_eq!(reply.body["code"], "10011");
        assert_eq!(error_fields(&reply.body), ["duty[1].sid"]);
        assert_eq!(month(&b.admin, &date, &date).await, json!([]), "B sees nothing, and wrote nothing");
        b.admin.get(&format!("{PATH}?startDT={date}&endDT={date}&sid={}", a_agent.id)).await.assert_error(404, "该客服不存在");
        b.admin.put(&format!("{PATH}?dutyId={id}"), json!({"duty": {"start_time": "09:00", "end_time": "11:00"}})).await
            .assert_error(404, "no schedule");
        b.admin.delete(&format!("{PATH}?dutyId={id}")).await.assert_error(404, "no schedule");
        assert_eq!(month(&a.admin, &date, &date).await[0]["schedules"][0]["end_time"], "10:00", "A's schedule untouched");
    }

    async fn administrators_only(app) {
        let tenant = app.tenant().await;
        let agent = tenant.agent(json!({})).await;
        let created = create(&tenant.admin, json!([entry(&agent.id, &local_date(2), "09:00", "10:00")])).await;
        let id = first_id(&created);
        agent.session.get(PATH).await.assert_error(403, "administrator");
        agent.session.post(PATH, json!({"duty": [entry(&agent.id, "2023-11-07", "09:00", "10:00")]})).await.assert_error(403, "administrator");
        agent.session.put(&format!("{PATH}?dutyId={id}"), json!({"duty": {"start_time": "09:00", "end_time": "11:00"}})).await.assert_error(403, "administrator");
        agent.session.delete(&format!("{PATH}?dutyId={id}")).await.assert_error(403, "administrator");
        app.anonymous().get(PATH).await.assert_status(401);
    }
}
