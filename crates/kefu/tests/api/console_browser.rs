//! The console in a real headless Chromium, driven over WebDriver (chromedriver) with
//! fantoccini: sign in, create an agent with custom fields after a validation error,
//! hide and restore it, watch the presence board update without a reload, create a
//! shift, create and revoke an API key, and see a hostile name rendered as text. Each
//! main page is saved as a PNG under `target/console-screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver`; without them the test says so loudly
//! and passes, unless `KEFU_TEST_REQUIRE_BROWSER=1` (set by `.ci/run`, which installs them).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use crate::support::{ADMIN_PASSWORD, AGENT_PASSWORD, Tenant, TestApp, unique};

mod customers;
mod desk;
mod phone;
mod readme;
mod team_size;
mod ticket_admin;

const XSS_NAME: &str = "<script>alert(1)</script>";
/// The whole scenario must finish within this.
const SCENARIO_LIMIT: Duration = Duration::from_secs(150);

/// An executable on PATH (or at a Debian path).
fn executable(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    dirs.push(PathBuf::from("/usr/bin"));
    dirs.push(PathBuf::from("/usr/lib/chromium"));
    names.iter().flat_map(|name| dirs.iter().map(move |dir| dir.join(name))).find(|candidate| candidate.is_file())
}

/// Where screenshots go: `target/console-screenshots/`.
fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("console-screenshots")
}

pub(crate) struct Browser {
    client: Client,
    driver: Child,
    base: String,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    /// chromedriver on a free port and a fresh Chromium profile; None (after a loud
    /// notice) when they are not installed and not required.
    async fn start(base: &str) -> Option<Browser> {
        let chromium = executable(&["chromium", "chromium-browser", "google-chrome"]);
        let driver = executable(&["chromedriver"]);
        let (Some(chromium), Some(driver)) = (chromium, driver) else {
            let required = std::env::var("KEFU_TEST_REQUIRE_BROWSER").as_deref() == Ok("1");
            assert!(!required, "KEFU_TEST_REQUIRE_BROWSER=1 but chromium or chromedriver is missing");
            let _ = writeln!(
                std::io::stderr(),
                "\n*** kefu console browser test SKIPPED: chromium and/or chromedriver not found. \
                 Install them with `apt-get install -y chromium chromium-driver` (.ci/run does). ***\n"
            );
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().expect("a profile directory");
        let client = connect(port, &chromium, &profile).await;
        client.set_window_size(1280, 1000).await.expect("window size");
        Some(Browser { client, driver: child, base: base.to_owned(), _profile: profile })
    }

    async fn goto(&self, path: &str) {
        self.client.goto(&format!("{}{path}", self.base)).await.expect("navigate");
    }

    async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    async fn fill(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        element.clear().await.expect("clear");
        element.send_keys(text).await.expect("type");
    }

    /// Sets a value by script (date inputs take keystrokes in the browser's locale format).
    async fn set_value(&self, css: &str, value: &str) {
        self.find(css).await;
        self.client
            .execute("document.querySelector(arguments[0]).value = arguments[1];", vec![json!(css), json!(value)])
            .await
            .expect("set a value");
    }

    async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.expect("text")
    }

    /// An element's text if it is there now; `None` while the page is being replaced (a
    /// submitted form): the element found may go stale before its text is read.
    async fn text_if_present(&self, css: &str) -> Option<String> {
        let element = self.client.find(Locator::Css(css)).await.ok()?;
        element.text().await.ok()
    }

    async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current URL");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Waits until the address starts with `prefix`.
    async fn wait_for_path(&self, prefix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let path = self.path().await;
            if path.starts_with(prefix) {
                return path;
            }
            assert!(Instant::now() < deadline, "still at {path}, expected {prefix}…");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the browser is at a new record's page, `prefix` followed by its id, and
    /// answers that id and the path: the form that creates it is at `prefix` + `new`, which
    /// a plain prefix match would take for the answer before the redirect.
    async fn wait_for_created(&self, prefix: &str) -> (String, String) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let path = self.path().await;
            let id = path.strip_prefix(prefix).and_then(|rest| rest.split(['?', '/']).next()).unwrap_or_default();
            if id.parse::<u64>().is_ok() {
                return (id.to_owned(), path);
            }
            assert!(Instant::now() < deadline, "still at {path}, expected {prefix}<id>");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until an element's text is `expected`.
    async fn wait_for_text(&self, css: &str, expected: &str, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            let text = self.text(css).await;
            if text == expected {
                return;
            }
            assert!(Instant::now() < deadline, "{css} shows {text:?}, expected {expected:?}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Saves a screenshot of the whole page (the window is stretched to the page's
    /// height for it: WebDriver shows only what is in the window).
    async fn shot(&self, name: &str) {
        let (width, height) = self.client.get_window_size().await.expect("window size");
        let page = self
            .client
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await
            .ok()
            .and_then(|h| h.as_u64())
            .unwrap_or(height);
        let stretched = page.clamp(height, 4000);
        if stretched > height {
            let tall = u32::try_from(stretched + 150).unwrap_or(4000);
            self.client.set_window_size(u32::try_from(width).unwrap_or(1280), tall).await.expect("stretch");
        }
        let png = self.client.screenshot().await.expect("a screenshot");
        if stretched > height {
            let (w, h) = (u32::try_from(width).unwrap_or(1280), u32::try_from(height).unwrap_or(1000));
            self.client.set_window_size(w, h).await.expect("restore the window");
        }
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot directory");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write the screenshot");
    }

    async fn no_alert(&self) {
        assert!(self.client.get_alert_text().await.is_err(), "no script ran: no alert is open");
    }
}

async fn connect(port: u16, chromium: &std::path::Path, profile: &tempfile::TempDir) -> Client {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--lang=zh-CN",
        "--force-device-scale-factor=1",
    ];
    let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), json!({"binary": chromium, "args": args}));
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match ClientBuilder::new(HttpConnector::new()).capabilities(capabilities.clone()).connect(&url).await {
            Ok(client) => return client,
            Err(error) => {
                assert!(Instant::now() < deadline, "cannot start a Chromium session: {error}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
}

/// The custom fields the scenario fills in: (key, definition).
async fn define_fields(tenant: &Tenant) -> Vec<String> {
    let definitions = [
        json!({"title": "级别", "type": "dropdown", "options": ["初级", "高级"], "required": "1"}),
        json!({"title": "入职日期", "type": "date"}),
        json!({"title": "持证", "type": "checkbox"}),
        json!({"title": "区域", "type": "cascade", "cascade": [
            {"name": "北京市", "children": [{"name": "丰台区"}, {"name": "海淀区"}]}, {"name": "上海市"}]}),
        json!({"title": "证件", "type": "attachment"}),
        json!({"title": "工龄", "type": "integer"}),
    ];
    let mut keys = Vec::new();
    for definition in definitions {
        let reply = tenant.admin.post("/api/v1/support_fields.json", json!({"support_field": definition})).await;
        reply.assert_status(200);
        keys.push(reply.body["support_field"]["key"].as_str().expect("a key").to_owned());
    }
    keys
}

fn custom<'a>(support: &'a Value, key: &str) -> &'a Value {
    support["custom_fields"]
        .as_array()
        .and_then(|fields| fields.iter().find(|f| f["key"] == key))
        .map_or(&Value::Null, |f| &f["value"])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_in_a_real_browser() {
    in_a_browser(|app, browser| Box::pin(async move { scenario(&app, &browser).await })).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_at_team_size() {
    in_a_browser(|app, browser| Box::pin(async move { team_size::scenario(&app, &browser).await })).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_on_a_phone() {
    in_a_browser(|app, browser| Box::pin(async move { phone::scenario(&app, &browser).await })).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customers_in_a_real_browser() {
    in_a_browser(|app, browser| Box::pin(async move { customers::scenario(&app, &browser).await })).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_in_a_real_browser() {
    in_a_browser(|app, browser| Box::pin(async move { desk::scenario(&app, &browser).await })).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_settings_in_a_real_browser() {
    in_a_browser(|app, browser| Box::pin(async move { ticket_admin::scenario(&app, &browser).await })).await;
}

/// The README's screenshot, of a plausible team.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_screenshot() {
    in_a_browser(|app, browser| Box::pin(async move { readme::scenario(&app, &browser).await })).await;
}

type Scenario = fn(Arc<TestApp>, Arc<Browser>) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

/// Runs `scenario` against a SQLite server in a fresh browser.
async fn in_a_browser(scenario: Scenario) {
    let app = TestApp::spawn(kefu_store::Backend::Sqlite).await.expect("SQLite");
    let Some(browser) = Browser::start(&app.base).await else {
        app.finish().await;
        return;
    };
    // The scenario runs as its own task so that, whether it passes, fails or hangs, the
    // browser session is closed (ending Chromium) before the outcome is reported.
    let app = Arc::new(app);
    let browser = Arc::new(browser);
    let task = tokio::spawn(scenario(app.clone(), browser.clone()));
    let abort = task.abort_handle();
    let outcome = tokio::time::timeout(SCENARIO_LIMIT, task).await;
    abort.abort();
    // Wait for the aborted task to let go of its handles.
    for _ in 0..50 {
        if Arc::strong_count(&browser) == 1 && Arc::strong_count(&app) == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = browser.client.clone().close().await;
    drop(browser);
    if let Ok(app) = Arc::try_unwrap(app) {
        app.finish().await;
    }
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(failure)) if failure.is_panic() => std::panic::resume_unwind(failure.into_panic()),
        Ok(Err(failure)) => panic!("the browser scenario did not finish: {failure}"),
        Err(_) => panic!("the browser scenario took longer than {} s", SCENARIO_LIMIT.as_secs()),
    }
}

async fn scenario(app: &TestApp, browser: &Browser) {
    let tenant = app.tenant().await;
    tenant.agent(json!({"name": XSS_NAME})).await;
    let colleague = tenant.agent(json!({"name": "李四"})).await;
    let keys = define_fields(&tenant).await;
    let group = tenant.group("售后组").await;

    // Signing in.
    browser.goto("/console/agents").await;
    browser.wait_for_path("/console/login").await;
    browser.fill("#f-account", tenant.admin.account()).await;
    browser.fill("#f-password", ADMIN_PASSWORD).await;
    browser.shot("01-login").await;
    browser.click("form.stack button[type=submit]").await;
    browser.wait_for_path("/console/agents").await;

    // A hostile name is text, and no script ran.
    let names: Vec<String> = {
        let cells = browser.client.find_all(Locator::Css("td.name a")).await.expect("name cells");
        let mut names = Vec::new();
        for cell in cells {
            names.push(cell.text().await.expect("text"));
        }
        names
    };
    assert!(names.iter().any(|n| n == XSS_NAME), "{names:?}");
    browser.no_alert().await;
    browser.shot("02-agents").await;

    // A new agent with custom fields: first with a mobile number the API refuses.
    browser.click("a[href='/console/agents/new']").await;
    browser.wait_for_path("/console/agents/new").await;
    let login = unique("browser");
    browser.fill("#f-sPassportName", &login).await;
    browser.fill("#f-sNum", "B-001").await;
    browser.fill("#f-name", "王五").await;
    browser.fill("#f-mobile", "12345").await;
    browser
        .find(&format!("#f-{}", keys[0].replace("field_", "cf_")))
        .await
        .select_by_value("高级")
        .await
        .expect("dropdown");
    browser.set_value(&format!("#f-{}", keys[1].replace("field_", "cf_")), "2024-03-01").await;
    browser.click(&format!("#f-{}", keys[2].replace("field_", "cf_"))).await;
    let cascade = keys[3].replace("field_", "cf_");
    browser
        .find(&format!("#f-{cascade} ~ .cascade-levels select[data-depth='0']"))
        .await
        .select_by_value("北京市")
        .await
        .expect("level 1");
    browser
        .find(&format!("#f-{cascade} ~ .cascade-levels select[data-depth='1']"))
        .await
        .select_by_value("丰台区")
        .await
        .expect("level 2");
    let attachment = keys[4].replace("field_", "cf_");
    browser.fill(&format!("input[name='{attachment}_name']"), "证书.pdf").await;
    browser.fill(&format!("input[name='{attachment}_url']"), "https://files.example.com/zs.pdf").await;
    browser.fill(&format!("#f-{}", keys[5].replace("field_", "cf_")), "3").await;
    browser.click(&format!("input[name='groupId'][value='{group}']")).await;
    browser.click("form.stack button.primary").await;

    let message = browser.text("#f-mobile-error").await;
    assert!(message.starts_with("请填写 11 位手机号"), "the problem next to the field, in Chinese: {message}");
    assert_eq!(
        browser.client.active_element().await.expect("focus").attr("class").await.expect("class").as_deref(),
        Some("error-summary"),
        "the error summary takes focus"
    );
    // What was chosen is still there, the cascade too.
    let level2 = browser.find(&format!("#f-{cascade} ~ .cascade-levels select[data-depth='1']")).await;
    assert_eq!(level2.prop("value").await.expect("value").as_deref(), Some("丰台区"));
    browser.shot("03-agent-form-error").await;

    browser.fill("#f-mobile", "13039209552").await;
    browser.click("form.stack button.primary").await;
    let (id, path) = browser.wait_for_created("/console/agents/").await;
    assert!(path.ends_with("?notice=created"), "{path}");
    assert_eq!(browser.text("p.notice").await, "已创建。");
    let created = tenant.admin.get(&format!("/api/v1/supports/{id}.json")).await;
    let support = &created.body["support"];
    assert_eq!(support["mobile"], "13039209552");
    assert_eq!(support["groupId"], Value::from(group.clone()));
    assert_eq!(custom(support, &keys[0]), "高级");
    assert_eq!(custom(support, &keys[1]), "2024-03-01");
    assert_eq!(custom(support, &keys[2]), "是");
    assert_eq!(custom(support, &keys[3]), &json!(["北京市", "丰台区"]));
    assert_eq!(
        custom(support, &keys[4]),
        &json!([{"fileName": "证书.pdf", "fileUrl": "https://files.example.com/zs.pdf"}])
    );
    assert_eq!(custom(support, &keys[5]), "3");
    browser.shot("04-agent-edit").await;

    // Hide it in the recycle bin, then restore it.
    browser.goto("/console/agents").await;
    browser.click(&format!("tr[data-sid='{id}'] form[action$='/visibility'] button")).await;
    browser.wait_for_path("/console/agents?").await;
    assert_eq!(browser.text("p.notice").await, "已移入回收站。");
    assert!(
        browser.client.find(Locator::Css(&format!("tr[data-sid='{id}']"))).await.is_err(),
        "gone from the active list"
    );
    browser.click("nav.tabs a[href*='isStat=0']").await;
    browser.wait_for_path("/console/agents?").await;
    browser.find(&format!("tr[data-sid='{id}']")).await;
    browser.shot("05-recycle-bin").await;
    browser.click(&format!("tr[data-sid='{id}'] form[action$='/visibility'] button")).await;
    browser.wait_for_path("/console/agents?").await;
    assert_eq!(browser.text("p.notice").await, "已从回收站恢复。");
    assert_eq!(tenant.admin.get(&format!("/api/v1/supports/{id}.json")).await.body["support"]["isStat"], "1");

    // The presence board follows a change made elsewhere, without reloading.
    browser.goto("/console/presence?plate=2").await;
    browser.client.execute("window.kefuMarker = 'same page';", vec![]).await.expect("mark the page");
    let state_cell = format!("tr[data-sid='{}'] [data-cell='state'] .state", colleague.id);
    assert_eq!(browser.text(&state_cell).await, "离线");
    tenant
        .admin
        .put(
            &format!("/api/v1/plate_service_state/{}.json", colleague.id),
            json!({"plate_service_state": {"plate": "2", "state": "忙碌"}}),
        )
        .await
        .assert_status(200);
    browser.wait_for_text(&state_cell, "忙碌", Duration::from_secs(15)).await;
    let marker = browser.client.execute("return window.kefuMarker;", vec![]).await.expect("read the mark");
    assert_eq!(marker, json!("same page"), "the board updated in place");
    // And an administrator changes a state from the board.
    browser.find(&format!("#f-state-{id}")).await.select_by_value("在线").await.expect("choose a state");
    browser.click(&format!("tr[data-sid='{id}'] form[action='/console/presence/{id}'] button")).await;
    browser.wait_for_path("/console/presence?").await;
    assert_eq!(browser.text(&format!("tr[data-sid='{id}'] [data-cell='state'] .state")).await, "在线");
    browser.shot("06-presence").await;

    // A shift.
    let day = {
        let zone = kefu_domain::time::parse_time_zone(kefu_domain::time::DEFAULT_TIME_ZONE).expect("zone");
        let today = kefu_domain::schedule::LocalNow::at(kefu_domain::time::now_micros(), &zone).date.date();
        today.tomorrow().expect("tomorrow").to_string()
    };
    browser.goto("/console/schedules").await;
    browser.fill("#f-sid", &id).await;
    browser.set_value("#f-date", &day).await;
    browser.fill("#f-start_time", "09:00").await;
    browser.fill("#f-end_time", "18:00").await;
    browser.fill("#f-name", "早班").await;
    browser.click("#new-shift button.primary").await;
    browser.wait_for_path("/console/schedules?").await;
    assert_eq!(browser.text("p.notice").await, "已创建。");
    let shift = browser.text(&format!("tr[data-sid='{id}'] td[data-date='{day}'] .shift")).await;
    assert!(shift.contains("09:00–18:00") && shift.contains("早班"), "{shift}");
    browser.shot("07-schedules").await;

    // Sign-ins, with attachments as links.
    let signin = json!({"signIn": {
        "remark": "拜访客户", "checkinTime": kefu_domain::time::format_datetime(
            kefu_domain::time::now_micros(),
            &kefu_domain::time::parse_time_zone(kefu_domain::time::DEFAULT_TIME_ZONE).expect("zone")),
        "attachments": [{"fileName": "门头照.jpg", "fileUrl": "https://files.example.com/door.jpg"}],
        "current": {"address": "北京市丰台区丰科万达", "landmark": "丰科万达广场", "latitude": "39.827126", "longitude": "116.289429"}
    }});
    colleague.session.post("/api/v1/signin.json", signin).await.assert_status(200);
    browser.goto("/console/signins").await;
    let link = browser.find("ul.files a").await;
    assert_eq!(link.text().await.expect("text"), "门头照.jpg");
    assert_eq!(link.attr("href").await.expect("href").as_deref(), Some("https://files.example.com/door.jpg"));
    browser.shot("08-signins").await;

    // An API key: the secret once, a copy button, then revoked.
    browser.goto("/console/api-keys").await;
    browser.fill("#f-name", "CRM 同步").await;
    browser.click("form.inline-form button.primary").await;
    let secret = browser.text("#new-secret").await;
    let secret_id = browser.text("#new-secret-id").await;
    assert_eq!(secret.len(), 64, "{secret}");
    browser.click("button[data-copy]").await;
    browser.wait_for_text(".copy-status", "已复制", Duration::from_secs(5)).await;
    browser.shot("09-api-key-created").await;
    let token = reqwest::Client::new()
        .post(format!("{}/api/token.php", app.base))
        .basic_auth(&secret_id, Some(&secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("token.php answers");
    assert_eq!(token.status().as_u16(), 200, "the key works");
    browser.goto("/console/api-keys").await;
    assert!(!browser.client.source().await.expect("source").contains(&secret), "the secret is never shown again");
    browser.click("tr[data-key] form button").await;
    assert!(browser.client.get_alert_text().await.expect("a confirmation").contains("CRM 同步"));
    browser.client.accept_alert().await.expect("confirm");
    browser.wait_for_path("/console/api-keys?notice=revoked").await;
    assert!(browser.client.find(Locator::Css("tr[data-key]")).await.is_err());
    browser.shot("10-api-keys").await;
    let refused = reqwest::Client::new()
        .post(format!("{}/api/token.php", app.base))
        .basic_auth(&secret_id, Some(&secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("token.php answers");
    assert_eq!(refused.status().as_u16(), 401, "a revoked key gets no token");

    browser.goto("/console/groups").await;
    browser.shot("11-groups").await;
    browser.goto("/console/agents").await;
    browser.shot("14-agents-after").await;

    // A phone-sized screen; an agent's own week.
    browser.client.set_window_size(390, 844).await.expect("phone size");
    browser.goto("/console/agents").await;
    browser.shot("12-agents-phone").await;
    browser.click("header form button").await;
    browser.wait_for_path("/console/login").await;
    browser.fill("#f-account", &login).await;
    browser.fill("#f-password", AGENT_PASSWORD).await;
    browser.click("form.stack button[type=submit]").await;
    browser.wait_for_path(&format!("/console/agents/{id}")).await;
    // "Tomorrow" is in next week when today is a Sunday in the company's zone: open the week
    // that holds the shift rather than the current one.
    browser.goto(&format!("/console/schedules?week={day}")).await;
    let week = browser.text(&format!("ol.day-list li[data-date='{day}']")).await;
    assert!(week.contains("早班"), "{week}");
    browser.shot("13-my-schedule-phone").await;
    browser.goto("/console/presence?plate=2").await;
    assert_eq!(browser.text(&format!("tr[data-sid='{id}'] [data-cell='state'] .state")).await, "在线");
    assert!(
        browser.client.find(Locator::Css(&format!("tr[data-sid='{}']", colleague.id))).await.is_err(),
        "only its own row"
    );
    browser.shot("15-my-status-phone").await;
    browser.no_alert().await;
}
