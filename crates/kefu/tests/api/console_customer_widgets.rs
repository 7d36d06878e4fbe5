//! The contact form's widgets over HTTP on both backends: the company picker (type-ahead by
//! name at `/console/companies/pick`, a plain uId field without the script) and multi-value
//! custom fields — a multiselect's options as checkboxes, a checkbox as 是/否 — read back
//! from repeated form values and shown ticked again.

use kefu_domain::custom_field::{CustomField, CustomFieldSettings, FieldEntity, FieldKind, FieldSettings, FieldType};
use kefu_domain::customer::CustomerMode;
use serde_json::{Value, json};

use crate::backend_tests;
use crate::support::console::Console;
use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD};

fn contact_field(title: &str, field_type: FieldType, options: &[&str]) -> CustomField {
    let base = FieldSettings { options: options.iter().map(|o| o.to_string()).collect(), ..FieldSettings::default() };
    CustomField {
        entity: FieldEntity::Contact,
        number: 0,
        title: title.into(),
        kind: FieldKind::Basic(field_type),
        required: false,
        settings: CustomFieldSettings { base, ..Default::default() },
    }
}

fn location_id(location: &str) -> String {
    location.trim_start_matches("/console/contacts/").split('?').next().unwrap_or_default().to_owned()
}

backend_tests! {
    async fn the_contact_form_picks_its_company_by_name(app) {
        let tenant = app.tenant().await;
        let mut uids = Vec::new();
        for name in ["北京网康科技有限公司", "上海网康信息有限公司", "杭州一号"] {
            let created = tenant.admin.post("/api/v1/companies.json", json!({"company": {"companyName": name}})).await;
            uids.push(created.body["company"]["uId"].as_str().expect("uId").to_owned());
        }
        let agent = tenant.agent(json!({})).await;
        let console = Console::sign_in(&app.base, &agent.account, AGENT_PASSWORD).await;

        let picked = console.get("/console/companies/pick?q=网康").await;
        picked.assert_status(200);
        let found: Value = serde_json::from_str(&picked.text).expect("JSON");
        assert_eq!(found, json!([
            {"uId": uids[0], "label": format!("北京网康科技有限公司（uId {}）", uids[0])},
            {"uId": uids[1], "label": format!("上海网康信息有限公司（uId {}）", uids[1])},
        ]));
        let by_id: Value = serde_json::from_str(&console.get(&format!("/console/companies/pick?q={}", uids[2])).await.text).expect("JSON");
        assert_eq!(by_id[0]["uId"], json!(uids[2]), "{by_id}");
        for empty in ["", "?q=", "?q=%20", "?q=companyName:网康", "?q=不存在"] {
            assert_eq!(console.get(&format!("/console/companies/pick{empty}")).await.text, "[]", "{empty}");
        }
        tenant.admin.delete(&format!("/api/v1/companies/{}.json", uids[1])).await;
        let live: Value = serde_json::from_str(&console.get("/console/companies/pick?q=网康").await.text).expect("JSON");
        assert_eq!(live.as_array().map(Vec::len), Some(1), "a deleted company is not offered: {live}");

        // The field: a uId input with the picker's route, the chosen company named beside it.
        let form = console.get("/console/contacts/new").await;
        assert!(form.text.contains("data-agent-picker=\"/console/companies/pick\"") && form.text.contains("list=\"f-companyId-companies\""), "{}", form.text);
        let created = console.post("/console/contacts", &[("name", "张三"), ("companyId", &uids[0]), ("mobile", "13039209552")]).await;
        created.assert_status(303);
        let shown = console.get(created.location()).await;
        assert!(shown.text.contains(&format!("value=\"{}\"", uids[0])) && shown.text.contains("北京网康科技有限公司（uId"), "{}", shown.text);
        // Without the script the field takes a uId, checked as the API checks it.
        let refused = console.post("/console/contacts", &[("name", "李四"), ("companyId", "999999"), ("mobile", "13039209553")]).await;
        refused.assert_status(400);
        assert!(refused.text.contains("f-companyId-error") && refused.text.contains("value=\"999999\""), "{}", refused.text);

        // Another account's companies are not found; a 2C account has none.
        let other = app.tenant().await;
        let outsider = Console::sign_in(&app.base, other.admin.account(), ADMIN_PASSWORD).await;
        assert_eq!(outsider.get(&format!("/console/companies/pick?q={}", uids[0])).await.text, "[]");
        assert_eq!(outsider.get("/console/companies/pick?q=网康").await.text, "[]");
        app.store.set_customer_mode(other.id, CustomerMode::Consumer).await.expect("2C");
        outsider.get("/console/companies/pick?q=网康").await.assert_status(403);
        let signed_out = app.anonymous().get("/console/companies/pick?q=网康").await;
        assert_eq!(signed_out.status, 303, "signed out: to the sign-in page");
    }

    async fn multi_value_custom_fields_round_trip_on_the_contact_form(app) {
        let tenant = app.tenant().await;
        let store = &app.store;
        store.create_custom_field(tenant.id, &contact_field("爱好", FieldType::Multiselect, &["围棋", "象棋", "桥牌"])).await.expect("multiselect");
        store.create_custom_field(tenant.id, &contact_field("老客户", FieldType::Checkbox, &[])).await.expect("checkbox");
        store.set_customer_mode(tenant.id, CustomerMode::Consumer).await.expect("2C");
        let console = Console::sign_in(&app.base, tenant.admin.account(), ADMIN_PASSWORD).await;

        let form = console.get("/console/contacts/new").await;
        for expected in ["type=\"checkbox\" name=\"cf_1\" value=\"围棋\"", "type=\"checkbox\" name=\"cf_1\" value=\"桥牌\"", "name=\"_cf\" value=\"1\"", "type=\"hidden\" name=\"cf_2\" value=\"否\"", "type=\"checkbox\" name=\"cf_2\" value=\"是\""] {
            assert!(form.text.contains(expected), "{expected}: {}", form.text);
        }
        let ticked = [("name", "张三"), ("mobile", "13039209552"), ("_cf", "1"), ("cf_1", "围棋"), ("cf_1", "桥牌"), ("_cf", "2"), ("cf_2", "否"), ("cf_2", "是")];
        let created = console.post("/console/contacts", &ticked).await;
        created.assert_status(303);
        let cid = location_id(created.location());
        let api = tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await;
        assert_eq!(api.body["user"]["custom_fields"], json!([{"key": "field_1", "value": "围棋,桥牌"}, {"key": "field_2", "value": "是"}]));
        let shown = console.get(&format!("/console/contacts/{cid}")).await;
        for ticked in ["value=\"围棋\" id=\"f-cf_1-0\" checked", "value=\"桥牌\" id=\"f-cf_1-2\" checked", "value=\"是\" checked"] {
            assert!(shown.text.contains(ticked), "{ticked}: {}", shown.text);
        }
        assert!(!shown.text.contains("value=\"象棋\" id=\"f-cf_1-1\" checked"), "{}", shown.text);

        // A refused form keeps what was ticked.
        let refused = console.post(&format!("/console/contacts/{cid}"), &[("name", "张三"), ("mobile", "123"), ("_cf", "1"), ("cf_1", "象棋"), ("_cf", "2"), ("cf_2", "否")]).await;
        refused.assert_status(400);
        assert!(refused.text.contains("value=\"象棋\" id=\"f-cf_1-1\" checked") && !refused.text.contains("value=\"围棋\" id=\"f-cf_1-0\" checked"), "{}", refused.text);

        // Nothing ticked clears the multiselect; unticking the checkbox sends 否.
        let cleared = [("name", "张三"), ("mobile", "13039209552"), ("_cf", "1"), ("_cf", "2"), ("cf_2", "否")];
        console.post(&format!("/console/contacts/{cid}"), &cleared).await.assert_status(303);
        let api = tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await;
        assert_eq!(api.body["user"]["custom_fields"], json!([{"key": "field_2", "value": "否"}]));
        // An option the field does not have is refused beside the field, in Chinese.
        let bad = console.post(&format!("/console/contacts/{cid}"), &[("name", "张三"), ("mobile", "13039209552"), ("_cf", "1"), ("cf_1", "麻将")]).await;
        bad.assert_status(400);
        assert!(bad.text.contains("f-cf_1-error"), "{}", bad.text);
    }
}
