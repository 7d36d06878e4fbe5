//! API key pairs (a kefu extension) and the OAuth2 token endpoint's shapes, which follow
//! RFC 6749 rather than the API's usual envelope.

use serde::{Deserialize, Serialize};

/// An API key pair. `secret` appears once, in the answer that creates it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    #[serde(rename = "secretId")]
    pub secret_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    #[serde(rename = "createDT")]
    pub create_dt: String,
}

/// `{"api_key":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyEnvelope {
    pub api_key: ApiKey,
}

/// `GET /api_keys.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyList {
    pub api_keys: Vec<ApiKey>,
    pub count: u64,
    pub next_page: Option<String>,
    pub previous_page: Option<String>,
}

/// The token endpoint's success: `{"access_token":"<40 hex>","expires_in":3600,"token_type":"Bearer","scope":null}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessToken {
    pub access_token: String,
    pub expires_in: u64,
    pub token_type: String,
    pub scope: Option<String>,
}

/// RFC 6749 §5.2: `{"error":"invalid_client","error_description":"…"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OAuthError {
    pub error: String,
    pub error_description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_uri: Option<String>,
}
