//! The console on a phone (390 px wide): the presence board, the week of shifts and the
//! agents table fit the screen (one card per row) instead of scrolling sideways, and a
//! 70-character e-mail address wraps in its own cell instead of widening the table.

use serde_json::{Value, json};

use super::Browser;
use super::team_size::{sideways, sign_in};
use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD, TestApp};

const LONG_EMAIL: &str = "customer.service.representative.shanghai.office@example-company.com.cn";

pub(super) async fn scenario(app: &TestApp, browser: &Browser) {
    assert_eq!(LONG_EMAIL.len(), 70);
    let tenant = app.tenant().await;
    let long = tenant.agent(json!({"name": "欧阳娜娜", "email": LONG_EMAIL})).await;
    let other = tenant.agent(json!({"name": "张伟", "email": "zw@example.com"})).await;
    for agent in [&long.id, &other.id] {
        let duty = json!({"duty": [{"sid": agent, "date": "2030-01-08", "schedules": [
            {"start_time": "09:00", "end_time": "18:00", "name": "早班", "remark": "负责华东区客户的电话回访"}]}]});
        tenant.admin.post("/api/v1/schedules.json", duty).await.assert_status(200);
    }
    sign_in(browser, tenant.admin.account(), ADMIN_PASSWORD).await;

    // At a desktop width the long address wraps in a capped column.
    browser.goto("/console/agents").await;
    let width = browser
        .client
        .execute(
            "return document.querySelector(arguments[0]).getBoundingClientRect().width;",
            vec![Value::from(format!("tr[data-sid='{}'] td[data-label='邮箱']", long.id))],
        )
        .await
        .expect("measure");
    assert!(width.as_f64().unwrap_or(f64::MAX) <= 300.0, "the e-mail column is capped: {width}");

    browser.client.set_window_size(390, 844).await.expect("phone size");
    for (path, shot) in [
        ("/console/agents", "20-agents-phone"),
        ("/console/presence?plate=2", "21-presence-phone"),
        ("/console/schedules?week=2030-01-07", "22-week-phone"),
    ] {
        browser.goto(path).await;
        browser.find("table").await;
        let (page, inner) = sideways(browser, ".table-wrap").await;
        assert_eq!((page, inner), (0, 0), "{path} scrolls sideways on a phone (page, table) by that many px");
        browser.shot(shot).await;
    }
    // The week's shift is still there, named by its day.
    let cell = browser.text(&format!("tr[data-sid='{}'] td[data-date='2030-01-08']", other.id)).await;
    assert!(cell.contains("09:00–18:00"), "{cell}");

    // An agent's own week and status on the phone.
    browser.click("header form button").await;
    browser.wait_for_path("/console/login").await;
    sign_in(browser, &long.account, AGENT_PASSWORD).await;
    for (path, shot) in [
        ("/console/schedules?week=2030-01-07", "23-my-week-phone"),
        ("/console/presence?plate=2", "24-my-status-phone"),
    ] {
        browser.goto(path).await;
        browser.find("main h1").await;
        let (page, inner) = sideways(browser, ".table-wrap, .day-list, .week-nav").await;
        assert_eq!((page, inner), (0, 0), "{path} scrolls sideways on an agent's phone (page, part) by that many px");
        browser.shot(shot).await;
    }
    browser.client.set_window_size(1280, 1000).await.expect("desktop size");
}
