//! The company and contact forms' members beyond the basics, over HTTP on both backends:
//! 负责客服 (`supportId`: the agents' picker for an administrator, an sId field for another
//! agent), the company's service period and service members (the password never in the
//! page), its company group as a select and its serving support groups, a contact's
//! 默认联系人 and 外部编号 (its other remote ids kept) — each read back through the JSON API,
//! and each bad value answered beside its field.

use kefu_domain::customer::CustomerMode;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::console::{Answer, Console};
use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD, Tenant};

/// The id after `prefix` in a redirect's location (`/console/companies/7?notice=created`).
fn id_in(location: &str, prefix: &str) -> String {
    location.strip_prefix(prefix).unwrap_or_default().split('?').next().unwrap_or_default().to_owned()
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// A customer group of `kind` (1 companies, 2 contacts) made in the console; its groupId.
async fn customer_group(console: &Console, tenant: &Tenant, name: &str, kind: &str) -> String {
    console.post("/console/customer-groups", &[("groupName", name), ("type", kind)]).await.assert_status(303);
    let list = tenant.admin.get("/api/v1/customergroups.json").await;
    let groups = list.body["customergroups"].as_array().cloned().unwrap_or_default();
    groups.iter().find(|g| g["groupName"] == name).map(|g| text(&g["groupId"])).expect("the group")
}

fn assert_refused(answer: &Answer, field: &str, words: &str) {
    answer.assert_status(400);
    assert!(
        answer.text.contains(&format!("f-{field}-error")) && answer.text.contains(words),
        "{field}: {}",
        answer.text
    );
}

backend_tests! {
    async fn the_company_form_takes_every_member_of_the_api(app) {
        let tenant = app.tenant().await;
        let manager = tenant.agent(json!({"name": "王经理"})).await;
        let serving = tenant.admin.post("/api/v1/supportgroups.json", json!({"supportgroup": {"sgName": "售后组"}})).await;
        let sg = text(&serving.body["supportgroup"]["groupId"]);
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        let big = customer_group(&console, &tenant, "大客户", "1").await;
        let vip = customer_group(&console, &tenant, "VIP", "2").await;

        let form = console.get("/console/companies/new").await;
        form.assert_status(200);
        for expected in [
            "name=\"supportId\"", "data-agent-picker=\"/console/agents/pick\"", "name=\"servicestarttime\" type=\"date\"",
            "name=\"serviceendtime\" type=\"date\"", "name=\"serviceCharge\"", "name=\"serviceaccount\"",
            "name=\"servicepassword\" type=\"password\" value=\"\"", "<select id=\"f-userGroup\" name=\"userGroup\"",
            &format!("<option value=\"{big}\">大客户</option>"), &format!("name=\"service_groupid\" value=\"{sg}\""),
        ] {
            assert!(form.text.contains(expected), "{expected}: {}", form.text);
        }
        assert!(!form.text.contains("VIP"), "contact groups are not offered to a company");

        let members = [
            ("companyName", "网康科技"), ("supportId", manager.id.as_str()), ("servicestarttime", "2024-01-01"),
            ("serviceendtime", "2024-12-31"), ("serviceCharge", "1200.50"), ("serviceaccount", "wk-admin"),
            ("servicepassword", "s3cret-1"), ("userGroup", big.as_str()), ("service_groupid", ""), ("service_groupid", sg.as_str()),
        ];
        let created = console.post("/console/companies", &members).await;
        created.assert_status(303);
        let uid = id_in(created.location(), "/console/companies/");
        let company = tenant.admin.get(&format!("/api/v1/companies/{uid}.json")).await.body["company"].clone();
        for (member, expected) in [
            ("supportId", manager.id.as_str()), ("servicestarttime", "2024-01-01"), ("serviceendtime", "2024-12-31"),
            ("serviceCharge", "1200.50"), ("serviceaccount", "wk-admin"), ("servicepassword", "s3cret-1"),
            ("userGroup", big.as_str()), ("service_groupid", sg.as_str()),
        ] {
            assert_eq!(text(&company[member]), expected, "{member}: {company}");
        }
        let page = console.get(&format!("/console/companies/{uid}")).await;
        assert!(page.text.contains("value=\"2024-12-31\"") && page.text.contains("王经理"), "{}", page.text);
        assert!(page.text.contains(&format!("<option value=\"{big}\" selected>")), "{}", page.text);
        assert!(page.text.contains(&format!("value=\"{sg}\" checked")), "{}", page.text);
        assert!(!page.text.contains("s3cret-1"), "the service password is never written into the page");

        // An edit that leaves the password empty keeps it; unticked groups and no company group clear.
        let edit = [
            ("companyName", "网康科技"), ("supportId", manager.id.as_str()), ("servicestarttime", "2024-01-01"),
            ("serviceendtime", ""), ("serviceCharge", "-30.00"), ("serviceaccount", "wk-admin"), ("servicepassword", ""),
            ("userGroup", ""), ("service_groupid", ""),
        ];
        console.post(&format!("/console/companies/{uid}"), &edit).await.assert_status(303);
        let company = tenant.admin.get(&format!("/api/v1/companies/{uid}.json")).await.body["company"].clone();
        assert_eq!(
            [&company["servicepassword"], &company["serviceCharge"], &company["serviceendtime"], &company["userGroup"], &company["service_groupid"]],
            [&json!("s3cret-1"), &json!("-30.00"), &json!(""), &json!("0"), &json!("")],
            "{company}"
        );
        let mut changed = edit.to_vec();
        changed.retain(|(name, _)| *name != "servicepassword");
        changed.push(("servicepassword", "n3w-pass"));
        console.post(&format!("/console/companies/{uid}"), &changed).await.assert_status(303);
        let company = tenant.admin.get(&format!("/api/v1/companies/{uid}.json")).await.body["company"].clone();
        assert_eq!(company["servicepassword"], "n3w-pass");

        // Bad values, each beside its field; a password typed is not shown again.
        let with = |name: &'static str, value: &'static str| {
            let mut fields: Vec<(&str, &str)> = vec![("companyName", "网康科技"), ("servicepassword", "typed-secret")];
            fields.push((name, value));
            fields
        };
        let unknown = console.post(&format!("/console/companies/{uid}"), &with("supportId", "999999")).await;
        assert_refused(&unknown, "supportId", "本公司没有这位在职客服");
        assert!(!unknown.text.contains("typed-secret"), "{}", unknown.text);
        let mut backwards = with("servicestarttime", "2024-06-01");
        backwards.push(("serviceendtime", "2024-05-31"));
        assert_refused(&console.post(&format!("/console/companies/{uid}"), &backwards).await, "serviceendtime", "不能早于开始日期");
        let foreign = console.post(&format!("/console/companies/{uid}"), &[("companyName", "网康科技"), ("userGroup", vip.as_str())]).await;
        assert_refused(&foreign, "userGroup", "客户分组");
        assert_refused(&console.post("/console/companies", &[("companyName", "乙"), ("serviceCharge", "12.345")]).await, "serviceCharge", "请填写金额");
        let company = tenant.admin.get(&format!("/api/v1/companies/{uid}.json")).await.body["company"].clone();
        assert_eq!((text(&company["supportId"]), text(&company["servicepassword"])), (manager.id.clone(), "n3w-pass".to_owned()), "unchanged");

        // A name another live company has: the form again, said beside the name.
        let taken = console.post("/console/companies", &[("companyName", "网康科技")]).await;
        taken.assert_status(409);
        assert!(taken.text.contains("f-companyName-error") && taken.text.contains("同名的公司"), "{}", taken.text);
    }

    async fn the_contact_form_takes_its_agent_default_and_remote_id(app) {
        let tenant = app.tenant().await;
        let manager = tenant.agent(json!({"name": "王经理"})).await;
        let company = tenant.admin.post("/api/v1/companies.json", json!({"company": {"companyName": "甲公司"}})).await;
        let uid = text(&company.body["company"]["uId"]);
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;

        let form = console.get("/console/contacts/new").await;
        for expected in ["name=\"supportId\"", "data-agent-picker=\"/console/agents/pick\"", "type=\"checkbox\" name=\"default\" value=\"1\"", "name=\"uniqueId\""] {
            assert!(form.text.contains(expected), "{expected}: {}", form.text);
        }
        let first = [("name", "张三"), ("companyId", uid.as_str()), ("mobile", "13039209552"), ("supportId", manager.id.as_str()), ("default", "0"), ("default", "1"), ("uniqueId", "wx_1")];
        let created = console.post("/console/contacts", &first).await;
        created.assert_status(303);
        let cid = id_in(created.location(), "/console/contacts/");
        let user = tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await.body["user"].clone();
        assert_eq!((text(&user["supportId"]), text(&user["default"]), text(&user["uniqueId"])), (manager.id.clone(), "1".to_owned(), "wx_1".to_owned()), "{user}");
        let page = console.get(&format!("/console/contacts/{cid}")).await;
        assert!(page.text.contains("王经理") && page.text.contains("value=\"wx_1\""), "{}", page.text);
        assert!(page.text.contains("name=\"default\" value=\"1\" checked"), "{}", page.text);

        // One default contact per company: the next one ticked takes over.
        let second = [("name", "李四"), ("companyId", uid.as_str()), ("mobile", "13039209553"), ("default", "0"), ("default", "1")];
        let other = id_in(console.post("/console/contacts", &second).await.location(), "/console/contacts/");
        assert_eq!(tenant.admin.get(&format!("/api/v1/users/{other}.json")).await.body["user"]["default"], "1");
        assert_eq!(tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await.body["user"]["default"], "0");
        // An empty 负责客服 on a new contact is its creator (as the API leaves it out).
        let creator = tenant.admin.get(&format!("/api/v1/users/{other}.json")).await.body["user"]["createrId"].clone();
        assert_eq!(tenant.admin.get(&format!("/api/v1/users/{other}.json")).await.body["user"]["supportId"], creator);

        // A contact with two remote ids keeps the second through form saves.
        let two = tenant.admin.post("/api/v1/users_v2.json", json!({"user": {"name": "王五", "mobile": "13039209554", "companyId": uid,
            "uniqueIds": [{"uniqueId": "wx_9", "note": "微信"}, {"uniqueId": "crm_9", "note": "CRM"}]}})).await;
        let wid = text(&two.body["user"]["cId"]);
        let page = console.get(&format!("/console/contacts/{wid}")).await;
        assert!(page.text.contains("value=\"wx_9\"") && page.text.contains("crm_9（CRM）"), "{}", page.text);
        let save = |unique: &'static str| [("name", "王五五"), ("companyId", uid.as_str()), ("mobile", "13039209554"), ("default", "0"), ("uniqueId", unique)];
        console.post(&format!("/console/contacts/{wid}"), &save("wx_9")).await.assert_status(303);
        let v2 = tenant.admin.get(&format!("/api/v1/users_v2/{wid}.json")).await.body["user"].clone();
        assert_eq!((text(&v2["name"]), &v2["uniqueIds"]), ("王五五".to_owned(), &json!([{"uniqueId": "wx_9", "note": "微信"}, {"uniqueId": "crm_9", "note": "CRM"}])));
        console.post(&format!("/console/contacts/{wid}"), &save("wx_10")).await.assert_status(303);
        let v2 = tenant.admin.get(&format!("/api/v1/users_v2/{wid}.json")).await.body["user"].clone();
        assert_eq!(v2["uniqueIds"], json!([{"uniqueId": "wx_10", "note": "微信"}, {"uniqueId": "crm_9", "note": "CRM"}]));

        // Bad values beside their fields; another contact's remote id is the form again (409).
        let bad = |name: &'static str, value: &'static str| [("name", "王五五"), ("companyId", uid.as_str()), ("mobile", "13039209554"), (name, value)];
        assert_refused(&console.post(&format!("/console/contacts/{wid}"), &bad("supportId", "999999")).await, "supportId", "本公司没有这位在职客服");
        assert_refused(&console.post(&format!("/console/contacts/{wid}"), &bad("uniqueId", "a b")).await, "uniqueId", "不能包含空格");
        assert_refused(&console.post(&format!("/console/contacts/{wid}"), &bad("uniqueId", "crm_9")).await, "uniqueId", "另一个外部编号重复");
        let taken = console.post(&format!("/console/contacts/{wid}"), &bad("uniqueId", "wx_1")).await;
        taken.assert_status(409);
        assert!(taken.text.contains("f-uniqueId-error") && taken.text.contains("另一位联系人的外部编号"), "{}", taken.text);
        let v2 = tenant.admin.get(&format!("/api/v1/users_v2/{wid}.json")).await.body["user"].clone();
        assert_eq!(v2["uniqueIds"][0]["uniqueId"], "wx_10", "unchanged");

        // A 2C account has no default contacts: no box.
        app.store.set_customer_mode(tenant.id, CustomerMode::Consumer).await.expect("2C");
        assert!(!console.get("/console/contacts/new").await.text.contains("name=\"default\""));
    }

    async fn an_agent_names_the_support_agent_by_sid(app) {
        let tenant = app.tenant().await;
        let manager = tenant.agent(json!({"name": "王经理"})).await;
        let colleague = tenant.agent(json!({"name": "赵同事"})).await;
        let agent = tenant.agent(json!({"name": "坐席"})).await;
        let company = tenant.admin.post("/api/v1/companies.json", json!({"company": {"companyName": "甲公司", "supportId": manager.id}})).await;
        let uid = text(&company.body["company"]["uId"]);
        let contact = tenant.admin.post("/api/v1/users.json", json!({"user": {"name": "张三", "mobile": "13039209552", "companyId": uid, "supportId": manager.id}})).await;
        let cid = text(&contact.body["user"]["cId"]);
        let console = Console::sign_in(&app.base, &agent.account, AGENT_PASSWORD).await;

        // The agents' search is an administrator's: a plain sId field, the stored agent named.
        console.get("/console/agents/pick?q=王").await.assert_status(403);
        for path in [format!("/console/contacts/{cid}"), format!("/console/companies/{uid}")] {
            let page = console.get(&path).await;
            page.assert_status(200);
            assert!(page.text.contains(&format!("name=\"supportId\" type=\"text\" value=\"{}\"", manager.id)), "{path}: {}", page.text);
            assert!(!page.text.contains("data-agent-picker=\"/console/agents/pick\"") && page.text.contains("王经理"), "{path}: {}", page.text);
        }
        // As the API, any active agent's sId; an empty field leaves the agent as it is.
        let base = [("name", "张三"), ("companyId", uid.as_str()), ("mobile", "13039209552")];
        let mut to_colleague = base.to_vec();
        to_colleague.push(("supportId", colleague.id.as_str()));
        console.post(&format!("/console/contacts/{cid}"), &to_colleague).await.assert_status(303);
        let mut empty = base.to_vec();
        empty.push(("supportId", ""));
        console.post(&format!("/console/contacts/{cid}"), &empty).await.assert_status(303);
        assert_eq!(text(&tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await.body["user"]["supportId"]), colleague.id);

        // A stored agent who has left the team does not stop a save that keeps it.
        let admin = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;
        admin.post(&format!("/console/agents/{}/visibility", manager.id), &[("isStat", "0")]).await.assert_status(303);
        let keep = [("companyName", "甲公司"), ("supportId", manager.id.as_str()), ("city", "北京")];
        console.post(&format!("/console/companies/{uid}"), &keep).await.assert_status(303);
        let company = tenant.admin.get(&format!("/api/v1/companies/{uid}.json")).await.body["company"].clone();
        assert_eq!((text(&company["supportId"]), text(&company["city"])), (manager.id.clone(), "北京".to_owned()));
        // Naming that agent anew is refused, as the API refuses it.
        let mut back = base.to_vec();
        back.push(("supportId", manager.id.as_str()));
        assert_refused(&console.post(&format!("/console/contacts/{cid}"), &back).await, "supportId", "本公司没有这位在职客服");
    }
}
