//! The README's screenshot (docs/console.png): the agent table of a plausible team, not of
//! test data. Written to `target/console-screenshots/readme-console.png` on every run; with
//! `KEFU_UPDATE_README_SCREENSHOT=1` also to `docs/console.png`.

use std::path::PathBuf;

use kefu_server::provision::{self, TenantSpec};
use serde_json::json;

use super::Browser;
use super::team_size::sign_in;
use crate::support::{AGENT_PASSWORD, TestApp};

const ADMIN: (&str, &str) = ("chenjing", "陈静");
const ADMIN_PASSWORD: &str = "Kefu-2026-demo";

/// (login, name, job number, mobile, e-mail, group)
const TEAM: [(&str, &str, &str, &str, &str, &str); 9] = [
    ("zhangwei", "张伟", "KF002", "13812345601", "zhang.wei@huadong-kefu.cn", "售前组"),
    ("wangfang", "王芳", "KF003", "13812345602", "wang.fang@huadong-kefu.cn", "售前组"),
    ("liqiang", "李强", "KF004", "13912345603", "li.qiang@huadong-kefu.cn", "售后组"),
    ("liuyang", "刘洋", "KF005", "13912345604", "liu.yang@huadong-kefu.cn", "售后组"),
    ("chenxi", "陈曦", "KF006", "13712345605", "chen.xi@huadong-kefu.cn", "售后组"),
    ("yangmin", "杨敏", "KF007", "13712345606", "yang.min@huadong-kefu.cn", "VIP 客户组"),
    ("zhaolei", "赵磊", "KF008", "15012345607", "zhao.lei@huadong-kefu.cn", "VIP 客户组"),
    ("huangting", "黄婷", "KF009", "15012345608", "huang.ting@huadong-kefu.cn", "售前组"),
    ("zhoujie", "周杰", "KF010", "18612345609", "zhou.jie@huadong-kefu.cn", "售后组"),
];

pub(super) async fn scenario(app: &TestApp, browser: &Browser) {
    let spec = TenantSpec {
        account: ADMIN.0.to_owned(),
        password: kefu_domain::password::Password::parse(ADMIN_PASSWORD).expect("password"),
        name: Some("华东客服中心".to_owned()),
        time_zone: kefu_domain::time::DEFAULT_TIME_ZONE.to_owned(),
        default_agent_password: kefu_domain::password::Password::parse(AGENT_PASSWORD).ok(),
    };
    let admin = provision::create_tenant(&app.store, &spec).await.expect("a company");
    let session = app.session(ADMIN.0, ADMIN_PASSWORD);
    session
        .put(&format!("/api/v1/supports/{}.json", admin.id), json!({"support": {"name": ADMIN.1, "sNum": "KF001", "mobile": "13812345600", "email": "chen.jing@huadong-kefu.cn"}}))
        .await
        .assert_status(200);
    let mut groups = std::collections::HashMap::new();
    for name in ["售前组", "售后组", "VIP 客户组"] {
        let reply = session.post("/api/v1/supportgroups.json", json!({"supportgroup": {"name": name}})).await;
        reply.assert_status(200);
        groups.insert(name, reply.body["supportgroup"]["groupId"].as_str().expect("groupId").to_owned());
    }
    for (login, name, number, mobile, email, group) in TEAM {
        let support = json!({"sPassportName": login, "name": name, "sNum": number, "mobile": mobile,
                             "email": email, "gnder": if name.ends_with('芳') || name.ends_with('敏') || name.ends_with('婷') || name.ends_with('曦') { "1" } else { "2" },
                             "groupId": groups[group]});
        session.post("/api/v1/supports.json", json!({"support": support})).await.assert_status(200);
    }

    sign_in(browser, ADMIN.0, ADMIN_PASSWORD).await;
    browser.goto("/console/agents").await;
    browser.find("td.name a").await;
    let page = browser.client.source().await.expect("source");
    assert!(page.contains("张伟") && page.contains(ADMIN.1) && !page.contains("agent1"), "a plausible team");
    browser.shot("readme-console").await;
    if std::env::var("KEFU_UPDATE_README_SCREENSHOT").as_deref() == Ok("1") {
        let png = super::screenshot_dir().join("readme-console.png");
        let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/console.png");
        std::fs::copy(&png, &docs).expect("update docs/console.png");
    }
}
