//! 客户 in a real browser, at a desktop width and on a 390 px phone: create a company and a
//! contact through the forms (after a refused mobile, said in Chinese beside its field),
//! another with its company picked by name and its 负责客服 by job number, find them by
//! search, and the lists fit a phone's screen.

use std::time::{Duration, Instant};

use super::Browser;
use super::team_size::{sideways, sign_in};
use crate::support::{ADMIN_PASSWORD, TestApp};

pub(super) async fn scenario(app: &TestApp, browser: &Browser) {
    let tenant = app.tenant().await;
    let manager = tenant.agent(serde_json::json!({"name": "客户经理", "sNum": "KM7"})).await;
    sign_in(browser, tenant.admin.account(), ADMIN_PASSWORD).await;
    for (width, height, suffix, mobile) in [(1280, 1000, "桌面", "13039209561"), (390, 844, "手机", "13039209562")]
    {
        browser.client.set_window_size(width, height).await.expect("window size");
        let company = format!("浏览器{suffix}科技有限公司");
        let contact = format!("测试{suffix}联系人");

        browser.goto("/console/customers").await;
        browser.wait_for_path("/console/companies").await;
        browser.click("main a[href='/console/companies/new']").await;
        browser.wait_for_path("/console/companies/new").await;
        browser.fill("#f-companyName", &company).await;
        browser.fill("#f-city", "杭州").await;
        browser.click("form.stacked button[type=submit]").await;
        let path = until_created(browser).await;
        let uid = path.trim_start_matches("/console/companies/").split('?').next().unwrap_or_default().to_owned();
        assert!(uid.chars().all(|c| c.is_ascii_digit()) && !uid.is_empty(), "{path}");
        browser.shot(&format!("40-company-{width}")).await;

        // A contact for it, from its page, after a refused mobile.
        browser.click(&format!("a[href='/console/contacts/new?company={uid}']")).await;
        browser.wait_for_path("/console/contacts/new").await;
        browser.fill("#f-name", &contact).await;
        browser.fill("#f-mobile", "123").await;
        browser.click("form.stacked button[type=submit]").await;
        let message = browser.text("#f-mobile-error").await;
        assert!(message.contains("手机号"), "{message}");
        browser.set_value("#f-mobile", mobile).await;
        browser.click("form.stacked button[type=submit]").await;
        until_created(browser).await;

        // Another from the contacts' list: the company picked by typing part of its name.
        browser.goto("/console/contacts/new").await;
        browser.fill("#f-name", &format!("{contact}二")).await;
        browser.fill("#f-companyId", &format!("{suffix}科技")).await;
        let option = browser.find(&format!("#f-companyId-companies option[value='{uid}']")).await;
        let offered = option.attr("label").await.ok().flatten().unwrap_or_default();
        assert!(offered.contains(&company), "{offered}");
        browser.fill("#f-companyId", &uid).await;
        contains(browser, "[data-picked-for='f-companyId']", &company).await;
        browser.fill("#f-mobile", &mobile.replacen("130", "131", 1)).await;
        // 负责客服: the agents' picker, found by job number as one types.
        browser.fill("#f-supportId", "KM7").await;
        let option = browser.find(&format!("#f-supportId-agents option[value='{}']", manager.id)).await;
        let offered = option.attr("label").await.ok().flatten().unwrap_or_default();
        assert!(
            offered.contains("客户经理") || option.text().await.unwrap_or_default().contains("客户经理"),
            "{offered}"
        );
        browser.fill("#f-supportId", &manager.id).await;
        contains(browser, "[data-picked-for='f-supportId']", "客户经理").await;
        browser.click("form.stacked button[type=submit]").await;
        let path = until_created(browser).await;
        let cid = path.trim_start_matches("/console/contacts/").split('?').next().unwrap_or_default().to_owned();
        let api = tenant.admin.get(&format!("/api/v1/users/{cid}.json")).await;
        assert_eq!(api.body["user"]["companyId"].as_str(), Some(uid.as_str()), "{:?}", api.body);
        assert_eq!(api.body["user"]["supportId"].as_str(), Some(manager.id.as_str()), "{:?}", api.body);
        assert!(browser.text("[data-picked-for='f-companyId']").await.contains(&company), "named on its page");
        assert!(
            browser.text("[data-picked-for='f-supportId']").await.contains("客户经理"),
            "the agent named on its page"
        );

        // Both found by search.
        browser.goto("/console/companies").await;
        browser.fill("#f-q", &format!("{suffix}科技")).await;
        browser.click("form.search button[type=submit]").await;
        contains(browser, "main table", &company).await;
        browser.goto("/console/contacts").await;
        browser.fill("#f-q", mobile).await;
        browser.click("form.search button[type=submit]").await;
        contains(browser, "main table", &contact).await;
        let (page, inner) = sideways(browser, ".table-wrap").await;
        assert_eq!((page, inner), (0, 0), "the contacts at {width} px scroll sideways (page, table) by that many px");
        browser.shot(&format!("41-contacts-{width}")).await;
    }
    browser.client.set_window_size(1280, 1000).await.expect("desktop size");
}

/// Waits for the redirect after a creation (post/redirect/get) and answers the address.
async fn until_created(browser: &Browser) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let path = browser.path().await;
        if path.ends_with("?notice=created") {
            assert!(browser.text("main").await.contains("已创建"));
            return path;
        }
        assert!(Instant::now() < deadline, "still at {path}, expected a created page");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until an element's text contains `expected`.
async fn contains(browser: &Browser, css: &str, expected: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = browser.text_if_present(css).await.unwrap_or_default();
        if text.contains(expected) {
            return;
        }
        assert!(Instant::now() < deadline, "{css} shows {text:?}, expected {expected:?} in it");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
