//! Sign-ins (签到): the seed's two curl examples, every validation rule, roles, filters,
//! tenant isolation, and pages followed to the end.

use reqwest::Method;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::{Session, Tenant};

const PATH: &str = "/api/v1/signin.json";

/// The body of the seed's `POST /api/v1/signin.json` example, verbatim.
fn seed_body() -> Value {
    json!({
        "signIn": {
            "remark": "备注一些内容",
            "attachments": [
                {"fileName": "file1.jpg", "fileUrl": "https://huixing.jpg"},
                {"fileName": "file2.png", "fileUrl": "https://huixing.png"}
            ],
            "tags": ["签到", "测试2", "a", "b"],
            "checkinTime": "2017-09-12 10:12:22",
            "current": {
                "address": "中国北京市丰台区看丹街道六圈路",
                "landmark": "汉威城",
                "latitude": "39.827126",
                "longitude": "116.302248"
            }
        }
    })
}

/// A minimal valid sign-in at `checkin_time`.
fn at(checkin_time: &str) -> Value {
    json!({"signIn": {
        "checkinTime": checkin_time,
        "current": {"address": "北京市北京市东城区", "landmark": "", "latitude": "39.923807", "longitude": "116.40231"}
    }})
}

/// The seed body with `signIn.<key>` replaced (or removed, for null).
fn with(key: &str, value: Value) -> Value {
    let mut body = seed_body();
    if value.is_null() {
        body["signIn"].as_object_mut().map(|o| o.remove(key));
    } else {
        body["signIn"][key] = value;
    }
    body
}

fn with_current(key: &str, value: Value) -> Value {
    let mut body = seed_body();
    if value.is_null() {
        body["signIn"]["current"].as_object_mut().map(|o| o.remove(key));
    } else {
        body["signIn"]["current"][key] = value;
    }
    body
}

async fn sign_in(session: &Session, body: Value) -> Value {
    let reply = session.post(PATH, body).await;
    reply.assert_status(200);
    reply.body["signIn"]["data"].clone()
}

/// Every item of a list, following `next_page` until it is empty.
async fn follow(session: &Session, first: &str) -> (Vec<Value>, usize) {
    let mut items = Vec::new();
    let mut pages = 0;
    let mut next = first.to_owned();
    while !next.is_empty() {
        let reply = session.get(&next).await;
        reply.assert_status(200);
        let data = &reply.body["data"];
        items.extend(data["signIn"].as_array().expect("signIn list").iter().cloned());
        pages += 1;
        assert!(pages < 1000, "runaway pagination");
        next = data["next_page"].as_str().expect("next_page is a string").to_owned();
    }
    (items, pages)
}

fn times(items: &[Value]) -> Vec<String> {
    items.iter().map(|i| i["checkinTime"].as_str().unwrap_or_default().to_owned()).collect()
}

async fn problem_fields(session: &Session, body: Value) -> Vec<String> {
    let reply = session.post(PATH, body).await;
    reply.assert_error(400, "");
    reply.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn agent_named(tenant: &Tenant, name: &str, job_number: &str) -> crate::support::TestAgent {
    tenant.agent(json!({"name": name, "sNum": format!("{job_number}{}", crate::support::unique(""))})).await
}

backend_tests! {
    /// `curl --request POST '…/api/v1/signin.json' --header 'Content-Type: application/json' --data-raw '{"signIn":{…}}'`
    async fn post_example(app) {
        let tenant = app.tenant().await;
        let agent = agent_named(&tenant, "小明", "56589").await;
        let reply = agent.session.send(
            Method::POST, PATH, Some(seed_body().to_string()), &[("Content-Type", "application/json")],
        ).await;
        reply.assert_status(200);
        assert_eq!(reply.body, json!({"signIn": {"code": "0", "message": "success", "data": {
            "name": "小明",
            "sNum": agent.body["sNum"],
            "remark": "备注一些内容",
            "attachments": "https://huixing.jpg,https://huixing.png",
            "tags": ["签到", "测试2", "a", "b"],
            "checkinTime": "2017-09-12 10:12:22",
            "current": {
                "address": "中国北京市丰台区看丹街道六圈路",
                "landmark": "汉威城",
                "latitude": "39.827126",
                "longitude": "116.302248"
            }
        }}}));
        // The seed names 管理员 as the caller: administrators sign in too, as themselves.
        let admin = sign_in(&tenant.admin, seed_body()).await;
        assert_eq!(admin["checkinTime"], "2017-09-12 10:12:22");
    }

    /// `curl --request GET '…/api/v1/signin.json?sId=67859&per_page=100&page=1'`, and the
    /// whole list, shaped as the seed's answer (its second item has no remark or attachments).
    async fn list_example(app) {
        let tenant = app.tenant().await;
        let ming = agent_named(&tenant, "小明", "56589").await;
        let jia = agent_named(&tenant, "小佳", "965458").await;
        let mut full = seed_body();
        full["signIn"]["current"] = json!({"address": "北京市北京市东城区", "landmark": "东城", "latitude": "39.923807", "longitude": "116.40231"});
        sign_in(&ming.session, full).await;
        sign_in(&jia.session, json!({"signIn": {
            "tags": ["签退", "ll"],
            "checkinTime": "2022-09-12 10:12:22",
            "current": {"address": "北京市北京市东城区", "landmark": "东城", "latitude": 39.923807, "longitude": 116.40231}
        }})).await;

        let path = format!("{PATH}?sId={}&per_page=100&page=1", ming.id);
        let reply = tenant.admin.get(&path).await;
        reply.assert_status(200);
        let first = json!({
            "name": "小明",
            "sNum": ming.body["sNum"],
            "remark": "备注一些内容",
            "attachments": "https://huixing.jpg,https://huixing.png",
            "tags": ["签到", "测试2", "a", "b"],
            "checkinTime": "2017-09-12 10:12:22",
            "clockingPoint": "北京市北京市东城区,经度:116.40231、纬度:39.923807"
        });
        assert_eq!(reply.body, json!({"code": "0", "message": "success", "data": {
            "signIn": [first.clone()], "count": 1, "next_page": "", "previous_page": ""
        }}));

        let all = tenant.admin.get(PATH).await;
        all.assert_status(200);
        assert_eq!(all.body["data"]["signIn"], json!([first, {
            "name": "小佳",
            "sNum": jia.body["sNum"],
            "tags": ["签退", "ll"],
            "checkinTime": "2022-09-12 10:12:22",
            "clockingPoint": "北京市北京市东城区,经度:116.40231、纬度:39.923807"
        }]));
        assert_eq!(all.body["data"]["count"], json!(2));
    }

    async fn remark_is_at_most_140_characters(app) {
        let tenant = app.tenant().await;
        let ok = sign_in(&tenant.admin, with("remark", json!("签".repeat(140)))).await;
        assert_eq!(ok["remark"].as_str().map(|r| r.chars().count()), Some(140));
        let reply = tenant.admin.post(PATH, with("remark", json!("a".repeat(141)))).await;
        reply.assert_error(400, "remark: must be at most 140 characters, got 141");
        // Empty remarks and lists count as not given: left out of the answer.
        let empty = sign_in(&tenant.admin, with("remark", json!(""))).await;
        assert!(empty.get("remark").is_none(), "{empty}");
    }

    async fn attachment_rules(app) {
        let tenant = app.tenant().await;
        let file = |i: usize| json!({"fileName": format!("f{i}.jpg"), "fileUrl": format!("https://oss.example.com/{i}.jpg")});
        let nine: Vec<Value> = (0..9).map(file).collect();
        let ok = sign_in(&tenant.admin, with("attachments", json!(nine))).await;
        assert_eq!(ok["attachments"].as_str().map(|a| a.split(',').count()), Some(9));
        let ten: Vec<Value> = (0..10).map(file).collect();
        tenant.admin.post(PATH, with("attachments", json!(ten))).await
            .assert_error(400, "attachments: at most 9 attachments");
        let cases = [
            (json!("https://a.jpg"), "attachments"),
            (json!(["https://a.jpg"]), "attachments[0]"),
            (json!([{"fileName": "a.jpg"}]), "attachments[0].fileUrl"),
            (json!([{"fileUrl": "https://a.jpg"}]), "attachments[0].fileName"),
            (json!([file(0), {"fileName": "a", "fileUrl": "ftp://a.jpg"}]), "attachments[1].fileUrl"),
            (json!([{"fileName": "a", "fileUrl": "https://x.com/a,b.jpg"}]), "attachments[0].fileUrl"),
            (json!([{"fileName": "a", "fileUrl": "https://a.jpg", "size": 1}]), "attachments[0].size"),
        ];
        for (value, field) in cases {
            assert_eq!(problem_fields(&tenant.admin, with("attachments", value.clone())).await, [field], "{value}");
        }
    }

    async fn tag_rules(app) {
        let tenant = app.tenant().await;
        let ok = sign_in(&tenant.admin, with("tags", json!(["签到", 2024]))).await;
        assert_eq!(ok["tags"], json!(["签到", "2024"]));
        let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
        tenant.admin.post(PATH, with("tags", json!(many))).await.assert_error(400, "tags: at most 20");
        for (value, field) in [
            (json!("签到"), "tags"),
            (json!(["a", true]), "tags[1]"),
            (json!([""]), "tags[0]"),
            (json!(["x".repeat(33)]), "tags[0]"),
            (json!([{"name": "a"}]), "tags[0]"),
        ] {
            assert_eq!(problem_fields(&tenant.admin, with("tags", value.clone())).await, [field], "{value}");
        }
    }

    async fn checkin_time_rules(app) {
        let tenant = app.tenant().await;
        for value in [json!(null), json!("2017-09-12"), json!("2017-09-12T10:12:22"), json!("2017-02-30 10:00:00"), json!(20170912)] {
            assert_eq!(problem_fields(&tenant.admin, with("checkinTime", value.clone())).await, ["checkinTime"], "{value}");
        }
        tenant.admin.post(PATH, with("checkinTime", json!("2999-01-01 00:00:00"))).await
            .assert_error(400, "must not be more than 24 hours in the future");
    }

    async fn current_rules(app) {
        let tenant = app.tenant().await;
        tenant.admin.post(PATH, with("current", Value::Null)).await.assert_error(400, "current: is required");
        assert_eq!(problem_fields(&tenant.admin, with("current", json!("北京"))).await, ["current"]);
        for key in ["address", "landmark", "latitude", "longitude"] {
            let reply = tenant.admin.post(PATH, with_current(key, Value::Null)).await;
            reply.assert_error(400, &format!("current.{key}: is required"));
        }
        for (key, value) in [
            ("latitude", json!("90.000001")),
            ("latitude", json!(-91)),
            ("latitude", json!("39,8")),
            ("latitude", json!(true)),
            ("longitude", json!("180.5")),
            ("longitude", json!(-180.0001)),
            ("longitude", json!("1e2")),
            ("address", json!("")),
        ] {
            assert_eq!(problem_fields(&tenant.admin, with_current(key, value.clone())).await, [format!("current.{key}")], "{key} {value}");
        }
        // Numbers or strings; bounds included; answered as strings.
        let mut body = seed_body();
        body["signIn"]["current"]["latitude"] = json!(-90);
        body["signIn"]["current"]["longitude"] = json!(180.0);
        let data = sign_in(&tenant.admin, body).await;
        assert_eq!(data["current"]["latitude"], "-90");
        assert_eq!(data["current"]["longitude"], "180");
        let mut body = seed_body();
        body["signIn"]["current"]["latitude"] = json!(39.827126);
        let data = sign_in(&tenant.admin, body).await;
        assert_eq!(data["current"]["latitude"], "39.827126");
    }

    async fn every_problem_is_reported_at_once(app) {
        let tenant = app.tenant().await;
        let body = json!({"signIn": {"remark": "r".repeat(141), "tags": [1.5], "mood": "ok", "current": {"address": "a", "landmark": "b", "latitude": "100", "longitude": "0"}}});
        let mut fields = problem_fields(&tenant.admin, body).await;
        fields.sort();
        assert_eq!(fields, ["checkinTime", "current.latitude", "mood", "remark", "tags[0]"]);
        tenant.admin.post(PATH, json!({"remark": "x"})).await.assert_error(400, "signIn");
        tenant.admin.send(Method::POST, PATH, Some("{\"signIn\":".into()), &[("Content-Type", "application/json")]).await
            .assert_error(400, "malformed JSON");
    }

    async fn agents_sign_in_as_themselves_and_only_admins_list(app) {
        let tenant = app.tenant().await;
        let agent = agent_named(&tenant, "外勤", "w").await;
        let data = sign_in(&agent.session, at("2024-03-01 09:00:00")).await;
        assert_eq!(data["name"], "外勤");
        agent.session.get(PATH).await.assert_error(403, "administrator");
        app.anonymous().post(PATH, at("2024-03-01 09:00:00")).await.assert_status(401);
        let listed = tenant.admin.get(&format!("{PATH}?sId={}", agent.id)).await;
        assert_eq!(listed.body["data"]["count"], json!(1));
        assert_eq!(listed.body["data"]["signIn"][0]["name"], "外勤");
    }

    async fn filters_order_and_bad_parameters(app) {
        let tenant = app.tenant().await;
        let agent = agent_named(&tenant, "甲", "j").await;
        for t in ["2024-03-01 08:00:00", "2024-03-01 23:59:59", "2024-03-02 00:00:00", "2024-03-03 12:00:00"] {
            sign_in(&agent.session, at(t)).await;
        }
        sign_in(&tenant.admin, at("2024-03-01 12:00:00")).await;
        // created_start / created_end filter checkinTime, both ends inclusive.
        let reply = tenant.admin.get(&format!("{PATH}?created_start=2024-03-01%2008:00:00&created_end=2024-03-01")).await;
        assert_eq!(times(reply.body["data"]["signIn"].as_array().unwrap()), ["2024-03-01 08:00:00", "2024-03-01 12:00:00", "2024-03-01 23:59:59"]);
        let reply = tenant.admin.get(&format!("{PATH}?created_order=desc&sId={}&created_start=2024-03-01%2008:00:01", agent.id)).await;
        assert_eq!(times(reply.body["data"]["signIn"].as_array().unwrap()), ["2024-03-03 12:00:00", "2024-03-02 00:00:00", "2024-03-01 23:59:59"]);
        assert_eq!(reply.body["data"]["count"], json!(3));

        for (query, field) in [
            ("page=0", "page"),
            ("per_page=101", "per_page"),
            ("created_order=newest", "created_order"),
            ("created_start=yesterday", "created_start"),
            ("created_start=2024-03-02&created_end=2024-03-01", "created_end"),
            ("sId=abc", "sId"),
        ] {
            tenant.admin.get(&format!("{PATH}?{query}")).await.assert_error(400, field);
        }
        let unknown = tenant.admin.get(&format!("{PATH}?sId=999999999")).await;
        unknown.assert_error(404, "该客服不存在");
        assert_eq!(unknown.body["code"], "10011");
        assert_eq!(unknown.body["errors"][0]["field"], "sId");
    }

    async fn tenants_never_see_each_other(app) {
        let a = app.tenant().await;
        let b = app.tenant().await;
        let a_agent = a.agent(json!({})).await;
        sign_in(&a_agent.session, at("2024-03-01 09:00:00")).await;
        sign_in(&b.admin, at("2024-03-01 10:00:00")).await;
        let listed = b.admin.get(PATH).await;
        assert_eq!(listed.body["data"]["count"], json!(1));
        assert_eq!(times(listed.body["data"]["signIn"].as_array().unwrap()), ["2024-03-01 10:00:00"]);
        let other = b.admin.get(&format!("{PATH}?sId={}", a_agent.id)).await;
        other.assert_error(404, "该客服不存在");
        assert_eq!(other.body["code"], "10011");
    }

    /// Sign-ins on several days around the UTC day boundary (08:00 in Shanghai), listed
    /// with and without a range, in both orders, at several page sizes: following
    /// next_page always yields exactly the expected rows, in order, once each.
    async fn pages_followed_to_the_end(app) {
        let tenant = app.tenant().await;
        let one = tenant.agent(json!({})).await;
        let two = tenant.agent(json!({})).await;
        let mut expected: Vec<(String, String)> = Vec::new();
        for day in 10usize..=13 {
            for (i, clock) in ["00:30:00", "07:59:59", "08:00:00", "08:00:00", "15:45:10", "23:59:59"].iter().enumerate() {
                let who = if (day + i) % 3 == 0 { &two } else { &one };
                let t = format!("2024-05-{day} {clock}");
                sign_in(&who.session, at(&t)).await;
                expected.push((t, who.id.clone()));
            }
        }
        expected.sort();
        let in_range = |(t, _): &&(String, String)| t.as_str() >= "2024-05-10 07:59:59" && t.as_str() <= "2024-05-12 15:45:10";
        let ranged: Vec<String> = expected.iter().filter(in_range).map(|(t, _)| t.clone()).collect();
        let all: Vec<String> = expected.iter().map(|(t, _)| t.clone()).collect();
        let of_two: Vec<String> = expected.iter().filter(|(_, who)| *who == two.id).map(|(t, _)| t.clone()).collect();

        let range = "created_start=2024-05-10%2007:59:59&created_end=2024-05-12%2015:45:10";
        for per_page in [1, 4, 7, 100] {
            let (items, pages) = follow(&tenant.admin, &format!("{PATH}?per_page={per_page}")).await;
            assert_eq!(times(&items), all, "per_page {per_page}");
            assert_eq!(pages, all.len().div_ceil(per_page).max(1));

            let (items, _) = follow(&tenant.admin, &format!("{PATH}?{range}&per_page={per_page}")).await;
            assert_eq!(times(&items), ranged, "ranged, per_page {per_page}");

            let (items, _) = follow(&tenant.admin, &format!("{PATH}?{range}&created_order=desc&per_page={per_page}")).await;
            let mut reversed = ranged.clone();
            reversed.reverse();
            assert_eq!(times(&items), reversed, "ranged desc, per_page {per_page}");

            let (items, _) = follow(&tenant.admin, &format!("{PATH}?sId={}&per_page={per_page}", two.id)).await;
            assert_eq!(times(&items), of_two, "one agent, per_page {per_page}");
        }

        // Links keep the filters; counts are of the whole range; past the end is empty.
        let page2 = tenant.admin.get(&format!("{PATH}?{range}&per_page=4&page=2")).await;
        let data = &page2.body["data"];
        assert_eq!(data["count"], json!(ranged.len()));
        let previous = data["previous_page"].as_str().unwrap();
        assert!(previous.contains("created_start=2024-05-10+07%3A59%3A59") && previous.ends_with("per_page=4&page=1"), "{previous}");
        assert!(data["next_page"].as_str().unwrap().ends_with("per_page=4&page=3"));
        let past = tenant.admin.get(&format!("{PATH}?{range}&per_page=4&page=99")).await;
        assert_eq!(past.body["data"]["signIn"], json!([]));
        assert_eq!(past.body["data"]["next_page"], "");
        assert_eq!(past.body["data"]["count"], json!(ranged.len()));
    }

    /// Sign-ins arriving together are committed together (group commit); each is still
    /// answered with its own record, and none is lost or mixed up.
    async fn simultaneous_sign_ins_are_each_recorded(app) {
        let tenant = app.tenant().await;
        let mut agents = Vec::new();
        for i in 0..4 {
            agents.push(tenant.agent(json!({"name": format!("外勤{i}"), "sNum": format!("w{i}")})).await);
        }
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..40 {
            let agent = &agents[n % agents.len()];
            let (session, number) = (agent.session.clone(), format!("w{}", n % agents.len()));
            let mut body = at("2024-03-01 08:00:00");
            body["signIn"]["remark"] = json!(format!("并发{n}"));
            tasks.spawn(async move { (number, n, session.post(PATH, body).await) });
        }
        while let Some(done) = tasks.join_next().await {
            let (number, n, reply) = done.expect("task");
            reply.assert_status(200);
            let data = &reply.body["signIn"]["data"];
            assert_eq!(data["remark"], json!(format!("并发{n}")), "each answer is its own sign-in");
            assert_eq!(data["sNum"], json!(number), "and its own agent");
        }
        let listed = tenant.admin.get(&format!("{PATH}?created_start=2024-03-01&created_end=2024-03-01")).await;
        assert_eq!(listed.body["data"]["count"], json!(40));
        for agent in &agents {
            let theirs = tenant.admin.get(&format!("{PATH}?sId={}&per_page=100", agent.id)).await;
            assert_eq!(theirs.body["data"]["count"], json!(10), "each agent's own ten, none lost or misfiled");
        }
    }
}
