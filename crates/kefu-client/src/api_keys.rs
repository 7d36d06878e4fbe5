//! API key pairs (a kefu extension, administrators) and the OAuth2 token endpoint
//! (`POST /api/token.php`) that trades a pair for a Bearer token.

use std::fmt::Display;

use kefu_api::{AccessToken, ApiKey, ApiKeyBody, ApiKeyEnvelope, ApiKeyInput, ApiKeyList};
use reqwest::Method;

use crate::error::{Error, decode, redacted};
use crate::{Client, PageQuery, Query, Result};

/// The key-pair endpoints: `client.api_keys()`.
pub struct ApiKeys<'c>(pub(crate) &'c Client);

impl ApiKeys<'_> {
    pub async fn list(&self, page: PageQuery) -> Result<ApiKeyList> {
        self.0.get(self.0.api(&["api_keys.json"]), &page.query()).await
    }

    pub async fn list_all(&self) -> Result<Vec<ApiKey>> {
        let first = self.list(PageQuery::default()).await?;
        self.0.collect_pages(first).await
    }

    /// A new pair; its `secret` is in this answer only.
    pub async fn create(&self, name: &str) -> Result<ApiKey> {
        let body = ApiKeyBody { api_key: ApiKeyInput { name: name.to_owned() } };
        let url = self.0.api(&["api_keys.json"]);
        Ok(self.0.send::<ApiKeyEnvelope>(Method::POST, url, &Query::new(), Some(&body)).await?.api_key)
    }

    /// Revokes the pair: its tokens stop working on the next request.
    pub async fn revoke(&self, id: impl Display) -> Result<ApiKey> {
        let url = self.0.api(&["api_keys", &format!("{id}.json")]);
        Ok(self.0.send::<ApiKeyEnvelope>(Method::DELETE, url, &Query::new(), None::<&()>).await?.api_key)
    }
}

impl Client {
    /// `POST /api/token.php` with `grant_type=client_credentials`, the pair as Basic
    /// credentials. A refusal is an [`Error::OAuth`] (`invalid_client`…).
    pub async fn token(&self, secret_id: &str, secret: &str) -> Result<AccessToken> {
        let url = self.url(&["api", "token.php"]);
        let response = self
            .http
            .post(url.clone())
            .basic_auth(secret_id, Some(secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .map_err(|source| Error::Transport { url: redacted(&url), source })?;
        decode(url, response).await
    }
}
