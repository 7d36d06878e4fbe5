//! The OAuth2 token endpoint, as the developer guide documents it: `POST /api/token.php`
//! (alias `POST /api/v1/getToken.json`), client credentials by Basic Auth
//! (`SecretID:secret`) or `client_id`/`client_secret` form fields, body
//! `grant_type=client_credentials` as multipart or urlencoded form. Errors follow RFC 6749
//! §5.2 with the hosted service's texts (those of the PHP OAuth2 server it runs).

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, PRAGMA};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use kefu_api::{AccessToken, ErrorCode};
use kefu_domain::api_key::{hash_secret, looks_like_secret_id, new_access_token};
use kefu_domain::limits::MAX_TOKEN_REQUEST_BYTES;
use kefu_domain::time::now_micros;
use subtle::ConstantTimeEq;

use crate::api::openapi::ApiRouter;
use crate::http::audit::AuditSlot;
use crate::http::client_address::ClientAddress;
use crate::http::error::OAuthRefusal as Refusal;
use crate::http::sign_in_log::Credential;
use crate::state::AppState;

pub fn routes() -> ApiRouter {
    // Other methods answer the OAuth2 server's invalid_request rather than a 405.
    let post_only = |router: axum::routing::MethodRouter<AppState>| {
        router.fallback(wrong_method).layer(DefaultBodyLimit::max(MAX_TOKEN_REQUEST_BYTES))
    };
    ApiRouter::new()
        .routes(utoipa_axum::router::UtoipaMethodRouterExt::map(utoipa_axum::routes!(token), post_only))
        .routes(utoipa_axum::router::UtoipaMethodRouterExt::map(utoipa_axum::routes!(get_token), post_only))
}

/// The answer to any method but POST, in the OAuth2 server's words.
async fn wrong_method() -> Refusal {
    Refusal {
        uri: Some("http://tools.ietf.org/html/rfc6749#section-3.2"),
        ..Refusal::described(
            ErrorCode::OAuthInvalidRequest,
            "The request method must be POST when requesting an access token",
        )
    }
}

/// The OAuth2 token endpoint (client credentials), as the developer guide documents it.
/// Other methods answer 400 `invalid_request`.
#[utoipa::path(
    post,
    path = "/api/token.php",
    tag = "api keys",
    operation_id = "token",
    security((), ("basic" = [])),
    request_body(
        description = "`grant_type=client_credentials`; the client's credentials in a Basic header (`SecretID:secret`) or as `client_id` / `client_secret`",
        content(
            (kefu_api::TokenRequest = "application/x-www-form-urlencoded"),
            (kefu_api::TokenRequest = "multipart/form-data"),
        ),
    ),
    responses(
        (status = 200, description = "An access token", body = kefu_api::AccessToken,
            headers(("Cache-Control" = String, description = "`no-store`"))),
        (status = 400, description = "`invalid_request`, `unsupported_grant_type`, or `invalid_client` when no credentials were sent", body = kefu_api::OAuthError),
        (status = 401, description = "`invalid_client`: unknown or revoked SecretID, or a wrong secret", body = kefu_api::OAuthError,
            headers(("WWW-Authenticate" = String))),
        (status = 413, description = "The form is larger than 16 KiB", body = kefu_api::OAuthError),
        (status = 429, description = "`temporarily_unavailable`: too many failed attempts", body = kefu_api::OAuthError,
            headers(("Retry-After" = i64))),
        (status = 503, description = "`temporarily_unavailable`", body = kefu_api::OAuthError),
    )
)]
async fn token(state: State<AppState>, request: Request) -> Result<Response, Refusal> {
    issue(state, request).await
}

/// The token endpoint's alias, `POST /api/v1/getToken.json`: the same in every respect.
#[utoipa::path(
    post,
    path = "/api/v1/getToken.json",
    tag = "api keys",
    operation_id = "get_token",
    security((), ("basic" = [])),
    request_body(
        description = "As `POST /api/token.php`",
        content(
            (kefu_api::TokenRequest = "application/x-www-form-urlencoded"),
            (kefu_api::TokenRequest = "multipart/form-data"),
        ),
    ),
    responses(
        (status = 200, description = "An access token", body = kefu_api::AccessToken),
        (status = 400, description = "As `POST /api/token.php`", body = kefu_api::OAuthError),
        (status = 401, description = "As `POST /api/token.php`", body = kefu_api::OAuthError),
        (status = 413, description = "As `POST /api/token.php`", body = kefu_api::OAuthError),
        (status = 429, description = "As `POST /api/token.php`", body = kefu_api::OAuthError),
        (status = 503, description = "As `POST /api/token.php`", body = kefu_api::OAuthError),
    )
)]
async fn get_token(state: State<AppState>, request: Request) -> Result<Response, Refusal> {
    issue(state, request).await
}

async fn issue(State(state): State<AppState>, request: Request) -> Result<Response, Refusal> {
    let basic = request.headers().get(AUTHORIZATION).map(|v| v.to_str().unwrap_or("").to_owned());
    let audit = request.extensions().get::<AuditSlot>().cloned();
    let address = ClientAddress::of(request.extensions());
    let form = read_form(&state, request).await?;

    let grant_type = form.get("grant_type").map(String::as_str).unwrap_or("");
    if grant_type.is_empty() {
        return Err(Refusal::new(ErrorCode::OAuthInvalidRequest));
    }
    if grant_type != "client_credentials" {
        return Err(Refusal::described(
            ErrorCode::OAuthUnsupportedGrantType,
            format!("Grant type \"{grant_type}\" not supported"),
        ));
    }
    let (secret_id, secret) = client_credentials(basic.as_deref(), &form).inspect_err(|refusal| {
        if refusal.code == ErrorCode::OAuthInvalidClient {
            state.auth().failed(None, address);
            state.auth().sign_ins().failed(Credential::ClientSecret, None, address, "malformed client credentials");
        }
    })?;
    // Failed token requests count toward the same throttle as failed Basic sign-ins.
    let client = format!("client:{secret_id}");
    if let Err(refused) = state.auth().throttled(Some(&client), address) {
        let seconds = refused.retry_after.unwrap_or(1);
        state.auth().sign_ins().refused(Credential::ClientSecret, Some(&secret_id), address, seconds);
        return Err(Refusal {
            retry_after: Some(seconds),
            ..Refusal::described(ErrorCode::OAuthThrottled, format!("Too many failed attempts; retry in {seconds} s"))
        });
    }
    // A SecretID kefu cannot have issued (a NUL byte, say) is looked up nowhere.
    let key = if looks_like_secret_id(&secret_id) {
        state.store().api_key_by_secret_id(&secret_id).await.map_err(unavailable)?
    } else {
        None
    };
    let valid = key.filter(|(_, hash)| bool::from(hash_secret(&secret).as_bytes().ct_eq(hash.as_bytes())));
    let Some((key, _)) = valid else {
        state.auth().failed(Some(&client), address);
        state.auth().sign_ins().failed(
            Credential::ClientSecret,
            Some(&secret_id),
            address,
            "unknown SecretID or wrong secret",
        );
        return Err(Refusal::new(ErrorCode::OAuthInvalidClient));
    };
    state.auth().succeeded(&client, address);

    if let Some(audit) = audit {
        audit.set(key.tenant_id, key.owner_id);
    }
    let token = new_access_token();
    let now = now_micros();
    let ttl = state.token_ttl();
    let expires_at = now.saturating_add(i64::try_from(ttl.as_micros()).unwrap_or(i64::MAX));
    state.store().insert_token(&key, &hash_secret(&token), now, expires_at).await.map_err(unavailable)?;
    let body =
        AccessToken { access_token: token, expires_in: ttl.as_secs(), token_type: "Bearer".to_owned(), scope: None };
    let mut response = Json(body).into_response();
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert(PRAGMA, HeaderValue::from_static("no-cache"));
    Ok(response)
}

fn unavailable(error: kefu_store::StoreError) -> Refusal {
    tracing::warn!(%error, "token endpoint: store error");
    Refusal::new(ErrorCode::OAuthUnavailable)
}

/// The form fields, from `multipart/form-data` (what `curl --form` sends) or
/// `application/x-www-form-urlencoded`.
async fn read_form(state: &AppState, request: Request) -> Result<HashMap<String, String>, Refusal> {
    let too_large = || Refusal::new(ErrorCode::OAuthBodyTooLarge);
    let content_type = request.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let mut form = HashMap::new();
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, state).await.map_err(|e| {
            Refusal::described(ErrorCode::OAuthInvalidRequest, format!("The multipart body is malformed: {e}"))
        })?;
        loop {
            let field = multipart.next_field().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    too_large()
                } else {
                    Refusal::described(ErrorCode::OAuthInvalidRequest, format!("The multipart body is malformed: {e}"))
                }
            })?;
            let Some(field) = field else { break };
            let name = field.name().unwrap_or("").to_owned();
            let value = field.text().await.map_err(|_| too_large())?;
            form.insert(name, value);
        }
    } else {
        let bytes = Bytes::from_request(request, state).await.map_err(|_| too_large())?;
        form.extend(form_urlencoded::parse(&bytes).into_owned());
    }
    Ok(form)
}

/// `Authorization: Basic base64(SecretID:secret)`, else the `client_id` / `client_secret`
/// form fields (RFC 6749 §2.3.1).
fn client_credentials(basic: Option<&str>, form: &HashMap<String, String>) -> Result<(String, String), Refusal> {
    if let Some(header) = basic.filter(|h| !h.is_empty()) {
        let (scheme, encoded) = header.trim().split_once(' ').unwrap_or((header, ""));
        let decoded = scheme
            .eq_ignore_ascii_case("basic")
            .then(|| STANDARD.decode(encoded.trim()).ok())
            .flatten()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        let Some((id, secret)) = decoded.as_deref().and_then(|text| text.split_once(':')) else {
            return Err(Refusal::new(ErrorCode::OAuthInvalidClient));
        };
        if id.is_empty() || secret.is_empty() {
            return Err(Refusal::new(ErrorCode::OAuthInvalidClient));
        }
        return Ok((id.to_owned(), secret.to_owned()));
    }
    match (form.get("client_id"), form.get("client_secret")) {
        (Some(id), Some(secret)) if !id.is_empty() && !secret.is_empty() => Ok((id.clone(), secret.clone())),
        (None, None) => Err(Refusal::new(ErrorCode::OAuthNoClientCredentials)),
        _ => Err(Refusal::new(ErrorCode::OAuthInvalidClient)),
    }
}
