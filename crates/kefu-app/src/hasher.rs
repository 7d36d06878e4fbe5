//! Password hashing and verification: argon2id, deliberately slow, so run off the async
//! threads and bounded, so that a burst of sign-ins or password changes cannot take every
//! thread.

use std::sync::Arc;

use kefu_domain::password::{self, Password};
use tokio::sync::Semaphore;

use crate::AppError;

#[derive(Clone)]
pub struct Hasher {
    /// At most this many hashes or verifications at once.
    permits: Arc<Semaphore>,
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher::new()
    }
}

impl Hasher {
    /// As many at once as the machine has cores (at least two).
    pub fn new() -> Self {
        let parallelism = std::thread::available_parallelism().map_or(2, |n| n.get());
        Hasher { permits: Arc::new(Semaphore::new(parallelism.max(2))) }
    }

    /// Hashes a new password.
    pub async fn hash(&self, password: Password) -> Result<String, AppError> {
        let _permit = self.permits.clone().acquire_owned().await.map_err(|_| AppError::internal())?;
        tokio::task::spawn_blocking(move || password.hash()).await.map_err(|_| AppError::internal())
    }

    /// Whether `password` matches a stored hash.
    pub async fn verify(&self, password: String, hash: String) -> Result<bool, AppError> {
        let _permit = self.permits.clone().acquire_owned().await.map_err(|_| AppError::internal())?;
        tokio::task::spawn_blocking(move || password::verify(&password, &hash)).await.map_err(|_| AppError::internal())
    }
}
