//! The OpenAPI document at `/api/v1/openapi.json`: every route the router serves is in
//! it and nothing else is, it says what the API really answers, and `/docs` shows it with
//! nothing from the internet.
//!
//! The router and the document come from one registry (`kefu_server::openapi::ApiRouter`;
//! a unit test there checks that no route reaches axum any other way). Here, over HTTP:
//! every documented operation is served (never the router's "no route" 404 or a 405), and
//! on every documented path every other method is refused as unrouted.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::Value;

use crate::support::{Reply, Session, TestApp};

pub const DOCUMENT: &str = "/api/v1/openapi.json";

/// `(METHOD, path)` of every operation in a document.
pub fn operations(document: &Value) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("a path item").keys() {
            if ["get", "put", "post", "delete", "patch", "head", "options", "trace"].contains(&method.as_str()) {
                found.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    found
}

/// A documented path with its parameters filled in.
fn concrete(path: &str) -> String {
    path.replace("{id}", "1").replace("{key}", "field_1").replace("{file}", "index.css")
}

async fn fetch(session: &Session) -> Value {
    let reply = session.get(DOCUMENT).await;
    reply.assert_status(200);
    assert!(reply.header("content-type").is_some_and(|t| t.starts_with("application/json")));
    reply.body
}

/// The router's own answers for what it does not serve.
fn unrouted(reply: &Reply) -> bool {
    let message = reply.body["message"].as_str().unwrap_or_default();
    reply.status == 405
        || (reply.status == 404 && (message.starts_with("no route for") || reply.body["errcode"] == "100047"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_served_is_documented_and_nothing_else() {
    let app = TestApp::spawn(kefu_store::Backend::Sqlite).await.expect("SQLite");
    let anonymous = app.anonymous();
    let document = fetch(&anonymous).await;
    assert_eq!(document["openapi"], "3.1.0");

    // What is served is the registry's document, as built in the server.
    let registry = serde_json::to_value(kefu_server::openapi_document()).expect("the document serialises");
    assert_eq!(document, registry, "the served document is the registry's");

    let documented = operations(&document);
    assert!(documented.len() >= 40, "{} operations", documented.len());
    let headers = [("Content-Type", "application/json")];
    for (method, path) in &documented {
        let method = Method::from_bytes(method.as_bytes()).expect("a method");
        let reply = anonymous.send(method.clone(), &concrete(path), Some("{}".into()), &headers).await;
        assert!(!unrouted(&reply), "{method} {path} is documented but not served: {} {}", reply.status, reply.text);
    }

    // Every other method on a documented path is not served.
    let paths: BTreeSet<&String> = documented.iter().map(|(_, path)| path).collect();
    for path in paths {
        for method in ["GET", "POST", "PUT", "DELETE", "PATCH"] {
            if documented.contains(&(method.to_owned(), path.clone())) {
                continue;
            }
            let reply = anonymous
                .send(Method::from_bytes(method.as_bytes()).expect("a method"), &concrete(path), None, &headers)
                .await;
            if path.starts_with("/api/token.php") || path.starts_with("/api/v1/getToken.json") {
                // The OAuth2 server's answer to any method but POST (docs/compat.md).
                reply.assert_status(400);
                assert_eq!(reply.body["error"], "invalid_request", "{method} {path}");
            } else {
                assert_eq!(reply.status, 405, "{method} {path} is served but not documented: {}", reply.text);
            }
        }
    }

    // Paths outside the document are not served.
    for path in ["/api/v1/nothing.json", "/api/v2/supports.json", "/api/v1/supports/1/x.json"] {
        let reply = anonymous.get(path).await;
        assert!(unrouted(&reply), "{path}: {} {}", reply.status, reply.text);
    }
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_describes_the_quirks_and_every_error() {
    let app = TestApp::spawn(kefu_store::Backend::Sqlite).await.expect("SQLite");
    let document = fetch(&app.anonymous()).await;
    let schemas = &document["components"]["schemas"];

    let schemes = &document["components"]["securitySchemes"];
    assert_eq!(schemes["basic"]["scheme"], "basic");
    assert_eq!(schemes["bearer"]["scheme"], "bearer");

    // The agent as the hosted service spells it: `gnder`, numbers as strings.
    let support = &schemas["Support"]["properties"];
    for name in ["sId", "sPassportName", "groupId", "sNum", "gnder", "QQ", "isAdmin", "isStat", "createDT"] {
        assert_eq!(support[name]["type"], "string", "Support.{name}");
    }
    // The search's string count and "" page links; the list's number and nulls.
    assert_eq!(schemas["SupportSearchPage"]["properties"]["count"]["type"], "string");
    assert_eq!(schemas["SupportSearchPage"]["properties"]["next_page"]["type"], "string");
    assert_eq!(schemas["SupportList"]["properties"]["count"]["type"], "integer");
    assert_eq!(schemas["SupportList"]["properties"]["next_page"]["type"], serde_json::json!(["string", "null"]));
    // Coded errors and OAuth2 errors.
    assert_eq!(schemas["ErrorBody"]["properties"]["code"]["pattern"], "^100(11|12|13)$");
    let token = &document["paths"]["/api/token.php"]["post"];
    assert_eq!(
        token["responses"]["401"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/OAuthError"
    );
    assert!(token["requestBody"]["content"]["application/x-www-form-urlencoded"].is_object());

    for (method, path) in operations(&document) {
        let operation = &document["paths"][&path][method.to_lowercase()];
        let responses = operation["responses"].as_object().expect("responses");
        assert!(responses.keys().any(|s| s.starts_with('2') || s.starts_with('3')), "{method} {path}: no success");
        // An operation's own requirement, else the document's (declared once for all).
        let requirement = operation["security"].as_array().or(document["security"].as_array());
        let secured = requirement.is_some_and(|s| s.iter().any(|r| r.get("basic").is_some()));
        let open = path == "/api/token.php" || path == "/api/v1/getToken.json";
        if secured && !open {
            for status in ["401", "429", "503"] {
                assert!(responses.contains_key(status), "{method} {path}: no {status}");
            }
        }
        for (status, response) in responses {
            if status.starts_with('4') || status.starts_with('5') {
                let schema = &response["content"]["application/json"]["schema"]["$ref"];
                assert!(
                    schema == "#/components/schemas/ErrorBody" || schema == "#/components/schemas/OAuthError",
                    "{method} {path} {status}: {schema}"
                );
            }
        }
        // Every `{param}` of the path is declared.
        for segment in path.split('/') {
            if let Some(start) = segment.find('{') {
                let name = &segment[start + 1..segment.find('}').expect("closing brace")];
                let declared = operation["parameters"]
                    .as_array()
                    .is_some_and(|ps| ps.iter().any(|p| p["name"] == name && p["in"] == "path"));
                assert!(declared, "{method} {path}: {name} is not declared");
            }
        }
    }
    app.finish().await;
}

/// `/docs` is Swagger UI, every asset of it served by kefu itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_page_needs_nothing_from_the_internet() {
    let app = TestApp::spawn(kefu_store::Backend::Sqlite).await.expect("SQLite");
    let anonymous = app.anonymous();
    let redirect = anonymous.get("/docs").await;
    redirect.assert_status(303);
    assert_eq!(redirect.header("location"), Some("/docs/"));

    let page = anonymous.get("/docs/").await;
    page.assert_status(200);
    assert!(page.header("content-type").is_some_and(|t| t.starts_with("text/html")));
    assert!(!page.text.contains("http://") && !page.text.contains("https://"), "{}", page.text);
    let mut assets = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        for piece in page.text.split(attribute).skip(1) {
            let link = piece.split('"').next().unwrap_or_default();
            assets.push(link.trim_start_matches("./").to_owned());
        }
    }
    assert!(assets.iter().any(|a| a == "swagger-ui-bundle.js"), "{assets:?}");
    for asset in &assets {
        anonymous.get(&format!("/docs/{asset}")).await.assert_status(200);
    }
    let initializer = anonymous.get("/docs/swagger-initializer.js").await;
    assert!(initializer.text.contains(DOCUMENT), "{}", initializer.text);
    assert!(initializer.text.contains("\"validatorUrl\": \"none\""), "no online validator: {}", initializer.text);
    anonymous.get("/docs/no-such-file.js").await.assert_error(404, "no file");
    app.finish().await;
}
