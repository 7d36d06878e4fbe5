//! 工单设置 in a real browser, at a desktop width and on a 390 px phone: an administrator
//! defines a ticket field, makes a template with it, and finds the field on the new ticket
//! form once the template is chosen; none of the pages scrolls sideways.

use super::Browser;
use super::team_size::{sideways, sign_in};
use crate::support::{ADMIN_PASSWORD, TestApp};

pub(super) async fn scenario(app: &TestApp, browser: &Browser) {
    let tenant = app.tenant().await;
    sign_in(browser, tenant.admin.account(), ADMIN_PASSWORD).await;
    // A fresh company numbers its ticket fields from 1.
    for (number, width, height) in [(1, 1280, 1000), (2, 390, 844)] {
        browser.client.set_window_size(width, height).await.expect("window size");
        let (field, template) = (format!("故障区域{width}"), format!("报修{width}"));
        browser.click("nav.main-nav a[href='/console/ticket-templates']").await;
        browser.wait_for_path("/console/ticket-templates").await;
        browser.click("nav.tabs a[href='/console/ticket-fields']").await;
        browser.wait_for_path("/console/ticket-fields").await;
        browser.fill("#new-field #f-title", &field).await;
        browser.set_value("#f-type", "text").await;
        browser.click("#new-field button[type=submit]").await;
        browser.wait_for_path("/console/ticket-fields?notice=created").await;
        let key = format!("field_{number}");
        browser.find(&format!("tr[data-key='{key}'] input[value='{field}']")).await;
        let (page, _) = sideways(browser, "main").await;
        assert_eq!(page, 0, "工单字段 at {width} px scrolls sideways by {page} px");
        browser.shot(&format!("60-ticket-fields-{width}")).await;

        browser.goto("/console/ticket-templates/new").await;
        browser.fill("#f-ticketTemplateName", &template).await;
        browser.click(&format!("input[name='fieldKeys'][value='{key}']")).await;
        browser.click("form.stack button.primary[type=submit]").await;
        let (id, _) = browser.wait_for_created("/console/ticket-templates/").await;
        browser.shot(&format!("61-ticket-template-{width}")).await;

        browser.click("nav.main-nav a[href='/console/tickets']").await;
        browser.wait_for_path("/console/tickets").await;
        browser.click("main a[href='/console/tickets/new']").await;
        browser.wait_for_path("/console/tickets/new").await;
        browser.set_value("#f-template", &id).await;
        browser.click("form.template-choice button[type=submit]").await;
        browser.wait_for_path(&format!("/console/tickets/new?template={id}")).await;
        let input = format!("input[name='cf_{number}']");
        browser.find(&input).await;
        assert!(browser.text("main").await.contains(&field), "the template's field is on the form");
        let (page, _) = sideways(browser, "main").await;
        assert_eq!(page, 0, "the new ticket form at {width} px scrolls sideways by {page} px");
        browser.shot(&format!("62-new-ticket-with-template-{width}")).await;
    }
    browser.client.set_window_size(1280, 1000).await.expect("desktop size");
}
