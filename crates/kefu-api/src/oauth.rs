//! API key pairs (a kefu extension) and the OAuth2 token endpoint's shapes, which follow
//! RFC 6749 rather than the API's usual envelope.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An API key pair. `secret` appears once, in the answer that creates it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ApiKey {
    #[schema(pattern = r"^[1-9][0-9]*$", example = "1")]
    pub id: String,
    pub name: String,
    #[serde(rename = "secretId")]
    pub secret_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    #[serde(rename = "createDT")]
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2024-01-31 09:30:00")]
    pub create_dt: String,
}

/// `{"api_key":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ApiKeyEnvelope {
    pub api_key: ApiKey,
}

/// `GET /api_keys.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ApiKeyList {
    pub api_keys: Vec<ApiKey>,
    pub count: u64,
    #[schema(required = true)]
    pub next_page: Option<String>,
    #[schema(required = true)]
    pub previous_page: Option<String>,
}

/// The token endpoint's success: `{"access_token":"<40 hex>","expires_in":3600,"token_type":"Bearer","scope":null}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AccessToken {
    #[schema(pattern = "^[0-9a-f]{40}$")]
    pub access_token: String,
    /// Seconds the token lives.
    #[schema(example = 3600)]
    pub expires_in: u64,
    #[schema(pattern = "^Bearer$", example = "Bearer")]
    pub token_type: String,
    /// Always `null`.
    #[schema(required = true)]
    pub scope: Option<String>,
}

/// RFC 6749 §5.2: `{"error":"invalid_client","error_description":"…"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OAuthError {
    /// `invalid_request`, `invalid_client`, `unsupported_grant_type` or `temporarily_unavailable`.
    #[schema(example = "invalid_client")]
    pub error: String,
    #[schema(example = "The client credentials are invalid")]
    pub error_description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_uri: Option<String>,
}

// ── Requests ─────────────────────────────────────────────────────────────────────────

/// An API key pair's label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyInput {
    #[schema(schema_with = crate::schema::key_name, example = "CRM sync")]
    pub name: String,
}

/// `{"api_key":{"name":"…"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ApiKeyBody {
    pub api_key: ApiKeyInput,
}

/// The token request: `grant_type=client_credentials`, with the client's credentials in a
/// Basic `Authorization` header (`SecretID:secret`) or as `client_id` / `client_secret`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TokenRequest {
    #[schema(example = "client_credentials")]
    pub grant_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

crate::schema::request_shapes!(ApiKeyInput);
