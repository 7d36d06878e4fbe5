//! The console at a company's real size — 2,000 agents, loaded through the store as an
//! import would — in a browser: the presence board counts and pages everyone, the pickers
//! find agent 1,500, and (on a phone) nothing scrolls sideways.

use fantoccini::Locator;
use kefu_domain::agent::{AgentName, JobNumber, NewAgent, PassportName};
use serde_json::Value;

use super::Browser;
use crate::support::{ADMIN_PASSWORD, TestApp, unique};

pub(super) const TEAM: usize = 2_000;

/// 2,000 agents `坐席0001`… with job numbers `T0001`…, by sId; the tenant's admin is one more.
pub(super) async fn import_team(app: &TestApp, tenant: kefu_domain::TenantId) -> Vec<String> {
    let new: Vec<NewAgent> = (1..=TEAM)
        .map(|i| {
            let mut agent = NewAgent::new(
                PassportName::parse(&unique("team")).expect("login"),
                JobNumber::parse(&format!("T{i:04}")).expect("job number"),
            );
            agent.name = AgentName::parse(&format!("坐席{i:04}")).expect("name");
            agent
        })
        .collect();
    let ids = app.store.import_agents(tenant, &new, "unused-hash").await.expect("import");
    ids.iter().map(|id| id.0.to_string()).collect()
}

pub(super) async fn sign_in(browser: &Browser, account: &str, password: &str) {
    browser.goto("/console/login").await;
    browser.fill("#f-account", account).await;
    browser.fill("#f-password", password).await;
    browser.click("form.stack button[type=submit]").await;
    browser.wait_for_path("/console/").await;
}

/// How far the page scrolls sideways (0 when it fits the window), and the widest
/// `selector` element's overflow of its own box.
pub(super) async fn sideways(browser: &Browser, selector: &str) -> (i64, i64) {
    let script = "var d = document.documentElement; var worst = 0; \
        document.querySelectorAll(arguments[0]).forEach(function (e) { \
          worst = Math.max(worst, e.scrollWidth - e.clientWidth); }); \
        return [d.scrollWidth - d.clientWidth, worst];";
    let value = browser.client.execute(script, vec![Value::from(selector)]).await.expect("measure");
    let page = value[0].as_i64().unwrap_or(-1);
    let inner = value[1].as_i64().unwrap_or(-1);
    (page, inner)
}

pub(super) async fn scenario(app: &TestApp, browser: &Browser) {
    let tenant = app.tenant().await;
    let ids = import_team(app, tenant.id).await;
    sign_in(browser, tenant.admin.account(), ADMIN_PASSWORD).await;

    // The board counts everyone (the 2,000 and the administrator) and pages them.
    browser.goto("/console/presence?plate=2").await;
    assert_eq!(browser.text("ul.counts li[data-state='离线'] strong").await, (TEAM + 1).to_string());
    assert!(browser.client.find(Locator::Css("p.notice")).await.is_err(), "no box says anything was left out");
    let rows = browser.client.find_all(Locator::Css("table.board tbody tr")).await.expect("rows");
    assert_eq!(rows.len(), 100, "a page of the board");
    let pager = browser.text("nav.pager span").await;
    assert!(pager.contains(&format!("共 {} 位客服", TEAM + 1)), "{pager}");
    // The last page holds the last agent.
    let last = ids.last().expect("agents");
    browser.goto("/console/presence?plate=2&page=21").await;
    browser.find(&format!("tr[data-sid='{last}']")).await;
    // A state's count filters the board to that state.
    tenant
        .admin
        .put(
            &format!("/api/v1/plate_service_state/{}.json", ids[1499]),
            serde_json::json!({"plate_service_state": {"plate": "2", "state": "忙碌"}}),
        )
        .await
        .assert_status(200);
    browser.goto("/console/presence?plate=2").await;
    browser.click("ul.counts li[data-state='忙碌'] a").await;
    browser.wait_for_path("/console/presence?").await;
    let busy = browser.client.find_all(Locator::Css("table.board tbody tr")).await.expect("rows");
    assert_eq!(busy.len(), 1);
    browser.find(&format!("tr[data-sid='{}']", ids[1499])).await;
    assert_eq!(browser.text("ul.counts li[data-state='离线'] strong").await, TEAM.to_string());

    // The shift picker finds agent 1,500 by job number as one types.
    let agent = &ids[1499];
    browser.goto("/console/schedules").await;
    browser.fill("#f-sid", "T1500").await;
    let option = browser.find(&format!("#f-sid-agents option[value='{agent}']")).await;
    assert!(
        option.text().await.unwrap_or_default().contains("坐席1500")
            || option.attr("label").await.ok().flatten().unwrap_or_default().contains("坐席1500")
    );
    // Choosing a suggestion puts its sId in the field.
    browser.fill("#f-sid", agent).await;
    browser.set_value("#f-date", "2030-01-07").await;
    browser.fill("#f-start_time", "09:00").await;
    browser.fill("#f-end_time", "18:00").await;
    browser.click("#new-shift button.primary").await;
    browser.wait_for_path("/console/schedules?").await;
    assert_eq!(browser.text("p.notice").await, "已创建。");
    let listed =
        tenant.admin.get(&format!("/api/v1/schedules.json?startDT=2030-01-07&endDT=2030-01-07&sid={agent}")).await;
    assert_eq!(listed.body["data"]["duty"][0]["schedules"][0]["start_time"], "09:00", "{:?}", listed.body);
    // The week of everyone is paged too (50 a page, the administrator first): agent 1,500
    // is on page 31.
    browser.goto("/console/schedules?week=2030-01-07&page=31").await;
    let shift = browser.text(&format!("tr[data-sid='{agent}'] td[data-date='2030-01-07'] .shift")).await;
    assert!(shift.contains("09:00–18:00"), "{shift}");

    // The sign-ins filter takes any agent too.
    browser.goto("/console/signins").await;
    browser.fill("#f-sId", "坐席1999").await;
    browser.find(&format!("#f-sId-agents option[value='{}']", ids[1998])).await;
    browser.goto(&format!("/console/signins?sId={}", ids[1998])).await;
    assert!(browser.text("[data-picked-for='f-sId']").await.contains("坐席1999"));
}
