//! Agent custom fields: the eleven types defined by administrators, values checked on
//! every write and shown on every read.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::{Session, Tenant};

/// Defines a field and returns its key.
async fn define(admin: &Session, definition: Value) -> String {
    let reply = admin.post("/api/v1/support_fields.json", json!({ "support_field": definition })).await;
    reply.assert_status(200);
    reply.body["support_field"]["key"].as_str().unwrap_or_default().to_owned()
}

/// The seed's eleven fields, defined in its order so that their keys are field_1…field_11.
async fn define_the_seeds_fields(admin: &Session) -> Vec<String> {
    let definitions = [
        json!({"title": "下拉", "type": "dropdown", "options": ["下拉选项内容", "另一个选项"]}),
        json!({"title": "单行文本", "type": "text"}),
        json!({"title": "多行文本", "type": "textarea"}),
        json!({"title": "正整数", "type": "integer"}),
        json!({"title": "小数", "type": "decimal", "decimal_places": 2}),
        json!({"title": "复选框", "type": "checkbox"}),
        json!({"title": "日期", "type": "date"}),
        json!({"title": "正则表达式", "type": "regexp", "pattern": "go.*d"}),
        json!({"title": "附件", "type": "attachment"}),
        json!({"title": "高级复选框", "type": "multiselect", "options": ["苹果", "香蕉", "橘子"]}),
        json!({"title": "级联", "type": "cascade", "cascade": [
            {"name": "北京市", "children": [{"name": "丰台区", "children": [{"name": "丰科万达"}]}, {"name": "海淀区"}]},
            {"name": "上海市"}
        ]}),
    ];
    let mut keys = Vec::new();
    for definition in definitions {
        keys.push(define(admin, definition).await);
    }
    keys
}

/// (definition index, accepted value, value as stored, refused values with their messages).
type Case = (usize, Value, Value, Vec<(Value, &'static str)>);

fn value_of<'a>(support: &'a Value, key: &str) -> Option<&'a Value> {
    support["custom_fields"].as_array()?.iter().find(|f| f["key"] == key).map(|f| &f["value"])
}

async fn create_with(tenant: &Tenant, key: &str, value: Value) -> crate::support::Reply {
    let body = json!({"support": {
        "sPassportName": crate::support::unique("cf"),
        "sNum": crate::support::unique("n"),
        "custom_fields": [{"key": key, "value": value}]
    }});
    tenant.admin.post("/api/v1/supports.json", body).await
}

backend_tests! {
    /// The seed's POST body, custom fields and all, once the definitions exist.
    async fn the_seeds_full_create_example(app) {
        let tenant = app.tenant().await;
        let keys = define_the_seeds_fields(&tenant.admin).await;
        assert_eq!(keys, (1..=11).map(|n| format!("field_{n}")).collect::<Vec<_>>());
        let groups = [tenant.group("一组").await, tenant.group("二组").await];
        let body = json!({"support": {
            "sPassportName": "13039209552",
            "groupId": groups.join(","),
            "sNum": "001",
            "name": "管理员",
            "gnder": "1",
            "email": "",
            "fixnumber": "",
            "mobile": "13039209552",
            "QQ": "",
            "isAdmin": "1",
            "custom_fields": [
                {"key": "field_1", "value": "下拉选项内容"},
                {"key": "field_2", "value": "文本内容"},
                {"key": "field_3", "value": "多行文本内容"},
                {"key": "field_4", "value": "5"},
                {"key": "field_5", "value": "12.00"},
                {"key": "field_6", "value": "是"},
                {"key": "field_7", "value": "2023-02-12"},
                {"key": "field_8", "value": "go.*d"},
                {"key": "field_9", "value": [
                    {"fileName": "file1.org", "fileUrl": "https://huixing.org"},
                    {"fileName": "file2.org", "fileUrl": "https://huixing.org"}
                ]},
                {"key": "field_10", "value": "苹果,香蕉"},
                {"key": "field_11", "value": ["北京市", "丰台区", "丰科万达"]}
            ]
        }});
        let reply = tenant.admin.post("/api/v1/supports.json", body.clone()).await;
        reply.assert_status(200);
        assert_eq!(reply.body["support"]["custom_fields"], body["support"]["custom_fields"], "every value round-trips");
        let id = reply.body["support"]["sId"].as_str().unwrap_or_default().to_owned();
        let shown = tenant.admin.get(&format!("/api/v1/supports/{id}.json")).await;
        assert_eq!(shown.body["support"]["custom_fields"], body["support"]["custom_fields"]);
        let listed = tenant.admin.get("/api/v1/supports.json").await;
        let mine = listed.body["supports"].as_array().and_then(|all| all.iter().find(|s| s["sId"] == json!(id)).cloned());
        assert_eq!(mine.map(|s| s["custom_fields"].clone()), Some(body["support"]["custom_fields"].clone()));
        let many = tenant.admin.get(&format!("/api/v1/supports/show_many.json?ids={id}")).await;
        assert_eq!(many.body["supports"][0]["custom_fields"], body["support"]["custom_fields"]);
    }

    /// Each type: one value that round-trips exactly, and two refused with their messages.
    async fn each_type_accepts_and_refuses(app) {
        let tenant = app.tenant().await;
        let keys = define_the_seeds_fields(&tenant.admin).await;
        let cases: Vec<Case> = vec![
            (0, json!("另一个选项"), json!("另一个选项"), vec![(json!("不存在"), "must be one of 下拉选项内容, 另一个选项"), (json!(["下拉选项内容"]), "must be a string")]),
            (1, json!("一行字"), json!("一行字"), vec![(json!("两\n行"), "must be a single line"), (json!("长".repeat(256)), "must be at most 255 characters")]),
            (2, json!("第一行\n第二行"), json!("第一行\n第二行"), vec![(json!("x".repeat(5001)), "must be at most 5000 characters"), (json!({"a": 1}), "must be a string")]),
            (3, json!("42"), json!("42"), vec![(json!("0"), "must be a positive whole number"), (json!("3.5"), "must be a positive whole number"), (json!("-2"), "must be a positive whole number")]),
            (4, json!("12.5"), json!("12.50"), vec![(json!("12.345"), "at most 2 decimal places"), (json!("abc"), "must be a number")]),
            (5, json!("否"), json!("否"), vec![(json!("yes"), "must be \"是\" (checked) or \"否\" (unchecked)"), (json!(true), "must be a string")]),
            (6, json!("2024-02-29"), json!("2024-02-29"), vec![(json!("2023-02-29"), "must be a real calendar date"), (json!("12-02-2023"), "must be a real calendar date such as")]),
            (7, json!("good"), json!("good"), vec![(json!("bad"), "must match the pattern \"go.*d\""), (json!("goodies"), "must match the pattern")]),
            (8, json!([{"fileName": "合同.pdf", "fileUrl": "http://files.example.com/a.pdf"}]), json!([{"fileName": "合同.pdf", "fileUrl": "http://files.example.com/a.pdf"}]),
                vec![(json!([{"fileName": "noextension", "fileUrl": "https://a.example"}]), "fileName must be a file name with an extension"),
                     (json!([{"fileName": "a.pdf", "fileUrl": "javascript:alert(1)"}]), "fileUrl must be an http:// or https:// URL"),
                     (json!("a.pdf"), "must be a list of")]),
            (9, json!("橘子"), json!("橘子"), vec![(json!("苹果,西瓜"), "\"西瓜\" is not one"), (json!("苹果,苹果"), "lists \"苹果\" twice")]),
            (10, json!(["北京市", "海淀区"]), json!(["北京市", "海淀区"]), vec![(json!(["丰台区"]), "\"丰台区\" is not an option here"), (json!(["上海市", "浦东"]), "goes deeper than the option tree")]),
        ];
        for (index, accepted, stored, refused) in cases {
            let key = &keys[index];
            let reply = create_with(&tenant, key, accepted.clone()).await;
            reply.assert_status(200);
            assert_eq!(value_of(&reply.body["support"], key), Some(&stored), "{key} round-trips");
            for (bad, message) in refused {
                let reply = create_with(&tenant, key, bad.clone()).await;
                reply.assert_error(400, message);
                assert_eq!(reply.body["errors"][0]["field"], json!(format!("custom_fields.{key}")), "{key} {bad}");
            }
        }
    }

    async fn required_unknown_and_merged_values(app) {
        let tenant = app.tenant().await;
        let color = define(&tenant.admin, json!({"title": "颜色", "type": "dropdown", "options": ["红", "蓝"], "required": "1"})).await;
        let note = define(&tenant.admin, json!({"title": "备注", "type": "text"})).await;

        let missing = tenant.admin.post("/api/v1/supports.json", json!({"support": {"sPassportName": "a1", "sNum": "a1"}})).await;
        missing.assert_error(400, &format!("custom_fields.{color}: is required (颜色)"));
        let unknown = create_with(&tenant, "field_99", json!("x")).await;
        unknown.assert_error(400, "custom_fields.field_99: no such custom field is defined for this company");
        let malformed = tenant.admin.post("/api/v1/supports.json", json!({"support": {"sPassportName": "a2", "sNum": "a2",
            "custom_fields": [{"key": color, "value": "红"}, {"id": 1}]}})).await;
        malformed.assert_error(400, "custom_fields[1]");
        let twice = tenant.admin.post("/api/v1/supports.json", json!({"support": {"sPassportName": "a3", "sNum": "a3",
            "custom_fields": [{"key": color, "value": "红"}, {"key": color, "value": "蓝"}]}})).await;
        twice.assert_error(400, "is given twice");

        let agent = tenant.agent(json!({"custom_fields": [{"key": color, "value": "红"}, {"key": note, "value": "初始"}]})).await;
        let path = format!("/api/v1/supports/{}.json", agent.id);
        // Merge by key: only the note changes.
        let merged = tenant.admin.put(&path, json!({"support": {"custom_fields": [{"key": note, "value": "改过"}]}})).await;
        merged.assert_status(200);
        assert_eq!(merged.body["support"]["custom_fields"], json!([{"key": color, "value": "红"}, {"key": note, "value": "改过"}]));
        // Clearing: "" for an optional field; a required one cannot be cleared.
        let cleared = tenant.admin.put(&path, json!({"support": {"custom_fields": [{"key": note, "value": ""}]}})).await;
        assert_eq!(cleared.body["support"]["custom_fields"], json!([{"key": color, "value": "红"}]));
        tenant.admin.put(&path, json!({"support": {"custom_fields": [{"key": color, "value": null}]}}))
            .await
            .assert_error(400, "is required and cannot be cleared");
        // An agent may change their own custom fields.
        agent.session.put(&path, json!({"support": {"custom_fields": [{"key": color, "value": "蓝"}]}})).await.assert_status(200);
    }

    async fn removing_a_definition_removes_its_values(app) {
        let tenant = app.tenant().await;
        let keep = define(&tenant.admin, json!({"title": "保留", "type": "text"})).await;
        let drop = define(&tenant.admin, json!({"title": "删除", "type": "integer"})).await;
        let agent = tenant.agent(json!({"custom_fields": [{"key": keep, "value": "x"}, {"key": drop, "value": "7"}]})).await;
        let removed = tenant.admin.delete(&format!("/api/v1/support_fields/{drop}.json")).await;
        removed.assert_status(200);
        assert_eq!(removed.body["support_field"]["title"], "删除");
        let shown = tenant.admin.get(&format!("/api/v1/supports/{}.json", agent.id)).await;
        assert_eq!(shown.body["support"]["custom_fields"], json!([{"key": keep, "value": "x"}]));
        tenant.admin.get(&format!("/api/v1/support_fields/{drop}.json")).await.assert_status(404);
        // Its key is never reused.
        let next = define(&tenant.admin, json!({"title": "新", "type": "text"})).await;
        assert_ne!(next, drop);
        create_with(&tenant, &drop, json!("7")).await.assert_error(400, "no such custom field");
    }

    async fn search_by_custom_field(app) {
        let tenant = app.tenant().await;
        let city = define(&tenant.admin, json!({"title": "城市", "type": "cascade", "cascade": [{"name": "北京市", "children": [{"name": "丰台区"}]}, {"name": "上海市"}]})).await;
        let tag = define(&tenant.admin, json!({"title": "标签", "type": "text"})).await;
        let beijing = tenant.agent(json!({"custom_fields": [{"key": city, "value": ["北京市", "丰台区"]}, {"key": tag, "value": "VIP客户"}]})).await;
        tenant.agent(json!({"custom_fields": [{"key": city, "value": ["上海市"]}, {"key": tag, "value": "普通"}]})).await;
        let search = |query: String| {
            let admin = tenant.admin.clone();
            async move { admin.get(&format!("/api/v1/supportgroups/supports/search.json?query={query}")).await }
        };
        let found = search(format!("{city}:丰台")).await;
        assert_eq!(found.body["count"], "1");
        assert_eq!(found.body["supports"][0]["sId"], json!(beijing.id));
        assert_eq!(search(format!("{tag}:vip")).await.body["count"], "1", "case-insensitive");
        assert_eq!(search(format!("{tag}:客户")).await.body["count"], "1");
        search("field_77:x".into()).await.assert_error(400, "no custom field field_77 is defined");
    }

    async fn definitions_are_checked(app) {
        let tenant = app.tenant().await;
        for (definition, message) in [
            (json!({"title": "x", "type": "select"}), "type: must be one of dropdown, text"),
            (json!({"title": "x"}), "type: is required"),
            (json!({"type": "text"}), "title: is required"),
            (json!({"title": "x", "type": "dropdown"}), "options: is required for a dropdown field"),
            (json!({"title": "x", "type": "text", "options": ["a"]}), "options: is only for dropdown and multiselect fields"),
            (json!({"title": "x", "type": "regexp", "pattern": "(unclosed"}), "pattern: is not a valid regular expression"),
            (json!({"title": "x", "type": "regexp"}), "pattern: is required for a regexp field"),
            (json!({"title": "x", "type": "decimal", "decimal_places": 9}), "decimal_places: must be from 0 to 6"),
            (json!({"title": "x", "type": "cascade", "cascade": [{"name": "a", "kids": []}]}), "cascade: must be a tree"),
            (json!({"title": "x", "type": "text", "required": "yes"}), "required: must be \"0\" or \"1\""),
            (json!({"title": "x", "type": "text", "key": "field_5"}), "key: is set by the server"),
            (json!({"title": "x", "type": "text", "color": "red"}), "color: unknown field"),
        ] {
            tenant.admin.post("/api/v1/support_fields.json", json!({"support_field": definition})).await.assert_error(400, message);
        }
        let key = define(&tenant.admin, json!({"title": "数量", "type": "decimal"})).await;
        let path = format!("/api/v1/support_fields/{key}.json");
        let shown = tenant.admin.get(&path).await;
        assert_eq!(shown.body["support_field"]["decimal_places"], json!(2), "default places");
        assert_eq!(shown.body["support_field"]["required"], "0");
        tenant.admin.put(&path, json!({"support_field": {"type": "text"}})).await.assert_error(400, "type: cannot be changed");
        let renamed = tenant.admin.put(&path, json!({"support_field": {"title": "金额", "required": "1", "decimal_places": 1}})).await;
        renamed.assert_status(200);
        assert_eq!(renamed.body["support_field"]["title"], "金额");
        assert_eq!(renamed.body["support_field"]["decimal_places"], json!(1));
        let all = tenant.admin.get("/api/v1/support_fields.json").await;
        assert_eq!(all.body["support_fields"].as_array().map(Vec::len), Some(1));
        tenant.admin.get("/api/v1/support_fields/field_x.json").await.assert_status(404);
    }

    async fn definitions_are_per_tenant_and_for_administrators(app) {
        let a = app.tenant().await;
        let b = app.tenant().await;
        let key = define(&a.admin, json!({"title": "甲的字段", "type": "text"})).await;
        let path = format!("/api/v1/support_fields/{key}.json");
        b.admin.get(&path).await.assert_status(404);
        b.admin.put(&path, json!({"support_field": {"title": "x"}})).await.assert_status(404);
        b.admin.delete(&path).await.assert_status(404);
        assert_eq!(b.admin.get("/api/v1/support_fields.json").await.body["support_fields"], json!([]));
        create_with(&b, &key, json!("x")).await.assert_error(400, "no such custom field");
        let b_key = define(&b.admin, json!({"title": "乙的字段", "type": "text"})).await;
        assert_eq!(b_key, "field_1", "numbering is per company");

        let agent = a.agent(json!({})).await;
        for (method, path, body) in [
            (reqwest::Method::GET, "/api/v1/support_fields.json".to_owned(), None),
            (reqwest::Method::POST, "/api/v1/support_fields.json".to_owned(), Some(json!({"support_field": {"title": "x", "type": "text"}}))),
            (reqwest::Method::GET, path.clone(), None),
            (reqwest::Method::PUT, path.clone(), Some(json!({"support_field": {"title": "x"}}))),
            (reqwest::Method::DELETE, path.clone(), None),
        ] {
            agent.session.send(method, &path, body.map(|b| b.to_string()), &[("Content-Type", "application/json")]).await.assert_status(403);
        }
        assert_eq!(a.admin.get(&path).await.body["support_field"]["title"], "甲的字段");
    }
}
