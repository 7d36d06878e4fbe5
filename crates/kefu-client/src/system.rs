//! Health checks: `GET /healthz` (the process answers) and `GET /readyz` (the database
//! too). Neither needs credentials.

use serde::Deserialize;

use crate::{Client, Query, Result};

/// `{"status":"ok"}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Health {
    pub status: String,
}

impl Client {
    pub async fn healthz(&self) -> Result<Health> {
        self.get(self.url(&["healthz"]), &Query::new()).await
    }

    /// A 503 (an [`crate::Error::Api`]) while the database is unavailable or the server is
    /// shutting down.
    pub async fn readyz(&self) -> Result<Health> {
        self.get(self.url(&["readyz"]), &Query::new()).await
    }
}
