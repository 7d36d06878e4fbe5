//! 工单 in a real browser, at a desktop width and on a 390 px phone: an agent signs in,
//! opens 我的工单 from the navigation, opens a ticket, replies, and sees the reply in the
//! conversation; the list and the ticket's page fit a phone's screen. On the phone the
//! agent then renames the ticket and deletes it, and an administrator restores it from
//! 已删除.

use serde_json::json;

use super::Browser;
use super::team_size::{sideways, sign_in};
use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD, TestApp};
use crate::tickets::contact_and_company;

pub(super) async fn scenario(app: &TestApp, browser: &Browser) {
    let tenant = app.tenant().await;
    let agent = tenant.agent(json!({"name": "一线坐席"})).await;
    let (cid, _) = contact_and_company(app, &tenant).await;
    let ticket = json!({"ticket": {"subject": "打印机无法连接网络", "custUserId": cid, "servicerUserId": agent.id, "description": "办公室的打印机连不上"}});
    let created = tenant.admin.post("/api/v1/tickets.json", ticket).await;
    created.assert_status(200);
    let id = created.body["ticket"]["ticketId"].as_str().expect("ticketId").to_owned();
    sign_in(browser, &agent.account, AGENT_PASSWORD).await;

    for (width, height, reply) in [(1280, 1000, "桌面：已远程重启打印机"), (390, 844, "手机：请再试一次")]
    {
        browser.client.set_window_size(width, height).await.expect("window size");
        browser.click("nav.main-nav a[href='/console/tickets']").await;
        browser.wait_for_path("/console/tickets").await;
        browser.click("nav.desk-views a[href='/console/tickets?view=mine']").await;
        browser.wait_for_path("/console/tickets?view=mine").await;
        assert_eq!(browser.text("nav.desk-views span[data-view='mine']").await, "1");
        let (page, inner) = sideways(browser, ".table-wrap").await;
        assert_eq!((page, inner), (0, 0), "我的工单 at {width} px scrolls sideways (page, table) by that many px");
        browser.shot(&format!("50-desk-{width}")).await;

        browser.click(&format!("main table a[href='/console/tickets/{id}']")).await;
        browser.wait_for_path(&format!("/console/tickets/{id}")).await;
        assert!(browser.text("ol.conversation").await.contains("办公室的打印机连不上"));
        browser.fill("#f-replyMsg", reply).await;
        browser.click("form[action$='/reply'] button[type=submit]").await;
        browser.wait_for_path(&format!("/console/tickets/{id}?notice=replied")).await;
        let talk = browser.text("ol.conversation").await;
        assert!(talk.contains(reply), "the reply is in the conversation: {talk}");
        assert!(browser.text("main").await.contains("回复已添加"));
        let (page, _) = sideways(browser, "main").await;
        assert_eq!(page, 0, "the ticket's page at {width} px scrolls sideways by {page} px");
        browser.shot(&format!("51-ticket-{width}")).await;
    }

    // Still on the phone: a new subject, then the agent deletes the ticket.
    browser.fill("#f-subject", "打印机脱机（已远程处理）").await;
    browser.click("form[action$='/content'] button[type=submit]").await;
    browser.wait_for_path(&format!("/console/tickets/{id}?notice=saved")).await;
    assert!(browser.text("main h1").await.contains("打印机脱机（已远程处理）"));
    browser.click("form[action$='/delete'] button[type=submit]").await;
    browser.wait_for_path("/console/tickets?notice=deleted").await;
    assert!(browser.text("main").await.contains("已删除"));

    // The administrator finds it in 已删除 and restores it.
    browser.click("header form button").await;
    browser.wait_for_path("/console/login").await;
    sign_in(browser, tenant.admin.account(), ADMIN_PASSWORD).await;
    browser.goto("/console/tickets").await;
    browser.click("nav.desk-views a[href='/console/tickets/deleted']").await;
    browser.wait_for_path("/console/tickets/deleted").await;
    browser.click(&format!("main table a[href='/console/tickets/{id}']")).await;
    browser.wait_for_path(&format!("/console/tickets/{id}")).await;
    assert!(browser.text("main").await.contains("这个工单已删除"));
    browser.shot("52-deleted-ticket-390").await;
    browser.click("form[action$='/restore'] button[type=submit]").await;
    browser.wait_for_path(&format!("/console/tickets/{id}?notice=restored")).await;
    assert!(browser.text("main").await.contains("已从回收站恢复"));
    assert!(browser.text("ol.history").await.contains("恢复了工单"));
    browser.client.set_window_size(1280, 1000).await.expect("desktop size");
}
